//! Lines up the questions of two assessments so that a change is measured on
//! like for like: across profiles (a quick pulse against a full assessment) and
//! across bank versions (a question that `replaces` an older one continues it).

use crate::model::Bank;
use crate::scoring::QuestionScore;
use std::collections::HashMap;

/// One current question and what it is compared with.
#[derive(Debug, Clone, PartialEq)]
pub struct QuestionPair {
    pub current: String,
    /// The earlier questions it continues: its own id, or those it replaces.
    pub previous: Vec<String>,
    /// True when the question's meaning may have moved: it replaces another, or
    /// its prompt or levels were edited under the same id.
    pub changed: bool,
}

/// Pairs each question `current_asked` with what `previous_asked` asked.
/// Questions with nothing to compare with are left out.
pub fn pair_questions(
    current: &Bank,
    current_asked: &[String],
    previous: &Bank,
    previous_asked: &[String],
) -> Vec<QuestionPair> {
    current_asked
        .iter()
        .filter_map(|id| current.question(id))
        .filter_map(|q| {
            if previous_asked.contains(&q.id) {
                let before = previous.question(&q.id)?;
                // Checks clarify a level; a change to the prompt or a level's summary is
                // what breaks the trend.
                let changed = before.prompt != q.prompt
                    || before
                        .levels
                        .iter()
                        .map(|l| &l.text)
                        .ne(q.levels.iter().map(|l| &l.text));
                return Some(QuestionPair {
                    current: q.id.clone(),
                    previous: vec![q.id.clone()],
                    changed,
                });
            }
            let replaced: Vec<String> = q
                .replaces
                .iter()
                .filter(|old| previous_asked.contains(old))
                .cloned()
                .collect();
            (!replaced.is_empty()).then(|| QuestionPair {
                current: q.id.clone(),
                previous: replaced,
                changed: true,
            })
        })
        .collect()
}

/// The change over a group of current questions, measured only on questions
/// that have a value in both assessments.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupChange {
    /// Mean of the current values of the compared questions.
    pub current: Option<f64>,
    /// Mean of the previous values of the same questions.
    pub previous: Option<f64>,
    /// How many questions were compared.
    pub compared: usize,
    /// Ids of compared questions whose meaning may have moved.
    pub changed: Vec<String>,
}

impl GroupChange {
    /// The change as it is shown, when something was answered both times.
    pub fn change(&self) -> Option<Change> {
        Some(Change::between(
            self.previous?,
            self.current?,
            self.compared,
        ))
    }
}

/// A score as it is shown: to one decimal.
pub fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// A change as every screen and report shows it: the before and after it was
/// measured on (the questions answered in both assessments), each to one
/// decimal as displayed, and their difference, so that a change shown beside
/// two scores is always their difference.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Change {
    /// The earlier score on the compared questions.
    pub before: f64,
    /// The later score on the same questions.
    pub after: f64,
    /// `after - before`, exactly as shown.
    pub delta: f64,
    /// How many questions the change was measured on.
    pub compared: usize,
    /// At least the minimum change for that many questions; otherwise noise.
    pub real: bool,
}

impl Change {
    /// The one function that makes a (before, after, change) triple.
    pub fn between(before: f64, after: f64, compared: usize) -> Change {
        let (before, after) = (round1(before), round1(after));
        let delta = round1(after - before);
        Change {
            before,
            after,
            delta,
            compared,
            real: is_real(delta, compared),
        }
    }
}

fn mean(values: impl Iterator<Item = f64>) -> Option<f64> {
    let (n, sum) = values.fold((0usize, 0.0), |(n, s), v| (n + 1, s + v));
    (n > 0).then(|| sum / n as f64)
}

/// Compares the questions of `group` (current ids) using `pairs` and the
/// question scores of both assessments.
pub fn group_change(
    group: &[&str],
    pairs: &[QuestionPair],
    current: &[QuestionScore],
    previous: &[QuestionScore],
) -> GroupChange {
    let cur: HashMap<&str, f64> = current
        .iter()
        .filter_map(|s| Some((s.question_id.as_str(), s.value?)))
        .collect();
    let prev: HashMap<&str, f64> = previous
        .iter()
        .filter_map(|s| Some((s.question_id.as_str(), s.value?)))
        .collect();
    let mut both = Vec::new();
    for p in pairs.iter().filter(|p| group.contains(&p.current.as_str())) {
        let before = mean(
            p.previous
                .iter()
                .filter_map(|id| prev.get(id.as_str()).copied()),
        );
        if let (Some(now), Some(before)) = (cur.get(p.current.as_str()).copied(), before) {
            both.push((p, now, before));
        }
    }
    GroupChange {
        current: mean(both.iter().map(|(_, c, _)| *c)),
        previous: mean(both.iter().map(|(_, _, p)| *p)),
        compared: both.len(),
        changed: both
            .iter()
            .filter(|(p, _, _)| p.changed)
            .map(|(p, _, _)| p.current.clone())
            .collect(),
    }
}

