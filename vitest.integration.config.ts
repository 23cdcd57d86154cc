import path from "node:path";
import { defineConfig } from "vitest/config";

// Integration tests: lib/data and the database layer against a real PostgreSQL (embedded by
// default, TEST_DATABASE_URL for another server). One throw-away database per run; files run one
// after another because they share it and reset it with TRUNCATE.
export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname),
      // Tests run on the server side of the app, where `server-only` is an empty module.
      "server-only": path.resolve(import.meta.dirname, "node_modules/server-only/empty.js"),
    },
  },
  test: {
    include: ["{app,components,lib,prisma,scripts}/**/*.integration.test.ts"],
    globalSetup: ["lib/testing/global-setup.ts"],
    setupFiles: ["lib/testing/setup-database-env.ts"],
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
