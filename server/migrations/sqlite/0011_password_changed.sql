-- When a built-in account's password was last set, shown beside "Password" on Security info.
-- NULL for accounts made before this column (not known) and for directory accounts (the
-- directory says).
ALTER TABLE users ADD COLUMN password_changed_at BIGINT;
