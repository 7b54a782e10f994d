//! The view models of checklist questions (AWS Well-Architected lenses): the
//! choices to tick, a question's answer with its risk and "k of n practices in
//! place", and the risk counts per area the results show.

use opex_core::ScoredAssessment;
use opex_core::checklist::{Checklist, Resource, Risk};
use opex_core::risks::AreaRisks;
use serde::Serialize;
use ts_rs::TS;

/// Plain text with an optional link.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ResourceDto {
    pub text: String,
    pub url: Option<String>,
}

impl From<&Resource> for ResourceDto {
    fn from(r: &Resource) -> Self {
        ResourceDto {
            text: r.display_text.clone(),
            url: r.url.clone(),
        }
    }
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ChoiceDto {
    pub id: String,
    pub title: String,
    pub help: Option<ResourceDto>,
    pub improvement_plan: Option<ResourceDto>,
    /// The exclusive "none of these": ticking it unticks the others.
    pub none_of_these: bool,
}

/// A checklist question's choices, shown instead of five levels.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ChecklistDto {
    pub choices: Vec<ChoiceDto>,
    pub help: Option<ResourceDto>,
    /// Whether the bank maps its risk to a maturity level (otherwise it is
    /// scored apart, as a risk).
    pub in_maturity: bool,
}

impl From<&Checklist> for ChecklistDto {
    fn from(c: &Checklist) -> Self {
        ChecklistDto {
            choices: c
                .choices
                .iter()
                .map(|ch| ChoiceDto {
                    id: ch.id.clone(),
                    title: ch.title.clone(),
                    help: ch.helpful_resource.as_ref().map(Into::into),
                    improvement_plan: ch.improvement_plan.as_ref().map(Into::into),
                    none_of_these: ch.none_of_these,
                })
                .collect(),
            help: c.helpful_resource.as_ref().map(Into::into),
            in_maturity: c.maturity.is_some(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum RiskDto {
    High,
    Medium,
    None,
}

impl From<Risk> for RiskDto {
    fn from(r: Risk) -> Self {
        match r {
            Risk::High => RiskDto::High,
            Risk::Medium => RiskDto::Medium,
            Risk::None => RiskDto::None,
        }
    }
}

/// One checklist question as answered: what was ticked and what it gives.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ChecklistAnswerDto {
    pub question_id: String,
    pub ticked: Vec<String>,
    /// Null while nothing is ticked (unanswered).
    pub risk: Option<RiskDto>,
    /// "high risk", "medium risk", "no risk" or "not answered".
    pub risk_label: String,
    pub in_place: u32,
    pub practices: u32,
}

impl ChecklistAnswerDto {
    pub fn new(scored: &ScoredAssessment, question_id: &str) -> Option<Self> {
        let c = scored.bank.question(question_id)?.checklist.as_ref()?;
        let ticked = scored
            .checklist
            .get(question_id)
            .cloned()
            .unwrap_or_default();
        let risk = (!ticked.is_empty()).then(|| c.risk(&ticked));
        let (in_place, practices) = c.in_place(&ticked);
        Some(ChecklistAnswerDto {
            question_id: question_id.to_string(),
            ticked: ticked.into_iter().collect(),
            risk: risk.map(Into::into),
            risk_label: risk.map_or("not answered", Risk::label).to_string(),
            in_place: in_place as u32,
            practices: practices as u32,
        })
    }
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct QuestionRiskDto {
    pub question_id: String,
    pub title: String,
    pub risk: Option<RiskDto>,
    pub risk_label: String,
    pub in_place: u32,
    pub practices: u32,
}

/// One area's checklist questions and their risk counts.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AreaRiskDto {
    pub area: String,
    pub name: String,
    pub high: u32,
    pub medium: u32,
    pub none: u32,
    pub unanswered: u32,
    pub questions: Vec<QuestionRiskDto>,
}

/// The risk counts of every area that asked a checklist question.
pub fn area_risks(scored: &ScoredAssessment) -> Vec<AreaRiskDto> {
    scored
        .risks()
        .iter()
        .map(|a: &AreaRisks| AreaRiskDto {
            area: a.area.clone(),
            name: a.name.clone(),
            high: a.high as u32,
            medium: a.medium as u32,
            none: a.none as u32,
            unanswered: a.unanswered as u32,
            questions: a
                .questions
                .iter()
                .map(|q| QuestionRiskDto {
                    question_id: q.question_id.clone(),
                    title: scored
                        .bank
                        .question(&q.question_id)
                        .map_or_else(|| q.question_id.clone(), |x| x.name()),
                    risk: q.risk.map(Into::into),
                    risk_label: q.risk.map_or("not answered", Risk::label).to_string(),
                    in_place: q.in_place as u32,
                    practices: q.practices as u32,
                })
                .collect(),
        })
        .collect()
}
