-- Account states the web and the command line manage (issue 11):
-- * must_change_password: 1 after an administrator set a one-time password; the user changes it
--   at the next login before anything else, which sets it back to 0.
-- * locked_until: while set and in the future, the login name is locked after repeated failed
--   logins (RFC 3339 UTC); an administrator may unlock it earlier. Not backed up: a lock is
--   transient, like a session.
ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN locked_until TEXT;
