-- Wrong passwords Latchkey sent to the directory for a person within the directory's
-- observation window, so that it stops before the directory's lockout threshold (security.md
-- 52). One row per person and kind of browser (`directory:ID`, `directory-familiar:ID`).
CREATE TABLE directory_tries (
    scope TEXT PRIMARY KEY NOT NULL,
    tries BIGINT NOT NULL,
    last_try_at BIGINT NOT NULL
);

-- Browsers a person signed in from before: the hash of the browser's random cookie, and whose.
CREATE TABLE familiar_browsers (
    token_hash TEXT NOT NULL,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    signed_in_at BIGINT NOT NULL,
    PRIMARY KEY (token_hash, user_id)
);
