-- Accounts. A deleted user keeps its row (deleted_at set) and frees its email for a new account.
CREATE TABLE users (
  id            bigserial PRIMARY KEY,
  email         text NOT NULL CHECK (char_length(email) BETWEEN 3 AND 254),
  name          text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
  -- `scrypt$ln=<log2 N>,r=<r>,p=<p>$<salt>$<hash>`: the parameters travel with the hash.
  password_hash text NOT NULL,
  status        text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive', 'suspended')),
  role          text NOT NULL DEFAULT 'customer' CHECK (role IN ('customer', 'admin')),
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  deleted_at    timestamptz
);
-- Serves CreateUser's and UpdateUser's uniqueness (ignoring case, live users only) and SignIn's lookup.
CREATE UNIQUE INDEX users_live_email_idx ON users (lower(email)) WHERE deleted_at IS NULL;
-- Serves ListUsers without filters and with a status filter: newest first.
CREATE INDEX users_live_newest_idx ON users (created_at DESC, id DESC) WHERE deleted_at IS NULL;
CREATE INDEX users_live_status_newest_idx ON users (status, created_at DESC, id DESC) WHERE deleted_at IS NULL;

-- Serves ListUsers' search: substrings of name or email, ignoring case.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX users_live_search_idx ON users
  USING gin (lower(name) gin_trgm_ops, lower(email) gin_trgm_ops) WHERE deleted_at IS NULL;

-- Failed sign-ins per email (lower-cased), in a fixed window that starts at the window's first
-- failure. Shared by every replica, so the limit holds however calls are spread.
CREATE TABLE sign_in_failures (
  email             text PRIMARY KEY,
  window_started_at timestamptz NOT NULL,
  failures          integer NOT NULL CHECK (failures >= 0)
);
-- Serves the cleanup of windows that have ended.
CREATE INDEX sign_in_failures_window_idx ON sign_in_failures (window_started_at);
