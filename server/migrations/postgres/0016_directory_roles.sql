-- IT support's role as the directory grants it (membership of directory_helpdesk_group or
-- directory_admin_group), brought up to date at every sign-in.
ALTER TABLE users ADD COLUMN directory_role TEXT;
