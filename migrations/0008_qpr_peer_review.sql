-- Peer review of Quarterly Progress Reports (seed 002 §8: a draft is reviewed "by ESE
-- Accountability staff and the other monitors"). A plan monitor has a role only in the districts
-- they monitor, so row-level security hides other districts' reports from them. These two
-- functions reveal exactly one thing across that boundary: which reports are in ESE review right
-- now, and in which district, so the app can open that one district's context for that one
-- report. They read as their owner, and `app.ese` is switched on only for the duration of the call
-- (a function's SET clause is undone when it returns), so they also work where the owner is
-- subject to the tables' forced row-level security.
-- Both answer nothing unless the caller (app.user_id) is a plan monitor somewhere or holds an
-- ESE role, so the app's own gate is not the only one.

CREATE FUNCTION qpr_peer_reviewer(person uuid) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = public
    SET app.ese = 'on'
    AS $$
        SELECT person IS NOT NULL AND (
            EXISTS (SELECT 1 FROM users u WHERE u.id = person AND u.active AND u.ese_role IS NOT NULL)
            OR EXISTS (SELECT 1 FROM district_roles r JOIN users u ON u.id = r.user_id
                       WHERE r.user_id = person AND r.role = 'plan_monitor' AND u.active))
    $$;
REVOKE ALL ON FUNCTION qpr_peer_reviewer(uuid) FROM PUBLIC;

-- The district of report `qpr` while it is in ESE review; NULL otherwise (or for anyone else).
CREATE FUNCTION qpr_in_peer_review(qpr uuid) RETURNS uuid
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = public
    SET app.ese = 'on'
    AS $$
        SELECT q.district_id FROM qprs q
        WHERE q.id = qpr AND q.status = 'ese_review' AND qpr_peer_reviewer(app_user_id())
    $$;
REVOKE ALL ON FUNCTION qpr_in_peer_review(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION qpr_in_peer_review(uuid) TO throughline_app;

-- Every report in ESE review, across districts: the review queue of ESE and the monitors.
CREATE FUNCTION qprs_in_peer_review()
    RETURNS TABLE (id uuid, district_id uuid, district_name text, period_start date, monitor_name text)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = public
    SET app.ese = 'on'
    AS $$
        SELECT q.id, q.district_id, d.name, q.period_start, mu.name
        FROM qprs q JOIN districts d ON d.id = q.district_id LEFT JOIN users mu ON mu.id = q.monitor_id
        WHERE q.status = 'ese_review' AND qpr_peer_reviewer(app_user_id())
        ORDER BY d.name, q.period_start
    $$;
REVOKE ALL ON FUNCTION qprs_in_peer_review() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION qprs_in_peer_review() TO throughline_app;
