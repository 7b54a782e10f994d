//! The view models every screen shares: answers, assessments, teams, areas,
//! questions, banks, the questionnaire and the theme. They are a compatibility
//! promise with `ui/`: the TypeScript types in `ui/src/lib/bindings/` are
//! generated from them by ts-rs (`cargo test -p opex-service` writes them; CI
//! fails if they drift).

use opex_core::card::{Listed, ScoreCard};
use opex_core::coverage::{Coverage, PARTIAL_BELOW_PERCENT};
use opex_core::{
    Answer, AreaKind, Assessment, Breadth, Phase, Response, ScoredAssessment, StoredAnswer, Team,
};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase")]
#[ts(export)]
pub enum AnswerDto {
    Level { level: u8 },
    NotApplicable { reason: String },
    DontKnow,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ResponseDto {
    pub answer: AnswerDto,
    pub note: Option<String>,
    /// For how many of the team's services the answer holds; never scored.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub breadth: Option<BreadthDto>,
}

/// `opex_core::Breadth`: for one, some, most or all of the team's services.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum BreadthDto {
    One,
    Some,
    Most,
    All,
}

impl From<Breadth> for BreadthDto {
    fn from(b: Breadth) -> Self {
        match b {
            Breadth::One => BreadthDto::One,
            Breadth::Some => BreadthDto::Some,
            Breadth::Most => BreadthDto::Most,
            Breadth::All => BreadthDto::All,
        }
    }
}

impl From<BreadthDto> for Breadth {
    fn from(b: BreadthDto) -> Self {
        match b {
            BreadthDto::One => Breadth::One,
            BreadthDto::Some => Breadth::Some,
            BreadthDto::Most => Breadth::Most,
            BreadthDto::All => Breadth::All,
        }
    }
}

/// One breadth as a choice on screen: its value and how it reads after a
/// level ("for some services", `Breadth::phrase`).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BreadthChoiceDto {
    pub value: BreadthDto,
    pub phrase: String,
}

/// The four breadths, narrowest first.
pub fn breadth_choices() -> Vec<BreadthChoiceDto> {
    Breadth::ALL
        .into_iter()
        .map(|b| BreadthChoiceDto {
            value: b.into(),
            phrase: b.phrase().to_string(),
        })
        .collect()
}

/// One check of a question: its level (1-5) and its place (0-based) in that
/// level's list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CheckDto {
    pub level: u8,
    pub index: u8,
}

/// The checks ticked on one question, and the level they point to
/// (`opex_core::evidence::level_from_checks`), a hint the team may ignore.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TicksDto {
    pub question_id: String,
    pub ticked: Vec<CheckDto>,
    pub suggested: Option<u8>,
}

impl TicksDto {
    pub fn new(scored: &ScoredAssessment, question_id: &str) -> Self {
        let ticked = scored.ticked.get(question_id);
        match scored.bank.question(question_id) {
            Some(q) => TicksDto::of(q, ticked),
            None => TicksDto {
                question_id: question_id.to_string(),
                ticked: Vec::new(),
                suggested: None,
            },
        }
    }

    pub fn of(
        question: &opex_core::Question,
        ticked: Option<&std::collections::BTreeSet<opex_core::evidence::CheckRef>>,
    ) -> Self {
        let empty = std::collections::BTreeSet::new();
        let ticked = ticked.unwrap_or(&empty);
        TicksDto {
            question_id: question.id.clone(),
            ticked: ticked
                .iter()
                .map(|&(level, index)| CheckDto { level, index })
                .collect(),
            suggested: opex_core::evidence::level_from_checks(question, ticked),
        }
    }
}

impl From<&Answer> for AnswerDto {
    fn from(a: &Answer) -> Self {
        match a {
            Answer::Level(l) => AnswerDto::Level { level: *l },
            Answer::NotApplicable { reason } => AnswerDto::NotApplicable {
                reason: reason.clone(),
            },
            Answer::DontKnow => AnswerDto::DontKnow,
        }
    }
}

