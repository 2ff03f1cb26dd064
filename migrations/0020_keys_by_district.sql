-- Every key of a district's table starts with district_id, so the schema can be distributed by
-- district (Citus needs the distribution column in every primary and unique key; a district's rows
-- then live together and every join between them stays on one node). The composite foreign keys
-- already carried district_id; they only move from the separate (district_id, id) keys to the
-- primary keys. Notifications stay keyed by id: they belong to a person, their district is optional.

-- 1. The composite foreign keys let go of the (district_id, id) keys they point at.
ALTER TABLE activities DROP CONSTRAINT activities_district_id_initiative_id_fkey;
ALTER TABLE activity_updates DROP CONSTRAINT activity_updates_district_id_activity_id_fkey;
ALTER TABLE benchmark_targets DROP CONSTRAINT benchmark_targets_district_id_benchmark_id_fkey;
ALTER TABLE benchmarks DROP CONSTRAINT benchmarks_district_id_initiative_id_fkey,
    DROP CONSTRAINT benchmarks_district_id_plan_id_fkey;
ALTER TABLE continuum_positions DROP CONSTRAINT continuum_positions_district_id_reflection_id_fkey;
ALTER TABLE discussion_agenda_items DROP CONSTRAINT discussion_agenda_items_district_id_benchmark_id_fkey,
    DROP CONSTRAINT discussion_agenda_items_district_id_discussion_id_fkey,
    DROP CONSTRAINT discussion_agenda_items_district_id_evidence_id_fkey,
    DROP CONSTRAINT discussion_agenda_items_district_id_initiative_id_fkey;
ALTER TABLE discussion_comments DROP CONSTRAINT discussion_comments_district_id_discussion_id_fkey;
ALTER TABLE evidence DROP CONSTRAINT evidence_district_id_benchmark_id_fkey,
    DROP CONSTRAINT evidence_district_id_initiative_id_fkey,
    DROP CONSTRAINT evidence_district_id_measurement_id_fkey;
ALTER TABLE evidence_request_answers DROP CONSTRAINT evidence_request_answers_district_id_evidence_id_fkey,
    DROP CONSTRAINT evidence_request_answers_district_id_request_id_fkey;
ALTER TABLE evidence_requests DROP CONSTRAINT evidence_requests_district_id_qpr_id_fkey;
ALTER TABLE highlight_discussions DROP CONSTRAINT highlight_discussions_district_id_plan_id_fkey;
ALTER TABLE initiatives DROP CONSTRAINT initiatives_district_id_objective_id_fkey;
ALTER TABLE measurements DROP CONSTRAINT measurements_district_id_benchmark_id_fkey;
ALTER TABLE minutes_evidence DROP CONSTRAINT minutes_evidence_district_id_discussion_id_fkey,
    DROP CONSTRAINT minutes_evidence_district_id_evidence_id_fkey;
ALTER TABLE minutes_reviews DROP CONSTRAINT minutes_reviews_district_id_discussion_id_fkey;
ALTER TABLE minutes_revisions DROP CONSTRAINT minutes_revisions_district_id_discussion_id_fkey;
ALTER TABLE objectives DROP CONSTRAINT objectives_district_id_plan_id_fkey;
ALTER TABLE plan_changes DROP CONSTRAINT plan_changes_district_id_plan_id_fkey;
ALTER TABLE plan_review_criteria DROP CONSTRAINT plan_review_criteria_district_id_review_id_fkey;
ALTER TABLE plan_reviews DROP CONSTRAINT plan_reviews_district_id_plan_id_fkey;
ALTER TABLE plans DROP CONSTRAINT plans_district_id_previous_plan_id_fkey;
ALTER TABLE qpr_comments DROP CONSTRAINT qpr_comments_district_id_qpr_id_fkey;
ALTER TABLE qpr_initiatives DROP CONSTRAINT qpr_initiatives_district_id_initiative_id_fkey,
    DROP CONSTRAINT qpr_initiatives_district_id_qpr_id_fkey;
ALTER TABLE qpr_objectives DROP CONSTRAINT qpr_objectives_district_id_objective_id_fkey,
    DROP CONSTRAINT qpr_objectives_district_id_qpr_id_fkey;
ALTER TABLE qpr_rating_evidence DROP CONSTRAINT qpr_rating_evidence_district_id_evidence_id_fkey,
    DROP CONSTRAINT qpr_rating_evidence_district_id_qpr_id_fkey;
