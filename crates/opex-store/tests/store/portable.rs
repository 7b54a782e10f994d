//! The rows behind the opex file: UUIDs for every team, assessment and action
//! (old files get them when migrated), a team read into a file and written
//! into another database exactly, and an import that merges by UUID, all of
//! it or none.

use crate::fixtures::{PEOPLE, Setup, day, level, response};
use opex_core::portable::{self, ExportOptions, Names, TeamFile, is_uuid};
use opex_core::workshop::Anonymity;
use opex_core::{Answer, Response};
use opex_store::{MIGRATIONS, Origin, Store, StoreError};
use rusqlite::Connection;
use std::collections::HashSet;
use std::path::Path;

const EXPORTED: &str = "2026-06-01T10:00:00.000Z";

fn origin() -> Origin {
    Origin {
        file: "payments.opex.json".into(),
        exported_at: EXPORTED.into(),
    }
}

/// Rows per table of the database at `path`, for "nothing changed".
fn counts(path: &Path) -> Vec<(String, i64)> {
    let c = Connection::open(path).unwrap();
    [
        "teams",
        "assessments",
        "banks",
        "participants",
        "votes",
        "tallies",
        "consensus",
        "workshop_questions",
        "ticked_checks",
        "targets",
        "actions",
        "action_reviews",
    ]
    .iter()
    .map(|t| {
        let n = c
            .query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0))
            .unwrap();
        (t.to_string(), n)
    })
    .collect()
}

fn is_v4(u: &str) -> bool {
    is_uuid(u)
        && u == u.to_ascii_lowercase()
        && u.as_bytes()[14] == b'4'
        && matches!(u.as_bytes()[19], b'8' | b'9' | b'a' | b'b')
}

/// A team with a self-assessment (notes, breadth, N/A, ticked checks), an
/// open workshop with a re-vote and a facilitator's note, an anonymous
/// workshop with tallies, a target and an action reviewed later.
fn rich(path: &Path) -> (Store, i64) {
    let mut s = Setup::on_file(path, "Payments");
    let a = s.assessment(day(1, 10));
    let q = s.bank.questions[0].id.clone();
    let q2 = s.bank.questions[1].id.clone();
    let mut r = response(3, Some("We page the owner."));
    r.breadth = Some(opex_core::Breadth::Most);
    s.store.save_consensus(a.id, &q, &r, day(1, 10)).unwrap();
    let na = Response::of(Answer::NotApplicable {
        reason: "No such system.".into(),
    });
    s.store.save_consensus(a.id, &q2, &na, day(1, 10)).unwrap();
    let with_check = s
        .bank
        .questions
        .iter()
        .find(|q| q.levels.get(1).is_some_and(|l| !l.checks.is_empty()))
        .unwrap()
        .id
        .clone();
    s.store
        .tick_check(a.id, &with_check, (2, 0), true, day(1, 10))
        .unwrap();
    s.store.complete(a.id, day(1, 11)).unwrap();
    let action = s
        .store
        .add_action(
            &opex_core::action::NewAction {
                team_id: s.team.id,
                assessment_id: Some(a.id),
                question_id: Some(q.clone()),
                title: "Write the runbook".into(),
                owner: Some("Dana".into()),
                ..Default::default()
            },
            day(1, 12),
        )
        .unwrap();
    s.store
        .update_action(
            action.id,
            &opex_core::action::ActionUpdate {
                notes: Some(Some("Ask Ben about the pager.".into())),
                ..Default::default()
            },
            day(1, 13),
        )
        .unwrap();
    s.store
        .set_target(s.team.id, "scaling", 3.5, None, day(1, 12))
        .unwrap();

    let w = s.workshop(Anonymity::Open, &PEOPLE[..3], day(2, 1));
    let (wa, wq) = (w.assessment.id, w.current.clone());
    for (p, l) in w.participants.iter().zip([2, 4, 3]) {
        s.store
            .cast(wa, &wq, Some(p.id), &level(l), day(2, 1))
            .unwrap();
    }
    s.store.reveal(wa, &wq).unwrap();
    s.store.revote(wa, &wq).unwrap();
    for p in &w.participants {
        s.store
            .cast(wa, &wq, Some(p.id), &level(3), day(2, 1))
            .unwrap();
    }
    s.store.reveal(wa, &wq).unwrap();
    s.store
        .set_facilitator_note(wa, &wq, &Some("Chidi disagreed at first.".into()))
        .unwrap();
    s.store
        .agree(wa, &wq, &response(3, None), day(2, 1))
        .unwrap();
    s.store
        .review_action(
            action.id,
            wa,
            opex_core::action::ReviewOutcome::Carried,
            Some("Still open."),
            day(2, 1),
        )
        .unwrap();

    let anon = s.workshop(Anonymity::Anonymous, &[], day(3, 1));
    let (aa, aq) = (anon.assessment.id, anon.current.clone());
    for l in [2, 2, 5] {
        s.store.cast(aa, &aq, None, &level(l), day(3, 1)).unwrap();
    }
    s.store
        .cast(aa, &aq, None, &Answer::DontKnow, day(3, 1))
        .unwrap();
    let team = s.team.id;
    (s.store, team)
}

