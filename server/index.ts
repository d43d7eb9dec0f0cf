import { startPlenary } from "./app.server.ts";
import { loadEnv } from "./env.server.ts";

const env = loadEnv();
const plenary = await startPlenary({ env });
const { logger } = plenary.services;

const readyMs = Math.round(process.uptime() * 1000);
logger.info(
  { url: plenary.url, database: plenary.database.kind, live: plenary.live.adapter, tz: process.versions.tz, readyMs },
  "Plenary is ready",
);
if (!process.env.ICU_TIMEZONE_FILES_DIR) {
  logger.warn({ tz: process.versions.tz }, "ICU_TIMEZONE_FILES_DIR is not set: times in Africa/Casablanca after 2026-09-20 will be off by one hour (start with npm run serve; decision 010)");
}

const demoUser = await plenary.services.db.user.findFirst({ where: { isDemo: true }, select: { id: true } });
if (demoUser) {
  process.stdout.write(
    [
      "",
      `  Plenary is running at ${plenary.url}  (ready in ${readyMs} ms, database: ${plenary.database.kind})`,
      "",
      `  Demo accounts — password: ${env.DEMO_PASSWORD}`,
      "    organiser@demo.plenary.test     organiser",
      "    admin@demo.plenary.test         administrator",
      "    checkin@demo.plenary.test       check-in staff",
      "    head1@demo.plenary.test …       heads of delegation (one per delegation)",
      "    delegate1@demo.plenary.test … delegate800@demo.plenary.test   accredited delegates",
      "",
    ].join("\n") + "\n",
  );
}

let signals = 0;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (++signals > 1) process.exit(1); // a second Ctrl+C means now
    plenary.close().then(
      () => process.exit(0),
      (error) => {
        logger.error({ err: error }, "shutdown failed");
        process.exit(1);
      },
    );
  });
}
