/*
 * Blame-aware wording hints for a review. Pure: text in, hints out.
 *
 * Each rule is a regular expression that finds a candidate phrase, followed by a check
 * of its surroundings that decides whether it judges people or merely describes. The
 * checks are what keep precision up: "should have" before a noun is a plan ("we should
 * have a runbook"), "failed to" after a system is a fact ("the health check failed to
 * connect"), "clearly shows" is about an artefact, and "no single root cause" is the
 * sentence we want people to write. The rules are tuned on the labelled sentences in
 * `bench/data/blame-hints-sentences.json`; `npm run bench:lint` scores them.
 */

import type { HintCategory, ReviewHint } from "../core/review-hints.js";

export type { HintCategory, ReviewHint } from "../core/review-hints.js";

/** What a rule found, before line and column are worked out. */
interface Finding {
  start: number;
  end: number;
  category: HintCategory;
  message: string;
  suggestion: string;
}

/** Text with code, link targets and markup blanked out (same length, so offsets hold). */
function maskMarkdown(text: string): string {
  const blank = (match: string) => match.replace(/[^\n]/g, " ");
  return text
    .replace(/^( {0,3})(```|~~~)[^\n]*\n[\s\S]*?(?:^ {0,3}\2[^\n]*$|(?![\s\S]))/gm, blank)
    .replace(/`[^`\n]*`/g, blank)
    .replace(/<!--[\s\S]*?-->/g, blank)
    .replace(/\]\([^)\n]*\)/g, (match) => "]" + blank(match.slice(1)))
    .replace(/<\/?[a-zA-Z][^>\n]*>/g, blank)
    .replace(/\bhttps?:\/\/\S+/g, blank);
}

const PARTICIPLES = new Set(
  (
    "been known seen done gone taken caught run made kept told said thought written given found left put set sent " +
    "spent built brought held read shut split understood drawn begun chosen frozen spoken woken broken shown grown " +
    "thrown hit let cut become come got gotten paid felt meant lost stood heard led fed rung struck undone rewritten " +
    "overseen withdrawn ridden driven eaten forgotten hidden mistaken proven shaken stolen sworn torn worn woven"
  ).split(" "),
);

/** Whether a word looks like a past participle ("checked", "caught", "known"). */
function isParticiple(word: string): boolean {
  const lower = word.toLowerCase();
  if (PARTICIPLES.has(lower)) return true;
  return /^[a-z-]{3,}ed$/.test(lower) && lower !== "need" && lower !== "feed" && lower !== "speed" && lower !== "seed";
}

const PERSON_PRONOUNS = new Set(["i", "we", "he", "she", "you", "someone", "somebody", "everyone", "everybody", "anyone", "anybody", "us", "me", "him", "her", "them"]);

const PERSON_NOUNS = new Set(
  (
    "engineer engineers developer developers dev devs operator operators on-call oncall on-caller on-callers oncaller responder " +
    "responders sre sres admin admins administrator administrators person people human humans lead leads manager managers " +
    "reviewer reviewers author authors analyst analysts staff employee employees contractor contractors intern interns hire " +
    "hires team teams colleague colleagues teammate teammates commander ic dba dbas owner owners maintainer maintainers " +
    "approver approvers programmer programmers tester testers architect architects individual individuals member members " +
    "newcomer newcomers coworker coworkers co-worker co-workers volunteer volunteers release-manager"
  ).split(" "),
);

/** Plural things a "they" may stand for; when one is near, "they" is not a person. */
const PLURAL_THINGS =
  /\b(pods|servers|nodes|requests|hosts|instances|workers|jobs|replicas|containers|queries|connections|clients|services|machines|processes|probes|checks|alerts|retries|shards|brokers|consumers|tasks|builds|deploys|deployments|caches|disks|volumes|clusters|databases|endpoints|functions|lambdas|calls|writes|reads|messages|events|hooks|scripts|tests|runners|agents|daemons|proxies|routers|switches|links|certificates|tokens|keys|records|batches|migrations|flags|rules|limits|timeouts|pools)\b/i;

