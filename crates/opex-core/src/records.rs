//! The records of a team's assessments as opex keeps them (teams, assessments,
//! participants, stored answers) and the scored assessment built from them:
//! plain data, loaded by the store and read by every view.

use crate::evidence::CheckRef;
use crate::scoring::{Answer, QuestionAnswers, Response, Scores};
use crate::{Bank, score};
use chrono::{DateTime, Utc};
use std::collections::{BTreeSet, HashMap, HashSet};

#[derive(Debug, Clone, PartialEq)]
pub struct Team {
    pub id: i64,
    pub name: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Assessment {
    pub id: i64,
    pub team_id: i64,
    pub team_name: String,
    pub bank_hash: String,
    pub bank_id: String,
    pub bank_version: String,
    pub bank_title: String,
    pub profile: String,
    pub started_at: DateTime<Utc>,
    pub completed_at: Option<DateTime<Utc>>,
    /// "self" (one lead or a small group answering) or "workshop" (votes, then consensus).
    pub kind: String,
    /// The areas a workshop was limited to; `None` for every area of the profile.
    pub areas: Option<Vec<String>>,
}

impl Assessment {
    /// A quick pulse (any profile but the full one), as opposed to a full assessment.
    pub fn is_pulse(&self) -> bool {
        self.profile != "full"
    }

    pub fn is_complete(&self) -> bool {
        self.completed_at.is_some()
    }

    pub fn is_workshop(&self) -> bool {
        self.kind == "workshop"
    }

    /// "27 Nov 2026": how an assessment is named on every screen and report.
    pub fn date_label(&self) -> String {
        self.started_at.format("%-d %b %Y").to_string()
    }

    /// The question ids this assessment asks, in order: its profile's,
    /// limited to its areas.
    pub fn asked(&self, bank: &Bank) -> Vec<String> {
        bank.profile_questions(&self.profile)
            .iter()
            .filter(|q| {
                self.areas
                    .as_ref()
                    .is_none_or(|areas| areas.contains(&q.area))
            })
            .map(|q| q.id.clone())
            .collect()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Participant {
    pub id: i64,
    pub assessment_id: i64,
    pub name: String,
}

/// A bank kept in the database: one an assessment ran against, or one imported.
#[derive(Debug, Clone, PartialEq)]
pub struct BankInfo {
    pub hash: String,
    pub bank_id: String,
    pub version: String,
    pub title: String,
    pub imported_at: Option<DateTime<Utc>>,
}

/// An answer as stored: who gave it is implied by where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredAnswer {
    pub question_id: String,
    pub response: Response,
    pub updated_at: DateTime<Utc>,
}

impl StoredAnswer {
    /// An answer as it was kept: its note already cleaned.
    pub fn new(
        question_id: &str,
        answer: &Answer,
        note: Option<String>,
        at: DateTime<Utc>,
    ) -> Self {
        StoredAnswer {
            question_id: question_id.to_string(),
            response: Response {
                answer: answer.clone(),
                note,
                breadth: None,
            },
            updated_at: at,
        }
    }

    /// The same answer, said to hold for `breadth` of the team's services.
    pub fn with_breadth(mut self, breadth: Option<crate::evidence::Breadth>) -> Self {
        self.response.breadth = breadth;
        self
    }
}

/// An assessment with its bank, its answers and the scores derived from them.
#[derive(Debug, Clone)]
pub struct ScoredAssessment {
    pub assessment: Assessment,
    /// The bank as it was when the assessment ran.
    pub bank: Bank,
    /// The ids of the questions asked (the profile's), in order.
    pub asked: Vec<String>,
    /// Consensus answers by question id.
    pub consensus: HashMap<String, StoredAnswer>,
    /// Votes by question id.
    pub votes: HashMap<String, Vec<(i64, StoredAnswer)>>,
    pub participants: Vec<Participant>,
    /// The checks the team ticked, by question id (see `evidence`).
    pub ticked: HashMap<String, BTreeSet<CheckRef>>,
    /// The choices ticked on each answered checklist question (see `risks`).
    pub checklist: HashMap<String, BTreeSet<String>>,
    /// The most votes any one question had in its current round, tallies
    /// included: how many people took part.
    pub voters: usize,
    pub scores: Scores,
}

/// What the store read for one assessment, before scoring.
#[derive(Debug, Clone)]
pub struct AssessmentRows {
    pub assessment: Assessment,
    pub bank: Bank,
    pub consensus: Vec<StoredAnswer>,
    /// Current-round votes as (participant id, answer).
    pub votes: Vec<(i64, StoredAnswer)>,
    /// Current-round anonymous tallies, expanded to one answer per vote.
    pub tallies: HashMap<String, Vec<Answer>>,
    /// Questions a workshop skipped: asked, but not scored.
    pub skipped: HashSet<String>,
    pub participants: Vec<Participant>,
    /// The checks the team ticked, by question id.
    pub ticked: HashMap<String, BTreeSet<CheckRef>>,
    /// The choices ticked on each answered checklist question.
    pub checklist: HashMap<String, BTreeSet<String>>,
}

impl ScoredAssessment {
    /// Scores what was read: each asked, unskipped question's consensus and
    /// current-round votes (named and tallied alike).
    pub fn new(rows: AssessmentRows) -> ScoredAssessment {
        let AssessmentRows {
            assessment,
            bank,
            consensus,
            votes: vote_rows,
            tallies,
            skipped,
            participants,
            ticked,
            checklist,
        } = rows;
        let asked = assessment.asked(&bank);
        let consensus: HashMap<String, StoredAnswer> = consensus
            .into_iter()
            .map(|a| (a.question_id.clone(), a))
            .collect();
        let mut votes: HashMap<String, Vec<(i64, StoredAnswer)>> = HashMap::new();
        for (pid, v) in vote_rows {
            votes
                .entry(v.question_id.clone())
                .or_default()
                .push((pid, v));
        }
        let mut voters = 0usize;
        let mut answers: HashMap<String, QuestionAnswers> = HashMap::new();
        for id in asked.iter().filter(|id| !skipped.contains(*id)) {
            let mut round: Vec<Answer> = votes
                .get(id)
                .map(|vs| vs.iter().map(|(_, v)| v.response.answer.clone()).collect())
                .unwrap_or_default();
            round.extend(tallies.get(id).into_iter().flatten().cloned());
            voters = voters.max(round.len());
            answers.insert(
                id.clone(),
                QuestionAnswers {
                    consensus: consensus.get(id).map(|a| a.response.answer.clone()),
                    votes: round,
                },
            );
        }
        // A checklist question counts in the maturity scores only through its
        // bank's explicit mapping of risk to a level; otherwise it is scored
        // apart, as a risk (`risks`).
        for id in &asked {
            let Some(map) = bank
                .question(id)
                .and_then(|q| q.checklist.as_ref())
                .and_then(|c| Some((c, c.maturity.as_ref()?)))
            else {
                continue;
            };
            let (c, maturity) = map;
            let level = checklist
                .get(id)
                .filter(|t| !t.is_empty())
                .map(|t| match c.risk(t) {
                    crate::checklist::Risk::High => maturity.high,
                    crate::checklist::Risk::Medium => maturity.medium,
                    crate::checklist::Risk::None => maturity.none,
                });
            answers.insert(
                id.clone(),
                QuestionAnswers {
                    consensus: level.map(Answer::Level),
                    votes: Vec::new(),
                },
            );
        }
        let asked_refs: Vec<&str> = asked
            .iter()
            .filter(|id| {
                bank.question(id)
                    .and_then(|q| q.checklist.as_ref())
                    .is_none_or(|c| c.maturity.is_some())
            })
            .map(String::as_str)
            .collect();
        let scores = score(&bank, &asked_refs, &answers);
        ScoredAssessment {
            assessment,
            bank,
            asked,
            consensus,
            votes,
            participants,
            ticked,
            checklist,
            voters,
            scores,
        }
    }