ALTER TABLE qpr_revisions DROP CONSTRAINT qpr_revisions_district_id_qpr_id_fkey;
ALTER TABLE qprs DROP CONSTRAINT qprs_district_id_plan_id_fkey;
ALTER TABLE qpr_outcomes DROP CONSTRAINT qpr_outcomes_district_id_benchmark_id_fkey,
    DROP CONSTRAINT qpr_outcomes_district_id_qpr_id_fkey;
ALTER TABLE report_presentations DROP CONSTRAINT report_presentations_district_id_qpr_id_fkey;

-- 2. Every key of a district's table starts with district_id.
ALTER TABLE activities DROP CONSTRAINT activities_pkey,
    ADD PRIMARY KEY (district_id, id),
    DROP CONSTRAINT activities_district_id_key;
ALTER TABLE activity_updates DROP CONSTRAINT activity_updates_pkey,
    ADD PRIMARY KEY (district_id, id),
    DROP CONSTRAINT activity_updates_district_id_key;
ALTER TABLE benchmark_targets DROP CONSTRAINT benchmark_targets_pkey,
    ADD PRIMARY KEY (district_id, id),
    DROP CONSTRAINT benchmark_targets_district_id_key;
ALTER TABLE benchmarks DROP CONSTRAINT benchmarks_pkey,
    ADD PRIMARY KEY (district_id, id),
    DROP CONSTRAINT benchmarks_district_id_key;
ALTER TABLE continuum_positions DROP CONSTRAINT continuum_positions_pkey,
    ADD PRIMARY KEY (district_id, reflection_id, criterion);
ALTER TABLE continuum_reflections DROP CONSTRAINT continuum_reflections_pkey,
    ADD PRIMARY KEY (district_id, id),
    DROP CONSTRAINT continuum_reflections_district_id_key;
ALTER TABLE discussion_agenda_items DROP CONSTRAINT discussion_agenda_items_pkey,
    ADD PRIMARY KEY (district_id, id),
    DROP CONSTRAINT discussion_agenda_items_district_id_key;
ALTER TABLE discussion_comments DROP CONSTRAINT discussion_comments_pkey,
    ADD PRIMARY KEY (district_id, id);
ALTER TABLE evidence DROP CONSTRAINT evidence_pkey,
    ADD PRIMARY KEY (district_id, id),
    DROP CONSTRAINT evidence_district_id_key;
ALTER TABLE evidence_request_answers DROP CONSTRAINT evidence_request_answers_pkey,
    ADD PRIMARY KEY (district_id, request_id, evidence_id);
ALTER TABLE evidence_requests DROP CONSTRAINT evidence_requests_pkey,
    ADD PRIMARY KEY (district_id, id),
    DROP CONSTRAINT evidence_requests_district_id_key;
ALTER TABLE highlight_discussions DROP CONSTRAINT highlight_discussions_pkey,
    ADD PRIMARY KEY (district_id, id),
    DROP CONSTRAINT highlight_discussions_district_id_key;
ALTER TABLE initiatives DROP CONSTRAINT initiatives_pkey,
    ADD PRIMARY KEY (district_id, id),
    DROP CONSTRAINT initiatives_district_id_key;
ALTER TABLE measurements DROP CONSTRAINT measurements_pkey,
    ADD PRIMARY KEY (district_id, id),
    DROP CONSTRAINT measurements_district_id_key;
ALTER TABLE minutes_evidence DROP CONSTRAINT minutes_evidence_pkey,
    ADD PRIMARY KEY (district_id, discussion_id, evidence_id);
ALTER TABLE minutes_reviews DROP CONSTRAINT minutes_reviews_pkey,
    ADD PRIMARY KEY (district_id, id),
    DROP CONSTRAINT minutes_reviews_one_per_role,
    ADD CONSTRAINT minutes_reviews_one_per_role UNIQUE (district_id, discussion_id, revision, review_round, reviewer_role);
ALTER TABLE minutes_revisions DROP CONSTRAINT minutes_revisions_pkey,
    ADD PRIMARY KEY (district_id, id);
ALTER TABLE objectives DROP CONSTRAINT objectives_pkey,
    ADD PRIMARY KEY (district_id, id),
    DROP CONSTRAINT objectives_district_id_key;
ALTER TABLE plan_changes DROP CONSTRAINT plan_changes_pkey,
    ADD PRIMARY KEY (district_id, id);
ALTER TABLE plan_review_criteria DROP CONSTRAINT plan_review_criteria_pkey,
    ADD PRIMARY KEY (district_id, review_id, criterion);
ALTER TABLE plan_reviews DROP CONSTRAINT plan_reviews_pkey,
    ADD PRIMARY KEY (district_id, id),
    DROP CONSTRAINT plan_reviews_district_id_key;
