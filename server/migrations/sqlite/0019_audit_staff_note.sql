-- What IT support wrote beside an action (a ticket, a reason), kept apart from Latchkey's own
-- words in `detail` so nobody can write an audit line that looks like another's (security.md 58).
ALTER TABLE audit_log ADD COLUMN note TEXT;
