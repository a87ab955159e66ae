/**
 * What people write, as templates. `{name}` placeholders are filled per message by
 * a resolver, so only the placeholders a template uses cost anything. Text is stored
 * as Slack sends it: `&amp;`, `&lt;`, `&gt;` already escaped, links in `<url|label>`.
 *
 * The incident wording is blame-aware on purpose: people describe what they saw and
 * what made sense at the time, not who was at fault.
 */

const PLACEHOLDER = /\{(\w+)\}/g;

/** Fills `{name}` placeholders with what `resolve` returns for each name. */
export function fill(template: string, resolve: (name: string) => string): string {
  if (!template.includes("{")) return template;
  return template.replace(PLACEHOLDER, (_, name: string) => resolve(name));
}

/** Incident channel chatter while the problem is being understood. */
export const INVESTIGATING: readonly string[] = [
  "looking at the {svc} dashboard now: {dash}",
  "seeing it too. {symptom}",
  "is anything else affected? checking {dep}",
  "support says customers in {region} are reporting it as well",
  "the spike starts at {hhmm} UTC on {dash}",
  "I can take comms, will update the status page",
  "any deploys in the last hour? checking {deploysChan}",
  "errors look like this:\n```\n{errline}\n```",
  "nothing obvious in the logs yet",
  "let's keep theories in threads so the channel stays readable",
  "pulling the last 30 minutes of traces for {svc}",
  "runbook for this alert: {runbook}",
  "p99 &gt; {ms}ms on the {region} pods only, the other regions look fine",
  "I'm on the {dep} side, nothing alarming there yet",
  "which alert fired first? I see the {svc} one at {hhmm}",
  "error budget for {svc} is burning at 14x",
  "I can reproduce it with curl from the bastion",
  "hmm, retries from {dep} are adding load, that may be a symptom not a cause",
  "graph of requests by status code: {dash}",
  "reading back the channel, give me a minute",
  "are we sure it's not just the synthetic checks? no, real traffic is affected",
  "I don't have access to the {region} cluster, can someone grant it? &lt;- also a follow-up",
  "only {pct}% of requests fail, the rest are slow but succeed",
  "the canary in {region} went red first, about 5 minutes before the alert",
  "I'm checking whether {dep} changed anything today",
  "customer-facing impact confirmed, support has tickets",
  "the health checks pass, which is why the LB keeps sending traffic. misleading",
  "logs from one of the bad pods:\n```\n{errline}\n{errline}\n```",
  "can someone with {dep} access check its error rate?",
  "trying to work out when this actually started, the graph is noisy",
  "I'll write the timeline as we go in a thread here",
  "is this the same as the alert we had last Tuesday? that one auto-resolved",
];

/** Guesses and checks, the middle of an incident. */
export const HYPOTHESES: readonly string[] = [
  "hmm, could it be {dep}? its p99 is also up",
  "what changed recently? last deploy of {svc} was yesterday afternoon as far as I can see",
  "I don't think it's the database, CPU there is at 30%",
  "my guess is a retry storm from {dep}",
  "ruling out the network: packet loss is 0 between AZs",
  "not sure, but the timing lines up with the cron at :00",
  "if it were the pool we'd see connection wait time go up. checking",
  "that matches what I see in the traces",
  "I think it's the connection pool, waits are at {ms}ms",
  "can we compare with last week's traffic? it might just be load",
  "the heap looks fine, so probably not GC",
  "one pod is much worse than the others, could be a noisy neighbour",
  "what would we expect to see if it's {dep}? timeouts on the client side, and that's what we have",
  "I'd rather not restart yet, we'll lose the state we need to understand it",
  "I checked the feature flags, nothing flipped today",
  "the queue depth is climbing: {n} and growing",
  "do we know if this is all customers or a subset? looks like tenants on the {region} shard",
  "let me try draining one node and see if it gets better",
  "that's a good thought, but the errors started before the config push",
  "who knows the {svc} retry logic well? it's not obvious from the code",
  "the error rate follows traffic exactly, so something saturates",
  "interesting: only pods on the new node pool are affected",
  "I checked {dep}'s deploy history, nothing since last week",
  "if this were load we'd see it in all regions, and we don't",
  "I'm 60% sure it's the pool, but I'd like a second opinion",
  "could the retries be making it worse? we retry 3x with no backoff",
  "looking at the slow query log now, nothing above 200ms",
  "the timeouts are exactly 3s, which is our client default, so we're waiting on something",
  "that theory doesn't explain why {region} is fine",
  "can we get a heap dump before anyone restarts the pods?",
];

