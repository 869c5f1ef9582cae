-- IT support: staff roles, and Temporary Access Passes (security.md 48-50).
-- A role is 'helpdesk' or 'admin'; everyone else has NULL.
ALTER TABLE users ADD COLUMN role TEXT;

-- One pass per person (a new one replaces the old), stored as the SHA-256 of the pass.
CREATE TABLE access_passes (
    user_id TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    pass_hash TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    one_time INTEGER NOT NULL,
    used_at BIGINT,
    -- The staff member's user ID, or NULL when made with the command line.
    issued_by TEXT
);

-- A session begun with a pass: it reaches security info only, and ends when the pass expires.
ALTER TABLE sessions ADD COLUMN access_pass_until BIGINT;
