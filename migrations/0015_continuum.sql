-- Reflections on the continuum of shifting roles (seed 002 §9, Appendix M): once or twice a year
-- the district, its plan manager and its monitor meet to say where the district stands on each
-- exit criterion B–E (Appendix N). The criteria's words are data in src/continuum/criteria.toml;
-- what is kept here is the meeting and what was recorded at it.

CREATE TYPE continuum_stage AS ENUM ('early', 'transitional', 'embedded');
CREATE TYPE reflection_status AS ENUM ('scheduled', 'recorded');

CREATE TABLE continuum_reflections (
    id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    district_id        uuid NOT NULL REFERENCES districts (id) ON DELETE CASCADE,
    held_on            date NOT NULL,
    starts_at          time,
    place              text NOT NULL CHECK (btrim(place) <> ''),
    -- "Prior to this meeting, managers and monitors may want to have a pre-meeting … ESE
    -- representatives … can be available to join that conversation by request."
    pre_meeting_on     date,
    ese_requested      boolean NOT NULL DEFAULT false,
    status             reflection_status NOT NULL DEFAULT 'scheduled',
    scheduled_by       uuid REFERENCES users (id) ON DELETE SET NULL,
    scheduled_at       timestamptz NOT NULL DEFAULT now(),
    recorded_by        uuid REFERENCES users (id) ON DELETE SET NULL,
    recorded_at        timestamptz,
    version            integer NOT NULL DEFAULT 1,
    CONSTRAINT continuum_reflections_district_id_key UNIQUE (district_id, id),
    CONSTRAINT continuum_reflections_pre_meeting_first CHECK (pre_meeting_on IS NULL OR pre_meeting_on <= held_on),
    CONSTRAINT continuum_reflections_recorded CHECK ((status = 'recorded') = (recorded_at IS NOT NULL))
);
CREATE INDEX continuum_reflections_district_idx ON continuum_reflections (district_id, held_on);

-- Where the district stands on one criterion, as recorded at a reflection.
CREATE TABLE continuum_positions (
    district_id    uuid NOT NULL,
    reflection_id  uuid NOT NULL,
    criterion      char(1) NOT NULL CHECK (criterion IN ('B', 'C', 'D', 'E')),
    stage          continuum_stage NOT NULL,
    evidence       text NOT NULL CHECK (btrim(evidence) <> ''),
    rationale      text NOT NULL CHECK (btrim(rationale) <> ''),
    PRIMARY KEY (reflection_id, criterion),
    FOREIGN KEY (district_id, reflection_id) REFERENCES continuum_reflections (district_id, id) ON DELETE CASCADE
);

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['continuum_reflections', 'continuum_positions'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format(
            'CREATE POLICY district_isolation ON %I USING (district_id = app_district_id() OR app_is_ese() '
            'OR district_id = ANY (app_member_districts())) WITH CHECK (district_id = app_district_id() OR app_is_ese())',
            t);
    END LOOP;
END
$$;
