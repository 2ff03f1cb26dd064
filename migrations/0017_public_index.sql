-- The public index (/public): every district with an approved plan or a posted report, with what
-- a visitor may open there. A visitor has no district to confine row-level security to, so this
-- reads across districts as its owner; it returns only what each district's public page already
-- shows (the approved plan's title and years, the posted reports), never a draft.
CREATE FUNCTION public_districts()
    RETURNS TABLE (
        id uuid,
        name text,
        slug text,
        accountability_level smallint,
        plan_title text,
        plan_first_school_year smallint,
        plan_last_school_year smallint,
        posted_reports bigint,
        latest_report_id uuid,
        latest_period_start date
    )
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = public
    SET app.ese = 'on'
    AS $$
        SELECT d.id, d.name, d.slug, d.accountability_level,
               p.title, p.first_school_year, p.last_school_year,
               coalesce(q.posted, 0), q.latest_id, q.latest_start
        FROM districts d
        LEFT JOIN LATERAL (
            SELECT title, first_school_year, last_school_year FROM plans
            WHERE district_id = d.id AND status = 'approved'
            ORDER BY first_school_year DESC, created_at DESC LIMIT 1
        ) p ON true
        LEFT JOIN LATERAL (
            SELECT count(*) AS posted,
                   (array_agg(id ORDER BY period_start DESC))[1] AS latest_id,
                   max(period_start) AS latest_start
            FROM qprs
            WHERE district_id = d.id AND status = 'published' AND posted_at IS NOT NULL
        ) q ON true
        WHERE p.title IS NOT NULL OR q.posted > 0
        ORDER BY lower(d.name) COLLATE "C"
    $$;
REVOKE ALL ON FUNCTION public_districts() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION public_districts() TO throughline_app;
