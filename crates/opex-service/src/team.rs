//! A team over time: the team page (time line, trends, targets, actions and
//! whether they worked), comparing two assessments, setting targets, adding
//! and updating actions, and the portfolio of every team.

use crate::error::{Result, ServiceError};
use crate::load::{parse_date, portfolio_team};
use crate::views::common::{AssessmentDto, ThemeDto};
use crate::views::team::*;
use crate::views::workshop::ActionDto;
use chrono::Utc;
use opex_core::action::{
    ActionCounts, ActionUpdate, LINK_MAX_CHARS, NewAction, NewTarget, TITLE_MAX_CHARS, action_moved,
};
use opex_core::compare::{Comparison, QuestionChange, compare as compare_runs};
use opex_core::summary::summarize;
use opex_core::timeline::{History, history};
use opex_core::{ScoredAssessment, Summary, Team};
use opex_store::Store;

/// A team's history: its completed assessments on one time line.
pub fn team_history(store: &Store, team_id: i64) -> Result<(Team, Vec<ScoredAssessment>, History)> {
    let team = store.team(team_id)?;
    let runs = store.completed(team_id)?;
    let h = history(&runs);
    Ok((team, runs, h))
}

/// The bank whose areas the team page lists: the latest completed
/// assessment's, or the built-in one before the first.
fn page_bank(runs: &[ScoredAssessment]) -> Result<opex_core::Bank> {
    Ok(runs
        .last()
        .map(|r| r.bank.clone())
        .map_or_else(opex_core::default_bank, Ok)?)
}

