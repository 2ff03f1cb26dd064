-- Role homes, the ESE dashboard, plan rubric reviews, notifications, the weekly digest and the
-- calendar feed (issue 7).

-- A person's home lists the work of every district they hold a role in, in a fixed number of
-- statements. Those reads run in a "member" context: the set of the person's districts, read from
-- their own district_roles. Every district policy accepts it for reading; writes still need the
-- one-district context (WITH CHECK keeps the old condition).
CREATE FUNCTION app_member_districts() RETURNS uuid[]
    LANGUAGE sql STABLE
    AS $$ SELECT coalesce(string_to_array(NULLIF(current_setting('app.member_districts', true), ''), ',')::uuid[], '{}') $$;

DO $$
DECLARE
    p record;
BEGIN
    FOR p IN
        SELECT tablename, policyname, qual, with_check FROM pg_policies
        WHERE schemaname = 'public' AND policyname = 'district_isolation'
    LOOP
        EXECUTE format(
            'ALTER POLICY %I ON %I USING ((%s) OR district_id = ANY (app_member_districts())) WITH CHECK (%s)',
            p.policyname, p.tablename, p.qual, coalesce(p.with_check, p.qual));
    END LOOP;
END
$$;

-- Each person's choices: email for notifications, the weekly digest, and a private calendar feed
-- (only the token's SHA-256 is kept, so a database read cannot be turned into a feed URL).
ALTER TABLE users
    ADD COLUMN email_notifications boolean NOT NULL DEFAULT true,
    ADD COLUMN weekly_digest       boolean NOT NULL DEFAULT true,
    ADD COLUMN calendar_token_hash text CONSTRAINT users_calendar_token_key UNIQUE;

-- The AIP rubric (seed 002 Appendix D): ESE rates a submitted plan on five criteria and decides
-- the next step. "Revise" returns the plan to the district; approval needs a review made since the
-- plan was last submitted.
CREATE TYPE rubric_rating AS ENUM ('developing', 'emerging', 'ready_to_implement', 'strong');
CREATE TYPE rubric_decision AS ENUM ('revise', 'strengthen', 'implement_and_refine', 'implement');

CREATE TABLE plan_reviews (
    id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    district_id  uuid NOT NULL,
    plan_id      uuid NOT NULL,
    reviewer_id  uuid REFERENCES users (id) ON DELETE SET NULL,
    decision     rubric_decision NOT NULL,
    summary      text NOT NULL DEFAULT '',
    created_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT plan_reviews_district_id_key UNIQUE (district_id, id),
    FOREIGN KEY (district_id, plan_id) REFERENCES plans (district_id, id) ON DELETE CASCADE
);
CREATE INDEX plan_reviews_plan_idx ON plan_reviews (plan_id, created_at DESC);

CREATE TABLE plan_review_criteria (
    district_id  uuid NOT NULL,
    review_id    uuid NOT NULL,
    criterion    text NOT NULL CHECK (criterion IN
                     ('provides_focus', 'root_causes', 'instructional_core', 'tracks_progress', 'long_term_capacity')),
    rating       rubric_rating NOT NULL,
    comment      text NOT NULL DEFAULT '',
    PRIMARY KEY (review_id, criterion),
    FOREIGN KEY (district_id, review_id) REFERENCES plan_reviews (district_id, id) ON DELETE CASCADE
);

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['plan_reviews', 'plan_review_criteria'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format(
            'CREATE POLICY district_isolation ON %I USING (district_id = app_district_id() OR app_is_ese() '
            'OR district_id = ANY (app_member_districts())) WITH CHECK (district_id = app_district_id() OR app_is_ese())',
            t);
    END LOOP;
END
$$;

-- In-app notifications: one row per person per event. A person reads and marks only their own;
-- the event's transaction (in its district) creates them for the people concerned.
CREATE TABLE notifications (
    id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id      uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    district_id  uuid REFERENCES districts (id) ON DELETE CASCADE,
    kind         text NOT NULL,
    subject      text NOT NULL,
    body         text NOT NULL DEFAULT '',
    link         text NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    read_at      timestamptz
);
CREATE INDEX notifications_user_idx ON notifications (user_id, created_at DESC);
CREATE INDEX notifications_unread_idx ON notifications (user_id) WHERE read_at IS NULL;

ALTER TABLE notifications ENABLE ROW LEVEL SECURITY;
ALTER TABLE notifications FORCE ROW LEVEL SECURITY;
CREATE POLICY own_notifications_read ON notifications FOR SELECT USING (user_id = app_user_id());
CREATE POLICY own_notifications_mark ON notifications FOR UPDATE
    USING (user_id = app_user_id()) WITH CHECK (user_id = app_user_id());
CREATE POLICY district_notifications_create ON notifications FOR INSERT
    WITH CHECK (district_id = app_district_id() OR app_is_ese());

-- Email waits here, written in the same transaction as its event so it is never lost, and is sent
-- by whichever app instance claims it first (FOR UPDATE SKIP LOCKED). A dedupe key makes the
-- weekly digest once per person per week however many instances run.
CREATE TABLE email_outbox (
    id               bigserial PRIMARY KEY,
    user_id          uuid REFERENCES users (id) ON DELETE CASCADE,
    to_address       text NOT NULL,
    subject          text NOT NULL,
    body             text NOT NULL,
    -- A path in the app; the sender puts the site's address in front of it.
    link             text NOT NULL DEFAULT '',
    dedupe_key       text CONSTRAINT email_outbox_dedupe_key UNIQUE,
    created_at       timestamptz NOT NULL DEFAULT now(),
    next_attempt_at  timestamptz NOT NULL DEFAULT now(),
    attempts         integer NOT NULL DEFAULT 0,
    sent_at          timestamptz,
    last_error       text
);
CREATE INDEX email_outbox_pending_idx ON email_outbox (next_attempt_at) WHERE sent_at IS NULL;

-- One weekly digest per person per week: the row is claimed before the digest is written, in the
-- same transaction as its email, so a second app instance finds it taken and skips the person.
CREATE TABLE weekly_digests (
    user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- The Monday of the week, in the state's time zone.
    week_of     date NOT NULL,
    items       integer NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, week_of)
);
