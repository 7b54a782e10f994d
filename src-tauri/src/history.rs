//! The team page and comparisons: DTOs and the views that build them.

use crate::dto::{AreaDto, AssessmentDto, TeamDto, ThemeDto};
use crate::error::{CmdResult, CommandError, ErrorKind};
use crate::workshop::ActionDto;
use chrono::{NaiveDate, Utc};
use opex_report::Theme;
use opex_report::history::{action_moved, history};
use opex_store::history::{ActionStatus, ActionUpdate};
use opex_store::{ScoredAssessment, Store};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/lib/bindings/")]
pub struct TimelineItemDto {
    pub assessment: AssessmentDto,
    pub participants: u32,
    /// Areas where a question changed since the previous assessment.
    pub changed_areas: Vec<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/lib/bindings/")]
pub struct TargetDto {
    pub area_id: String,
    pub level: f64,
    pub target_date: Option<String>,
    pub set_at: String,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/lib/bindings/")]
pub struct TeamActionDto {
    pub action: ActionDto,
    pub area_id: Option<String>,
    pub notes: Option<String>,
    pub overdue: bool,
    /// For a finished action: how much its question moved at the next
    /// assessment, when there is one.
    pub moved: Option<f64>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/lib/bindings/")]
pub struct AreaScoreDto {
    pub area_id: String,
    pub mean: Option<f64>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/lib/bindings/")]
pub struct TeamChartsDto {
    pub trend: String,
    pub areas: String,
    pub heatmap: String,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/lib/bindings/")]
pub struct TeamPageDto {
    pub team: TeamDto,
    /// Completed assessments, oldest first.
    pub timeline: Vec<TimelineItemDto>,
    pub areas: Vec<AreaDto>,
    pub targets: Vec<TargetDto>,
    /// Each area's score in the latest completed assessment, by area id.
    pub latest: Vec<AreaScoreDto>,
    pub actions: Vec<TeamActionDto>,
    /// Finished actions followed by an assessment, and how many of those saw
    /// their question improve by at least the minimum change.
    pub finished_with_follow_up: u32,
    pub finished_and_improved: u32,
    pub charts: Option<TeamChartsDto>,
}

fn theme(t: ThemeDto) -> Theme {
    match t {
        ThemeDto::Light => Theme::Light,
        ThemeDto::Dark => Theme::Dark,
    }
}

fn completed_runs(store: &Store, team_id: i64) -> CmdResult<Vec<ScoredAssessment>> {
    store
        .assessments(team_id)?
        .iter()
        .filter(|a| a.is_complete())
        .map(|a| store.scored(a.id).map_err(CommandError::from))
        .collect()
}

pub fn team_page(store: &Store, team_id: i64, t: ThemeDto) -> CmdResult<TeamPageDto> {
    let team = crate::views::team(store, team_id)?;
    let runs = completed_runs(store, team_id)?;
    let h = history(&runs);
    let targets = store.targets_at(team_id, Utc::now())?;
    let levels: Vec<(String, f64)> = targets
        .iter()
        .map(|x| (x.area_id.clone(), x.level))
        .collect();
    let charts = (!h.points.is_empty()).then(|| {
        let c = opex_report::history::trend_charts(&h, &levels, theme(t));
        TeamChartsDto {
            trend: c.trend,
            areas: c.areas,
            heatmap: c.heatmap,
        }
    });
    let today = Utc::now().date_naive();
    let mut with_follow_up = 0;
    let mut improved = 0;
    let actions = store
        .actions(team_id)?
        .iter()
        .map(|a| {
            let moved = action_moved(&runs, a);
            if let Some(m) = moved {
                with_follow_up += 1;
                if opex_core::compare::is_real(m, 1) && m > 0.0 {
                    improved += 1;
                }
            }
            let live = ActionStatus::parse(&a.status)
                .map(|s| s.is_live())
                .unwrap_or(false);
            let due = a
                .due_date
                .as_deref()
                .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
            TeamActionDto {
                action: a.into(),
                area_id: a.area_id.clone(),
                notes: a.notes.clone(),
                overdue: live && due.is_some_and(|d| d < today),
                moved,
            }
        })
        .collect();
    let bank = runs
        .last()
        .map(|r| r.bank.clone())
        .map_or_else(opex_core::default_bank, Ok)?;
    Ok(TeamPageDto {
        timeline: runs
            .iter()
            .zip(&h.points)
            .map(|(r, p)| TimelineItemDto {
                assessment: AssessmentDto::new(&r.assessment, r),
                participants: p.participants as u32,
                changed_areas: p.changed_areas.clone(),
            })
            .collect(),
        areas: bank.areas.iter().map(Into::into).collect(),
        targets: targets
            .iter()
            .map(|x| TargetDto {
                area_id: x.area_id.clone(),
                level: x.level,
                target_date: x.target_date.map(|d| d.format("%Y-%m-%d").to_string()),
                set_at: x.set_at.to_rfc3339(),
            })
            .collect(),
        latest: h
            .points
            .last()
            .map(|p| {
                h.areas
                    .iter()
                    .zip(&p.areas)
                    .map(|((id, _), m)| AreaScoreDto {
                        area_id: id.clone(),
                        mean: *m,
                    })
                    .collect()
            })
            .unwrap_or_default(),
        actions,
        finished_with_follow_up: with_follow_up,
        finished_and_improved: improved,
        charts,
        team,
    })
}

fn parse_date(d: Option<&str>) -> CmdResult<Option<NaiveDate>> {
    match d.map(str::trim).filter(|d| !d.is_empty()) {
        None => Ok(None),
        Some(d) => NaiveDate::parse_from_str(d, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| CommandError {
                kind: ErrorKind::Invalid,
                message: format!("\"{d}\" is not a date; use YYYY-MM-DD"),
            }),
    }
}

pub fn set_target(
    store: &mut Store,
    team_id: i64,
    area_id: &str,
    level: f64,
    target_date: Option<&str>,
) -> CmdResult<()> {
    store.set_target(
        team_id,
        area_id,
        level,
        parse_date(target_date)?,
        Utc::now(),
    )?;
    Ok(())
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/lib/bindings/")]
pub struct ActionUpdateDto {
    /// open | in_progress | done | dropped
    pub status: Option<String>,
    pub title: Option<String>,
    pub owner: Option<String>,
    pub due_date: Option<String>,
    pub notes: Option<String>,
}

pub fn update_action(
    store: &mut Store,
    action_id: i64,
    u: ActionUpdateDto,
) -> CmdResult<ActionDto> {
    let update = ActionUpdate {
        status: u.status.as_deref().map(ActionStatus::parse).transpose()?,
        title: u.title,
        owner: u.owner.map(Some),
        due_date: match u.due_date {
            Some(d) => Some(parse_date(Some(&d))?),
            None => None,
        },
        notes: u.notes.map(Some),
    };
    Ok((&store.update_action(action_id, &update, Utc::now())?).into())
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/lib/bindings/")]
pub struct QuestionChangeDto {
    pub question_id: String,
    pub prompt: String,
    pub before: f64,
    pub after: f64,
    pub delta: f64,
    pub changed_wording: bool,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/lib/bindings/")]
pub struct AreaChangeDto {
    pub area: AreaDto,
    pub before: Option<f64>,
    pub after: Option<f64>,
    pub delta: Option<f64>,
    pub compared: u32,
    /// The change is at least the minimum change for the questions compared.
    pub real: bool,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/lib/bindings/")]
pub struct ComparisonDto {
    pub earlier: AssessmentDto,
    pub later: AssessmentDto,
    /// How many questions were answered in both.
    pub compared: u32,
    pub areas: Vec<AreaChangeDto>,
    pub improved: Vec<QuestionChangeDto>,
    pub regressed: Vec<QuestionChangeDto>,
    pub new: Vec<String>,
    pub dropped: Vec<String>,
}

pub fn compare(store: &Store, earlier: i64, later: i64) -> CmdResult<ComparisonDto> {
    let (a, b) = (store.scored(earlier)?, store.scored(later)?);
    let (a, b) = if a.assessment.started_at <= b.assessment.started_at {
        (a, b)
    } else {
        (b, a)
    };
    let c = opex_core::compare::compare(
        (&a.bank, &a.asked, &a.scores.overall.contributions),
        (&b.bank, &b.asked, &b.scores.overall.contributions),
    );
    let prompt = |id: &str| {
        b.bank
            .question(id)
            .map(|q| q.prompt.clone())
            .unwrap_or_default()
    };
    let q = |x: &opex_core::compare::QuestionChange| QuestionChangeDto {
        question_id: x.question.clone(),
        prompt: prompt(&x.question),
        before: x.before,
        after: x.after,
        delta: x.delta(),
        changed_wording: x.changed_wording,
    };
    let summary = opex_report::summarize(&b, Some(&a));
    Ok(ComparisonDto {
        compared: c.questions.len() as u32,
        areas: summary
            .areas
            .iter()
            .filter_map(|r| {
                let area = b.bank.area(&r.id)?;
                Some(AreaChangeDto {
                    area: area.into(),
                    before: r.previous,
                    after: r.mean,
                    delta: r.delta,
                    compared: r.compared as u32,
                    real: r
                        .delta
                        .is_some_and(|d| opex_core::compare::is_real(d, r.compared)),
                })
            })
            .collect(),
        improved: c.improved.iter().map(q).collect(),
        regressed: c.regressed.iter().map(q).collect(),
        new: c.new,
        dropped: c.dropped,
        earlier: AssessmentDto::new(&a.assessment, &a),
        later: AssessmentDto::new(&b.assessment, &b),
    })
}

/// The team's actions still to do: open or in progress.
pub fn open_actions(store: &Store, team_id: i64) -> CmdResult<Vec<ActionDto>> {
    Ok(store
        .actions(team_id)?
        .iter()
        .filter(|a| ActionStatus::parse(&a.status).is_ok_and(|s| s.is_live()))
        .map(Into::into)
        .collect())
}

/// What the team decided about one open action as an assessment starts.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/lib/bindings/")]
pub struct ReviewDto {
    pub action_id: i64,
    /// done | carried | dropped
    pub outcome: String,
    pub note: Option<String>,
}

/// Turns the UI's review decisions into the store's.
pub fn reviews(list: Vec<ReviewDto>) -> CmdResult<Vec<opex_store::history::Review>> {
    list.into_iter()
        .map(|r| {
            Ok(opex_store::history::Review {
                action_id: r.action_id,
                outcome: opex_store::history::ReviewOutcome::parse(&r.outcome)?,
                note: r.note,
            })
        })
        .collect()
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/lib/bindings/")]
pub struct PortfolioTeamDto {
    pub team_id: i64,
    pub name: String,
    /// The latest completed assessment, when there is one.
    pub latest: Option<AssessmentDto>,
    /// Aligned with `PortfolioDto::areas`.
    pub scores: Vec<Option<f64>>,
    pub targets: Vec<Option<f64>>,
    /// Sum over areas of how far each score is below its target.
    pub total_gap: f64,
    /// People who voted in the latest assessment (1 for a self-assessment).
    pub voters: u32,
    /// Fewer than 3 voters: read the scores with care.
    pub low_participation: bool,
}

/// Every team's latest completed assessment, area by area. No votes and no
/// names: only each team's derived scores.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/lib/bindings/")]
pub struct PortfolioDto {
    pub areas: Vec<AreaDto>,
    pub teams: Vec<PortfolioTeamDto>,
}

pub fn portfolio(store: &Store, builtin: &opex_core::Bank) -> CmdResult<PortfolioDto> {
    let p = opex_report::portfolio::build(store, builtin, &[], Utc::now())?;
    let mut teams = Vec::new();
    for t in p.teams {
        let latest = match store
            .assessments(t.team_id)?
            .into_iter()
            .rfind(|a| a.is_complete())
        {
            Some(a) => {
                let s = store.scored(a.id)?;
                Some(AssessmentDto::new(&s.assessment, &s))
            }
            None => None,
        };
        teams.push(PortfolioTeamDto {
            team_id: t.team_id,
            name: t.name,
            latest,
            scores: t.scores,
            targets: t.targets,
            total_gap: t.total_gap,
            voters: t.voters,
            low_participation: t.low_participation,
        });
    }
    Ok(PortfolioDto {
        areas: builtin.areas.iter().map(Into::into).collect(),
        teams,
    })
}