pub fn team_page(store: &Store, team_id: i64, t: ThemeDto) -> Result<TeamPageDto> {
    let team = crate::assessments::team(store, team_id)?;
    let (_, runs, h) = team_history(store, team_id)?;
    let targets = store.targets_at(team_id, Utc::now())?;
    let levels: Vec<(String, f64)> = targets
        .iter()
        .map(|x| (x.area_id.clone(), x.level))
        .collect();
    let charts = match h.points.is_empty() {
        true => None,
        false => {
            let c = opex_report::trends::trend_charts(&h, &levels, t.into())?;
            Some(TeamChartsDto {
                trend: c.trend,
                areas: c.areas,
                heatmap: c
                    .heatmap
                    .into_iter()
                    .map(|p| HeatmapPageDto {
                        first: p.first as u32,
                        last: p.last as u32,
                        svg: p.svg,
                    })
                    .collect(),
                table: ChartTableDto {
                    columns: runs.iter().map(|r| r.assessment.date_label()).collect(),
                    areas: h
                        .areas
                        .iter()
                        .enumerate()
                        .map(|(i, (_, name))| ChartRowDto {
                            label: name.clone(),
                            values: h.points.iter().map(|p| p.areas[i]).collect(),
                        })
                        .collect(),
                    questions: h
                        .heat
                        .iter()
                        .map(|r| ChartRowDto {
                            label: format!("{} ({})", r.title, r.question),
                            values: r.values.clone(),
                        })
                        .collect(),
                },
            })
        }
    };
    let today = Utc::now().date_naive();
    let all = store.actions(team_id)?;
    let counts = ActionCounts::of(&all, &runs, today);
    let actions = all
        .iter()
        .map(|a| TeamActionDto {
            action: a.into(),
            area_id: a.area_id.clone(),
            notes: a.notes.clone(),
            overdue: a.is_overdue(today),
            moved: action_moved(&runs, a),
        })
        .collect();
    let bank = page_bank(&runs)?;
    Ok(TeamPageDto {
        timeline: runs
            .iter()
            .zip(&h.points)
            .map(|(r, p)| TimelineItemDto {
                assessment: AssessmentDto::scored(r),
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
        open_actions: counts.open as u32,
        finished_with_follow_up: counts.with_follow_up as u32,
        finished_and_improved: counts.improved as u32,
        charts,
        team,
        action_title_max: TITLE_MAX_CHARS as u32,
        action_link_max: LINK_MAX_CHARS as u32,
    })
}

pub fn set_target(
    store: &mut Store,
    team_id: i64,
    area_id: &str,
    level: f64,
    target_date: Option<&str>,
) -> Result<()> {
    store.set_target(
        team_id,
        area_id,
        level,
        parse_date(target_date)?,
        Utc::now(),
    )?;
    Ok(())
}

/// Sets several areas' targets at once (the team page's one Save): all of
/// them, or none when one is refused.
pub fn set_targets(store: &mut Store, team_id: i64, drafts: Vec<TargetDraftDto>) -> Result<()> {
    let targets = drafts
        .into_iter()
        .map(|d| {
            Ok(NewTarget {
                target_date: parse_date(d.target_date.as_deref())?,
                area_id: d.area_id,
                level: d.level,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    store.set_targets(team_id, &targets, Utc::now())?;
    Ok(())
}

/// Adds an action on the team page, outside any assessment; its area, when
/// given, is one of the areas the page lists.
pub fn add_team_action(
    store: &mut Store,
    team_id: i64,
    action: NewTeamActionDto,
) -> Result<ActionDto> {
    store.team(team_id)?;
    if let Some(area) = &action.area_id {
        let bank = page_bank(&store.completed(team_id)?)?;
        if bank.area(area).is_none() {
            return Err(ServiceError::Invalid(format!(
                "\"{area}\" is not one of the team's areas"
            )));
        }
    }
    let new = NewAction {
        team_id,
        assessment_id: None,
        question_id: None,
        area_id: action.area_id,
        title: action.title,
        owner: action.owner,
        due_date: parse_date(action.due_date.as_deref())?,
        link: action.link,
    };
    Ok((&store.add_action(&new, Utc::now())?).into())
}

pub fn update_action(store: &mut Store, action_id: i64, u: ActionUpdateDto) -> Result<ActionDto> {
    let update = ActionUpdate {
        status: u.status,
        title: u.title,
        owner: u.owner.map(Some),
        due_date: match u.due_date {
            Some(d) => Some(parse_date(Some(&d))?),
            None => None,
        },
        notes: u.notes.map(Some),
        link: u.link.map(Some),
    };
    Ok((&store.update_action(action_id, &update, Utc::now())?).into())
}

/// The team's actions still to do: open or in progress.
pub fn open_actions(store: &Store, team_id: i64) -> Result<Vec<ActionDto>> {
    Ok(store
        .actions(team_id)?
        .iter()
        .filter(|a| a.status.is_live())
        .map(Into::into)
        .collect())
}

/// Two assessments, the earlier first, compared question by question and
/// area by area (like for like, on the questions answered in both).
pub struct Compared {
    pub earlier: ScoredAssessment,
    pub later: ScoredAssessment,
    pub questions: Comparison,
    pub summary: Summary,
}

pub fn compared(store: &Store, one: i64, other: i64) -> Result<Compared> {
    let (a, b) = (store.scored(one)?, store.scored(other)?);
    let (a, b) = if a.assessment.started_at <= b.assessment.started_at {
        (a, b)
    } else {
        (b, a)
    };
    let questions = compare_runs(
        (&a.bank, &a.asked, &a.scores.overall.contributions),
        (&b.bank, &b.asked, &b.scores.overall.contributions),
    );
    let summary = summarize(&b, Some(&a));
    Ok(Compared {
        earlier: a,
        later: b,
        questions,
        summary,
    })
}

pub fn compare(store: &Store, one: i64, other: i64) -> Result<ComparisonDto> {
    let Compared {
        earlier: a,
        later: b,
        questions: c,
        summary,
    } = compared(store, one, other)?;
    let q = |x: &QuestionChange| QuestionChangeDto {
        question_id: x.question.clone(),
        title: b
            .bank
            .question(&x.question)
            .map(|q| q.name())
            .unwrap_or_else(|| x.question.clone()),
        prompt: b
            .bank
            .question(&x.question)
            .map(|q| q.prompt.clone())
            .unwrap_or_default(),
        before: x.before,
        after: x.after,
        delta: x.delta(),
        changed_wording: x.changed_wording,
    };
    Ok(ComparisonDto {
        compared: c.questions.len() as u32,
        areas: summary
            .areas
            .iter()
            .filter_map(|r| {
                let area = b.bank.area(&r.id)?;
                Some(AreaChangeDto {
                    area: area.into(),
                    change: r.change.map(Into::into),
                    earlier_mean: r.previous_mean,
                    later_mean: r.mean,
                })
            })
            .collect(),
        improved: c.improved.iter().map(q).collect(),
        regressed: c.regressed.iter().map(q).collect(),
        new: c.new,
        dropped: c.dropped,
        earlier: AssessmentDto::scored(&a),
        later: AssessmentDto::scored(&b),
    })
}

/// The portfolio's data for `team_ids` (every team when empty), on the
/// built-in bank's areas.
pub fn portfolio_data(
    store: &Store,
    builtin: &opex_core::Bank,
    team_ids: &[i64],
) -> Result<opex_report::portfolio::Portfolio> {
    use opex_report::portfolio::{areas, assemble, row};
    let now = Utc::now();
    let areas = areas(builtin);
    let mut rows = Vec::new();
    // One team's assessments at a time: each is let go once its row is made.
    for t in store.teams()? {
        if team_ids.is_empty() || team_ids.contains(&t.id) {
            rows.push(row(&areas, &portfolio_team(store, t, now)?));
        }
    }
    Ok(assemble(areas, rows, now))
}

/// Every team's headline assessment (its latest complete one that is not
/// partial), area by area: derived scores only, never votes or names.
pub fn portfolio(store: &Store, builtin: &opex_core::Bank) -> Result<PortfolioDto> {
    let p = portfolio_data(store, builtin, &[])?;
    let mut teams = Vec::new();
    for t in p.teams {
        let latest = match t.assessment {
            Some(id) => Some(crate::assessments::assessment(store, id)?),
            None => None,
        };
        teams.push(PortfolioTeamDto {
            passed_over: t.passed_over(),
            team_id: t.team_id,
            name: t.name,
            origin: t.origin,
            latest,
            scores: t.scores,
            targets: t.targets,
            total_gap: t.total_gap,
            voters: t.voters,
            low_participation: t.low_participation,
        });
    }
    Ok(PortfolioDto {
        partial_below: opex_core::coverage::PARTIAL_BELOW_PERCENT as u32,
        areas: builtin.areas.iter().map(Into::into).collect(),
        teams,
    })
}