/** Decisions and actions. */
export const MITIGATING: readonly string[] = [
  "+1, go ahead",
  "doing it now",
  "mitigation applied, watching the graphs",
  "let's not restart everything at once, one AZ at a time",
  "holding deploys to {svc} until this is over",
  "I'll scale {svc} out to buy us time while we look",
  "draining {region} now",
  "ok, flag is off. give it 2 minutes",
  "agree. before we do it: does anyone see a risk in that?",
  "done in {region}, moving on to the next region",
  "paused the batch jobs for now, will turn them back on afterwards",
  "I'd like to try the cheap, reversible thing first",
  "let's give it 10 minutes; if nothing changes we roll back",
  "applying the change to one pod first",
  "ok, that made it worse, reverting",
  "scaled to {n} replicas, CPU is coming down",
];

/** The tail of an incident. */
export const RECOVERING: readonly string[] = [
  "error rate is dropping: {pct}% → 0.4%",
  "looks recovered from here",
  "latency back to baseline",
  "let's watch for 15 more minutes before resolving",
  "support confirms customers are fine again",
  "queue is draining, {n} left",
  "graphs look healthy: {dash}",
  "I'll keep an eye on it for the next hour",
  "thanks all, that was a good catch on {dep}",
  "status page updated to monitoring: {status}",
  "p99 is at {ms}ms and falling",
  "no new errors in the last 10 minutes",
  "backlog cleared",
  "I'll leave the extra replicas in place overnight",
];

/** After the incident: the review and the action items. */
export const FOLLOW_UP: readonly string[] = [
  "draft of the review is here: {doc}",
  "opened {ticket} to make the alert fire on saturation, not only on errors",
  "PR for the fix: {pr}",
  "merged {pr}, it goes out with tomorrow's release",
  "thanks everyone for jumping in, especially at that hour",
  "I'd like to understand what made the change look safe at the time. let's cover it in the review, not here",
  "review meeting is Thursday 16:00 UTC, invite sent",
  "not looking for anyone to blame: the alert was ambiguous and we all read it the same way",
  "action items so far: {ticket} and {ticket2}",
  "the commit that fixed it: {commit}",
  "issue for the runbook gap: {issue}",
  "{ticket} is done, the runbook now says what to check first",
  "I added a timeline to the doc from the channel, please correct anything I got wrong",
  "could someone who was on the {dep} side add what you saw? I only have our view",
  "the dashboard we kept using is now linked from the runbook: {dash}",
  "question for the review: why did it take us 20 minutes to find the deploy? the deploy marker wasn't on the graph",
  "I'm going to interview a few of you about how you narrowed it down, 30 min each",
  "{ticket2} is in review: {pr}",
  "load test reproduced it in staging, so we can verify the fix",
  "closing the loop: all action items are tracked in {ticket}",
  "customer comms went out, see {status}",
  "I've archived the graphs in the doc in case the retention runs out",
  "interview notes are in, thanks for making time. the timeline changed quite a bit",
  "proposed contributing factors: the alert threshold, the missing deploy marker, and the retry policy on {dep}",
  "the alert for this now links to the runbook: {runbook}",
  "{ticket} needs an owner, any volunteers from {team}?",
  "I'd like the review to explain how we knew to look at {dep}. that was expertise, not the dashboards",
  "the fix is live in {region}, rolling out to the rest tomorrow",
  "reminder: the review is open for comments until Friday",
  "follow-up chaos experiment: kill {dep} in staging and watch {svc}. {ticket}",
  "the review is published: {doc}",
  "I moved the remaining items into {ticket2}",
  "we should add {svc} to the game day list",
  "the retry change is merged: {pr}",
];