fn file_of(store: &Store, team: i64) -> TeamFile {
    store.team_file(team, EXPORTED, "opex test").unwrap()
}

fn import(
    store: &mut Store,
    file: &TeamFile,
    name: Option<&str>,
) -> Result<opex_store::Imported, StoreError> {
    let checked = portable::check(file).unwrap();
    store.import_team_file(&checked, &origin(), name)
}

#[test]
fn every_team_assessment_and_action_has_its_own_v4_uuid() {
    let dir = tempfile::tempdir().unwrap();
    let (store, team) = rich(&dir.path().join("a.sqlite3"));
    let file = file_of(&store, team);
    let mut all: Vec<&str> = vec![&file.team.uuid];
    all.extend(file.assessments.iter().map(|a| a.uuid.as_str()));
    all.extend(file.actions.iter().map(|a| a.uuid.as_str()));
    assert_eq!(all.len(), 5);
    assert!(all.iter().all(|u| is_v4(u)), "{all:?}");
    assert_eq!(all.iter().collect::<HashSet<_>>().len(), all.len());
    assert_eq!(store.team_uuid(team).unwrap(), file.team.uuid);
    assert_eq!(
        store.team_origin(team).unwrap(),
        None,
        "a local team has no origin"
    );
}

#[test]
fn a_database_from_before_uuids_gets_them_when_it_is_migrated() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("old.sqlite3");
    {
        let mut c = Connection::open(&db).unwrap();
        MIGRATIONS.to_version(&mut c, 7).unwrap();
        c.execute_batch(
            "INSERT INTO teams (name, created_at) VALUES ('One', '2026-01-01T00:00:00Z'), ('Two', '2026-01-01T00:00:00Z');
             INSERT INTO actions (team_id, title, created_at, updated_at) VALUES (1, 'A', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');",
        )
        .unwrap();
    }
    drop(Store::open(&db).unwrap());
    let c = Connection::open(&db).unwrap();
    let uuids: Vec<String> = c
        .prepare("SELECT uuid FROM teams UNION ALL SELECT uuid FROM actions")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(uuids.len(), 3);
    assert!(uuids.iter().all(|u| is_v4(u)), "{uuids:?}");
    assert_eq!(uuids.iter().collect::<HashSet<_>>().len(), 3);
}

