import { describe, expect, it } from "vitest";
import { redactSecretPath } from "./security.server.ts";

describe("redactSecretPath", () => {
  it("drops the secret of e-mailed links and personal calendar feeds, keeping the route", () => {
    expect(redactSecretPath("/verify-email/abc123")).toBe("/verify-email/[redacted]");
    expect(redactSecretPath("/activate/abc123?x=1")).toBe("/activate/[redacted]?x=1");
    expect(redactSecretPath("/reset-password/abc123")).toBe("/reset-password/[redacted]");
    expect(redactSecretPath("/events/ga-93/feeds/0193.abcdef.ics")).toBe("/events/ga-93/feeds/[redacted]");
  });

  it("leaves every other path alone", () => {
    for (const path of ["/events/ga-93/agenda?day=2026-11-24", "/events/ga-93/agenda.ics", "/login?redirectTo=%2Factivate%2Fx", "/api/events"]) {
      expect(redactSecretPath(path)).toBe(path);
    }
  });
});
