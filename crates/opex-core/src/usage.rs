//! How a bank's questions fare in use: per question, how often workshops
//! discussed it, disagreed on it and voted again, and how often it was answered
//! N/A or don't know; and the one rule ([`flagged`]) that marks a question whose
//! rate stands well above the bank's median as a candidate for rewording.

use crate::distribution::distribution;
use crate::scoring::Answer;
use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

/// A workshop rate (disagreement, re-vote) of a question counts, for the
/// median and for a flag, once this many workshops are behind it: one or two
/// rooms say more about those people than about the question.
pub const MIN_WORKSHOPS: usize = 3;

/// An answer rate (N/A, don't know) of a question counts once this many
/// answers are behind it.
pub const MIN_ANSWERS: usize = 5;

/// A flagged rate is at least this many times the bank's median…
pub const FLAG_FACTOR: f64 = 2.0;

/// …and at least this far above it (a share: 0.10 is 10 percentage points),
/// so that a median near zero does not flag every question with one odd answer.
pub const FLAG_MARGIN: f64 = 0.10;

/// Rates are quotients of small counts: `0.3` and `0.2 + 0.1` must compare equal.
const EPSILON: f64 = 1e-9;

/// One question in one workshop, as the store found it.
#[derive(Debug, Clone, PartialEq)]
pub struct WorkshopObservation {
    pub workshop_id: i64,
    pub question_id: String,
    /// Every vote of round 1, named and anonymous alike (a tally of three
    /// counts three times). Later rounds are left out: they were cast after
    /// the team had seen the first one.
    pub round1: Vec<Answer>,
    /// The round the question reached: above 1 after a re-vote. (Taking a
    /// skipped question back onto the agenda also opens a round; the store
    /// keeps no trace of which move it was.)
    pub round: u32,
}

/// The agreed answer of a self-assessment to one question.
#[derive(Debug, Clone, PartialEq)]
pub struct AnswerObservation {
    pub question_id: String,
    pub answer: Answer,
}

/// What the usage report reads: one row per workshop and question, one per
/// self-assessment answer, and a name for each question.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Observations {
    /// Assessments read: self-assessments and workshops.
    pub assessments: usize,
    /// Of those, workshops, whether they voted or not.
    pub workshops: usize,
    pub workshop_questions: Vec<WorkshopObservation>,
    pub self_answers: Vec<AnswerObservation>,
    /// Each question's name ([`crate::Question::name`]) from the newest bank
    /// that has it.
    pub titles: BTreeMap<String, String>,
}

/// The four rates the report keeps per question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RateKind {
    /// Of the workshops that discussed it, the share whose round-1 levels
    /// spread over two levels or more.
    Disagreement,
    /// Of the workshops that voted on it, the share that needed another round.
    Revote,
    /// Of all its answers, the share "not applicable".
    NotApplicable,
    /// Of all its answers, the share "don't know".
    DontKnow,
}

impl RateKind {
    pub const ALL: [RateKind; 4] = [
        RateKind::Disagreement,
        RateKind::Revote,
        RateKind::NotApplicable,
        RateKind::DontKnow,
    ];

    /// How much data (workshops or answers) a question's rate needs before it
    /// counts.
    pub fn min_data(self) -> usize {
        match self {
            RateKind::Disagreement | RateKind::Revote => MIN_WORKSHOPS,
            RateKind::NotApplicable | RateKind::DontKnow => MIN_ANSWERS,
        }
    }

    /// The rate's short name, as a table column and a flag say it.
    pub fn label(self) -> &'static str {
        match self {
            RateKind::Disagreement => "disagree",
            RateKind::Revote => "re-vote",
            RateKind::NotApplicable => "N/A",
            RateKind::DontKnow => "don't know",
        }
    }
}

/// `count` of `of`: a share, with the size it was taken from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Rate {
    pub count: usize,
    pub of: usize,
}

impl Rate {
    /// The share, or `None` when there is nothing to take it of.
    pub fn value(self) -> Option<f64> {
        (self.of > 0).then(|| self.count as f64 / self.of as f64)
    }
}

/// One question's figures over the database.
#[derive(Debug, Clone, PartialEq)]
pub struct QuestionUsage {
    pub question_id: String,
    /// Its name in the newest bank that has it; `None` when no stored bank
    /// has the id any more.
    pub title: Option<String>,
    /// Disagreed of discussed: `of` counts the workshops where at least two
    /// people voted a level in round 1.
    pub disagreement: Rate,
    /// The workshops that disagreed, lowest id first: where to read the
    /// votes and notes.
    pub disagreed_in: Vec<i64>,
    /// Re-voted of voted: `of` counts the workshops with any round-1 vote.
    pub revote: Rate,
    /// N/A of all answers: self-assessments' agreed answers plus every
    /// round-1 vote of the workshops.
    pub not_applicable: Rate,
    /// Don't know of the same answers.
    pub dont_know: Rate,
    /// The rates [`flagged`] against the bank's medians, in [`RateKind::ALL`]
    /// order; empty when none is.
    pub flags: Vec<RateKind>,
}

impl QuestionUsage {
    pub fn rate(&self, kind: RateKind) -> Rate {
        match kind {
            RateKind::Disagreement => self.disagreement,
            RateKind::Revote => self.revote,
            RateKind::NotApplicable => self.not_applicable,
            RateKind::DontKnow => self.dont_know,
        }
    }

    fn new(question_id: String) -> QuestionUsage {
        QuestionUsage {
            question_id,
            title: None,
            disagreement: Rate::default(),
            disagreed_in: Vec::new(),
            revote: Rate::default(),
            not_applicable: Rate::default(),
            dont_know: Rate::default(),
            flags: Vec::new(),
        }
    }

