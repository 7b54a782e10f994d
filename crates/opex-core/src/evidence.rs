//! What an answer rests on besides its level: how widely it is true across the
//! team's services (breadth), and which of the bank's checks the team ticked
//! while discussing. Neither is folded into any score.

use crate::model::Question;
use std::collections::BTreeSet;
use std::fmt;
use std::str::FromStr;

/// For how many of the team's services an answer is true. Optional on every
/// answer and vote; shown beside the level, never part of the score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Breadth {
    One,
    Some,
    Most,
    All,
}

impl Breadth {
    pub const ALL: [Breadth; 4] = [Breadth::One, Breadth::Some, Breadth::Most, Breadth::All];

    /// The word stored in the database and used in files and the CLI.
    pub fn as_str(self) -> &'static str {
        match self {
            Breadth::One => "one",
            Breadth::Some => "some",
            Breadth::Most => "most",
            Breadth::All => "all",
        }
    }

    /// How every screen and report says it after a level: "for some services".
    pub fn phrase(self) -> &'static str {
        match self {
            Breadth::One => "for one service",
            Breadth::Some => "for some services",
            Breadth::Most => "for most services",
            Breadth::All => "for all services",
        }
    }
}

impl fmt::Display for Breadth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A breadth word that is none of one, some, most, all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a breadth: use one, some, most or all")]
pub struct UnknownBreadth(pub String);

impl FromStr for Breadth {
    type Err = UnknownBreadth;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Breadth::ALL
            .into_iter()
            .find(|b| b.as_str() == s.trim())
            .ok_or_else(|| UnknownBreadth(s.to_string()))
    }
}

/// One check of one level of a question: level 1..=5 and the check's index
/// (0-based) in that level's list.
pub type CheckRef = (u8, u8);

/// Whether `(level, index)` names a check the question has.
pub fn check_exists(question: &Question, (level, index): CheckRef) -> bool {
    level >= 1
        && question
            .levels
            .get(usize::from(level) - 1)
            .is_some_and(|l| usize::from(index) < l.checks.len())
}

/// The level the ticked checks point to, or `None` when nothing that counts is
/// ticked (or the question has no checks, as in 1.x banks).
///
/// A team is at the highest level whose checks all hold, and at every level
/// below it. Level 1's checks describe the starting point, so they never
/// decide: the answer is the highest level L ≥ 2 such that every check of
/// levels 2..=L is ticked, or level 1 when level 2's checks do not all hold
/// yet and some check is ticked. A suggestion only: the team still chooses.
pub fn level_from_checks(question: &Question, ticked: &BTreeSet<CheckRef>) -> Option<u8> {
    let counted: Vec<&CheckRef> = ticked
        .iter()
        .filter(|c| check_exists(question, **c))
        .collect();
    if counted.is_empty() {
        return None;
    }
    let mut level = 1u8;
    for (i, l) in question.levels.iter().enumerate().skip(1) {
        let n = u8::try_from(i + 1).unwrap_or(u8::MAX);
        let all = !l.checks.is_empty()
            && (0..l.checks.len())
                .all(|c| ticked.contains(&(n, u8::try_from(c).unwrap_or(u8::MAX))));
        if !all {
            break;
        }
        level = n;
    }
    Some(level)
}

/// One check of the level a team's answer stands on, and whether the team
/// ticked it while discussing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LevelCheck {
    pub text: String,
    pub ticked: bool,
}

impl crate::records::ScoredAssessment {
    /// How widely the team's answer to a question holds: what the agreed
    /// answer says, or, for a question scored from its votes alone, the lower
    /// median of the breadths the voters gave. Never part of a score.
    pub fn breadth(&self, question_id: &str) -> Option<Breadth> {
        if let Some(agreed) = self.consensus.get(question_id) {
            return agreed.response.breadth;
        }
        let mut said: Vec<Breadth> = self
            .votes
            .get(question_id)?
            .iter()
            .filter_map(|(_, v)| v.response.breadth)
            .collect();
        said.sort();
        said.get(said.len().checked_sub(1)? / 2).copied()
    }

    /// The checks of the level a question's value stands on (a median of
    /// 3.5 stands on level 3), each with whether the team ticked it. Empty
    /// when the question has no level value or its level has no checks.
    pub fn level_checks(&self, question_id: &str, value: Option<f64>) -> Vec<LevelCheck> {
        let (Some(q), Some(v)) = (self.bank.question(question_id), value) else {
            return Vec::new();
        };
        let level = v.floor().clamp(1.0, 5.0) as u8;
        let ticked = self.ticked.get(question_id);
        q.levels
            .get(usize::from(level) - 1)
            .map(|l| {
                l.checks
                    .iter()
                    .enumerate()
                    .map(|(i, text)| LevelCheck {
                        text: text.clone(),
                        ticked: ticked.is_some_and(|t| {
                            t.contains(&(level, u8::try_from(i).unwrap_or(u8::MAX)))
                        }),
                    })
                    .collect()
            })
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Level;

    fn question(checks: &[usize]) -> Question {
        let mut q = crate::default_bank().unwrap().questions[0].clone();
        q.levels = checks
            .iter()
            .enumerate()
            .map(|(i, n)| Level {
                text: format!("level {}", i + 1),
                checks: (0..*n).map(|c| format!("check {c}")).collect(),
            })
            .collect();
        q
    }

    fn ticks(t: &[CheckRef]) -> BTreeSet<CheckRef> {
        t.iter().copied().collect()
    }

    #[test]
    fn breadth_words_round_trip_and_unknown_words_are_named() {
        for b in Breadth::ALL {
            assert_eq!(b.as_str().parse::<Breadth>(), Ok(b));
        }
        assert_eq!(Breadth::Some.phrase(), "for some services");
        let e = "half".parse::<Breadth>().unwrap_err();
        assert!(e.to_string().contains("`half`"), "{e}");
    }

    #[test]
    fn the_highest_level_whose_checks_all_hold_and_all_below() {
        let q = question(&[1, 2, 1, 1, 1]);
        assert_eq!(level_from_checks(&q, &ticks(&[])), None);
        // Level 1's check alone: the starting point.
        assert_eq!(level_from_checks(&q, &ticks(&[(1, 0)])), Some(1));
        // Half of level 2 does not make level 2.
        assert_eq!(level_from_checks(&q, &ticks(&[(2, 0)])), Some(1));
        assert_eq!(level_from_checks(&q, &ticks(&[(2, 0), (2, 1)])), Some(2));
        assert_eq!(
            level_from_checks(&q, &ticks(&[(2, 0), (2, 1), (3, 0), (4, 0)])),
            Some(4)
        );
        // Level 4 without level 3 stops at 2: every level below must hold.
        assert_eq!(
            level_from_checks(&q, &ticks(&[(2, 0), (2, 1), (4, 0), (5, 0)])),
            Some(2)
        );
        assert_eq!(
            level_from_checks(&q, &ticks(&[(2, 0), (2, 1), (3, 0), (4, 0), (5, 0)])),
            Some(5)
        );
    }

    #[test]
    fn checks_the_question_does_not_have_do_not_count() {
        let q = question(&[1, 1, 1, 1, 1]);
        assert_eq!(level_from_checks(&q, &ticks(&[(2, 5), (9, 0)])), None);
        assert!(!check_exists(&q, (0, 0)));
        assert!(check_exists(&q, (5, 0)));
        // A 1.x question has no checks at all.
        let old = question(&[0, 0, 0, 0, 0]);
        assert_eq!(level_from_checks(&old, &ticks(&[(2, 0)])), None);
    }
}
