//! The opex file at the application layer: exporting a team (`export_team`,
//! with what the person chose to leave out) and importing one (`import`):
//! parse, check and merge by UUID in one transaction, every problem named
//! by its JSON path. Each front door (the CLI, the app) calls one function.

use crate::error::{Result, ServiceError};
use crate::files::write_atomically;
use chrono::{DateTime, Utc};
use opex_core::portable::{self, FileIssue, TeamFile};
use opex_store::{Imported, Origin, Store, StoreError};
use serde::Serialize;
use std::io::Read;
use std::path::Path;
use ts_rs::TS;

pub use opex_core::portable::{ExportOptions, Names};

/// The largest file `import_file` reads. The demo team's file is about
/// 0.6 MB; a team with years of workshops stays far below this.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// The program named in `exported_by`.
fn exported_by() -> String {
    format!("opex {}", env!("CARGO_PKG_VERSION"))
}

/// A team as an opex file (pretty JSON, final newline), leaving out what
/// `options` says: notes unless asked for, names when dropped.
pub fn export_team(
    store: &Store,
    team_id: i64,
    options: ExportOptions,
    now: DateTime<Utc>,
) -> Result<Vec<u8>> {
    let at = now.to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    let mut file = store.team_file(team_id, &at, &exported_by())?;
    file.redact(options);
    let mut bytes = serde_json::to_vec_pretty(&file)
        .map_err(|e| ServiceError::Invalid(format!("the team cannot be written as JSON: {e}")))?;
    bytes.push(b'\n');
    Ok(bytes)
}

/// What an export wrote.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ExportedTeamDto {
    pub path: String,
    pub bytes: u64,
    pub assessments: u32,
}

/// Writes a team's opex file at `path`, whole or not at all.
pub fn export_team_to(
    store: &Store,
    team_id: i64,
    options: ExportOptions,
    path: &Path,
) -> Result<ExportedTeamDto> {
    let bytes = export_team(store, team_id, options, Utc::now())?;
    write_atomically(path, &bytes)?;
    Ok(ExportedTeamDto {
        path: path.display().to_string(),
        bytes: bytes.len() as u64,
        assessments: store.assessments(team_id)?.len() as u32,
    })
}

/// What an import did, for the person who asked: counts and one sentence.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ImportReportDto {
    pub team_id: i64,
    pub team_name: String,
    /// The team is new here; else the file was merged into it.
    pub team_created: bool,
    /// "payments.opex.json, exported 2026-03-01".
    pub origin: String,
    pub assessments_added: u32,
    /// In progress here, complete in the file: now complete here.
    pub assessments_completed: u32,
    pub assessments_unchanged: u32,
    pub answers_added: u32,
    pub votes_added: u32,
    pub tallies_added: u32,
    pub targets_added: u32,
    pub actions_added: u32,
    pub actions_updated: u32,
    /// What happened, in words.
    pub summary: String,
}

/// How every screen and the CLI say where an imported team came from.
pub fn origin_label(origin: &Origin) -> String {
    let day = DateTime::parse_from_rfc3339(&origin.exported_at).map_or_else(
        |_| origin.exported_at.clone(),
        |t| t.format("%Y-%m-%d").to_string(),
    );
    format!("{}, exported {day}", origin.file)
}

