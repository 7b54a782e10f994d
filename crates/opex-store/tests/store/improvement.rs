//! The improvement loop: targets with their history (several set at once,
//! all or none), actions updated, filtered and reviewed, their length limits
//! and links (also on a file from before links), and deletion without orphans.

use crate::fixtures::{Setup, date, day};
use chrono::{Duration, NaiveDate, Utc};
use opex_core::action::{ActionStatus, ActionUpdate, NewAction, NewTarget, Review, ReviewOutcome};
use opex_store::StoreError;

#[test]
fn targets_keep_their_history() {
    let Setup {
        mut store, team, ..
    } = Setup::new("T");
    store
        .set_target(
            team.id,
            "monitoring",
            3.0,
            Some(date(2026, 6, 30)),
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
            Some(date(2026, 12, 31)),
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
    let mut s = Setup::new("T");
    let q1 = s.assessment(day(1, 10));
    let from_q1 = |question: &str, area: &str, title: &str, owner: &str| NewAction {
        team_id: s.team.id,
        assessment_id: Some(q1.id),
        question_id: Some(question.into()),
        area_id: Some(area.into()),
        title: title.into(),
        owner: Some(owner.into()),
        due_date: None,
        link: None,
    };
    let (a, b, c) = (
        from_q1("MON-01", "monitoring", "Add SLO alerts", "Ana"),
        from_q1("SCALE-01", "scaling", "Autoscale the API", "Ben"),
        from_q1("KNOW-01", "knowledge", "Write runbooks", "ana"),
    );
    let store = &mut s.store;
    let a = store.add_action(&a, day(1, 10)).unwrap();
    let b = store.add_action(&b, day(1, 10)).unwrap();
    let c = store.add_action(&c, day(1, 10)).unwrap();

    let update = ActionUpdate {
        status: Some(ActionStatus::InProgress),
        notes: Some(Some("started".into())),
        ..Default::default()
    };
    let a2 = store.update_action(a.id, &update, day(2, 1)).unwrap();
    assert_eq!(
        (a2.status, a2.notes.as_deref(), a2.done_at),
        (ActionStatus::InProgress, Some("started"), None)
    );
    assert_eq!(
        store
            .find_actions(s.team.id, None, Some("ANA"), None)
            .unwrap()
            .len(),
        2,
        "owner matches without case"
    );
    assert_eq!(
        store
            .find_actions(s.team.id, Some(ActionStatus::Open), None, Some("scaling"))
            .unwrap()[0]
            .id,
        b.id
    );

    let q2 = store
        .start_assessment(s.team.id, &s.bank, "full", day(4, 10))
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
        (done.status, done.done_at),
        (ActionStatus::Done, Some(day(4, 10) - Duration::seconds(1))),
        "done before the assessment began"
    );
    assert!(done.notes.unwrap().ends_with("alerts live"));
    assert_eq!(
        store
            .review_action(b.id, q2.id, ReviewOutcome::Carried, None, day(4, 10))
            .unwrap()
            .status,
        ActionStatus::Open
    );
    assert_eq!(
        store
            .review_action(c.id, q2.id, ReviewOutcome::Dropped, None, day(4, 10))
            .unwrap()
            .status,
        ActionStatus::Dropped
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
    let Setup {
        mut store,
        team,
        bank,
    } = Setup::new("T");
    let other = store.create_team("Other").unwrap();
    let alerts = NewAction {
        team_id: team.id,
        question_id: Some("MON-01".into()),
        title: "Alerts".into(),
        ..Default::default()
    };
    let a = store.add_action(&alerts, day(1, 1)).unwrap();
    let not_ours = NewAction {
        team_id: other.id,
        title: "Not ours".into(),
        ..Default::default()
    };
    let foreign = store.add_action(&not_ours, day(1, 1)).unwrap();
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
        ActionStatus::Open,
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
fn an_action_needs_a_team_that_exists() {
    let Setup {
        mut store, team, ..
    } = Setup::new("T");
    let orphan = NewAction {
        team_id: team.id + 100,
        title: "Nobody's".into(),
        ..Default::default()
    };
    assert!(matches!(
        store.add_action(&orphan, day(1, 1)),
        Err(StoreError::NotFound { what: "team", .. })
    ));
    assert!(store.actions(team.id + 100).unwrap().is_empty());
}

#[test]
fn an_action_outlives_its_assessment_and_a_team_takes_everything_with_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Setup::on_file(&dir.path().join("del.sqlite3"), "Gone");
    let a = s.assessment(Utc::now());
    let Setup {
        mut store, team, ..
    } = s;
    store
        .save_consensus(
            a.id,
            "OPS-CODE-01",
            &opex_core::Response {
                answer: opex_core::Answer::Level(2),
                note: None,
                breadth: None,
            },
            Utc::now(),
        )
        .unwrap();
    let import = NewAction {
        team_id: team.id,
        assessment_id: Some(a.id),
        question_id: Some("OPS-CODE-01".into()),
        area_id: Some("ops-as-code".into()),
        title: "Import the consoles into code".into(),
        ..Default::default()
    };
    let act = store.add_action(&import, Utc::now()).unwrap();
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

#[test]
fn a_due_date_opex_cannot_read_hides_no_action() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("opex.sqlite3");
    let team_id = {
        let mut s = Setup::on_file(&path, "T");
        let new = NewAction {
            team_id: s.team.id,
            title: "Write the runbook".into(),
            due_date: NaiveDate::from_ymd_opt(2027, 1, 31),
            ..NewAction::default()
        };
        s.store.add_action(&new, Utc::now()).unwrap();
        s.team.id
    };
    // A file edited by hand: the date is text opex never writes.
    let raw = rusqlite::Connection::open(&path).unwrap();
    raw.execute("UPDATE actions SET due_date = 'next sprint'", [])
        .unwrap();
    drop(raw);
    let mut store = opex_store::Store::open(&path).unwrap();
    let actions = store.actions(team_id).unwrap();
    assert_eq!(actions.len(), 1, "the action still loads");
    assert_eq!(actions[0].due_date, None, "an unreadable date is no date");
    let update = ActionUpdate {
        status: Some(ActionStatus::Done),
        ..ActionUpdate::default()
    };
    let done = store
        .update_action(actions[0].id, &update, Utc::now())
        .unwrap();
    assert_eq!(done.status, ActionStatus::Done, "and can still be updated");
}

#[test]
fn an_action_kept_before_links_existed_reads_without_one_and_takes_one() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v5.sqlite3");
    {
        // A file written by the opex before actions had links (schema 5).
        let mut conn = rusqlite::Connection::open(&path).unwrap();
        opex_store::MIGRATIONS.to_version(&mut conn, 5).unwrap();
        conn.execute_batch(
            "INSERT INTO teams (id, name, created_at) VALUES (1, 'Old team', '2026-01-01T00:00:00.000Z');
             INSERT INTO actions (id, team_id, area_id, title, owner, created_at, updated_at)
             VALUES (7, 1, 'monitoring', 'Add SLO alerts', 'Ana', '2026-01-02T00:00:00.000Z', '2026-01-02T00:00:00.000Z');",
        )
        .unwrap();
    }
    let mut store = opex_store::Store::open(&path).unwrap();
    let old = store.action(7).unwrap();
    assert_eq!(
        (
            old.title.as_str(),
            old.owner.as_deref(),
            old.link.as_deref()
        ),
        ("Add SLO alerts", Some("Ana"), None)
    );
    let link = ActionUpdate {
        link: Some(Some("  https://tracker.example/OPS-142?a=1&b=<2>  ".into())),
        ..ActionUpdate::default()
    };
    store.update_action(7, &link, day(2, 1)).unwrap();
    drop(store);
    let store = opex_store::Store::open(&path).unwrap();
    let read = store.action(7).unwrap();
    assert_eq!(
        read.link.as_deref(),
        Some("https://tracker.example/OPS-142?a=1&b=<2>"),
        "the link is kept as typed, trimmed, across a reopen"
    );
    assert_eq!((read.title, read.owner), (old.title, old.owner));
    let version: i64 = rusqlite::Connection::open(&path)
        .unwrap()
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(version as usize, opex_store::schema_version());
    assert!(version >= 6, "the file was upgraded past the link column");
}

