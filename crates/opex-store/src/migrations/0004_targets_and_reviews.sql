-- Targets per area, kept with their history: setting a new target adds a row,
-- so the past is never rewritten. The newest row per area is the target now.
CREATE TABLE targets (
    id          INTEGER PRIMARY KEY,
    team_id     INTEGER NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    area_id     TEXT NOT NULL,
    level       REAL NOT NULL CHECK (level >= 1 AND level <= 5),
    target_date TEXT,
    set_at      TEXT NOT NULL
) STRICT;
CREATE INDEX targets_by_team ON targets(team_id, area_id, set_at);

-- At the start of an assessment the team reviews its open actions.
CREATE TABLE action_reviews (
    action_id     INTEGER NOT NULL REFERENCES actions(id) ON DELETE CASCADE,
    assessment_id INTEGER NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
    outcome       TEXT NOT NULL CHECK (outcome IN ('done', 'carried', 'dropped')),
    note          TEXT,
    reviewed_at   TEXT NOT NULL,
    PRIMARY KEY (action_id, assessment_id)
) STRICT;

ALTER TABLE actions ADD COLUMN done_at TEXT;
