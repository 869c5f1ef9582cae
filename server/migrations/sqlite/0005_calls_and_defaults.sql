-- Calls: when the current call of a challenge was placed and how it ended ('confirmed',
-- 'declined', 'not_answered'); NULL while it rings.
ALTER TABLE challenges ADD COLUMN call_started_at BIGINT;
ALTER TABLE challenges ADD COLUMN call_result TEXT;
CREATE INDEX challenges_by_delivery ON challenges (delivery_id);

-- The person's default way to verify: the kind of one of their methods (one of each kind per
-- person, so a changed number stays the default) and the channel that reaches it.
ALTER TABLE users ADD COLUMN default_method_kind TEXT;
ALTER TABLE users ADD COLUMN default_channel TEXT;

-- Signed gateway callbacks already acted on, so a replayed one is refused.
CREATE TABLE gateway_callbacks (
    signature TEXT PRIMARY KEY NOT NULL,
    seen_at BIGINT NOT NULL
);
