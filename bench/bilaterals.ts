// What the bilateral pages cost on the demo assembly: the organisers' overview with free rooms
// suggested for every meeting waiting for a room, a head's personal list, and booking.
// Usage: npx tsx bench/bilaterals.ts [waiting=60] [runs=30]      (TEST_DB=postgres for PostgreSQL)
import { createTestDatabase } from "../test/db.ts";
import { DomainEventBus } from "../app/lib/domain-events.ts";
import { addDaysToDate } from "../app/lib/zoned-time.ts";
import { seedDemoAssembly } from "../app/modules/demo/demo-assembly.server.ts";
import { allocateBilateral, listBilateralsForOrganisers, listBilateralsForViewer, requestBilateral, respondToBilateral } from "../app/modules/bilaterals/bilaterals.server.ts";

const waitingCount = Number(process.argv[2] ?? 60);
const runs = Number(process.argv[3] ?? 30);
const database = await createTestDatabase();
const db = database.prisma;
const services = { db, bus: new DomainEventBus() };
const startDate = addDaysToDate(new Date().toISOString().slice(0, 10), 7); // wished times in the future
await seedDemoAssembly(db, { startDate, password: "plenary-demo" });
const event = await db.event.findUniqueOrThrow({ where: { slug: "ga-93" }, select: { id: true, timeZone: true, languages: true } });
const heads = await db.registration.findMany({ where: { eventId: event.id, role: "HEAD_OF_DELEGATION", status: "APPROVED" }, select: { userId: true, delegationId: true }, orderBy: { id: "asc" } });
const organiser = await db.registration.findFirstOrThrow({ where: { eventId: event.id, role: "ORGANISER" }, select: { userId: true } });
const user = (userId: string) => ({ kind: "user" as const, userId });

// Meetings waiting for a room, each with three wished times on different days.
const ids: string[] = [];
for (let i = 0; i < waitingCount; i++) {
  const [a, b] = [heads[(2 * i) % heads.length], heads[(2 * i + 1) % heads.length]];
  const slots = [0, 1, 2].map((d) => ({ date: addDaysToDate(startDate, (i + d) % 4), start: `${String(9 + (i % 8)).padStart(2, "0")}:30`, end: `${String(10 + (i % 8)).padStart(2, "0")}:15` }));
  const { id } = await requestBilateral(services, user(a.userId), event, { inviteeDelegationId: b.delegationId!, topic: `Bench meeting ${i}`, size: 4 + (i % 10), slots });
  await respondToBilateral(services, user(b.userId), event, id, { response: "accept" });
  ids.push(id);
}

const percentile = (values: number[], p: number) => [...values].sort((x, y) => x - y)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))];
const time = async (label: string, n: number, work: (i: number) => Promise<unknown>) => {
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    await work(i);
    ms.push(performance.now() - started);
  }
  console.log(`${label}: n=${n} median=${percentile(ms, 50).toFixed(1)} ms p99=${percentile(ms, 99).toFixed(1)} ms`);
};

await time(`organisers' overview (${waitingCount} waiting × 3 wished times, ${await db.bilateralMeeting.count()} meetings, ${await db.room.count()} rooms)`, runs, () =>
  listBilateralsForOrganisers(services, user(organiser.userId), event),
);
await time("a head's personal list (listBilateralsForViewer)", runs, (i) => listBilateralsForViewer(services, user(heads[i % heads.length].userId), event));
// Book every meeting that has a free room, as an organiser would: fresh suggestions, first room.
// A booking refused here would mean the suggestions and the booking's checks disagree.
const bookingMs: number[] = [];
let refused = 0;
for (;;) {
  const overview = await listBilateralsForOrganisers(services, user(organiser.userId), event);
  const meeting = overview.waiting.find((m) => m.suggestions.some((s) => s.rooms.length > 0));
  if (!meeting) {
    console.log(`meetings left without any free room that fits: ${overview.waiting.length}`);
    break;
  }
  const choice = meeting.suggestions.findIndex((s) => s.rooms.length > 0);
  const started = performance.now();
  try {
    await allocateBilateral(services, user(organiser.userId), event, meeting.id, { roomId: meeting.suggestions[choice].rooms[0].id, slot: choice });
  } catch (error) {
    refused++;
    console.log("refused:", (error as Error).message);
    break;
  }
  bookingMs.push(performance.now() - started);
}
console.log(`booking a suggested room (lock, check, write): n=${bookingMs.length} median=${percentile(bookingMs, 50).toFixed(1)} ms p99=${percentile(bookingMs, 99).toFixed(1)} ms; refused: ${refused}`);
await database.dispose();
