//! A synthetic organisation, for measuring opex at scale: `teams` teams, each
//! with `assessments` assessments a quarter apart (self-assessments and, every
//! fourth, a workshop with a re-vote on the questions the team split on),
//! `voters` people voting on every question, quick and full profiles, a bank
//! revision halfway, targets and actions. Deterministic: the same numbers
//! make the same rows but for their UUIDs and times relative to `now`. The
//! structure (teams, assessments, participants, completion, targets,
//! actions) goes through the store's own calls; the votes and answers,
//! millions of them, through prepared statements, one transaction a team.

use crate::demo::{bank_revision, noise, profile};
use crate::rows::{answer_cols, ts};
use crate::workshop::NewWorkshop;
use crate::{Store, StoreError};
use chrono::{DateTime, Duration, Utc};
use opex_core::action::{ActionStatus, ActionUpdate, NewAction};
use opex_core::workshop::{Anonymity, WorkshopSettings};
use opex_core::{Answer, Bank, Breadth, Response};
use rusqlite::params;

/// How big an organisation to make.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Organisation {
    pub teams: u32,
    pub assessments: u32,
    pub voters: u32,
}

/// What was made.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Made {
    pub teams: u64,
    pub assessments: u64,
    pub workshops: u64,
    /// Every vote of every round.
    pub votes: u64,
    /// Team answers (consensus).
    pub answers: u64,
}

const PRODUCTS: [&str; 10] = [
    "Payments",
    "Search",
    "Checkout",
    "Identity",
    "Catalogue",
    "Messaging",
    "Billing",
    "Mobile",
    "Data Platform",
    "Edge",
];

/// The most voters a team has (participant names are "Person 1" … "Person N").
pub const MAX_VOTERS: u32 = 50;

/// Makes the organisation. Fails, having written nothing of the team at hand,
/// if a team of the same name exists.
pub fn create_organisation(
    store: &mut Store,
    bank: &Bank,
    org: Organisation,
    now: DateTime<Utc>,
) -> Result<Made, StoreError> {
    if org.teams == 0 || org.assessments == 0 || org.voters == 0 || org.voters > MAX_VOTERS {
        return Err(StoreError::Invalid(format!(
            "an organisation needs at least one team, one assessment and one voter, and at most {MAX_VOTERS} voters"
        )));
    }
    let (earlier, revised) = bank_revision(bank);
    let mut made = Made::default();
    for t in 0..org.teams {
        let name = format!("{} {:03}", PRODUCTS[t as usize % PRODUCTS.len()], t + 1);
        let team = store.atomically(|s| write_team(s, &name, t, org, (&earlier, &revised), now))?;
        // Each completed assessment's score card is made and kept, as the
        // first list of the team would.
        store.listed(store.team_named(&name)?.id)?;
        made.teams += 1;
        made.assessments += team.assessments;
        made.workshops += team.workshops;
        made.votes += team.votes;
        made.answers += team.answers;
    }
    Ok(made)
}

fn write_team(
    store: &mut Store,
    name: &str,
    t: u32,
    org: Organisation,
    (earlier, revised): (&Bank, &Bank),
    now: DateTime<Utc>,
) -> Result<Made, StoreError> {
    let team = store.create_team(name)?;
    let people: Vec<String> = (1..=org.voters).map(|i| format!("Person {i}")).collect();
    // Each team starts somewhere else and improves at its own pace.
    let offset = (noise(name, 1) % 9) as f64 * 0.1 - 0.4;
    let pace = 0.6 + (noise(name, 2) % 7) as f64 * 0.1;
    let mut made = Made {
        teams: 1,
        ..Made::default()
    };
    let mut runs = Vec::new();
    for k in 0..org.assessments {
        let quarters_ago = i64::from(org.assessments - k);
        let started =
            now - Duration::days(quarters_ago * 91 - (noise(name, u64::from(k)) % 20) as i64);
        let bank = if k * 2 >= org.assessments {
            revised
        } else {
            earlier
        };
        let profile_id = match (k % 3 == 2, bank.profiles.iter().any(|p| p.id == "quick")) {
            (true, true) => "quick",
            _ => "full",
        };
        let workshop = k % 4 == 3;
        let a = if workshop {
            let settings = WorkshopSettings {
                anonymity: Anonymity::Open,
                timer_seconds: 240,
                areas: None,
                headcount: None,
            };
            let new = NewWorkshop {
                team_id: team.id,
                bank,
                profile: profile_id,
                settings,
                names: people.clone(),
                reviews: Vec::new(),
            };
            store.start_workshop(&new, started)?
        } else {
            let a = store.start_assessment(team.id, bank, profile_id, started)?;
            for p in &people {
                store.add_participant(a.id, p)?;
            }
            a
        };
        let participants: Vec<i64> = store.participants(a.id)?.iter().map(|p| p.id).collect();
        let progress = (k as f64 / 4.0) * 0.25 * pace;
        let asked = a.asked(bank);
        store.with_tx(|tx| {
            let mut vote = tx.prepare_cached(
                "INSERT INTO votes (participant_id, question_id, round, kind, level, reason, note, updated_at, breadth) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, NULL, ?7, NULL)",
            )?;
            let mut state = tx.prepare_cached(
                "UPDATE workshop_questions SET state = 'agreed', round = ?3, elapsed_ms = ?4, updated_at = ?5 \
                 WHERE assessment_id = ?1 AND question_id = ?2",
            )?;
            let at = ts(started);
            for id in &asked {
                let Some(q) = bank.question(id) else { continue };
                if q.checklist.is_some() {
                    continue;
                }
                let h = noise(&q.id, u64::from(k) * 31 + u64::from(t));
                let (base, slope) = profile(&q.area);
                let target = (base + offset + slope * progress * 4.0 + (h % 5) as f64 * 0.2 - 0.4)
                    .clamp(1.0, 5.0);
                let consensus = match h % 41 {
                    0 => Answer::NotApplicable {
                        reason: "We run no such system today.".into(),
                    },
                    1 if k < 4 => Answer::DontKnow,
                    _ => Answer::Level(target.round() as u8),
                };
                // A workshop votes again where the first round split.
                let rounds = if workshop && h.is_multiple_of(6) { 2 } else { 1 };
                for round in 1..=rounds {
                    for (i, pid) in participants.iter().enumerate() {
                        let spread = match round {
                            1 => (noise(&q.id, h ^ i as u64) % 5) as f64 - 2.0,
                            _ => (noise(&q.id, h ^ (i as u64 + 99)) % 3) as f64 - 1.0,
                        };
                        let answer = match &consensus {
                            Answer::Level(_) => {
                                Answer::Level((target + spread * 0.6).round().clamp(1.0, 5.0) as u8)
                            }
                            other => other.clone(),
                        };
                        let (kind, level, reason) = answer_cols(&answer);
                        vote.execute(params![pid, q.id, round, kind, level, reason, at])?;
                        made.votes += 1;
                    }
                }
                let response = Response {
                    answer: consensus,
                    note: h.is_multiple_of(13).then(|| "Agreed after discussion.".to_string()),
                    breadth: (!h.is_multiple_of(4)).then(|| Breadth::ALL[(h % 4) as usize]),
                };
                crate::answers::upsert_consensus(tx, a.id, &q.id, &response, started)?;
                made.answers += 1;
                if workshop {
                    state.execute(params![a.id, q.id, rounds, 90_000 + (h % 120) as i64 * 1000, at])?;
                }
            }
            Ok(())
        })?;
        store.complete(a.id, started + Duration::hours(2))?;
        made.assessments += 1;
        made.workshops += u64::from(workshop);
        runs.push((a.id, started));
    }
    follow_up(store, team.id, &runs)?;
    Ok(made)
}

