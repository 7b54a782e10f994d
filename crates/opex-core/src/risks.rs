//! The risk side of an assessment, the way the AWS Well-Architected Tool
//! shows it: each checklist question's risk and "k of n practices in place",
//! and per area the count of high, medium and no risk and of unanswered
//! questions. Every screen, the CLI and every report read these counts here.

use crate::checklist::Risk;
use crate::model::AreaKind;
use crate::records::ScoredAssessment;

/// One checklist question as answered (or not).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuestionRisk {
    pub question_id: String,
    /// `None` while unanswered.
    pub risk: Option<Risk>,
    /// Practices in place (the "none of these" choice is no practice) …
    pub in_place: usize,
    /// … of this many.
    pub practices: usize,
}

/// One area's checklist questions and their risk counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AreaRisks {
    pub area: String,
    pub name: String,
    pub kind: AreaKind,
    pub high: usize,
    pub medium: usize,
    pub none: usize,
    pub unanswered: usize,
    pub questions: Vec<QuestionRisk>,
}

impl AreaRisks {
    /// How many checklist questions the area asked.
    pub fn asked(&self) -> usize {
        self.questions.len()
    }
}

impl ScoredAssessment {
    /// What finishing with unanswered checklist questions does, in words, or
    /// `None` when every one is answered.
    pub fn checklist_warning(&self) -> Option<String> {
        let risks = self.risks();
        let asked: usize = risks.iter().map(AreaRisks::asked).sum();
        let open: usize = risks.iter().map(|a| a.unanswered).sum();
        (open > 0).then(|| {
            format!(
                "{open} of {asked} checklist question{} {} no practice ticked. They stay \"not answered\" in the risk counts.",
                if asked == 1 { "" } else { "s" },
                if open == 1 { "has" } else { "have" }
            )
        })
    }

    /// The risk counts of every area that asked a checklist question, in the
    /// bank's area order; empty for an assessment without checklist questions.
    pub fn risks(&self) -> Vec<AreaRisks> {
        let mut out = Vec::new();
        for area in &self.bank.areas {
            let mut a = AreaRisks {
                area: area.id.clone(),
                name: area.name.clone(),
                kind: area.kind,
                high: 0,
                medium: 0,
                none: 0,
                unanswered: 0,
                questions: Vec::new(),
            };
            for id in &self.asked {
                let Some(q) = self.bank.question(id).filter(|q| q.area == area.id) else {
                    continue;
                };
                let Some(c) = &q.checklist else { continue };
                let ticked = self.checklist.get(id).filter(|t| !t.is_empty());
                let risk = ticked.map(|t| c.risk(t));
                match risk {
                    Some(Risk::High) => a.high += 1,
                    Some(Risk::Medium) => a.medium += 1,
                    Some(Risk::None) => a.none += 1,
                    None => a.unanswered += 1,
                }
                let (in_place, practices) = match ticked {
                    Some(t) => c.in_place(t),
                    None => c.in_place(&Default::default()),
                };
                a.questions.push(QuestionRisk {
                    question_id: id.clone(),
                    risk,
                    in_place,
                    practices,
                });
            }
            if !a.questions.is_empty() {
                out.push(a);
            }
        }
        out
    }
}
