//! A change shown beside two scores is their difference: a property test over
//! random pairs of assessments, for every area, phase and the overall score.

use chrono::{Duration, Utc};
use opex_core::compare::Change;
use opex_core::records::{Assessment, AssessmentRows, ScoredAssessment};
use opex_core::{Answer, Bank, StoredAnswer, summarize};
use proptest::prelude::*;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

static BANK: LazyLock<Bank> =
    LazyLock::new(|| opex_core::default_bank().unwrap_or_else(|e| panic!("{e}")));

/// One assessment answering question `i` with `answers[i]`: a level, N/A, or
/// nothing.
fn assessment(id: i64, answers: &[Option<u8>]) -> ScoredAssessment {
    let bank = BANK.clone();
    let at = Utc::now() + Duration::days(id);
    let consensus = bank
        .questions
        .iter()
        .zip(answers)
        .filter_map(|(q, a)| {
            let answer = match (*a)? {
                0 => Answer::NotApplicable {
                    reason: "no".into(),
                },
                l => Answer::Level(l),
            };
            Some(StoredAnswer::new(&q.id, &answer, None, at))
        })
        .collect();
    ScoredAssessment::new(AssessmentRows {
        assessment: Assessment {
            id,
            team_id: 1,
            team_name: "T".into(),
            bank_hash: bank.content_hash(),
            bank_id: bank.id.clone(),
            bank_version: bank.version.clone(),
            bank_title: bank.title.clone(),
            profile: "full".into(),
            started_at: at,
            completed_at: Some(at),
            kind: "self".into(),
            areas: None,
        },
        bank,
        consensus,
        votes: Vec::new(),
        tallies: HashMap::new(),
        skipped: HashSet::new(),
        participants: Vec::new(),
        ticked: Default::default(),
        checklist: Default::default(),
    })
}

/// How a score is written on every screen and report.
fn shown(v: f64) -> String {
    format!("{v:.1}")
}

fn tenths(s: &str) -> i64 {
    (s.parse::<f64>().unwrap_or(f64::NAN) * 10.0).round() as i64
}

fn check(c: &Change, what: &str) {
    let (before, after, delta) = (shown(c.before), shown(c.after), format!("{:+.1}", c.delta));
    assert_eq!(
        tenths(&after) - tenths(&before),
        tenths(&delta),
        "{what}: {before} → {after} shown with {delta}"
    );
    assert_eq!(
        c.real,
        opex_core::compare::is_real(c.delta, c.compared),
        "{what}"
    );
}

fn answers() -> impl Strategy<Value = Vec<Option<u8>>> {
    // None: unanswered; Some(0): not applicable; Some(1..=5): a level.
    proptest::collection::vec(
        proptest::option::weighted(0.7, 0u8..=5),
        BANK.questions.len(),
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn every_change_is_after_minus_before_as_shown(a in answers(), b in answers()) {
        let (earlier, later) = (assessment(1, &a), assessment(2, &b));
        let s = summarize(&later, Some(&earlier));
        for row in &s.areas {
            if let Some(c) = &row.change {
                check(c, &row.id);
            }
        }
        for row in &s.phases {
            if let Some(c) = &row.change {
                check(c, row.phase.label());
            }
        }
        if let Some(c) = &s.overall_change {
            check(c, "overall");
        }
    }
}

#[test]
fn the_triple_is_rounded_as_shown_and_noise_keeps_its_real_difference() {
    // 2.64 → 3.36 would read "2.6 → 3.4 +0.7" if the change were taken before
    // rounding; shown, it is +0.8.
    let c = Change::between(2.64, 3.36, 4);
    assert_eq!((c.before, c.after, c.delta, c.real), (2.6, 3.4, 0.8, true));
    // Within noise, the real difference is still shown, never +0.0.
    let c = Change::between(3.0, 3.2, 4);
    assert_eq!((c.delta, c.real), (0.2, false));
    let c = Change::between(3.0, 3.4, 1);
    assert_eq!(
        (c.delta, c.real),
        (0.4, false),
        "one question needs half a level"
    );
    let c = Change::between(3.0, 2.5, 1);
    assert_eq!((c.delta, c.real), (-0.5, true));
}
