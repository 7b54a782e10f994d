//! Derives scores from answers: per question, area, phase and overall. Scores are
//! never stored; every score carries the questions that produced it, so the app
//! can say why an area has the score it has.

use crate::model::{Bank, Phase};
use std::collections::HashMap;

/// One answer, by a participant (a vote) or by the team (the consensus).
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    /// A maturity level, 1..=5.
    Level(u8),
    /// The question does not apply to this team, and why.
    NotApplicable { reason: String },
    /// Nobody present knows.
    DontKnow,
}

/// An answer as a person gives it: the answer plus an optional note, and for
/// how many of the team's services it is true (never part of the score).
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    pub answer: Answer,
    pub note: Option<String>,
    pub breadth: Option<crate::evidence::Breadth>,
}

impl From<&Answer> for Response {
    fn from(answer: &Answer) -> Response {
        Response::of(answer.clone())
    }
}

impl Response {
    /// An answer with no note and no breadth.
    pub fn of(answer: Answer) -> Response {
        Response {
            answer,
            note: None,
            breadth: None,
        }
    }
}

impl Answer {
    /// Checks what the type cannot: a level is 1..=5 and N/A carries a reason.
    pub fn validate(&self) -> Result<(), crate::error::InvalidAnswer> {
        match self {
            Answer::Level(l) if !(1..=5).contains(l) => {
                Err(crate::error::InvalidAnswer::LevelOutOfRange(*l))
            }
            Answer::NotApplicable { reason } if reason.trim().is_empty() => {
                Err(crate::error::InvalidAnswer::MissingReason)
            }
            _ => Ok(()),
        }
    }
}

/// Everything recorded for one question of one assessment.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct QuestionAnswers {
    /// What the team agreed, when it has agreed.
    pub consensus: Option<Answer>,
    /// Each participant's vote.
    pub votes: Vec<Answer>,
}

/// Where a question's team value came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueSource {
    /// The agreed consensus level.
    Consensus,
    /// No consensus: the median of this many level votes.
    MedianOfVotes(usize),
    /// Left out of the denominator: the question does not apply.
    NotApplicable,
    /// Left out of the denominator: nobody knew.
    DontKnow,
    /// Not answered yet.
    Unanswered,
}

/// One question's contribution to a score.
#[derive(Debug, Clone, PartialEq)]
pub struct QuestionScore {
    pub question_id: String,
    /// The team value, 1.0..=5.0, when the question counts.
    pub value: Option<f64>,
    pub source: ValueSource,
    /// Lowest and highest level voted, when two or more people voted a level.
    pub spread: Option<(u8, u8)>,
}

/// A score over a group of questions, with what it is made of.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Score {
    /// The mean of the counted question values, 1.0..=5.0; `None` when none counts.
    pub mean: Option<f64>,
    /// Questions with a value.
    pub answered: usize,
    /// Questions that apply (all but N/A).
    pub applicable: usize,
    pub not_applicable: usize,
    pub dont_know: usize,
    pub unanswered: usize,
    /// Every question of the group, in bank order.
    pub contributions: Vec<QuestionScore>,
}

impl Score {
    /// Answered over applicable, 0.0..=1.0 (1.0 when nothing applies).
    pub fn coverage(&self) -> f64 {
        if self.applicable == 0 {
            1.0
        } else {
            self.answered as f64 / self.applicable as f64
        }
    }

    fn from_contributions(contributions: Vec<QuestionScore>) -> Score {
        let mut s = Score::default();
        let mut sum = 0.0;
        for c in &contributions {
            match c.source {
                ValueSource::NotApplicable => s.not_applicable += 1,
                ValueSource::DontKnow => s.dont_know += 1,
                ValueSource::Unanswered => s.unanswered += 1,
                ValueSource::Consensus | ValueSource::MedianOfVotes(_) => {}
            }
            if let Some(v) = c.value {
                s.answered += 1;
                sum += v;
            }
        }
        s.applicable = contributions.len() - s.not_applicable;
        s.mean = (s.answered > 0).then(|| sum / s.answered as f64);
        s.contributions = contributions;
        s
    }
}

/// The scores of one assessment.
#[derive(Debug, Clone, PartialEq)]
pub struct Scores {
    pub overall: Score,
    /// One per bank area, in bank order.
    pub areas: Vec<(String, Score)>,
    /// One per phase, in cycle order.
    pub phases: Vec<(Phase, Score)>,
}

