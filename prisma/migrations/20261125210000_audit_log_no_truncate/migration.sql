-- The audit trail refuses TRUNCATE too (UPDATE and DELETE were already refused row by row).
-- Only a superuser who turns triggers off for their session (session_replication_role = replica),
-- as the test harness does to wipe its throw-away database, can empty it.
CREATE FUNCTION "audit_log_refuses_truncate"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only: TRUNCATE is not allowed' USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER "audit_log_no_truncate"
  BEFORE TRUNCATE ON "audit_log"
  FOR EACH STATEMENT EXECUTE FUNCTION "audit_log_refuses_truncate"();
