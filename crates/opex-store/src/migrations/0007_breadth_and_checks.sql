-- Bank 2.0: how widely an answer is true, and the checks a team ticked.
--
-- breadth: for how many of the team's services the answer (or vote) holds:
-- one, some, most or all. NULL when nobody said. Never part of a score.
ALTER TABLE consensus ADD COLUMN breadth TEXT CHECK (breadth IN ('one', 'some', 'most', 'all'));
ALTER TABLE votes ADD COLUMN breadth TEXT CHECK (breadth IN ('one', 'some', 'most', 'all'));

-- A check (level, index into that level's list in the assessment's own bank
-- snapshot) the team ticked while discussing a question. Ticking is optional;
-- a row exists while the check is ticked.
CREATE TABLE ticked_checks (
    assessment_id INTEGER NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
    question_id   TEXT NOT NULL,
    level         INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
    idx           INTEGER NOT NULL CHECK (idx BETWEEN 0 AND 9),
    ticked_at     TEXT NOT NULL,
    PRIMARY KEY (assessment_id, question_id, level, idx)
) STRICT;
