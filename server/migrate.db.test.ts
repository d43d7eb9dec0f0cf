import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { listMigrations, pgliteAdapterFactory, withSchemaEngine } from "../scripts/lib/schema-diff.ts";
import {
  createEmptyTestDatabase,
  createTestDatabase,
  type EmptyTestDatabase,
  type TestDatabase,
} from "../test/db.ts";
import { applyMigrations, defaultMigrationsDir } from "./migrate.server.ts";

const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

async function migrationsOnDisk(dir = defaultMigrationsDir) {
  const names = (await fs.readdir(dir, { withFileTypes: true }))
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  return Promise.all(
    names.map(async (name) => ({ name, checksum: sha256(await fs.readFile(path.join(dir, name, "migration.sql"))) })),
  );
}

type MigrationRow = {
  id: string;
  checksum: string;
  finished_at: Date | null;
  migration_name: string;
  logs: string | null;
  rolled_back_at: Date | null;
  started_at: Date;
  applied_steps_count: number;
};

const history = (db: EmptyTestDatabase) =>
  db.query<MigrationRow>("SELECT * FROM _prisma_migrations ORDER BY migration_name");

const tableExists = async (db: EmptyTestDatabase, name: string) =>
  (await db.query<{ t: string | null }>("SELECT to_regclass($1)::text AS t", [name]))[0].t !== null;

// A migrations folder of our own, per test.
let tempDirs: string[] = [];
async function migrationsDir(files: Record<string, string>): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "plenary-migrations-"));
  tempDirs.push(dir);
  for (const [name, sql] of Object.entries(files)) {
    await fs.mkdir(path.join(dir, name));
    await fs.writeFile(path.join(dir, name, "migration.sql"), sql);
  }
  return dir;
}

