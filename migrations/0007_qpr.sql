-- Quarterly Progress Reports (seed 002 §8, Appendix G rubric, Appendix I roles, Appendix L).

CREATE TYPE process_rating AS ENUM ('problematic', 'technical', 'practices_in_place', 'fully_embedded');
CREATE TYPE performance_rating AS ENUM ('not_reached', 'partially_reached', 'reached', 'reached_high');
-- draft (monitor) → ese_review (ESE Accountability and the other monitors comment) →
-- factual_review (the superintendent's factual corrections) → published (ESE).
CREATE TYPE qpr_status AS ENUM ('draft', 'ese_review', 'factual_review', 'published');

CREATE TABLE qprs (
    id                     uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    district_id            uuid NOT NULL REFERENCES districts (id) ON DELETE CASCADE,
    plan_id                uuid NOT NULL,
    -- The first day of the three-month period: Sept 1, Dec 1, Mar 1 or Jun 1.
    period_start           date NOT NULL CHECK (extract(day FROM period_start) = 1
                                                AND extract(month FROM period_start) IN (3, 6, 9, 12)),
    status                 qpr_status NOT NULL DEFAULT 'draft',
    -- Narrative summary of overall progress.
    summary                text NOT NULL DEFAULT '',
    monitor_id             uuid REFERENCES users (id) ON DELETE SET NULL,
    sent_to_ese_at         timestamptz,
    sent_to_superintendent_at timestamptz,
    published_at           timestamptz,
    published_by           uuid REFERENCES users (id) ON DELETE SET NULL,
    -- "Discussed with the School Committee" (a date the district gives).
    presented_on           date,
    -- Posted publicly (the public page shows it from then).
    posted_at              timestamptz,
    revision               integer NOT NULL DEFAULT 1,
    version                integer NOT NULL DEFAULT 1,
    created_at             timestamptz NOT NULL DEFAULT now(),
    updated_at             timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT qprs_district_id_key UNIQUE (district_id, id),
    CONSTRAINT qprs_one_per_period UNIQUE (district_id, period_start),
    FOREIGN KEY (district_id, plan_id) REFERENCES plans (district_id, id) ON DELETE CASCADE
);

-- A narrative per objective.
CREATE TABLE qpr_objectives (
    district_id   uuid NOT NULL,
    qpr_id        uuid NOT NULL,
    objective_id  uuid NOT NULL,
    narrative     text NOT NULL DEFAULT '',
    PRIMARY KEY (qpr_id, objective_id),
    FOREIGN KEY (district_id, qpr_id) REFERENCES qprs (district_id, id) ON DELETE CASCADE,
    FOREIGN KEY (district_id, objective_id) REFERENCES objectives (district_id, id) ON DELETE CASCADE
);

-- For every initiative: a narrative, and a Process and a Performance rating each with its
-- supporting evidence (written, or chosen from the library in qpr_rating_evidence) and rationale.
CREATE TABLE qpr_initiatives (
    district_id            uuid NOT NULL,
    qpr_id                 uuid NOT NULL,
    initiative_id          uuid NOT NULL,
    narrative              text NOT NULL DEFAULT '',
    process_rating         process_rating,
    process_evidence       text NOT NULL DEFAULT '',
    process_rationale      text NOT NULL DEFAULT '',
    performance_rating     performance_rating,
    performance_evidence   text NOT NULL DEFAULT '',
    performance_rationale  text NOT NULL DEFAULT '',
    PRIMARY KEY (qpr_id, initiative_id),
    FOREIGN KEY (district_id, qpr_id) REFERENCES qprs (district_id, id) ON DELETE CASCADE,
    FOREIGN KEY (district_id, initiative_id) REFERENCES initiatives (district_id, id) ON DELETE CASCADE
);

CREATE TYPE rating_scale AS ENUM ('process', 'performance');

CREATE TABLE qpr_rating_evidence (
    district_id    uuid NOT NULL,
    qpr_id         uuid NOT NULL,
    initiative_id  uuid NOT NULL,
    scale          rating_scale NOT NULL,
    evidence_id    uuid NOT NULL,
    PRIMARY KEY (qpr_id, initiative_id, scale, evidence_id),
    FOREIGN KEY (district_id, qpr_id) REFERENCES qprs (district_id, id) ON DELETE CASCADE,
    FOREIGN KEY (district_id, evidence_id) REFERENCES evidence (district_id, id) ON DELETE CASCADE
);

-- Review comments (ESE and other monitors) and factual corrections (the superintendent), each on
-- a passage; the monitor accepts or answers each.
CREATE TYPE qpr_comment_kind AS ENUM ('review', 'factual_correction');
CREATE TYPE qpr_comment_resolution AS ENUM ('accepted', 'answered');
CREATE TABLE qpr_comments (
    id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    district_id  uuid NOT NULL,
    qpr_id       uuid NOT NULL,
    kind         qpr_comment_kind NOT NULL,
    -- Which part: "summary", "objective:<id>", "initiative:<id>".
    passage      text NOT NULL,
    body         text NOT NULL CHECK (btrim(body) <> ''),
    author_id    uuid REFERENCES users (id) ON DELETE SET NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    resolution   qpr_comment_resolution,
    response     text NOT NULL DEFAULT '',
    resolved_by  uuid REFERENCES users (id) ON DELETE SET NULL,
    resolved_at  timestamptz,
    FOREIGN KEY (district_id, qpr_id) REFERENCES qprs (district_id, id) ON DELETE CASCADE
);
CREATE INDEX qpr_comments_qpr_idx ON qpr_comments (qpr_id, created_at);

-- The monitor's requests for additional evidence, an interview or a visit: due at least three
-- weeks after they are made (seed 002 §8), answered by attaching evidence.
CREATE TYPE evidence_request_kind AS ENUM ('documents', 'interview', 'visit');
CREATE TABLE evidence_requests (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    district_id   uuid NOT NULL REFERENCES districts (id) ON DELETE CASCADE,
    qpr_id        uuid,
    kind          evidence_request_kind NOT NULL,
    description   text NOT NULL CHECK (btrim(description) <> ''),
    requested_by  uuid REFERENCES users (id) ON DELETE SET NULL,
    requested_at  timestamptz NOT NULL DEFAULT now(),
    due_on        date NOT NULL,
    answered_at   timestamptz,
    answered_by   uuid REFERENCES users (id) ON DELETE SET NULL,
    answer_note   text NOT NULL DEFAULT '',
    CONSTRAINT evidence_requests_district_id_key UNIQUE (district_id, id),
    CONSTRAINT evidence_requests_three_weeks CHECK (due_on >= (requested_at AT TIME ZONE 'America/New_York')::date + 21),
    FOREIGN KEY (district_id, qpr_id) REFERENCES qprs (district_id, id) ON DELETE SET NULL (qpr_id)
);
CREATE TABLE evidence_request_answers (
    district_id  uuid NOT NULL,
    request_id   uuid NOT NULL,
    evidence_id  uuid NOT NULL,
    PRIMARY KEY (request_id, evidence_id),
    FOREIGN KEY (district_id, request_id) REFERENCES evidence_requests (district_id, id) ON DELETE CASCADE,
    FOREIGN KEY (district_id, evidence_id) REFERENCES evidence (district_id, id) ON DELETE CASCADE
);

-- Published reports are read-only; a correction keeps the published text with its reason.
CREATE TABLE qpr_revisions (
    id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    district_id  uuid NOT NULL,
    qpr_id       uuid NOT NULL,
    revision     integer NOT NULL,
    reason       text NOT NULL CHECK (btrim(reason) <> ''),
    published    jsonb NOT NULL,
    created_by   uuid REFERENCES users (id) ON DELETE SET NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (district_id, qpr_id) REFERENCES qprs (district_id, id) ON DELETE CASCADE
);

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['qprs', 'qpr_objectives', 'qpr_initiatives', 'qpr_rating_evidence', 'qpr_comments',
                             'evidence_requests', 'evidence_request_answers', 'qpr_revisions']
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
