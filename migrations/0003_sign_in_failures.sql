-- Failed sign-ins per typed email, to slow down password guessing. Keyed by what was typed, not
-- by account, so the throttle behaves the same whether or not the account exists.
CREATE TABLE sign_in_failures (
    id        bigserial PRIMARY KEY,
    email     text NOT NULL,
    failed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sign_in_failures_email_idx ON sign_in_failures (email, failed_at);
