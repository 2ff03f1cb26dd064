-- The runtime role. The app connects as the migration owner and immediately `SET ROLE`s to this
-- role, which owns no table and cannot bypass row-level security: a forgotten WHERE returns
-- nothing instead of another district's rows. Roles are cluster-wide, so tolerate an existing one.
DO $$
BEGIN
    CREATE ROLE throughline_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
EXCEPTION WHEN duplicate_object THEN
    NULL;
END
$$;

DO $$
BEGIN
    EXECUTE format('GRANT throughline_app TO %I', current_user);
EXCEPTION WHEN duplicate_object OR invalid_grant_operation THEN
    -- Already a member, or a superuser who can SET ROLE anyway.
    NULL;
END
$$;

GRANT USAGE ON SCHEMA public TO throughline_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO throughline_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO throughline_app;

-- The context a request runs in, set per transaction by the tenancy gate with set_config(..., true).
CREATE FUNCTION app_district_id() RETURNS uuid
    LANGUAGE sql STABLE
    AS $$ SELECT NULLIF(current_setting('app.district_id', true), '')::uuid $$;

CREATE FUNCTION app_user_id() RETURNS uuid
    LANGUAGE sql STABLE
    AS $$ SELECT NULLIF(current_setting('app.user_id', true), '')::uuid $$;

-- True only when the signed-in person holds an ESE role (ESE staff see every district).
CREATE FUNCTION app_is_ese() RETURNS boolean
    LANGUAGE sql STABLE
    AS $$ SELECT coalesce(current_setting('app.ese', true), '') = 'on' $$;
