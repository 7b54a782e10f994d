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
mod tests;
