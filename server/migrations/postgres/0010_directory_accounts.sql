-- People whose password lives in an LDAP directory or Active Directory: their local record
-- (security info, language, audit) is keyed by the directory's stable ID, so a renamed account
-- keeps its methods. Their password_hash is empty: Latchkey keeps no password of theirs.
ALTER TABLE users ADD COLUMN directory_id TEXT;
CREATE UNIQUE INDEX users_by_directory_id ON users (directory_id);
