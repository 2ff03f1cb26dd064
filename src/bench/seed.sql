-- A state-sized dataset for the benchmark: districts named bench-1 … bench-N, each with a full
-- plan and three school years of monitoring. Run by `throughline seed-bench` in one transaction
-- under ESE's context, with bench.districts, bench.today and bench.hash set. Only districts that
-- do not exist yet are made, so running it again adds nothing; values vary by district and item
-- through fixed arithmetic, so two runs make the same data.

CREATE TEMP TABLE bench_new (n int PRIMARY KEY, id uuid NOT NULL) ON COMMIT DROP;
CREATE TEMP TABLE bench_year ON COMMIT DROP AS
SELECT (CASE WHEN extract(month FROM d) >= 7 THEN extract(year FROM d) ELSE extract(year FROM d) - 1 END)::int AS current,
       d AS today
FROM (SELECT current_setting('bench.today')::date AS d) t;

WITH made AS (
    INSERT INTO districts (name, slug, accountability_level, enrollment, profile)
    SELECT 'Bench District ' || g, 'bench-' || g, 3 + g % 3, 1500 + (g * 379) % 24000,
           'A district of the benchmark dataset.'
    FROM generate_series(1, current_setting('bench.districts')::int) g
    WHERE NOT EXISTS (SELECT 1 FROM districts WHERE slug = 'bench-' || g)
    RETURNING id, slug
)
INSERT INTO bench_new SELECT substr(slug, 7)::int, id FROM made;

-- People: a superintendent, a plan manager and four district leaders a district; monitors cover
-- seven districts each (the first ten, the last what is left); twenty ESE staff.
INSERT INTO users (email, name, title, password_hash, must_change_password, ese_role)
SELECT 'bench-ese-' || g || '@bench.test', 'Bench ESE ' || g, 'ESE staff',
       current_setting('bench.hash'), false, 'ese_staff'
FROM generate_series(1, 20) g
ON CONFLICT (email) DO NOTHING;
INSERT INTO users (email, name, title, password_hash, must_change_password)
SELECT 'bench-monitor-' || k || '@bench.test', 'Bench Monitor ' || k, 'Plan Monitor',
       current_setting('bench.hash'), false
FROM (SELECT CASE WHEN n <= 10 THEN 1 ELSE (n - 11) / 7 + 2 END AS k FROM bench_new) m
ON CONFLICT (email) DO NOTHING;
INSERT INTO users (email, name, title, password_hash, must_change_password)
SELECT 'bench-' || n || '-' || who || '@bench.test', 'Bench ' || n || ' ' || initcap(who), initcap(who),
       current_setting('bench.hash'), false
FROM bench_new, unnest(ARRAY['supt', 'manager', 'leader1', 'leader2', 'leader3', 'leader4']) who
ON CONFLICT (email) DO NOTHING;

INSERT INTO district_roles (district_id, user_id, role)
SELECT b.id, u.id, CASE
        WHEN u.email LIKE '%-supt@%' THEN 'superintendent'
        WHEN u.email LIKE '%-manager@%' THEN 'plan_manager'
        ELSE 'district_leader' END::district_role
FROM bench_new b JOIN users u ON u.email LIKE 'bench-' || b.n || '-%@bench.test'
UNION ALL
SELECT b.id, u.id, 'plan_monitor'
FROM bench_new b JOIN users u
     ON u.email = 'bench-monitor-' || CASE WHEN b.n <= 10 THEN 1 ELSE (b.n - 11) / 7 + 2 END || '@bench.test'
ON CONFLICT DO NOTHING;

-- The plan in force: three school years, the current one its last.
INSERT INTO plans (district_id, title, first_school_year, last_school_year, status, key_issues,
                   theory_of_action, focus_rationale, submitted_at, approved_at)
SELECT b.id, 'Bench District ' || b.n || ' Accelerated Improvement Plan', y.current - 2, y.current,
       'approved', 'Achievement gaps in literacy and mathematics; chronic absence.',
       'If we strengthen core instruction, use data to target support and engage families, then achievement rises.',
       'Four objectives where the data show the largest gaps.',
       make_date(y.current - 2, 6, 1), make_date(y.current - 2, 6, 20)
FROM bench_new b, bench_year y;

CREATE TEMP TABLE bench_plan ON COMMIT DROP AS
SELECT b.n, b.id AS district_id, p.id AS plan_id, p.first_school_year AS first
FROM bench_new b JOIN plans p ON p.district_id = b.id;

INSERT INTO objectives (district_id, plan_id, rank, title, lead)
SELECT p.district_id, p.plan_id, o,
       (ARRAY['Strengthen core instruction in literacy', 'Use data to target support',
              'Engage families and the community', 'Build leadership capacity'])[o],
       'Assistant Superintendent'
