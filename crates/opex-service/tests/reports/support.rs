//! Shared set-up: a demo team in a fresh in-memory store, and the report
//! builders as a front door calls them.

use chrono::{DateTime, Utc};
use opex_report::ReportError;
use opex_report::leadership::ReportData;
use opex_report::pdf::Paper;
use opex_service::ServiceError;
use opex_service::load::leadership_input;
use opex_store::Store;

pub fn demo(name: &str) -> (Store, i64) {
    let mut store = Store::open_in_memory().unwrap();
    let bank = opex_core::default_bank().unwrap();
    let team = opex_store::demo::create_demo(&mut store, &bank, name, Utc::now()).unwrap();
    (store, team.id)
}

/// The leadership report of the team's latest completed assessment started on
/// or before `until`.
pub fn build(
    store: &Store,
    team: i64,
    until: Option<DateTime<Utc>>,
    notes: bool,
) -> Result<ReportData, ServiceError> {
    let input = leadership_input(store, team, None, until, notes, Utc::now())?;
    Ok(opex_report::leadership::build(&input)?)
}

pub fn leadership_pdf(
    store: &Store,
    team: i64,
    notes: bool,
    paper: Paper,
) -> Result<Vec<u8>, ServiceError> {
    let input = leadership_input(store, team, None, None, notes, Utc::now())?;
    Ok(opex_report::pdf::leadership_pdf(&input, paper)?)
}

pub fn scores_csv(store: &Store, team: i64) -> Result<String, ReportError> {
    let name = store.team(team).unwrap().name;
    opex_report::leadership::scores_csv(&name, &store.completed(team).unwrap())
}

pub fn answers_csv(store: &Store, id: i64, notes: bool) -> Result<String, ReportError> {
    let s = store.scored(id).unwrap();
    let anonymity = match s.assessment.is_workshop() {
        true => store.workshop(id).unwrap().settings.anonymity,
        false => opex_core::workshop::Anonymity::Open,
    };
    opex_report::leadership::answers_csv(&s, anonymity, notes)
}
