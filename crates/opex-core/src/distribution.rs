//! The shape of a question's votes: counts per level, median, range and
//! interquartile range, and whether the team disagrees. Shown when a workshop
//! reveals its votes, and in every summary of disagreement.

use crate::scoring::Answer;

/// Votes span at least this many levels (highest minus lowest) when the team
/// disagrees: a 2-to-4 split is a disagreement, a 3-to-4 split is not.
pub const DISAGREEMENT_SPAN: u8 = 2;

#[derive(Debug, Clone, PartialEq)]
pub struct Distribution {
    /// Votes per level, level 1 first.
    pub counts: [usize; 5],
    pub not_applicable: usize,
    pub dont_know: usize,
    /// How many level votes there are.
    pub voters: usize,
    pub median: Option<f64>,
    /// Lowest and highest level, when two or more people voted a level
    /// (spread is hidden for a single voter).
    pub range: Option<(u8, u8)>,
    /// First and third quartile (Tukey's hinges: the medians of the lower and
    /// upper halves, the middle vote left out of both when the count is odd),
    /// when two or more people voted a level.
    pub iqr: Option<(f64, f64)>,
    /// True when the levels voted span `DISAGREEMENT_SPAN` or more.
    pub disagrees: bool,
}

fn median_of(sorted: &[u8]) -> Option<f64> {
    let n = sorted.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(f64::from(sorted[n / 2])),
        _ => Some((f64::from(sorted[n / 2 - 1]) + f64::from(sorted[n / 2])) / 2.0),
    }
}

/// Describes a set of votes. N/A and don't-know are counted apart and take no
/// part in the median or the spread.
pub fn distribution(votes: &[Answer]) -> Distribution {
    let mut levels: Vec<u8> = Vec::new();
    let mut d = Distribution {
        counts: [0; 5],
        not_applicable: 0,
        dont_know: 0,
        voters: 0,
        median: None,
        range: None,
        iqr: None,
        disagrees: false,
    };
    for v in votes {
        match v {
            Answer::Level(l @ 1..=5) => {
                d.counts[usize::from(*l) - 1] += 1;
                levels.push(*l);
            }
            Answer::Level(_) => {}
            Answer::NotApplicable { .. } => d.not_applicable += 1,
            Answer::DontKnow => d.dont_know += 1,
        }
    }
    levels.sort_unstable();
    let n = levels.len();
    d.voters = n;
    d.median = median_of(&levels);
    if n >= 2 {
        let (lo, hi) = (levels[0], levels[n - 1]);
        d.range = Some((lo, hi));
        let lower = &levels[..n / 2];
        let upper = &levels[n.div_ceil(2)..];
        d.iqr = median_of(lower).zip(median_of(upper));
        d.disagrees = hi - lo >= DISAGREEMENT_SPAN;
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;
    use Answer::*;

    #[track_caller]
    fn check(
        votes: &[Answer],
        median: Option<f64>,
        range: Option<(u8, u8)>,
        iqr: Option<(f64, f64)>,
        disagrees: bool,
    ) {
        let d = distribution(votes);
        assert_eq!(
            (d.median, d.range, d.iqr, d.disagrees),
            (median, range, iqr, disagrees),
            "{votes:?}"
        );
    }

    fn na() -> Answer {
        NotApplicable {
            reason: "n/a".into(),
        }
    }

    #[test]
    fn medians_spreads_and_disagreement() {
        check(&[], None, None, None, false);
        check(&[Level(3)], Some(3.0), None, None, false);
        check(
            &[Level(2), Level(3)],
            Some(2.5),
            Some((2, 3)),
            Some((2.0, 3.0)),
            false,
        );
        check(
            &[Level(1), Level(4), Level(4), Level(4), Level(4)],
            Some(4.0),
            Some((1, 4)),
            Some((2.5, 4.0)),
            true,
        );
        check(
            &[Level(1), Level(2), Level(3), Level(4)],
            Some(2.5),
            Some((1, 4)),
            Some((1.5, 3.5)),
            true,
        );
        check(
            &[Level(3), Level(5), Level(4)],
            Some(4.0),
            Some((3, 5)),
            Some((3.0, 5.0)),
            true,
        );
        check(
            &[Level(3), Level(4), Level(3), Level(4), Level(3), Level(4)],
            Some(3.5),
            Some((3, 4)),
            Some((3.0, 4.0)),
            false,
        );
        check(&[na(), na(), DontKnow], None, None, None, false);
        check(&[na(), Level(5), DontKnow], Some(5.0), None, None, false);
    }

    #[test]
    fn counts_are_kept_per_level_and_kind() {
        let d = distribution(&[Level(1), Level(4), Level(4), na(), DontKnow, DontKnow]);
        assert_eq!(d.counts, [1, 0, 0, 2, 0]);
        assert_eq!((d.voters, d.not_applicable, d.dont_know), (3, 1, 2));
    }
}
