import { fileURLToPath } from "node:url";
import { defineConfig } from "@playwright/test";

// Node's ICU time zone data lags the tzdb (Morocco, 2026c): the server started by the workers loads
// the patched data in server/icu-tzdata (decision 010), like Chromium's own up-to-date data.
process.env.ICU_TIMEZONE_FILES_DIR ??= fileURLToPath(new URL("./server/icu-tzdata", import.meta.url));

// Debian's Chromium (apt-get install chromium); Playwright's own browser download is not used.
const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  use: {
    browserName: "chromium",
    launchOptions: {
      executablePath: chromiumPath,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
    trace: "retain-on-failure",
  },
});
