//! How much of an assessment was answered: the one definition of coverage
//! (answered ÷ applicable), the partial rule, how both are said in words, and
//! which of a team's assessments is its headline.

use crate::records::ScoredAssessment;
use crate::scoring::Score;

/// Below this share of its applicable questions answered, an assessment is
/// partial: marked as such everywhere, and never the team's headline while a
/// complete one exists.
pub const PARTIAL_BELOW_PERCENT: usize = 60;

/// How much of an assessment (or of one area) was answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct Coverage {
    /// Questions asked.
    pub asked: usize,
    /// Questions with a level: the ones every score is made of.
    pub answered: usize,
    pub not_applicable: usize,
    pub dont_know: usize,
    /// Asked and never answered (skipped in a workshop included).
    pub unanswered: usize,
}

impl Coverage {
    pub fn of(score: &Score) -> Coverage {
        Coverage {
            asked: score.contributions.len(),
            answered: score.answered,
            not_applicable: score.not_applicable,
            dont_know: score.dont_know,
            unanswered: score.unanswered,
        }
    }

    /// Questions that apply: all asked but the not-applicable ones.
    pub fn applicable(&self) -> usize {
        self.asked - self.not_applicable
    }

    /// Applicable questions without a level: don't know and unanswered.
    pub fn gaps(&self) -> usize {
        self.applicable() - self.answered
    }

    /// Answered ÷ applicable as a whole percent, rounded down so that a
    /// percent shown is never above what the partial rule saw. 100 when
    /// nothing applies.
    pub fn percent(&self) -> usize {
        match self.applicable() {
            0 => 100,
            n => self.answered * 100 / n,
        }
    }

    /// Fewer than [`PARTIAL_BELOW_PERCENT`] of the applicable questions
    /// answered, or nothing answered at all.
    pub fn is_partial(&self) -> bool {
        self.answered == 0 || self.percent() < PARTIAL_BELOW_PERCENT
    }

    /// "44 of 50 answered · 4 N/A": the count every screen, the CLI and every
    /// report show.
    pub fn label(&self) -> String {
        let mut s = format!("{} of {} answered", self.answered, self.applicable());
        if self.not_applicable > 0 {
            s.push_str(&format!(" · {} N/A", self.not_applicable));
        }
        s
    }

    /// What finishing now does to the questions without a level, or `None`
    /// when every applicable question has one.
    pub fn finish_warning(&self) -> Option<String> {
        let gaps = self.gaps();
        if gaps == 0 {
            return None;
        }
        let (n, have) = if gaps == 1 {
            ("1 question has".to_string(), "It stays")
        } else {
            (
                format!("{gaps} of {} questions have", self.applicable()),
                "They stay",
            )
        };
        let mut s = format!(
            "{n} no level. {have} out of every score, shown as gaps in coverage, and cannot be answered after finishing."
        );
        if self.is_partial() {
            s.push_str(&format!(
                " With {}% answered (below {PARTIAL_BELOW_PERCENT}%), this assessment will be marked partial: it will not replace the team's latest complete assessment in the portfolio or the leadership report.",
                self.percent()
            ));
        }
        Some(s)
    }
}

impl ScoredAssessment {
    /// The coverage of the whole assessment.
    pub fn coverage(&self) -> Coverage {
        Coverage::of(&self.scores.overall)
    }

    /// A quick pulse (any profile but the full one), as opposed to a full assessment.
    pub fn is_pulse(&self) -> bool {
        self.assessment.is_pulse()
    }

    /// The first sentence of a report on this assessment: what it was, when,
    /// and how much of it was answered, partial or not.
    pub fn coverage_sentence(&self) -> String {
        let c = self.coverage();
        let what = if self.is_pulse() {
            "quick pulse"
        } else {
            "full assessment"
        };
        let when = self.assessment.date_label();
        let counts = format!(
            "{} of {} applicable questions answered ({}%)",
            c.answered,
            c.applicable(),
            c.percent()
        );
        let na = match c.not_applicable {
            0 => String::new(),
            n => format!("; {n} not applicable"),
        };
        if c.is_partial() {
            format!(
                "A partial {what} on {when}: {counts}, below the {PARTIAL_BELOW_PERCENT}% a full picture needs{na}."
            )
        } else {
            format!("A {what} on {when}, with {counts}{na}.")
        }
    }
}