ALTER TABLE plans DROP CONSTRAINT plans_pkey,
    ADD PRIMARY KEY (district_id, id),
    DROP CONSTRAINT plans_district_id_key;
ALTER TABLE qpr_comments DROP CONSTRAINT qpr_comments_pkey,
    ADD PRIMARY KEY (district_id, id);
ALTER TABLE qpr_initiatives DROP CONSTRAINT qpr_initiatives_pkey,
    ADD PRIMARY KEY (district_id, qpr_id, initiative_id);
ALTER TABLE qpr_objectives DROP CONSTRAINT qpr_objectives_pkey,
    ADD PRIMARY KEY (district_id, qpr_id, objective_id);
ALTER TABLE qpr_rating_evidence DROP CONSTRAINT qpr_rating_evidence_pkey,
    ADD PRIMARY KEY (district_id, qpr_id, initiative_id, scale, evidence_id);
ALTER TABLE qpr_revisions DROP CONSTRAINT qpr_revisions_pkey,
    ADD PRIMARY KEY (district_id, id);
ALTER TABLE qprs DROP CONSTRAINT qprs_pkey,
    ADD PRIMARY KEY (district_id, id),
    DROP CONSTRAINT qprs_district_id_key;

-- 3. The foreign keys again, now on the primary keys.
ALTER TABLE activities ADD CONSTRAINT activities_district_id_initiative_id_fkey FOREIGN KEY (district_id, initiative_id) REFERENCES initiatives(district_id, id) ON DELETE CASCADE;
ALTER TABLE activity_updates ADD CONSTRAINT activity_updates_district_id_activity_id_fkey FOREIGN KEY (district_id, activity_id) REFERENCES activities(district_id, id) ON DELETE CASCADE;
ALTER TABLE benchmark_targets ADD CONSTRAINT benchmark_targets_district_id_benchmark_id_fkey FOREIGN KEY (district_id, benchmark_id) REFERENCES benchmarks(district_id, id) ON DELETE CASCADE;
ALTER TABLE benchmarks ADD CONSTRAINT benchmarks_district_id_initiative_id_fkey FOREIGN KEY (district_id, initiative_id) REFERENCES initiatives(district_id, id) ON DELETE CASCADE,
    ADD CONSTRAINT benchmarks_district_id_plan_id_fkey FOREIGN KEY (district_id, plan_id) REFERENCES plans(district_id, id) ON DELETE CASCADE;
ALTER TABLE continuum_positions ADD CONSTRAINT continuum_positions_district_id_reflection_id_fkey FOREIGN KEY (district_id, reflection_id) REFERENCES continuum_reflections(district_id, id) ON DELETE CASCADE;
ALTER TABLE discussion_agenda_items ADD CONSTRAINT discussion_agenda_items_district_id_benchmark_id_fkey FOREIGN KEY (district_id, benchmark_id) REFERENCES benchmarks(district_id, id) ON DELETE CASCADE,
    ADD CONSTRAINT discussion_agenda_items_district_id_discussion_id_fkey FOREIGN KEY (district_id, discussion_id) REFERENCES highlight_discussions(district_id, id) ON DELETE CASCADE,
    ADD CONSTRAINT discussion_agenda_items_district_id_evidence_id_fkey FOREIGN KEY (district_id, evidence_id) REFERENCES evidence(district_id, id) ON DELETE CASCADE,
    ADD CONSTRAINT discussion_agenda_items_district_id_initiative_id_fkey FOREIGN KEY (district_id, initiative_id) REFERENCES initiatives(district_id, id) ON DELETE CASCADE;
ALTER TABLE discussion_comments ADD CONSTRAINT discussion_comments_district_id_discussion_id_fkey FOREIGN KEY (district_id, discussion_id) REFERENCES highlight_discussions(district_id, id) ON DELETE CASCADE;
ALTER TABLE evidence ADD CONSTRAINT evidence_district_id_benchmark_id_fkey FOREIGN KEY (district_id, benchmark_id) REFERENCES benchmarks(district_id, id) ON DELETE SET NULL (benchmark_id),
    ADD CONSTRAINT evidence_district_id_initiative_id_fkey FOREIGN KEY (district_id, initiative_id) REFERENCES initiatives(district_id, id) ON DELETE SET NULL (initiative_id),
    ADD CONSTRAINT evidence_district_id_measurement_id_fkey FOREIGN KEY (district_id, measurement_id) REFERENCES measurements(district_id, id) ON DELETE SET NULL (measurement_id);
