-- Password reset: one record per "Get back into your account", proven step by step. The flow's
-- ID lives only in the person's cookie; the database keeps its hash.
CREATE TABLE reset_flows (
    id_hash TEXT PRIMARY KEY NOT NULL,
    -- NULL for a decoy: an unknown, disabled or method-less name goes through the same screens.
    user_id TEXT,
    -- HMAC of the name typed: the key of its limits and decoys.
    name_key TEXT NOT NULL,
    steps_required BIGINT NOT NULL,
    -- Method kinds proven so far, in order, comma-separated.
    proven_kinds TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    finished_at BIGINT,
    -- Wrong codes typed against a decoy, so it gives up after five as a real code does.
    decoy_failures BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX reset_flows_by_user ON reset_flows (user_id);

-- Proof-of-work puzzles already used, so each is used once.
CREATE TABLE spent_puzzles (
    puzzle_hash TEXT PRIMARY KEY NOT NULL,
    spent_at BIGINT NOT NULL
);

-- Keys this installation made for itself (behind decoys and puzzles), shared by every replica.
CREATE TABLE server_keys (
    name TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
);
