-- The user's order of a type's picks (1 = first): publishing names them in that order, ahead of
-- any the enrichment chose (NULL, ranked by score).
ALTER TABLE provider_assets ADD COLUMN pick_order integer CHECK (pick_order > 0);
