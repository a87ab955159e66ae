/**
 * Kinds of incident the demo tells stories about. Each theme carries its own
 * vocabulary (symptoms, hypotheses that turn out right or wrong, mitigations) so an
 * incident channel reads like people working a real problem. Placeholders in braces
 * are filled per message: {svc} primary service, {dep} a dependency, {pct}, {n},
 * {ms}, {region}, {ver}, {pool}.
 */
export interface IncidentTheme {
  key: string;
  /** Primary services this can happen to; empty means any. */
  services: string[];
  title: string;
  slug: string;
  /** What responders see first. */
  symptoms: string[];
  /** Guesses that were checked and ruled out. */
  wrongHypotheses: string[];
  /** The hypothesis that turned out to be right. */
  rightHypothesis: string;
  /** How it was understood in the end, for the resolution message and follow-up. */
  cause: string;
  mitigations: string[];
  /** True when the fix was to roll back a recent change. */
  rollback: boolean;
  /** Security incidents get a private channel. */
  private?: boolean;
}

/** All themes; scenario planning picks those that fit the service. */
export const THEMES: readonly IncidentTheme[] = [
  {
    key: "latency",
    services: [],
    title: "Elevated latency on {svc}",
    slug: "{svc}-latency",
    symptoms: [
      "p99 on {svc} is at {ms}ms, normally ~120ms",
      "latency alert fired for {svc} in {region}, p95 &gt; 1s for 10 minutes",
      "seeing slow responses from {svc}, dashboards show queueing in front of it",
    ],
    wrongHypotheses: [
      "Could it be the network? cross-AZ traffic looks normal though",
      "I wondered about GC pauses but heap graphs look flat",
      "checked the load balancer, no errors there",
    ],
    rightHypothesis: "I think it's the connection pool: active connections are pinned at {pool}/{pool} and requests are waiting for a connection",
    cause: "the connection pool was sized for the old instance count; after the scale-down each instance got more traffic than its pool could serve",
    mitigations: ["bumped the pool size to {n} on a canary", "scaled {svc} out by 4 replicas", "shed traffic from {region} to the other regions"],
    rollback: false,
  },
  {
    key: "errors",
    services: [],
    title: "{svc} returning 5xx errors",
    slug: "{svc}-errors",
    symptoms: [
      "error rate on {svc} jumped to {pct}% at the top of the hour",
      "502s and 503s from {svc}, mostly in {region}",
      "customers are getting 500s, {svc} logs are full of `upstream connect error`",
    ],
    wrongHypotheses: [
      "Is {dep} down? its health checks are green",
      "could be a bad node, but errors are spread across all pods",
      "I thought it was the cert rotation from this morning, timing doesn't line up",
    ],
    rightHypothesis: "the errors start exactly when {ver} finished rolling out, I think it's the deploy",
    cause: "{ver} changed a default timeout for calls to {dep}; under normal load requests to {dep} started timing out and were retried into an overload",
    mitigations: ["rolling back {svc} to the previous version", "turned the new code path off with the feature flag", "raised the timeout for {dep} calls back to 2s"],
    rollback: true,
  },
  {
    key: "db-pool",
    services: ["payments-api", "ledger", "session-service", "user-directory", "billing-engine", "query-api", "mobile-bff"],
    title: "Connection pool exhaustion in {svc}",
    slug: "{svc}-db-pool",
    symptoms: [
      "{svc} is timing out acquiring DB connections: `pool exhausted (max={pool})`",
      "threads blocked on the connection pool in {svc}, request latency &gt; {ms}ms",
    ],
    wrongHypotheses: [
      "Maybe the database itself is slow? query latency on metadata-db looks fine",
      "could it be a slow query? top queries look the same as yesterday",
    ],
    rightHypothesis: "I think it's the connection pool: {ver} started holding a connection across the call to {dep}",
    cause: "a change in {ver} held a database connection open while waiting on {dep}, so a slow {dep} drained the pool",
    mitigations: ["rolling back {svc} to the previous release", "restarted the worst pods to free connections", "temporarily raised max connections to {n}"],
    rollback: true,
  },
  {
    key: "login",
    services: ["auth-gateway", "session-service", "user-directory"],
    title: "Login errors for customers",
    slug: "login-errors",
    symptoms: [
      "login success rate dropped to {pct}% (normally 99.5%)",
      "support says customers can't log in, SSO users especially",
      "`invalid_grant` errors from {svc} spiking since about 20 minutes ago",
    ],
    wrongHypotheses: [
      "is the IdP having an outage? their status page is green",
      "might be clock skew on the token validators, NTP looks fine",
    ],
    rightHypothesis: "refresh tokens issued in the last hour fail validation; I think the signing key rotation only reached half the fleet",
    cause: "the signing-key rotation job updated the keyset in one region before the validators in the other had fetched it",
    mitigations: ["re-published the previous keyset alongside the new one", "forced a keyset refresh on all validators"],
    rollback: false,
  },
  {
    key: "payment-auth",
    services: ["payments-api", "fraud-scorer", "ledger"],
    title: "Payment authorisations failing",
    slug: "payments-auth-failures",
    symptoms: [
      "authorisation success rate is down to {pct}%",
      "merchants are reporting declined cards across all card networks",
      "spike in `ledger_write_timeout` from payments-api",
    ],
    wrongHypotheses: [
      "is the card network having issues? their status shows no incidents",
      "fraud-scorer rejecting everything? its decision mix looks normal",
    ],
    rightHypothesis: "ledger writes are slow because of lock contention on the balances table; payments-api gives up after 3s",
    cause: "a batch payout job took row locks on hot merchant balances during peak hours, and payment writes queued behind it",
    mitigations: ["paused payouts-worker", "moved the payout batch to off-peak", "rolling back the payout scheduler change"],
    rollback: true,
  },
  {
    key: "consumer-lag",
    services: ["event-pipeline", "kafka-cluster", "usage-metering", "warehouse-loader", "search-indexer", "push-notifier"],
    title: "Consumer lag on {svc}",
    slug: "{svc}-consumer-lag",
    symptoms: [
      "consumer lag on {svc} is {n} messages and growing",
      "{svc} consumers are rebalancing every few minutes",
    ],
    wrongHypotheses: [
      "producers sending more than usual? ingest rate is flat",
      "a broker down? all brokers are in sync",
    ],
    rightHypothesis: "consumers are stuck in a rebalance loop: processing one batch takes longer than max.poll.interval.ms",
    cause: "one tenant sent unusually large events; batches took longer than the poll interval, so consumers were kicked out and rebalanced over and over",
    mitigations: ["lowered max.poll.records to {n}", "raised max.poll.interval.ms to 10 minutes", "skipped the oversized events to a dead-letter topic"],
    rollback: false,
  },
  {
    key: "cert-expiry",
    services: ["cdn-edge", "load-balancer", "auth-gateway"],
    title: "Expired TLS certificate on {svc}",
    slug: "{svc}-cert-expiry",
    symptoms: [
      "TLS handshake failures on {svc}: `certificate has expired`",
      "synthetic checks failing for https endpoints in {region}",
    ],
    wrongHypotheses: ["is it a CDN provider issue? no, only our certs"],
    rightHypothesis: "the cert on {svc} expired at 00:00 UTC; the renewal job has been failing silently for weeks",
    cause: "the renewal job lost permission to write to the secret store after a policy change and only logged the failure",
    mitigations: ["issued a new cert by hand and pushed it to {svc}", "restored the renewal job's permissions"],
    rollback: false,
  },
  {
    key: "dns",
    services: ["dns-resolver", "load-balancer", "k8s-platform"],
    title: "DNS resolution failures in {region}",
    slug: "dns-failures-{region}",
    symptoms: [
      "SERVFAIL rate from {svc} is at {pct}% in {region}",
      "services in {region} can't resolve internal names",
    ],
    wrongHypotheses: ["upstream resolver problem? external names resolve fine"],
    rightHypothesis: "the resolver pods are being OOM-killed; cache size grew after the config change",
    cause: "a config change raised the cache size without raising the memory limit, so resolver pods restarted in a loop under load",
    mitigations: ["rolling back the resolver config", "raised the resolver memory limit"],
    rollback: true,
  },
  {
    key: "disk-full",
    services: ["metadata-db", "kafka-cluster", "object-store", "observability-stack"],
    title: "Disk full on {svc} primary",
    slug: "{svc}-disk-full",
    symptoms: ["disk usage on the {svc} primary is at 98% and climbing", "{svc} is rejecting writes: `no space left on device`"],
    wrongHypotheses: ["is it data growth? no, it grew {pct}% in two hours"],
    rightHypothesis: "WAL files aren't being cleaned up because a replication slot is stuck",
    cause: "a decommissioned replica left its replication slot behind, so the primary kept every WAL segment",
    mitigations: ["dropped the stale replication slot", "expanded the volume by 500 GB as a stopgap"],
    rollback: false,
  },
  {
    key: "oom",
    services: [],
    title: "{svc} pods OOM-killed",
    slug: "{svc}-oom",
    symptoms: ["{svc} pods restarting with OOMKilled, {n} restarts in 15 minutes", "memory on {svc} climbs steadily until the pod is killed"],
    wrongHypotheses: ["more traffic than usual? request rate is normal", "node memory pressure? no, it's the container limit"],
    rightHypothesis: "the heap grows with every request since {ver}; looks like a cache without a bound",
    cause: "{ver} added an in-memory cache keyed by request id with no size limit",
    mitigations: ["rolling back {svc} to the previous version", "doubled the memory limit to buy time"],
    rollback: true,
  },
  {
    key: "replication-lag",
    services: ["metadata-db", "ledger", "block-volume"],
    title: "Replication lag on {svc}",
    slug: "{svc}-replication-lag",
    symptoms: ["replica lag on {svc} is {n}s", "reads from replicas are returning stale data"],
    wrongHypotheses: ["network between AZs? latency is normal"],
    rightHypothesis: "a long-running migration is holding up replay on the replicas",
    cause: "a schema migration ran a large backfill in one transaction, and replicas could not replay past it",
    mitigations: ["cancelled the migration", "routed reads to the primary until replicas caught up"],
    rollback: false,
  },
  {
    key: "push-delays",
    services: ["push-notifier", "mobile-bff"],
    title: "Push notifications delayed",
    slug: "push-delays",
    symptoms: ["push notifications are arriving {n} minutes late", "the push queue has {n} items waiting"],
    wrongHypotheses: ["is APNs throttling us? no throttling responses"],
    rightHypothesis: "the notifier workers are retrying invalid device tokens forever",
    cause: "a bulk import of stale device tokens filled the queue with retries that never succeed",
    mitigations: ["purged invalid tokens from the queue", "capped retries at 3"],
    rollback: false,
  },
  {
    key: "duplicate-invoices",
    services: ["invoice-renderer", "billing-engine"],
    title: "Duplicate invoices sent to customers",
    slug: "duplicate-invoices",
    symptoms: ["support has {n} tickets about duplicate invoices", "invoice emails sent twice for the same period"],
    wrongHypotheses: ["email provider re-sending? no, we sent them twice"],
    rightHypothesis: "the invoice job ran twice because the lock expired while the first run was still going",
    cause: "the job's lock had a 30-minute TTL and this month's run took 47 minutes",
    mitigations: ["paused the invoice job", "made sending idempotent per invoice id"],
    rollback: false,
  },
  {
    key: "bad-config",
    services: [],
    title: "Bad config rollout broke {svc}",
    slug: "{svc}-bad-config",
    symptoms: ["{svc} failing health checks after the config push", "half of {svc} pods are crash-looping: `invalid value for max_inflight`"],
    wrongHypotheses: ["is it the new base image? no, same image as yesterday"],
    rightHypothesis: "the config push at the top of the hour has a typo in the {region} override",
    cause: "the {region} override was not covered by config validation, so the typo reached production",
    mitigations: ["rolling back the config", "paused config pushes for {svc}"],
    rollback: true,
  },
  {
    key: "suspicious-logins",
    services: ["auth-gateway"],
    title: "Suspicious login spike against {svc}",
    slug: "suspicious-logins",
    symptoms: ["failed logins from a small set of ASNs jumped {n}x", "credential-stuffing pattern on the login endpoint"],
    wrongHypotheses: ["is it a customer load test? nobody has one scheduled"],
    rightHypothesis: "it's credential stuffing; the rate limit is per IP and they rotate IPs",
    cause: "rate limiting keyed only on IP let a distributed credential-stuffing run through",
    mitigations: ["enabled per-account rate limits", "blocked the offending ASNs at the edge"],
    rollback: false,
    private: true,
  },
  {
    key: "leaked-token",
    services: ["auth-gateway", "user-directory", "deploy-orchestrator"],
    title: "Leaked API token found in a public repository",
    slug: "leaked-token",
    symptoms: ["secret scanner flagged an Acme API token in a public gist", "token belongs to a service account of {svc}"],
    wrongHypotheses: ["is it a test token? no, it has production scope"],
    rightHypothesis: "the token was copied into a debugging gist; no sign of use from outside our ranges",
    cause: "a long-lived token with production scope was used for local debugging and pasted into a gist",
    mitigations: ["revoked the token", "rotated every token of that service account"],
    rollback: false,
    private: true,
  },
];

/** Regions the placeholders and follow-up text use. */
export const REGIONS: readonly string[] = ["us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-south-1", "ap-southeast-2"];
