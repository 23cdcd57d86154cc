import { chmodSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { postgresCannotEnter } from "./postgres-permissions";

// Issue 9, finding 7: as root, a checkout in a folder the postgres user cannot enter (a clone in
// /root, mode 700) crashed npm start with initdb's EACCES stack trace.
const root = mkdtempSync(path.join(os.tmpdir(), "keit-perm-"));
// A user that owns nothing here, like the postgres OS user.
const stranger = { uid: 654_321, gid: 654_321 };

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("postgresCannotEnter", () => {
  it("names the first folder the postgres user cannot enter, and what to do", () => {
    const closed = path.join(root, "closed");
    mkdirSync(path.join(closed, "checkout", ".data"), { recursive: true });
    chmodSync(root, 0o755);
    chmodSync(closed, 0o700);
    const message = postgresCannotEnter(path.join(closed, "checkout", ".data", "postgres-dev"), stranger);
    expect(message).toContain(`cannot enter ${closed} (mode 700)`);
    expect(message).toMatch(/ordinary user.*DATABASE_URL/);
  });

  it("is content when every folder above can be entered", () => {
    const open = path.join(root, "open");
    mkdirSync(path.join(open, "checkout"), { recursive: true });
    chmodSync(root, 0o755);
    chmodSync(open, 0o755);
    expect(postgresCannotEnter(path.join(open, "checkout", ".data", "postgres-dev"), stranger)).toBeNull();
  });
});
