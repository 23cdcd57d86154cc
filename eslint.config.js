import nextCoreWebVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";

// Imports flow one way (issue 11): app → components → lib; lib uses nothing above it; prisma/
// (database tooling: migrations, seed, factories, embedded Postgres) serves scripts and tests but
// imports none of them; scripts never import e2e/. `import/no-restricted-paths` checks it on every
// `npm run lint`, so the direction is kept by the linter, not by memory.
const upward = (target, from, why) => ({ target, from, message: why });
const everywhere = [
  upward("./lib", ["./app", "./components", "./scripts", "./e2e"], "lib/ is the bottom layer: it imports nothing from app/, components/, scripts/ or e2e/."),
  upward("./components", ["./app", "./scripts", "./e2e", "./prisma"], "components/ import only lib/: pass route actions in as props."),
  upward("./app", ["./scripts", "./e2e"], "app/ imports components/ and lib/ only."),
  upward("./prisma", ["./app", "./components", "./scripts", "./e2e"], "prisma/ tooling is used by scripts and tests, never the other way round."),
  upward("./scripts", ["./app", "./components", "./e2e"], "scripts/ use lib/ and prisma/ tooling only."),
];
// Product code never reaches database tooling; tests (and lib/testing, their harness) may.
const productOnly = [
  upward("./lib", ["./prisma"], "lib/ never imports prisma/ tooling (only tests and lib/testing may)."),
  upward("./app", ["./prisma"], "app/ never imports prisma/ tooling (only tests may)."),
];
const layers = (zones) => ({ "import/no-restricted-paths": ["error", { zones }] });

const config = [
  { ignores: [".next/**", ".next-*/**", "node_modules/**", "lib/generated/**", ".data/**", "playwright-report/**", "test-results/**", "next-env.d.ts"] },
  ...nextCoreWebVitals,
  ...nextTypescript,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" }],
    },
  },
  { files: ["**/*.{ts,tsx,js,mjs}"], rules: layers([...everywhere, ...productOnly]) },
  { files: ["**/*.test.ts", "**/*.test.tsx", "lib/testing/**"], rules: layers(everywhere) },
];

export default config;