/// The smallest change in an area's score that is called an improvement or a
/// regression. Answers are whole levels, so an area measured on one question
/// moves in steps of a level (a median of votes in half levels): a change
/// under half a level there is noise. Over two or more questions a quarter of a
/// level is the smallest change worth a word.
pub fn min_change(compared: usize) -> f64 {
    if compared <= 1 { 0.5 } else { 0.25 }
}

/// Whether a change measured on `compared` questions is more than noise.
pub fn is_real(delta: f64, compared: usize) -> bool {
    compared > 0 && delta.abs() + 1e-9 >= min_change(compared)
}

/// One question's value in two assessments.
#[derive(Debug, Clone, PartialEq)]
pub struct QuestionChange {
    pub question: String,
    /// The earlier question(s) it was compared with.
    pub previous_ids: Vec<String>,
    pub before: f64,
    pub after: f64,
    pub changed_wording: bool,
}

impl QuestionChange {
    pub fn delta(&self) -> f64 {
        self.after - self.before
    }
}

/// Everything two assessments have to say to each other, question by question.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    /// Questions answered in both, in the later assessment's order.
    pub questions: Vec<QuestionChange>,
    /// Improved by at least a level... sorted by size, largest first.
    pub improved: Vec<QuestionChange>,
    pub regressed: Vec<QuestionChange>,
    /// Asked in the later assessment only.
    pub new: Vec<String>,
    /// Asked in the earlier assessment only (and not replaced).
    pub dropped: Vec<String>,
}

