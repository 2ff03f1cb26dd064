-- Highlight Discussions (seed 002 §8, Appendix F; seed 001 Appendix D): the monthly meeting, its
-- agreed agenda, its minutes and their review, and the ESE contacts who receive the final minutes.

-- Each district's contacts at ESE, chosen among ESE staff: they receive what the seeds send "to ESE".
CREATE TYPE ese_contact_kind AS ENUM ('accountability', 'targeted_assistance');
CREATE TABLE district_ese_contacts (
    district_id  uuid NOT NULL REFERENCES districts (id) ON DELETE CASCADE,
    kind         ese_contact_kind NOT NULL,
    user_id      uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    assigned_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (district_id, kind)
);

CREATE TYPE minutes_status AS ENUM ('draft', 'in_review', 'final');

CREATE TABLE highlight_discussions (
    id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    district_id          uuid NOT NULL REFERENCES districts (id) ON DELETE CASCADE,
    -- The plan discussed (the one the district worked from when it was scheduled).
    plan_id              uuid NOT NULL,
    held_on              date NOT NULL,
    starts_at            time,
    place                text NOT NULL DEFAULT '',
    -- Who is invited, one per line ("Ana Ruiz, Principal").
    invited              text NOT NULL DEFAULT '',
    scheduled_by         uuid REFERENCES users (id) ON DELETE SET NULL,
    scheduled_at         timestamptz NOT NULL DEFAULT now(),
    -- "Advising ESE … at least one week in advance": when the plan manager told them.
    ese_notified_at      timestamptz,
    ese_notified_by      uuid REFERENCES users (id) ON DELETE SET NULL,
    -- The minutes, in the template's structure (Appendix F).
    minutes_status       minutes_status NOT NULL DEFAULT 'draft',
    participants         text NOT NULL DEFAULT '',
    accomplishments      text NOT NULL DEFAULT '',
    challenges           text NOT NULL DEFAULT '',
    risks                text NOT NULL DEFAULT '',
    next_steps           text NOT NULL DEFAULT '',
    modifications        text NOT NULL DEFAULT '',
    team_next_steps      text NOT NULL DEFAULT '',
    debrief              text NOT NULL DEFAULT '',
    -- 1 for the minutes as first finalised; each correction of final minutes adds one.
    revision             integer NOT NULL DEFAULT 1,
    sent_for_review_at   timestamptz,
    sent_for_review_by   uuid REFERENCES users (id) ON DELETE SET NULL,
    finalised_at         timestamptz,
    finalised_by         uuid REFERENCES users (id) ON DELETE SET NULL,
    -- Who the final minutes went to, as they were at the time: [{"name", "email", "role"}].
    distributed_to       jsonb NOT NULL DEFAULT '[]',
    version              integer NOT NULL DEFAULT 1,
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT highlight_discussions_district_id_key UNIQUE (district_id, id),
    FOREIGN KEY (district_id, plan_id) REFERENCES plans (district_id, id) ON DELETE CASCADE
);
CREATE INDEX highlight_discussions_district_idx ON highlight_discussions (district_id, held_on DESC);

