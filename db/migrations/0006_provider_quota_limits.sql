-- A provider whose request quota for the period is spent (OMDb's daily limit) is not asked again
-- until `limited_until`; kept here so every worker on every host skips it.
CREATE TABLE provider_quota_limits (
  provider       text PRIMARY KEY,
  limited_until  timestamptz NOT NULL,
  reason         text NOT NULL,
  updated_at     timestamptz NOT NULL DEFAULT now()
);
