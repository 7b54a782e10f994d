-- Banks a team imported into the app, offered when starting an assessment.
-- A bank row that only backs past assessments keeps imported_at NULL.
ALTER TABLE banks ADD COLUMN imported_at TEXT;