/// Compares two assessments' question values. `before`/`after` are each
/// assessment's question scores; only questions with a value in both count.
pub fn compare(
    earlier: (&Bank, &[String], &[QuestionScore]),
    later: (&Bank, &[String], &[QuestionScore]),
) -> Comparison {
    let pairs = pair_questions(later.0, later.1, earlier.0, earlier.1);
    let value = |scores: &[QuestionScore], id: &str| {
        scores
            .iter()
            .find(|s| s.question_id == id)
            .and_then(|s| s.value)
    };
    let questions: Vec<QuestionChange> = pairs
        .iter()
        .filter_map(|p| {
            let after = value(later.2, &p.current)?;
            let before = mean(p.previous.iter().filter_map(|id| value(earlier.2, id)))?;
            Some(QuestionChange {
                question: p.current.clone(),
                previous_ids: p.previous.clone(),
                before,
                after,
                changed_wording: p.changed,
            })
        })
        .collect();
    let mut improved: Vec<QuestionChange> = questions
        .iter()
        .filter(|q| is_real(q.delta(), 1) && q.delta() > 0.0)
        .cloned()
        .collect();
    let mut regressed: Vec<QuestionChange> = questions
        .iter()
        .filter(|q| is_real(q.delta(), 1) && q.delta() < 0.0)
        .cloned()
        .collect();
    improved.sort_by(|a, b| b.delta().total_cmp(&a.delta()));
    regressed.sort_by(|a, b| a.delta().total_cmp(&b.delta()));
    let continued: Vec<&String> = pairs.iter().flat_map(|p| &p.previous).collect();
    let new = later
        .1
        .iter()
        .filter(|id| !pairs.iter().any(|p| &p.current == *id))
        .cloned()
        .collect();
    let dropped = earlier
        .1
        .iter()
        .filter(|id| !continued.contains(id))
        .cloned()
        .collect();
    Comparison {
        questions,
        improved,
        regressed,
        new,
        dropped,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scoring::ValueSource;

    fn bank() -> Bank {
        crate::default_bank().unwrap_or_else(|e| panic!("{e}"))
    }

    fn scores(values: &[(&str, f64)]) -> Vec<QuestionScore> {
        values
            .iter()
            .map(|(id, v)| QuestionScore {
                question_id: id.to_string(),
                value: Some(*v),
                source: ValueSource::Consensus,
                spread: None,
            })
            .collect()
    }

    fn ids(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a_quick_pulse_is_compared_on_its_own_questions() {
        let b = bank();
        let full: Vec<String> = b.questions.iter().map(|q| q.id.clone()).collect();
        let quick = ids(&["OPS-CODE-01"]);
        let pairs = pair_questions(&b, &quick, &b, &full);
        assert_eq!(pairs.len(), 1);
        let prev = scores(&[("OPS-CODE-01", 2.0), ("OPS-CODE-02", 5.0)]);
        let now = scores(&[("OPS-CODE-01", 3.0)]);
        let c = group_change(&["OPS-CODE-01", "OPS-CODE-02"], &pairs, &now, &prev);
        assert_eq!(
            (c.current, c.previous, c.compared),
            (Some(3.0), Some(2.0), 1)
        );
        assert_eq!(c.change().map(|c| c.delta), Some(1.0));
        assert!(c.changed.is_empty());
    }

    #[test]
    fn a_replacing_question_continues_the_old_one_and_is_marked() {
        let old = bank();
        let mut new = old.clone();
        let q = new
            .questions
            .iter_mut()
            .find(|q| q.id == "OPS-CODE-01")
            .unwrap_or_else(|| panic!("no OPS-CODE-01"));
        q.id = "OPS-CODE-07".into();
        q.replaces = vec!["OPS-CODE-01".into()];
        let edited = new
            .questions
            .iter_mut()
            .find(|q| q.id == "OPS-CODE-02")
            .unwrap_or_else(|| panic!("no OPS-CODE-02"));
        edited.prompt.push_str(" (reworded)");
        let pairs = pair_questions(
            &new,
            &ids(&["OPS-CODE-07", "OPS-CODE-02", "OPS-CODE-03"]),
            &old,
            &ids(&["OPS-CODE-01", "OPS-CODE-02"]),
        );
        assert_eq!(
            pairs,
            vec![
                QuestionPair {
                    current: "OPS-CODE-07".into(),
                    previous: ids(&["OPS-CODE-01"]),
                    changed: true
                },
                QuestionPair {
                    current: "OPS-CODE-02".into(),
                    previous: ids(&["OPS-CODE-02"]),
                    changed: true
                },
            ]
        );
        let c = group_change(
            &["OPS-CODE-07", "OPS-CODE-02", "OPS-CODE-03"],
            &pairs,
            &scores(&[
                ("OPS-CODE-07", 4.0),
                ("OPS-CODE-02", 4.0),
                ("OPS-CODE-03", 1.0),
            ]),
            &scores(&[("OPS-CODE-01", 2.0), ("OPS-CODE-02", 3.0)]),
        );
        assert_eq!(
            (c.current, c.previous, c.compared),
            (Some(4.0), Some(2.5), 2)
        );
        assert_eq!(c.changed, ids(&["OPS-CODE-07", "OPS-CODE-02"]));
    }

    #[test]
    fn the_minimum_change_rule() {
        assert!(!is_real(0.4, 1) && is_real(0.5, 1) && is_real(-1.0, 1));
        assert!(!is_real(0.2, 6) && is_real(0.25, 6) && is_real(-0.3, 2));
        assert!(!is_real(2.0, 0), "nothing compared, nothing changed");
    }

    #[test]
    fn a_comparison_lists_improved_regressed_new_and_dropped() {
        let old = bank();
        let mut new = old.clone();
        let q = new
            .questions
            .iter_mut()
            .find(|q| q.id == "OPS-CODE-01")
            .unwrap_or_else(|| panic!("no OPS-CODE-01"));
        q.id = "OPS-CODE-07".into();
        q.replaces = vec!["OPS-CODE-01".into()];
        let before_ids = ids(&["OPS-CODE-01", "OPS-CODE-02", "OPS-CODE-03", "OPS-CODE-04"]);
        let after_ids = ids(&["OPS-CODE-07", "OPS-CODE-02", "OPS-CODE-03", "OPS-CODE-05"]);
        let before = scores(&[
            ("OPS-CODE-01", 2.0),
            ("OPS-CODE-02", 4.0),
            ("OPS-CODE-03", 3.0),
            ("OPS-CODE-04", 1.0),
        ]);
        let after = scores(&[
            ("OPS-CODE-07", 4.0),
            ("OPS-CODE-02", 2.5),
            ("OPS-CODE-03", 3.0),
            ("OPS-CODE-05", 5.0),
        ]);
        let c = compare((&old, &before_ids, &before), (&new, &after_ids, &after));
        assert_eq!(
            c.questions.len(),
            3,
            "OPS-CODE-07 continues OPS-CODE-01; 02 and 03 are in both"
        );
        assert_eq!(
            c.improved
                .iter()
                .map(|q| q.question.as_str())
                .collect::<Vec<_>>(),
            ["OPS-CODE-07"]
        );
        assert!(c.improved[0].changed_wording);
        assert_eq!(
            c.regressed
                .iter()
                .map(|q| (q.question.as_str(), q.delta()))
                .collect::<Vec<_>>(),
            [("OPS-CODE-02", -1.5)]
        );
        assert_eq!(c.new, ids(&["OPS-CODE-05"]));
        assert_eq!(c.dropped, ids(&["OPS-CODE-04"]));
    }

    #[test]
    fn a_question_unanswered_either_time_is_not_compared() {
        let b = bank();
        let asked = ids(&["OPS-CODE-01", "OPS-CODE-02"]);
        let pairs = pair_questions(&b, &asked, &b, &asked);
        let c = group_change(
            &["OPS-CODE-01", "OPS-CODE-02"],
            &pairs,
            &scores(&[("OPS-CODE-01", 3.0), ("OPS-CODE-02", 5.0)]),
            &scores(&[("OPS-CODE-01", 1.0)]),
        );
        assert_eq!(
            (c.current, c.previous, c.compared),
            (Some(3.0), Some(1.0), 1)
        );
    }
}