impl From<AnswerDto> for Answer {
    fn from(a: AnswerDto) -> Self {
        match a {
            AnswerDto::Level { level } => Answer::Level(level),
            AnswerDto::NotApplicable { reason } => Answer::NotApplicable { reason },
            AnswerDto::DontKnow => Answer::DontKnow,
        }
    }
}

impl From<&Response> for ResponseDto {
    fn from(r: &Response) -> Self {
        ResponseDto {
            answer: (&r.answer).into(),
            note: r.note.clone(),
            breadth: r.breadth.map(Into::into),
        }
    }
}

impl From<ResponseDto> for Response {
    fn from(r: ResponseDto) -> Self {
        Response {
            answer: r.answer.into(),
            note: r.note,
            breadth: r.breadth.map(Into::into),
        }
    }
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SavedAnswerDto {
    pub question_id: String,
    pub response: ResponseDto,
    /// RFC 3339, UTC.
    pub saved_at: String,
}

impl From<&StoredAnswer> for SavedAnswerDto {
    fn from(s: &StoredAnswer) -> Self {
        SavedAnswerDto {
            question_id: s.question_id.clone(),
            response: (&s.response).into(),
            saved_at: s.updated_at.to_rfc3339(),
        }
    }
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AssessmentDto {
    pub id: i64,
    pub team_id: i64,
    pub team_name: String,
    pub bank_title: String,
    pub bank_id: String,
    pub bank_version: String,
    pub profile: String,
    /// "self" or "workshop".
    pub kind: String,
    pub started_at: String,
    pub completed_at: Option<String>,
    /// The overall score, 1-5, when anything is answered.
    pub overall: Option<f64>,
    pub coverage: CoverageDto,
    /// A quick pulse rather than a full assessment.
    pub pulse: bool,
}

/// How much of an assessment was answered: `opex_core::coverage::Coverage`,
/// with the words every screen shows.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CoverageDto {
    pub asked: u32,
    /// Questions with a level: the ones the scores are made of.
    pub answered: u32,
    /// Asked and not N/A.
    pub applicable: u32,
    pub not_applicable: u32,
    pub dont_know: u32,
    pub unanswered: u32,
    /// Answered ÷ applicable, a whole percent rounded down.
    pub percent: u32,
    /// Below the partial threshold: marked partial everywhere.
    pub partial: bool,
    /// The threshold, in percent.
    pub partial_below: u32,
    /// "44 of 50 answered · 4 N/A".
    pub label: String,
    /// What finishing now does to the questions without a level; null when
    /// every applicable question has one.
    pub finish_warning: Option<String>,
}

impl From<Coverage> for CoverageDto {
    fn from(c: Coverage) -> Self {
        CoverageDto {
            asked: c.asked as u32,
            answered: c.answered as u32,
            applicable: c.applicable() as u32,
            not_applicable: c.not_applicable as u32,
            dont_know: c.dont_know as u32,
            unanswered: c.unanswered as u32,
            percent: c.percent() as u32,
            partial: c.is_partial(),
            partial_below: PARTIAL_BELOW_PERCENT as u32,
            label: c.label(),
            finish_warning: c.finish_warning(),
        }
    }
}

impl AssessmentDto {
    /// An assessment with the figures of its score card: the one way every
    /// list, screen and report says an assessment's overall and coverage.
    pub fn new(a: &Assessment, card: &ScoreCard) -> Self {
        AssessmentDto {
            id: a.id,
            team_id: a.team_id,
            team_name: a.team_name.clone(),
            bank_title: a.bank_title.clone(),
            bank_id: a.bank_id.clone(),
            bank_version: a.bank_version.clone(),
            profile: a.profile.clone(),
            kind: a.kind.clone(),
            started_at: a.started_at.to_rfc3339(),
            completed_at: a.completed_at.map(|t| t.to_rfc3339()),
            overall: card.overall,
            coverage: card.coverage.into(),
            pulse: a.is_pulse(),
        }
    }

    pub fn scored(scored: &ScoredAssessment) -> Self {
        AssessmentDto::new(&scored.assessment, &scored.card())
    }

