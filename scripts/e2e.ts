// `npm run test:e2e`: checks that a Chromium is available, builds the app, runs Playwright.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { PROJECT_ROOT } from "../prisma/embedded-postgres";
import { buildApp } from "./next-server";

const bin = (name: string) => path.join(PROJECT_ROOT, "node_modules", ".bin", name);

function findChromium(): string | null {
  if (process.env.CHROMIUM_PATH && existsSync(process.env.CHROMIUM_PATH)) return process.env.CHROMIUM_PATH;
  if (existsSync("/usr/bin/chromium")) return "/usr/bin/chromium";
  const probe = spawnSync(process.execPath, ["-e", "process.stdout.write(require('playwright-core').chromium.executablePath())"], { cwd: PROJECT_ROOT, encoding: "utf8" });
  const own = probe.stdout?.trim();
  return own && existsSync(own) ? own : null;
}

const chromium = findChromium();
if (!chromium) {
  console.error(
    "No Chromium found for the end-to-end tests.\n" +
      "  On Debian/Ubuntu: sudo apt-get update && sudo apt-get install -y chromium fonts-noto-cjk\n" +
      "  With internet access: npx playwright install chromium\n" +
      "  Or point CHROMIUM_PATH at a Chromium or Chrome binary.",
  );
  process.exit(1);
}

const env = { ...process.env, CHROMIUM_PATH: chromium, NEXT_TELEMETRY_DISABLED: "1" };
// Always build: the suite must test the code as it is now, not an older build.
if (!process.argv.includes("--no-build")) buildApp();
const args = process.argv.slice(2).filter((a) => a !== "--no-build");
const run = spawnSync(bin("playwright"), ["test", ...args], { cwd: PROJECT_ROOT, env, stdio: "inherit" });
process.exit(run.status ?? 1);