    fn count(&mut self, answer: &Answer) {
        self.not_applicable.of += 1;
        self.dont_know.of += 1;
        match answer {
            Answer::NotApplicable { .. } => self.not_applicable.count += 1,
            Answer::DontKnow => self.dont_know.count += 1,
            Answer::Level(_) => {}
        }
    }
}

/// The bank's median of one rate, over the questions with enough data for it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Median {
    pub kind: RateKind,
    /// `None` when no question has enough data.
    pub value: Option<f64>,
    /// How many questions have enough data.
    pub questions: usize,
}

/// Every question's figures, flagged questions first, then by disagreement
/// (highest first; questions no workshop discussed last), then by id.
#[derive(Debug, Clone, PartialEq)]
pub struct UsageReport {
    pub assessments: usize,
    pub workshops: usize,
    /// Workshops with at least one round-1 vote on any question.
    pub workshops_voted: usize,
    pub rows: Vec<QuestionUsage>,
    /// One per rate, in [`RateKind::ALL`] order.
    pub medians: Vec<Median>,
}

impl UsageReport {
    pub fn median(&self, kind: RateKind) -> Option<f64> {
        self.medians
            .iter()
            .find(|m| m.kind == kind)
            .and_then(|m| m.value)
    }

    /// Answers read over all questions (the N/A and don't-know denominator).
    pub fn answers(&self) -> usize {
        self.rows.iter().map(|r| r.not_applicable.of).sum()
    }
}

/// The median of `values` (the mean of the middle two for an even count).
pub fn median(values: &[f64]) -> Option<f64> {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    let n = v.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(v[n / 2]),
        _ => Some((v[n / 2 - 1] + v[n / 2]) / 2.0),
    }
}

/// Whether a question's `rate` of `kind` stands well above the bank's `median`
/// of it, so the question is a candidate for rewording. All three must hold:
/// - the question has enough data: at least [`MIN_WORKSHOPS`] workshops for
///   disagreement and re-vote, at least [`MIN_ANSWERS`] answers for N/A and
///   don't know ([`RateKind::min_data`]);
/// - the rate is at least [`FLAG_FACTOR`] (twice) the median;
/// - the rate is at least [`FLAG_MARGIN`] (10 percentage points) above it.
///
/// The median is taken over the questions with enough data; when it is 0 the
/// first condition holds for any rate and the 10-point rule alone decides. A
/// rate exactly on a threshold is flagged.
pub fn flagged(kind: RateKind, rate: Rate, median: Option<f64>) -> bool {
    match (rate.of >= kind.min_data(), rate.value(), median) {
        (true, Some(r), Some(m)) => {
            r + EPSILON >= FLAG_FACTOR * m && r + EPSILON >= m + FLAG_MARGIN
        }
        _ => false,
    }
}

/// Counts each question's rates, takes the bank's medians and flags the
/// questions well above them.
pub fn report(obs: &Observations) -> UsageReport {
    let mut rows: BTreeMap<&str, QuestionUsage> = BTreeMap::new();
    let mut voted = BTreeSet::new();
    for w in &obs.workshop_questions {
        let row = rows
            .entry(&w.question_id)
            .or_insert_with(|| QuestionUsage::new(w.question_id.clone()));
        if w.round1.is_empty() {
            continue;
        }
        voted.insert(w.workshop_id);
        row.revote.of += 1;
        row.revote.count += usize::from(w.round > 1);
        let d = distribution(&w.round1);
        if d.voters >= 2 {
            row.disagreement.of += 1;
            if d.disagrees {
                row.disagreement.count += 1;
                row.disagreed_in.push(w.workshop_id);
            }
        }
        for a in &w.round1 {
            row.count(a);
        }
    }
    for a in &obs.self_answers {
        rows.entry(&a.question_id)
            .or_insert_with(|| QuestionUsage::new(a.question_id.clone()))
            .count(&a.answer);
    }
    let mut rows: Vec<QuestionUsage> = rows
        .into_values()
        // A question on a workshop's agenda that nobody answered anywhere says nothing.
        .filter(|r| r.revote.of > 0 || r.not_applicable.of > 0)
        .collect();
    let medians: Vec<Median> = RateKind::ALL
        .iter()
        .map(|&kind| {
            let values: Vec<f64> = rows
                .iter()
                .map(|r| r.rate(kind))
                .filter(|r| r.of >= kind.min_data())
                .filter_map(Rate::value)
                .collect();
            Median {
                kind,
                value: median(&values),
                questions: values.len(),
            }
        })
        .collect();
    for row in &mut rows {
        row.disagreed_in.sort_unstable();
        row.title = obs.titles.get(&row.question_id).cloned();
        row.flags = medians
            .iter()
            .filter(|m| flagged(m.kind, row.rate(m.kind), m.value))
            .map(|m| m.kind)
            .collect();
    }
    rows.sort_by(|a, b| {
        // `false < true`: flagged rows first.
        a.flags
            .is_empty()
            .cmp(&b.flags.is_empty())
            .then_with(|| by_rate_descending(a.disagreement, b.disagreement))
            .then_with(|| a.question_id.cmp(&b.question_id))
    });
    UsageReport {
        assessments: obs.assessments,
        workshops: obs.workshops,
        workshops_voted: voted.len(),
        rows,
        medians,
    }
}

/// Higher rates first; a rate of nothing after every real one.
fn by_rate_descending(a: Rate, b: Rate) -> Ordering {
    match (a.value(), b.value()) {
        (Some(x), Some(y)) => y.total_cmp(&x),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

#[cfg(test)]
mod tests {
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
    fn workshops(
        q: &str,
        first: i64,
        n: i64,
        levels: &[u8],
        round: u32,
    ) -> Vec<WorkshopObservation> {
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
}
