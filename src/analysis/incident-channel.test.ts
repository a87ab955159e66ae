import { describe, expect, it } from "vitest";
import { describeIncidentChannel } from "./incident-channel.js";

describe("describeIncidentChannel", () => {
  it("takes the first sentence of a bot-written purpose and its severity", () => {
    expect(
      describeIncidentChannel({
        name: "incident-1208-cdn-edge-cert-expiry",
        purpose: "SEV1: Expired TLS certificate on cdn-edge. PagerDuty #1208: https://acme.pagerduty.com/incidents/PHC906M",
        topic: null,
      }),
    ).toEqual({ title: "Expired TLS certificate on cdn-edge", severity: "SEV1" });
  });

  it("falls back to the topic, then to a readable channel name", () => {
    expect(describeIncidentChannel({ name: "inc-2024-03-14-payments-latency", purpose: null, topic: "Checkout is slow | P2" })).toEqual({
      title: "Checkout is slow | P2",
      severity: "P2",
    });
    expect(describeIncidentChannel({ name: "inc-2024-03-14-payments-latency", purpose: null, topic: null })).toEqual({
      title: "Payments latency",
      severity: null,
    });
    expect(describeIncidentChannel({ name: "incident_1259_payments_auth_failures", purpose: "", topic: null }).title).toBe("Payments auth failures");
    expect(describeIncidentChannel({ name: "inc-sev2-db", purpose: null, topic: null }).severity).toBe("SEV2");
  });
});
