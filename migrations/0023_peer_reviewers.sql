-- The draft report goes to ESE Accountability *and the other monitors* for review (seed 002 §8).
-- A monitor's roles are visible only in their own districts, so the district that sends a report
-- for review cannot see who monitors elsewhere. This function tells it exactly that: the active
-- plan monitors of every other district, to be notified of a report in review, and only for a
-- report that is in review now and belongs to the caller's district context.
CREATE FUNCTION qpr_peer_reviewers(qpr uuid)
    RETURNS TABLE (user_id uuid, email text, email_notifications boolean)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = public
    SET app.ese = 'on'
    AS $$
        SELECT DISTINCT u.id, u.email, u.email_notifications
        FROM qprs q
        JOIN district_roles r ON r.role = 'plan_monitor' AND r.district_id <> q.district_id
        JOIN users u ON u.id = r.user_id AND u.active
        WHERE q.id = qpr AND q.status = 'ese_review'
          AND q.district_id = NULLIF(current_setting('app.district_id', true), '')::uuid
          -- The district's own monitors heard of it as its monitors, if at all.
          AND NOT EXISTS (SELECT 1 FROM district_roles own
                          WHERE own.district_id = q.district_id AND own.user_id = u.id
                            AND own.role = 'plan_monitor')
    $$;
REVOKE ALL ON FUNCTION qpr_peer_reviewers(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION qpr_peer_reviewers(uuid) TO throughline_app;
