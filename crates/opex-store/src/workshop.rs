//! Workshop mode: starting a facilitated assessment with its agenda and
//! people, reading it back, and the guard every workshop change runs through
//! (the question exists, the assessment is open, the move is allowed).

use crate::actions::write_review;
use crate::assessments::{check_profile, insert_assessment};
use crate::rows::{clean, parse_ts, ts};
use crate::{Store, StoreError};
use chrono::{DateTime, Utc};
use opex_core::action::Review;
use opex_core::workshop::{
    Anonymity, Move, QuestionState, Transition, Workshop, WorkshopQuestion, WorkshopSettings,
};
use opex_core::{Assessment, Bank};
use rusqlite::{Connection, params};
use std::collections::{HashMap, HashSet};

/// A workshop to start: on what, how, with whom, and the review of the team's
/// open actions recorded with it.
#[derive(Debug, Clone)]
pub struct NewWorkshop<'a> {
    pub team_id: i64,
    pub bank: &'a Bank,
    pub profile: &'a str,
    pub settings: WorkshopSettings,
    /// Names or aliases; not stored in an anonymous workshop.
    pub names: Vec<String>,
    pub reviews: Vec<Review>,
}

impl Store {
    /// Starts a workshop and records the review of open actions, in one
    /// transaction. In an anonymous workshop the names are not stored.
    pub fn start_workshop(
        &mut self,
        new: &NewWorkshop,
        at: DateTime<Utc>,
    ) -> Result<Assessment, StoreError> {
        let NewWorkshop {
            team_id,
            bank,
            profile,
            settings,
            names,
            reviews,
        } = new;
        let (team_id, profile) = (*team_id, *profile);
        if settings.timer_seconds == 0 {
            return Err(StoreError::Invalid(
                "the discussion timer must be at least one second".into(),
            ));
        }
        check_headcount(settings.headcount)?;
        if let Some(areas) = &settings.areas {
            if areas.is_empty() {
                return Err(StoreError::Invalid("choose at least one area".into()));
            }
            if let Some(bad) = areas.iter().find(|a| bank.area(a).is_none()) {
                return Err(StoreError::Invalid(format!(
                    "bank `{}` has no area `{bad}`",
                    bank.id
                )));
            }
        }
        let names: Vec<String> = names
            .iter()
            .filter(|n| !n.trim().is_empty())
            .map(|n| crate::participants::person_name(n).map(str::to_string))
            .collect::<Result<_, _>>()?;
        let unique: HashSet<&str> = names.iter().map(String::as_str).collect();
        if unique.len() != names.len() {
            return Err(StoreError::Invalid(
                "two participants have the same name; give each a distinct name or alias".into(),
            ));
        }
        if names.is_empty() && settings.anonymity.keeps_names() {
            return Err(StoreError::Invalid("add at least one participant".into()));
        }
        check_profile(bank, profile)?;
        let areas = settings
            .areas
            .as_ref()
            .map(|v| serde_json::to_string(v).unwrap_or_default());
        let mut assessment = Assessment {
            id: 0,
            team_id,
            team_name: String::new(),
            bank_hash: String::new(),
            bank_id: bank.id.clone(),
            bank_version: bank.version.clone(),
            bank_title: bank.title.clone(),
            profile: profile.to_string(),
            started_at: at,
            completed_at: None,
            kind: "workshop".into(),
            areas: settings.areas.clone(),
        };
        let asked = assessment.asked(bank);
        if asked.is_empty() {
            return Err(StoreError::Invalid(
                "the chosen areas have no questions in this profile".into(),
            ));
        }
        // A workshop votes on levels; a lens's checklist questions are ticked
        // in an assessment instead.
        let checklists = asked
            .iter()
            .filter(|id| bank.question(id).is_some_and(|q| q.checklist.is_some()))
            .count();
        if checklists > 0 {
            return Err(StoreError::Invalid(format!(
                "{checklists} of the chosen questions are checklists (an AWS lens's), which a workshop cannot vote on: \
                 start an assessment to tick them, or choose only areas with maturity questions"
            )));
        }
        // One transaction: a workshop exists whole, with its agenda and people, or not at all.
        let id = self.with_tx(|tx| {
            let id = insert_assessment(tx, team_id, bank, profile, at)?;
            assessment.id = id;
            tx.execute(
                "UPDATE assessments SET kind = 'workshop', anonymity = ?2, timer_seconds = ?3, area_filter = ?4, \
                 current_question = ?5, current_since = ?6, headcount = ?7 WHERE id = ?1",
                params![id, settings.anonymity.as_str(), settings.timer_seconds, areas, asked[0], ts(at), settings.headcount],
            )?;
            for q in &asked {
                tx.execute(
                    "INSERT INTO workshop_questions (assessment_id, question_id, updated_at) VALUES (?1, ?2, ?3)",
                    params![id, q, ts(at)],
                )?;
            }
            if settings.anonymity.keeps_names() {
                for name in &names {
                    tx.execute(
                        "INSERT INTO participants (assessment_id, name, created_at) VALUES (?1, ?2, ?3)",
                        params![id, name, ts(at)],
                    )?;
                }
            }
            for r in reviews {
                write_review(tx, (&assessment).into(), r, at)?;
            }
            Ok(id)
        })?;
        self.assessment(id)
    }