FROM bench_plan p, generate_series(1, 4) o;

INSERT INTO initiatives (district_id, objective_id, rank, description, lead, key_resources)
SELECT o.district_id, o.id, i,
       'Initiative ' || o.rank || '.' || i || ': a strategy of the plan with its own lead and resources.',
       'Director ' || i, 'Coaching time, common planning time'
FROM objectives o JOIN bench_plan p ON p.plan_id = o.plan_id, generate_series(1, 4) i;

-- Twelve activities an initiative, spread over the plan's three years.
INSERT INTO activities (district_id, initiative_id, rank, description, lead, starts_on, completes_on,
                        resources, frequency, interim_monitoring)
SELECT i.district_id, i.id, a,
       'Activity ' || a || ' of the initiative: teams meet, plan and review student work.',
       'Coordinator ' || (a % 4 + 1),
       make_date(p.first + (a - 1) / 4, 9, 1) + ((a - 1) % 4) * 45,
       make_date(p.first + (a - 1) / 4, 9, 1) + ((a - 1) % 4) * 45 + 120,
       'Stipends', 'Monthly', 'Reviewed at each Highlight Discussion'
FROM initiatives i JOIN objectives o ON o.id = i.objective_id JOIN bench_plan p ON p.plan_id = o.plan_id,
     generate_series(1, 12) a;

-- Four benchmarks an initiative (one of each early kind and a second outcome), two final
-- outcomes a plan (the PPI targets for all students and the high-needs group).
INSERT INTO benchmarks (district_id, plan_id, initiative_id, kind, rank, statement, measure,
                        evidence_source, frequency, unit, higher_is_better)
SELECT i.district_id, p.plan_id, i.id,
       (ARRAY['activity', 'early_evidence', 'short_term_outcome', 'short_term_outcome'])[k]::benchmark_kind, k,
       'Benchmark ' || k || ' of the initiative: the share of classrooms or students meeting the mark.',
       'Percent meeting the mark', 'District data reports', 'quarterly',
       (ARRAY['yes_no', 'percent', 'percent', 'score'])[k]::target_unit, true
FROM initiatives i JOIN objectives o ON o.id = i.objective_id JOIN bench_plan p ON p.plan_id = o.plan_id,
     generate_series(1, 4) k;
INSERT INTO benchmarks (district_id, plan_id, kind, rank, statement, measure, evidence_source,
                        frequency, unit, higher_is_better, ppi_group, population)
SELECT p.district_id, p.plan_id, 'final_outcome', g,
       (ARRAY['The district reaches its PPI target for all students.',
              'The district reaches its PPI target for high-needs students.'])[g],
       'Progress and Performance Index', 'State accountability report', 'annually', 'score', true,
       (ARRAY['aggregate', 'high_needs'])[g]::ppi_group,
       (ARRAY['All students', 'High-needs students'])[g]
FROM bench_plan p, generate_series(1, 2) g;

-- A target at the end of each school year.
INSERT INTO benchmark_targets (district_id, benchmark_id, due_on, value)
SELECT b.district_id, b.id, make_date(p.first + y, 6, 30),
       CASE b.unit WHEN 'yes_no' THEN 1 WHEN 'score' THEN 60 + 10 * y ELSE 55 + 12 * y END
FROM benchmarks b JOIN bench_plan p ON p.plan_id = b.plan_id, generate_series(0, 2) y;

-- Measurements every quarter up to today; districts and benchmarks climb at different rates.
INSERT INTO measurements (district_id, benchmark_id, value, measured_on, population, note)
SELECT b.district_id, b.id,
       CASE b.unit WHEN 'yes_no' THEN (q + b.rank) % 2
            ELSE least(100, 35 + q * (2 + (p.n + b.rank) % 5) + (p.n * 7 + b.rank * 3) % 11) END,
       m.on_day, 'All students', 'Quarterly data pull'
FROM benchmarks b JOIN bench_plan p ON p.plan_id = b.plan_id,
     LATERAL (SELECT q, (make_date(p.first, 10, 15) + make_interval(months => 3 * q))::date AS on_day
              FROM generate_series(0, 11) q) m, bench_year y
WHERE m.on_day <= y.today AND (b.kind <> 'final_outcome' OR extract(month FROM m.on_day) = 7);

