//! Score cards: a kept card is always the card the answers make. Made for
//! each completed assessment, equal to `ScoredAssessment::card` to the bit,
//! dropped by the triggers whenever anything it is made of changes, and
//! made again when forgotten or of another version.

use chrono::Utc;
use opex_core::card::{CARD_VERSION, Listed};
use opex_store::Store;
use opex_store::organisation::{Organisation, create_organisation};
use rusqlite::Connection;
use std::path::Path;

fn organisation(db: &Path) -> Store {
    let mut store = Store::open(db).unwrap();
    let bank = opex_core::default_bank().unwrap();
    let org = Organisation {
        teams: 2,
        assessments: 8,
        voters: 3,
    };
    create_organisation(&mut store, &bank, org, Utc::now()).unwrap();
    store
}

fn all_listed(store: &Store) -> Vec<Listed> {
    store
        .teams()
        .unwrap()
        .iter()
        .flat_map(|t| store.listed(t.id).unwrap())
        .collect()
}

/// Every listed card against the card made from the answers now.
fn assert_cards_derived(store: &Store) {
    for l in all_listed(store) {
        let derived = store.scored(l.assessment.id).unwrap().card();
        assert_eq!(l.card, derived, "assessment {}", l.assessment.id);
        assert_eq!(store.card(&l.assessment).unwrap(), derived);
    }
}

fn count(db: &Path, sql: &str) -> i64 {
    Connection::open(db)
        .unwrap()
        .query_row(sql, [], |r| r.get(0))
        .unwrap()
}

fn exec(db: &Path, sql: &str) {
    Connection::open(db).unwrap().execute_batch(sql).unwrap();
}

#[test]
fn a_card_is_kept_for_each_completed_assessment_and_equals_the_derived_one() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("org.sqlite3");
    let store = organisation(&db);
    let completed = count(
        &db,
        "SELECT count(*) FROM assessments WHERE completed_at IS NOT NULL",
    );
    assert!(completed >= 14, "{completed}");
    assert_eq!(count(&db, "SELECT count(*) FROM score_cards"), completed);
    assert_cards_derived(&store);
    // Forgotten, the cards are made again, the same.
    let before = all_listed(&store);
    let mut store = store;
    store.forget_cards().unwrap();
    assert_eq!(count(&db, "SELECT count(*) FROM score_cards"), 0);
    assert_eq!(all_listed(&store), before);
    assert_eq!(count(&db, "SELECT count(*) FROM score_cards"), completed);
}

#[test]
fn a_change_to_anything_a_card_is_made_of_drops_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("org.sqlite3");
    let store = organisation(&db);
    // A completed workshop with votes, and a question with a consensus.
    let (a, question): (i64, String) = Connection::open(&db)
        .unwrap()
        .query_row(
            "SELECT a.id, c.question_id FROM assessments a JOIN consensus c ON c.assessment_id = a.id \
             WHERE a.kind = 'workshop' AND a.completed_at IS NOT NULL AND c.kind = 'level' \
             ORDER BY a.id, c.question_id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let kept = |db: &Path| {
        count(
            db,
            &format!("SELECT count(*) FROM score_cards WHERE assessment_id = {a}"),
        )
    };
    let changes = [
        format!(
            "UPDATE consensus SET level = CASE level WHEN 1 THEN 5 ELSE 1 END \
             WHERE assessment_id = {a} AND question_id = '{question}'"
        ),
        format!("DELETE FROM consensus WHERE assessment_id = {a} AND question_id = '{question}'"),
        format!(
            "UPDATE votes SET level = CASE level WHEN 1 THEN 5 ELSE 1 END WHERE kind = 'level' \
             AND question_id = '{question}' AND participant_id IN (SELECT id FROM participants WHERE assessment_id = {a})"
        ),
        format!(
            "DELETE FROM votes WHERE participant_id IN (SELECT id FROM participants WHERE assessment_id = {a})"
        ),
        format!(
            "UPDATE participants SET removed_at = '2026-01-01T00:00:00Z' WHERE assessment_id = {a}"
        ),
        format!("UPDATE workshop_questions SET state = 'skipped' WHERE assessment_id = {a}"),
        format!(
            "INSERT INTO tallies (assessment_id, question_id, round, kind, level, count) VALUES ({a}, '{question}', 9, 'level', 2, 1)"
        ),
        format!("UPDATE assessments SET profile = profile WHERE id = {a}"),
    ];
    let mut last = store.card(&store.assessment(a).unwrap()).unwrap();
    for sql in &changes {
        assert_eq!(kept(&db), 1, "kept before: {sql}");
        exec(&db, sql);
        assert_eq!(kept(&db), 0, "not dropped by: {sql}");
        let now = store.card(&store.assessment(a).unwrap()).unwrap();
        assert_eq!(now, store.scored(a).unwrap().card(), "{sql}");
        if sql.starts_with("UPDATE consensus") {
            assert_ne!(now, last, "the card moved with the answer");
        }
        last = now;
    }
    assert_cards_derived(&store);
}

#[test]
fn a_card_of_another_version_or_in_progress_is_made_from_the_answers() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("org.sqlite3");
    let store = organisation(&db);
    exec(
        &db,
        &format!(
            "UPDATE score_cards SET version = {}, card = json_set(card, '$.overall', 9.5)",
            CARD_VERSION + 1
        ),
    );
    assert_cards_derived(&store);
    // Cards of an assessment in progress are never kept: its answers move.
    let open = count(
        &db,
        "SELECT count(*) FROM score_cards s JOIN assessments a ON a.id = s.assessment_id \
         WHERE a.completed_at IS NULL",
    );
    assert_eq!(open, 0);
}
