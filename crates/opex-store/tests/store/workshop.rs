//! Workshop mode in the store: rounds, reveal, consensus, anonymity, resume,
//! the clock, participants, skipping and the actions captured on the way.

use crate::fixtures::{PEOPLE, Setup, contribution, date, level, new_workshop, response};
use chrono::{Duration, Utc};
use opex_core::action::{ActionStatus, NewAction};
use opex_core::workshop::{Anonymity, QuestionState, RemovedVotes};
use opex_core::{Answer, InvalidAnswer, ValueSource};
use opex_store::{Store, StoreError};

#[test]
fn votes_are_cast_revealed_agreed_and_a_revote_keeps_the_first_round() {
    let mut s = Setup::new("Workshop team");
    let w = s.workshop(Anonymity::Open, &PEOPLE, Utc::now());
    let (store, a) = (&mut s.store, w.assessment.id);
    assert_eq!(w.questions.len(), 3, "limited to the scaling area");
    assert_eq!(w.participants.len(), 5);
    let q = w.current.clone();
    assert_eq!(q, w.questions[0].question_id);

    for (p, l) in w.participants.iter().zip([1, 4, 4, 4, 4]) {
        store
            .cast(a, &q, Some(p.id), &level(l), Utc::now())
            .unwrap();
    }
    // A second vote by the same person in the same round replaces the first.
    store
        .cast(a, &q, Some(w.participants[4].id), &level(4), Utc::now())
        .unwrap();
    assert_eq!(store.round_votes(a, &q).unwrap().len(), 5);
    let c = opex_core::distribution::distribution(
        &store
            .round_votes(a, &q)
            .unwrap()
            .into_iter()
            .map(|v| v.answer)
            .collect::<Vec<_>>(),
    );
    assert!(c.disagrees && c.range == Some((1, 4)));

    store.reveal(a, &q).unwrap();
    assert!(matches!(
        store.cast(a, &q, Some(w.participants[0].id), &level(2), Utc::now()),
        Err(StoreError::VotingClosed(_))
    ));
    let qs = contribution(store, a, &q);
    assert_eq!(
        (qs.value, qs.source),
        (Some(4.0), ValueSource::MedianOfVotes(5))
    );

    store
        .agree(a, &q, &response(3, Some("after talking")), Utc::now())
        .unwrap();
    assert_eq!(
        store.workshop(a).unwrap().question(&q).unwrap().state,
        QuestionState::Agreed
    );
    let qs = contribution(store, a, &q);
    assert_eq!((qs.value, qs.source), (Some(3.0), ValueSource::Consensus));

    assert_eq!(store.revote(a, &q).unwrap(), 2);
    assert!(
        store.round_votes(a, &q).unwrap().is_empty(),
        "round 2 starts empty"
    );
    assert_eq!(
        store.votes_of_round(a, &q, 1).unwrap().len(),
        5,
        "round 1 is kept"
    );
    assert_eq!(
        contribution(store, a, &q).source,
        ValueSource::Unanswered,
        "a re-vote reopens the question"
    );
    store
        .cast(a, &q, Some(w.participants[0].id), &level(3), Utc::now())
        .unwrap();
    let qs = contribution(store, a, &q);
    assert_eq!(
        (qs.value, qs.source),
        (Some(3.0), ValueSource::MedianOfVotes(1)),
        "only round 2 counts"
    );
}

#[test]
fn a_vote_is_checked_before_it_is_counted() {
    let mut s = Setup::new("Checks");
    let w = s.workshop(Anonymity::Open, &PEOPLE, Utc::now());
    let (store, a, q) = (&mut s.store, w.assessment.id, w.current.clone());
    let ana = Some(w.participants[0].id);
    assert!(matches!(
        store.cast(a, &q, ana, &level(0), Utc::now()),
        Err(StoreError::Answer(InvalidAnswer::LevelOutOfRange(0)))
    ));
    let no_reason = Answer::NotApplicable { reason: "".into() };
    assert!(matches!(
        store.cast(a, &q, ana, &no_reason, Utc::now()),
        Err(StoreError::Answer(InvalidAnswer::MissingReason))
    ));
    assert!(store.round_votes(a, &q).unwrap().is_empty());
    store.cast(a, &q, ana, &level(2), Utc::now()).unwrap();
    store.reveal(a, &q).unwrap();
    let err = store.uncast(a, &q, ana, None).unwrap_err();
    assert!(matches!(err, StoreError::VotingClosed(_)), "{err:?}");
    assert!(err.to_string().contains("start a re-vote"), "{err}");
    assert_eq!(
        store.round_votes(a, &q).unwrap().len(),
        1,
        "a revealed vote cannot be taken back"
    );
}

