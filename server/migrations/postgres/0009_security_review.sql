-- The security review. A decoy reset keeps its challenges as a real one does, so nobody can
-- tell them apart by how they answer: challenges no longer need an account behind them. Wrong
-- phone numbers typed in a reset are counted like wrong codes. Sign-in failures are counted
-- per account and per client address, not per typed name: the key says which.
ALTER TABLE challenges DROP CONSTRAINT IF EXISTS challenges_user_id_fkey;
CREATE INDEX challenges_by_session ON challenges (session_hash);

ALTER TABLE reset_flows ADD COLUMN number_failures BIGINT NOT NULL DEFAULT 0;
ALTER TABLE reset_flows DROP COLUMN decoy_failures;

DELETE FROM sign_in_failures;
ALTER TABLE sign_in_failures RENAME COLUMN username TO scope;
