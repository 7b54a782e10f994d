//! Store round trips on real SQLite files.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed

use chrono::{TimeZone, Utc};
use opex_core::{Answer, Response, ValueSource};
use opex_store::{Store, StoreError};

fn bank() -> opex_core::Bank {
    opex_core::default_bank().unwrap()
}

fn level(l: u8, note: Option<&str>) -> Response {
    Response {
        answer: Answer::Level(l),
        note: note.map(str::to_string),
    }
}

#[test]
fn answers_survive_closing_and_reopening_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("opex.sqlite3");
    let bank = bank();
    let (team_id, assessment_id) = {
        let mut store = Store::open(&path).unwrap();
        let team = store.create_team("  Payments <b>core</b> ").unwrap();
        assert_eq!(team.name, "Payments <b>core</b>");
        let a = store
            .start_assessment(team.id, &bank, "full", Utc::now())
            .unwrap();
        let q = &bank.questions;
        store
            .save_consensus(
                a.id,
                &q[0].id,
                &level(3, Some("<script>alert(1)</script>")),
                Utc::now(),
            )
            .unwrap();
        store
            .save_consensus(
                a.id,
                &q[1].id,
                &Response {
                    answer: Answer::NotApplicable {
                        reason: "no servers".into(),
                    },
                    note: None,
                },
                Utc::now(),
            )
            .unwrap();
        store
            .save_consensus(
                a.id,
                &q[2].id,
                &Response {
                    answer: Answer::DontKnow,
                    note: Some("   ".into()),
                },
                Utc::now(),
            )
            .unwrap();
        // Overwrite: the latest answer wins.
        store
            .save_consensus(
                a.id,
                &q[0].id,
                &level(4, Some("<script>alert(1)</script>")),
                Utc::now(),
            )
            .unwrap();
        (team.id, a.id)
    };
    let store = Store::open(&path).unwrap();
    assert_eq!(store.teams().unwrap().len(), 1);
    let scored = store.scored(assessment_id).unwrap();
    assert_eq!(scored.assessment.team_id, team_id);
    assert_eq!(scored.consensus.len(), 3);
    let first = &scored.consensus[&bank.questions[0].id];
    assert_eq!(first.response, level(4, Some("<script>alert(1)</script>")));
    let third = &scored.consensus[&bank.questions[2].id];
    assert_eq!(
        third.response.note, None,
        "a blank note is stored as no note"
    );
    let s = &scored.scores.overall;
    assert_eq!((s.answered, s.not_applicable, s.dont_know), (1, 1, 1));
    assert_eq!(s.mean, Some(4.0));
    assert_eq!(scored.bank, bank, "the stored copy is the bank");
}

#[test]
fn the_stored_bank_copy_is_what_the_assessment_meant() {
    let mut store = Store::open_in_memory().unwrap();
    let team = store.create_team("Search").unwrap();
    let mut bank = bank();
    let original_prompt = bank.questions[0].prompt.clone();
    let a = store
        .start_assessment(team.id, &bank, "full", Utc::now())
        .unwrap();
    bank.questions[0].prompt = "Reworded later".into();
    bank.version = "9.9.9".into();
    let b = store
        .start_assessment(team.id, &bank, "full", Utc::now())
        .unwrap();
    assert_eq!(
        store.bank_of(a.id).unwrap().questions[0].prompt,
        original_prompt
    );
    assert_eq!(
        store.bank_of(b.id).unwrap().questions[0].prompt,
        "Reworded later"
    );
    assert_ne!(a.bank_hash, b.bank_hash);
    assert_eq!(b.bank_version, "9.9.9");
}

#[test]
fn votes_feed_the_median_when_there_is_no_consensus() {
    let mut store = Store::open_in_memory().unwrap();
    let team = store.create_team("Identity").unwrap();
    let bank = bank();
    let a = store
        .start_assessment(team.id, &bank, "full", Utc::now())
        .unwrap();
    let q = &bank.questions[0].id;
    for (name, l) in [("Ana", 2), ("Ben", 5), ("Cy", 3)] {
        let p = store.add_participant(a.id, name).unwrap();
        store
            .save_vote(p.id, q, &level(l, None), Utc::now())
            .unwrap();
    }
    let scored = store.scored(a.id).unwrap();
    let c = &scored
        .scores
        .overall
        .contributions
        .iter()
        .find(|c| &c.question_id == q)
        .unwrap();
    assert_eq!(
        (c.value, c.source, c.spread),
        (Some(3.0), ValueSource::MedianOfVotes(3), Some((2, 5)))
    );
    assert_eq!(scored.participants.len(), 3);
}

