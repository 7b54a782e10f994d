//! Workshop mode in the store: rounds, reveal, consensus, anonymity, resume.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed

use chrono::Utc;
use opex_core::{Answer, Response, ValueSource};
use opex_store::workshop::{Anonymity, QuestionState, RemovedVotes, WorkshopSettings};
use opex_store::{Store, StoreError};

const PEOPLE: [&str; 5] = ["Ana", "Ben", "Chidi", "Dana", "Eli"];

fn settings(anonymity: Anonymity) -> WorkshopSettings {
    WorkshopSettings {
        anonymity,
        timer_seconds: 240,
        areas: Some(vec!["scaling".into()]),
    }
}

fn names() -> Vec<String> {
    PEOPLE.iter().map(|s| s.to_string()).collect()
}

fn level(l: u8) -> Answer {
    Answer::Level(l)
}

#[test]
fn votes_are_cast_revealed_agreed_and_a_revote_keeps_the_first_round() {
    let mut store = Store::open_in_memory().unwrap();
    let team = store.create_team("Workshop team").unwrap();
    let bank = opex_core::default_bank().unwrap();
    let a = store
        .start_workshop(
            team.id,
            &bank,
            "full",
            &settings(Anonymity::Open),
            &names(),
            Utc::now(),
        )
        .unwrap();
    let w = store.workshop(a.id).unwrap();
    assert_eq!(w.questions.len(), 3, "limited to the scaling area");
    assert_eq!(w.participants.len(), 5);
    let q = w.current.clone();
    assert_eq!(q, w.questions[0].question_id);

    for (p, l) in w.participants.iter().zip([1, 4, 4, 4, 4]) {
        store
            .cast(a.id, &q, Some(p.id), &level(l), Utc::now())
            .unwrap();
    }
    // A second vote by the same person in the same round replaces the first.
    store
        .cast(a.id, &q, Some(w.participants[4].id), &level(4), Utc::now())
        .unwrap();
    assert_eq!(store.round_votes(a.id, &q).unwrap().len(), 5);
    let c = opex_core::distribution::distribution(
        &store
            .round_votes(a.id, &q)
            .unwrap()
            .into_iter()
            .map(|v| v.answer)
            .collect::<Vec<_>>(),
    );
    assert!(c.disagrees && c.range == Some((1, 4)));

    store.reveal(a.id, &q).unwrap();
    assert!(matches!(
        store.cast(a.id, &q, Some(w.participants[0].id), &level(2), Utc::now()),
        Err(StoreError::Invalid(_))
    ));
    let s = store.scored(a.id).unwrap();
    let qs = s
        .scores
        .overall
        .contributions
        .iter()
        .find(|c| c.question_id == q)
        .unwrap();
    assert_eq!(
        (qs.value, qs.source),
        (Some(4.0), ValueSource::MedianOfVotes(5))
    );

    store
        .agree(
            a.id,
            &q,
            &Response {
                answer: level(3),
                note: Some("after talking".into()),
            },
            Utc::now(),
        )
        .unwrap();
    assert_eq!(
        store.workshop(a.id).unwrap().question(&q).unwrap().state,
        QuestionState::Agreed
    );
    let qs = store
        .scored(a.id)
        .unwrap()
        .scores
        .overall
        .contributions
        .into_iter()
        .find(|c| c.question_id == q)
        .unwrap();
    assert_eq!((qs.value, qs.source), (Some(3.0), ValueSource::Consensus));

    assert_eq!(store.revote(a.id, &q).unwrap(), 2);
    assert!(
        store.round_votes(a.id, &q).unwrap().is_empty(),
        "round 2 starts empty"
    );
    assert_eq!(
        store.votes_of_round(a.id, &q, 1).unwrap().len(),
        5,
        "round 1 is kept"
    );
    let qs = store
        .scored(a.id)
        .unwrap()
        .scores
        .overall
        .contributions
        .into_iter()
        .find(|c| c.question_id == q)
        .unwrap();
    assert_eq!(
        qs.source,
        ValueSource::Unanswered,
        "a re-vote reopens the question"
    );
    store
        .cast(a.id, &q, Some(w.participants[0].id), &level(3), Utc::now())
        .unwrap();
    let qs = store
        .scored(a.id)
        .unwrap()
        .scores
        .overall
        .contributions
        .into_iter()
        .find(|c| c.question_id == q)
        .unwrap();
    assert_eq!(
        (qs.value, qs.source),
        (Some(3.0), ValueSource::MedianOfVotes(1)),
        "only round 2 counts"
    );
}

