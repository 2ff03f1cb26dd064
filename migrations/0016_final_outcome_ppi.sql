-- Final outcomes and the state's accountability targets (seed 003; seed 002 Appendix B): a final
-- outcome may be a Progress and Performance Index (PPI) target for all students (aggregate) or for
-- the high-needs group, and names the students it concerns. The plan check warns when no final
-- outcome is a PPI target for high-needs students.
CREATE TYPE ppi_group AS ENUM ('aggregate', 'high_needs');

ALTER TABLE benchmarks
    ADD COLUMN ppi_group ppi_group,
    ADD COLUMN population text NOT NULL DEFAULT '',
    ADD CONSTRAINT benchmarks_ppi_final_outcomes_only CHECK (ppi_group IS NULL OR kind = 'final_outcome');
