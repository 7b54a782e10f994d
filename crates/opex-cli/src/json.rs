//! The JSON that `history`, `actions` and `compare` print with `--json`: typed
//! and versioned, for scripts. Each document carries `version`
//! ([`JSON_VERSION`]); its JSON Schema is generated from these types and
//! committed in `crates/opex-cli/schema/` (`opex json-schema --out
//! crates/opex-cli/schema` rewrites them; a test fails when they drift).
//!
//! Fields are declared in alphabetical order, so the output is byte for byte
//! what earlier versions printed (they built it with `serde_json::json!`,
//! whose objects sort their keys). Every field is always present; an unknown
//! value is `null`, never a missing key.

use clap::ValueEnum;
use opex_core::Team;
use opex_core::action::{Action, ActionStatus};
use opex_core::compare::QuestionChange;
use opex_core::timeline::History;
use opex_service::team::Compared;
use schemars::{JsonSchema, Schema};
use serde::Serialize;
use std::collections::BTreeMap;

/// The version of every `--json` document; bumped on an incompatible change,
/// with a new schema file beside the old one.
pub const JSON_VERSION: u32 = 1;

/// The documents that have a schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum JsonKind {
    /// `opex history --json`.
    History,
    /// `opex actions --json`.
    Actions,
    /// `opex compare --json`.
    Compare,
}

impl JsonKind {
    pub const ALL: [JsonKind; 3] = [JsonKind::History, JsonKind::Actions, JsonKind::Compare];

    /// The committed schema's file name, e.g. `history-v1.schema.json`.
    pub fn file_name(self) -> String {
        let name = match self {
            JsonKind::History => "history",
            JsonKind::Actions => "actions",
            JsonKind::Compare => "compare",
        };
        format!("{name}-v{JSON_VERSION}.schema.json")
    }

    /// The JSON Schema, pretty, with a final newline.
    pub fn schema(self) -> String {
        let schema = match self {
            JsonKind::History => schemars::schema_for!(HistoryJson),
            JsonKind::Actions => schemars::schema_for!(ActionsJson),
            JsonKind::Compare => schemars::schema_for!(CompareJson),
        };
        pretty(&schema)
    }
}

/// Every field is printed, `null` or not: the schema requires them all
/// (schemars leaves an `Option` field out of `required`).
fn require_all(schema: &mut Schema) {
    let names: Vec<serde_json::Value> = schema
        .get("properties")
        .and_then(|p| p.as_object())
        .map(|p| p.keys().cloned().map(Into::into).collect())
        .unwrap_or_default();
    schema.insert("required".into(), names.into());
}

/// Pretty JSON with a final newline.
pub fn pretty(value: &impl Serialize) -> String {
    serde_json::to_string_pretty(value).unwrap_or_default() + "\n"
}

/// Where an action stands: the same four words on the command line
/// (`--status`) and in the JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema, ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Open,
    #[value(name = "in_progress")]
    InProgress,
    Done,
    Dropped,
}

impl From<ActionStatus> for Status {
    fn from(s: ActionStatus) -> Self {
        match s {
            ActionStatus::Open => Status::Open,
            ActionStatus::InProgress => Status::InProgress,
            ActionStatus::Done => Status::Done,
            ActionStatus::Dropped => Status::Dropped,
        }
    }
}

impl From<Status> for ActionStatus {
    fn from(s: Status) -> Self {
        match s {
            Status::Open => ActionStatus::Open,
            Status::InProgress => ActionStatus::InProgress,
            Status::Done => ActionStatus::Done,
            Status::Dropped => ActionStatus::Dropped,
        }
    }
}

/// `opex history --json`: a team's completed assessments, oldest first, with
/// the mean score of each area.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(transform = require_all)]
pub struct HistoryJson {
    /// The areas, in the latest bank's order.
    pub areas: Vec<AreaName>,
    pub assessments: Vec<HistoryPoint>,
    pub team: String,
    #[schemars(extend("const" = JSON_VERSION))]
    pub version: u32,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(transform = require_all)]
