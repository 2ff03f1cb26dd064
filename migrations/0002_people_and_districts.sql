CREATE TYPE ese_role AS ENUM ('ese_staff', 'ese_admin');
CREATE TYPE district_role AS ENUM ('superintendent', 'plan_manager', 'plan_monitor', 'district_leader');

CREATE TABLE users (
    id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    email                text NOT NULL CONSTRAINT users_email_key UNIQUE,
    name                 text NOT NULL CHECK (btrim(name) <> ''),
    title                text NOT NULL DEFAULT '',
    password_hash        text NOT NULL,
    -- Set when an administrator chose the password: the person picks their own at next sign-in.
    must_change_password boolean NOT NULL DEFAULT true,
    ese_role             ese_role,
    active               boolean NOT NULL DEFAULT true,
    version              integer NOT NULL DEFAULT 1,
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT users_email_lowercase CHECK (email = lower(email))
);

-- Districts are the tenants. Their names and levels are public accountability facts; what is
-- private lives in district-owned tables below, which carry district_id and row-level security.
CREATE TABLE districts (
    id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name                 text NOT NULL CONSTRAINT districts_name_key UNIQUE CHECK (btrim(name) <> ''),
    slug                 text NOT NULL CONSTRAINT districts_slug_key UNIQUE
                         CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    accountability_level smallint NOT NULL CHECK (accountability_level BETWEEN 1 AND 5),
    enrollment           integer CHECK (enrollment >= 0),
    profile              text NOT NULL DEFAULT '',
    version              integer NOT NULL DEFAULT 1,
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE district_roles (
    district_id uuid NOT NULL REFERENCES districts (id) ON DELETE CASCADE,
    user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role        district_role NOT NULL,
    granted_by  uuid REFERENCES users (id) ON DELETE SET NULL,
    granted_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (district_id, user_id, role)
);
CREATE INDEX district_roles_user_idx ON district_roles (user_id);

ALTER TABLE district_roles ENABLE ROW LEVEL SECURITY;
ALTER TABLE district_roles FORCE ROW LEVEL SECURITY;
-- A person also sees their own roles in every district, which is how sign-in finds where they belong.
CREATE POLICY district_isolation ON district_roles
    USING (district_id = app_district_id() OR app_is_ese() OR user_id = app_user_id())
    WITH CHECK (district_id = app_district_id() OR app_is_ese());

-- Sessions, in the table layout tower-sessions-sqlx-store expects, so the app role needs no DDL.
CREATE SCHEMA tower_sessions;
GRANT USAGE ON SCHEMA tower_sessions TO throughline_app;
CREATE TABLE tower_sessions.session (
    id          text PRIMARY KEY NOT NULL,
    data        bytea NOT NULL,
    expiry_date timestamptz NOT NULL
);
GRANT SELECT, INSERT, UPDATE, DELETE ON tower_sessions.session TO throughline_app;
