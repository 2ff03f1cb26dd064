-- The Annual Summative Report (seed 002 §3, §8, Appendix L; seed 001 Phase 5). Of the four reports
-- a year, the June–August slot (published in September) is the Summative Report and covers the
-- whole school year: it is the qpr of the June period, with what it adds here.

-- Recommendations for the district's priorities and actions next year: only the summative has them.
ALTER TABLE qprs ADD COLUMN recommendations text NOT NULL DEFAULT '';
ALTER TABLE qprs ADD CONSTRAINT qprs_recommendations_summative
    CHECK (recommendations = '' OR extract(month FROM period_start) = 6);

-- What the monitor writes on the data of each final outcome against its targets; the data itself
-- is the final-outcome benchmark's targets and measurements up to the end of the year.
CREATE TABLE qpr_outcomes (
    district_id   uuid NOT NULL,
    qpr_id        uuid NOT NULL,
    benchmark_id  uuid NOT NULL,
    narrative     text NOT NULL DEFAULT '',
    PRIMARY KEY (district_id, qpr_id, benchmark_id),
    FOREIGN KEY (district_id, qpr_id) REFERENCES qprs (district_id, id) ON DELETE CASCADE,
    FOREIGN KEY (district_id, benchmark_id) REFERENCES benchmarks (district_id, id) ON DELETE CASCADE
);

-- Each time a published report was presented: a quarterly or summative report to the School
-- Committee (the superintendent with ESE), the summative to the Board (annually). Replaces the
-- single qprs.presented_on date, whose values are copied here.
CREATE TYPE presentation_body AS ENUM ('school_committee', 'board');
CREATE TABLE report_presentations (
    id            uuid NOT NULL DEFAULT gen_random_uuid(),
    district_id   uuid NOT NULL,
    qpr_id        uuid NOT NULL,
    body          presentation_body NOT NULL,
    presented_on  date NOT NULL,
    -- Who presented, as the district writes it ("Dr. Lee, superintendent, with ESE's J. Ortiz");
    -- empty only on dates copied from before presenters were kept.
    presenters    text NOT NULL DEFAULT '',
    -- The meeting's minutes or video: a link or a short note.
    note          text NOT NULL DEFAULT '',
    -- The revision of the report that was presented (a correction opens the next one).
    revision      integer NOT NULL DEFAULT 1,
    recorded_by   uuid REFERENCES users (id) ON DELETE SET NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (district_id, id),
    -- The same meeting recorded twice (two people at once) is one presentation.
    CONSTRAINT report_presentations_once UNIQUE (district_id, qpr_id, body, presented_on),
    FOREIGN KEY (district_id, qpr_id) REFERENCES qprs (district_id, id) ON DELETE CASCADE
);

INSERT INTO report_presentations (district_id, qpr_id, body, presented_on, revision, created_at)
SELECT district_id, id, 'school_committee', presented_on, revision, updated_at
FROM qprs WHERE presented_on IS NOT NULL;
ALTER TABLE qprs DROP COLUMN presented_on;

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['qpr_outcomes', 'report_presentations'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format(
            'CREATE POLICY district_isolation ON %I USING (district_id = app_district_id() OR app_is_ese() '
            'OR district_id = ANY (app_member_districts())) WITH CHECK (district_id = app_district_id() OR app_is_ese())',
            t);
    END LOOP;
END
$$;
