-- An action's link: a URL or ticket reference in the team's tracker, kept as
-- plain text. NULL when there is none.
ALTER TABLE actions ADD COLUMN link TEXT;