/// Two targets and three actions a team: one done, one dropped, one open.
fn follow_up(
    store: &mut Store,
    team_id: i64,
    runs: &[(i64, DateTime<Utc>)],
) -> Result<(), StoreError> {
    let (first, first_at) = runs[0];
    store.set_target(
        team_id,
        "monitoring",
        4.0,
        None,
        first_at + Duration::days(1),
    )?;
    store.set_target(
        team_id,
        "success-metric",
        3.5,
        None,
        first_at + Duration::days(1),
    )?;
    let (last, last_at) = runs[runs.len() - 1];
    for (i, status) in [
        ActionStatus::Done,
        ActionStatus::Dropped,
        ActionStatus::Open,
    ]
    .into_iter()
    .enumerate()
    {
        let (assessment, at) = if i < 2 {
            (first, first_at)
        } else {
            (last, last_at)
        };
        let new = NewAction {
            team_id,
            assessment_id: Some(assessment),
            area_id: Some("monitoring".into()),
            title: format!("Improvement {} for the team", i + 1),
            owner: Some(format!("Person {}", i + 1)),
            ..NewAction::default()
        };
        let a = store.add_action(&new, at)?;
        if status != ActionStatus::Open {
            let update = ActionUpdate {
                status: Some(status),
                ..Default::default()
            };
            store.update_action(a.id, &update, at + Duration::days(30))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok<T, E: std::fmt::Display>(r: Result<T, E>) -> T {
        r.unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn a_small_organisation_reads_back_whole_and_checks_as_an_opex_file() {
        let mut store = ok(Store::open_in_memory());
        let bank = ok(opex_core::default_bank());
        let org = Organisation {
            teams: 3,
            assessments: 8,
            voters: 4,
        };
        let made = ok(create_organisation(&mut store, &bank, org, Utc::now()));
        assert_eq!((made.teams, made.assessments, made.workshops), (3, 24, 6));
        let count = |sql: &str| -> u64 {
            ok(store.conn().query_row(sql, [], |r| r.get::<_, i64>(0))) as u64
        };
        assert_eq!(count("SELECT count(*) FROM votes"), made.votes);
        assert_eq!(count("SELECT count(*) FROM consensus"), made.answers);
        assert!(
            count("SELECT count(*) FROM votes WHERE round = 2") > 0,
            "workshops re-vote"
        );
        assert_eq!(
            count("SELECT count(*) FROM workshop_questions WHERE state <> 'agreed'"),
            0
        );
        // Every question asked has its answer and every voter's vote in round 1.
        for team in ok(store.teams()) {
            let history = ok(store.completed(team.id));
            assert_eq!(history.len(), 8, "{}", team.name);
            let quick = history
                .iter()
                .filter(|s| s.assessment.profile == "quick")
                .count();
            assert!(quick > 0 && quick < 8);
            for s in &history {
                assert!(
                    s.scores.overall.mean.is_some(),
                    "{} is scored",
                    s.assessment.id
                );
            }
            let versions: std::collections::BTreeSet<&str> = history
                .iter()
                .map(|s| s.assessment.bank_version.as_str())
                .collect();
            assert_eq!(versions.len(), 2, "a bank revision halfway: {versions:?}");
            let file = ok(store.team_file(team.id, "2026-12-02T00:00:00Z", "test"));
            let checked = opex_core::portable::check(&file);
            assert!(checked.is_ok(), "{:?}", checked.err());
        }
        let again = create_organisation(&mut store, &bank, org, Utc::now());
        assert!(again.is_err(), "the same teams again are refused");
    }
}
