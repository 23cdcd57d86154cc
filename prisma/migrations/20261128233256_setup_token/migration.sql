-- One-time setup links for the first administrator (lib/data/setup.ts, docs/decisions/0021).
-- CreateTable
CREATE TABLE "setup_token" (
    "id" SERIAL NOT NULL,
    "token_hash" CHAR(64) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "used_at" TIMESTAMPTZ(3),

    CONSTRAINT "setup_token_pkey" PRIMARY KEY ("id"),
    -- Only the SHA-256 of a token is stored, as 64 lower-case hex digits.
    CONSTRAINT "setup_token_hash_hex" CHECK ("token_hash" ~ '^[0-9a-f]{64}$'),
    CONSTRAINT "setup_token_expiry_after_creation" CHECK ("expires_at" > "created_at")
);

-- CreateIndex
CREATE UNIQUE INDEX "setup_token_token_hash_key" ON "setup_token"("token_hash");

-- CreateIndex
CREATE INDEX "setup_token_expires_at_idx" ON "setup_token"("expires_at");
