//! Every statement the store runs that reads or writes by team, assessment,
//! participant or question finds its rows through an index: a test runs a
//! workload of the store's reads and writes on a traced connection, asks
//! SQLite for each distinct statement's query plan, and fails on a full scan
//! of a table that grows with the teams' data.

use crate::Store;
use crate::workshop::NewWorkshop;
use chrono::{Duration, Utc};
use opex_core::workshop::{Anonymity, RemovedVotes, WorkshopSettings};
use opex_core::{Answer, Response};
use rusqlite::trace::{TraceEvent, TraceEventCodes};
use std::collections::BTreeSet;
use std::sync::Mutex;

/// The tables that grow with every team and assessment.
const GROWING: &[&str] = &[
    "assessments",
    "participants",
    "votes",
    "consensus",
    "tallies",
    "workshop_questions",
    "actions",
    "action_reviews",
    "targets",
    "ticked_checks",
    "checklist_answers",
];

/// Statements that read every row on purpose. `opex bank stats --usage`
/// counts the assessments of every team on a bank: its answer is about all
/// of them.
const WHOLE_TABLE: &[&str] =
    &["FILTER (WHERE kind = 'workshop') FROM assessments WHERE ?1 IS NULL OR bank_id = ?1"];

static SEEN: Mutex<BTreeSet<String>> = Mutex::new(BTreeSet::new());

fn record(event: TraceEvent<'_>) {
    if let TraceEvent::Stmt(_, sql) = event {
        SEEN.lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(sql.to_string());
    }
}

fn ok<T, E: std::fmt::Display>(r: Result<T, E>) -> T {
    r.unwrap_or_else(|e| panic!("{e}"))
}

/// Reads and writes much as the app, the CLI and the reports do.
fn workload(store: &mut Store) {
    let bank = ok(opex_core::default_bank());
    let now = Utc::now();
    let team = ok(crate::demo::create_demo(store, &bank, "Plans", now));
    ok(store.teams());
    ok(store.team_named("Plans"));
    for a in ok(store.assessments(team.id)) {
        let scored = ok(store.scored(a.id));
        ok(store.previous_completed(&scored.assessment));
        ok(store.ticked_checks(a.id));
        ok(store.checklist_answers(a.id));
        ok(store.reviews(a.id));
        ok(store.actions_of(a.id));
        ok(store.participants(a.id));
    }
    ok(store.completed(team.id));
    ok(store.targets_at(team.id, now));
    ok(store.target_history(team.id));
    ok(store.find_actions(team.id, None, Some("Dana"), None));
    ok(store.team_file(team.id, "2026-12-02T00:00:00Z", "test"));
    ok(store.usage_observations(None));

    let settings = WorkshopSettings {
        anonymity: Anonymity::Open,
        timer_seconds: 60,
        areas: Some(vec!["scaling".into()]),
        headcount: None,
    };
    let w = ok(store.start_workshop(
        &NewWorkshop {
            team_id: team.id,
            bank: &bank,
            profile: "full",
            settings,
            names: vec!["Ana".into(), "Ben".into()],
            reviews: Vec::new(),
        },
        now,
    ));
    let ws = ok(store.workshop(w.id));
    let (q, q2) = (&ws.questions[0].question_id, &ws.questions[1].question_id);
    let people: Vec<i64> = ws.participants.iter().map(|p| p.id).collect();
    ok(store.run_clock(w.id, true, now));
    ok(store.cast(w.id, q, Some(people[0]), &Answer::Level(2), now));
    ok(store.cast(w.id, q, Some(people[1]), &Answer::Level(4), now));
    ok(store.uncast(w.id, q, Some(people[1]), None));
    ok(store.round_votes(w.id, q));
    ok(store.reveal(w.id, q));
    ok(store.revote(w.id, q));
    ok(store.votes_of_round(w.id, q, 1));
    ok(store.set_facilitator_note(w.id, q, &Some("note".into())));
    ok(store.tick_check(w.id, q, (2, 0), true, now));
    ok(store.agree(w.id, q, &Response::of(Answer::Level(3)), now));
    ok(store.goto(w.id, q2, now + Duration::minutes(3)));
    ok(store.skip(w.id, q2));
    let extra = ok(store.add_workshop_participant(w.id, "Cy"));
    ok(store.rename_participant(w.id, extra.id, "Cyd"));
    ok(store.remove_participant(w.id, extra.id, RemovedVotes::Delete, now));
    ok(store.complete(w.id, now + Duration::hours(1)));

    let a = ok(store.start_assessment(team.id, &bank, "full", now));
    let first = &bank.questions[0].id;
    ok(store.save_consensus(a.id, first, &Response::of(Answer::Level(3)), now));
    ok(store.clear_consensus(a.id, first));
    ok(store.delete_assessment(a.id));
    ok(store.delete_team(team.id));
}

#[test]
fn every_read_by_team_assessment_or_question_uses_an_index() {
    let dir = ok(tempfile::tempdir());
    let mut store = ok(Store::open(&dir.path().join("plans.sqlite3")));
    store
        .conn()
        .trace_v2(TraceEventCodes::SQLITE_TRACE_STMT, Some(record));
    workload(&mut store);
    store.conn().trace_v2(TraceEventCodes::empty(), None);
    let seen = SEEN.lock().unwrap_or_else(|p| p.into_inner()).clone();
    assert!(
        seen.len() > 40,
        "the workload ran too few statements: {seen:#?}"
    );
    let mut scans = Vec::new();
    for sql in &seen {
        let t = sql.trim_start().to_uppercase();
        let planned = ["SELECT", "INSERT", "UPDATE", "DELETE", "WITH", "REPLACE"]
            .iter()
            .any(|k| t.starts_with(k));
        if !planned || WHOLE_TABLE.iter().any(|w| sql.contains(w)) {
            continue;
        }
        let mut stmt = ok(store.conn().prepare(&format!("EXPLAIN QUERY PLAN {sql}")));
        // The parameters stay unbound (NULL): a plan does not depend on them.
        let mut rows = stmt.raw_query();
        let mut details = Vec::new();
        while let Some(row) = ok(rows.next()) {
            details.push(ok(row.get::<_, String>(3)));
        }
        for d in details {
            let scanned = d
                .strip_prefix("SCAN ")
                .map(|rest| rest.split_whitespace().next().unwrap_or(""));
            if let Some(table) = scanned
                && GROWING.contains(&table)
                && !d.contains("USING INDEX")
                && !d.contains("USING COVERING INDEX")
                && !d.contains("USING INTEGER PRIMARY KEY")
            {
                scans.push(format!("{d}\n    in: {sql}"));
            }
        }
    }
    assert!(
        scans.is_empty(),
        "full scans of growing tables:\n{}",
        scans.join("\n")
    );
}