/** Right after resolution: winding down, before the follow-up days. */
export const WRAP_UP: readonly string[] = [
  "thanks all. I'll start the review doc tomorrow",
  "going back to bed, ping me if it comes back",
  "I'll keep an eye on it overnight",
  "who wants to be the analyst for this one? ideally someone who wasn't in here",
  "nice work everyone, that was a tricky one",
  "I'll move the open questions into the doc so we don't lose them",
  "let's leave the mitigation in place until we've talked it through",
  "status page is back to operational: {status}",
  "before I forget: the {dep} dashboard was confusing, worth a follow-up",
  "thanks for pulling me in, happy to walk through {dep} in the review",
];

/** Thread replies sent to the channel too: short summaries worth everyone's attention. */
export const BROADCASTS: readonly string[] = [
  "summary so far: it's not the network, not {dep}, looking at the deploy now",
  "confirmed in the traces, this is the lead we follow",
  "update: mitigation is rolling out region by region",
  "heads-up: we're pausing deploys to {svc} until this is resolved",
  "FYI this also affects {dep} consumers, not just {svc}",
];

/** Replies inside threads: short and reactive. */
export const THREAD_REPLIES: readonly string[] = [
  "agreed",
  "good call",
  "checking",
  "I see the same",
  "not on my side, looks normal here",
  "can you share the graph?",
  "yes, that lines up with {hhmm}",
  "hmm, I'm not sure that's it",
  "ok, doing it",
  "that's the one",
  "do we have a ticket for this?",
  "let's take it to the review",
  "I'll write that down for the timeline",
  "thanks, that helps",
  "+1",
  "interesting, I didn't know it worked that way",
  "from memory it retries 3 times with no jitter",
  "yes, {ticket}",
];

/** Greetings of someone who just joined an incident channel because they were asked. */
export const ARRIVALS: readonly string[] = [
  "here, reading back",
  "joining, what can I take?",
  "here. {dep} looks normal from our side so far, digging",
  "on it. give me 5 min to get context",
  "hi, just saw this. how can I help?",
];

/** Thread replies outside incidents. */
export const CHAT_REPLIES: readonly string[] = [
  "nice!",
  "thanks!",
  "+1",
  "agreed",
  "on it",
  "good to know",
  "where's the doc?",
  "will do",
  "congrats! :tada:",
  "same here",
  "I can help with that",
  "let's discuss tomorrow",
  "ha, yes",
  "count me in",
  "done",
  "thanks for sharing",
];

/** #general. */
export const GENERAL: readonly string[] = [
  "Reminder: all-hands today at 17:00 UTC, link in the calendar invite",
  "The Q{q} engineering update is out: {doc}",
  "Office in Berlin is closed on Friday for the move, remote as usual",
  "Please welcome {who} to Acme Cloud! :wave:",
  "Benefits enrolment closes next Friday",
  "Huge thanks to everyone who helped with the {svc} migration",
  "The R&amp;D demo day is next week, sign-up sheet here: {doc}",
  "We crossed {n} customers this week :tada:",
  "New travel policy: {doc}",
  "Heads up: the VPN certificate rotates tonight, you may need to reconnect",
  "Lunch &amp; learn on Thursday: how the ledger keeps money straight",
  "Reminder to complete the security training by end of month",
  "The incident review of last month's {svc} outage is published, worth a read: {doc}",
  "Hackathon themes are up, vote by Friday: {doc}",
  "Company offsite dates are confirmed, details to follow",
  "New office plants arrived, please don't water them all at once",
  "Our status page now has per-region components",
  "Open enrolment for the mentoring programme: {doc}",
];

/** #random. */
export const RANDOM: readonly string[] = [
  "anyone else's coffee machine making that noise?",
  "TIL you can pipe `kubectl get` into `jq` with `-o json`",
  "my cat just walked across the keyboard during a review, sorry {who}",
  "what's everyone reading? I'm halfway through a book on complex systems",
  "the sunset from the London office right now :sunrise:",
  "friday question: tabs or spaces?",
  "who left the sourdough starter in the fridge",
  "this talk on resilience engineering is great: {link}",
  "&lt;3 to whoever restocked the snacks",
  "running club meets at 7 tomorrow, all paces welcome",
  "is it just me or is the wifi slow today",
  "happy birthday {who}! :birthday:",
  "board game night on Thursday, bring snacks",
  "photo from the team dinner :camera_with_flash:",
  "does anyone have a spare USB-C charger on the 3rd floor?",
  "recommendations for a good mechanical keyboard?",
  "the rain in London today is impressive even by London standards",
];