#[test]
fn action_titles_and_links_have_a_length_limit() {
    let Setup {
        mut store, team, ..
    } = Setup::new("T");
    let new = |title: String, link: Option<String>| NewAction {
        team_id: team.id,
        area_id: Some("monitoring".into()),
        title,
        link,
        ..NewAction::default()
    };
    // Characters, not bytes: 200 two-byte letters are a title at the limit.
    let at_limit = "ä".repeat(200);
    let a = store
        .add_action(&new(at_limit.clone(), Some("OPS-1".into())), day(1, 1))
        .unwrap();
    assert_eq!(
        (a.title.as_str(), a.link.as_deref(), a.assessment_id),
        (at_limit.as_str(), Some("OPS-1"), None)
    );
    let too_long = |r: Result<_, StoreError>| match r {
        Err(StoreError::Invalid(m)) => m,
        other => panic!("expected an invalid title or link: {other:?}"),
    };
    assert_eq!(
        too_long(store.add_action(&new(format!("{at_limit}x"), None), day(1, 1))),
        "an action title is at most 200 characters"
    );
    let retitle = ActionUpdate {
        title: Some(format!("{at_limit}x")),
        ..ActionUpdate::default()
    };
    assert_eq!(
        too_long(store.update_action(a.id, &retitle, day(1, 2))),
        "an action title is at most 200 characters"
    );
    // Spaces around a title do not count against it.
    store
        .add_action(&new(format!("  {at_limit}  "), None), day(1, 1))
        .unwrap();

    let link_at_limit = "l".repeat(500);
    store
        .add_action(&new("Link".into(), Some(link_at_limit)), day(1, 1))
        .unwrap();
    assert!(
        too_long(store.add_action(&new("Link".into(), Some("l".repeat(501))), day(1, 1)))
            .contains("500")
    );
    let relink = ActionUpdate {
        link: Some(Some("l".repeat(501))),
        ..ActionUpdate::default()
    };
    assert!(too_long(store.update_action(a.id, &relink, day(1, 2))).contains("500"));
    assert_eq!(
        store.action(a.id).unwrap().link.as_deref(),
        Some("OPS-1"),
        "a refused update changes nothing"
    );
    let blank = ActionUpdate {
        link: Some(Some("   ".into())),
        ..ActionUpdate::default()
    };
    assert_eq!(
        store.update_action(a.id, &blank, day(1, 3)).unwrap().link,
        None,
        "a blank link is no link"
    );
}

#[test]
fn targets_set_together_are_all_kept_or_none() {
    let Setup {
        mut store, team, ..
    } = Setup::new("T");
    let target = |area: &str, level: f64| NewTarget {
        area_id: area.into(),
        level,
        target_date: Some(date(2026, 12, 31)),
    };
    let set = store
        .set_targets(
            team.id,
            &[target("monitoring", 4.0), target("scaling", 3.5)],
            day(1, 10),
        )
        .unwrap();
    assert_eq!(set.len(), 2);
    let refused = store.set_targets(
        team.id,
        &[target("monitoring", 5.0), target("scaling", 6.0)],
        day(2, 10),
    );
    assert!(matches!(refused, Err(StoreError::Invalid(m)) if m.contains("scaling")));
    let now: Vec<(String, f64)> = store
        .targets_at(team.id, day(3, 1))
        .unwrap()
        .into_iter()
        .map(|t| (t.area_id, t.level))
        .collect();
    assert_eq!(
        now,
        vec![("monitoring".into(), 4.0), ("scaling".into(), 3.5)],
        "a refused row kept the others out too"
    );
    assert_eq!(store.target_history(team.id).unwrap().len(), 2);
}
