//! Demo data: a team with four quarterly assessments over the past year, with
//! believable movement, votes from several people and a few N/A and don't-know
//! answers, so that every chart and comparison has something to show.

use crate::{Store, StoreError};
use chrono::{DateTime, Duration, Utc};
use opex_core::action::{ActionStatus, ActionUpdate, NewAction};
use opex_core::{Answer, Bank, Response};
use opex_core::{ScoredAssessment, Team};

/// A small deterministic hash, so the demo is the same on every machine.
pub(crate) fn noise(seed: &str, salt: u64) -> u64 {
    // FNV-1a.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ salt.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    for b in seed.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// Where the demo team starts and how fast each area improves per quarter (in tenths of a level).
pub(crate) fn profile(area: &str) -> (f64, f64) {
    match area {
        "ops-as-code" | "infrastructure" => (2.4, 0.45),
        "small-changes" | "change-philosophy" => (2.0, 0.5),
        "refine-procedures" | "knowledge" => (1.8, 0.35),
        "anticipate-failure" => (1.4, 0.3),
        "learn-from-events" | "failure-response" => (2.2, 0.4),
        "monitoring" => (2.6, 0.3),
        "success-metric" => (1.6, 0.45),
        "scaling" => (3.2, -0.1),
        "team-structure" => (2.8, 0.15),
        _ => (2.5, 0.2),
    }
}

const PEOPLE: [&str; 5] = ["Ana", "Ben", "Chidi", "Dana", "Eli"];

/// Creates `team_name` with four completed assessments over the year before
/// `now`, in one transaction: a failure halfway (a full disk) leaves no half
/// team behind to block the retry. Fails if the team exists.
pub fn create_demo(
    store: &mut Store,
    bank: &Bank,
    team_name: &str,
    now: DateTime<Utc>,
) -> Result<Team, StoreError> {
    store.atomically(|store| write_demo(store, bank, team_name, now))
}

fn write_demo(
    store: &mut Store,
    bank: &Bank,
    team_name: &str,
    now: DateTime<Utc>,
) -> Result<Team, StoreError> {
    let team = store.create_team(team_name)?;
    // Halfway through the year the bank changes. On the default bank the
    // first half ran on its 1.1.0 snapshot (the 1.x form, without checks) and
    // the second on `bank`; on any other bank one question is rewritten under
    // a new id (`replaces`). Either way the trend marks the change.
    let (earlier, revised) = bank_revision(bank);
    // Four assessments over a year, with one quarter missed: a visible gap.
    let days_ago = [30 + 364, 30 + 273, 30 + 91, 30];
    let mut runs = Vec::new();
    for quarter in 0..4u64 {
        let started = now - Duration::days(days_ago[quarter as usize]);
        let bank = if quarter >= 2 { &revised } else { &earlier };
        let a = store.start_assessment(team.id, bank, "full", started)?;
        runs.push((a.id, started));
        let people: Vec<_> = PEOPLE
            .iter()
            .take(3 + (quarter as usize % 3))
            .map(|p| store.add_participant(a.id, p))
            .collect::<Result<_, _>>()?;
        for q in &bank.questions {
            let h = noise(&q.id, 7);
            // A lens's checklist: more practices in place each quarter.
            if let Some(c) = &q.checklist {
                let practices: Vec<&str> = c
                    .choices
                    .iter()
                    .filter(|x| !x.none_of_these)
                    .map(|x| x.id.as_str())
                    .collect();
                let none = c.choices.iter().find(|x| x.none_of_these);
                let take = ((h % 3) as usize + quarter as usize).min(practices.len());
                let ticked: std::collections::BTreeSet<String> = match (take, none) {
                    (0, Some(n)) => [n.id.clone()].into(),
                    _ => practices
                        .iter()
                        .take(take.max(1))
                        .map(|s| s.to_string())
                        .collect(),
                };
                store.save_checklist(a.id, &q.id, &ticked, &None, started)?;
                continue;
            }
            let (base, slope) = profile(&q.area);
            let wobble = (h % 5) as f64 * 0.25 - 0.5;
            let target = (base + slope * quarter as f64 + wobble).clamp(1.0, 5.0);
            if h.is_multiple_of(23) {
                let na = Answer::NotApplicable {
                    reason: "We run no such system today.".into(),
                };
                store.save_consensus(a.id, &q.id, &Response::of(na), started)?;
                continue;
            }
            if quarter == 0 && h % 17 == 1 {
                store.save_consensus(
                    a.id,
                    &q.id,
                    &Response {
                        answer: Answer::DontKnow,
                        note: Some("Ask the platform team.".into()),
                        breadth: None,
                    },
                    started,
                )?;
                continue;
            }
            for (i, p) in people.iter().enumerate() {
                let spread = (noise(&q.id, quarter * 10 + i as u64) % 3) as f64 - 1.0;
                let level = (target + spread).round().clamp(1.0, 5.0) as u8;
                store.save_vote(p.id, &q.id, &Response::of(Answer::Level(level)), started)?;
            }
            let agreed = target.round().clamp(1.0, 5.0) as u8;
            let note = h
                .is_multiple_of(11)
                .then(|| "Agreed after discussion; see the action list.".to_string());
            store.save_consensus(
                a.id,
                &q.id,
                &Response {
                    answer: Answer::Level(agreed),
                    note,
                    breadth: breadth_of(h, bank),
                },
                started,
            )?;
            tick_demo_checks(store, a.id, q, agreed, h, started)?;
        }
        store.complete(a.id, started + Duration::hours(2))?;
    }
    loop_closed(store, team.id, &runs)?;
    Ok(team)
}

/// The bank a demo history starts on and the one it moves to halfway: on the
/// default bank its 1.1.0 snapshot, then the bank itself; on any other, the
/// bank, then the bank with one question rewritten under a new id.
pub(crate) fn bank_revision(bank: &Bank) -> (Bank, Bank) {
    let is_default =
        opex_core::default_bank().is_ok_and(|d| d.content_hash() == bank.content_hash());
    match opex_core::default_bank_1_1() {
        Ok(old) if is_default => (old, bank.clone()),
        _ => (bank.clone(), revised_bank(bank)),
    }
}

/// How widely the demo team says an answer holds: on banks with checks (2.0
/// and later), most answers say it; 1.x assessments predate breadth.
fn breadth_of(h: u64, bank: &Bank) -> Option<opex_core::Breadth> {
    let has_checks = bank
        .questions
        .iter()
        .any(|q| q.levels.iter().any(|l| !l.checks.is_empty()));
    (has_checks && !h.is_multiple_of(5)).then(|| opex_core::Breadth::ALL[(h % 4) as usize])
}

/// On about a third of the questions the demo team ticked the checks it
/// discussed: every check from level 2 up to the level it agreed.
fn tick_demo_checks(
    store: &mut Store,
    assessment_id: i64,
    q: &opex_core::Question,
    agreed: u8,
    h: u64,
    at: DateTime<Utc>,
) -> Result<(), StoreError> {
    if !h.is_multiple_of(3) {
        return Ok(());
    }
    for (i, level) in q
        .levels
        .iter()
        .enumerate()
        .take(usize::from(agreed))
        .skip(1)
    {
        for c in 0..level.checks.len() {
            let check = (i as u8 + 1, c as u8);
            store.tick_check(assessment_id, &q.id, check, true, at)?;
        }
    }
    Ok(())
}

/// The bank with one question rewritten under a new id, as version 1.1.0.
fn revised_bank(bank: &Bank) -> Bank {
    let mut b = bank.clone();
    b.version = "1.1.0".into();
    if let Some(q) = b.questions.iter_mut().find(|q| q.area == "monitoring") {
        let old = q.id.clone();
        q.id = format!("{old}-R");
        q.replaces = vec![old];
        q.prompt = format!("{} (revised)", q.prompt.trim_end_matches('?')) + "?";
    }
    b.changelog.insert(
        0,
        opex_core::model::ChangelogEntry {
            version: "1.1.0".into(),
            changes: vec![
                "Demo revision: the first monitoring question was rewritten under a new id.".into(),
            ],
        },
    );
    b
}

/// Targets and actions that close the loop: some actions finished between
/// assessments whose question then moved, one that did not help, one dropped
/// and one still open and overdue.
fn loop_closed(
    store: &mut Store,
    team_id: i64,
    runs: &[(i64, DateTime<Utc>)],
) -> Result<(), StoreError> {
    let (first, first_at) = runs[0];
    let (_, second_at) = runs[1];
    let (third, third_at) = runs[2];
    for (area, level) in [
        ("anticipate-failure", 3.0),
        ("success-metric", 3.5),
        ("monitoring", 4.0),
    ] {
        store.set_target(team_id, area, level, None, first_at + Duration::days(1))?;
    }
    store.set_target(
        team_id,
        "success-metric",
        3.0,
        None,
        third_at + Duration::days(1),
    )?;
    let before = store.scored(runs[1].0)?;
    let after = store.scored(third)?;
    let value = |s: &ScoredAssessment, id: &str| {
        s.scores
            .overall
            .contributions
            .iter()
            .find(|c| c.question_id == id)
            .and_then(|c| c.value)
    };
    let mut worked = None;
    let mut flat = None;
    for q in &before.bank.questions {
        match (value(&before, &q.id), value(&after, &q.id)) {
            (Some(b), Some(a)) if a - b >= 1.0 && worked.is_none() => worked = Some(q.clone()),
            (Some(b), Some(a)) if a == b && flat.is_none() => flat = Some(q.clone()),
            _ => {}
        }
    }
    let done_at = second_at + Duration::days(40);
    for (q, title) in [
        (&worked, "Write the runbook and rehearse it"),
        (&flat, "Add the missing dashboard"),
    ] {
        if let Some(q) = q {
            let step = q
                .next_steps
                .first()
                .cloned()
                .unwrap_or_else(|| title.to_string());
            let new = NewAction {
                team_id,
                assessment_id: Some(first),
                question_id: Some(q.id.clone()),
                area_id: Some(q.area.clone()),
                title: step,
                owner: Some("Dana".into()),
                due_date: None,
                link: None,
            };
            let a = store.add_action(&new, first_at)?;
            let done = ActionUpdate {
                status: Some(ActionStatus::Done),
                ..Default::default()
            };
            store.update_action(a.id, &done, done_at)?;
        }
    }
    let new = NewAction {
        team_id,
        assessment_id: Some(first),
        area_id: Some("scaling".into()),
        title: "Move the batch jobs to autoscaling".into(),
        owner: Some("Eli".into()),
        ..NewAction::default()
    };
    let dropped = store.add_action(&new, first_at)?;
    let drop = ActionUpdate {
        status: Some(ActionStatus::Dropped),
        ..Default::default()
    };
    store.update_action(dropped.id, &drop, done_at)?;
    let overdue = (third_at - Duration::days(10)).date_naive();
    let new = NewAction {
        team_id,
        assessment_id: Some(third),
        area_id: Some("success-metric".into()),
        title: "Agree an error budget policy with product".into(),
        owner: Some("Ana".into()),
        due_date: Some(overdue),
        ..NewAction::default()
    };
    store.add_action(&new, third_at)?;
    Ok(())
}
