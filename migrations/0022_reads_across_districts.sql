-- Reads that span districts (the dashboard, a monitor's or ESE's home) were slow at state scale:
-- 1. The child lookups lead with district_id, like the keys (migration 0020): a benchmark's
--    targets and measurements, an activity's statuses, a plan's parts are found within their
--    district in one index scan.
DROP INDEX measurements_benchmark_idx;
CREATE INDEX measurements_benchmark_idx ON measurements (district_id, benchmark_id, measured_on, recorded_at);
DROP INDEX benchmark_targets_benchmark_idx;
CREATE INDEX benchmark_targets_benchmark_idx ON benchmark_targets (district_id, benchmark_id, due_on);
DROP INDEX activity_updates_activity_idx;
CREATE INDEX activity_updates_activity_idx ON activity_updates (district_id, activity_id, as_of DESC, recorded_at DESC);
DROP INDEX activities_initiative_idx;
CREATE INDEX activities_initiative_idx ON activities (district_id, initiative_id, rank);
DROP INDEX initiatives_objective_idx;
CREATE INDEX initiatives_objective_idx ON initiatives (district_id, objective_id, rank);
DROP INDEX objectives_plan_idx;
CREATE INDEX objectives_plan_idx ON objectives (district_id, plan_id, rank);
DROP INDEX benchmarks_plan_idx;
CREATE INDEX benchmarks_plan_idx ON benchmarks (district_id, plan_id, rank);

-- 2. Row-level security reads the request's settings once per statement, not once per row: each
--    setting function is wrapped in a scalar subquery, which PostgreSQL evaluates once (an
--    InitPlan). The policies say the same as before.
DO $$
DECLARE
    p record;
    pattern constant text := '(app_district_id|app_is_ese|app_user_id)\(\)';
    -- "= ANY ((SELECT …))" would read as ANY (subquery); the cast keeps it an array expression.
    members constant text := 'ANY \(app_member_districts\(\)\)';
    members_once constant text := 'ANY ((SELECT app_member_districts())::uuid[])';
BEGIN
    FOR p IN
        SELECT pol.polname, cls.relname,
               pg_get_expr(pol.polqual, pol.polrelid) AS qual,
               pg_get_expr(pol.polwithcheck, pol.polrelid) AS checked
        FROM pg_policy pol
        JOIN pg_class cls ON cls.oid = pol.polrelid
        JOIN pg_namespace n ON n.oid = cls.relnamespace
        WHERE n.nspname = 'public'
    LOOP
        IF p.qual IS NOT NULL THEN
            EXECUTE format('ALTER POLICY %I ON %I USING (%s)', p.polname, p.relname,
                           regexp_replace(regexp_replace(p.qual, members, members_once, 'g'),
                                          pattern, '(SELECT \1())', 'g'));
        END IF;
        IF p.checked IS NOT NULL THEN
            EXECUTE format('ALTER POLICY %I ON %I WITH CHECK (%s)', p.polname, p.relname,
                           regexp_replace(regexp_replace(p.checked, members, members_once, 'g'),
                                          pattern, '(SELECT \1())', 'g'));
        END IF;
    END LOOP;
END $$;