fn plural(n: u32, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn summary(i: &Imported, origin: &str) -> String {
    let mut parts = Vec::new();
    if i.assessments_added > 0 {
        parts.push(format!(
            "{} added",
            plural(i.assessments_added, "assessment", "assessments")
        ));
    }
    if i.assessments_completed > 0 {
        parts.push(format!(
            "{} completed from the file",
            plural(i.assessments_completed, "assessment", "assessments")
        ));
    }
    if i.targets_added > 0 {
        parts.push(format!(
            "{} added",
            plural(i.targets_added, "target", "targets")
        ));
    }
    if i.actions_added > 0 {
        parts.push(format!(
            "{} added",
            plural(i.actions_added, "action", "actions")
        ));
    }
    if i.actions_updated > 0 {
        parts.push(format!(
            "{} updated",
            plural(i.actions_updated, "action", "actions")
        ));
    }
    let what = if parts.is_empty() {
        "nothing new: everything in the file was already here".to_string()
    } else {
        parts.join(", ")
    };
    let team = if i.team_created {
        format!("new team \"{}\"", i.team_name)
    } else {
        format!("team \"{}\"", i.team_name)
    };
    format!("{team} from {origin}: {what}")
}

/// The problems of a file that does not parse or check, each with its JSON path.
fn parse(bytes: &[u8]) -> std::result::Result<TeamFile, Vec<FileIssue>> {
    let path = |p: &serde_path_to_error::Path| {
        let p = p.to_string();
        if p == "." || p.is_empty() {
            "$".to_string()
        } else {
            format!("$.{p}")
        }
    };
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value: serde_json::Value = match serde_path_to_error::deserialize(&mut de) {
        Ok(v) => v,
        Err(e) => {
            let cut = if e.inner().is_eof() {
                "the file ends too early (cut short?): "
            } else {
                "not JSON: "
            };
            return Err(vec![FileIssue {
                path: path(e.path()),
                message: format!("{cut}{}", e.inner()),
            }]);
        }
    };
    if let Err(e) = de.end() {
        return Err(vec![FileIssue {
            path: "$".into(),
            message: format!("more after the end of the JSON document: {e}"),
        }]);
    }
    portable::check_head(&value).map_err(|e| vec![e])?;
    let mut de = serde_json::Deserializer::from_slice(bytes);
    serde_path_to_error::deserialize(&mut de).map_err(|e| {
        vec![FileIssue {
            path: path(e.path()),
            message: e.inner().to_string(),
        }]
    })
}

/// Imports an opex file: parses and checks all of it first, then merges it
/// by UUID in one transaction. `file_name` is recorded as the team's origin;
/// `as_name` names a team that is new here. On any error nothing is written.
pub fn import(
    store: &mut Store,
    bytes: &[u8],
    file_name: &str,
    as_name: Option<&str>,
) -> Result<ImportReportDto> {
    let bad = |issues| ServiceError::BadFile {
        file: file_name.to_string(),
        issues,
    };
    let file = parse(bytes).map_err(bad)?;
    let checked = portable::check(&file).map_err(bad)?;
    let origin = Origin {
        file: file_name.to_string(),
        exported_at: file.exported_at.clone(),
    };
    let as_name = as_name.map(str::trim).filter(|n| !n.is_empty());
    let imported = match store.import_team_file(&checked, &origin, as_name) {
        Ok(i) => i,
        Err(StoreError::DuplicateTeam(name)) => {
            return Err(ServiceError::NameTaken {
                file: file_name.to_string(),
                name,
            });
        }
        // The store names a conflict by the file's JSON path.
        Err(StoreError::Invalid(m)) if m.starts_with("$.") => {
            let (path, message) = m.split_once(": ").unwrap_or((&m, ""));
            return Err(bad(vec![FileIssue {
                path: path.to_string(),
                message: message.to_string(),
            }]));
        }
        Err(e) => return Err(e.into()),
    };
    let label = origin_label(&origin);
    Ok(ImportReportDto {
        summary: summary(&imported, &label),
        team_id: imported.team_id,
        team_name: imported.team_name,
        team_created: imported.team_created,
        origin: label,
        assessments_added: imported.assessments_added,
        assessments_completed: imported.assessments_completed,
        assessments_unchanged: imported.assessments_unchanged,
        answers_added: imported.answers_added,
        votes_added: imported.votes_added,
        tallies_added: imported.tallies_added,
        targets_added: imported.targets_added,
        actions_added: imported.actions_added,
        actions_updated: imported.actions_updated,
    })
}

/// Reads the file at `path` (at most [`MAX_FILE_BYTES`]) and imports it,
/// recording its file name as the team's origin.
pub fn import_file(
    store: &mut Store,
    path: &Path,
    as_name: Option<&str>,
) -> Result<ImportReportDto> {
    let err = |source| ServiceError::Read {
        path: path.to_path_buf(),
        source,
    };
    let file = std::fs::File::open(path).map_err(err)?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(err)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(ServiceError::Invalid(format!(
            "{} is larger than {} MB: not an opex file this opex imports",
            path.display(),
            MAX_FILE_BYTES >> 20
        )));
    }
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    import(store, &bytes, &name, as_name)
}

/// Where an imported team came from, as every view says it.
pub fn team_origin(store: &Store, team_id: i64) -> Result<Option<String>> {
    Ok(store.team_origin(team_id)?.as_ref().map(origin_label))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_says_what_changed() {
        let mut i = Imported {
            team_name: "Payments".into(),
            team_created: true,
            assessments_added: 4,
            actions_added: 1,
            ..Imported::default()
        };
        assert_eq!(
            summary(&i, "p.opex.json, exported 2026-03-01"),
            "new team \"Payments\" from p.opex.json, exported 2026-03-01: 4 assessments added, 1 action added"
        );
        i = Imported {
            team_name: "Payments".into(),
            ..Imported::default()
        };
        assert_eq!(
            summary(&i, "p.opex.json, exported 2026-03-01"),
            "team \"Payments\" from p.opex.json, exported 2026-03-01: nothing new: everything in the file was already here"
        );
    }

    #[test]
    fn an_origin_reads_as_file_and_day() {
        let o = Origin {
            file: "payments.opex.json".into(),
            exported_at: "2026-03-01T09:30:00.000Z".into(),
        };
        assert_eq!(origin_label(&o), "payments.opex.json, exported 2026-03-01");
    }

    #[test]
    fn a_cut_short_file_names_where_it_ends() {
        let text = r#"{"format": "opex-team", "version": 1, "team": {"uuid": "x", "name": "#;
        let e = parse(text.as_bytes()).err().unwrap_or_default();
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].path, "$.team.name", "{e:?}");
        assert!(
            e[0].message.contains("ends too early") && e[0].message.contains("line 1 column"),
            "{e:?}"
        );
    }
}
