-- The security review. A decoy reset keeps its challenges as a real one does, so nobody can
-- tell them apart by how they answer: challenges no longer need an account behind them. Wrong
-- phone numbers typed in a reset are counted like wrong codes. Sign-in failures are counted
-- per account and per client address, not per typed name: the key says which.
CREATE TABLE challenges_new (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL,
    session_hash TEXT NOT NULL,
    purpose TEXT NOT NULL,
    method_kind TEXT NOT NULL,
    channel TEXT NOT NULL,
    target TEXT NOT NULL,
    code_hash TEXT NOT NULL,
    failures BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    resend_after BIGINT NOT NULL,
    used_at BIGINT,
    delivery_id TEXT,
    call_started_at BIGINT,
    call_result TEXT,
    passkey_state TEXT
);
INSERT INTO challenges_new (id, user_id, session_hash, purpose, method_kind, channel, target,
    code_hash, failures, created_at, expires_at, resend_after, used_at, delivery_id,
    call_started_at, call_result, passkey_state)
SELECT id, user_id, session_hash, purpose, method_kind, channel, target, code_hash, failures,
    created_at, expires_at, resend_after, used_at, delivery_id, call_started_at, call_result,
    passkey_state
FROM challenges;
DROP TABLE challenges;
ALTER TABLE challenges_new RENAME TO challenges;
CREATE INDEX challenges_by_user ON challenges (user_id);
CREATE INDEX challenges_by_delivery ON challenges (delivery_id);
CREATE INDEX challenges_by_session ON challenges (session_hash);

ALTER TABLE reset_flows ADD COLUMN number_failures BIGINT NOT NULL DEFAULT 0;
ALTER TABLE reset_flows DROP COLUMN decoy_failures;

DELETE FROM sign_in_failures;
ALTER TABLE sign_in_failures RENAME COLUMN username TO scope;