/// The assessment that stands for a team: its latest complete one that is
/// not partial, or, when every one is partial, its latest. `completed` is
/// oldest first.
pub fn headline<T: crate::card::Covered>(completed: &[T]) -> Option<&T> {
    completed
        .iter()
        .rfind(|s| !s.coverage().is_partial())
        .or_else(|| completed.last())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cov(asked: usize, answered: usize, na: usize, dk: usize) -> Coverage {
        Coverage {
            asked,
            answered,
            not_applicable: na,
            dont_know: dk,
            unanswered: asked - answered - na - dk,
        }
    }

    #[test]
    fn coverage_is_answered_over_applicable() {
        let table = [
            // (coverage, percent, partial, label)
            (cov(54, 50, 4, 0), 100, false, "50 of 50 answered · 4 N/A"),
            (cov(50, 44, 0, 2), 88, false, "44 of 50 answered"),
            (cov(13, 4, 0, 0), 30, true, "4 of 13 answered"),
            // 59.9% is partial and is shown as 59%, never 60%.
            (cov(1000, 599, 0, 0), 59, true, "599 of 1000 answered"),
            (cov(10, 6, 0, 0), 60, false, "6 of 10 answered"),
            (cov(13, 0, 0, 0), 0, true, "0 of 13 answered"),
            // Everything not applicable: nothing left to answer, but nothing
            // to score either.
            (cov(3, 0, 3, 0), 100, true, "0 of 0 answered · 3 N/A"),
        ];
        for (c, percent, partial, label) in table {
            assert_eq!(c.percent(), percent, "{c:?}");
            assert_eq!(c.is_partial(), partial, "{c:?}");
            assert_eq!(c.label(), label, "{c:?}");
        }
    }

    #[test]
    fn finishing_with_gaps_says_how_many_and_what_happens() {
        assert_eq!(cov(54, 50, 4, 0).finish_warning(), None);
        let one = cov(10, 9, 0, 1).finish_warning().unwrap_or_default();
        assert!(
            one.starts_with("1 question has no level. It stays"),
            "{one}"
        );
        assert!(!one.contains("partial"), "{one}");
        let many = cov(13, 4, 0, 0).finish_warning().unwrap_or_default();
        assert!(
            many.starts_with("9 of 13 questions have no level."),
            "{many}"
        );
        assert!(many.contains("30% answered"), "{many}");
        assert!(many.contains("marked partial"), "{many}");
    }

    fn assessment(id: i64, profile: &str, levels: usize) -> ScoredAssessment {
        use crate::records::{Assessment, AssessmentRows, StoredAnswer};
        use crate::scoring::Answer;
        let bank = crate::default_bank().unwrap_or_else(|e| panic!("{e}"));
        let assessment = Assessment {
            id,
            team_id: 1,
            team_name: "T".into(),
            bank_hash: bank.content_hash(),
            bank_id: bank.id.clone(),
            bank_version: bank.version.clone(),
            bank_title: bank.title.clone(),
            profile: profile.into(),
            started_at: chrono::Utc::now(),
            completed_at: Some(chrono::Utc::now()),
            kind: "self".into(),
            areas: None,
        };
        let consensus = assessment
            .asked(&bank)
            .iter()
            .take(levels)
            .map(|q| StoredAnswer::new(q, &Answer::Level(3), None, chrono::Utc::now()))
            .collect();
        ScoredAssessment::new(AssessmentRows {
            assessment,
            bank,
            consensus,
            votes: Vec::new(),
            tallies: Default::default(),
            skipped: Default::default(),
            participants: Vec::new(),
            ticked: Default::default(),
            checklist: Default::default(),
        })
    }

    #[test]
    fn a_partial_assessment_is_never_the_headline_over_a_complete_one() {
        let n = crate::default_bank()
            .map(|b| b.questions.len())
            .unwrap_or(0);
        let full = assessment(1, "full", n);
        let partial = assessment(2, "quick", 3);
        assert!(partial.coverage().is_partial() && partial.is_pulse());
        assert!(!full.coverage().is_partial() && !full.is_pulse());
        let ids = |c: &[ScoredAssessment]| headline(c).map(|s| s.assessment.id);
        assert_eq!(ids(&[full.clone(), partial.clone()]), Some(1));
        // A complete pulse after a full assessment is the headline.
        let pulse = assessment(3, "quick", 13);
        assert_eq!(ids(&[full.clone(), partial.clone(), pulse]), Some(3));
        // Only partial ones: the latest stands, marked partial where shown.
        let other = assessment(4, "full", 10);
        assert_eq!(ids(&[partial, other]), Some(4));
        assert_eq!(ids(&[]), None);
    }

    #[test]
    fn a_report_opens_with_what_was_assessed_and_its_coverage() {
        let n = crate::default_bank()
            .map(|b| b.questions.len())
            .unwrap_or(0);
        let full = assessment(1, "full", n);
        let day = full.assessment.date_label();
        assert_eq!(
            full.coverage_sentence(),
            format!(
                "A full assessment on {day}, with {n} of {n} applicable questions answered (100%)."
            )
        );
        assert_eq!(
            assessment(2, "quick", 3).coverage_sentence(),
            format!(
                "A partial quick pulse on {day}: 3 of 13 applicable questions answered (23%), below the 60% a full picture needs."
            )
        );
    }
}
