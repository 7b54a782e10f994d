//! Targets, actions and their review, and deletion without orphans.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed

use chrono::{Duration, NaiveDate, TimeZone, Utc};
use opex_store::history::{ActionStatus, ActionUpdate, ReviewOutcome};
use opex_store::{Store, StoreError};

fn day(m: u32, d: u32) -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, m, d, 9, 0, 0).unwrap()
}

#[test]
fn targets_keep_their_history() {
    let mut store = Store::open_in_memory().unwrap();
    let team = store.create_team("T").unwrap();
    store
        .set_target(
            team.id,
            "monitoring",
            3.0,
            NaiveDate::from_ymd_opt(2026, 6, 30),
            day(1, 10),
        )
        .unwrap();
    store
        .set_target(team.id, "scaling", 4.0, None, day(1, 10))
        .unwrap();
    store
        .set_target(
            team.id,
            "monitoring",
            4.0,
            NaiveDate::from_ymd_opt(2026, 12, 31),
            day(7, 1),
        )
        .unwrap();
    let now: Vec<(String, f64)> = store
        .targets_at(team.id, day(9, 1))
        .unwrap()
        .into_iter()
        .map(|t| (t.area_id, t.level))
        .collect();
    assert_eq!(
        now,
        vec![("monitoring".into(), 4.0), ("scaling".into(), 4.0)]
    );
    let then: Vec<(String, f64)> = store
        .targets_at(team.id, day(3, 1))
        .unwrap()
        .into_iter()
        .map(|t| (t.area_id, t.level))
        .collect();
    assert_eq!(
        then,
        vec![("monitoring".into(), 3.0), ("scaling".into(), 4.0)],
        "the past is not rewritten"
    );
    assert_eq!(store.target_history(team.id).unwrap().len(), 3);
    assert!(matches!(
        store.set_target(team.id, "scaling", 6.0, None, day(9, 1)),
        Err(StoreError::Invalid(_))
    ));
}

#[test]
fn actions_are_updated_filtered_and_reviewed() {
    let mut store = Store::open_in_memory().unwrap();
    let team = store.create_team("T").unwrap();
    let bank = opex_core::default_bank().unwrap();
    let q1 = store
        .start_assessment(team.id, &bank, "full", day(1, 10))
        .unwrap();
    let a = store
        .add_action(
            team.id,
            Some(q1.id),
            Some("MON-01"),
            Some("monitoring"),
            "Add SLO alerts",
            Some("Ana"),
            None,
            day(1, 10),
        )
        .unwrap();
    let b = store
        .add_action(
            team.id,
            Some(q1.id),
            Some("SCALE-01"),
            Some("scaling"),
            "Autoscale the API",
            Some("Ben"),
            None,
            day(1, 10),
        )
        .unwrap();
    let c = store
        .add_action(
            team.id,
            Some(q1.id),
            Some("KNOW-01"),
            Some("knowledge"),
            "Write runbooks",
            Some("ana"),
            None,
            day(1, 10),
        )
        .unwrap();

    let update = ActionUpdate {
        status: Some(ActionStatus::InProgress),
        notes: Some(Some("started".into())),
        ..Default::default()
    };
    let a2 = store.update_action(a.id, &update, day(2, 1)).unwrap();
    assert_eq!(
        (a2.status.as_str(), a2.notes.as_deref(), a2.done_at),
        ("in_progress", Some("started"), None)
    );
    assert_eq!(
        store
            .find_actions(team.id, None, Some("ANA"), None)
            .unwrap()
            .len(),
        2,
        "owner matches without case"
    );
    assert_eq!(
        store
            .find_actions(team.id, Some(ActionStatus::Open), None, Some("scaling"))
            .unwrap()[0]
            .id,
        b.id
    );

    let q2 = store
        .start_assessment(team.id, &bank, "full", day(4, 10))
        .unwrap();
    let done = store
        .review_action(
            a.id,
            q2.id,
            ReviewOutcome::Done,
            Some("alerts live"),
            day(4, 10),
        )
        .unwrap();
    assert_eq!(
        (done.status.as_str(), done.done_at),
        ("done", Some(day(4, 10) - Duration::seconds(1))),
        "done before the assessment began"
    );
    assert!(done.notes.unwrap().ends_with("alerts live"));
    assert_eq!(
        store
            .review_action(b.id, q2.id, ReviewOutcome::Carried, None, day(4, 10))
            .unwrap()
            .status,
        "open"
    );
    assert_eq!(
        store
            .review_action(c.id, q2.id, ReviewOutcome::Dropped, None, day(4, 10))
            .unwrap()
            .status,
        "dropped"
    );
    let reviews = store.reviews(q2.id).unwrap();
    assert_eq!(
        reviews.iter().map(|r| r.1).collect::<Vec<_>>(),
        vec![
            ReviewOutcome::Done,
            ReviewOutcome::Carried,
            ReviewOutcome::Dropped
        ]
    );
    let blank = ActionUpdate {
        title: Some("  ".into()),
        ..Default::default()
    };
    assert!(matches!(
        store.update_action(a.id, &blank, day(5, 1)),
        Err(StoreError::Invalid(_))
    ));
}

