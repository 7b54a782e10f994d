//! Breadth on answers and votes, and ticked checks: kept in a real file,
//! read back after reopening, refused when they name nothing, and absent (not
//! invented) in a database from before they existed.

use crate::fixtures::{level, new_workshop};
use chrono::Utc;
use opex_core::workshop::Anonymity;
use opex_core::{Breadth, Response};
use opex_store::{Store, StoreError};
use rusqlite::Connection;

fn with_breadth(l: u8, breadth: Option<Breadth>) -> Response {
    Response {
        breadth,
        ..Response::of(level(l))
    }
}

#[test]
fn breadth_is_kept_with_the_answer_and_the_vote_across_a_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("opex.sqlite3");
    let bank = opex_core::default_bank().unwrap();
    let (a, q, p) = {
        let mut store = Store::open(&db).unwrap();
        let team = store.create_team("T").unwrap();
        let a = store
            .start_assessment(team.id, &bank, "full", Utc::now())
            .unwrap();
        let q = bank.questions[0].id.clone();
        let p = store.add_participant(a.id, "Ana").unwrap();
        let saved = store
            .save_consensus(a.id, &q, &with_breadth(4, Some(Breadth::Some)), Utc::now())
            .unwrap();
        assert_eq!(saved.response.breadth, Some(Breadth::Some));
        store
            .save_vote(p.id, &q, &with_breadth(3, Some(Breadth::Most)), Utc::now())
            .unwrap();
        (a.id, q, p.id)
    };
    let mut store = Store::open(&db).unwrap();
    let scored = store.scored(a).unwrap();
    assert_eq!(scored.consensus[&q].response.breadth, Some(Breadth::Some));
    assert_eq!(scored.votes[&q][0].1.response.breadth, Some(Breadth::Most));
    assert_eq!(
        scored.breadth(&q),
        Some(Breadth::Some),
        "the agreed answer's"
    );
    // Breadth is never part of the score.
    assert_eq!(
        scored.scores.overall.mean,
        Some(4.0),
        "level 4 for some services scores 4"
    );
    // Answering again without a breadth says nothing about it any more.
    store
        .save_consensus(a, &q, &with_breadth(4, None), Utc::now())
        .unwrap();
    assert_eq!(
        store.scored(a).unwrap().consensus[&q].response.breadth,
        None
    );
    // With no agreed answer, the voters' breadth stands in.
    store.clear_consensus(a, &q).unwrap();
    assert_eq!(store.scored(a).unwrap().breadth(&q), Some(Breadth::Most));
    let raw: Option<String> = Connection::open(&db)
        .unwrap()
        .query_row(
            "SELECT breadth FROM votes WHERE participant_id = ?1",
            [p],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(raw.as_deref(), Some("most"), "stored as its word");
}

#[test]
fn ticking_a_check_is_recorded_optional_and_refused_when_the_check_does_not_exist() {
    let mut store = Store::open_in_memory().unwrap();
    let bank = opex_core::default_bank().unwrap();
    let team = store.create_team("T").unwrap();
    let a = store
        .start_assessment(team.id, &bank, "full", Utc::now())
        .unwrap()
        .id;
    let q = bank.question("KNOW-04").unwrap();
    assert_eq!(q.levels[1].checks.len(), 2);
    assert!(store.scored(a).unwrap().ticked.is_empty(), "optional");
    store
        .tick_check(a, &q.id, (2, 0), true, Utc::now())
        .unwrap();
    store
        .tick_check(a, &q.id, (2, 0), true, Utc::now())
        .unwrap();
    store
        .tick_check(a, &q.id, (2, 1), true, Utc::now())
        .unwrap();
    store
        .tick_check(a, &q.id, (3, 0), true, Utc::now())
        .unwrap();
    let scored = store.scored(a).unwrap();
    let ticked = &scored.ticked["KNOW-04"];
    assert_eq!(
        ticked.iter().copied().collect::<Vec<_>>(),
        vec![(2, 0), (2, 1), (3, 0)]
    );
    assert_eq!(opex_core::evidence::level_from_checks(q, ticked), Some(3));
    store
        .tick_check(a, &q.id, (2, 1), false, Utc::now())
        .unwrap();
    let ticked = &store.scored(a).unwrap().ticked["KNOW-04"];
    assert_eq!(
        opex_core::evidence::level_from_checks(q, ticked),
        Some(1),
        "level 3's check without all of level 2's points no higher than 1"
    );
    let e = store
        .tick_check(a, &q.id, (3, 4), true, Utc::now())
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("KNOW-04") && e.contains("no check 5 at level 3"),
        "{e}"
    );
    let e = store
        .tick_check(a, "NOPE-01", (2, 0), true, Utc::now())
        .unwrap_err()
        .to_string();
    assert!(e.contains("NOPE-01"), "{e}");
    store.complete(a, Utc::now()).unwrap();
    assert!(matches!(
        store.tick_check(a, &q.id, (2, 1), true, Utc::now()),
        Err(StoreError::Closed(_))
    ));
}

