import { existsSync } from "node:fs";
import { defineConfig, devices } from "@playwright/test";

// End-to-end tests drive a real Chromium against the production build, served by
// scripts/e2e-server.ts (which owns its own embedded PostgreSQL with a fresh database).
const PORT = Number(process.env.E2E_PORT ?? 3210);
const executablePath = process.env.CHROMIUM_PATH ?? (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);

const chromium = {
  ...devices["Desktop Chrome"],
  launchOptions: {
    executablePath,
    // Without these, Chromium keeps trying to reach Google's hosts on this closed network.
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  },
};

const PUBLISHING = /(page-cache|structure-editor)\.spec\.ts/;

export default defineConfig({
  testDir: "e2e",
  // Long flows (compare, export, evaluate; every facet in turn) take more than 30 s on 2 cores with 2 workers.
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  workers: process.env.CI ? 2 : undefined,
  retries: 0,
  forbidOnly: true,
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    trace: "retain-on-failure",
    locale: "ko-KR",
    timezoneId: "Asia/Seoul",
  },
  projects: [
    {
      name: "chromium",
      // Publishing changes every count of the portfolio that other specs check: the specs that
      // publish a project of their own run after them.
      testIgnore: PUBLISHING,
      use: chromium,
    },
    {
      name: "publishing",
      testMatch: PUBLISHING,
      dependencies: ["chromium"],
      use: chromium,
    },
  ],
  webServer: {
    command: "node --conditions=react-server --import tsx scripts/e2e-server.ts",
    url: `http://127.0.0.1:${PORT}/ko`,
    // Request log lines of every page would bury the test report: warnings and errors only.
    env: { E2E_PORT: String(PORT), LOG_LEVEL: process.env.LOG_LEVEL ?? "warn" },
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "pipe",
    stderr: "pipe",
    // The default SIGKILL would leave the embedded PostgreSQL locked.
    gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
  },
});
