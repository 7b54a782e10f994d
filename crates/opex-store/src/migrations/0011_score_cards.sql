-- Each completed assessment's score card (opex_core::card): the overall
-- score, each area's mean, the coverage and the people, as JSON, so that the
-- lists of assessments, the portfolio and the trends need not read every vote
-- of every assessment again. A cache of a derived value: the store makes a
-- card again whenever it is missing or of another version, and these
-- triggers drop a card whenever anything it is made of changes, so a card
-- kept is always the one the answers make.
CREATE TABLE score_cards (
    assessment_id INTEGER PRIMARY KEY REFERENCES assessments(id) ON DELETE CASCADE,
    version       INTEGER NOT NULL,
    card          TEXT NOT NULL CHECK (json_valid(card))
) STRICT;

CREATE TRIGGER consensus_insert_drops_card AFTER INSERT ON consensus BEGIN
    DELETE FROM score_cards WHERE assessment_id = NEW.assessment_id;
END;

CREATE TRIGGER consensus_update_drops_card AFTER UPDATE ON consensus BEGIN
    DELETE FROM score_cards WHERE assessment_id = OLD.assessment_id;
    DELETE FROM score_cards WHERE assessment_id = NEW.assessment_id;
END;

CREATE TRIGGER consensus_delete_drops_card AFTER DELETE ON consensus BEGIN
    DELETE FROM score_cards WHERE assessment_id = OLD.assessment_id;
END;

CREATE TRIGGER tallies_insert_drops_card AFTER INSERT ON tallies BEGIN
    DELETE FROM score_cards WHERE assessment_id = NEW.assessment_id;
END;

CREATE TRIGGER tallies_update_drops_card AFTER UPDATE ON tallies BEGIN
    DELETE FROM score_cards WHERE assessment_id = OLD.assessment_id;
    DELETE FROM score_cards WHERE assessment_id = NEW.assessment_id;
END;

CREATE TRIGGER tallies_delete_drops_card AFTER DELETE ON tallies BEGIN
    DELETE FROM score_cards WHERE assessment_id = OLD.assessment_id;
END;

CREATE TRIGGER workshop_questions_insert_drops_card AFTER INSERT ON workshop_questions BEGIN
    DELETE FROM score_cards WHERE assessment_id = NEW.assessment_id;
END;

CREATE TRIGGER workshop_questions_update_drops_card AFTER UPDATE ON workshop_questions BEGIN
    DELETE FROM score_cards WHERE assessment_id = OLD.assessment_id;
    DELETE FROM score_cards WHERE assessment_id = NEW.assessment_id;
END;

CREATE TRIGGER workshop_questions_delete_drops_card AFTER DELETE ON workshop_questions BEGIN
    DELETE FROM score_cards WHERE assessment_id = OLD.assessment_id;
END;

CREATE TRIGGER checklist_answers_insert_drops_card AFTER INSERT ON checklist_answers BEGIN
    DELETE FROM score_cards WHERE assessment_id = NEW.assessment_id;
END;

CREATE TRIGGER checklist_answers_update_drops_card AFTER UPDATE ON checklist_answers BEGIN
    DELETE FROM score_cards WHERE assessment_id = OLD.assessment_id;
    DELETE FROM score_cards WHERE assessment_id = NEW.assessment_id;
END;

CREATE TRIGGER checklist_answers_delete_drops_card AFTER DELETE ON checklist_answers BEGIN
    DELETE FROM score_cards WHERE assessment_id = OLD.assessment_id;
END;

CREATE TRIGGER participants_insert_drops_card AFTER INSERT ON participants BEGIN
    DELETE FROM score_cards WHERE assessment_id = NEW.assessment_id;
END;

CREATE TRIGGER participants_update_drops_card AFTER UPDATE ON participants BEGIN
    DELETE FROM score_cards WHERE assessment_id = OLD.assessment_id;
    DELETE FROM score_cards WHERE assessment_id = NEW.assessment_id;
END;

CREATE TRIGGER participants_delete_drops_card AFTER DELETE ON participants BEGIN
    DELETE FROM score_cards WHERE assessment_id = OLD.assessment_id;
END;

CREATE TRIGGER votes_insert_drops_card AFTER INSERT ON votes BEGIN
    DELETE FROM score_cards WHERE assessment_id = (SELECT p.assessment_id FROM participants p WHERE p.id = NEW.participant_id);
END;

CREATE TRIGGER votes_update_drops_card AFTER UPDATE ON votes BEGIN
    DELETE FROM score_cards WHERE assessment_id = (SELECT p.assessment_id FROM participants p WHERE p.id = OLD.participant_id);
    DELETE FROM score_cards WHERE assessment_id = (SELECT p.assessment_id FROM participants p WHERE p.id = NEW.participant_id);
END;

CREATE TRIGGER votes_delete_drops_card AFTER DELETE ON votes BEGIN
    DELETE FROM score_cards WHERE assessment_id = (SELECT p.assessment_id FROM participants p WHERE p.id = OLD.participant_id);
END;

CREATE TRIGGER assessments_update_drops_card AFTER UPDATE ON assessments BEGIN
    DELETE FROM score_cards WHERE assessment_id = OLD.id;
END;
