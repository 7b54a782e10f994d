//! Builds the DTOs a command returns from the store: the glue between one
//! command call and the crates, kept out of the commands so they stay one line.

use crate::dto::{
    AssessmentDto, BankChoiceDto, BankFileDto, FinishedActionDto, QuestionnaireDto, ResultsDto,
    TeamDto, ThemeDto,
};
use crate::error::CmdResult;
use chrono::Utc;
use opex_core::Bank;
use opex_report::Theme;
use opex_store::{ScoredAssessment, Store};

pub fn assessment(store: &Store, id: i64) -> CmdResult<AssessmentDto> {
    let scored = store.scored(id)?;
    Ok(AssessmentDto::new(&scored.assessment, &scored))
}

pub fn teams(store: &Store) -> CmdResult<Vec<TeamDto>> {
    store
        .teams()?
        .iter()
        .map(|t| {
            let assessments = store
                .assessments(t.id)?
                .iter()
                .map(|a| assessment(store, a.id))
                .collect::<CmdResult<_>>()?;
            Ok(TeamDto::new(t, assessments))
        })
        .collect()
}

pub fn team(store: &Store, id: i64) -> CmdResult<TeamDto> {
    let t = store.team(id)?;
    let assessments = store
        .assessments(t.id)?
        .iter()
        .map(|a| assessment(store, a.id))
        .collect::<CmdResult<_>>()?;
    Ok(TeamDto::new(&t, assessments))
}

pub fn create_team(store: &mut Store, name: &str) -> CmdResult<TeamDto> {
    let id = store.create_team(name)?.id;
    team(store, id)
}

/// Starts an assessment on the built-in bank, or on the stored bank
/// `bank_hash`, recording the review of open actions in the same transaction.
pub fn start_assessment(
    store: &mut Store,
    team_id: i64,
    builtin: &Bank,
    bank_hash: Option<&str>,
    profile: &str,
    reviews: Vec<crate::history::ReviewDto>,
) -> CmdResult<AssessmentDto> {
    let stored;
    let bank = match bank_hash {
        Some(hash) if hash != builtin.content_hash() => {
            stored = store.stored_bank(hash)?;
            &stored
        }
        _ => builtin,
    };
    let reviews = crate::history::reviews(reviews)?;
    let id = store
        .start_assessment_reviewed(team_id, bank, profile, Utc::now(), &reviews)?
        .id;
    assessment(store, id)
}

/// The banks a new assessment can use: the built-in one first, then imports.
pub fn banks(store: &Store, builtin: &Bank) -> CmdResult<Vec<BankChoiceDto>> {
    let builtin_hash = builtin.content_hash();
    let mut out = vec![BankChoiceDto::new(builtin, true)];
    for (info, bank) in store.imported_banks()? {
        if info.hash != builtin_hash {
            out.push(BankChoiceDto::new(&bank, false));
        }
    }
    Ok(out)
}

/// Validates the picked files as one bank and keeps it; every problem is reported.
pub fn import_bank(store: &mut Store, files: Vec<BankFileDto>) -> CmdResult<BankChoiceDto> {
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

pub fn finish(store: &mut Store, id: i64) -> CmdResult<AssessmentDto> {
    store.complete(id, Utc::now())?;
    assessment(store, id)
}

pub fn questionnaire(store: &Store, id: i64) -> CmdResult<QuestionnaireDto> {
    Ok(QuestionnaireDto::new(&store.scored(id)?))
}

fn previous(store: &Store, scored: &ScoredAssessment) -> CmdResult<Option<ScoredAssessment>> {
    Ok(match store.previous_completed(&scored.assessment)? {
        Some(p) => Some(store.scored(p.id)?),
        None => None,
    })
}

pub fn results(store: &Store, id: i64, theme: ThemeDto) -> CmdResult<ResultsDto> {
    let scored = store.scored(id)?;
    let prev = previous(store, &scored)?;
    let targets = opex_report::summary::targets_in_force(store, &scored.assessment)?;
    let summary = opex_report::summarize(&scored, prev.as_ref()).with_targets(&targets);
    let theme = match theme {
        ThemeDto::Light => Theme::Light,
        ThemeDto::Dark => Theme::Dark,
    };
    let charts = opex_report::charts(&summary, &scored, theme);
    let mut dto = ResultsDto::new(&scored, prev.as_ref(), &summary, charts);
    // Did it work? Actions finished between the previous assessment and this one.
    if let Some(p) = &prev {
        let runs = [p.clone(), scored.clone()];
        for a in store.actions(scored.assessment.team_id)? {
            let in_window = a
                .done_at
                .is_some_and(|d| d >= p.assessment.started_at && d < scored.assessment.started_at);
            if in_window {
                dto.finished_actions.push(FinishedActionDto {
                    title: a.title.clone(),
                    question_id: a.question_id.clone(),
                    moved: opex_report::history::action_moved(&runs, &a),
                });
            }
        }
    }
    Ok(dto)
}

/// A demo team with a year of quarterly assessments, for a first look around.
pub fn create_demo(store: &mut Store, bank: &Bank) -> CmdResult<TeamDto> {
    let id = opex_store::demo::create_demo(store, bank, "Demo: Payments Platform", Utc::now())?.id;
    team(store, id)
}

/// Exports one assessment's report; `format` is pdf, html, markdown, json or csv.
pub fn export(
    store: &Store,
    id: i64,
    format: &str,
    path: &str,
    include_notes: bool,
    letter: bool,
) -> CmdResult<Vec<String>> {
    use opex_report::export::{Options, export};
    let (format, paper) = format_and_paper(format, letter)?;
    let options = Options {
        include_notes,
        paper,
        assessment_scope: false,
        from: None,
    };
    let written = export(
        store,
        id,
        format,
        options,
        std::path::Path::new(path),
        Utc::now(),
    )?;
    Ok(written.iter().map(|p| p.display().to_string()).collect())
}

/// A format name from the UI (pdf, html, markdown, json or csv) and the paper.
fn format_and_paper(
    format: &str,
    letter: bool,
) -> CmdResult<(opex_report::export::Format, opex_report::pdf::Paper)> {
    let format = format.parse()?;
    let paper = if letter {
        opex_report::pdf::Paper::Letter
    } else {
        opex_report::pdf::Paper::A4
    };
    Ok((format, paper))
}

/// Writes every team's portfolio as `format`, whole or not at all.
pub fn export_portfolio(
    store: &Store,
    bank: &Bank,
    path: &str,
    format: &str,
    letter: bool,
) -> CmdResult<String> {
    let (format, paper) = format_and_paper(format, letter)?;
    let p = opex_report::portfolio::build(store, bank, &[], Utc::now())?;
    let bytes = opex_report::portfolio::render(&p, format, paper)?;
    opex_report::export::write_atomically(std::path::Path::new(path), &bytes)?;
    Ok(path.to_string())
}
