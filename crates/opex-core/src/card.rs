//! An assessment's score card: the few figures that a list of assessments, a
//! portfolio and a trend show (the overall score, each area's mean, the
//! coverage and how many people took part), made from the scored assessment
//! by one function, [`ScoredAssessment::card`]. The store keeps the card of
//! each completed assessment, whose answers no longer change, so that those
//! views need not read every vote of every assessment again; the card is
//! still derived, and a kept one is only ever a copy of what `card` returns.

use crate::coverage::Coverage;
use crate::records::{Assessment, ScoredAssessment};
use serde::{Deserialize, Serialize};

/// What a kept card was made by. Bump it when scoring or the card changes:
/// the store makes cards of another version again.
pub const CARD_VERSION: i64 = 1;

/// The figures of one scored assessment that lists and trends show.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScoreCard {
    pub overall: Option<f64>,
    /// Each area of the bank, in its order, with its mean.
    pub areas: Vec<(String, Option<f64>)>,
    pub coverage: Coverage,
    /// The voters, or one for a self-assessment with any answer.
    pub people: usize,
}

impl ScoreCard {
    /// The mean of area `id`, when it has one.
    pub fn area(&self, id: &str) -> Option<f64> {
        self.areas
            .iter()
            .find(|(a, _)| a == id)
            .and_then(|(_, m)| *m)
    }
}

impl ScoredAssessment {
    /// This assessment's score card: the one place its figures for lists,
    /// portfolios and trends are taken from.
    pub fn card(&self) -> ScoreCard {
        ScoreCard {
            overall: self.scores.overall.mean,
            areas: self
                .scores
                .areas
                .iter()
                .map(|(id, s)| (id.clone(), s.mean))
                .collect(),
            coverage: self.coverage(),
            people: self.people(),
        }
    }
}

/// An assessment with its score card, as a list of assessments holds it.
#[derive(Debug, Clone, PartialEq)]
pub struct Listed {
    pub assessment: Assessment,
    pub card: ScoreCard,
}

impl Listed {
    /// A quick pulse (any profile but the full one), as
    /// [`ScoredAssessment::is_pulse`] says.
    pub fn is_pulse(&self) -> bool {
        self.assessment.is_pulse()
    }
}

/// What has a coverage: an assessment scored in full, or listed with its card.
pub trait Covered {
    fn coverage(&self) -> Coverage;
}

impl Covered for ScoredAssessment {
    fn coverage(&self) -> Coverage {
        ScoredAssessment::coverage(self)
    }
}

impl Covered for Listed {
    fn coverage(&self) -> Coverage {
        self.card.coverage
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_card_survives_its_json_exactly() {
        let card = ScoreCard {
            overall: Some(2.0 / 3.0 + 1.0),
            areas: vec![("a".into(), Some(0.1 + 0.2)), ("b".into(), None)],
            coverage: Coverage {
                asked: 54,
                answered: 50,
                not_applicable: 3,
                dont_know: 1,
                unanswered: 0,
            },
            people: 12,
        };
        let back: ScoreCard = serde_json::from_str(&serde_json::to_string(&card).unwrap()).unwrap();
        assert_eq!(back, card);
        assert_eq!(back.area("a"), Some(0.1 + 0.2));
        assert_eq!(back.area("b"), None);
        assert_eq!(back.area("nope"), None);
    }
}
