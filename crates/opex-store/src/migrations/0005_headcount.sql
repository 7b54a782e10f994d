-- An anonymous workshop's headcount: how many people are in the room, so that
-- more tallies than people can be flagged before the reveal. NULL when not given.
ALTER TABLE assessments ADD COLUMN headcount INTEGER CHECK (headcount IS NULL OR headcount BETWEEN 1 AND 500);
