import { describe, expect, it } from "vitest";
import { safeRedirectPath } from "./safe-redirect";

describe("safeRedirectPath", () => {
  it("keeps same-site paths with their query and hash", () => {
    expect(safeRedirectPath("/events/ga-93/agenda?day=2026-11-24#now")).toBe("/events/ga-93/agenda?day=2026-11-24#now");
  });

  it.each([
    "https://evil.example/",
    "//evil.example/path",
    "/\\evil.example",
    "\\\\evil.example",
    "javascript:alert(1)",
    "events",
    "/\u0000/x",
    "",
    undefined,
    42,
  ])("refuses %j", (target) => {
    expect(safeRedirectPath(target)).toBe("/");
  });
});