#[test]
fn a_team_read_into_a_file_and_imported_elsewhere_is_the_same_team() {
    let dir = tempfile::tempdir().unwrap();
    let (a, team) = rich(&dir.path().join("a.sqlite3"));
    let file = file_of(&a, team);
    // What the workshops left is all there: two rounds, a tally, a note.
    let open = &file.assessments[1];
    assert_eq!(open.votes.iter().filter(|v| v.round == 2).count(), 3);
    let anon = &file.assessments[2];
    assert!(anon.participants.is_empty() && anon.votes.is_empty());
    assert_eq!(anon.tallies.iter().map(|t| t.count).sum::<u32>(), 4);
    assert_eq!(file.actions[0].reviews.len(), 1);

    let mut b = Store::open(&dir.path().join("b.sqlite3")).unwrap();
    let done = import(&mut b, &file, None).unwrap();
    assert!(done.team_created);
    assert_eq!(done.assessments_added, 3);
    assert_eq!(done.actions_added, 1);
    assert_eq!(b.team_origin(done.team_id).unwrap(), Some(origin()));
    assert_eq!(
        file_of(&b, done.team_id),
        file,
        "the copy is the team, row for row"
    );
    // The scores are the same too.
    for (x, y) in a
        .assessments(team)
        .unwrap()
        .iter()
        .zip(b.assessments(done.team_id).unwrap())
    {
        let (sx, sy) = (a.scored(x.id).unwrap(), b.scored(y.id).unwrap());
        assert_eq!(sx.scores.overall.mean, sy.scores.overall.mean);
    }
}

#[test]
fn importing_the_same_file_twice_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (a, team) = rich(&dir.path().join("a.sqlite3"));
    let file = file_of(&a, team);
    let path = dir.path().join("b.sqlite3");
    let mut b = Store::open(&path).unwrap();
    import(&mut b, &file, None).unwrap();
    let before = counts(&path);
    let again = import(&mut b, &file, None).unwrap();
    assert!(!again.team_created);
    assert_eq!(
        (
            again.assessments_added,
            again.assessments_unchanged,
            again.actions_added,
            again.actions_updated,
            again.targets_added
        ),
        (0, 3, 0, 0, 0)
    );
    assert_eq!(counts(&path), before);
    // Into the database it came from, too.
    let a_path = dir.path().join("a.sqlite3");
    let before = counts(&a_path);
    let mut a = a;
    let back = import(&mut a, &file, None).unwrap();
    assert_eq!(back.team_id, team);
    assert_eq!(counts(&a_path), before);
    assert_eq!(
        a.team_origin(team).unwrap(),
        None,
        "a local team stays local"
    );
}

#[test]
fn a_later_file_adds_what_is_new_completes_what_was_open_and_updates_actions() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, team) = rich(&dir.path().join("a.sqlite3"));
    let first = file_of(&a, team);
    let path = dir.path().join("b.sqlite3");
    let mut b = Store::open(&path).unwrap();
    import(&mut b, &first, None).unwrap();

    // On A: the open workshop finishes, a new assessment starts, the action is done.
    let ids: Vec<i64> = a.assessments(team).unwrap().iter().map(|x| x.id).collect();
    a.complete(ids[1], day(2, 2)).unwrap();
    let bank = opex_core::default_bank().unwrap();
    a.start_assessment(team, &bank, "full", day(4, 1)).unwrap();
    let action = a.actions(team).unwrap()[0].id;
    a.update_action(
        action,
        &opex_core::action::ActionUpdate {
            status: Some(opex_core::action::ActionStatus::Done),
            ..Default::default()
        },
        day(4, 2),
    )
    .unwrap();
    let mut later = file_of(&a, team);
    later.exported_at = "2026-07-01T10:00:00.000Z".into();
    let checked = portable::check(&later).unwrap();
    let o = Origin {
        file: "payments-july.opex.json".into(),
        exported_at: later.exported_at.clone(),
    };
    let done = b.import_team_file(&checked, &o, None).unwrap();
    assert_eq!(
        (
            done.assessments_added,
            done.assessments_completed,
            done.assessments_unchanged,
            done.actions_updated
        ),
        (1, 1, 2, 1)
    );
    assert_eq!(
        b.team_origin(done.team_id).unwrap(),
        Some(o),
        "the newest file is where it came from"
    );
    let mut copy = file_of(&b, done.team_id);
    copy.exported_at = later.exported_at.clone();
    assert_eq!(copy, later);
}