#[test]
fn bad_writes_are_refused_and_change_nothing() {
    let mut store = Store::open_in_memory().unwrap();
    let team = store.create_team("Ops").unwrap();
    assert!(matches!(
        store.create_team("ops"),
        Err(StoreError::DuplicateTeam(_))
    ));
    assert!(matches!(
        store.create_team("   "),
        Err(StoreError::Invalid(_))
    ));
    let bank = bank();
    let a = store
        .start_assessment(team.id, &bank, "full", Utc::now())
        .unwrap();
    let q = &bank.questions[0].id;
    assert!(matches!(
        store.save_consensus(a.id, q, &level(6, None), Utc::now()),
        Err(StoreError::Invalid(_))
    ));
    let blank_na = Response {
        answer: Answer::NotApplicable { reason: " ".into() },
        note: None,
    };
    assert!(matches!(
        store.save_consensus(a.id, q, &blank_na, Utc::now()),
        Err(StoreError::Invalid(_))
    ));
    assert!(matches!(
        store.save_consensus(a.id, "NOPE-01", &level(3, None), Utc::now()),
        Err(StoreError::Invalid(_))
    ));
    assert!(matches!(
        store.save_consensus(999, q, &level(3, None), Utc::now()),
        Err(StoreError::NotFound { .. })
    ));
    assert!(store.consensus(a.id).unwrap().is_empty());
    store.complete(a.id, Utc::now()).unwrap();
    assert!(matches!(
        store.save_consensus(a.id, q, &level(3, None), Utc::now()),
        Err(StoreError::Closed(_))
    ));
    assert!(store.consensus(a.id).unwrap().is_empty());
}

#[test]
fn previous_completed_finds_the_last_finished_assessment() {
    let mut store = Store::open_in_memory().unwrap();
    let team = store.create_team("Edge").unwrap();
    let bank = bank();
    let at = |m| Utc.with_ymd_and_hms(2026, m, 1, 9, 0, 0).unwrap();
    let q1 = store
        .start_assessment(team.id, &bank, "full", at(1))
        .unwrap();
    store.complete(q1.id, at(1)).unwrap();
    let q2 = store
        .start_assessment(team.id, &bank, "full", at(4))
        .unwrap();
    let q3 = store
        .start_assessment(team.id, &bank, "full", at(7))
        .unwrap();
    assert_eq!(
        store.previous_completed(&q3).unwrap().map(|a| a.id),
        Some(q1.id),
        "q2 is not finished"
    );
    assert_eq!(store.previous_completed(&q1).unwrap(), None);
    assert_eq!(
        store
            .assessments(team.id)
            .unwrap()
            .iter()
            .map(|a| a.id)
            .collect::<Vec<_>>(),
        vec![q1.id, q2.id, q3.id]
    );
}

#[test]
fn an_imported_bank_is_kept_once_and_can_be_assessed() {
    let mut store = Store::open_in_memory().unwrap();
    let mut custom = bank();
    custom.id = "our-ops".into();
    custom.title = "Our <ops> bank".into();
    let a = store.import_bank(&custom, Utc::now()).unwrap();
    let b = store.import_bank(&custom, Utc::now()).unwrap();
    assert_eq!(a, b, "importing the same content twice changes nothing");
    let imported = store.imported_banks().unwrap();
    assert_eq!(imported.len(), 1);
    assert_eq!(imported[0].1, custom);
    assert_eq!(imported[0].0.title, "Our <ops> bank");

    let team = store.create_team("Platform").unwrap();
    let stored = store.stored_bank(&a.hash).unwrap();
    let run = store
        .start_assessment(team.id, &stored, "quick", Utc::now())
        .unwrap();
    assert_eq!(
        (run.bank_id.as_str(), run.profile.as_str()),
        ("our-ops", "quick")
    );
    let scored = store.scored(run.id).unwrap();
    assert_eq!(
        scored.asked.len(),
        13,
        "the quick profile asks one question per area"
    );
    // A bank that only backs an assessment is not offered as imported.
    store
        .start_assessment(team.id, &bank(), "full", Utc::now())
        .unwrap();
    assert_eq!(store.imported_banks().unwrap().len(), 1);
    assert!(matches!(
        store.start_assessment(team.id, &custom, "nope", Utc::now()),
        Err(StoreError::Invalid(_))
    ));
}

#[test]
fn a_database_from_the_first_schema_is_upgraded_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v1.sqlite3");
    {
        let mut conn = rusqlite::Connection::open(&path).unwrap();
        let v1 = rusqlite_migration::Migrations::new(vec![rusqlite_migration::M::up(
            include_str!("../src/migrations/0001_initial.sql"),
        )]);
        v1.to_latest(&mut conn).unwrap();
        conn.execute(
            "INSERT INTO teams (name, created_at) VALUES ('Old team', '2026-01-01T00:00:00.000Z')",
            [],
        )
        .unwrap();
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(store.teams().unwrap()[0].name, "Old team");
    assert!(store.imported_banks().unwrap().is_empty());
    let v: i64 = rusqlite::Connection::open(&path)
        .unwrap()
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(v, opex_store::schema_version() as i64);
}
