-- Stable identities, and where an imported team came from (the opex file).
--
-- uuid: a random UUID (version 4, lower-case) for every team, assessment and
-- action, the same in every database that holds a copy of it: `opex import`
-- merges by it. Existing rows get one here; a row inserted without one gets
-- one from the triggers below, so every way of creating a row is covered
-- (and an import can insert the UUID it carries). SQLite has no UUID
-- function: the version and variant digits are set by hand.
ALTER TABLE teams ADD COLUMN uuid TEXT;
ALTER TABLE assessments ADD COLUMN uuid TEXT;
ALTER TABLE actions ADD COLUMN uuid TEXT;

-- origin_file, origin_exported_at: the file an imported team came from and
-- when that file was exported. NULL for a team created here.
ALTER TABLE teams ADD COLUMN origin_file TEXT;
ALTER TABLE teams ADD COLUMN origin_exported_at TEXT;

UPDATE teams SET uuid = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-'
    || substr('89ab', 1 + (random() & 3), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))
    WHERE uuid IS NULL;
UPDATE assessments SET uuid = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-'
    || substr('89ab', 1 + (random() & 3), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))
    WHERE uuid IS NULL;
UPDATE actions SET uuid = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-'
    || substr('89ab', 1 + (random() & 3), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))
    WHERE uuid IS NULL;

CREATE UNIQUE INDEX teams_by_uuid ON teams(uuid);
CREATE UNIQUE INDEX assessments_by_uuid ON assessments(uuid);
CREATE UNIQUE INDEX actions_by_uuid ON actions(uuid);

CREATE TRIGGER teams_get_a_uuid AFTER INSERT ON teams WHEN NEW.uuid IS NULL
BEGIN
    UPDATE teams SET uuid = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-'
        || substr('89ab', 1 + (random() & 3), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))
        WHERE id = NEW.id;
END;
CREATE TRIGGER assessments_get_a_uuid AFTER INSERT ON assessments WHEN NEW.uuid IS NULL
BEGIN
    UPDATE assessments SET uuid = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-'
        || substr('89ab', 1 + (random() & 3), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))
        WHERE id = NEW.id;
END;
CREATE TRIGGER actions_get_a_uuid AFTER INSERT ON actions WHEN NEW.uuid IS NULL
BEGIN
    UPDATE actions SET uuid = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-'
        || substr('89ab', 1 + (random() & 3), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))
        WHERE id = NEW.id;
END;
