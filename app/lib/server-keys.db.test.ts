import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/db.ts";
import { getServerKey } from "./server-keys.server.ts";

describe("server keys", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database?.dispose());

  it("creates a 32-byte key per purpose once and returns the same key afterwards", async () => {
    const [badge, again] = await Promise.all([getServerKey(database.prisma, "badge"), getServerKey(database.prisma, "badge")]);
    expect(badge).toHaveLength(32);
    expect(again.equals(badge)).toBe(true);
    const feed = await getServerKey(database.prisma, "calendar-feed");
    expect(feed.equals(badge)).toBe(false);
    expect(await database.prisma.serverKey.count()).toBe(2);
  });
});
