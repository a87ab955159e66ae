/*
 * Who wrote a Slack message: the one rule for "is this a bot", used by every read of
 * the timeline so the API and the CLI never disagree.
 */

/** What the store knows about a message's author. */
export interface MessageAuthorFacts {
  /** The Slack account behind the message, when there is one. */
  identityId: number | null;
  /** Slack's `is_bot` for that account. */
  identityIsBot: boolean;
  /** The name the message itself carries (`username` of an integration's post). */
  authorName: string | null;
}

/**
 * True when the message was posted by a bot: a bot account, or a post with a name but
 * no account behind it (an integration posting as "Deploy bot" through a webhook).
 */
export function isBotAuthor(facts: MessageAuthorFacts): boolean {
  return facts.identityIsBot || (facts.identityId === null && facts.authorName !== null);
}
