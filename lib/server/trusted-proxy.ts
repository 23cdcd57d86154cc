// Who is the client, and which host and protocol did they ask for? One rule for the whole app
// (docs/decisions/0018-sign-in-throttling.md): X-Forwarded-For, X-Forwarded-Host and
// X-Forwarded-Proto are believed only when TRUSTED_PROXY_HOPS (default 0) says how many proxies
// of ours stand in front of the server. With 0 the client address is the socket's and the host
// is the Host header: whatever a client writes into X-Forwarded-* is ignored.
//
// scripts/web-server.ts applies this to every request before Next.js sees it and replaces the
// three X-Forwarded-* headers with the result, so the app (clientAddress(), requestOrigin(), the
// same-origin check in proxy.ts, the open data API's rate limit) reads them as facts.
// Pure: no Next.js, no environment access (the caller passes `hops`).

export type RawHeaders = Record<string, string | string[] | undefined>;

export type ForwardedFacts = {
  /** The client's address (IPv4-mapped IPv6 unwrapped), or null when unknown. */
  address: string | null;
  /** Host (and port) the client asked for, or null when none is usable. */
  host: string | null;
  proto: "http" | "https";
};

const HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;
const ADDRESS = /^[0-9A-Fa-f:.]{2,45}$/;

/** The number of trusted proxy hops from TRUSTED_PROXY_HOPS' text: a whole number 0–10, else 0. */
export function parseHops(value: string | undefined): number {
  if (value === undefined || value.trim() === "") return 0;
  if (!/^\d{1,2}$/.test(value.trim())) throw new Error(`TRUSTED_PROXY_HOPS must be a whole number from 0 to 10, not "${value}"`);
  const hops = Number(value.trim());
  if (hops > 10) throw new Error(`TRUSTED_PROXY_HOPS must be a whole number from 0 to 10, not "${value}"`);
  return hops;
}

function values(headers: RawHeaders, name: string): string[] {
  const raw = headers[name];
  const joined = Array.isArray(raw) ? raw.join(",") : (raw ?? "");
  return joined.split(",").map((v) => v.trim()).filter((v) => v.length > 0);
}

function normaliseAddress(value: string | null | undefined): string | null {
  if (!value) return null;
  let v = value.trim();
  // "[2001:db8::1]:443" or "203.0.113.7:5123" as some proxies write them
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(v);
  if (bracketed) v = bracketed[1]!;
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(v)) v = v.slice(0, v.lastIndexOf(":"));
  if (v.toLowerCase().startsWith("::ffff:") && /^\d{1,3}(\.\d{1,3}){3}$/.test(v.slice(7))) v = v.slice(7);
  return ADDRESS.test(v) ? v.toLowerCase() : null;
}

function usableHost(value: string | undefined): string | null {
  const v = value?.trim();
  return v && v.length <= 255 && HOST.test(v) ? v.toLowerCase() : null;
}

/**
 * The client's address, host and protocol under `hops` trusted proxies. The address is taken
 * from the right of the chain `X-Forwarded-For + socket address`: each trusted proxy appends the
 * address it saw, so with N hops the client is the entry N places left of the socket's, and
 * anything further left was written by the client and is ignored. Host and protocol come from
 * the nearest proxy's X-Forwarded-Host / X-Forwarded-Proto (their last value) when hops > 0.
 */
export function forwardedFacts(input: { headers: RawHeaders; socketAddress: string | null | undefined; encrypted: boolean; hops: number }): ForwardedFacts {
  const { headers, hops } = input;
  const socket = normaliseAddress(input.socketAddress);
  const hostHeader = usableHost(Array.isArray(headers.host) ? headers.host[0] : headers.host);
  const socketProto = input.encrypted ? "https" : "http";
  if (hops <= 0) return { address: socket, host: hostHeader, proto: socketProto };

  const chain = [...values(headers, "x-forwarded-for"), input.socketAddress ?? ""];
  const index = Math.max(0, chain.length - 1 - hops);
  const address = normaliseAddress(chain[index]) ?? socket;
  const host = usableHost(values(headers, "x-forwarded-host").at(-1)) ?? hostHeader;
  const protoValue = values(headers, "x-forwarded-proto").at(-1)?.toLowerCase();
  const proto = protoValue === "https" || protoValue === "http" ? protoValue : socketProto;
  return { address, host, proto };
}

/**
 * Replaces the client-supplied X-Forwarded-For/-Host/-Proto (and X-Real-IP) of a Node request's
 * headers with the facts, so that nothing downstream can read what the client wrote.
 */
export function applyForwardedFacts(headers: RawHeaders, facts: ForwardedFacts): void {
  delete headers["x-real-ip"];
  delete headers["forwarded"];
  if (facts.address) headers["x-forwarded-for"] = facts.address;
  else delete headers["x-forwarded-for"];
  if (facts.host) headers["x-forwarded-host"] = facts.host;
  else delete headers["x-forwarded-host"];
  headers["x-forwarded-proto"] = facts.proto;
}
