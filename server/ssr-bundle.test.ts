import fs from "node:fs";
import { describe, expect, it } from "vitest";

// One owner per process: the server creates the database client, the bus and Socket.IO and hands
// them to Remix. If the SSR bundle ever constructed its own, two PGlite handles could open one
// directory (corrupting it) and events published on one bus would never reach the other.
describe("the SSR bundle", () => {
  const bundlePath = new URL("../build/server/index.js", import.meta.url);

  it("never constructs a database client, a domain event bus or a Socket.IO server", () => {
    expect(fs.existsSync(bundlePath), "run `npm run build` first").toBe(true);
    const bundle = fs.readFileSync(bundlePath, "utf8");
    expect(bundle).not.toMatch(/new\s+PrismaClient\b/);
    expect(bundle).not.toMatch(/new\s+PGlite\b/);
    expect(bundle).not.toMatch(/new\s+\w*Pool\(/);
    expect(bundle).not.toMatch(/new\s+DomainEventBus\b/);
    expect(bundle).not.toMatch(/from\s+["']socket\.io["']/);
    // …while it does contain the routes that use what it is handed.
    expect(bundle).toContain("context.services.db");
  });
});