    /// How many people took part: the voters, or one for a self-assessment
    /// that has any answer.
    pub fn people(&self) -> usize {
        self.voters.max(usize::from(!self.consensus.is_empty()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stored(q: &str, answer: Answer) -> StoredAnswer {
        StoredAnswer {
            question_id: q.into(),
            response: Response::of(answer),
            updated_at: Utc::now(),
        }
    }

    fn rows(kind: &str) -> AssessmentRows {
        let bank = crate::default_bank().unwrap_or_else(|e| panic!("{e}"));
        let assessment = Assessment {
            id: 1,
            team_id: 1,
            team_name: "T".into(),
            bank_hash: bank.content_hash(),
            bank_id: bank.id.clone(),
            bank_version: bank.version.clone(),
            bank_title: bank.title.clone(),
            profile: "full".into(),
            started_at: Utc::now(),
            completed_at: None,
            kind: kind.into(),
            areas: Some(vec!["scaling".into()]),
        };
        AssessmentRows {
            assessment,
            bank,
            consensus: Vec::new(),
            votes: Vec::new(),
            tallies: HashMap::new(),
            skipped: HashSet::new(),
            participants: Vec::new(),
            ticked: HashMap::new(),
            checklist: HashMap::new(),
        }
    }

    #[test]
    fn an_assessment_asks_only_its_areas() {
        let r = rows("workshop");
        let asked = r.assessment.asked(&r.bank);
        assert!(!asked.is_empty());
        for id in &asked {
            assert_eq!(
                r.bank.question(id).map(|q| q.area.as_str()),
                Some("scaling")
            );
        }
    }

    #[test]
    fn votes_and_tallies_count_together_and_skipped_questions_do_not_score() {
        let mut r = rows("workshop");
        let asked = r.assessment.asked(&r.bank);
        let (q0, q1) = (asked[0].clone(), asked[1].clone());
        r.votes = vec![
            (7, stored(&q0, Answer::Level(2))),
            (8, stored(&q0, Answer::Level(4))),
        ];
        r.tallies
            .insert(q0.clone(), vec![Answer::Level(4), Answer::Level(4)]);
        r.tallies.insert(q1.clone(), vec![Answer::Level(1); 5]);
        r.skipped.insert(q1.clone());
        let s = ScoredAssessment::new(r);
        assert_eq!(
            s.voters, 4,
            "the skipped question's five tallies do not count"
        );
        let c0 = s
            .scores
            .overall
            .contributions
            .iter()
            .find(|c| c.question_id == q0);
        assert_eq!(c0.and_then(|c| c.value), Some(4.0), "median of 2, 4, 4, 4");
        let c1 = s
            .scores
            .overall
            .contributions
            .iter()
            .find(|c| c.question_id == q1);
        assert_eq!(c1.and_then(|c| c.value), None);
        assert_eq!(s.people(), 4);
    }

    #[test]
    fn a_self_assessment_with_answers_has_one_person() {
        let mut r = rows("self");
        let q = r.assessment.asked(&r.bank)[0].clone();
        r.consensus = vec![stored(&q, Answer::Level(3))];
        let s = ScoredAssessment::new(r);
        assert_eq!((s.people(), s.coverage().answered), (1, 1));
        let empty = ScoredAssessment::new(rows("self"));
        assert_eq!((empty.people(), empty.coverage().answered), (0, 0));
    }
}
