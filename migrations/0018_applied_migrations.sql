-- Which migrations this database has run, for the readiness check: an instance is ready only
-- when every migration it was built with has run. sqlx's own table is made before the first
-- migration grants anything, so the serving role reads it through this function alone.
CREATE FUNCTION applied_migrations() RETURNS SETOF bigint
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = public
    AS $$ SELECT version FROM _sqlx_migrations WHERE success ORDER BY version $$;
REVOKE ALL ON FUNCTION applied_migrations() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION applied_migrations() TO throughline_app;