    /// The workshop behind `assessment_id`.
    pub fn workshop(&self, assessment_id: i64) -> Result<Workshop, StoreError> {
        let assessment = self.assessment(assessment_id)?;
        if !assessment.is_workshop() {
            return Err(StoreError::Invalid(format!(
                "assessment {assessment_id} is not a workshop"
            )));
        }
        let bank = self.bank_of(assessment_id)?;
        #[allow(clippy::type_complexity)]
        let (anonymity, timer, current, since, headcount): (String, u32, Option<String>, Option<String>, Option<u32>) = self.conn().query_row(
            "SELECT anonymity, timer_seconds, current_question, current_since, headcount FROM assessments WHERE id = ?1",
            [assessment_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )?;
        let current_since = since.as_deref().map(parse_ts).transpose()?;
        let mut states: HashMap<String, WorkshopQuestion> = {
            let mut stmt = self.conn().prepare_cached(
                "SELECT question_id, round, state, elapsed_ms, facilitator_note FROM workshop_questions WHERE assessment_id = ?1",
            )?;
            let rows = stmt.query_map([assessment_id], |r| {
                Ok(WorkshopQuestion {
                    question_id: r.get(0)?,
                    round: r.get(1)?,
                    state: r
                        .get::<_, String>(2)?
                        .parse::<QuestionState>()
                        .map_err(|e| crate::rows::bad_column(2, e))?,
                    elapsed_ms: r.get::<_, i64>(3)?.max(0) as u64,
                    facilitator_note: r.get(4)?,
                })
            })?;
            rows.map(|q| q.map(|q| (q.question_id.clone(), q)))
                .collect::<Result<_, _>>()?
        };
        let asked = assessment.asked(&bank);
        let questions: Vec<WorkshopQuestion> = asked
            .iter()
            .map(|id| {
                states.remove(id).unwrap_or(WorkshopQuestion {
                    question_id: id.clone(),
                    round: 1,
                    state: QuestionState::Voting,
                    elapsed_ms: 0,
                    facilitator_note: None,
                })
            })
            .collect();
        let current = current
            .filter(|c| asked.contains(c))
            .or_else(|| asked.first().cloned())
            .unwrap_or_default();
        Ok(Workshop {
            settings: WorkshopSettings {
                anonymity: anonymity
                    .parse::<Anonymity>()
                    .map_err(|e| StoreError::Invalid(e.to_string()))?,
                timer_seconds: timer,
                areas: assessment.areas.clone(),
                headcount,
            },
            participants: self.participants(assessment_id)?,
            assessment,
            bank,
            questions,
            current,
            current_since,
        })
    }

    /// Runs `f` on a workshop question that exists, in an open assessment, in
    /// one transaction. With a move, the move must be allowed from the
    /// question's state (opex-core's rule), and its new state and round are
    /// written after `f`.
    pub(crate) fn on_question<T>(
        &mut self,
        assessment_id: i64,
        question_id: &str,
        m: Option<Move>,
        f: impl FnOnce(&Connection, &WorkshopQuestion, Anonymity) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let w = self.workshop(assessment_id)?;
        if w.assessment.is_complete() {
            return Err(StoreError::Closed(assessment_id));
        }
        let q = w.question(question_id).cloned().ok_or_else(|| {
            StoreError::Invalid(format!(
                "question `{question_id}` is not part of workshop {assessment_id}"
            ))
        })?;
        let transition = m.map(|m| q.state.apply(m)).transpose()?;
        let anonymity = w.settings.anonymity;
        self.with_tx(|tx| {
            tx.execute(
                "INSERT OR IGNORE INTO workshop_questions (assessment_id, question_id, updated_at) VALUES (?1, ?2, ?3)",
                params![assessment_id, question_id, ts(Utc::now())],
            )?;
            let out = f(tx, &q, anonymity)?;
            if let Some(t) = transition {
                write_transition(tx, assessment_id, &q, t)?;
            }
            Ok(out)
        })
    }

    pub fn set_facilitator_note(
        &mut self,
        assessment_id: i64,
        question_id: &str,
        note: &Option<String>,
    ) -> Result<(), StoreError> {
        let note = clean(note);
        self.on_question(assessment_id, question_id, None, |tx, _, _| {
            tx.execute(
                "UPDATE workshop_questions SET facilitator_note = ?3 WHERE assessment_id = ?1 AND question_id = ?2",
                params![assessment_id, question_id, note],
            )?;
            Ok(())
        })
    }

    /// Sets or clears how many people are in the room, while the workshop runs.
    pub fn set_headcount(
        &mut self,
        assessment_id: i64,
        headcount: Option<u32>,
    ) -> Result<(), StoreError> {
        check_headcount(headcount)?;
        let w = self.workshop(assessment_id)?;
        if w.assessment.is_complete() {
            return Err(StoreError::Closed(assessment_id));
        }
        self.with_tx(|tx| {
            tx.execute(
                "UPDATE assessments SET headcount = ?2 WHERE id = ?1",
                params![assessment_id, headcount],
            )?;
            Ok(())
        })
    }
}

/// The people in the room, when given: 1 to [`MAX_HEADCOUNT`].
fn check_headcount(headcount: Option<u32>) -> Result<(), StoreError> {
    match headcount {
        Some(n) if n == 0 || n > MAX_HEADCOUNT => Err(StoreError::Invalid(format!(
            "the number of people in the room must be between 1 and {MAX_HEADCOUNT}, not {n}"
        ))),
        _ => Ok(()),
    }
}

/// The most people a workshop's headcount may say.
pub const MAX_HEADCOUNT: u32 = 500;

/// Writes a question's new state, and a new round when voting starts again.
fn write_transition(
    tx: &Connection,
    assessment_id: i64,
    q: &WorkshopQuestion,
    t: Transition,
) -> Result<(), StoreError> {
    if t.state == q.state && !t.new_round {
        return Ok(());
    }
    tx.execute(
        "UPDATE workshop_questions SET state = ?3, round = round + ?4, updated_at = ?5 \
         WHERE assessment_id = ?1 AND question_id = ?2",
        params![
            assessment_id,
            q.question_id,
            t.state.as_str(),
            i64::from(t.new_round),
            ts(Utc::now())
        ],
    )?;
    Ok(())
}
