-- Rate limits and circuit breakers shared by every worker, kept in PostgreSQL (never per process).

-- Sliding-window log of provider requests; writers serialise per provider with an advisory lock.
-- `at` is when the request was sent, moved to when it was answered: the provider saw it in between.
CREATE TABLE provider_request_log (
  id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  provider  text        NOT NULL,
  at        timestamptz NOT NULL
);
CREATE INDEX provider_request_log_provider_at_idx ON provider_request_log (provider, at);

-- One breaker per provider.
CREATE TABLE provider_breakers (
  provider              text PRIMARY KEY,
  state                 text NOT NULL DEFAULT 'closed' CHECK (state IN ('closed', 'open', 'half_open')),
  consecutive_failures  integer NOT NULL DEFAULT 0,
  half_open_successes   integer NOT NULL DEFAULT 0,
  opened_at             timestamptz,
  last_failure          text,
  updated_at            timestamptz NOT NULL DEFAULT now()
);
