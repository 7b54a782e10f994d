//! The usage counts and the rewording rule, on hand-made observations.

use super::*;
use Answer::Level;
use RateKind::*;

fn na() -> Answer {
    Answer::NotApplicable {
        reason: "no such system".into(),
    }
}

fn rate(count: usize, of: usize) -> Rate {
    Rate { count, of }
}

#[test]
fn the_flag_rule() {
    let table = [
        // (kind, rate, median, flagged, why)
        (
            Disagreement,
            rate(3, 3),
            Some(1.0 / 3.0),
            true,
            "3x the median",
        ),
        (
            Disagreement,
            rate(2, 2),
            Some(0.1),
            false,
            "two workshops are too few",
        ),
        (
            Revote,
            rate(3, 3),
            Some(0.0),
            true,
            "median 0: 10 points suffice",
        ),
        (Disagreement, rate(3, 4), None, false, "no median"),
        (
            Disagreement,
            rate(5, 10),
            Some(0.3),
            false,
            "not twice the median",
        ),
        (Disagreement, rate(2, 4), Some(0.3), false, "well, 1.67x"),
        (
            Disagreement,
            rate(2, 3),
            Some(0.3),
            true,
            "2.2x and 37 points",
        ),
        (
            Disagreement,
            rate(1, 5),
            Some(0.1),
            true,
            "tie: exactly 2x and 10 points",
        ),
        (
            Revote,
            rate(3, 20),
            Some(0.05),
            true,
            "tie: 3x and exactly 10 points",
        ),
        (
            NotApplicable,
            rate(1, 10),
            Some(0.0),
            true,
            "median 0: exactly 10 points",
        ),
        (
            NotApplicable,
            rate(1, 20),
            Some(0.0),
            false,
            "median 0: only 5 points",
        ),
        (
            NotApplicable,
            rate(4, 4),
            Some(0.0),
            false,
            "four answers are too few",
        ),
        (
            DontKnow,
            rate(4, 5),
            Some(0.0),
            true,
            "five answers are enough",
        ),
        (
            DontKnow,
            rate(0, 10),
            Some(0.0),
            false,
            "zero is never above zero",
        ),
        (DontKnow, rate(5, 5), Some(0.6), false, "1.67x"),
        (
            NotApplicable,
            rate(6, 10),
            Some(0.55),
            false,
            "5 points, not twice",
        ),
    ];
    for (kind, r, m, expect, why) in table {
        assert_eq!(
            flagged(kind, r, m),
            expect,
            "{kind:?} {r:?} median {m:?}: {why}"
        );
    }
}

#[test]
fn medians_of_odd_even_and_no_values() {
    assert_eq!(median(&[]), None);
    assert_eq!(median(&[0.5]), Some(0.5));
    assert_eq!(median(&[0.9, 0.1, 0.5]), Some(0.5));
    assert_eq!(median(&[0.0, 1.0, 0.25, 0.75]), Some(0.5));
}

/// `n` workshops of `q`, each voting `levels` in round 1 and reaching `round`.
fn workshops(q: &str, first: i64, n: i64, levels: &[u8], round: u32) -> Vec<WorkshopObservation> {
    (first..first + n)
        .map(|w| WorkshopObservation {
            workshop_id: w,
            question_id: q.into(),
            round1: levels.iter().map(|&l| Level(l)).collect(),
            round,
        })
        .collect()
}

fn answers(q: &str, list: &[Answer]) -> Vec<AnswerObservation> {
    list.iter()
        .map(|a| AnswerObservation {
            question_id: q.into(),
            answer: a.clone(),
        })
        .collect()
}

