//! The database file as a person manages it: where it and its backups are,
//! the backups and whether each is sound, taking one by hand, and restoring
//! one. Every front door shows these through this one view.

use crate::Result;
use opex_store::backups::{self, Backup};
use opex_store::{BackupKind, Store};
use serde::Serialize;
use std::path::Path;
use ts_rs::TS;

/// What the About panel and the restore dialog show about the database.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DatabaseDto {
    pub db_path: String,
    pub backups_dir: String,
    /// Why the `-wal` file beside the database must never be deleted.
    pub wal_note: String,
    /// Newest first.
    pub backups: Vec<BackupDto>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BackupDto {
    pub path: String,
    /// File name only, for lists.
    pub name: String,
    /// "daily", "taken by hand", "before upgrade (schema 4)", …
    pub kind: String,
    /// RFC 3339, UTC.
    pub taken: String,
    /// "312 kB", "4.1 MB".
    pub size: String,
    /// It opens, passes SQLite's quick check and is no newer than this opex.
    pub sound: bool,
    /// What is wrong with it when it is not sound.
    pub problem: Option<String>,
    /// A file a restore set aside (the one it replaced): not offered to restore.
    pub set_aside: bool,
}

/// This opex, its question bank and where its data is: what `opex
/// --version`, `opex-app --version` and the app's About panel show, so the
/// three say the same.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct About {
    /// The version of this build (every crate of the workspace shares it).
    pub version: String,
    /// The question bank's version, or empty when no bank could be loaded.
    pub bank_version: String,
    /// The bank's id, or empty when no bank could be loaded.
    pub bank_id: String,
    pub db_path: String,
    pub backups_dir: String,
}

/// What [`About`] says for `bank` (`None` when it failed to load) and the
/// database at `db`.
pub fn about(bank: Option<&opex_core::Bank>, db: &Path) -> About {
    About {
        version: env!("CARGO_PKG_VERSION").to_string(),
        bank_version: bank.map(|b| b.version.clone()).unwrap_or_default(),
        bank_id: bank.map(|b| b.id.clone()).unwrap_or_default(),
        db_path: db.display().to_string(),
        backups_dir: backups::folder(db).display().to_string(),
    }
}

/// What a `--version` flag prints: [`About::text`], or, when no data
/// directory was found for the database (`db` is `None`), the version and
/// how to name a database.
pub fn version_text(program: &str, bank: Option<&opex_core::Bank>, db: Option<&Path>) -> String {
    match db {
        Some(db) => about(bank, db).text(program),
        None => format!(
            "{program} {}\ndatabase: no data directory was found; pass --db PATH or set OPEX_DB\n",
            env!("CARGO_PKG_VERSION")
        ),
    }
}

impl About {
    /// The lines a `--version` flag prints, headed by `program`'s name.
    pub fn text(&self, program: &str) -> String {
        let bank = if self.bank_version.is_empty() {
            "not loaded".to_string()
        } else {
            format!("{} {}", self.bank_id, self.bank_version)
        };
        format!(
            "{program} {}\nquestion bank: {bank}\ndatabase: {}\nbackups: {}\n",
            self.version, self.db_path, self.backups_dir
        )
    }
}

/// The sentence about the `-wal` file, the same in the app and the CLI.
pub const WAL_NOTE: &str = "The -wal and -shm files beside the database belong to it: never delete them, or the latest answers are lost. opex folds them into the database when it closes.";

/// The database at `db`, its backup folder and its backups (each checked).
pub fn database(db: &Path) -> DatabaseDto {
    DatabaseDto {
        db_path: db.display().to_string(),
        backups_dir: backups::folder(db).display().to_string(),
        wal_note: WAL_NOTE.into(),
        backups: backups::list(db).iter().map(backup_dto).collect(),
    }
}

fn backup_dto(b: &Backup) -> BackupDto {
    let problem = backups::check_file(&b.path, false).err();
    BackupDto {
        path: b.path.display().to_string(),
        name: b
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        kind: b.kind.label(),
        taken: b.taken.to_rfc3339(),
        size: size_label(b.bytes),
        sound: problem.is_none(),
        problem,
        set_aside: b.kind == BackupKind::Replaced,
    }
}

/// A file size as people read it.
pub fn size_label(bytes: u64) -> String {
    if bytes >= 1 << 20 {
        format!("{:.1} MB", bytes as f64 / f64::from(1 << 20))
    } else {
        format!("{} kB", bytes.div_ceil(1024))
    }
}

/// Takes a backup now (checked for damage first).
pub fn backup_now(store: &Store) -> Result<BackupDto> {
    Ok(backup_dto(&store.backup(BackupKind::Manual)?))
}

/// Puts the backup at `backup` in place of the database at `db`, which no
/// one may have open. Returns where the replaced file was set aside.
pub fn restore(db: &Path, backup: &Path) -> Result<Option<String>> {
    Ok(backups::restore(db, backup)?
        .set_aside
        .map(|p| p.display().to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn about_names_the_version_the_bank_and_where_the_data_is() {
        let bank = opex_core::default_bank().expect("the built-in bank loads");
        let db = Path::new("/data/opex/opex.sqlite3");
        let known = about(Some(&bank), db);
        assert_eq!(known.version, env!("CARGO_PKG_VERSION"));
        assert_eq!(
            known.text("opex"),
            format!(
                "opex {}\nquestion bank: {} {}\ndatabase: /data/opex/opex.sqlite3\nbackups: /data/opex/opex-backups\n",
                env!("CARGO_PKG_VERSION"),
                bank.id,
                bank.version
            )
        );
        let without = about(None, db);
        assert!(
            without
                .text("opex-app")
                .contains("question bank: not loaded\n")
        );
        assert!(without.text("opex-app").starts_with("opex-app "));
        let nowhere = version_text("opex", Some(&bank), None);
        assert!(nowhere.contains("no data directory was found"), "{nowhere}");
        assert_eq!(
            version_text("opex", Some(&bank), Some(db)),
            known.text("opex")
        );
    }

    #[test]
    fn the_view_lists_backups_newest_first_and_checks_each() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let db = dir.path().join("opex.sqlite3");
        let store = Store::open(&db).unwrap_or_else(|e| panic!("{e}"));
        let first = backup_now(&store).unwrap_or_else(|e| panic!("{e}"));
        let second = backup_now(&store).unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(&first.path, "garbage").unwrap_or_else(|e| panic!("{e}"));
        let view = database(&db);
        assert_eq!(
            view.backups_dir,
            dir.path().join("opex-backups").display().to_string()
        );
        let paths: Vec<&str> = view.backups.iter().map(|b| b.path.as_str()).collect();
        assert_eq!(paths, [second.path.as_str(), first.path.as_str()]);
        assert!(view.backups[0].sound && view.backups[0].problem.is_none());
        assert!(!view.backups[1].sound && view.backups[1].problem.is_some());
        assert_eq!(view.backups[0].kind, "taken by hand");
    }
}