#[test]
fn an_anonymous_workshop_keeps_tallies_and_no_per_person_rows() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("anon.sqlite3");
    let mut s = Setup::on_file(&path, "Anon");
    let w = s.workshop(Anonymity::Anonymous, &PEOPLE, Utc::now());
    let (mut store, a, q) = (s.store, w.assessment.id, w.current);
    for l in [2, 2, 2, 5] {
        store.cast(a, &q, None, &level(l), Utc::now()).unwrap();
    }
    store.uncast(a, &q, None, Some(&level(2))).unwrap();
    assert!(matches!(
        store.cast(a, &q, Some(1), &level(3), Utc::now()),
        Err(StoreError::Invalid(_))
    ));
    let votes: Vec<Answer> = store
        .round_votes(a, &q)
        .unwrap()
        .into_iter()
        .map(|v| v.answer)
        .collect();
    assert_eq!(votes, vec![level(2), level(2), level(5)]);
    let qs = contribution(&store, a, &q);
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
        let mut s = Setup::on_file(&path, "Resume");
        let w = s.workshop(Anonymity::Facilitator, &PEOPLE, Utc::now());
        let (store, a) = (&mut s.store, w.assessment.id);
        let second = w.questions[1].question_id.clone();
        let t0 = Utc::now();
        store.goto(a, &second, t0).unwrap();
        store
            .cast(
                a,
                &second,
                Some(w.participants[0].id),
                &level(2),
                Utc::now(),
            )
            .unwrap();
        store
            .cast(
                a,
                &second,
                Some(w.participants[1].id),
                &level(3),
                Utc::now(),
            )
            .unwrap();
        store.reveal(a, &second).unwrap();
        store
            .set_facilitator_note(a, &second, &Some("Ask Ben about the load test".into()))
            .unwrap();
        store.add_time(a, &second, 90_000).unwrap();
        // Leaving for the third question 30 s later adds those 30 s to the second.
        let third = w.questions[2].question_id.clone();
        store.goto(a, &third, t0 + Duration::seconds(30)).unwrap();
        store.goto(a, &second, t0 + Duration::seconds(40)).unwrap();
        (a, second)
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
    let mut s = Setup::new("Clock");
    let t0 = Utc::now();
    let w = s.workshop(Anonymity::Open, &PEOPLE, t0);
    let (store, a, q) = (&mut s.store, w.assessment.id, w.current);
    store
        .run_clock(a, false, t0 + Duration::seconds(50))
        .unwrap();
    // An hour away from the screen is not discussion time.
    store
        .run_clock(a, true, t0 + Duration::seconds(3650))
        .unwrap();
    store
        .run_clock(a, false, t0 + Duration::seconds(3660))
        .unwrap();
    let w = store.workshop(a).unwrap();
    assert_eq!(w.question(&q).unwrap().elapsed_ms, 60_000);
    assert_eq!(w.current_since, None, "a stopped clock has no start");
}

#[test]
fn participants_are_renamed_or_removed_without_losing_data() {
    let mut s = Setup::new("People");
    let w = s.workshop(Anonymity::Open, &PEOPLE, Utc::now());
    let (store, a) = (&mut s.store, w.assessment.id);
    let q = w.current.clone();
    for p in &w.participants {
        store
            .cast(a, &q, Some(p.id), &level(3), Utc::now())
            .unwrap();
    }
    store
        .rename_participant(a, w.participants[0].id, "Ana P.")
        .unwrap();
    assert!(matches!(
        store.rename_participant(a, w.participants[1].id, "Ana P."),
        Err(StoreError::Invalid(_))
    ));
    store
        .remove_participant(
            a,
            w.participants[1].id,
            RemovedVotes::KeepAnonymously,
            Utc::now(),
        )
        .unwrap();
    store
        .remove_participant(a, w.participants[2].id, RemovedVotes::Delete, Utc::now())
        .unwrap();
    let w2 = store.workshop(a).unwrap();
    let left: Vec<&str> = w2.participants.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(left, ["Ana P.", "Dana", "Eli"]);
    assert_eq!(
        store.round_votes(a, &q).unwrap().len(),
        4,
        "the kept vote still counts; the deleted one is gone"
    );
}

#[test]
fn a_skipped_question_is_marked_and_not_scored() {
    let mut s = Setup::new("Skip");
    let w = s.workshop(Anonymity::Open, &PEOPLE, Utc::now());
    let (store, a) = (&mut s.store, w.assessment.id);
    let q = w.current.clone();
    store
        .cast(a, &q, Some(w.participants[0].id), &level(5), Utc::now())
        .unwrap();
    store.skip(a, &q).unwrap();
    assert_eq!(
        store.workshop(a).unwrap().question(&q).unwrap().state,
        QuestionState::Skipped
    );
    assert_eq!(contribution(store, a, &q).source, ValueSource::Unanswered);
    store.unskip(a, &q).unwrap();
    assert_eq!(
        store.workshop(a).unwrap().question(&q).unwrap().state,
        QuestionState::Voting
    );
}

