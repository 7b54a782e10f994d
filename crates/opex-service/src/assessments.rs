//! Teams and assessments: creating and listing them, the questionnaire,
//! saving each answer, finishing, and the results of one assessment with its
//! changes since the previous one and the actions finished in between.

use crate::error::{Result, ServiceError};
use crate::load::{AssessmentContext, bank_for, reviews};
use crate::views::common::*;
use crate::views::results::{FinishedActionDto, ResultsDto};
use crate::views::team::{ReviewDto, TeamListDto};
use chrono::Utc;
use opex_core::Bank;
use opex_core::action::action_moved;
use opex_store::Store;

pub fn assessment(store: &Store, id: i64) -> Result<AssessmentDto> {
    let a = store.assessment(id)?;
    Ok(AssessmentDto::new(&a, &store.card(&a)?))
}

/// One team with every assessment, oldest first.
pub fn team(store: &Store, id: i64) -> Result<TeamDto> {
    let t = store.team(id)?;
    let assessments = store
        .listed(t.id)?
        .iter()
        .map(AssessmentDto::listed)
        .collect();
    let mut dto = TeamDto::new(&t, assessments);
    dto.origin = crate::portable::team_origin(store, t.id)?;
    Ok(dto)
}

/// Every team, by name.
pub fn teams(store: &Store) -> Result<Vec<TeamDto>> {
    store.teams()?.iter().map(|t| team(store, t.id)).collect()
}

/// How many of a team's assessments a list of teams shows: the newest, and
/// any still in progress besides. The team page has them all.
pub const RECENT: usize = 5;

/// One page of the teams whose name holds `query` (any case; all teams
/// when it is blank), by name, from `offset`, at most `limit`. Each team
/// carries only its [`RECENT`] newest assessments and those in progress,
/// scored; `assessment_count` counts them all. Only the page's teams are
/// scored, so the cost does not grow with the organisation.
pub fn team_list(store: &Store, query: &str, offset: usize, limit: usize) -> Result<TeamListDto> {
    let all = store.teams()?;
    let total = all.len();
    let needle = query.trim().to_lowercase();
    let matching: Vec<_> = all
        .into_iter()
        .filter(|t| needle.is_empty() || t.name.to_lowercase().contains(&needle))
        .collect();
    let teams = matching
        .iter()
        .skip(offset)
        .take(limit)
        .map(|t| {
            let all = store.listed(t.id)?;
            let first_recent = all.len().saturating_sub(RECENT);
            let shown = all
                .iter()
                .enumerate()
                .filter(|(i, l)| *i >= first_recent || !l.assessment.is_complete())
                .map(|(_, l)| AssessmentDto::listed(l))
                .collect();
            let mut dto = TeamDto::new(t, shown);
            dto.assessment_count = all.len() as u32;
            dto.origin = crate::portable::team_origin(store, t.id)?;
            Ok(dto)
        })
        .collect::<Result<_>>()?;
    Ok(TeamListDto {
        teams,
        total: total as u32,
        matching: matching.len() as u32,
    })
}

pub fn create_team(store: &mut Store, name: &str) -> Result<TeamDto> {
    let id = store.create_team(name)?.id;
    team(store, id)
}

/// A demo team with a year of quarterly assessments, for a first look around.
pub fn create_demo(store: &mut Store, bank: &Bank, name: &str) -> Result<TeamDto> {
    let id = opex_store::demo::create_demo(store, bank, name, Utc::now())?.id;
    team(store, id)
}

/// Makes a synthetic organisation (`opex demo --teams …`) for measuring opex at scale.
pub fn create_organisation(
    store: &mut Store,
    bank: &Bank,
    org: opex_store::organisation::Organisation,
) -> Result<opex_store::organisation::Made> {
    Ok(opex_store::organisation::create_organisation(
        store,
        bank,
        org,
        Utc::now(),
    )?)
}

/// Starts an assessment on the built-in bank, or on the stored bank
/// `bank_hash`, recording the review of open actions in the same transaction.
pub fn start_assessment(
    store: &mut Store,
    builtin: &Bank,
    team_id: i64,
    bank_hash: Option<&str>,
    profile: Option<&str>,
    review: Vec<ReviewDto>,
) -> Result<AssessmentDto> {
    let bank = bank_for(store, builtin, bank_hash)?;
    let id = store
        .start_assessment_reviewed(
            team_id,
            &bank,
            profile.unwrap_or("full"),
            Utc::now(),
            &reviews(review),
        )?
        .id;
    assessment(store, id)
}

