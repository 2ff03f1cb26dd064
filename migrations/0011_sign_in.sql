-- Sign-in throttling per typed email *and* client address, counted in one locked row so that
-- concurrent guesses cannot all slip under the limit. Keyed by what was typed, not by account, so
-- it behaves the same whether or not the account exists. Rows older than a day are swept.
CREATE TABLE sign_in_attempts (
    email           text NOT NULL,
    address         text NOT NULL,
    -- Failed (or still being checked) attempts since the window began.
    failures        integer NOT NULL DEFAULT 0,
    last_failed_at  timestamptz NOT NULL DEFAULT now(),
    -- The address may not try this email again before this time.
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (email, address)
);
CREATE INDEX sign_in_attempts_last_failed_idx ON sign_in_attempts (last_failed_at);

-- Replaced by sign_in_attempts: it was read before the password check, so it did not hold
-- under concurrent guesses.
DROP TABLE sign_in_failures;

-- A temporary password (set by an administrator or `create-user`) works for a limited time;
-- after that, the person asks for a new one.
ALTER TABLE users ADD COLUMN temporary_password_expires_at timestamptz;
UPDATE users SET temporary_password_expires_at = now() + interval '7 days' WHERE must_change_password;
