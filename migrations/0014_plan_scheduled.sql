-- Next year's plan, approved before its first school year begins, waits as 'scheduled' while the
-- current approved plan stays in force; a job makes it approved on July 1 (src/plans/switch.rs).
ALTER TYPE plan_status ADD VALUE IF NOT EXISTS 'scheduled' AFTER 'approved';

-- At most one plan on its way per district: a draft, one under review, or one waiting for its
-- year. The predicate names only the older values because a value added by ALTER TYPE cannot be
-- used in the transaction that added it.
CREATE UNIQUE INDEX plans_one_next ON plans (district_id) WHERE status NOT IN ('approved', 'archived');