#[test]
fn a_workshop_vote_keeps_its_breadth_and_an_anonymous_tally_keeps_the_level_alone() {
    let mut store = Store::open_in_memory().unwrap();
    let bank = opex_core::default_bank().unwrap();
    let team = store.create_team("T").unwrap();
    let open = store
        .start_workshop(
            &new_workshop(team.id, &bank, Anonymity::Open, &["A", "B"]),
            Utc::now(),
        )
        .unwrap()
        .id;
    let w = store.workshop(open).unwrap();
    let q = w.questions[0].question_id.clone();
    store
        .cast(
            open,
            &q,
            Some(w.participants[0].id),
            with_breadth(4, Some(Breadth::All)),
            Utc::now(),
        )
        .unwrap();
    let scored = store.scored(open).unwrap();
    assert_eq!(scored.votes[&q][0].1.response.breadth, Some(Breadth::All));

    let anonymous = store
        .start_workshop(
            &new_workshop(team.id, &bank, Anonymity::Anonymous, &[]),
            Utc::now(),
        )
        .unwrap()
        .id;
    store
        .cast(
            anonymous,
            &q,
            None,
            with_breadth(4, Some(Breadth::All)),
            Utc::now(),
        )
        .unwrap();
    let scored = store.scored(anonymous).unwrap();
    assert!(scored.votes.is_empty(), "tallies, not named votes");
    assert_eq!(scored.breadth(&q), None);
}

#[test]
fn a_database_from_before_breadth_opens_with_none_said() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("opex.sqlite3");
    let bank = opex_core::default_bank().unwrap();
    let (a, q) = {
        let mut store = Store::open(&db).unwrap();
        let team = store.create_team("Before").unwrap();
        let a = store
            .start_assessment(team.id, &bank, "full", Utc::now())
            .unwrap()
            .id;
        let q = bank.questions[0].id.clone();
        store
            .save_consensus(a, &q, &with_breadth(3, None), Utc::now())
            .unwrap();
        store.close().unwrap();
        (a, q)
    };
    // Take the file back to schema 6, as a user of the previous release has
    // it: no breadth column, no ticked_checks table (and none of what
    // migration 8 added, UUIDs and origins, nor migration 9's checklist
    // answers, nor migration 10's indexes, nor migration 11's score cards).
    {
        let c = Connection::open(&db).unwrap();
        let triggers: Vec<String> = c
            .prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%_drops_card'")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert!(triggers.len() > 10, "{triggers:?}");
        for t in triggers {
            c.execute_batch(&format!("DROP TRIGGER {t};")).unwrap();
        }
        for table in ["teams", "assessments", "actions"] {
            c.execute_batch(&format!(
                "DROP TRIGGER {table}_get_a_uuid; DROP INDEX {table}_by_uuid; ALTER TABLE {table} DROP COLUMN uuid;"
            ))
            .unwrap();
        }
        c.execute_batch(
            "ALTER TABLE teams DROP COLUMN origin_file; ALTER TABLE teams DROP COLUMN origin_exported_at; \
             ALTER TABLE consensus DROP COLUMN breadth; ALTER TABLE votes DROP COLUMN breadth; \
             DROP TABLE ticked_checks; DROP TABLE checklist_answers; \
             DROP INDEX actions_by_assessment; DROP INDEX action_reviews_by_assessment; \
             DROP TABLE score_cards; PRAGMA user_version = 6;",
        )
        .unwrap();
    }
    let store = Store::open(&db).unwrap();
    let scored = store.scored(a).unwrap();
    assert_eq!(scored.consensus[&q].response.answer, level(3));
    assert_eq!(scored.consensus[&q].response.breadth, None);
    assert!(scored.ticked.is_empty());
    let v: i64 = Connection::open(&db)
        .unwrap()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v as usize, opex_store::schema_version());
}
