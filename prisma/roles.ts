// Least privilege in the database (docs/decisions/0019-database-roles.md). Run by the process
// that applies the migrations, as the owner role, after every migration run: the app's login
// role gets DML on the tables of every schema the owner has (public, pgboss, ...), INSERT and
// SELECT only on the audit trail, only reading the chain head and the migration history, and
// default privileges so that tables later migrations create are covered too.
// The app role owns nothing and cannot run DDL: it has no CREATE on any schema or database.
import pg from "pg";

export type RoleCheck = { appRole: string; ownerRole: string; appIsSuperuser: boolean; appOwnsObjects: number };

/** The user name of a postgres:// URL. */
export function roleOfUrl(url: string): string {
  return decodeURIComponent(new URL(url).username) || "postgres";
}

export async function grantAppRole(ownerUrl: string, appRole: string): Promise<RoleCheck> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    const app = client.escapeIdentifier(appRole);
    const { rows: who } = await client.query<{ owner: string; db: string }>("SELECT current_user AS owner, current_database() AS db");
    const owner = who[0]!.owner;
    const database = client.escapeIdentifier(who[0]!.db);
    if (owner === appRole) throw new Error(`The app role ${appRole} is the role that runs the migrations: give the app its own login role (MIGRATION_DATABASE_URL for the owner, DATABASE_URL for the app).`);
    const { rows: schemas } = await client.query<{ nspname: string }>(
      `SELECT nspname FROM pg_namespace
        WHERE (nspowner = (SELECT oid FROM pg_roles WHERE rolname = current_user) OR nspname = current_schema())
          AND nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema' ORDER BY nspname`,
    );
    const statements = [
      // The app may connect; it creates nothing, not even temporary tables.
      `GRANT CONNECT ON DATABASE ${database} TO ${app}`,
      `REVOKE CREATE, TEMPORARY ON DATABASE ${database} FROM ${app}`,
      `REVOKE TEMPORARY ON DATABASE ${database} FROM PUBLIC`,
    ];
    for (const { nspname } of schemas) {
      const schema = client.escapeIdentifier(nspname);
      statements.push(
        `REVOKE CREATE ON SCHEMA ${schema} FROM PUBLIC`,
        `REVOKE CREATE ON SCHEMA ${schema} FROM ${app}`,
        `GRANT USAGE ON SCHEMA ${schema} TO ${app}`,
        `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${schema} TO ${app}`,
        `REVOKE TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA ${schema} FROM ${app}`,
        `GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${schema} TO ${app}`,
      );
    }
    statements.push(
      // Tables and sequences created later by the owner (migrations, pg-boss at migration time).
      `ALTER DEFAULT PRIVILEGES FOR ROLE ${client.escapeIdentifier(owner)} GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${app}`,
      `ALTER DEFAULT PRIVILEGES FOR ROLE ${client.escapeIdentifier(owner)} GRANT USAGE, SELECT ON SEQUENCES TO ${app}`,
      `ALTER DEFAULT PRIVILEGES FOR ROLE ${client.escapeIdentifier(owner)} GRANT USAGE ON SCHEMAS TO ${app}`,
      // The audit trail: append and read, nothing else; the chain head only through the trigger.
      `REVOKE ALL ON TABLE "audit_log" FROM ${app}`,
      `GRANT SELECT, INSERT ON TABLE "audit_log" TO ${app}`,
      `REVOKE ALL ON TABLE "audit_chain_head" FROM ${app}`,
      `GRANT SELECT ON TABLE "audit_chain_head" TO ${app}`,
      `REVOKE ALL ON TABLE "_prisma_migrations" FROM ${app}`,
      `GRANT SELECT ON TABLE "_prisma_migrations" TO ${app}`,
    );
    await client.query("BEGIN");
    for (const sql of statements) await client.query(sql);
    await client.query("COMMIT");

    const { rows } = await client.query<{ superuser: boolean; owns: string }>(
      `SELECT r.rolsuper AS superuser,
              (SELECT count(*) FROM pg_class c WHERE c.relowner = r.oid)
            + (SELECT count(*) FROM pg_namespace n WHERE n.nspowner = r.oid)
            + (SELECT count(*) FROM pg_proc p WHERE p.proowner = r.oid)
            + (SELECT count(*) FROM pg_type t WHERE t.typowner = r.oid) AS owns
         FROM pg_roles r WHERE r.rolname = $1`,
      [appRole],
    );
    if (!rows[0]) throw new Error(`The app role ${appRole} does not exist on this server.`);
    return { appRole, ownerRole: owner, appIsSuperuser: rows[0].superuser, appOwnsObjects: Number(rows[0].owns) };
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}

/** One line saying what is wrong with the app role, or null when it has least privilege. */
export function roleProblem(check: RoleCheck): string | null {
  if (check.appIsSuperuser) return `The app's database role ${check.appRole} is a superuser: it could edit the audit trail. Give the app a role of its own (README, "Database roles").`;
  if (check.appOwnsObjects > 0) return `The app's database role ${check.appRole} owns ${check.appOwnsObjects} objects in this database: it could change them. Let the migration role own them (README, "Database roles").`;
  return null;
}
