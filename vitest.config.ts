import path from "node:path";
import { defineConfig } from "vitest/config";

// Unit tests: pure logic beside the code (*.test.ts). Integration tests have their own config.
export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname),
      // Tests run on the server side of the app, where `server-only` is an empty module.
      "server-only": path.resolve(import.meta.dirname, "node_modules/server-only/empty.js"),
    },
  },
  test: {
    include: ["{app,components,lib,prisma,scripts}/**/*.test.{ts,tsx}"],
    exclude: ["**/*.integration.test.ts", "node_modules/**"],
  },
});
