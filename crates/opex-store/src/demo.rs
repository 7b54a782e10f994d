//! Demo data: a team with four quarterly assessments over the past year, with
//! believable movement, votes from several people and a few N/A and don't-know
//! answers, so that every chart and comparison has something to show.

use crate::{Store, StoreError, Team};
use chrono::{DateTime, Duration, Utc};
use opex_core::{Answer, Bank, Response};

/// A small deterministic hash, so the demo is the same on every machine.
fn noise(seed: &str, salt: u64) -> u64 {
    // FNV-1a.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ salt.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    for b in seed.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// Where the demo team starts and how fast each area improves per quarter (in tenths of a level).
fn profile(area: &str) -> (f64, f64) {
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

/// Creates `team_name` with four completed quarterly assessments ending about
/// a month before `now`. Fails, changing nothing, if the team exists.
pub fn create_demo(
    store: &mut Store,
    bank: &Bank,
    team_name: &str,
    now: DateTime<Utc>,
) -> Result<Team, StoreError> {
    let team = store.create_team(team_name)?;
    for quarter in 0..4u64 {
        let started = now - Duration::days(30 + 91 * (3 - quarter as i64));
        let a = store.start_assessment(team.id, bank, "full", started)?;
        let people: Vec<_> = PEOPLE
            .iter()
            .take(3 + (quarter as usize % 3))
            .map(|p| store.add_participant(a.id, p))
            .collect::<Result<_, _>>()?;
        for q in &bank.questions {
            let (base, slope) = profile(&q.area);
            let h = noise(&q.id, 7);
            let wobble = (h % 5) as f64 * 0.25 - 0.5;
            let target = (base + slope * quarter as f64 + wobble).clamp(1.0, 5.0);
            if h.is_multiple_of(23) {
                let na = Answer::NotApplicable {
                    reason: "We run no such system today.".into(),
                };
                store.save_consensus(
                    a.id,
                    &q.id,
                    &Response {
                        answer: na,
                        note: None,
                    },
                    started,
                )?;
                continue;
            }
            if quarter == 0 && h % 17 == 1 {
                store.save_consensus(
                    a.id,
                    &q.id,
                    &Response {
                        answer: Answer::DontKnow,
                        note: Some("Ask the platform team.".into()),
                    },
                    started,
                )?;
                continue;
            }
            for (i, p) in people.iter().enumerate() {
                let spread = (noise(&q.id, quarter * 10 + i as u64) % 3) as f64 - 1.0;
                let level = (target + spread).round().clamp(1.0, 5.0) as u8;
                store.save_vote(
                    p.id,
                    &q.id,
                    &Response {
                        answer: Answer::Level(level),
                        note: None,
                    },
                    started,
                )?;
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
                },
                started,
            )?;
        }
        store.complete(a.id, started + Duration::hours(2))?;
    }
    Ok(team)
}