#[test]
fn an_anonymous_workshop_keeps_tallies_and_no_per_person_rows() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("anon.sqlite3");
    let mut store = Store::open(&path).unwrap();
    let team = store.create_team("Anon").unwrap();
    let bank = opex_core::default_bank().unwrap();
    let a = store
        .start_workshop(
            team.id,
            &bank,
            "full",
            &settings(Anonymity::Anonymous),
            &names(),
            Utc::now(),
        )
        .unwrap();
    let q = store.workshop(a.id).unwrap().current;
    for l in [2, 2, 2, 5] {
        store.cast(a.id, &q, None, &level(l), Utc::now()).unwrap();
    }
    store.uncast(a.id, &q, None, Some(&level(2))).unwrap();
    assert!(matches!(
        store.cast(a.id, &q, Some(1), &level(3), Utc::now()),
        Err(StoreError::Invalid(_))
    ));
    let votes: Vec<Answer> = store
        .round_votes(a.id, &q)
        .unwrap()
        .into_iter()
        .map(|v| v.answer)
        .collect();
    assert_eq!(votes, vec![level(2), level(2), level(5)]);
    let qs = store
        .scored(a.id)
        .unwrap()
        .scores
        .overall
        .contributions
        .into_iter()
        .find(|c| c.question_id == q)
        .unwrap();
    assert_eq!(
        (qs.value, qs.source),
        (Some(2.0), ValueSource::MedianOfVotes(3))
    );
    drop(store);
    let conn = rusqlite::Connection::open(&path).unwrap();
    let (people, votes): (i64, i64) = conn
        .query_row(
            "SELECT (SELECT count(*) FROM participants), (SELECT count(*) FROM votes)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((people, votes), (0, 0), "no names and no per-person rows");
}

#[test]
fn a_relaunch_resumes_at_the_same_question_in_the_same_state() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("resume.sqlite3");
    let (id, second) = {
        let mut store = Store::open(&path).unwrap();
        let team = store.create_team("Resume").unwrap();
        let bank = opex_core::default_bank().unwrap();
        let a = store
            .start_workshop(
                team.id,
                &bank,
                "full",
                &settings(Anonymity::Facilitator),
                &names(),
                Utc::now(),
            )
            .unwrap();
        let w = store.workshop(a.id).unwrap();
        let second = w.questions[1].question_id.clone();
        let t0 = Utc::now();
        store.goto(a.id, &second, t0).unwrap();
        store
            .cast(
                a.id,
                &second,
                Some(w.participants[0].id),
                &level(2),
                Utc::now(),
            )
            .unwrap();
        store
            .cast(
                a.id,
                &second,
                Some(w.participants[1].id),
                &level(3),
                Utc::now(),
            )
            .unwrap();
        store.reveal(a.id, &second).unwrap();
        store
            .set_facilitator_note(a.id, &second, &Some("Ask Ben about the load test".into()))
            .unwrap();
        store.add_time(a.id, &second, 90_000).unwrap();
        // Leaving for the third question 30 s later adds those 30 s to the second.
        let third = w.questions[2].question_id.clone();
        store
            .goto(a.id, &third, t0 + chrono::Duration::seconds(30))
            .unwrap();
        store
            .goto(a.id, &second, t0 + chrono::Duration::seconds(40))
            .unwrap();
        (a.id, second)
    };
    let store = Store::open(&path).unwrap();
    let w = store.workshop(id).unwrap();
    assert_eq!(w.current, second);
    let q = w.question(&second).unwrap();
    assert_eq!(
        (q.state, q.round, q.elapsed_ms),
        (QuestionState::Revealed, 1, 120_000)
    );
    assert_eq!(
        q.facilitator_note.as_deref(),
        Some("Ask Ben about the load test")
    );
    assert_eq!(store.round_votes(id, &second).unwrap().len(), 2);
    assert_eq!(w.settings.anonymity, Anonymity::Facilitator);
}

