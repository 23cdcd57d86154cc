-- The audit hash chain (docs/decisions/0020-audit-hash-chain.md) moved its head row once per
-- inserted entry. An import appends tens of thousands of entries in one transaction (issue 7), and
-- every move left a new version of the head row that nothing can prune while that transaction is
-- open, so each append walked all earlier versions: quadratic (10,000 entries took minutes). Now
-- the row trigger takes the entry before it from audit_log itself (the last entry of this
-- statement, found by the unique chain_seq index; PostgreSQL shows a row-level BEFORE trigger the
-- rows its statement already inserted) and the head moves once per statement, from the
-- statement's new rows. The lock on the head, the hash and every guarantee stay as they were
-- (docs/decisions/0025-spending-import-and-set-based-apply.md).
CREATE OR REPLACE FUNCTION "audit_log_chain"() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
  head "audit_chain_head"%ROWTYPE;
  last_seq bigint;
  last_hash char(64);
BEGIN
  SELECT * INTO head FROM "audit_chain_head" WHERE id = 1 FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'audit_chain_head is missing: the audit hash chain cannot continue';
  END IF;
  -- Entries past the head are this statement's own (the head lock keeps everyone else out).
  SELECT a.chain_seq, a.hash INTO last_seq, last_hash FROM "audit_log" a WHERE a.chain_seq > head.seq ORDER BY a.chain_seq DESC LIMIT 1;
  IF last_seq IS NULL THEN
    last_seq := head.seq;
    last_hash := head.hash;
  END IF;
  NEW.chain_seq := last_seq + 1;
  NEW.prev_hash := last_hash;
  NEW.hash := NULL;
  NEW.hash := encode(sha256(convert_to("audit_log_canonical"(NEW), 'UTF8')), 'hex');
  RETURN NEW;
END;
$$;
REVOKE ALL ON FUNCTION "audit_log_chain"() FROM PUBLIC;

-- Moves the head to the last entry of the statement, once.
CREATE FUNCTION "audit_log_chain_head"() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
BEGIN
  UPDATE "audit_chain_head" h SET seq = n.chain_seq, hash = n.hash
    FROM (SELECT chain_seq, hash FROM new_rows WHERE chain_seq IS NOT NULL ORDER BY chain_seq DESC LIMIT 1) n
    WHERE h.id = 1 AND n.chain_seq > h.seq;
  RETURN NULL;
END;
$$;
REVOKE ALL ON FUNCTION "audit_log_chain_head"() FROM PUBLIC;

CREATE TRIGGER "audit_log_chain_head"
  AFTER INSERT ON "audit_log"
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "audit_log_chain_head"();