#[test]
fn a_different_team_with_a_taken_name_is_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let (a, team) = rich(&dir.path().join("a.sqlite3"));
    let file = file_of(&a, team);
    let path = dir.path().join("b.sqlite3");
    let mut b = Setup::on_file(&path, "PAYMENTS").store;
    let before = counts(&path);
    let e = import(&mut b, &file, None).unwrap_err();
    assert!(
        matches!(&e, StoreError::DuplicateTeam(n) if n == "Payments"),
        "{e}"
    );
    assert_eq!(counts(&path), before);
    let e = import(&mut b, &file, Some("payments")).unwrap_err();
    assert!(matches!(e, StoreError::DuplicateTeam(_)), "{e}");
    let done = import(&mut b, &file, Some("Payments (Berlin)")).unwrap();
    assert_eq!(done.team_name, "Payments (Berlin)");
    assert_eq!(b.teams().unwrap().len(), 2);
}

#[test]
fn a_conflict_found_halfway_leaves_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    let (a, team) = rich(&dir.path().join("a.sqlite3"));
    let mut file = file_of(&a, team);
    let path = dir.path().join("b.sqlite3");
    let mut b = Store::open(&path).unwrap();
    // Another team here already holds the file's last assessment.
    let mut other = file.clone();
    other.team.uuid = "00000000-0000-4000-8000-000000000001".into();
    other.team.name = "Other".into();
    other.assessments.drain(..2);
    other.actions.clear();
    import(&mut b, &other, None).unwrap();
    let before = counts(&path);
    file.team.name = "Payments".into();
    let e = import(&mut b, &file, None).unwrap_err().to_string();
    assert!(
        e.starts_with("$.assessments[2].uuid: assessment ")
            && e.ends_with("is already here, in team \"Other\""),
        "{e}"
    );
    assert_eq!(
        counts(&path),
        before,
        "the team and its first assessments were rolled back"
    );
}

#[test]
fn redaction_drops_notes_and_names_and_keeps_aliases_stable() {
    let dir = tempfile::tempdir().unwrap();
    let (a, team) = rich(&dir.path().join("a.sqlite3"));
    let mut file = file_of(&a, team);
    file.redact(ExportOptions {
        include_notes: false,
        names: Names::Drop,
    });
    let text = serde_json::to_string(&file).unwrap();
    for secret in [
        "We page the owner.",
        "Chidi disagreed",
        "Ask Ben",
        "Still open.",
    ] {
        assert!(!text.contains(secret), "{secret}");
    }
    for name in PEOPLE {
        assert!(!text.contains(&format!("\"{name}\"")), "{name}");
    }
    let names: Vec<&str> = file.assessments[1]
        .participants
        .iter()
        .map(|p| p.name.as_str())
        .collect();
    assert_eq!(names, ["Participant 1", "Participant 2", "Participant 3"]);
    assert_eq!(file.actions[0].owner.as_deref(), Some("Owner 1"));
    // The N/A reason is part of the answer, not a note.
    assert!(text.contains("No such system."));
    let mut again = file_of(&a, team);
    again.redact(ExportOptions {
        include_notes: false,
        names: Names::Drop,
    });
    assert_eq!(again, file, "the same team gives the same aliases");
    assert!(portable::check(&file).is_ok());
    // With notes asked for, they are there.
    let mut with = file_of(&a, team);
    with.redact(ExportOptions {
        include_notes: true,
        names: Names::Keep,
    });
    let text = serde_json::to_string(&with).unwrap();
    assert!(
        text.contains("We page the owner.")
            && text.contains("Chidi disagreed")
            && text.contains("\"Chidi\"")
    );
}
