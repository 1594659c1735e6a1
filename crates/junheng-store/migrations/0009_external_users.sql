-- Users who log in through a city's identity service (统一身份认证, OpenID Connect): the issuer
-- and the subject (`sub`) its ID tokens name them by. Both NULL for local users. An external
-- user has no password (password_hash is empty) and cannot log in with one; the server creates
-- the row at the first login and updates its role and scope from the claims at each login.
ALTER TABLE users ADD COLUMN sso_issuer TEXT;
ALTER TABLE users ADD COLUMN sso_subject TEXT;
CREATE UNIQUE INDEX users_sso ON users (sso_issuer, sso_subject);
