import "server-only";

// Aggregates (counts, totals, facet counts, statistics) are kept for a short while: at 100k
// projects they cost 0.1–1 s of database time, and the same ones are asked for on every visit.
// Writes in this process clear them at once (invalidatePortfolioAggregates); other processes clear
// them when the database notifies a change of the public portfolio (the front server's LISTEN
// connection calls __keitInvalidateAggregates, lib/server/page-cache-listener.ts), and everything else within
// TTL_MS. Lists are always read live. See docs/decisions/0008-portfolio-performance.md and 0022.
const TTL_MS = 30_000;
const MAX_ENTRIES = 500;
// One map for the whole process: Next.js's bundle can hold several copies of this module (one per
// chunk that uses it), and the front server runs outside the bundle and reaches it through
// globalThis.__keitInvalidateAggregates (lib/server/page-cache-listener.ts).
type Shared = { __keitAggregateCache?: Map<string, { at: number; value: Promise<unknown> }>; __keitInvalidateAggregates?: () => void };
const shared = globalThis as Shared;
const cache = (shared.__keitAggregateCache ??= new Map());
shared.__keitInvalidateAggregates ??= () => cache.clear();

export function cachedAggregate<T>(key: string, compute: () => Promise<T>): Promise<T> {
  const now = Date.now();
  const hit = cache.get(key);
  if (hit && now - hit.at < TTL_MS) return hit.value as Promise<T>;
  const value = compute();
  cache.set(key, { at: now, value });
  value.catch(() => cache.delete(key));
  if (cache.size > MAX_ENTRIES) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
  return value;
}

/** Called by every write that can change what the portfolio counts. */
export function invalidatePortfolioAggregates(): void {
  cache.clear();
}