/** Capitalised words that are systems, products or common nouns, not people's names. */
const NOT_NAMES = new Set(
  (
    "the a an this that these those it its our their kubernetes k8s postgres postgresql redis kafka argocd argo terraform nginx " +
    "envoy github gitlab jenkins consul vault aws gcp azure cloudflare elasticsearch opensearch mysql docker helm prometheus " +
    "grafana pagerduty slack datadog linux windows chrome firefox safari android ios java python node go rust ruby rails django " +
    "spring celery sidekiq airflow spark hadoop cassandra mongodb mongo dynamodb memcached haproxy istio linkerd etcd zookeeper " +
    "rabbitmq sqs sns lambda cloudfront route53 bgp dns cdn api ci cd production staging monitoring alerting paging traffic " +
    "deploy deployment release rollout rollback config configuration database cluster service system platform pipeline " +
    "nobody everyone someone customers users support sales finance legal security ops devops infra infrastructure" +
    " monday tuesday wednesday thursday friday saturday sunday january february march april may june july august september" +
    " october november december then later after before during when while once later eventually finally initially however" +
    " meanwhile nothing none each every both all some many most few several one two three"
  ).split(" "),
);

/** Words skipped when looking back for a verb's subject. */
const SUBJECT_FILLER = new Set(
  (
    "also then just again never still initially repeatedly simply unfortunately apparently eventually later first " +
    "had has have was were did does do is are be been had already clearly obviously completely entirely really " +
    "probably actually ultimately also accidentally mistakenly inadvertently unknowingly"
  ).split(" "),
);

const CLAUSE_BREAK = /(?:[.!?;:()\n]|,\s|\s[-–—]\s|\b(?:and|but|because|when|so|after|while|although|since|which|that|until|before|once|if|as|where|who)\b)/gi;

/** The words of the clause that ends at `index`, most recent last. */
function clauseWordsBefore(masked: string, index: number, maxChars = 120): string[] {
  const from = Math.max(0, index - maxChars);
  const window = masked.slice(from, index);
  let cut = 0;
  for (const match of window.matchAll(CLAUSE_BREAK)) {
    // "who" starts a relative clause whose subject is the noun before it.
    if (match[0].toLowerCase() === "who") continue;
    cut = (match.index ?? 0) + match[0].length;
  }
  return window
    .slice(cut)
    .split(/\s+/)
    .map((word) => word.replace(/^[^\w@'-]+|[^\w'-]+$/g, ""))
    .filter((word) => word.length > 0);
}