    pub fn listed(l: &Listed) -> Self {
        AssessmentDto::new(&l.assessment, &l.card)
    }
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TeamDto {
    pub id: i64,
    pub name: String,
    pub created_at: String,
    /// Oldest first: all of them, or in a list of teams
    /// (`assessments::team_list`) the newest few and those in progress.
    pub assessments: Vec<AssessmentDto>,
    /// How many assessments the team has in all.
    pub assessment_count: u32,
    /// Where an imported team came from ("payments.opex.json, exported
    /// 2026-03-01"); null for a team created here.
    pub origin: Option<String>,
}

impl TeamDto {
    pub fn new(t: &Team, assessments: Vec<AssessmentDto>) -> Self {
        TeamDto {
            id: t.id,
            name: t.name.clone(),
            created_at: t.created_at.to_rfc3339(),
            assessment_count: assessments.len() as u32,
            assessments,
            origin: None,
        }
    }
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum AreaKindDto {
    Principle,
    Dimension,
    Pillar,
}

impl From<AreaKind> for AreaKindDto {
    fn from(k: AreaKind) -> Self {
        match k {
            AreaKind::Principle => AreaKindDto::Principle,
            AreaKind::Dimension => AreaKindDto::Dimension,
            AreaKind::Pillar => AreaKindDto::Pillar,
        }
    }
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum PhaseDto {
    Prepare,
    Operate,
    Evolve,
}

impl From<Phase> for PhaseDto {
    fn from(p: Phase) -> Self {
        match p {
            Phase::Prepare => PhaseDto::Prepare,
            Phase::Operate => PhaseDto::Operate,
            Phase::Evolve => PhaseDto::Evolve,
        }
    }
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AreaDto {
    pub id: String,
    pub kind: AreaKindDto,
    pub name: String,
    pub description: String,
    pub traditional: Option<String>,
    pub modern: Option<String>,
}

impl From<&opex_core::Area> for AreaDto {
    fn from(a: &opex_core::Area) -> Self {
        AreaDto {
            id: a.id.clone(),
            kind: a.kind.into(),
            name: a.name.clone(),
            description: a.description.clone(),
            traditional: a.traditional.clone(),
            modern: a.modern.clone(),
        }
    }
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct QuestionDto {
    pub id: String,
    /// What screens call the question (`Question::name`): its title.
    pub title: String,
    pub area: String,
    pub phase: Option<PhaseDto>,
    pub prompt: String,
    pub guidance: String,
    pub discussion: Option<String>,
    /// Five descriptions, level 1 first.
    pub levels: Vec<String>,
    /// Each level's checks (empty for a bank of the 1.x form): observable
    /// statements a stranger could verify, shown under the level.
    pub checks: Vec<Vec<String>>,
    /// A checklist question's choices; its `levels` are then empty.
    pub checklist: Option<super::checklist::ChecklistDto>,
}

impl From<&opex_core::Question> for QuestionDto {
    fn from(q: &opex_core::Question) -> Self {
        QuestionDto {
            id: q.id.clone(),
            title: q.name(),
            area: q.area.clone(),
            phase: q.phase.map(Into::into),
            prompt: q.prompt.clone(),
            guidance: q.guidance.clone(),
            discussion: q.discussion.clone(),
            levels: q.levels.iter().map(|l| l.text.clone()).collect(),
            checks: q.levels.iter().map(|l| l.checks.clone()).collect(),
            checklist: q.checklist.as_ref().map(Into::into),
        }
    }
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct QuestionnaireDto {
    pub assessment: AssessmentDto,
    pub areas: Vec<AreaDto>,
    /// The questions asked, in order.
    pub questions: Vec<QuestionDto>,
    pub answers: Vec<SavedAnswerDto>,
    /// The checks ticked so far, one entry per asked question.
    pub ticks: Vec<TicksDto>,
    /// The checklist questions' answers, one entry per asked checklist question.
    pub checklist_answers: Vec<super::checklist::ChecklistAnswerDto>,
    /// The first unanswered question, where a returning user resumes.
    pub resume_index: u32,
    /// The five levels' names, level 1 first.
    pub level_names: Vec<String>,
    /// The breadths an answer may carry, narrowest first.
    pub breadths: Vec<BreadthChoiceDto>,
}

impl QuestionnaireDto {
    pub fn new(scored: &ScoredAssessment) -> Self {
        let questions: Vec<QuestionDto> = scored
            .asked
            .iter()
            .filter_map(|id| scored.bank.question(id))
            .map(Into::into)
            .collect();
        let resume_index = questions
            .iter()
            .position(|q| match q.checklist {
                Some(_) => !scored.checklist.contains_key(&q.id),
                None => !scored.consensus.contains_key(&q.id),
            })
            .unwrap_or(0) as u32;
        QuestionnaireDto {
            assessment: AssessmentDto::scored(scored),
            areas: scored.bank.areas.iter().map(Into::into).collect(),
            answers: scored
                .asked
                .iter()
                .filter_map(|id| scored.consensus.get(id))
                .map(Into::into)
                .collect(),
            ticks: questions
                .iter()
                .map(|q| TicksDto::new(scored, &q.id))
                .collect(),
            checklist_answers: questions
                .iter()
                .filter_map(|q| super::checklist::ChecklistAnswerDto::new(scored, &q.id))
                .collect(),
            questions,
            resume_index,
            level_names: opex_core::levels::level_names(),
            breadths: breadth_choices(),
        }
    }
}

#[derive(Debug, Clone, Copy, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum ThemeDto {
    Light,
    Dark,
}

impl From<ThemeDto> for opex_report::Theme {
    fn from(t: ThemeDto) -> Self {
        match t {
            ThemeDto::Light => opex_report::Theme::Light,
            ThemeDto::Dark => opex_report::Theme::Dark,
        }
    }
}

/// A file a person picked to import, read by the UI.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BankFileDto {
    pub name: String,
    pub text: String,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ProfileDto {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    pub questions: u32,
}

/// A bank a new assessment can run against.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BankChoiceDto {
    pub hash: String,
    pub id: String,
    pub version: String,
    pub title: String,
    pub description: Option<String>,
    /// The bank built into opex.
    pub builtin: bool,
    /// "full" first, then the bank's own profiles.
    pub profiles: Vec<ProfileDto>,
    /// The areas, for a workshop that covers only some.
    pub areas: Vec<AreaDto>,
}

impl BankChoiceDto {
    pub fn new(bank: &opex_core::Bank, builtin: bool) -> Self {
        let mut profiles = vec![ProfileDto {
            id: "full".into(),
            name: "Full assessment".into(),
            description: Some("Every question of the bank.".into()),
            questions: bank.questions.len() as u32,
        }];
        profiles.extend(bank.profiles.iter().map(|p| ProfileDto {
            id: p.id.clone(),
            name: p.name.clone(),
            description: p.description.clone(),
            questions: p.questions.len() as u32,
        }));
        BankChoiceDto {
            hash: bank.content_hash(),
            id: bank.id.clone(),
            version: bank.version.clone(),
            title: bank.title.clone(),
            description: bank.description.clone(),
            builtin,
            profiles,
            areas: bank.areas.iter().map(Into::into).collect(),
        }
    }
}

/// A change as every screen shows it: the before and after it was measured on
/// (the questions answered in both assessments), and their difference.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ChangeDto {
    pub before: f64,
    pub after: f64,
    /// Exactly `after - before`, to one decimal.
    pub delta: f64,
    /// How many questions the change was measured on.
    pub compared: u32,
    /// At least the minimum change for that many questions; otherwise noise.
    pub real: bool,
}

impl From<opex_core::compare::Change> for ChangeDto {
    fn from(c: opex_core::compare::Change) -> Self {
        ChangeDto {
            before: c.before,
            after: c.after,
            delta: c.delta,
            compared: c.compared as u32,
            real: c.real,
        }
    }
}