describe("applyMigrations", () => {
  let db: EmptyTestDatabase;
  afterEach(async () => {
    await db?.dispose();
    await Promise.all(tempDirs.map((dir) => fs.rm(dir, { recursive: true, force: true })));
    tempDirs = [];
  });

  it("applies every migration once, recorded in Prisma's table with Prisma's checksum", async () => {
    db = await createEmptyTestDatabase();
    const expected = await migrationsOnDisk();
    expect(expected.length).toBeGreaterThan(0);

    const first = await applyMigrations(db.target);
    expect(first.applied).toEqual(expected.map((m) => m.name));
    const rows = await history(db);
    expect(rows.map((r) => ({ name: r.migration_name, checksum: r.checksum }))).toEqual(expected);
    for (const row of rows) {
      expect(row.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.finished_at!.getTime()).toBeGreaterThanOrEqual(row.started_at.getTime());
      expect(row.rolled_back_at).toBeNull();
      expect(row.logs).toBeNull();
      expect(row.applied_steps_count).toBe(1);
    }

    // Prisma's exact columns and types.
    const columns = await db.query(
      `SELECT column_name, data_type, character_maximum_length AS length, is_nullable, column_default
         FROM information_schema.columns WHERE table_name = '_prisma_migrations' ORDER BY ordinal_position`,
    );
    expect(columns).toEqual([
      { column_name: "id", data_type: "character varying", length: 36, is_nullable: "NO", column_default: null },
      { column_name: "checksum", data_type: "character varying", length: 64, is_nullable: "NO", column_default: null },
      { column_name: "finished_at", data_type: "timestamp with time zone", length: null, is_nullable: "YES", column_default: null },
      { column_name: "migration_name", data_type: "character varying", length: 255, is_nullable: "NO", column_default: null },
      { column_name: "logs", data_type: "text", length: null, is_nullable: "YES", column_default: null },
      { column_name: "rolled_back_at", data_type: "timestamp with time zone", length: null, is_nullable: "YES", column_default: null },
      { column_name: "started_at", data_type: "timestamp with time zone", length: null, is_nullable: "NO", column_default: "now()" },
      { column_name: "applied_steps_count", data_type: "integer", length: null, is_nullable: "NO", column_default: "0" },
    ]);

    const second = await applyMigrations(db.target);
    expect(second.applied).toEqual([]);
    expect(await history(db)).toEqual(rows);
  });

  it("rolls a failing migration back entirely, does not record it, and names it", async () => {
    db = await createEmptyTestDatabase();
    const dir = await migrationsDir({
      "20250101000000_good": 'CREATE TABLE "Good" (id INT PRIMARY KEY);',
      "20250102000000_bad": 'CREATE TABLE "Half" (id INT PRIMARY KEY);\nINSERT INTO "Half" VALUES (1);\nSELECT 1/0;',
      "20250103000000_later": 'CREATE TABLE "Later" (id INT PRIMARY KEY);',
    });

    await expect(applyMigrations(db.target, { migrationsDir: dir })).rejects.toThrow(/20250102000000_bad.*division by zero/);
    expect((await history(db)).map((r) => r.migration_name)).toEqual(["20250101000000_good"]);
    expect(await tableExists(db, '"Good"')).toBe(true);
    expect(await tableExists(db, '"Half"')).toBe(false);
    expect(await tableExists(db, '"Later"')).toBe(false);

    // Fixed, it applies, and the ones after it too.
    await fs.writeFile(path.join(dir, "20250102000000_bad", "migration.sql"), 'CREATE TABLE "Half" (id INT PRIMARY KEY);');
    expect((await applyMigrations(db.target, { migrationsDir: dir })).applied).toEqual([
      "20250102000000_bad",
      "20250103000000_later",
    ]);
  });

  it("refuses a migration changed after it was applied, but not its line endings", async () => {
    db = await createEmptyTestDatabase();
    const dir = await migrationsDir({ "20250101000000_one": 'CREATE TABLE "One" (id INT);\nCREATE TABLE "Two" (id INT);\n' });
    await applyMigrations(db.target, { migrationsDir: dir });
    const file = path.join(dir, "20250101000000_one", "migration.sql");

    // git on Windows may check the file out with CRLF; Prisma accepts that, so do we.
    await fs.writeFile(file, 'CREATE TABLE "One" (id INT);\r\nCREATE TABLE "Two" (id INT);\r\n');
    expect((await applyMigrations(db.target, { migrationsDir: dir })).applied).toEqual([]);

    await fs.writeFile(file, 'CREATE TABLE "One" (id BIGINT);\nCREATE TABLE "Two" (id INT);\n');
    await expect(applyMigrations(db.target, { migrationsDir: dir })).rejects.toThrow(
      /20250101000000_one was modified after it was applied/,
    );
  });

  it("lets concurrent runs wait for each other (Prisma's advisory lock)", async () => {
    db = await createEmptyTestDatabase();
    const results = await Promise.all([applyMigrations(db.target), applyMigrations(db.target)]);
    const expected = (await migrationsOnDisk()).map((m) => m.name);
    expect(results.map((r) => r.applied).sort((a, b) => b.length - a.length)).toEqual([expected, []]);
    expect((await history(db)).length).toBe(expected.length);
  });

  // Prisma's own schema engine (its Wasm build, the code behind `migrate status` and `migrate
  // deploy`) reading what the runner wrote, and the runner reading what the engine wrote.
  describe("agrees with Prisma's schema engine", () => {
    const engineOn = ({ target }: EmptyTestDatabase) =>
      target.kind === "pglite" ? pgliteAdapterFactory(target.db) : new PrismaPg(target.pool);
    const filters = { externalTables: [], externalEnums: [] };

    it("engine status after the runner: nothing pending, failed or edited", async () => {
      db = await createEmptyTestDatabase();
      await applyMigrations(db.target);
      const migrationsList = await listMigrations(defaultMigrationsDir);
      const status = await withSchemaEngine(
        (engine) => engine.diagnoseMigrationHistory({ migrationsList, optInToShadowDatabase: false, filters }),
        engineOn(db),
      );
      expect(status).toMatchObject({
        history: null,
        failedMigrationNames: [],
        editedMigrationNames: [],
        hasMigrationsTable: true,
      });
    });

    it("runner after the engine's deploy: nothing to apply, same checksums", async () => {
      db = await createEmptyTestDatabase();
      const migrationsList = await listMigrations(defaultMigrationsDir);
      const deployed = await withSchemaEngine((engine) => engine.applyMigrations({ migrationsList, filters }), engineOn(db));
      const expected = await migrationsOnDisk();
      expect(deployed.appliedMigrationNames).toEqual(expected.map((m) => m.name));
      expect((await history(db)).map((r) => ({ name: r.migration_name, checksum: r.checksum }))).toEqual(expected);
      expect((await applyMigrations(db.target)).applied).toEqual([]);
    });
  });
});

