// Prisma's own differ (its schema engine, Wasm build) between prisma/migrations and
// prisma/schema.prisma: they must agree, apart from the hand-written objects allow-listed in
// prisma/drift-allowlist.json. Same check as `npm run db:migration:check`.
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../test/db.ts";
import {
  compareAllowlist,
  defaultSchemaPath,
  driftSql,
  handWrittenObjects,
  readAllowlist,
  withoutAllowlisted,
} from "./lib/schema-diff.ts";

const tempDirs: string[] = [];
afterAll(() => Promise.all(tempDirs.map((dir) => fs.rm(dir, { recursive: true, force: true }))));

describe("schema drift", { timeout: 120_000 }, () => {
  it("migrations produce exactly schema.prisma", async () => {
    expect(await driftSql()).toBe("");
  });

  it("a schema with one more field than the migrations drifts", async () => {
    const schema = await fs.readFile(defaultSchemaPath, "utf8");
    const changed = schema.replace(/^(model Room \{\n)/m, "$1  driftProbe Int?\n");
    expect(changed).not.toBe(schema);
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "plenary-schema-"));
    tempDirs.push(dir);
    const schemaPath = path.join(dir, "schema.prisma");
    await fs.writeFile(schemaPath, changed);

    const sql = await driftSql({ schemaPath });
    expect(sql).toContain('ALTER TABLE "Room" ADD COLUMN     "driftProbe" INTEGER;');
  });

  it("the allow-list names exactly the hand-written objects of the migrated database", async () => {
    const allowlist = await readAllowlist();
    for (const reason of Object.values(allowlist)) expect(reason.trim()).not.toBe("");
    const db = await createTestDatabase();
    try {
      const present = await handWrittenObjects((sql) => db.prisma.$queryRawUnsafe(sql));
      expect(present.length).toBeGreaterThan(0);
      expect(compareAllowlist(present, allowlist)).toEqual({ stale: [], unlisted: [] });
    } finally {
      await db.dispose();
    }
  });

  it("ignores diff statements naming an allow-listed object, and only those", () => {
    const allowlist = { Session_endsAt_after_startsAt_check: "reason" };
    const sql = [
      "-- AlterTable",
      'ALTER TABLE "Session" DROP CONSTRAINT "Session_endsAt_after_startsAt_check";',
      "",
      "-- AlterTable",
      'ALTER TABLE "Room" ADD COLUMN "x" INTEGER;',
      "",
    ].join("\n");
    expect(withoutAllowlisted(sql, allowlist)).toBe('-- AlterTable\nALTER TABLE "Room" ADD COLUMN "x" INTEGER;\n');
    expect(withoutAllowlisted(sql.split("\n\n")[0], allowlist)).toBe("");
  });
});