/// The banks a new assessment can use: the built-in one first, then imports.
pub fn banks(store: &Store, builtin: &Bank) -> Result<Vec<BankChoiceDto>> {
    let builtin_hash = builtin.content_hash();
    let mut out = vec![BankChoiceDto::new(builtin, true)];
    for (info, bank) in store.imported_banks()? {
        if info.hash != builtin_hash {
            out.push(BankChoiceDto::new(&bank, false));
        }
    }
    Ok(out)
}

/// Validates the picked files as one bank and keeps it; every problem is
/// reported. One `.json` file is read as an AWS Well-Architected custom lens
/// (strictly: `opex bank import-lens --lenient` accepts more).
pub fn import_bank(store: &mut Store, files: Vec<BankFileDto>) -> Result<BankChoiceDto> {
    if let [f] = files.as_slice()
        && f.name.to_lowercase().ends_with(".json")
    {
        let read = opex_core::lens::read(&f.name, f.text.as_bytes(), Default::default())
            .map_err(|e| ServiceError::Invalid(e.to_string()))?;
        let (bank, _) = opex_core::lens::import(&read.lens)
            .map_err(|e| ServiceError::Invalid(e.to_string()))?;
        store.import_bank(&bank, Utc::now())?;
        return Ok(BankChoiceDto::new(&bank, false));
    }
    let sources = files
        .into_iter()
        .map(|f| opex_core::Source {
            name: f.name,
            text: f.text,
        })
        .collect();
    let bank = opex_core::load_sources(&opex_core::order_sources(sources)?)?;
    store.import_bank(&bank, Utc::now())?;
    Ok(BankChoiceDto::new(&bank, false))
}

pub fn questionnaire(store: &Store, id: i64) -> Result<QuestionnaireDto> {
    Ok(QuestionnaireDto::new(&store.scored(id)?))
}

/// Saves the team's answer to one question, in its own transaction.
pub fn save_answer(
    store: &mut Store,
    id: i64,
    question_id: &str,
    response: ResponseDto,
) -> Result<SavedAnswerDto> {
    let saved = store.save_consensus(id, question_id, &response.into(), Utc::now())?;
    Ok((&saved).into())
}

/// Ticks or unticks one check of a question, in its own transaction, and
/// returns the question's ticks with the level they point to.
pub fn tick_check(
    store: &mut Store,
    id: i64,
    question_id: &str,
    check: CheckDto,
    ticked: bool,
) -> Result<TicksDto> {
    store.tick_check(
        id,
        question_id,
        (check.level, check.index),
        ticked,
        Utc::now(),
    )?;
    Ok(TicksDto::new(&store.scored(id)?, question_id))
}

/// Saves the choices ticked on one checklist question, in its own
/// transaction, and returns its answer with the risk they give.
pub fn save_checklist(
    store: &mut Store,
    id: i64,
    question_id: &str,
    ticked: Vec<String>,
    note: Option<String>,
) -> Result<crate::views::checklist::ChecklistAnswerDto> {
    let ticked: std::collections::BTreeSet<String> = ticked.into_iter().collect();
    store.save_checklist(id, question_id, &ticked, &note, Utc::now())?;
    crate::views::checklist::ChecklistAnswerDto::new(&store.scored(id)?, question_id).ok_or_else(
        || {
            ServiceError::Invalid(format!(
                "question `{question_id}` is not a checklist question"
            ))
        },
    )
}

pub fn clear_answer(store: &mut Store, id: i64, question_id: &str) -> Result<()> {
    Ok(store.clear_consensus(id, question_id)?)
}

/// Finishes an assessment. With applicable questions still without a level,
/// only when `accept_gaps` says the person was told what happens to them
/// (`ServiceError::Gaps` carries the words); nothing is changed otherwise.
pub fn finish(store: &mut Store, id: i64, accept_gaps: bool) -> Result<AssessmentDto> {
    if !accept_gaps {
        let scored = store.scored(id)?;
        let maturity = scored
            .coverage()
            .finish_warning()
            .filter(|_| scored.coverage().asked > 0);
        let warning = match (maturity, scored.checklist_warning()) {
            (Some(m), Some(c)) => Some(format!("{m} {c}")),
            (m, c) => m.or(c),
        };
        if let Some(warning) = warning {
            return Err(ServiceError::Gaps(warning));
        }
    }
    store.complete(id, Utc::now())?;
    assessment(store, id)
}