describe("hand-written constraints of the init migration", () => {
  let db: TestDatabase;
  let eventId: string;
  let registrationId: string;
  beforeAll(async () => {
    db = await createTestDatabase();
    const event = await db.prisma.event.create({
      data: {
        slug: "ga-93",
        name: "General Assembly",
        venue: "Centre",
        city: "Marrakesh",
        timeZone: "Africa/Casablanca",
        startsOn: new Date("2025-11-24"),
        endsOn: new Date("2025-11-27"),
      },
    });
    eventId = event.id;
    const user = await db.prisma.user.create({ data: { email: "a@example.org", givenName: "A", familyName: "B" } });
    registrationId = (await db.prisma.registration.create({ data: { eventId, userId: user.id } })).id;
  });
  afterAll(() => db?.dispose());

  const at = (hhmm: string) => new Date(`2025-11-24T${hhmm}:00Z`);
  const session = (data: { startsAt: Date; endsAt: Date; capacity?: number; delayMinutes?: number }) =>
    db.prisma.session.create({ data: { eventId, kind: "WORKSHOP", ...data } });

  it("Session: endsAt after startsAt, capacity >= 0, delayMinutes >= 0", async () => {
    await expect(session({ startsAt: at("10:00"), endsAt: at("10:00") })).rejects.toThrow(/Session_endsAt_after_startsAt_check/);
    await expect(session({ startsAt: at("10:00"), endsAt: at("09:00") })).rejects.toThrow(/Session_endsAt_after_startsAt_check/);
    await expect(session({ startsAt: at("09:00"), endsAt: at("10:00"), capacity: -1 })).rejects.toThrow(
      /Session_capacity_not_negative_check/,
    );
    await expect(session({ startsAt: at("09:00"), endsAt: at("10:00"), delayMinutes: -5 })).rejects.toThrow(
      /Session_delayMinutes_not_negative_check/,
    );
    const ok = await session({ startsAt: at("09:00"), endsAt: at("10:00"), capacity: 0, delayMinutes: 0 });
    await expect(
      db.prisma.session.update({ where: { id: ok.id }, data: { endsAt: at("08:00") } }),
    ).rejects.toThrow(/Session_endsAt_after_startsAt_check/);
  });

  it("Room: capacity > 0", async () => {
    await expect(db.prisma.room.create({ data: { eventId, name: "Empty", capacity: 0 } })).rejects.toThrow(
      /Room_capacity_positive_check/,
    );
    await expect(db.prisma.room.create({ data: { eventId, name: "One", capacity: 1 } })).resolves.toBeTruthy();
  });

  it("Event: endsOn not before startsOn", async () => {
    const event = { name: "E", venue: "V", city: "C", timeZone: "UTC" };
    await expect(
      db.prisma.event.create({
        data: { ...event, slug: "backwards", startsOn: new Date("2025-11-27"), endsOn: new Date("2025-11-26") },
      }),
    ).rejects.toThrow(/Event_endsOn_not_before_startsOn_check/);
    await expect(
      db.prisma.event.create({
        data: { ...event, slug: "one-day", startsOn: new Date("2025-11-27"), endsOn: new Date("2025-11-27") },
      }),
    ).resolves.toBeTruthy();
  });

  it("WorkshopSignup: waitlistPosition > 0", async () => {
    const workshop = await session({ startsAt: at("11:00"), endsAt: at("12:00"), capacity: 10 });
    const signup = { eventId, sessionId: workshop.id, registrationId, status: "WAITLISTED" as const };
    await expect(db.prisma.workshopSignup.create({ data: { ...signup, waitlistPosition: 0 } })).rejects.toThrow(
      /WorkshopSignup_waitlistPosition_positive_check/,
    );
    await expect(db.prisma.workshopSignup.create({ data: { ...signup, waitlistPosition: 1 } })).resolves.toBeTruthy();
  });
});