#[test]
fn starting_with_a_review_is_all_or_nothing() {
    use opex_store::history::Review;
    let mut store = Store::open_in_memory().unwrap();
    let team = store.create_team("T").unwrap();
    let other = store.create_team("Other").unwrap();
    let bank = opex_core::default_bank().unwrap();
    let a = store
        .add_action(
            team.id,
            None,
            Some("MON-01"),
            None,
            "Alerts",
            None,
            None,
            day(1, 1),
        )
        .unwrap();
    let foreign = store
        .add_action(
            other.id,
            None,
            None,
            None,
            "Not ours",
            None,
            None,
            day(1, 1),
        )
        .unwrap();
    let bad = [
        Review {
            action_id: a.id,
            outcome: ReviewOutcome::Done,
            note: None,
        },
        Review {
            action_id: foreign.id,
            outcome: ReviewOutcome::Done,
            note: None,
        },
    ];
    assert!(matches!(
        store.start_assessment_reviewed(team.id, &bank, "quick", day(4, 1), &bad),
        Err(StoreError::Invalid(_))
    ));
    assert!(
        store.assessments(team.id).unwrap().is_empty(),
        "no assessment without its review"
    );
    assert_eq!(
        store.action(a.id).unwrap().status,
        "open",
        "no review without its assessment"
    );
    let ok = [Review {
        action_id: a.id,
        outcome: ReviewOutcome::Done,
        note: Some("done".into()),
    }];
    let run = store
        .start_assessment_reviewed(team.id, &bank, "quick", day(4, 1), &ok)
        .unwrap();
    assert_eq!(store.reviews(run.id).unwrap().len(), 1);
    assert_eq!(
        store.action(a.id).unwrap().done_at,
        Some(day(4, 1) - Duration::seconds(1))
    );
}

#[test]
fn an_action_outlives_its_assessment_and_a_team_takes_everything_with_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("del.sqlite3")).unwrap();
    let team = store.create_team("Gone").unwrap();
    let bank = opex_core::default_bank().unwrap();
    let a = store
        .start_assessment(team.id, &bank, "full", Utc::now())
        .unwrap();
    store
        .save_consensus(
            a.id,
            "OPS-CODE-01",
            &opex_core::Response {
                answer: opex_core::Answer::Level(2),
                note: None,
            },
            Utc::now(),
        )
        .unwrap();
    let act = store
        .add_action(
            team.id,
            Some(a.id),
            Some("OPS-CODE-01"),
            Some("ops-as-code"),
            "Import the consoles into code",
            None,
            None,
            Utc::now(),
        )
        .unwrap();
    store
        .set_target(
            team.id,
            "ops-as-code",
            4.0,
            None,
            Utc::now() - Duration::days(1),
        )
        .unwrap();

    store.delete_assessment(a.id).unwrap();
    let kept = store.action(act.id).unwrap();
    assert_eq!(
        (kept.assessment_id, kept.question_id.as_deref()),
        (None, Some("OPS-CODE-01"))
    );
    assert!(store.assessments(team.id).unwrap().is_empty());
    assert!(matches!(
        store.delete_assessment(a.id),
        Err(StoreError::NotFound { .. })
    ));

    store.delete_team(team.id).unwrap();
    assert!(store.teams().unwrap().is_empty());
    assert!(store.actions(team.id).unwrap().is_empty());
    assert!(store.target_history(team.id).unwrap().is_empty());
}
