-- Security info: registered methods, one-time-code challenges, send limits, the audit log, and
-- when each session last proved its owner with a method.
ALTER TABLE sessions ADD COLUMN verified_at BIGINT;

CREATE TABLE methods (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    target TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (user_id, kind)
);

CREATE TABLE challenges (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
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
    used_at BIGINT
);
CREATE INDEX challenges_by_user ON challenges (user_id);

CREATE TABLE send_limits (
    scope TEXT PRIMARY KEY NOT NULL,
    window_start BIGINT NOT NULL,
    sends BIGINT NOT NULL,
    blocked_until BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE audit_log (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL,
    action TEXT NOT NULL,
    detail TEXT NOT NULL,
    ip TEXT NOT NULL,
    user_agent TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX audit_log_by_user ON audit_log (user_id, created_at);

-- Orders the dev outbox when several messages arrive within one second.
ALTER TABLE outbox ADD COLUMN sequence BIGINT NOT NULL DEFAULT 0;
