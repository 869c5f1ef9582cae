-- When the directory was last asked about the person (disabled, locked, expired or removed, and
-- IT support's role by its groups): shared by every replica, so each re-checks an open session
-- at most once per directory_recheck, and a staff role is at most a minute old (security.md 53).
ALTER TABLE users ADD COLUMN directory_checked_at BIGINT;
