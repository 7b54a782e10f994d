-- Indexes the query-plan test (src/plans.rs) found missing. Without them a
-- team's actions of one assessment, its reviews, and every new or deleted
-- assessment (the foreign keys from actions and action_reviews are checked on
-- each) read every action and review of every team.
CREATE INDEX actions_by_assessment ON actions(assessment_id);
CREATE INDEX action_reviews_by_assessment ON action_reviews(assessment_id);