-- What the discussion will address, agreed in advance: initiatives and benchmarks of the plan, and
-- the evidence to be presented. The minutes record what was said about each benchmark.
CREATE TABLE discussion_agenda_items (
    id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    district_id    uuid NOT NULL,
    discussion_id  uuid NOT NULL,
    initiative_id  uuid,
    benchmark_id   uuid,
    evidence_id    uuid,
    -- Section 1 of the minutes for a benchmark: accomplishments and progress, process and performance.
    minutes_note   text NOT NULL DEFAULT '',
    CONSTRAINT discussion_agenda_items_district_id_key UNIQUE (district_id, id),
    CONSTRAINT discussion_agenda_items_one_thing CHECK (num_nonnulls(initiative_id, benchmark_id, evidence_id) = 1),
    FOREIGN KEY (district_id, discussion_id) REFERENCES highlight_discussions (district_id, id) ON DELETE CASCADE,
    FOREIGN KEY (district_id, initiative_id) REFERENCES initiatives (district_id, id) ON DELETE CASCADE,
    FOREIGN KEY (district_id, benchmark_id) REFERENCES benchmarks (district_id, id) ON DELETE CASCADE,
    FOREIGN KEY (district_id, evidence_id) REFERENCES evidence (district_id, id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX discussion_agenda_items_unique ON discussion_agenda_items
    (discussion_id, coalesce(initiative_id, benchmark_id, evidence_id));
CREATE INDEX discussion_agenda_items_initiative_idx ON discussion_agenda_items (initiative_id) WHERE initiative_id IS NOT NULL;
CREATE INDEX discussion_agenda_items_benchmark_idx ON discussion_agenda_items (benchmark_id) WHERE benchmark_id IS NOT NULL;

-- Comments on the agenda before the meeting (superintendent, monitor, plan manager, ESE).
CREATE TABLE discussion_comments (
    id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    district_id    uuid NOT NULL,
    discussion_id  uuid NOT NULL,
    author_id      uuid REFERENCES users (id) ON DELETE SET NULL,
    body           text NOT NULL CHECK (btrim(body) <> ''),
    created_at     timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (district_id, discussion_id) REFERENCES highlight_discussions (district_id, id) ON DELETE CASCADE
);
CREATE INDEX discussion_comments_discussion_idx ON discussion_comments (discussion_id, created_at);

-- Section 1a of the minutes: the evidence inventory, by initiative (through the evidence's own
-- attachment), chosen from the district's evidence library.
CREATE TABLE minutes_evidence (
    district_id    uuid NOT NULL,
    discussion_id  uuid NOT NULL,
    evidence_id    uuid NOT NULL,
    PRIMARY KEY (discussion_id, evidence_id),
    FOREIGN KEY (district_id, discussion_id) REFERENCES highlight_discussions (district_id, id) ON DELETE CASCADE,
    FOREIGN KEY (district_id, evidence_id) REFERENCES evidence (district_id, id) ON DELETE CASCADE
);

CREATE TYPE review_outcome AS ENUM ('no_discrepancies', 'comments');

-- The superintendent's and the monitor's answers to draft minutes, per revision.
CREATE TABLE minutes_reviews (
    id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    district_id    uuid NOT NULL,
    discussion_id  uuid NOT NULL,
    revision       integer NOT NULL,
    reviewer_id    uuid REFERENCES users (id) ON DELETE SET NULL,
    -- The role the reviewer answered in: superintendent or plan_monitor.
    reviewer_role  district_role NOT NULL,
    outcome        review_outcome NOT NULL,
    comments       text NOT NULL DEFAULT '',
    reviewed_at    timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (district_id, discussion_id) REFERENCES highlight_discussions (district_id, id) ON DELETE CASCADE
);
CREATE INDEX minutes_reviews_discussion_idx ON minutes_reviews (discussion_id, revision, reviewed_at);

-- Final minutes are read-only; a correction keeps the final text as it was, with the reason.
CREATE TABLE minutes_revisions (
    id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    district_id    uuid NOT NULL,
    discussion_id  uuid NOT NULL,
    revision       integer NOT NULL,
    reason         text NOT NULL CHECK (btrim(reason) <> ''),
    -- The final minutes being corrected, every section as it read.
    final_text     jsonb NOT NULL,
    created_by     uuid REFERENCES users (id) ON DELETE SET NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (district_id, discussion_id) REFERENCES highlight_discussions (district_id, id) ON DELETE CASCADE
);

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['district_ese_contacts', 'highlight_discussions', 'discussion_agenda_items',
                             'discussion_comments', 'minutes_evidence', 'minutes_reviews', 'minutes_revisions']
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format(
            'CREATE POLICY district_isolation ON %I USING (district_id = app_district_id() OR app_is_ese())',
            t
        );
    END LOOP;
END
$$;
