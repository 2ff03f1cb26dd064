-- The header shows every signed-in person how many notifications they have not read, on every
-- page. The count rides on the statement that already loads the person for the request, which
-- runs before any row-level-security context exists, so it cannot read `notifications` directly
-- (a person reads only their own: user_id = app_user_id()). This function reads as its owner with
-- the context narrowed to `person` for the duration of the call only (a function's SET clause
-- restores app.user_id when it returns, also undoing the set_config inside), so it works where
-- the owner is itself subject to the table's forced row-level security. It reveals a number, never
-- a notification.
CREATE FUNCTION unread_notification_count(person uuid) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = public
    SET app.user_id = ''
    AS $$
DECLARE
    unread bigint;
BEGIN
    PERFORM set_config('app.user_id', person::text, true);
    SELECT count(*) INTO unread FROM notifications WHERE user_id = person AND read_at IS NULL;
    RETURN unread;
END
$$;
REVOKE ALL ON FUNCTION unread_notification_count(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION unread_notification_count(uuid) TO throughline_app;
