//! Loading what views need, in one place: an assessment's predecessor, the
//! targets in force when it ran, a team's completed assessments, the inputs
//! of the leadership report and the portfolio, and the parsing of what a
//! person typed (dates).

use crate::error::{Result, ServiceError};
use crate::views::team::ReviewDto;
use chrono::{DateTime, NaiveDate, Utc};
use opex_core::action::{Action, Review};
use opex_core::summary::summarize;
use opex_core::{Assessment, Bank, ScoredAssessment, Summary, Team};
use opex_report::leadership::LeadershipInput;
use opex_report::portfolio::PortfolioTeam;
use opex_store::Store;
use std::borrow::Cow;

/// One assessment with what its views are measured against: the team's
/// previous completed assessment, the targets in force when it ran, and the
/// team's actions.
#[derive(Debug, Clone)]
pub struct AssessmentContext {
    pub current: ScoredAssessment,
    pub previous: Option<ScoredAssessment>,
    /// (area id, level).
    pub targets: Vec<(String, f64)>,
    pub actions: Vec<Action>,
}

impl AssessmentContext {
    pub fn load(store: &Store, id: i64) -> Result<AssessmentContext> {
        let current = store.scored(id)?;
        Ok(AssessmentContext {
            previous: previous(store, &current)?,
            targets: targets_in_force(store, &current.assessment)?,
            actions: store.actions(current.assessment.team_id)?,
            current,
        })
    }

    /// The assessment against the previous one and the targets, area by area.
    pub fn summary(&self) -> Summary {
        summarize(&self.current, self.previous.as_ref()).with_targets(&self.targets)
    }
}

/// The team's latest completed assessment before this one, scored.
pub fn previous(store: &Store, scored: &ScoredAssessment) -> Result<Option<ScoredAssessment>> {
    Ok(match store.previous_completed(&scored.assessment)? {
        Some(p) => Some(store.scored(p.id)?),
        None => None,
    })
}

/// The team's targets in force when `a` ran (or now, if it is still open):
/// setting a new target never rewrites an old result.
pub fn targets_in_force(store: &Store, a: &Assessment) -> Result<Vec<(String, f64)>> {
    let at = a.completed_at.unwrap_or_else(Utc::now);
    Ok(store
        .targets_at(a.team_id, at)?
        .into_iter()
        .map(|t| (t.area_id, t.level))
        .collect())
}

/// The built-in bank, or the stored bank with `hash`.
pub fn bank_for<'a>(store: &Store, builtin: &'a Bank, hash: Option<&str>) -> Result<Cow<'a, Bank>> {
    Ok(match hash {
        Some(hash) if hash != builtin.content_hash() => Cow::Owned(store.stored_bank(hash)?),
        _ => Cow::Borrowed(builtin),
    })
}

/// The UI's review decisions as core's.
pub fn reviews(list: Vec<ReviewDto>) -> Vec<Review> {
    list.into_iter()
        .map(|r| Review {
            action_id: r.action_id,
            outcome: r.outcome,
            note: r.note,
        })
        .collect()
}

/// A date a person typed, YYYY-MM-DD; blank is none.
pub fn parse_date(d: Option<&str>) -> Result<Option<NaiveDate>> {
    match d.map(str::trim).filter(|d| !d.is_empty()) {
        None => Ok(None),
        Some(d) => NaiveDate::parse_from_str(d, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| ServiceError::Invalid(format!("\"{d}\" is not a date; use YYYY-MM-DD"))),
    }
}

/// What the leadership report needs: the team's completed assessments up to
/// `until` (the last is reported on), the period's start, the targets in force
/// then and the team's actions.
pub fn leadership_input(
    store: &Store,
    team_id: i64,
    from: Option<DateTime<Utc>>,
    until: Option<DateTime<Utc>>,
    include_notes: bool,
    now: DateTime<Utc>,
) -> Result<LeadershipInput> {
    let team = store.team(team_id)?;
    // Only what the report can show is scored: nothing after `until`.
    let completed: Vec<ScoredAssessment> = store
        .assessments(team_id)?
        .iter()
        .filter(|a| a.is_complete() && until.is_none_or(|u| a.started_at <= u))
        .map(|a| store.scored(a.id))
        .collect::<Result<_, _>>()?;
    let targets = match completed.last() {
        Some(last) => targets_in_force(store, &last.assessment)?,
        None => Vec::new(),
    };
    Ok(LeadershipInput {
        team: team.name,
        completed,
        from,
        targets,
        actions: store.actions(team_id)?,
        include_notes,
        now,
    })
}

/// One team of a portfolio, with its completed assessments and the targets
/// in force now.
pub fn portfolio_team(store: &Store, team: Team, now: DateTime<Utc>) -> Result<PortfolioTeam> {
    Ok(PortfolioTeam {
        origin: crate::portable::team_origin(store, team.id)?,
        team_id: team.id,
        completed: store
            .listed(team.id)?
            .into_iter()
            .filter(|l| l.assessment.is_complete())
            .collect(),
        targets: store.targets_at(team.id, now)?,
        name: team.name,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_read_as_people_type_them() {
        let ok = |s: Option<&str>| parse_date(s).ok().flatten();
        assert_eq!(ok(Some("2026-03-01")), NaiveDate::from_ymd_opt(2026, 3, 1));
        assert_eq!(
            ok(Some(" 2026-03-01 ")),
            NaiveDate::from_ymd_opt(2026, 3, 1)
        );
        assert_eq!(ok(Some("")), None);
        assert_eq!(ok(None), None);
        let e = parse_date(Some("1 March")).err().map(|e| e.to_string());
        assert_eq!(
            e.as_deref(),
            Some("\"1 March\" is not a date; use YYYY-MM-DD")
        );
    }
}
