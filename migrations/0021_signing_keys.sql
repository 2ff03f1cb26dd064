-- Keys the app signs with, made here once per database: first, the one-click unsubscribe links
-- in every email (RFC 8058), which must work without signing in and must not be forgeable.
-- 32 bytes from two random UUIDs (PostgreSQL's strong random source; 244 random bits).
CREATE TABLE signing_keys (
    purpose  text PRIMARY KEY,
    key      bytea NOT NULL CHECK (length(key) >= 32)
);
INSERT INTO signing_keys (purpose, key)
VALUES ('unsubscribe', uuid_send(gen_random_uuid()) || uuid_send(gen_random_uuid()));
-- The app reads its keys and never changes them.
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON signing_keys FROM throughline_app;
