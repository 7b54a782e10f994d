-- The first schema. Shipped migrations are never edited: add a new file instead.

-- A copy of every bank an assessment ran against, keyed by content hash, so that
-- later bank edits never change what an old assessment meant.
CREATE TABLE banks (
    hash       TEXT PRIMARY KEY,
    bank_id    TEXT NOT NULL,
    version    TEXT NOT NULL,
    title      TEXT NOT NULL,
    content    TEXT NOT NULL, -- the bank as JSON
    stored_at  TEXT NOT NULL
) STRICT;

CREATE TABLE teams (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(name)) > 0),
    created_at TEXT NOT NULL
) STRICT;

CREATE TABLE assessments (
    id           INTEGER PRIMARY KEY,
    team_id      INTEGER NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    bank_hash    TEXT NOT NULL REFERENCES banks(hash),
    bank_id      TEXT NOT NULL,
    bank_version TEXT NOT NULL,
    profile      TEXT NOT NULL DEFAULT 'full',
    started_at   TEXT NOT NULL,
    completed_at TEXT
) STRICT;
CREATE INDEX assessments_by_team ON assessments(team_id, started_at);

CREATE TABLE participants (
    id            INTEGER PRIMARY KEY,
    assessment_id INTEGER NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
    name          TEXT NOT NULL CHECK (length(trim(name)) > 0),
    created_at    TEXT NOT NULL,
    UNIQUE (assessment_id, name)
) STRICT;

-- One participant's answer to one question.
CREATE TABLE votes (
    participant_id INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
    question_id    TEXT NOT NULL,
    kind           TEXT NOT NULL CHECK (kind IN ('level', 'not_applicable', 'dont_know')),
    level          INTEGER CHECK (level BETWEEN 1 AND 5),
    reason         TEXT,
    note           TEXT,
    updated_at     TEXT NOT NULL,
    PRIMARY KEY (participant_id, question_id),
    CHECK ((kind = 'level') = (level IS NOT NULL)),
    CHECK (kind <> 'not_applicable' OR length(trim(reason)) > 0)
) STRICT;

-- What the team agreed for one question.
CREATE TABLE consensus (
    assessment_id INTEGER NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
    question_id   TEXT NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('level', 'not_applicable', 'dont_know')),
    level         INTEGER CHECK (level BETWEEN 1 AND 5),
    reason        TEXT,
    note          TEXT,
    updated_at    TEXT NOT NULL,
    PRIMARY KEY (assessment_id, question_id),
    CHECK ((kind = 'level') = (level IS NOT NULL)),
    CHECK (kind <> 'not_applicable' OR length(trim(reason)) > 0)
) STRICT;