#[test]
fn bad_workshop_settings_are_refused() {
    let mut s = Setup::new("Bad");
    let mut nope = new_workshop(s.team.id, &s.bank, Anonymity::Open, &PEOPLE);
    nope.settings.areas = Some(vec!["nope".into()]);
    assert!(matches!(
        s.store.start_workshop(&nope, Utc::now()),
        Err(StoreError::Invalid(_))
    ));
    assert!(matches!(
        s.try_workshop(Anonymity::Open, &["Ana", " Ana "], Utc::now()),
        Err(StoreError::Invalid(_))
    ));
    assert!(matches!(
        s.try_workshop(Anonymity::Open, &[], Utc::now()),
        Err(StoreError::Invalid(_))
    ));
    assert!(
        s.store.assessments(s.team.id).unwrap().is_empty(),
        "nothing half-made is left behind"
    );
}

#[test]
fn actions_are_kept_with_the_team() {
    let mut s = Setup::new("Act");
    let w = s.workshop(Anonymity::Open, &PEOPLE, Utc::now());
    let (store, a, team_id) = (&mut s.store, w.assessment.id, s.team.id);
    let load_test = NewAction {
        team_id,
        assessment_id: Some(a),
        question_id: Some("SCALE-01".into()),
        area_id: Some("scaling".into()),
        title: " Load test checkout ".into(),
        owner: Some("Ben".into()),
        due_date: Some(date(2027, 1, 31)),
        link: None,
    };
    let act = store.add_action(&load_test, Utc::now()).unwrap();
    assert_eq!(
        (
            act.title.as_str(),
            act.owner.as_deref(),
            act.due_date,
            act.status
        ),
        (
            "Load test checkout",
            Some("Ben"),
            Some(date(2027, 1, 31)),
            ActionStatus::Open
        )
    );
    assert_eq!(store.actions(team_id).unwrap(), vec![act.clone()]);
    assert_eq!(store.actions_of(a).unwrap(), vec![act]);
    let untitled = NewAction {
        team_id,
        title: "  ".into(),
        ..Default::default()
    };
    assert!(matches!(
        store.add_action(&untitled, Utc::now()),
        Err(StoreError::Invalid(_))
    ));
}

#[test]
fn unskipping_opens_a_new_round_and_a_finished_workshop_keeps_its_people() {
    let mut s = Setup::new("Late");
    let w = s.workshop(Anonymity::Open, &PEOPLE, Utc::now());
    let a = w.assessment.id;
    let q = w.current.clone();
    s.store
        .cast(a, &q, Some(w.participants[0].id), &level(2), Utc::now())
        .unwrap();
    s.store.skip(a, &q).unwrap();
    s.store.unskip(a, &q).unwrap();
    let back = s.store.workshop(a).unwrap();
    assert_eq!(
        back.question(&q).unwrap().round,
        2,
        "votes cast before the skip no longer count"
    );
    assert!(s.store.round_votes(a, &q).unwrap().is_empty());

    let other = s.workshop(Anonymity::Open, &PEOPLE, Utc::now());
    let stranger = other.participants[0].id;
    let store = &mut s.store;
    assert!(
        matches!(
            store.rename_participant(a, stranger, "X"),
            Err(StoreError::NotFound { .. })
        ),
        "a person from another workshop"
    );
    store.complete(a, Utc::now()).unwrap();
    assert!(matches!(
        store.remove_participant(a, w.participants[0].id, RemovedVotes::Delete, Utc::now()),
        Err(StoreError::Closed(_))
    ));
}

#[test]
fn a_participant_name_is_at_most_80_characters() {
    let long = "N".repeat(81);
    let at_limit = "M".repeat(80);
    let mut s = Setup::new("Names");
    let invalid = |r: Result<(), StoreError>| match r {
        Err(StoreError::Invalid(m)) => m,
        other => panic!("expected a clear refusal, got {other:?}"),
    };
    // At the start: refused whole, nothing stored.
    let team = s.team.id;
    let bank = s.bank.clone();
    let new = new_workshop(team, &bank, Anonymity::Open, &["Ana", &long]);
    let m = invalid(s.store.start_workshop(&new, Utc::now()).map(|_| ()));
    assert!(m.contains("at most 80 characters"), "{m}");
    assert!(s.store.assessments(team).unwrap().is_empty());
    // During the workshop: adding and renaming are refused the same way.
    let w = s.workshop(Anonymity::Open, &PEOPLE, Utc::now());
    let a = w.assessment.id;
    let m = invalid(s.store.add_participant(a, &long).map(|_| ()));
    assert!(m.contains("at most 80 characters"), "{m}");
    let p = s.store.add_participant(a, &at_limit).unwrap();
    assert_eq!(p.name, at_limit);
    let m = invalid(s.store.rename_participant(a, p.id, &long));
    assert!(m.contains("at most 80 characters"), "{m}");
}
