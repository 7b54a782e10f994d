-- Workshop mode: how an assessment is run, votes in rounds, anonymous tallies,
-- per-question workshop state, and improvement actions.

ALTER TABLE assessments ADD COLUMN kind TEXT NOT NULL DEFAULT 'self'
    CHECK (kind IN ('self', 'workshop'));
ALTER TABLE assessments ADD COLUMN anonymity TEXT NOT NULL DEFAULT 'open'
    CHECK (anonymity IN ('open', 'facilitator', 'anonymous'));
ALTER TABLE assessments ADD COLUMN timer_seconds INTEGER NOT NULL DEFAULT 240
    CHECK (timer_seconds > 0);
-- A JSON array of the area ids a workshop was limited to; NULL for all.
ALTER TABLE assessments ADD COLUMN area_filter TEXT;
-- Where the facilitator is, so a relaunch resumes there.
ALTER TABLE assessments ADD COLUMN current_question TEXT;
-- When the facilitator arrived at the current question: its clock runs from here.
ALTER TABLE assessments ADD COLUMN current_since TEXT;

ALTER TABLE participants ADD COLUMN removed_at TEXT;

-- Votes gain a round: a re-vote opens round 2 and keeps round 1.
CREATE TABLE votes_by_round (
    participant_id INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
    question_id    TEXT NOT NULL,
    round          INTEGER NOT NULL DEFAULT 1 CHECK (round >= 1),
    kind           TEXT NOT NULL CHECK (kind IN ('level', 'not_applicable', 'dont_know')),
    level          INTEGER CHECK (level BETWEEN 1 AND 5),
    reason         TEXT,
    note           TEXT,
    updated_at     TEXT NOT NULL,
    PRIMARY KEY (participant_id, question_id, round),
    CHECK ((kind = 'level') = (level IS NOT NULL)),
    CHECK (kind <> 'not_applicable' OR length(trim(reason)) > 0)
) STRICT;
INSERT INTO votes_by_round (participant_id, question_id, round, kind, level, reason, note, updated_at)
    SELECT participant_id, question_id, 1, kind, level, reason, note, updated_at FROM votes;
DROP TABLE votes;
ALTER TABLE votes_by_round RENAME TO votes;

-- An anonymous workshop keeps only how many voted each way: no per-person rows.
CREATE TABLE tallies (
    assessment_id INTEGER NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
    question_id   TEXT NOT NULL,
    round         INTEGER NOT NULL CHECK (round >= 1),
    kind          TEXT NOT NULL CHECK (kind IN ('level', 'not_applicable', 'dont_know')),
    level         INTEGER NOT NULL DEFAULT 0 CHECK (level BETWEEN 0 AND 5),
    count         INTEGER NOT NULL CHECK (count >= 0),
    PRIMARY KEY (assessment_id, question_id, round, kind, level)
) STRICT;

-- Where each question of a workshop stands.
CREATE TABLE workshop_questions (
    assessment_id    INTEGER NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
    question_id      TEXT NOT NULL,
    round            INTEGER NOT NULL DEFAULT 1 CHECK (round >= 1),
    state            TEXT NOT NULL DEFAULT 'voting'
                     CHECK (state IN ('voting', 'revealed', 'agreed', 'skipped')),
    elapsed_ms       INTEGER NOT NULL DEFAULT 0 CHECK (elapsed_ms >= 0),
    facilitator_note TEXT,
    updated_at       TEXT NOT NULL,
    PRIMARY KEY (assessment_id, question_id)
) STRICT;

-- Improvement actions. An action belongs to its team and outlives the
-- assessment it came from.
CREATE TABLE actions (
    id            INTEGER PRIMARY KEY,
    team_id       INTEGER NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    assessment_id INTEGER REFERENCES assessments(id) ON DELETE SET NULL,
    question_id   TEXT,
    area_id       TEXT,
    title         TEXT NOT NULL CHECK (length(trim(title)) > 0),
    owner         TEXT,
    due_date      TEXT,
    status        TEXT NOT NULL DEFAULT 'open'
                  CHECK (status IN ('open', 'in_progress', 'done', 'dropped')),
    notes         TEXT,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
) STRICT;
CREATE INDEX actions_by_team ON actions(team_id, status);