-- Two status updates an activity once it has started.
INSERT INTO activity_updates (district_id, activity_id, status, as_of, note)
SELECT a.district_id, a.id, s.status, s.as_of, 'Reported at the Highlight Discussion'
FROM activities a JOIN initiatives i ON i.id = a.initiative_id JOIN bench_plan p ON p.district_id = a.district_id,
     bench_year y,
     LATERAL (VALUES ('on_track'::activity_status, a.starts_on + 20),
                     ((ARRAY['complete', 'at_risk', 'on_track', 'complete', 'not_started'])[1 + (p.n + a.rank) % 5]::activity_status,
                      a.completes_on)) s(status, as_of)
WHERE s.as_of <= y.today;

-- A Highlight Discussion every school month (September–June) up to today; minutes final once a
-- month has passed.
INSERT INTO highlight_discussions (district_id, plan_id, held_on, starts_at, place, minutes_status,
                                   participants, accomplishments, challenges, risks, next_steps,
                                   revision, finalised_at, ese_notified_at)
SELECT p.district_id, p.plan_id, d.held_on, '15:30', 'Central office, room 101',
       CASE WHEN d.held_on < y.today - 30 THEN 'final' WHEN d.held_on < y.today THEN 'draft' ELSE 'draft' END::minutes_status,
       'Superintendent, plan manager, monitor, initiative leads',
       'Teams met as planned and reviewed the period''s benchmarks.',
       'Scheduling common planning time.', 'Staff turnover in two schools.',
       'Continue coaching cycles; review data next month.', 1,
       CASE WHEN d.held_on < y.today - 30 THEN d.held_on + 14 END, d.held_on - 10
FROM bench_plan p, bench_year y,
     LATERAL (SELECT (make_date(p.first, 9, 1) + make_interval(months => m) + (p.n % 10) * interval '1 day')::date AS held_on
              FROM generate_series(0, 33) m) d
WHERE extract(month FROM d.held_on) NOT IN (7, 8) AND d.held_on <= y.today + 30;

-- Reports for every period that has ended since the plan began: published with ratings, but the
-- latest, which its monitor is drafting.
CREATE TEMP TABLE bench_period ON COMMIT DROP AS
SELECT p.district_id, p.plan_id, p.n, s.start,
       s.start = max(s.start) OVER (PARTITION BY p.district_id) AS latest
FROM bench_plan p, bench_year y,
     LATERAL (SELECT (make_date(p.first, 9, 1) + make_interval(months => 3 * k))::date AS start
              FROM generate_series(0, 11) k) s
WHERE s.start + interval '3 months' <= y.today;

INSERT INTO qprs (district_id, plan_id, period_start, status, summary, monitor_id, sent_to_ese_at,
                  sent_to_superintendent_at, published_at, posted_at)
SELECT b.district_id, b.plan_id, b.start, CASE WHEN b.latest THEN 'draft' ELSE 'published' END::qpr_status,
       'Over the period the district carried out most planned activities; early evidence improved.',
       (SELECT user_id FROM district_roles r WHERE r.district_id = b.district_id AND r.role = 'plan_monitor' LIMIT 1),
       CASE WHEN NOT b.latest THEN b.start + 100 END, CASE WHEN NOT b.latest THEN b.start + 110 END,
       CASE WHEN NOT b.latest THEN b.start + 125 END, CASE WHEN NOT b.latest THEN b.start + 126 END
FROM bench_period b;

INSERT INTO qpr_objectives (district_id, qpr_id, objective_id, narrative)
SELECT q.district_id, q.id, o.id, 'Work under this objective moved ahead as planned.'
FROM qprs q JOIN bench_plan p ON p.plan_id = q.plan_id JOIN objectives o ON o.plan_id = q.plan_id;

INSERT INTO qpr_initiatives (district_id, qpr_id, initiative_id, narrative, process_rating,
                             process_evidence, process_rationale, performance_rating,
                             performance_evidence, performance_rationale)
SELECT q.district_id, q.id, i.id, 'The initiative''s activities were carried out with fidelity.',
       (ARRAY['problematic', 'technical', 'practices_in_place', 'fully_embedded'])
           [1 + least(3, (p.n + i.rank + o.rank + extract(month FROM q.period_start)::int / 3) % 4)]::process_rating,
       'Walkthrough data and minutes', 'Most practices are in place.',
       (ARRAY['not_reached', 'partially_reached', 'reached', 'reached_high'])
           [1 + (p.n * 3 + i.rank + o.rank * 2 + extract(year FROM q.period_start)::int) % 4]::performance_rating,
       'Benchmark measurements of the period', 'Compared with the targets.'
FROM qprs q JOIN bench_plan p ON p.plan_id = q.plan_id
     JOIN objectives o ON o.plan_id = q.plan_id JOIN initiatives i ON i.objective_id = o.id;

-- Fresh statistics, so the first benchmark run plans as the hundredth would.
ANALYZE;

SELECT count(*) FROM bench_new;
