-- Progress against the plan (seed 002 §8: "Are activities being implemented as planned? Are early
-- evidence of change benchmarks being met? Are short-term outcomes being met?"), and the evidence
-- behind it (seed 003).

-- Whether success means the number goes up (proficiency) or down (chronic absence).
ALTER TABLE benchmarks ADD COLUMN higher_is_better boolean NOT NULL DEFAULT true;

CREATE TYPE activity_status AS ENUM ('not_started', 'on_track', 'at_risk', 'complete', 'cancelled');

-- Every status an activity has been given; the current one is the latest. Rows are never edited,
-- so the history is the table.
CREATE TABLE activity_updates (
    id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    district_id  uuid NOT NULL,
    activity_id  uuid NOT NULL,
    status       activity_status NOT NULL,
    -- The day the status was true of the activity (may be earlier than the day it was recorded).
    as_of        date NOT NULL,
    note         text NOT NULL DEFAULT '',
    recorded_by  uuid REFERENCES users (id) ON DELETE SET NULL,
    recorded_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT activity_updates_district_id_key UNIQUE (district_id, id),
    FOREIGN KEY (district_id, activity_id) REFERENCES activities (district_id, id) ON DELETE CASCADE
);
CREATE INDEX activity_updates_activity_idx ON activity_updates (activity_id, as_of DESC, recorded_at DESC);

-- A value taken for a benchmark, in the benchmark's unit.
CREATE TABLE measurements (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    district_id   uuid NOT NULL,
    benchmark_id  uuid NOT NULL,
    value         double precision NOT NULL,
    measured_on   date NOT NULL,
    -- "Grade 3 students, all elementary schools"
    population    text NOT NULL DEFAULT '',
    note          text NOT NULL DEFAULT '',
    recorded_by   uuid REFERENCES users (id) ON DELETE SET NULL,
    recorded_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT measurements_district_id_key UNIQUE (district_id, id),
    FOREIGN KEY (district_id, benchmark_id) REFERENCES benchmarks (district_id, id) ON DELETE CASCADE
);
CREATE INDEX measurements_benchmark_idx ON measurements (benchmark_id, measured_on);

CREATE TYPE evidence_kind AS ENUM ('file', 'link');

-- A document, image, spreadsheet or link that shows what happened. Evidence outlives what it was
-- attached to: removing a benchmark from a draft leaves its evidence in the library, unattached,
-- because minutes and reports may cite it.
CREATE TABLE evidence (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    district_id     uuid NOT NULL REFERENCES districts (id) ON DELETE CASCADE,
    title           text NOT NULL CHECK (btrim(title) <> ''),
    evidence_on     date NOT NULL,
    kind            evidence_kind NOT NULL,
    url             text,
    -- Files: where the bytes are in the store (never derived from the uploaded name), the name
    -- people gave it (shown and offered on download only), and the type found in its content.
    storage_key     text,
    file_name       text,
    content_type    text,
    byte_size       bigint,
    note            text NOT NULL DEFAULT '',
    initiative_id   uuid,
    benchmark_id    uuid,
    measurement_id  uuid,
    uploaded_by     uuid REFERENCES users (id) ON DELETE SET NULL,
    uploaded_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT evidence_district_id_key UNIQUE (district_id, id),
    CONSTRAINT evidence_one_attachment CHECK (num_nonnulls(initiative_id, benchmark_id, measurement_id) <= 1),
    CONSTRAINT evidence_link CHECK ((kind = 'link') = (url IS NOT NULL)),
    CONSTRAINT evidence_file CHECK (
        (kind = 'file') = (storage_key IS NOT NULL AND file_name IS NOT NULL AND content_type IS NOT NULL
                           AND byte_size IS NOT NULL)),
    FOREIGN KEY (district_id, initiative_id) REFERENCES initiatives (district_id, id) ON DELETE SET NULL (initiative_id),
    FOREIGN KEY (district_id, benchmark_id) REFERENCES benchmarks (district_id, id) ON DELETE SET NULL (benchmark_id),
    FOREIGN KEY (district_id, measurement_id) REFERENCES measurements (district_id, id) ON DELETE SET NULL (measurement_id)
);
CREATE INDEX evidence_district_idx ON evidence (district_id, evidence_on DESC);
CREATE INDEX evidence_initiative_idx ON evidence (initiative_id) WHERE initiative_id IS NOT NULL;
CREATE INDEX evidence_benchmark_idx ON evidence (benchmark_id) WHERE benchmark_id IS NOT NULL;
CREATE INDEX evidence_measurement_idx ON evidence (measurement_id) WHERE measurement_id IS NOT NULL;

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['activity_updates', 'measurements', 'evidence']
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
