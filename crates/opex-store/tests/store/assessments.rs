//! Self-assessments on real SQLite files: answers and votes, the stored bank
//! copy, refused writes, imported banks and schema upgrades.

use crate::fixtures::{Setup, bank, day, response};
use chrono::Utc;
use opex_core::{Answer, InvalidAnswer, Response, ValueSource};
use opex_store::{Store, StoreError};

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
                &response(3, Some("<script>alert(1)</script>")),
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
                    breadth: None,
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
                    breadth: None,
                },
                Utc::now(),
            )
            .unwrap();
        // Overwrite: the latest answer wins.
        store
            .save_consensus(
                a.id,
                &q[0].id,
                &response(4, Some("<script>alert(1)</script>")),
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
    assert_eq!(
        first.response,
        response(4, Some("<script>alert(1)</script>"))
    );
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
    let mut s = Setup::new("Search");
    let original_prompt = s.bank.questions[0].prompt.clone();
    let a = s.assessment(Utc::now());
    let mut bank = s.bank.clone();
    bank.questions[0].prompt = "Reworded later".into();
    bank.version = "9.9.9".into();
    let b = s
        .store
        .start_assessment(s.team.id, &bank, "full", Utc::now())
        .unwrap();
    assert_eq!(
        s.store.bank_of(a.id).unwrap().questions[0].prompt,
        original_prompt
    );
    assert_eq!(
        s.store.bank_of(b.id).unwrap().questions[0].prompt,
        "Reworded later"
    );
    assert_ne!(a.bank_hash, b.bank_hash);
    assert_eq!(b.bank_version, "9.9.9");
}

#[test]
fn votes_feed_the_median_when_there_is_no_consensus() {
    let mut s = Setup::new("Identity");
    let a = s.assessment(Utc::now());
    let q = &s.bank.questions[0].id;
    for (name, l) in [("Ana", 2), ("Ben", 5), ("Cy", 3)] {
        let p = s.store.add_participant(a.id, name).unwrap();
        s.store
            .save_vote(p.id, q, &response(l, None), Utc::now())
            .unwrap();
    }
    let scored = s.store.scored(a.id).unwrap();
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
    let mut s = Setup::new("Ops");
    assert!(matches!(
        s.store.create_team("ops"),
        Err(StoreError::DuplicateTeam(_))
    ));
    assert!(matches!(
        s.store.create_team("   "),
        Err(StoreError::Invalid(_))
    ));
    let a = s.assessment(Utc::now());
    let q = &s.bank.questions[0].id;
    let store = &mut s.store;
    assert!(matches!(
        store.save_consensus(a.id, q, &response(6, None), Utc::now()),
        Err(StoreError::Answer(InvalidAnswer::LevelOutOfRange(6)))
    ));
    let blank_na = Response {
        answer: Answer::NotApplicable { reason: " ".into() },
        note: None,
        breadth: None,
    };
    assert!(matches!(
        store.save_consensus(a.id, q, &blank_na, Utc::now()),
        Err(StoreError::Answer(InvalidAnswer::MissingReason))
    ));
    assert!(matches!(
        store.save_consensus(a.id, "NOPE-01", &response(3, None), Utc::now()),
        Err(StoreError::Invalid(_))
    ));
    assert!(matches!(
        store.save_consensus(999, q, &response(3, None), Utc::now()),
        Err(StoreError::NotFound { .. })
    ));
    assert!(store.consensus(a.id).unwrap().is_empty());
    store.complete(a.id, Utc::now()).unwrap();
    assert!(matches!(
        store.save_consensus(a.id, q, &response(3, None), Utc::now()),
        Err(StoreError::Closed(_))
    ));
    assert!(store.consensus(a.id).unwrap().is_empty());
}

#[test]
fn previous_completed_finds_the_last_finished_assessment() {
    let mut s = Setup::new("Edge");
    let q1 = s.assessment(day(1, 1));
    s.store.complete(q1.id, day(1, 1)).unwrap();
    let q2 = s.assessment(day(4, 1));
    let q3 = s.assessment(day(7, 1));
    assert_eq!(
        s.store.previous_completed(&q3).unwrap().map(|a| a.id),
        Some(q1.id),
        "q2 is not finished"
    );
    assert_eq!(s.store.previous_completed(&q1).unwrap(), None);
    assert_eq!(
        s.store
            .assessments(s.team.id)
            .unwrap()
            .iter()
            .map(|a| a.id)
            .collect::<Vec<_>>(),
        vec![q1.id, q2.id, q3.id]
    );
}

#[test]
fn completed_lists_the_finished_assessments_scored_oldest_first() {
    let mut s = Setup::new("Done");
    assert!(s.store.completed(s.team.id).unwrap().is_empty());
    let late = s.assessment(day(7, 1));
    let open = s.assessment(day(4, 1));
    let early = s.assessment(day(1, 1));
    let q = s.bank.questions[0].id.clone();
    s.store
        .save_consensus(early.id, &q, &response(2, None), day(1, 2))
        .unwrap();
    s.store
        .save_consensus(late.id, &q, &response(4, None), day(7, 2))
        .unwrap();
    s.store.complete(late.id, day(7, 3)).unwrap();
    s.store.complete(early.id, day(1, 3)).unwrap();
    let done = s.store.completed(s.team.id).unwrap();
    assert_eq!(
        done.iter().map(|d| d.assessment.id).collect::<Vec<_>>(),
        vec![early.id, late.id],
        "by start date, not by id or completion; the open one is left out"
    );
    assert!(!done.iter().any(|d| d.assessment.id == open.id));
    assert_eq!(
        done.iter()
            .map(|d| d.scores.overall.mean)
            .collect::<Vec<_>>(),
        vec![Some(2.0), Some(4.0)]
    );
    let other = s.store.create_team("Other").unwrap();
    assert!(s.store.completed(other.id).unwrap().is_empty());
}

#[test]
fn a_team_is_found_by_name_without_case() {
    let s = Setup::new("Payments");
    let found = s.store.team_named(" payments ").unwrap();
    assert_eq!(found, s.store.team(s.team.id).unwrap());
    assert_eq!((found.id, found.name.as_str()), (s.team.id, "Payments"));
    let err = s.store.team_named(" Nobody ").unwrap_err();
    assert!(
        matches!(&err, StoreError::NoTeamNamed(n) if n == "Nobody"),
        "{err:?}"
    );
    assert_eq!(err.to_string(), "no team is named \"Nobody\"");
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
            include_str!("../../src/migrations/0001_initial.sql"),
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
