-- Workflow steps that cannot happen twice, answers that belong to the round of review they were
-- given in, and forms that create something only once however often they are sent.

-- Minutes returned to draft and sent again are a new round: the answers given to the earlier
-- round stay recorded but no longer count for the steps or for finalising. Every sending adds one.
ALTER TABLE highlight_discussions ADD COLUMN review_round integer NOT NULL DEFAULT 1;
ALTER TABLE minutes_reviews ADD COLUMN review_round integer NOT NULL DEFAULT 1;

-- One answer per role and round. Concurrent answers could have left two: keep the latest.
DELETE FROM minutes_reviews r
USING minutes_reviews newer
WHERE newer.discussion_id = r.discussion_id
  AND newer.revision = r.revision
  AND newer.review_round = r.review_round
  AND newer.reviewer_role = r.reviewer_role
  AND (newer.reviewed_at, newer.id) > (r.reviewed_at, r.id);
ALTER TABLE minutes_reviews
    ADD CONSTRAINT minutes_reviews_one_per_role UNIQUE (discussion_id, revision, review_round, reviewer_role);

-- One-time tokens of creating forms: the first post with a token claims it and records where it
-- led; a repeat (a double click, a resent form) is sent there instead of creating a second copy.
CREATE TABLE form_submissions (
    token            uuid PRIMARY KEY,
    user_id          uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at       timestamptz NOT NULL DEFAULT now(),
    result_location  text
);
CREATE INDEX form_submissions_user_idx ON form_submissions (user_id, created_at);

-- A person's tokens are theirs alone: another person's token is neither seen nor reused.
ALTER TABLE form_submissions ENABLE ROW LEVEL SECURITY;
ALTER TABLE form_submissions FORCE ROW LEVEL SECURITY;
CREATE POLICY own_submissions ON form_submissions
    USING (user_id = app_user_id())
    WITH CHECK (user_id = app_user_id());
GRANT SELECT, INSERT, UPDATE, DELETE ON form_submissions TO throughline_app;
