-- Issue 4: a near-duplicate candidate records which accepted image it duplicates and how close it is.
ALTER TABLE provider_assets
  ADD COLUMN duplicate_of       text,
  ADD COLUMN duplicate_distance integer CHECK (duplicate_distance BETWEEN 0 AND 64);