#[test]
fn a_question_at_three_times_the_median_is_flagged_and_one_with_little_data_is_not() {
    let mut obs = Observations {
        assessments: 12,
        workshops: 9,
        ..Observations::default()
    };
    // Six questions in the same three workshops: Q1..Q5 agree in one of
    // three (1 and 4 once, 3 and 3 twice): 33 %; HOT disagrees in all three.
    for q in ["Q1", "Q2", "Q3", "Q4", "Q5"] {
        obs.workshop_questions
            .extend(workshops(q, 1, 1, &[1, 4], 2));
        obs.workshop_questions
            .extend(workshops(q, 2, 2, &[3, 3], 1));
    }
    obs.workshop_questions
        .extend(workshops("HOT", 1, 3, &[1, 2, 5], 1));
    // FEW disagrees everywhere too, but only two workshops discussed it.
    obs.workshop_questions
        .extend(workshops("FEW", 4, 2, &[1, 5], 1));
    // A workshop where one person voted: voted, not discussed.
    obs.workshop_questions
        .extend(workshops("FEW", 6, 1, &[2], 1));
    // Agenda rows nobody voted on count for nothing.
    obs.workshop_questions
        .extend(workshops("SILENT", 7, 3, &[], 1));
    obs.titles.insert("HOT".into(), "Hot question".into());

    let r = report(&obs);
    assert_eq!((r.assessments, r.workshops, r.workshops_voted), (12, 9, 6));
    let median = r.medians[0];
    assert_eq!((median.kind, median.questions), (Disagreement, 6));
    assert!((median.value.unwrap() - 1.0 / 3.0).abs() < 1e-12);

    let ids: Vec<&str> = r.rows.iter().map(|q| q.question_id.as_str()).collect();
    assert_eq!(
        ids,
        ["HOT", "FEW", "Q1", "Q2", "Q3", "Q4", "Q5"],
        "flagged first, then by disagreement, ties by id"
    );
    let hot = &r.rows[0];
    assert_eq!(hot.flags, [Disagreement]);
    assert_eq!(hot.title.as_deref(), Some("Hot question"));
    assert_eq!((hot.disagreement, hot.revote), (rate(3, 3), rate(0, 3)));
    assert_eq!(hot.disagreed_in, [1, 2, 3]);
    let few = &r.rows[1];
    assert_eq!((few.disagreement, few.revote), (rate(2, 2), rate(0, 3)));
    assert!(few.flags.is_empty(), "two workshops are too few to flag");
    assert_eq!(
        (few.not_applicable, few.dont_know),
        (rate(0, 5), rate(0, 5))
    );
    assert_eq!(few.title, None);
    let q1 = &r.rows[2];
    assert_eq!((q1.disagreement, q1.revote), (rate(1, 3), rate(1, 3)));
    assert_eq!(q1.disagreed_in, [1]);
    // Re-votes: 1 in 3 for Q1..Q5, none for HOT: median 1/3, and nobody
    // is at twice it.
    assert!(r.rows.iter().all(|q| !q.flags.contains(&Revote)));
}

#[test]
fn with_a_median_of_zero_ten_points_flag_an_answer_rate() {
    let mut obs = Observations::default();
    for q in ["A", "B", "C"] {
        obs.self_answers.extend(answers(q, &vec![Level(2); 10]));
    }
    // One N/A in ten: 10 points over a median of 0.
    obs.self_answers.extend(answers("NA", &vec![Level(2); 9]));
    obs.self_answers.extend(answers("NA", &[na()]));
    // One don't know in eleven: 9 points, not enough.
    obs.self_answers.extend(answers("DK", &vec![Level(2); 10]));
    obs.self_answers.extend(answers("DK", &[Answer::DontKnow]));
    // All four answers N/A, but four answers are too few.
    obs.self_answers
        .extend(answers("TINY", &[na(), na(), na(), na()]));

    let r = report(&obs);
    assert_eq!(r.workshops_voted, 0);
    assert_eq!(r.median(NotApplicable), Some(0.0));
    assert_eq!(r.medians[2].questions, 5, "TINY has too few answers");
    assert_eq!(r.median(Disagreement), None);
    assert_eq!(r.answers(), 55);
    let flagged: Vec<(&str, &[RateKind])> = r
        .rows
        .iter()
        .filter(|q| !q.flags.is_empty())
        .map(|q| (q.question_id.as_str(), q.flags.as_slice()))
        .collect();
    assert_eq!(flagged, [("NA", &[NotApplicable][..])]);
    assert_eq!(r.rows[0].question_id, "NA");
    let tiny = r.rows.iter().find(|q| q.question_id == "TINY").unwrap();
    assert_eq!(tiny.not_applicable, rate(4, 4));
    assert_eq!(tiny.disagreement.value(), None);
}

#[test]
fn round_one_counts_every_vote_as_an_answer() {
    let obs = Observations {
        assessments: 2,
        workshops: 1,
        workshop_questions: vec![WorkshopObservation {
            workshop_id: 1,
            question_id: "Q".into(),
            round1: vec![Level(1), Level(4), na(), Answer::DontKnow, Answer::DontKnow],
            round: 2,
        }],
        self_answers: answers("Q", &[na()]),
        titles: BTreeMap::new(),
    };
    let r = report(&obs);
    let q = &r.rows[0];
    assert_eq!(q.disagreement, rate(1, 1));
    assert_eq!(q.revote, rate(1, 1));
    assert_eq!((q.not_applicable, q.dont_know), (rate(2, 6), rate(2, 6)));
}

#[test]
fn nothing_read_is_an_empty_report() {
    let r = report(&Observations::default());
    assert!(r.rows.is_empty());
    assert_eq!(r.workshops_voted, 0);
    assert!(
        r.medians
            .iter()
            .all(|m| m.value.is_none() && m.questions == 0)
    );
}