ALTER TABLE evidence_request_answers ADD CONSTRAINT evidence_request_answers_district_id_evidence_id_fkey FOREIGN KEY (district_id, evidence_id) REFERENCES evidence(district_id, id) ON DELETE CASCADE,
    ADD CONSTRAINT evidence_request_answers_district_id_request_id_fkey FOREIGN KEY (district_id, request_id) REFERENCES evidence_requests(district_id, id) ON DELETE CASCADE;
ALTER TABLE evidence_requests ADD CONSTRAINT evidence_requests_district_id_qpr_id_fkey FOREIGN KEY (district_id, qpr_id) REFERENCES qprs(district_id, id) ON DELETE SET NULL (qpr_id);
ALTER TABLE highlight_discussions ADD CONSTRAINT highlight_discussions_district_id_plan_id_fkey FOREIGN KEY (district_id, plan_id) REFERENCES plans(district_id, id) ON DELETE CASCADE;
ALTER TABLE initiatives ADD CONSTRAINT initiatives_district_id_objective_id_fkey FOREIGN KEY (district_id, objective_id) REFERENCES objectives(district_id, id) ON DELETE CASCADE;
ALTER TABLE measurements ADD CONSTRAINT measurements_district_id_benchmark_id_fkey FOREIGN KEY (district_id, benchmark_id) REFERENCES benchmarks(district_id, id) ON DELETE CASCADE;
ALTER TABLE minutes_evidence ADD CONSTRAINT minutes_evidence_district_id_discussion_id_fkey FOREIGN KEY (district_id, discussion_id) REFERENCES highlight_discussions(district_id, id) ON DELETE CASCADE,
    ADD CONSTRAINT minutes_evidence_district_id_evidence_id_fkey FOREIGN KEY (district_id, evidence_id) REFERENCES evidence(district_id, id) ON DELETE CASCADE;
ALTER TABLE minutes_reviews ADD CONSTRAINT minutes_reviews_district_id_discussion_id_fkey FOREIGN KEY (district_id, discussion_id) REFERENCES highlight_discussions(district_id, id) ON DELETE CASCADE;
ALTER TABLE minutes_revisions ADD CONSTRAINT minutes_revisions_district_id_discussion_id_fkey FOREIGN KEY (district_id, discussion_id) REFERENCES highlight_discussions(district_id, id) ON DELETE CASCADE;
ALTER TABLE objectives ADD CONSTRAINT objectives_district_id_plan_id_fkey FOREIGN KEY (district_id, plan_id) REFERENCES plans(district_id, id) ON DELETE CASCADE;
ALTER TABLE plan_changes ADD CONSTRAINT plan_changes_district_id_plan_id_fkey FOREIGN KEY (district_id, plan_id) REFERENCES plans(district_id, id) ON DELETE CASCADE;
ALTER TABLE plan_review_criteria ADD CONSTRAINT plan_review_criteria_district_id_review_id_fkey FOREIGN KEY (district_id, review_id) REFERENCES plan_reviews(district_id, id) ON DELETE CASCADE;
ALTER TABLE plan_reviews ADD CONSTRAINT plan_reviews_district_id_plan_id_fkey FOREIGN KEY (district_id, plan_id) REFERENCES plans(district_id, id) ON DELETE CASCADE;
ALTER TABLE plans ADD CONSTRAINT plans_district_id_previous_plan_id_fkey FOREIGN KEY (district_id, previous_plan_id) REFERENCES plans(district_id, id);
ALTER TABLE qpr_comments ADD CONSTRAINT qpr_comments_district_id_qpr_id_fkey FOREIGN KEY (district_id, qpr_id) REFERENCES qprs(district_id, id) ON DELETE CASCADE;
ALTER TABLE qpr_initiatives ADD CONSTRAINT qpr_initiatives_district_id_initiative_id_fkey FOREIGN KEY (district_id, initiative_id) REFERENCES initiatives(district_id, id) ON DELETE CASCADE,
    ADD CONSTRAINT qpr_initiatives_district_id_qpr_id_fkey FOREIGN KEY (district_id, qpr_id) REFERENCES qprs(district_id, id) ON DELETE CASCADE;
ALTER TABLE qpr_objectives ADD CONSTRAINT qpr_objectives_district_id_objective_id_fkey FOREIGN KEY (district_id, objective_id) REFERENCES objectives(district_id, id) ON DELETE CASCADE,
    ADD CONSTRAINT qpr_objectives_district_id_qpr_id_fkey FOREIGN KEY (district_id, qpr_id) REFERENCES qprs(district_id, id) ON DELETE CASCADE;
