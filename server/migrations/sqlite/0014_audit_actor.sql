-- The staff member who acted, on audit entries IT support wrote (NULL: the person themselves,
-- or the system). Lets the audit log be filtered by staff member.
ALTER TABLE audit_log ADD COLUMN actor_id TEXT;
CREATE INDEX audit_log_by_time ON audit_log (created_at);