/** #eng-<team>. */
export const ENGINEERING: readonly string[] = [
  "PR for {svc} ready for review: {pr}",
  "heads-up: deploying {svc} at 15:00 UTC",
  "opened {ticket} for the flaky integration test",
  "design doc for the {svc} rework: {doc}, comments welcome",
  "does anyone remember why {svc} pins that client version? {issue}",
  "bumped the base image for {svc}, {commit}",
  "sprint planning in 10 min",
  "{ticket} is blocked on {dep}, asked in their channel",
  "the nightly build is red again, looking",
  "who's on call this week? I have a question about {svc} alerts",
  "retro notes: {doc}",
  "we should decide on the retry policy for {dep} calls before the next release",
  "merged {pr}, thanks for the review {who}",
  "latency on {svc} has crept up 10% over the month, opening {ticket} to look",
  "reminder: the on-call hand-off is Monday 10:00 UTC",
  "load test results for {svc}: p99 went from 180 to 240ms at 2x traffic, {doc}",
  "draft ADR: move {svc} config into the shared config service, {doc}",
  "can someone pair with me on {ticket}? it touches {dep}",
  "release notes for {svc} this week: {doc}",
  "the {svc} dashboards are migrated to the new Grafana folder",
  "I'm deprecating the old {svc} client on the 1st, see {issue}",
];

/** #support-escalations. */
export const SUPPORT: readonly string[] = [
  "{customer} reports intermittent 502s on uploads since this morning ({ticket})",
  "{customer} can't log in with SSO, can someone from identity take a look? {ticket}",
  "is there a known issue with {svc} in {region}? two tickets in the last hour",
  "{customer} asks for an RCA of last week's incident, who owns that?",
  "escalating {ticket}: invoice totals don't match usage for {customer}",
  "thanks, closing {ticket} with the workaround",
  "customer says the status page was green while they had errors. worth looking into?",
];

/** #oncall. */
export const ONCALL: readonly string[] = [
  "handing over {team} on-call to {who}. quiet week, two low-urgency pages",
  "paged for disk usage on {svc}, auto-resolved after compaction",
  "can someone swap Saturday with me? family thing",
  "new rota is live: {pd}",
  "got paged 4 times last night for the same flapping check, opening {ticket}",
  "reminder: acknowledge within 5 minutes or it escalates to secondary",
  "is the {svc} latency alert still useful? it fired 12 times this week with no action",
  "took the page for {svc}, it was a false positive from the synthetic check",
];

/** #deploys (human part). */
export const DEPLOYS_HUMAN: readonly string[] = [
  "holding deploys to {svc} until the incident is resolved",
  "deploy freeze lifted",
  "rolling out {svc} to {region} first, then the rest",
  "canary for {svc} looks good, promoting",
  "anyone deploying {dep}? I see a rollout in progress",
];

/** #eng-managers, group DMs and similar. */
export const MANAGERS: readonly string[] = [
  "headcount for next quarter: {doc}",
  "on-call load on {team} is too high, {who} was paged a lot last week. can we rebalance?",
  "who can be an analyst for the {svc} review? ideally someone not involved",
  "promo packets due Friday",
  "let's talk about the incident review backlog in our 1:1s",
  "reminder: interview loop for the SRE role tomorrow",
  "I'd like every SEV1 to have a review published within two weeks",
];

/** Direct messages. */
export const DIRECT: readonly string[] = [
  "hey, got a minute?",
  "thanks for the review earlier",
  "can we move our 1:1 to tomorrow?",
  "did you see {pr}?",
  "quick question about {svc}: is the retry budget per client or global?",
  "lunch?",
  "sure, give me 5",
  "ok, sounds good",
  "I'll send you the doc: {doc}",
  "sorry, was in a meeting",
];