pub struct AreaName {
    pub id: String,
    pub name: String,
}

/// One completed assessment on the team's time line.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(transform = require_all)]
pub struct HistoryPoint {
    /// Area id → mean score (1-5), `null` when nothing in it was answered.
    pub areas: BTreeMap<String, Option<f64>>,
    /// The assessment's id.
    pub assessment: i64,
    /// Areas in which a question changed (replaced or reworded) since the
    /// previous assessment: their trend crosses a bank revision.
    pub changed_areas: Vec<String>,
    /// "self" or "workshop".
    pub kind: String,
    /// The overall score (1-5), `null` when nothing was answered.
    pub overall: Option<f64>,
    pub participants: usize,
    /// "full", "quick", …
    pub profile: String,
    /// RFC 3339, UTC.
    #[schemars(extend("format" = "date-time"))]
    pub started_at: String,
}

impl HistoryJson {
    pub fn new(team: &Team, h: &History) -> Self {
        HistoryJson {
            areas: h
                .areas
                .iter()
                .map(|(id, name)| AreaName {
                    id: id.clone(),
                    name: name.clone(),
                })
                .collect(),
            assessments: h
                .points
                .iter()
                .map(|p| HistoryPoint {
                    areas: h
                        .areas
                        .iter()
                        .zip(&p.areas)
                        .map(|((id, _), v)| (id.clone(), *v))
                        .collect(),
                    assessment: p.assessment_id,
                    changed_areas: p.changed_areas.clone(),
                    kind: p.kind.clone(),
                    overall: p.overall,
                    participants: p.participants,
                    profile: p.profile.clone(),
                    started_at: p.at.to_rfc3339(),
                })
                .collect(),
            team: team.name.clone(),
            version: JSON_VERSION,
        }
    }
}

/// `opex actions --json`: a team's improvement actions, oldest first.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(transform = require_all)]
pub struct ActionsJson {
    pub actions: Vec<ActionJson>,
    pub team: String,
    #[schemars(extend("const" = JSON_VERSION))]
    pub version: u32,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(transform = require_all)]
pub struct ActionJson {
    /// The area it improves.
    pub area: Option<String>,
    /// RFC 3339, UTC.
    #[schemars(extend("format" = "date-time"))]
    pub created_at: String,
    /// When it was marked done: RFC 3339, UTC.
    #[schemars(extend("format" = "date-time"))]
    pub done_at: Option<String>,
    /// YYYY-MM-DD.
    #[schemars(pattern(r"^\d{4}-\d{2}-\d{2}$"))]
    pub due_date: Option<String>,
    pub id: i64,
    pub notes: Option<String>,
    pub owner: Option<String>,
    /// The question it improves.
    pub question: Option<String>,
    pub status: Status,
    pub title: String,
}

impl ActionsJson {
    pub fn new(team: &Team, actions: &[Action]) -> Self {
        ActionsJson {
            actions: actions
                .iter()
                .map(|a| ActionJson {
                    area: a.area_id.clone(),
                    created_at: a.created_at.to_rfc3339(),
                    done_at: a.done_at.map(|d| d.to_rfc3339()),
                    due_date: a.due_date.map(|d| d.format("%Y-%m-%d").to_string()),
                    id: a.id,
                    notes: a.notes.clone(),
                    owner: a.owner.clone(),
                    question: a.question_id.clone(),
                    status: a.status.into(),
                    title: a.title.clone(),
                })
                .collect(),
            team: team.name.clone(),
            version: JSON_VERSION,
        }
    }
}

