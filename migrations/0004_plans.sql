-- Accelerated Improvement Plans (seed 002 §6 and Appendix C; seed 001 Appendix A).
-- Every row carries district_id, and children point at parents through (district_id, id), so a
-- row can never hang under another district's plan.

CREATE TYPE plan_status AS ENUM ('draft', 'submitted', 'approved', 'archived');
CREATE TYPE benchmark_kind AS ENUM ('activity', 'early_evidence', 'short_term_outcome', 'final_outcome');
CREATE TYPE target_unit AS ENUM ('percent', 'count', 'score', 'yes_no');

CREATE TABLE plans (
    id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    district_id        uuid NOT NULL REFERENCES districts (id) ON DELETE CASCADE,
    title              text NOT NULL CHECK (btrim(title) <> ''),
    -- School years are named by the year they start: 2025 is 2025–2026.
    first_school_year  smallint NOT NULL CHECK (first_school_year BETWEEN 2000 AND 2100),
    last_school_year   smallint NOT NULL,
    status             plan_status NOT NULL DEFAULT 'draft',
    -- The approved plan this draft revises; edits to such a draft must give a reason.
    previous_plan_id   uuid,
    key_issues         text NOT NULL DEFAULT '',
    theory_of_action   text NOT NULL DEFAULT '',
    focus_rationale    text NOT NULL DEFAULT '',
    submitted_at       timestamptz,
    submitted_by       uuid REFERENCES users (id) ON DELETE SET NULL,
    approved_at        timestamptz,
    approved_by        uuid REFERENCES users (id) ON DELETE SET NULL,
    archived_at        timestamptz,
    version            integer NOT NULL DEFAULT 1,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT plans_district_id_key UNIQUE (district_id, id),
    CONSTRAINT plans_years CHECK (last_school_year BETWEEN first_school_year AND first_school_year + 4),
    FOREIGN KEY (district_id, previous_plan_id) REFERENCES plans (district_id, id)
);
-- A district has at most one approved plan and at most one plan being written or reviewed.
CREATE UNIQUE INDEX plans_one_approved ON plans (district_id) WHERE status = 'approved';
CREATE UNIQUE INDEX plans_one_open ON plans (district_id) WHERE status IN ('draft', 'submitted');

CREATE TABLE objectives (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    district_id   uuid NOT NULL,
    plan_id       uuid NOT NULL,
    rank          integer NOT NULL,
    title         text NOT NULL CHECK (btrim(title) <> ''),
    lead          text NOT NULL DEFAULT '',
    lead_user_id  uuid REFERENCES users (id) ON DELETE SET NULL,
    version       integer NOT NULL DEFAULT 1,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT objectives_district_id_key UNIQUE (district_id, id),
    FOREIGN KEY (district_id, plan_id) REFERENCES plans (district_id, id) ON DELETE CASCADE
);
CREATE INDEX objectives_plan_idx ON objectives (plan_id, rank);

CREATE TABLE initiatives (
    id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    district_id    uuid NOT NULL,
    objective_id   uuid NOT NULL,
    rank           integer NOT NULL,
    description    text NOT NULL CHECK (btrim(description) <> ''),
    lead           text NOT NULL DEFAULT '',
    -- A district account linked as the lead may edit this initiative's strategy sheet.
    lead_user_id   uuid REFERENCES users (id) ON DELETE SET NULL,
    key_resources  text NOT NULL DEFAULT '',
    version        integer NOT NULL DEFAULT 1,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT initiatives_district_id_key UNIQUE (district_id, id),
    FOREIGN KEY (district_id, objective_id) REFERENCES objectives (district_id, id) ON DELETE CASCADE
);
CREATE INDEX initiatives_objective_idx ON initiatives (objective_id, rank);

CREATE TABLE benchmarks (
    id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    district_id      uuid NOT NULL,
    plan_id          uuid NOT NULL,
    -- Final outcomes belong to the plan; every other kind to an initiative.
    initiative_id    uuid,
    kind             benchmark_kind NOT NULL,
    rank             integer NOT NULL,
    statement        text NOT NULL CHECK (btrim(statement) <> ''),
    measure          text NOT NULL DEFAULT '',
    evidence_source  text NOT NULL DEFAULT '',
    frequency        text NOT NULL DEFAULT '',
    unit             target_unit NOT NULL DEFAULT 'percent',
    version          integer NOT NULL DEFAULT 1,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT benchmarks_district_id_key UNIQUE (district_id, id),
    CONSTRAINT benchmarks_owner CHECK ((kind = 'final_outcome') = (initiative_id IS NULL)),
    FOREIGN KEY (district_id, plan_id) REFERENCES plans (district_id, id) ON DELETE CASCADE,
    FOREIGN KEY (district_id, initiative_id) REFERENCES initiatives (district_id, id) ON DELETE CASCADE
);
CREATE INDEX benchmarks_plan_idx ON benchmarks (plan_id, rank);

-- A benchmark's dated targets: "60% by November, 80% by January, 90% by May".
CREATE TABLE benchmark_targets (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    district_id   uuid NOT NULL,
    benchmark_id  uuid NOT NULL,
    due_on        date NOT NULL,
    value         double precision NOT NULL,
    CONSTRAINT benchmark_targets_district_id_key UNIQUE (district_id, id),
    FOREIGN KEY (district_id, benchmark_id) REFERENCES benchmarks (district_id, id) ON DELETE CASCADE
);
CREATE INDEX benchmark_targets_benchmark_idx ON benchmark_targets (benchmark_id, due_on);

CREATE TABLE activities (
    id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    district_id         uuid NOT NULL,
    initiative_id       uuid NOT NULL,
    rank                integer NOT NULL,
    description         text NOT NULL CHECK (btrim(description) <> ''),
    lead                text NOT NULL DEFAULT '',
    starts_on           date,
    completes_on        date,
    resources           text NOT NULL DEFAULT '',
    -- For ongoing activities: how often they happen.
    frequency           text NOT NULL DEFAULT '',
    -- For long activities: how progress is monitored in between.
    interim_monitoring  text NOT NULL DEFAULT '',
    version             integer NOT NULL DEFAULT 1,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT activities_district_id_key UNIQUE (district_id, id),
    FOREIGN KEY (district_id, initiative_id) REFERENCES initiatives (district_id, id) ON DELETE CASCADE
);
CREATE INDEX activities_initiative_idx ON activities (initiative_id, rank);

-- The plan's history: who changed what, when, from what to what, and why.
CREATE TABLE plan_changes (
    id           bigserial PRIMARY KEY,
    district_id  uuid NOT NULL,
    plan_id      uuid NOT NULL,
    changed_at   timestamptz NOT NULL DEFAULT now(),
    changed_by   uuid REFERENCES users (id) ON DELETE SET NULL,
    subject      text NOT NULL,
    action       text NOT NULL,
    before       jsonb,
    after        jsonb,
    reason       text NOT NULL DEFAULT '',
    FOREIGN KEY (district_id, plan_id) REFERENCES plans (district_id, id) ON DELETE CASCADE
);
CREATE INDEX plan_changes_plan_idx ON plan_changes (plan_id, changed_at DESC);

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['plans', 'objectives', 'initiatives', 'benchmarks', 'benchmark_targets', 'activities', 'plan_changes']
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