/** Whether one word names a person: a pronoun, a role, a @handle or a name. */
function isPersonWord(word: string, sentenceBefore: string): boolean {
  const lower = word.toLowerCase().replace(/'s$/, "");
  if (lower === "they" || lower === "their") return !PLURAL_THINGS.test(sentenceBefore);
  if (PERSON_PRONOUNS.has(lower) || PERSON_NOUNS.has(lower)) return true;
  if (/^@[\w.-]+$/.test(word)) return true;
  return isNameLike(word);
}

/** A capitalised word that is not a known system or common word: "Priya", "Sam". */
function isNameLike(word: string): boolean {
  const bare = word.replace(/'s$/, "");
  if (!/^[A-Z][a-z]+$/.test(bare)) return false;
  const lower = bare.toLowerCase();
  if (NOT_NAMES.has(lower)) return false;
  return !/(ing|tion|sion|ment|ity|ness|ure|ics|ism|ance|ence)$/.test(lower);
}

/** Whether the subject of the verb at `index` is a person ("Sam", "the on-call engineer", "we"). */
function personSubjectBefore(masked: string, index: number): boolean {
  const words = clauseWordsBefore(masked, index).filter((word) => !SUBJECT_FILLER.has(word.toLowerCase()));
  const head = words[words.length - 1];
  if (head === undefined) return false;
  const sentenceBefore = sentenceBeforeText(masked, index);
  if (isPersonWord(head, sentenceBefore)) return true;
  // "Sam Lee failed to", "@sam and I forgot" reduce to the last word; a title before a
  // name ("engineer Sam") is caught by the name itself.
  return false;
}

/** The current sentence up to `index`. */
function sentenceBeforeText(masked: string, index: number): string {
  const from = Math.max(0, index - 300);
  const window = masked.slice(from, index);
  const breakAt = Math.max(window.lastIndexOf(". "), window.lastIndexOf("\n"), window.lastIndexOf("! "), window.lastIndexOf("? "));
  return breakAt < 0 ? window : window.slice(breakAt + 1);
}

/** The current sentence from `index` on. */
function sentenceAfterText(masked: string, index: number): string {
  const window = masked.slice(index, index + 300);
  const match = /[.!?](?:\s|$)|\n/.exec(window);
  return match ? window.slice(0, match.index + 1) : window;
}

/** Whether a negation sits within the few words before `index` ("no single root cause"). */
function negatedBefore(masked: string, index: number, words = 4): boolean {
  const before = clauseWordsBefore(masked, index, 60).slice(-words).join(" ").toLowerCase();
  return /\b(no|not|never|without|nor|nothing|isn't|wasn't|aren't|weren't|don't|didn't|doesn't|rather than|instead of|than|beyond|avoid|avoids|avoiding|against)\b|n't\b/.test(before);
}

/** The words right after `index`. */
function wordsAfter(masked: string, index: number, count: number): string[] {
  return masked
    .slice(index, index + 80)
    .split(/\s+/)
    .map((word) => word.replace(/^[^\w'-]+|[^\w'-]+$/g, ""))
    .filter((word) => word.length > 0)
    .slice(0, count);
}

const MODAL_ADVERBS = "(?:(?:just|simply|easily|immediately|already|also|really|probably|never|first|then|quickly|obviously|clearly|at least|perhaps|maybe|definitely|certainly|surely)\\s+)*";

/** A rule: a pattern and a check of the surroundings of each match. */
interface Rule {
  category: HintCategory;
  pattern: RegExp;
  /** Accepts the match (returning the span to report) or rejects it (returning null). */
  accept: (match: RegExpExecArray, masked: string) => { start: number; end: number } | null;
  message: string;
  suggestion: string;
}

const whole = (match: RegExpExecArray) => ({ start: match.index, end: match.index + match[0].length });

const COMPARATIVE_OUTCOME = /^(worse|much|far|even|larger|bigger|higher|longer|greater|more|significantly|considerably|a lot|lot|less|smaller|shorter)$/i;
const SPECULATION_AFTER_BEEN = /^(caused|due|related|a|an|the|part|one|some|another|triggered|linked|connected|involved|from|because)$/i;

const RULES: Rule[] = [
  {
    category: "counterfactual",
    pattern: new RegExp(`\\b(should|could|would|ought to)(?:n't|\\s+not|\\s+never)?\\s+${MODAL_ADVERBS}(?:have|'ve)\\s+${MODAL_ADVERBS}([A-Za-z-]+)|\\b(should|could|would)'ve\\s+${MODAL_ADVERBS}([A-Za-z-]+)`, "gi"),
    accept(match, masked) {
      const verb = match[2] ?? match[4] ?? "";
      if (!isParticiple(verb)) return null;
      const end = match.index + match[0].length;
      const next = wordsAfter(masked, end, 2);
      if (verb.toLowerCase() === "been") {
        const after = next[0] ?? "";
        if (COMPARATIVE_OUTCOME.test(after)) return null;
        if (/^(could|would)$/i.test(match[1] ?? match[3] ?? "") && SPECULATION_AFTER_BEEN.test(after)) return null;
      }
      const before = clauseWordsBefore(masked, match.index).join(" ").toLowerCase();
      if (/\b(no one|nobody|noone|none of us|no engineer|no responder)\b/.test(before)) return null;
      // A question is how an analyst asks what would have helped: the method, not a verdict.
      if (/^(what|how|which|who)\b/.test(before) && sentenceAfterText(masked, match.index).trim().endsWith("?")) return null;
      return whole(match);
    },
    message: "This describes a path that was not taken. It measures people against what we know now and says nothing about why the choices made sense at the time.",
    suggestion: "Say what happened and what people knew, saw or expected at that moment, e.g. \"the alert did not page because…\", \"at that point the dashboard showed…\".",
  },
  {
    category: "counterfactual",
    pattern: /\bif only\b/gi,
    accept: whole,
    message: "\"If only\" wishes for a different past instead of explaining the one we had.",
    suggestion: "Describe the condition that was actually present and what it made likely.",
  },
  {
    category: "counterfactual",
    pattern: /(?:^|[.!?]\s+|\n\s*|[-*]\s+)((?:but\s+|and\s+)?had\s+(?:not\s+)?(?:[\w'@-]+\s*){1,5})/gim,
    accept(match, masked) {
      const phrase = match[1] ?? "";
      if (/^(?:but\s+|and\s+)?had\s+(to|a|an|been|already|no|some|two|three|several|many|little|more|less|enough)\b/i.test(phrase)) return null;
      const start = match.index + match[0].length - phrase.length;
      const words = [...phrase.matchAll(/[\w'@-]+/g)];
      const firstWord = words.findIndex((word) => word[0].toLowerCase() === "had") + 1;
      const verb = words.slice(firstWord + 1).find((word) => isParticiple(word[0]));
      if (!verb) return null;
      const end = start + (verb.index ?? 0) + verb[0].length;
      const rest = sentenceAfterText(masked, end);
      if (!rest.includes(",") && !/\b(would|could|might)\b/i.test(rest)) return null;
      return { start, end };
    },
    message: "An inverted \"had they…\" imagines a different past and judges the real one by it.",
    suggestion: "State what was done and what the people doing it could see, then what followed.",
  },
  {
    category: "counterfactual",
    pattern: /\bif\s+((?:[\w'@-]+\s+){1,4}?)had(?:n't|\s+not)?\s+(?:just\s+|only\s+|simply\s+)?([A-Za-z-]+)/gi,
    accept(match, masked) {
      if (!isParticiple(match[2] ?? "")) return null;
      const before = clauseWordsBefore(masked, match.index, 40).slice(-2).join(" ").toLowerCase();
      if (/\b(check|checked|checking|see|saw|know|knew|ask|asked|asking|wonder|wondered|confirm|confirmed|verify|verified|unclear|sure|tell|told|determine|find out|looked|look|to)$/.test(before)) return null;
      const rest = sentenceAfterText(masked, match.index + match[0].length);
      if (!/\b(would|could|might)\b/i.test(rest) && !/^[^.]*,/.test(rest)) return null;
      return whole(match);
    },
    message: "This sets the real events against an imagined better version of them. It tells the reader what to regret, not what was going on.",
    suggestion: "Describe the actual conditions and how they shaped what happened next.",
  },
  {
    category: "counterfactual",
    pattern: /\bsupposed to have\b/gi,
    accept: whole,
    message: "This judges what happened against an expectation set afterwards.",
    suggestion: "Say what the procedure or design said, and what people actually faced when they got there.",
  },
  {
    category: "hindsight",
    pattern: /\b(obviously|clearly|evidently|plainly|of course)\b/gi,
    accept(match, masked) {
      const next = (wordsAfter(masked, match.index + match[0].length, 1)[0] ?? "").toLowerCase();
      if (/^(show|shows|showed|shown|showing|indicate|indicates|indicated|indicating|visible|labelled|labeled|marked|documented|defined|stated|written|displayed|displays|display|separated|separate|readable|legible|explained|communicated|describes|described|distinguish|distinguishes|identified|identifiable|separates|states|outlined|reflected|reflects|mark|marks|list|lists|listed|record|records|recorded|points|pointed)$/.test(next)) return null;
      const before = clauseWordsBefore(masked, match.index, 60);
      const prev = (before[before.length - 1] ?? "").toLowerCase();
      if (/^(communicate|communicated|communicating|explain|explained|explaining|label|labelled|labeled|write|written|wrote|documented|stated|state|mark|marked|see|saw|seen|visible|more|less|as|speak|spoke|described|describe|show|shows|showed|defined|define|think|thinking|thought|not|isn't|wasn't|weren't|aren't|very|reads|read)$/.test(prev)) return null;
      return whole(match);
    },
    message: "Calling something obvious or clear uses what we know now. At the time it was one signal among many, and the review should show why it did not stand out.",
    suggestion: "Drop the adverb and describe what people were looking at and what competed for their attention.",
  },
  {
    category: "hindsight",
    pattern: /\bobvious\b/gi,
    accept(match, masked) {
      const before = clauseWordsBefore(masked, match.index, 60).slice(-3).join(" ").toLowerCase();
      if (/\b(not|no|never|wasn't|isn't|weren't|aren't|anything but|far from|less|non|un|became|become|becomes|becoming|only)\b|n't\b/.test(before)) return null;
      return whole(match);
    },
    message: "\"Obvious\" is a judgement made after the outcome is known; it hides why the people there did not see it that way.",
    suggestion: "Say what made the signal hard or easy to notice at the time, e.g. \"the error was one line among thousands\".",
  },
  {
    category: "hindsight",
    pattern: /\bsimply\b/gi,
    accept(match, masked) {
      const before = clauseWordsBefore(masked, match.index, 80);
      const prev = (before[before.length - 1] ?? "").toLowerCase();
      if (prev === "put" || prev === "quite") return null;
      if (/^(could|should|would|can|might|must|to|had|have|they|he|she|we|you|someone|anyone|engineer|operator|on-call|responder)$/.test(prev)) return whole(match);
      const next = (wordsAfter(masked, match.index + match[0].length, 1)[0] ?? "").toLowerCase();
      if (/^(forgot|ignored|missed|skipped|overlooked|didn't|neglected|failed|assumed|chose|decided|needed|had)$/.test(next) && personSubjectBefore(masked, match.index)) return whole(match);
      if (/\b(was|is|would be|would have been)$/.test(before.slice(-3).join(" ").toLowerCase()) && /^(a|to)$/.test(next)) return whole(match);
      return null;
    },
    message: "\"Simply\" suggests the right move was easy, which is only clear once the outcome is known.",
    suggestion: "Describe what the action would have involved at the time: what people needed to know, see or decide first.",
  },
  {
    category: "hindsight",
    pattern: /\ball\s+(?:they|he|she|you|we|someone|anyone|the\s+[\w-]+)\s+(?:had|needed|have|need)\s+to\s+do\s+(?:was|is)\b|\b(?:the\s+)?(?:warning\s+)?(?:signs|red flags)\s+were\s+(?:all\s+)?there\b|\banyone\s+(?:[\w-]+\s+){0,4}?(?:could|would)\s+(?:have\s+)?(?:seen|noticed|known|spotted|see|notice|tell)\b/gi,
    accept: whole,
    message: "This treats the way out as plain, which it only became after the fact.",
    suggestion: "Describe what the signals looked like among everything else people were handling then.",
  },
  {
    category: "blame",
    pattern: /\b(human|operator|pilot|user|engineer|personnel)\s+(error|errors|mistake|mistakes|failure|fault)\b/gi,
    accept(match, masked) {
      if (negatedBefore(masked, match.index, 3)) return null;
      const before = clauseWordsBefore(masked, match.index, 40).slice(-2).join(" ").toLowerCase();
      if (/\b(call|calling|called|label|labelling|labeling|labelled|labeled|stop at|stopping at|blame|word|words|phrase|term)\b/.test(before)) return null;
      const quoteBefore = masked[match.index - 1];
      if (quoteBefore === "\"" || quoteBefore === "“" || quoteBefore === "'") return null;
      return whole(match);
    },
    message: "\"Human error\" ends the inquiry where it should begin: it names who, not why the action made sense or what let it cause harm.",
    suggestion: "Describe the action, the context that made it reasonable, and the conditions that let it have the effect it had.",
  },
  {
    category: "blame",
    pattern: /\b(careless(?:ly|ness)?|negligen(?:t|ce|tly)|sloppy|sloppiness|lazy|laziness|incompeten(?:t|ce)|reckless(?:ly|ness)?|inattentive|inattention|complacen(?:t|cy)|fat[- ]finger(?:ed|ing|s)?|dropped the ball|(?:not|wasn't|weren't)\s+paying attention|should have known better|(?:poor|bad)\s+judge?ment|rookie mistake|lack of (?:care|attention|diligence|discipline|rigou?r|ownership))\b/gi,
    accept(match, masked) {
      if (negatedBefore(masked, match.index, 2) && !/paying attention/i.test(match[0])) return null;
      return whole(match);
    },
    message: "This judges a person's character or effort instead of explaining the situation they were in. Readers learn whom to blame, not what to change.",
    suggestion: "Describe what the person was doing, what they knew and what the tools showed them, and what made the slip possible.",
  },
  {
    category: "blame",
    pattern: /\b(?:(?:his|her|their|our|my|your)\s+fault|[A-Z][a-z]+'s\s+fault|(?:is|was|were|are)\s+(?:to\s+blame|at\s+fault)|blamed\s+(?:on\s+)?|(?:put|place|placed|lay|laid)\s+the\s+blame|blame\s+(?:lies|lay|falls|fell|rests)|(?:we|they|i|he|she)\s+blame)\b/g,
    accept(match, masked) {
      if (negatedBefore(masked, match.index, 3)) return null;
      const before = clauseWordsBefore(masked, match.index, 40).join(" ").toLowerCase();
      if (/\b(no one|nobody|no individual|no person|none of us)\b/.test(before)) return null;
      return { start: match.index, end: match.index + match[0].trimEnd().length };
    },
    message: "Assigning fault stops the review at a person. People stop telling the whole story when they expect to be blamed for it.",
    suggestion: "Describe the conditions, pressures and signals that shaped the action, and what could make the same action safe next time.",
  },
  {
    category: "blame",
    pattern: /\b(failed to|forgot to|forgot|neglected to|neglected|omitted to|didn't bother to|did not bother to|ignored|overlooked|missed|disregarded|skipped)\b/gi,
    accept(match, masked) {
      if (!personSubjectBefore(masked, match.index)) return null;
      const word = match[0].toLowerCase();
      const next = wordsAfter(masked, match.index + match[0].length, 3).map((w) => w.toLowerCase());
      if (word === "missed" || word === "skipped") {
        // "we missed our SLO", "we skipped a step" only judge when a signal or step was passed over.
        if (!next.some((w) => /^(alert|alerts|page|pages|warning|warnings|signs|sign|step|steps|check|checks|notification|notifications|message|messages|error|errors|review|the|a|that|it|this)$/.test(w))) return null;
        if (next[0] === "the" && /^(deadline|train|window|slo|sla|target|meeting|bus|call)$/.test(next[1] ?? "")) return null;
      }
      if (word === "forgot" && /^(about|that)$/.test(next[0] ?? "") === false && next.length === 0) return null;
      return whole(match);
    },
    message: "With a person as its subject this records a shortfall, not an explanation. It invites the question \"why didn't they?\" and leaves it unanswered.",
    suggestion: "Say what happened and why it made sense, e.g. \"the runbook step was not run; it is listed after the restart, which had already fixed the symptom\".",
  },
  {
    category: "blame",
    pattern: /\b(?:ignored|missed|overlooked|disregarded|skipped|forgotten)\s+by\s+(?:the\s+|an?\s+|our\s+|their\s+)?[\w@'-]+/gi,
    accept(match, masked) {
      const last = match[0].split(/\s+/).pop() ?? "";
      return isPersonWord(last, sentenceBeforeText(masked, match.index)) ? whole(match) : null;
    },
    message: "This names a person as the one who let the signal pass. It records a shortfall, not why the signal did not stand out.",
    suggestion: "Describe how the signal reached people (or didn't), and what else was in front of them.",
  },
  {
    category: "blame",
    pattern: /\b(?:made|make|makes|making)\s+(?:a|an|the|this|that|one|several|some|two|three|many|multiple|another)?\s*(?:\w+\s+)?(?:mistakes?|errors?)\b|\b(?:(?:his|her|their|our|my|your)|[A-Z][a-z]+'s|(?:engineer|operator|developer|on-call|oncall|responder|reviewer|author|admin|person)'s)\s+(?:\w+\s+)?(?:mistakes?|errors?)\b|\b(?:mistakes?|errors?)\s+(?:by|of|from)\s+(?:the\s+|an?\s+|our\s+)?[\w@-]+|\bmistakenly\b/g,
    accept(match, masked) {
      const text = match[0];
      if (/^mistakenly$/i.test(text)) return personSubjectBefore(masked, match.index) ? whole(match) : null;
      if (/\s(by|of|from)\s/i.test(text)) {
        const last = text.split(/\s+/).pop() ?? "";
        return isPersonWord(last, sentenceBeforeText(masked, match.index)) ? whole(match) : null;
      }
      if (/^mak/i.test(text) && !personSubjectBefore(masked, match.index)) {
        // "made a mistake" with no subject in view still points at someone: flag it.
        const words = clauseWordsBefore(masked, match.index).filter((word) => !SUBJECT_FILLER.has(word.toLowerCase()));
        if (words.length > 0) return null;
      }
      if (negatedBefore(masked, match.index, 2)) return null;
      return whole(match);
    },
    message: "Calling an action a person's mistake closes the question of why it seemed right and why the system let it through.",
    suggestion: "Describe the action and what made it look correct at the time, and what would have caught it.",
  },
  {
    category: "root-cause",
    pattern: /\broot[- ]?caus(?:e|es|ed|ing)\b|\bRCA\b|\bthe\s+(?:real|true|actual|sole|single|only|ultimate|underlying|primary|main|one|fundamental)\s+cause\b|\b(?:a|the)\s+single\s+cause\b|\bcaused\s+(?:solely|entirely|only|purely|simply)\s+by\b|\bthe\s+culprit\b|\bthe\s+cause\s+(?:of\s+(?:the|this|that)\s+(?:incident|outage|failure|issue|problem|degradation|event|downtime|disruption)\s+)?(?:was|is)\b/gi,
    accept(match, masked) {
      if (/^rca$/i.test(match[0]) && match[0] !== "RCA") return null;
      if (negatedBefore(masked, match.index, 4)) return null;
      const before = clauseWordsBefore(masked, match.index, 60).slice(-3).join(" ").toLowerCase();
      if (/\b(no|not|any|one of the|of several)$/.test(before)) return null;
      if (/\b(search|searching|hunt|hunting|looking|look|quest) for\b/i.test(clauseWordsBefore(masked, match.index, 80).join(" "))) return null;
      return whole(match);
    },
    message: "Naming one root cause suggests a single fix would have prevented the incident. Incidents come from several contributing conditions that only did harm together.",
    suggestion: "List the contributors and enablers, and how they combined, e.g. \"contributors: the shorter timeout, the retry behaviour and the load from ingestion\".",
  },
  {
    category: "person-as-cause",
    pattern: /\b(caused|broke|took\s+down|brought\s+down|knocked\s+(?:over|out)|crashed|triggered|started|introduced|created)\b/gi,
    accept(match, masked) {
      if (!personSubjectBefore(masked, match.index)) return null;
      const verb = match[0].toLowerCase().replace(/\s+/g, " ");
      const next = wordsAfter(masked, match.index + match[0].length, 3).map((w) => w.toLowerCase());
      const object = next[0] === "the" || next[0] === "this" || next[0] === "an" || next[0] === "a" ? next[1] : next[0];
      const failure = /^(outage|incident|failure|problem|issue|downtime|bug|regression|degradation|breakage|disruption|errors|error|crash|crashes|incidents|outages|this|it)$/.test(object ?? "");
      if (verb === "caused" || verb === "broke") {
        if (verb === "broke" && /^(down|up|out|into|off|the news|ground)$/.test(next[0] ?? "")) return null;
        return whole(match);
      }
      if (/^(took down|brought down|knocked over|knocked out|crashed)$/.test(verb)) return whole(match);
      return failure ? whole(match) : null;
    },
    message: "This makes a person the agent of the failure. A person's action only did harm because the system let it; that is the part worth explaining.",
    suggestion: "Make the action and the conditions the subject, e.g. \"the migration, run while replication was lagging, locked the table\".",
  },
  {
    category: "person-as-cause",
    pattern: /\b(?:caused|broken|started|introduced|created)\s+by\s+(?:the\s+|an?\s+|one\s+|our\s+|their\s+|another\s+|two\s+)?(?:(?:new|junior|senior|same|other|single|inexperienced|tired|exhausted)\s+)*[\w@'-]+/gi,
    accept(match, masked) {
      const last = match[0].split(/\s+/).pop() ?? "";
      if (last.endsWith("'s")) return null;
      if (!isPersonWord(last, sentenceBeforeText(masked, match.index))) return null;
      const verb = match[0].split(/\s+/)[0]?.toLowerCase();
      if (verb !== "caused" && verb !== "broken") {
        const subject = sentenceBeforeText(masked, match.index).toLowerCase();
        if (!/\b(outage|incident|failure|problem|issue|downtime|bug|regression|degradation|breakage|disruption)\b/.test(subject)) return null;
      }
      const next = (wordsAfter(masked, match.index + match[0].length, 1)[0] ?? "").toLowerCase();
      if (/ing$/.test(next) && verb !== "caused") return null;
      return whole(match);
    },
    message: "This makes a person the cause. What they did mattered because of the conditions around it, and those are what the organisation can change.",
    suggestion: "Name the action and the conditions that let it do harm, e.g. \"caused by a config change that skipped validation\".",
  },
  {
    category: "person-as-cause",
    pattern: /\b(?:because\s+of|due\s+to|thanks\s+to|the\s+fault\s+of)\s+(?:the\s+|an?\s+|one\s+|our\s+|their\s+|another\s+)?(?:(?:new|junior|senior|same|other|inexperienced)\s+)*[\w@'-]+/gi,
    accept(match, masked) {
      const last = match[0].split(/\s+/).pop() ?? "";
      if (last.endsWith("'s") || /^(their|his|her|our|my)$/i.test(last)) return null;
      if (!isPersonWord(last, sentenceBeforeText(masked, match.index))) return null;
      if (PERSON_PRONOUNS.has(last.toLowerCase()) && !/^(him|her|them|me|us)$/i.test(last)) return null;
      const next = (wordsAfter(masked, match.index + match[0].length, 1)[0] ?? "").toLowerCase();
      if (/(ing|ed)$/.test(next) || /^(who|that|being|not|having|on|at|in|to|from|with|and|or)$/.test(next)) return null;
      return whole(match);
    },
    message: "This puts a person where a cause should be. The conditions that turned their action into an outage are what the review can explain and change.",
    suggestion: "Name the action, what it met, and why nothing stopped it.",
  },
  {
    category: "person-as-cause",
    pattern: /\b(?:is|was|were|are)\s+(?:solely\s+|directly\s+|ultimately\s+)?responsible\s+for\s+(?:the|this|that|causing)\s+(?:outage|incident|failure|downtime|breakage|problem|issue|disruption|the|an?)\b/gi,
    accept(match, masked) {
      return personSubjectBefore(masked, match.index) ? whole(match) : null;
    },
    message: "Holding a person responsible for the failure turns the review into a verdict. It hides the conditions that many people shaped.",
    suggestion: "Describe what the person did and what in the system let that action cause harm.",
  },
];

/** Offsets of each line's first character. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let index = text.indexOf("\n"); index !== -1; index = text.indexOf("\n", index + 1)) starts.push(index + 1);
  return starts;
}

/** 1-based line and column of an offset. */
function position(starts: readonly number[], offset: number): { line: number; column: number } {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if ((starts[mid] ?? 0) <= offset) low = mid;
    else high = mid - 1;
  }
  return { line: low + 1, column: offset - (starts[low] ?? 0) + 1 };
}

/**
 * Blame-aware hints for a review or any Markdown/plain text: each with its category, the
 * exact span, why the wording matters, and a suggested rewrite. Code blocks, inline code,
 * link targets and HTML tags are skipped. Hints come in text order; two hints of one
 * category never overlap.
 */
export function blameHints(text: string): ReviewHint[] {
  const masked = maskMarkdown(text);
  const findings: Finding[] = [];
  for (const rule of RULES) {
    rule.pattern.lastIndex = 0;
    for (let match = rule.pattern.exec(masked); match !== null; match = rule.pattern.exec(masked)) {
      if (match[0].length === 0) {
        rule.pattern.lastIndex += 1;
        continue;
      }
      const span = rule.accept(match, masked);
      if (span) findings.push({ ...span, category: rule.category, message: rule.message, suggestion: rule.suggestion });
    }
  }
  findings.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: Finding[] = [];
  const lastEnd = new Map<HintCategory, number>();
  for (const finding of findings) {
    if ((lastEnd.get(finding.category) ?? -1) > finding.start) continue;
    kept.push(finding);
    lastEnd.set(finding.category, finding.end);
  }
  const starts = lineStarts(text);
  return kept.map((finding) => ({ ...position(starts, finding.start), start: finding.start, end: finding.end, category: finding.category, message: finding.message, suggestion: finding.suggestion }));
}