#[test]
fn the_clock_counts_only_while_the_workshop_is_open() {
    let mut store = Store::open_in_memory().unwrap();
    let team = store.create_team("Clock").unwrap();
    let bank = opex_core::default_bank().unwrap();
    let t0 = Utc::now();
    let a = store
        .start_workshop(
            team.id,
            &bank,
            "full",
            &settings(Anonymity::Open),
            &names(),
            t0,
        )
        .unwrap();
    let q = store.workshop(a.id).unwrap().current;
    store
        .run_clock(a.id, false, t0 + chrono::Duration::seconds(50))
        .unwrap();
    // An hour away from the screen is not discussion time.
    store
        .run_clock(a.id, true, t0 + chrono::Duration::seconds(3650))
        .unwrap();
    store
        .run_clock(a.id, false, t0 + chrono::Duration::seconds(3660))
        .unwrap();
    let w = store.workshop(a.id).unwrap();
    assert_eq!(w.question(&q).unwrap().elapsed_ms, 60_000);
    assert_eq!(w.current_since, None, "a stopped clock has no start");
}

#[test]
fn participants_are_renamed_or_removed_without_losing_data() {
    let mut store = Store::open_in_memory().unwrap();
    let team = store.create_team("People").unwrap();
    let bank = opex_core::default_bank().unwrap();
    let a = store
        .start_workshop(
            team.id,
            &bank,
            "full",
            &settings(Anonymity::Open),
            &names(),
            Utc::now(),
        )
        .unwrap();
    let w = store.workshop(a.id).unwrap();
    let q = w.current.clone();
    for p in &w.participants {
        store
            .cast(a.id, &q, Some(p.id), &level(3), Utc::now())
            .unwrap();
    }
    store
        .rename_participant(a.id, w.participants[0].id, "Ana P.")
        .unwrap();
    assert!(matches!(
        store.rename_participant(a.id, w.participants[1].id, "Ana P."),
        Err(StoreError::Invalid(_))
    ));
    store
        .remove_participant(
            a.id,
            w.participants[1].id,
            RemovedVotes::KeepAnonymously,
            Utc::now(),
        )
        .unwrap();
    store
        .remove_participant(a.id, w.participants[2].id, RemovedVotes::Delete, Utc::now())
        .unwrap();
    let w2 = store.workshop(a.id).unwrap();
    let left: Vec<&str> = w2.participants.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(left, ["Ana P.", "Dana", "Eli"]);
    assert_eq!(
        store.round_votes(a.id, &q).unwrap().len(),
        4,
        "the kept vote still counts; the deleted one is gone"
    );
}

#[test]
fn a_skipped_question_is_marked_and_not_scored() {
    let mut store = Store::open_in_memory().unwrap();
    let team = store.create_team("Skip").unwrap();
    let bank = opex_core::default_bank().unwrap();
    let a = store
        .start_workshop(
            team.id,
            &bank,
            "full",
            &settings(Anonymity::Open),
            &names(),
            Utc::now(),
        )
        .unwrap();
    let w = store.workshop(a.id).unwrap();
    let q = w.current.clone();
    store
        .cast(a.id, &q, Some(w.participants[0].id), &level(5), Utc::now())
        .unwrap();
    store.skip(a.id, &q).unwrap();
    assert_eq!(
        store.workshop(a.id).unwrap().question(&q).unwrap().state,
        QuestionState::Skipped
    );
    let qs = store
        .scored(a.id)
        .unwrap()
        .scores
        .overall
        .contributions
        .into_iter()
        .find(|c| c.question_id == q)
        .unwrap();
    assert_eq!(qs.source, ValueSource::Unanswered);
    store.unskip(a.id, &q).unwrap();
    assert_eq!(
        store.workshop(a.id).unwrap().question(&q).unwrap().state,
        QuestionState::Voting
    );
}

