import http from "node:http";
import type { AddressInfo } from "node:net";
import pg from "pg";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { db, disconnectDb } from "@/lib/db";
import { isDatabaseUnavailable, noteDatabaseFailure, sinceLastDatabaseFailure } from "@/lib/server/database-unavailable";
import { currentRequest, runWithRequest } from "@/lib/server/logger";
import { guardUnavailable, stopGracefully } from "@/lib/server/unavailable-response";

// What the app does when PostgreSQL is away or slow (docs/decisions/0028-database-outages-and-shutdown.md),
// against a real PostgreSQL and a real (closed) port: failed queries are recognised and mark
// their request, the front server turns the resulting 5xx into a friendly 503 without a stack
// trace, the timeouts from DATABASE_*_TIMEOUT_MS bound a query, and a stopping server lets its
// requests in flight finish while refusing new ones. `npm run drills` does the same end to end.

const testUrl = process.env.DATABASE_URL!;
/** A port nothing listens on: a PostgreSQL that is stopped. */
const stoppedUrl = testUrl.replace(/@[^/]+\//, "@127.0.0.1:1/");
const saved = { ...process.env };

afterEach(async () => {
  await disconnectDb();
  for (const name of ["DATABASE_URL", "DATABASE_STATEMENT_TIMEOUT_MS", "DATABASE_LOCK_TIMEOUT_MS", "DATABASE_CONNECT_TIMEOUT_MS"]) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
});

type Server = { url: string; server: http.Server };

async function frontServer(render: (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>): Promise<Server> {
  let n = 0;
  const server = http.createServer((req, res) => {
    const requestId = `test-${++n}`;
    runWithRequest({ requestId, address: null }, () => {
      if (guardUnavailable(req, res, requestId)) return;
      void render(req, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

/** Next.js's way of failing a page: status 500 and its error page (here with a stack trace in it). */
function failLikeNext(res: http.ServerResponse, error: unknown) {
  res.statusCode = 500;
  res.setHeader("Content-Type", "text/html; charset=utf-8");
  res.end(`<html><body>Error: ${String(error)}\n    at renderPage (/app/.next/server/chunks/page.js:1:2)</body></html>`);
}

const servers: http.Server[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
});

describe("a failing page", () => {
  it("keeps its 500 when the database was not the cause", async () => {
    // Runs first: no query has failed for lack of a database in this process yet.
    expect(sinceLastDatabaseFailure()).toBeGreaterThan(1_000);
    const { url, server } = await frontServer(async (_req, res) => failLikeNext(res, new Error("a bug")));
    servers.push(server);
    const response = await fetch(`${url}/ko`);
    expect(response.status).toBe(500);
  });

  it("answers 503 with a friendly page and no stack trace when PostgreSQL is stopped", async () => {
    const { url, server } = await frontServer(async (_req, res) => {
      process.env.DATABASE_URL = stoppedUrl;
      try {
        await db().project.count();
        res.end("unexpected: the query succeeded");
      } catch (error) {
        expect(currentRequest()?.databaseUnavailable).toBe(true);
        failLikeNext(res, error);
      }
    });
    servers.push(server);
    const response = await fetch(`${url}/ko/projects/x`);
    const body = await response.text();
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("5");
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("content-type")).toContain("text/html");
    expect(body).toContain("서비스를 잠시 이용할 수 없습니다");
    expect(body).toContain("The service is briefly unavailable");
    expect(body).toContain("test-");
    expect(body).not.toMatch(/at renderPage|\.js:\d|Error:|ECONNREFUSED|Prisma/);
  });

  it("answers the API with a JSON problem instead", async () => {
    const { url, server } = await frontServer(async (_req, res) => {
      noteDatabaseFailure(Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" }));
      failLikeNext(res, new Error("boom"));
    });
    servers.push(server);
    const response = await fetch(`${url}/api/v1/projects`);
    expect(response.status).toBe(503);
    expect(response.headers.get("content-type")).toContain("application/problem+json");
    expect(await response.json()).toMatchObject({ status: 503, title: "The service is briefly unavailable" });
  });
});

describe("isDatabaseUnavailable", () => {
  it("recognises a stopped server through Prisma's wrapping", async () => {
    process.env.DATABASE_URL = stoppedUrl;
    const error = await db().project.count().then(() => null, (e: unknown) => e);
    expect(error).not.toBeNull();
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it("recognises a statement cancelled by DATABASE_STATEMENT_TIMEOUT_MS, within the bound", async () => {
    process.env.DATABASE_STATEMENT_TIMEOUT_MS = "300";
    const started = Date.now();
    const error = await db().$queryRaw`SELECT pg_sleep(5)`.then(() => null, (e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(4_000);
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it("recognises a lock wait cut by DATABASE_LOCK_TIMEOUT_MS", async () => {
    const holder = new pg.Client({ connectionString: testUrl });
    await holder.connect();
    try {
      await holder.query("BEGIN");
      await holder.query("LOCK TABLE project IN ACCESS EXCLUSIVE MODE");
      process.env.DATABASE_LOCK_TIMEOUT_MS = "300";
      const started = Date.now();
      const error = await db().project.count().then(() => null, (e: unknown) => e);
      expect(Date.now() - started).toBeLessThan(4_000);
      expect(isDatabaseUnavailable(error)).toBe(true);
    } finally {
      await holder.query("ROLLBACK");
      await holder.end();
    }
  });

  it("does not take a wrong query or a broken rule for an outage", async () => {
    const syntax = await db().$queryRawUnsafe("SELEC 1").then(() => null, (e: unknown) => e);
    expect(syntax).not.toBeNull();
    expect(isDatabaseUnavailable(syntax)).toBe(false);
    expect(isDatabaseUnavailable(new Error("Cannot read properties of undefined"))).toBe(false);
    expect(isDatabaseUnavailable({ code: "P2002" })).toBe(false);
  });

  it("recovers by itself: the next query after the outage succeeds on the same client", async () => {
    expect(await db().project.count()).toBeGreaterThanOrEqual(0);
  });
});

describe("stopping the front server", () => {
  it("finishes requests in flight, refuses new ones, then exits", async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => { release = resolve; });
    const { url, server } = await frontServer(async (_req, res) => {
      await gate;
      res.end("done");
    });
    const inFlight = fetch(`${url}/ko`).then(async (r) => ({ status: r.status, body: await r.text() }));
    await new Promise((r) => setTimeout(r, 200));
    const exited = new Promise<void>((resolve) => stopGracefully(server, { graceMs: 5_000, exit: resolve, log: () => {} }));
    const refused = await fetch(`${url}/ko`).then((r) => r.status, (e: { cause?: { code?: string } }) => e.cause?.code);
    expect(refused).toBe("ECONNREFUSED");
    release();
    expect(await inFlight).toEqual({ status: 200, body: "done" });
    await exited;
  });
});
