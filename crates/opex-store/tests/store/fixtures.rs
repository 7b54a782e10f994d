//! The set-up the tests share: a fresh store holding one team and the default
//! bank, workshops limited to the `scaling` area, answers and dates.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use opex_core::workshop::{Anonymity, Workshop, WorkshopSettings};
use opex_core::{Answer, Assessment, Bank, QuestionScore, Response, Team};
use opex_store::{NewWorkshop, Store, StoreError};
use std::path::Path;

/// The people of a workshop, in the order they join.
pub const PEOPLE: [&str; 5] = ["Ana", "Ben", "Chidi", "Dana", "Eli"];

/// The embedded default bank.
pub fn bank() -> Bank {
    opex_core::default_bank().unwrap()
}

/// A store with one team in it, and the default bank to assess it against.
pub struct Setup {
    pub store: Store,
    pub team: Team,
    pub bank: Bank,
}

impl Setup {
    /// A fresh in-memory database holding one team named `team`.
    pub fn new(team: &str) -> Setup {
        Setup::with(Store::open_in_memory().unwrap(), team)
    }

    /// A fresh database file at `path` holding one team named `team`.
    pub fn on_file(path: &Path, team: &str) -> Setup {
        Setup::with(Store::open(path).unwrap(), team)
    }

    fn with(mut store: Store, team: &str) -> Setup {
        let team = store.create_team(team).unwrap();
        Setup {
            store,
            team,
            bank: bank(),
        }
    }

    /// Starts a self-assessment of the team against the whole default bank.
    pub fn assessment(&mut self, at: DateTime<Utc>) -> Assessment {
        self.store
            .start_assessment(self.team.id, &self.bank, "full", at)
            .unwrap()
    }

    /// Tries to start a workshop of the team's `scaling` area with `names`.
    pub fn try_workshop(
        &mut self,
        anonymity: Anonymity,
        names: &[&str],
        at: DateTime<Utc>,
    ) -> Result<Assessment, StoreError> {
        let new = new_workshop(self.team.id, &self.bank, anonymity, names);
        self.store.start_workshop(&new, at)
    }

    /// Starts a workshop of the team's `scaling` area with `names`, and reads
    /// it back.
    pub fn workshop(
        &mut self,
        anonymity: Anonymity,
        names: &[&str],
        at: DateTime<Utc>,
    ) -> Workshop {
        let a = self.try_workshop(anonymity, names, at).unwrap();
        self.store.workshop(a.id).unwrap()
    }
}

/// Workshop settings with a four-minute timer, limited to the `scaling` area.
pub fn settings(anonymity: Anonymity) -> WorkshopSettings {
    WorkshopSettings {
        anonymity,
        timer_seconds: 240,
        areas: Some(vec!["scaling".into()]),
        headcount: None,
    }
}

/// A workshop of the full profile with `settings(anonymity)` and `names`, no reviews.
pub fn new_workshop<'a>(
    team_id: i64,
    bank: &'a Bank,
    anonymity: Anonymity,
    names: &[&str],
) -> NewWorkshop<'a> {
    NewWorkshop {
        team_id,
        bank,
        profile: "full",
        settings: settings(anonymity),
        names: names.iter().map(|n| n.to_string()).collect(),
        reviews: Vec::new(),
    }
}

/// A level answer.
pub fn level(l: u8) -> Answer {
    Answer::Level(l)
}

/// A level answer with an optional note.
pub fn response(l: u8, note: Option<&str>) -> Response {
    Response {
        answer: level(l),
        note: note.map(str::to_string),
        breadth: None,
    }
}

/// 09:00 UTC on a day of 2026.
pub fn day(month: u32, d: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, month, d, 9, 0, 0).unwrap()
}

/// A calendar date.
pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// How one question counts towards the overall score of an assessment now.
pub fn contribution(store: &Store, assessment_id: i64, question_id: &str) -> QuestionScore {
    store
        .scored(assessment_id)
        .unwrap()
        .scores
        .overall
        .contributions
        .into_iter()
        .find(|c| c.question_id == question_id)
        .unwrap()
}