/// `opex compare --json`: two assessments of a team, the earlier first,
/// compared on the questions answered in both.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(transform = require_all)]
pub struct CompareJson {
    pub areas: Vec<AreaChangeJson>,
    /// How many questions were answered in both.
    pub compared: usize,
    /// Asked in the earlier assessment only (and not replaced).
    pub dropped: Vec<String>,
    /// The earlier assessment's id.
    pub earlier: i64,
    /// Improved by at least a level, largest first.
    pub improved: Vec<QuestionChangeJson>,
    /// The later assessment's id.
    pub later: i64,
    /// Asked in the later assessment only.
    pub new: Vec<String>,
    /// Fell by at least a level, largest first.
    pub regressed: Vec<QuestionChangeJson>,
    #[schemars(extend("const" = JSON_VERSION))]
    pub version: u32,
}

/// One area in both assessments, like for like.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(transform = require_all)]
pub struct AreaChangeJson {
    /// The later score on the questions answered in both.
    pub after: Option<f64>,
    /// The area's id.
    pub area: String,
    /// The earlier score on the questions answered in both.
    pub before: Option<f64>,
    /// How many of its questions were answered in both.
    pub compared: usize,
    /// Exactly `after - before`, to one decimal.
    pub delta: Option<f64>,
    /// The earlier assessment's area score on all its questions.
    pub earlier_mean: Option<f64>,
    /// The later assessment's area score on all its questions.
    pub later_mean: Option<f64>,
    /// The change is at least the minimum change for this many questions.
    pub real: bool,
}

/// One question answered in both assessments.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(transform = require_all)]
pub struct QuestionChangeJson {
    pub after: f64,
    pub before: f64,
    /// It replaces an earlier question, or its wording changed.
    pub changed_wording: bool,
    pub delta: f64,
    /// The later assessment's question id.
    pub question: String,
}

impl From<&QuestionChange> for QuestionChangeJson {
    fn from(x: &QuestionChange) -> Self {
        QuestionChangeJson {
            after: x.after,
            before: x.before,
            changed_wording: x.changed_wording,
            delta: x.delta(),
            question: x.question.clone(),
        }
    }
}

impl CompareJson {
    pub fn new(c: &Compared) -> Self {
        let q = &c.questions;
        CompareJson {
            areas: c
                .summary
                .areas
                .iter()
                .map(|r| AreaChangeJson {
                    after: r.change.map(|c| c.after),
                    area: r.id.clone(),
                    before: r.change.map(|c| c.before),
                    compared: r.change.map_or(0, |c| c.compared),
                    delta: r.change.map(|c| c.delta),
                    earlier_mean: r.previous_mean,
                    later_mean: r.mean,
                    real: r.change.is_some_and(|c| c.real),
                })
                .collect(),
            compared: q.questions.len(),
            dropped: q.dropped.clone(),
            earlier: c.earlier.assessment.id,
            improved: q.improved.iter().map(Into::into).collect(),
            later: c.later.assessment.id,
            new: q.new.clone(),
            regressed: q.regressed.iter().map(Into::into).collect(),
            version: JSON_VERSION,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_words_are_cores_on_the_command_line_and_in_json() {
        for &s in ActionStatus::ALL {
            let word = Status::from(s);
            assert_eq!(pretty(&word), format!("\"{}\"\n", s.as_str()));
            let parsed = Status::from_str(s.as_str(), false);
            assert_eq!(parsed.map(ActionStatus::from), Ok(s));
        }
    }

    #[test]
    fn schemas_are_strict() {
        for kind in JsonKind::ALL {
            let schema: serde_json::Value =
                serde_json::from_str(&kind.schema()).unwrap_or_default();
            assert_eq!(schema["additionalProperties"], false, "{kind:?}");
            assert_eq!(schema["properties"]["version"]["const"], JSON_VERSION);
            let required = schema["required"].as_array().cloned().unwrap_or_default();
            let properties = schema["properties"].as_object().map_or(0, |p| p.len());
            assert_eq!(
                required.len(),
                properties,
                "{kind:?}: every field is required"
            );
        }
    }
}