/// The results of one assessment: its scores against the previous completed
/// one and the targets in force then, the charts, and the actions finished
/// between the two with whether their question moved.
pub fn results(store: &Store, id: i64, theme: ThemeDto) -> Result<ResultsDto> {
    let ctx = AssessmentContext::load(store, id)?;
    let summary = ctx.summary();
    let charts = opex_report::charts(&summary, &ctx.current, theme.into())?;
    let mut dto = ResultsDto::new(&ctx.current, ctx.previous.as_ref(), &summary, charts);
    if let Some(p) = &ctx.previous {
        let runs = [p.clone(), ctx.current.clone()];
        let (from, to) = (p.assessment.started_at, ctx.current.assessment.started_at);
        dto.finished_actions = ctx
            .actions
            .iter()
            .filter(|a| a.finished_between(from, to))
            .map(|a| FinishedActionDto {
                title: a.title.clone(),
                question_id: a.question_id.clone(),
                moved: action_moved(&runs, a),
            })
            .collect();
    }
    Ok(dto)
}

#[cfg(test)]
mod tests {
    use super::*;
    use opex_store::organisation::Organisation;

    fn names(list: &TeamListDto) -> Vec<&str> {
        list.teams.iter().map(|t| t.name.as_str()).collect()
    }

    #[test]
    fn teams_come_a_page_at_a_time_found_by_name_with_their_newest_assessments() {
        let mut store = Store::open_in_memory().unwrap();
        let bank = opex_core::default_bank().unwrap();
        let org = Organisation {
            teams: 3,
            assessments: 8,
            voters: 2,
        };
        create_organisation(&mut store, &bank, org).unwrap();
        for name in ["payments web", "Alpha"] {
            store.create_team(name).unwrap();
        }
        let all = team_list(&store, "", 0, 100).unwrap();
        assert_eq!((all.total, all.matching), (5, 5));
        assert_eq!(names(&all)[0], "Alpha", "by name, any case");

        let found = team_list(&store, "  PAYMENTS ", 0, 100).unwrap();
        assert_eq!((found.total, found.matching), (5, 2), "{:?}", names(&found));
        assert!(
            names(&found)
                .iter()
                .all(|n| n.to_lowercase().contains("payments"))
        );
        let second = team_list(&store, "payments", 1, 1).unwrap();
        assert_eq!(names(&second), [names(&found)[1]]);
        assert_eq!(second.matching, 2, "the count covers every page");
        assert!(
            team_list(&store, "payments", 2, 1)
                .unwrap()
                .teams
                .is_empty()
        );

        // A team with eight assessments lists its newest five, oldest
        // first, and counts all eight; the team page has them all.
        let busy = all
            .teams
            .iter()
            .find(|t| t.assessment_count == 8)
            .expect("a generated team");
        let full = team(&store, busy.id).unwrap();
        assert_eq!(full.assessments.len(), 8);
        let ids = |ts: &[AssessmentDto]| ts.iter().map(|a| a.id).collect::<Vec<_>>();
        assert_eq!(ids(&busy.assessments), ids(&full.assessments[3..]));
        assert!(busy.assessments.len() <= RECENT);
        let empty = all.teams.iter().find(|t| t.name == "Alpha").unwrap();
        assert_eq!((empty.assessment_count, empty.assessments.len()), (0, 0));
    }

    #[test]
    fn an_assessment_in_progress_is_listed_however_old() {
        let mut store = Store::open_in_memory().unwrap();
        let bank = opex_core::default_bank().unwrap();
        let t = store.create_team("Old draft").unwrap();
        let at = |days: i64| Utc::now() - chrono::Duration::days(days);
        let draft = store
            .start_assessment(t.id, &bank, "full", at(900))
            .unwrap();
        for i in 0..6 {
            let a = store
                .start_assessment(t.id, &bank, "quick", at(800 - i * 90))
                .unwrap();
            store.complete(a.id, at(799 - i * 90)).unwrap();
        }
        let list = team_list(&store, "", 0, 10).unwrap();
        let shown = &list.teams[0];
        assert_eq!(shown.assessment_count, 7);
        assert_eq!(shown.assessments.len(), RECENT + 1);
        assert_eq!(
            shown.assessments[0].id, draft.id,
            "the draft, first as the oldest"
        );
    }
}
