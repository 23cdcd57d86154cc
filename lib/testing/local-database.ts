// Destructive test setup refuses a database that is not on this machine (house style rule 15).
export function assertLocalDatabase(url: string): void {
  const host = new URL(url).hostname;
  if (!["localhost", "127.0.0.1", "::1", "[::1]"].includes(host)) {
    throw new Error(`Refusing to create or reset test databases on ${host}: tests only run against a local PostgreSQL.`);
  }
}
