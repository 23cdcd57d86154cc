// Keeps every server's page cache (lib/server/page-cache.ts) in step with the database: one
// connection LISTENs on the channel that the triggers of migration
// 20261129030000_page_cache_notify NOTIFY with the tags of each committed change. Whoever wrote
// (this server, another one, the importer, plain SQL), every server drops the entries named.
// While the connection is down nothing is served from or stored in the cache (a change could
// be missed then); when it is back the cache starts empty. See docs/decisions/0022-page-cache.md.
import type { Logger } from "pino";
import pg from "pg";
import { ALL, type PageCache } from "./page-cache";

export const CHANNEL = "keit_page_cache";

/** The tags of one notification: separated by spaces; `*` (or anything unreadable) means all. */
export function tagsOf(payload: string | undefined): string[] {
  const tags = (payload ?? "").split(/\s+/).filter(Boolean);
  return tags.length === 0 ? [ALL] : tags;
}

/** Drops the aggregates cached inside Next.js's bundle too (lib/data/aggregate-cache.ts registers it). */
function invalidateInsideNext(): void {
  const hook = (globalThis as { __keitInvalidateAggregates?: () => void }).__keitInvalidateAggregates;
  hook?.();
}

export function listenForInvalidations(cache: PageCache, databaseUrl: string, log: Logger): { stop: () => Promise<void> } {
  let client: pg.Client | null = null;
  let stopped = false;
  let retryMs = 500;
  let timer: NodeJS.Timeout | null = null;

  const down = (reason: string) => {
    if (cache.enabled) log.warn({ event: "page_cache_listener_down", reason }, "page cache off until the database can be watched again");
    cache.enabled = false;
    cache.invalidate([ALL]);
  };

  const connect = async () => {
    timer = null;
    if (stopped) return;
    const next = new pg.Client({ connectionString: databaseUrl, application_name: "keit-page-cache", keepAlive: true });
    next.on("error", (error) => {
      down(error.message);
      void next.end().catch(() => {});
      schedule();
    });
    next.on("notification", (message) => {
      if (message.channel !== CHANNEL) return;
      const tags = tagsOf(message.payload);
      const dropped = cache.invalidate(tags);
      invalidateInsideNext();
      log.debug({ event: "page_cache_invalidated", tags: tags.slice(0, 20), dropped }, "page cache invalidated");
    });
    try {
      await next.connect();
      await next.query(`LISTEN ${CHANNEL}`);
    } catch (error) {
      down(error instanceof Error ? error.message : String(error));
      void next.end().catch(() => {});
      schedule();
      return;
    }
    if (stopped) {
      await next.end().catch(() => {});
      return;
    }
    client = next;
    retryMs = 500;
    // Whatever changed while nobody listened is unknown: start empty.
    cache.invalidate([ALL]);
    invalidateInsideNext();
    cache.enabled = true;
    log.info({ event: "page_cache_listening", channel: CHANNEL }, "page cache on");
  };

  const schedule = () => {
    client = null;
    if (stopped || timer) return;
    timer = setTimeout(() => void connect(), retryMs);
    timer.unref();
    retryMs = Math.min(retryMs * 2, 10_000);
  };

  void connect();
  return {
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      cache.enabled = false;
      await client?.end().catch(() => {});
    },
  };
}
