-- The web app serves as its own LOGIN role instead of the migration owner switching with
-- `SET ROLE`: a connection that can `RESET ROLE` is one statement away from bypassing row-level
-- security. The role's password is a random secret kept here, readable only by the owner; every
-- instance that starts with the owner's URL reads it and connects as `throughline_app` with it.
CREATE TABLE serving_credentials (
    only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    password text NOT NULL
);

-- The default privileges of 0001 grant the app role every new table; not this one.
REVOKE ALL ON serving_credentials FROM throughline_app;

INSERT INTO serving_credentials (password)
VALUES (replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''));
