import { CUSTOMERS, ERROR_LINES, fill } from "./phrases.js";
import type { Random } from "./random.js";
import { REGIONS } from "./themes.js";

/** Channel ids that text links to with `<#C…|name>`. */
export interface ChannelRefs {
  deploys: { id: string; name: string };
  incidents: { id: string; name: string };
  oncall: { id: string; name: string };
}

/**
 * Fills phrase templates for one conversation: which service it is about, which
 * people can be mentioned, which tickets exist. Links come out in the shapes the
 * importer must recognise: GitHub PRs as `<url|repo#n>`, bare commit and issue
 * URLs, Jira keys, PagerDuty and Grafana URLs with `&amp;` escapes.
 */
export class Vocabulary {
  readonly rng: Random;
  readonly channels: ChannelRefs;
  svc = "payments-api";
  dep = "ledger";
  region = "us-east-1";
  team = "payments";
  jiraKey = "PAY";
  /** Slack user ids `{who}` may mention. */
  who: readonly string[] = [];
  tickets: readonly string[] = [];
  symptoms: readonly string[] = [];
  pagerdutyUrl = "https://acme.pagerduty.com/incidents";
  docUrl = "";
  version = "";
  /** Incident theme, for log lines that fit the problem. */
  themeKey = "default";
  /** The instant being written, for `{hhmm}`. */
  now = 0;
  readonly resolve: (name: string) => string;

  constructor(rng: Random, channels: ChannelRefs) {
    this.rng = rng;
    this.channels = channels;
    this.resolve = (name) => this.#value(name);
  }

  /** Fills a template. */
  text(template: string): string {
    return fill(template, this.resolve);
  }

  /** `<https://github.com/acme/svc/pull/n|svc#n>` */
  pr(svc = this.svc, n = this.rng.int(120, 9800)): string {
    return `<https://github.com/acme/${svc}/pull/${n}|${svc}#${n}>`;
  }

  /** A bare commit URL with a 40-hex SHA. */
  commit(svc = this.svc, sha = this.rng.hex(40)): string {
    return `https://github.com/acme/${svc}/commit/${sha}`;
  }

  /** A bare issue URL. */
  issue(svc = this.svc): string {
    return `https://github.com/acme/${svc}/issues/${this.rng.int(10, 2400)}`;
  }

  /** A Jira key of this conversation's team. */
  ticket(): string {
    if (this.tickets.length > 0 && this.rng.chance(0.8)) return this.rng.pick(this.tickets);
    return `${this.jiraKey}-${this.rng.int(100, 4999)}`;
  }

  /** A Grafana dashboard link; `&` is escaped inside the URL as Slack does. */
  dashboard(): string {
    return `<https://grafana.acme.example/d/${this.rng.chars("abcdefghijkmnopqrstuvwxyz0123456789", 9)}/${this.svc}?orgId=1&amp;var-region=${this.region}&amp;from=now-3h&amp;to=now|${this.svc} overview>`;
  }

  #value(name: string): string {
    const rng = this.rng;
    switch (name) {
      case "svc":
        return this.svc;
      case "dep":
        return this.dep;
      case "region":
        return this.region;
      case "team":
        return this.team;
      case "ms":
        return String(rng.int(8, 40) * 100);
      case "pct":
        return String(rng.int(4, 60));
      case "n":
        return String(rng.int(120, 48000));
      case "q":
        return String(rng.int(1, 4));
      case "pool":
        return rng.pick(["50", "64", "100", "128"]);
      case "hhmm":
        return new Date(this.now - rng.int(2, 40) * 60_000).toISOString().slice(11, 16);
      case "dash":
        return this.dashboard();
      case "deploysChan":
        return `<#${this.channels.deploys.id}|${this.channels.deploys.name}>`;
      case "incidentsChan":
        return `<#${this.channels.incidents.id}|${this.channels.incidents.name}>`;
      case "errline":
        return this.text(rng.pick(ERROR_LINES[this.themeKey] ?? ERROR_LINES.default ?? []));
      case "runbook":
        return `https://wiki.acme.example/runbooks/${this.svc}#${rng.pick(["high-latency", "error-rate", "saturation", "failover"])}`;
      case "symptom":
        return this.symptoms.length > 0 ? this.text(rng.pick(this.symptoms)) : `${this.svc} looks unhealthy`;
      case "pr":
        return this.pr();
      case "commit":
        return this.commit();
      case "issue":
        return this.issue();
      case "ticket":
        return this.ticket();
      case "ticket2":
        return this.tickets[1] ?? this.ticket();
      case "doc":
        return this.docUrl || `https://docs.acme.example/d/${rng.hex(12)}`;
      case "status":
        return `https://status.acme.example/incidents/${rng.chars("abcdefghijklmnopqrstuvwxyz0123456789", 12)}`;
      case "pd":
        return this.pagerdutyUrl;
      case "who":
        return this.who.length > 0 ? `<@${rng.pick(this.who)}>` : "everyone";
      case "customer":
        return rng.pick(CUSTOMERS);
      case "link":
        return rng.pick([
          `<https://talks.example.org/resilience-${rng.int(1, 99)}|talk>`,
          `https://blog.example.org/${rng.int(2016, 2024)}/${rng.int(1, 12)}/how-complex-systems-fail`,
          `<https://news.example.com/item?id=${rng.int(1000000, 9999999)}&amp;ref=slack|this thread>`,
        ]);
      case "ver":
        return this.version || "the last release";
      default:
        return REGIONS.includes(name) ? name : `{${name}}`;
    }
  }
}
