-- Answers to checklist questions (AWS Well-Architected lenses): the choices a
-- team ticked, as a JSON array of the choice ids of the assessment's own bank
-- snapshot. A question with no row is unanswered; its risk is derived, never
-- stored.
CREATE TABLE checklist_answers (
    assessment_id INTEGER NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
    question_id   TEXT NOT NULL,
    choices       TEXT NOT NULL CHECK (json_valid(choices) AND json_type(choices) = 'array'),
    note          TEXT,
    updated_at    TEXT NOT NULL,
    PRIMARY KEY (assessment_id, question_id)
) STRICT;
