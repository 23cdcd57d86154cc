-- CreateEnum
CREATE TYPE "SignInOutcome" AS ENUM ('PENDING', 'SUCCESS', 'FAILED', 'THROTTLED');

-- AlterTable
ALTER TABLE "audit_log" ADD COLUMN     "chain_seq" BIGINT,
ADD COLUMN     "hash" CHAR(64),
ADD COLUMN     "prev_hash" CHAR(64);

-- AlterTable
ALTER TABLE "user_session" ADD COLUMN     "last_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- CreateTable
CREATE TABLE "sign_in_attempt" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "email" VARCHAR(254) NOT NULL,
    "ip" VARCHAR(64),
    "outcome" "SignInOutcome" NOT NULL,

    CONSTRAINT "sign_in_attempt_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_chain_head" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "seq" BIGINT NOT NULL,
    "hash" CHAR(64) NOT NULL,

    CONSTRAINT "audit_chain_head_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "user_session_last_seen_at_idx" ON "user_session"("last_seen_at");

-- CreateIndex
CREATE INDEX "sign_in_attempt_email_at_idx" ON "sign_in_attempt"("email", "at" DESC);

-- CreateIndex
CREATE INDEX "sign_in_attempt_ip_at_idx" ON "sign_in_attempt"("ip", "at" DESC);

-- CreateIndex
CREATE INDEX "sign_in_attempt_at_idx" ON "sign_in_attempt"("at");

-- CreateIndex
CREATE UNIQUE INDEX "audit_log_chain_seq_key" ON "audit_log"("chain_seq");

-- Added by hand (docs/decisions/0020-audit-hash-chain.md) ----------------------------------------

-- The canonical content of an entry: every column but its own hash, in a fixed order, as jsonb
-- text (deterministic: jsonb sorts object keys), the time as milliseconds since the epoch (no
-- dependence on the session's TimeZone). scripts/audit-verify.ts has its own copy of this
-- expression, so that replacing this function cannot fool the verification.
CREATE FUNCTION "audit_log_canonical"(e "audit_log") RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT jsonb_build_array(
    e.chain_seq, e.id, (extract(epoch FROM e.at) * 1000)::bigint, e.actor_id, e.actor_email, e.ip,
    e.action, e.outcome::text, e.entity_type, e.entity_id, e.project_id, e.before, e.after, e.reason,
    e.prev_hash
  )::text
$$;

-- Appends each new entry to the chain. The head row is locked FOR UPDATE until the inserting
-- transaction ends, so concurrent writers chain one after another and never fork (under
-- REPEATABLE READ a concurrent append raises a serialization error instead). SECURITY DEFINER:
-- the app's role has no privilege on the head, and whatever it puts in the three columns is
-- overwritten.
CREATE FUNCTION "audit_log_chain"() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
  head "audit_chain_head"%ROWTYPE;
BEGIN
  SELECT * INTO head FROM "audit_chain_head" WHERE id = 1 FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'audit_chain_head is missing: the audit hash chain cannot continue';
  END IF;
  NEW.chain_seq := head.seq + 1;
  NEW.prev_hash := head.hash;
  NEW.hash := NULL;
  NEW.hash := encode(sha256(convert_to("audit_log_canonical"(NEW), 'UTF8')), 'hex');
  UPDATE "audit_chain_head" SET seq = NEW.chain_seq, hash = NEW.hash WHERE id = 1;
  RETURN NEW;
END;
$$;
REVOKE ALL ON FUNCTION "audit_log_chain"() FROM PUBLIC;

-- Chain the entries written before this migration, in id order, from the genesis hash (64 zeros).
ALTER TABLE "audit_log" DISABLE TRIGGER "audit_log_append_only";
DO $$
DECLARE
  r record;
  n bigint := 0;
  prev char(64) := repeat('0', 64);
  h char(64);
BEGIN
  FOR r IN SELECT id FROM "audit_log" ORDER BY id LOOP
    n := n + 1;
    UPDATE "audit_log" SET chain_seq = n, prev_hash = prev, hash = NULL WHERE id = r.id;
    SELECT encode(sha256(convert_to("audit_log_canonical"(a), 'UTF8')), 'hex') INTO h FROM "audit_log" a WHERE a.id = r.id;
    UPDATE "audit_log" SET hash = h WHERE id = r.id;
    prev := h;
  END LOOP;
  INSERT INTO "audit_chain_head" (id, seq, hash) VALUES (1, n, prev);
END;
$$;
ALTER TABLE "audit_log" ENABLE TRIGGER "audit_log_append_only";

CREATE TRIGGER "audit_log_chain"
  BEFORE INSERT ON "audit_log"
  FOR EACH ROW EXECUTE FUNCTION "audit_log_chain"();

-- The head is one row that nobody deletes.
ALTER TABLE "audit_chain_head" ADD CONSTRAINT "audit_chain_head_one_row" CHECK (id = 1);
ALTER TABLE "sign_in_attempt" ADD CONSTRAINT "sign_in_attempt_email_not_blank" CHECK (length(email) > 0);