/** #security (private). */
export const SECURITY: readonly string[] = [
  "dependency scanner flagged an outdated TLS library in {svc}, {ticket}",
  "quarterly access review starts Monday",
  "reminder: never paste tokens in Slack, use the vault link",
  "pen test report is in, summary: {doc}",
  "rotating the {svc} service account keys tonight",
];

/** #incidents (human chatter, besides the declarations). */
export const INCIDENTS_CHAT: readonly string[] = [
  "is anyone looking at elevated errors on {svc}? not sure it's worth a channel yet",
  "reminder: declare early, it's cheap to close a channel",
  "weekly incident digest: {doc}",
  "reviews published this month: {doc}",
  "is the {svc} incident still ongoing? the status page says monitoring",
];

/** Fictional customers support talks about. */
export const CUSTOMERS: readonly string[] = [
  "Brightleaf Foods", "Pinecrest Bank", "Orbital Games", "Kestrel Logistics", "Marlow &amp; Finch", "Tidewater Health", "Quillon Media",
];

/** Log lines for code blocks, by incident theme; `default` for the rest. */
export const ERROR_LINES: Readonly<Record<string, readonly string[]>> = {
  default: [
    "ERROR context deadline exceeded while calling {dep}",
    "WARN upstream connect error or disconnect/reset before headers. reset reason: overflow",
    "ERROR request failed: status=503 upstream={dep} duration=3001ms",
  ],
  latency: ["WARN slow request path=/v1/charges duration=4210ms", "WARN waited 2800ms for a pooled connection (active=64 idle=0)"],
  "db-pool": ["ERROR pool exhausted (max=50) waited 3000ms for a connection", "WARN HikariPool-1 - Connection is not available, request timed out after 3000ms"],
  "payment-auth": ["ERROR write timeout after 3000ms: ledger_balances lock wait", "WARN authorisation declined: reason=upstream_timeout"],
  "consumer-lag": ["WARN consumer group rebalancing: member left group &lt;timeout&gt;", "WARN poll interval exceeded: max.poll.interval.ms=300000"],
  oom: ["FATAL OOMKilled: container exceeded memory limit (2Gi)", "WARN heap usage 97% after full GC"],
  "cert-expiry": ["ERROR x509: certificate has expired or is not yet valid", "ERROR TLS handshake failed: certificate expired 2h ago"],
  dns: ["ERROR SERVFAIL resolving {dep}.internal.acme.example", "WARN resolver pod restarted (OOMKilled), restarts=14"],
  "disk-full": ["FATAL could not write to file \"pg_wal/xlogtemp\": No space left on device", "WARN disk usage 98% on /var/lib/data"],
  "replication-lag": ["WARN replica lag 412s exceeds threshold 30s", "LOG recovery is waiting on a long-running transaction"],
  login: ["ERROR token validation failed: kid not found in keyset", "WARN invalid_grant: refresh token signature mismatch"],
  "bad-config": ["FATAL invalid value for max_inflight: \"10O\"", "ERROR config validation failed for override {region}"],
  "push-delays": ["WARN APNs response 410 Unregistered, retrying (attempt 37)", "WARN push queue depth 182344"],
  "duplicate-invoices": ["WARN lock invoice-run expired while held (ttl=1800s)", "INFO invoice run started (run id 2 of 2 today)"],
};

/** Incident-channel lines for security incidents, which read differently from outages. */
export const SECURITY_RESPONSE: readonly string[] = [
  "who has access to the audit log for {svc}? pulling the last 24h",
  "no requests with that token from outside our ranges so far",
  "let's keep details in this channel only, not in #incidents",
  "I'll prepare the customer notification in case we need it",
  "revocation is propagating, give it 5 minutes",
  "checking whether the same pattern hit {dep}",
  "blocking at the edge now",
  "legal and comms are aware, no external statement yet",
  "the rate of failed logins is back to normal",
  "we should rotate anything that token could reach, not only the token",
  "I've opened {ticket} for the scanner gap",
];