ALTER TABLE qpr_rating_evidence ADD CONSTRAINT qpr_rating_evidence_district_id_evidence_id_fkey FOREIGN KEY (district_id, evidence_id) REFERENCES evidence(district_id, id) ON DELETE CASCADE,
    ADD CONSTRAINT qpr_rating_evidence_district_id_qpr_id_fkey FOREIGN KEY (district_id, qpr_id) REFERENCES qprs(district_id, id) ON DELETE CASCADE;
ALTER TABLE qpr_revisions ADD CONSTRAINT qpr_revisions_district_id_qpr_id_fkey FOREIGN KEY (district_id, qpr_id) REFERENCES qprs(district_id, id) ON DELETE CASCADE;
ALTER TABLE qprs ADD CONSTRAINT qprs_district_id_plan_id_fkey FOREIGN KEY (district_id, plan_id) REFERENCES plans(district_id, id) ON DELETE CASCADE;
ALTER TABLE qpr_outcomes ADD CONSTRAINT qpr_outcomes_district_id_benchmark_id_fkey FOREIGN KEY (district_id, benchmark_id) REFERENCES benchmarks(district_id, id) ON DELETE CASCADE,
    ADD CONSTRAINT qpr_outcomes_district_id_qpr_id_fkey FOREIGN KEY (district_id, qpr_id) REFERENCES qprs(district_id, id) ON DELETE CASCADE;
ALTER TABLE report_presentations ADD CONSTRAINT report_presentations_district_id_qpr_id_fkey FOREIGN KEY (district_id, qpr_id) REFERENCES qprs(district_id, id) ON DELETE CASCADE;

-- One agenda row per initiative, benchmark or evidence of a discussion, within its district.
DROP INDEX discussion_agenda_items_unique;
CREATE UNIQUE INDEX discussion_agenda_items_unique
    ON discussion_agenda_items (district_id, discussion_id, COALESCE(initiative_id, benchmark_id, evidence_id));

-- 4. The old keys' columns keep a plain index: under ESE's context, or a person's several
-- districts, row-level security does not pin one district, and a lookup by id alone must stay an
-- index scan. (A distributed table may have any plain index.)
CREATE INDEX activities_id_idx ON activities (id);
CREATE INDEX activity_updates_id_idx ON activity_updates (id);
CREATE INDEX benchmark_targets_id_idx ON benchmark_targets (id);
CREATE INDEX benchmarks_id_idx ON benchmarks (id);
CREATE INDEX continuum_positions_reflection_id_criterion_idx ON continuum_positions (reflection_id, criterion);
CREATE INDEX continuum_reflections_id_idx ON continuum_reflections (id);
CREATE INDEX discussion_agenda_items_id_idx ON discussion_agenda_items (id);
CREATE INDEX discussion_comments_id_idx ON discussion_comments (id);
CREATE INDEX evidence_id_idx ON evidence (id);
CREATE INDEX evidence_request_answers_request_id_evidence_id_idx ON evidence_request_answers (request_id, evidence_id);
CREATE INDEX evidence_requests_id_idx ON evidence_requests (id);
CREATE INDEX highlight_discussions_id_idx ON highlight_discussions (id);
CREATE INDEX initiatives_id_idx ON initiatives (id);
CREATE INDEX measurements_id_idx ON measurements (id);
CREATE INDEX minutes_evidence_discussion_id_evidence_id_idx ON minutes_evidence (discussion_id, evidence_id);
CREATE INDEX minutes_reviews_id_idx ON minutes_reviews (id);
CREATE INDEX minutes_revisions_id_idx ON minutes_revisions (id);
CREATE INDEX objectives_id_idx ON objectives (id);
CREATE INDEX plan_changes_id_idx ON plan_changes (id);
CREATE INDEX plan_review_criteria_review_id_criterion_idx ON plan_review_criteria (review_id, criterion);
CREATE INDEX plan_reviews_id_idx ON plan_reviews (id);
CREATE INDEX plans_id_idx ON plans (id);
CREATE INDEX qpr_comments_id_idx ON qpr_comments (id);
CREATE INDEX qpr_initiatives_qpr_id_initiative_id_idx ON qpr_initiatives (qpr_id, initiative_id);
CREATE INDEX qpr_objectives_qpr_id_objective_id_idx ON qpr_objectives (qpr_id, objective_id);
CREATE INDEX qpr_rating_evidence_qpr_id_initiative_id_scale_evidence_id_idx ON qpr_rating_evidence (qpr_id, initiative_id, scale, evidence_id);
CREATE INDEX qpr_revisions_id_idx ON qpr_revisions (id);
CREATE INDEX qprs_id_idx ON qprs (id);