#[test]
fn bad_workshop_settings_are_refused() {
    let mut store = Store::open_in_memory().unwrap();
    let team = store.create_team("Bad").unwrap();
    let bank = opex_core::default_bank().unwrap();
    let mut s = settings(Anonymity::Open);
    s.areas = Some(vec!["nope".into()]);
    assert!(matches!(
        store.start_workshop(team.id, &bank, "full", &s, &names(), Utc::now()),
        Err(StoreError::Invalid(_))
    ));
    let dup = vec!["Ana".to_string(), " Ana ".to_string()];
    assert!(matches!(
        store.start_workshop(
            team.id,
            &bank,
            "full",
            &settings(Anonymity::Open),
            &dup,
            Utc::now()
        ),
        Err(StoreError::Invalid(_))
    ));
    assert!(matches!(
        store.start_workshop(
            team.id,
            &bank,
            "full",
            &settings(Anonymity::Open),
            &[],
            Utc::now()
        ),
        Err(StoreError::Invalid(_))
    ));
    assert!(
        store.assessments(team.id).unwrap().is_empty(),
        "nothing half-made is left behind"
    );
}

#[test]
fn actions_are_kept_with_the_team() {
    let mut store = Store::open_in_memory().unwrap();
    let team = store.create_team("Act").unwrap();
    let bank = opex_core::default_bank().unwrap();
    let a = store
        .start_workshop(
            team.id,
            &bank,
            "full",
            &settings(Anonymity::Open),
            &names(),
            Utc::now(),
        )
        .unwrap();
    let due = chrono::NaiveDate::from_ymd_opt(2027, 1, 31);
    let act = store
        .add_action(
            team.id,
            Some(a.id),
            Some("SCALE-01"),
            Some("scaling"),
            " Load test checkout ",
            Some("Ben"),
            due,
            Utc::now(),
        )
        .unwrap();
    assert_eq!(
        (
            act.title.as_str(),
            act.owner.as_deref(),
            act.due_date.as_deref(),
            act.status.as_str()
        ),
        (
            "Load test checkout",
            Some("Ben"),
            Some("2027-01-31"),
            "open"
        )
    );
    assert_eq!(store.actions(team.id).unwrap(), vec![act.clone()]);
    assert_eq!(store.actions_of(a.id).unwrap(), vec![act]);
    assert!(matches!(
        store.add_action(team.id, None, None, None, "  ", None, None, Utc::now()),
        Err(StoreError::Invalid(_))
    ));
}

#[test]
fn unskipping_opens_a_new_round_and_a_finished_workshop_keeps_its_people() {
    let mut store = Store::open_in_memory().unwrap();
    let team = store.create_team("Late").unwrap();
    let bank = opex_core::default_bank().unwrap();
    let a = store
        .start_workshop(
            team.id,
            &bank,
            "full",
            &settings(Anonymity::Open),
            &names(),
            Utc::now(),
        )
        .unwrap();
    let w = store.workshop(a.id).unwrap();
    let q = w.current.clone();
    store
        .cast(a.id, &q, Some(w.participants[0].id), &level(2), Utc::now())
        .unwrap();
    store.skip(a.id, &q).unwrap();
    store.unskip(a.id, &q).unwrap();
    let back = store.workshop(a.id).unwrap();
    assert_eq!(
        back.question(&q).unwrap().round,
        2,
        "votes cast before the skip no longer count"
    );
    assert!(store.round_votes(a.id, &q).unwrap().is_empty());

    let other = store
        .start_workshop(
            team.id,
            &bank,
            "full",
            &settings(Anonymity::Open),
            &names(),
            Utc::now(),
        )
        .unwrap();
    let stranger = store.workshop(other.id).unwrap().participants[0].id;
    assert!(
        matches!(
            store.rename_participant(a.id, stranger, "X"),
            Err(StoreError::NotFound { .. })
        ),
        "a person from another workshop"
    );
    store.complete(a.id, Utc::now()).unwrap();
    assert!(matches!(
        store.remove_participant(a.id, w.participants[0].id, RemovedVotes::Delete, Utc::now()),
        Err(StoreError::Closed(_))
    ));
}