impl Scores {
    pub fn area(&self, id: &str) -> Option<&Score> {
        self.areas.iter().find(|(a, _)| a == id).map(|(_, s)| s)
    }
}

/// The team value of one question.
pub fn question_score(question_id: &str, answers: Option<&QuestionAnswers>) -> QuestionScore {
    let empty = QuestionAnswers::default();
    let a = answers.unwrap_or(&empty);
    let d = crate::distribution::distribution(&a.votes);
    let (value, source) = match (&a.consensus, d.median) {
        (Some(Answer::Level(l)), _) => (Some(f64::from(*l)), ValueSource::Consensus),
        (Some(Answer::NotApplicable { .. }), _) => (None, ValueSource::NotApplicable),
        (Some(Answer::DontKnow), _) => (None, ValueSource::DontKnow),
        (None, Some(m)) => (Some(m), ValueSource::MedianOfVotes(d.voters)),
        (None, None) if d.not_applicable > 0 => (None, ValueSource::NotApplicable),
        (None, None) if d.dont_know > 0 => (None, ValueSource::DontKnow),
        (None, None) => (None, ValueSource::Unanswered),
    };
    QuestionScore {
        question_id: question_id.to_string(),
        value,
        source,
        spread: d.range,
    }
}

/// Scores the questions `asked` (a profile's, or all) of `bank` from `answers`,
/// keyed by question id.
pub fn score(bank: &Bank, asked: &[&str], answers: &HashMap<String, QuestionAnswers>) -> Scores {
    let asked: Vec<&crate::model::Question> = bank
        .questions
        .iter()
        .filter(|q| asked.contains(&q.id.as_str()))
        .collect();
    let per_q: Vec<(&crate::model::Question, QuestionScore)> = asked
        .iter()
        .map(|q| (*q, question_score(&q.id, answers.get(&q.id))))
        .collect();
    let group = |keep: &dyn Fn(&crate::model::Question) -> bool| {
        Score::from_contributions(
            per_q
                .iter()
                .filter(|(q, _)| keep(q))
                .map(|(_, s)| s.clone())
                .collect(),
        )
    };
    Scores {
        overall: group(&|_| true),
        // A lens pillar whose questions are all checklists (scored as risks,
        // `risks`) has no maturity score to show.
        areas: bank
            .areas
            .iter()
            .filter(|a| {
                a.kind != crate::model::AreaKind::Pillar
                    || per_q.iter().any(|(q, _)| q.area == a.id)
            })
            .map(|a| (a.id.clone(), group(&|q| q.area == a.id)))
            .collect(),
        phases: Phase::ALL
            .iter()
            .map(|&p| (p, group(&|q| q.phase == Some(p))))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Answer::*;

    fn na() -> Answer {
        NotApplicable {
            reason: "no such thing here".into(),
        }
    }

    #[track_caller]
    fn check(
        consensus: Option<Answer>,
        votes: &[Answer],
        value: Option<f64>,
        source: ValueSource,
        spread: Option<(u8, u8)>,
    ) {
        let qa = QuestionAnswers {
            consensus,
            votes: votes.to_vec(),
        };
        let s = question_score("Q", Some(&qa));
        assert_eq!((s.value, s.source, s.spread), (value, source, spread));
    }

    #[test]
    fn question_values() {
        use ValueSource as V;
        check(None, &[], None, V::Unanswered, None);
        check(Some(Level(3)), &[], Some(3.0), V::Consensus, None);
        check(
            Some(Level(2)),
            &[Level(4), Level(5)],
            Some(2.0),
            V::Consensus,
            Some((4, 5)),
        );
        check(None, &[Level(4)], Some(4.0), V::MedianOfVotes(1), None);
        check(
            None,
            &[Level(1), Level(5), Level(3)],
            Some(3.0),
            V::MedianOfVotes(3),
            Some((1, 5)),
        );
        check(
            None,
            &[Level(2), Level(3)],
            Some(2.5),
            V::MedianOfVotes(2),
            Some((2, 3)),
        );
        check(
            None,
            &[Level(2), na(), DontKnow, Level(4)],
            Some(3.0),
            V::MedianOfVotes(2),
            Some((2, 4)),
        );
        check(None, &[na(), DontKnow], None, V::NotApplicable, None);
        check(None, &[DontKnow], None, V::DontKnow, None);
        check(
            Some(na()),
            &[Level(3), Level(3)],
            None,
            V::NotApplicable,
            Some((3, 3)),
        );
        check(Some(DontKnow), &[Level(3)], None, V::DontKnow, None);
    }

    fn bank() -> Bank {
        crate::default_bank().unwrap()
    }

    #[track_caller]
    fn check_group(
        answers: &[(&str, Option<Answer>)],
        area: &str,
        mean: Option<f64>,
        counts: (usize, usize, usize, usize, usize),
    ) {
        let bank = bank();
        let map: HashMap<String, QuestionAnswers> = answers
            .iter()
            .map(|(id, a)| {
                (
                    id.to_string(),
                    QuestionAnswers {
                        consensus: a.clone(),
                        votes: vec![],
                    },
                )
            })
            .collect();
        let all: Vec<&str> = bank.questions.iter().map(|q| q.id.as_str()).collect();
        let scores = score(&bank, &all, &map);
        let s = scores.area(area).unwrap();
        assert_eq!(s.mean, mean, "mean of {area}");
        assert_eq!(
            (
                s.answered,
                s.applicable,
                s.not_applicable,
                s.dont_know,
                s.unanswered
            ),
            counts
        );
        let n = bank.questions.iter().filter(|q| q.area == area).count();
        assert_eq!(
            s.contributions.len(),
            n,
            "every question of {area} is listed"
        );
    }

    #[test]
    fn area_scores_leave_na_and_dont_know_out_of_the_mean() {
        let bank = bank();
        let ids: Vec<&str> = bank
            .questions
            .iter()
            .filter(|q| q.area == "ops-as-code")
            .map(|q| q.id.as_str())
            .collect();
        let n = ids.len();
        assert!(
            n >= 3,
            "the default bank has at least three ops-as-code questions"
        );
        check_group(&[], "ops-as-code", None, (0, n, 0, 0, n));
        check_group(
            &[(ids[0], Some(Level(4)))],
            "ops-as-code",
            Some(4.0),
            (1, n, 0, 0, n - 1),
        );
        check_group(
            &[
                (ids[0], Some(Level(4))),
                (ids[1], Some(Level(1))),
                (ids[2], Some(na())),
            ],
            "ops-as-code",
            Some(2.5),
            (2, n - 1, 1, 0, n - 3),
        );
        check_group(
            &[(ids[0], Some(Level(5))), (ids[1], Some(DontKnow))],
            "ops-as-code",
            Some(5.0),
            (1, n, 0, 1, n - 2),
        );
    }

    #[test]
    fn coverage_is_answered_over_applicable() {
        let s = Score {
            answered: 3,
            applicable: 4,
            ..Default::default()
        };
        assert_eq!(s.coverage(), 0.75);
        let s = Score {
            answered: 0,
            applicable: 0,
            not_applicable: 2,
            ..Default::default()
        };
        assert_eq!(s.coverage(), 1.0);
    }

    #[test]
    fn overall_and_phase_means_use_question_values() {
        let bank = bank();
        let all: Vec<&str> = bank.questions.iter().map(|q| q.id.as_str()).collect();
        let mut map = HashMap::new();
        for (i, q) in bank.questions.iter().enumerate() {
            let level = (i % 5) as u8 + 1;
            map.insert(
                q.id.clone(),
                QuestionAnswers {
                    consensus: Some(Level(level)),
                    votes: vec![],
                },
            );
        }
        let scores = score(&bank, &all, &map);
        let expect: f64 = bank
            .questions
            .iter()
            .enumerate()
            .map(|(i, _)| (i % 5) as f64 + 1.0)
            .sum::<f64>()
            / bank.questions.len() as f64;
        assert!((scores.overall.mean.unwrap() - expect).abs() < 1e-9);
        assert_eq!(scores.overall.coverage(), 1.0);
        for (phase, s) in &scores.phases {
            let n = bank
                .questions
                .iter()
                .filter(|q| q.phase == Some(*phase))
                .count();
            assert_eq!(s.answered, n, "{phase:?}");
        }
    }

    #[test]
    fn a_profile_scores_only_its_questions() {
        let bank = bank();
        let first = bank.questions[0].id.as_str();
        let map = HashMap::from([(
            first.to_string(),
            QuestionAnswers {
                consensus: Some(Level(5)),
                votes: vec![],
            },
        )]);
        let scores = score(&bank, &[first], &map);
        assert_eq!(scores.overall.contributions.len(), 1);
        assert_eq!(scores.overall.mean, Some(5.0));
        assert_eq!(scores.overall.coverage(), 1.0);
    }
}
