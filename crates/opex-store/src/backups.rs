//! Backups of the database and restoring one: where they live (a folder
//! beside the database, `<name>-backups/`), how they are named and pruned
//! (the last 7 daily and 4 weekly, the last 3 taken before an upgrade; copies
//! taken by hand and files set aside by a restore are never deleted), how one
//! is taken (checked for damage first, written under a temporary name, synced,
//! then renamed) and how one is restored (the current file, with its `-wal`,
//! is moved into the backup folder, never overwritten).

use crate::open::{self, sidecar};
use crate::{MIGRATION_COUNT, Store, StoreError};
use chrono::{DateTime, Datelike, Local, NaiveDateTime, Utc};
use rusqlite::{Connection, OpenFlags};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// How many daily backups are kept.
pub const DAILY_KEPT: usize = 7;
/// How many weeks keep their newest daily backup beyond the daily ones.
pub const WEEKLY_KEPT: usize = 4;
/// How many copies taken before an upgrade are kept.
pub const UPGRADE_KEPT: usize = 3;

const STAMP: &str = "%Y%m%dT%H%M%S%.3fZ";
const STAMP_LEN: usize = 20;

/// Why a backup was taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BackupKind {
    /// Taken when the app closes, at most once a day.
    Daily,
    /// Taken on request (`opex db backup`); never pruned.
    Manual,
    /// Taken before migrating a file from schema version `from`.
    Upgrade { from: usize },
    /// The file a restore replaced, set aside with its log; never pruned.
    Replaced,
}

impl BackupKind {
    fn tag(self) -> String {
        match self {
            BackupKind::Daily => "daily".into(),
            BackupKind::Manual => "manual".into(),
            BackupKind::Upgrade { from } => format!("before-upgrade-from-v{from}"),
            BackupKind::Replaced => "replaced".into(),
        }
    }

    fn parse(tag: &str) -> Option<BackupKind> {
        Some(match tag {
            "daily" => BackupKind::Daily,
            "manual" => BackupKind::Manual,
            "replaced" => BackupKind::Replaced,
            other => BackupKind::Upgrade {
                from: other.strip_prefix("before-upgrade-from-v")?.parse().ok()?,
            },
        })
    }

    /// How the kind reads in a list: "daily", "before upgrade (schema 4)".
    pub fn label(self) -> String {
        match self {
            BackupKind::Daily => "daily".into(),
            BackupKind::Manual => "taken by hand".into(),
            BackupKind::Upgrade { from } => format!("before upgrade (schema {from})"),
            BackupKind::Replaced => "set aside by a restore".into(),
        }
    }
}

/// One backup file.
#[derive(Debug, Clone, PartialEq)]
pub struct Backup {
    pub path: PathBuf,
    pub kind: BackupKind,
    pub taken: DateTime<Utc>,
    pub bytes: u64,
}

/// The folder that holds the backups of the database at `db`: beside it,
/// named after it (`opex.sqlite3` → `opex-backups`).
pub fn folder(db: &Path) -> PathBuf {
    db.with_file_name(format!("{}-backups", stem(db)))
}

fn stem(db: &Path) -> String {
    db.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "opex".into())
}

/// The backups of the database at `db`, newest first. Files in the folder
/// that opex did not name are left out (and left alone).
pub fn list(db: &Path) -> Vec<Backup> {
    let prefix = format!("{}-", stem(db));
    let Ok(entries) = std::fs::read_dir(folder(db)) else {
        return Vec::new();
    };
    let mut out: Vec<Backup> = entries
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let rest = name.strip_prefix(&prefix)?.strip_suffix(".sqlite3")?;
            let stamp = rest.get(..STAMP_LEN)?;
            let tag = rest.get(STAMP_LEN..)?.strip_prefix('-')?;
            let taken = NaiveDateTime::parse_from_str(stamp, STAMP).ok()?.and_utc();
            let meta = e.metadata().ok().filter(|m| m.is_file())?;
            Some(Backup {
                path: e.path(),
                kind: BackupKind::parse(tag)?,
                taken,
                bytes: meta.len(),
            })
        })
        .collect();
    out.sort_by(|a, b| b.taken.cmp(&a.taken).then_with(|| b.path.cmp(&a.path)));
    out
}

/// Whether the file at `path` is a sound opex database this opex can open:
/// `Ok(())`, or what is wrong with it in one line.
pub fn check_file(path: &Path, thorough: bool) -> Result<(), String> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| e.to_string())?;
    let version = open::user_version(&conn).map_err(|e| e.to_string())?;
    if version > MIGRATION_COUNT {
        return Err(format!(
            "it was written by a newer opex (schema version {version}; this opex knows up to {MIGRATION_COUNT})"
        ));
    }
    let problems = if thorough {
        let mut stmt = conn
            .prepare("PRAGMA integrity_check(5)")
            .map_err(|e| e.to_string())?;
        let lines: Vec<String> = stmt
            .query_map([], |r| r.get::<_, String>(0))
            .and_then(|rows| rows.collect())
            .map_err(|e| e.to_string())?;
        (lines != ["ok"]).then_some(lines)
    } else {
        open::damage(&conn).map_err(|e| e.to_string())?
    };
    match problems {
        None if version == 0 => Err("it holds no opex data".into()),
        None => Ok(()),
        Some(p) => Err(format!("it is damaged: {}", p.join("; "))),
    }
}

/// The newest backup of `db` that opens and passes `quick_check`.
pub fn newest_good(db: &Path) -> Option<Backup> {
    list(db)
        .into_iter()
        .filter(|b| b.kind != BackupKind::Replaced)
        .find(|b| check_file(&b.path, false).is_ok())
}

impl Store {
    /// Takes a backup now: checks the database for damage first (a damaged
    /// file is never copied over a good backup's place), then copies it.
    pub fn backup(&self, kind: BackupKind) -> Result<Backup, StoreError> {
        let path = self
            .path()
            .ok_or_else(|| StoreError::Invalid("an in-memory database has no backups".into()))?
            .to_path_buf();
        open::check_conn(self.conn(), &path)?;
        take_from(self.conn(), &path, kind)
    }

    /// The backup taken when the app closes: at most one a day (local time).
    /// Returns `None` when today's is already there.
    pub fn daily_backup(&self, now: DateTime<Utc>) -> Result<Option<Backup>, StoreError> {
        let Some(path) = self.path() else {
            return Ok(None);
        };
        let today = now.with_timezone(&Local).date_naive();
        let done = list(path).iter().any(|b| {
            b.kind == BackupKind::Daily && b.taken.with_timezone(&Local).date_naive() == today
        });
        if done {
            return Ok(None);
        }
        self.backup(BackupKind::Daily).map(Some)
    }
}

/// Copies the database behind `conn` into its backup folder with `VACUUM
/// INTO`: to a temporary name, synced, then renamed, so a backup that is
/// there is whole. Then prunes that kind.
pub(crate) fn take_from(
    conn: &Connection,
    db: &Path,
    kind: BackupKind,
) -> Result<Backup, StoreError> {
    let dir = folder(db);
    std::fs::create_dir_all(&dir).map_err(|source| StoreError::Io {
        path: dir.clone(),
        source,
    })?;
    let mut taken = Utc::now();
    let mut target = dir.join(name(db, taken, kind));
    while target.exists() {
        taken += chrono::Duration::milliseconds(1);
        target = dir.join(name(db, taken, kind));
    }
    let partial = dir.join(format!(
        ".{}.partial",
        target.file_name().unwrap_or_default().to_string_lossy()
    ));
    let _ = std::fs::remove_file(&partial);
    let written = conn
        .execute("VACUUM INTO ?1", [partial.to_string_lossy()])
        .map_err(|e| open::classify(&partial, e))
        .and_then(|_| {
            open::restrict_permissions(&partial);
            sync_file(&partial)
        })
        .and_then(|()| {
            std::fs::rename(&partial, &target).map_err(|source| StoreError::Io {
                path: target.clone(),
                source,
            })
        });
    if let Err(e) = written {
        let _ = std::fs::remove_file(&partial);
        return Err(e);
    }
    sync_dir(&dir);
    prune(db, kind, taken);
    let bytes = std::fs::metadata(&target).map(|m| m.len()).unwrap_or(0);
    Ok(Backup {
        path: target,
        kind,
        taken,
        bytes,
    })
}

fn name(db: &Path, taken: DateTime<Utc>, kind: BackupKind) -> String {
    format!(
        "{}-{}-{}.sqlite3",
        stem(db),
        taken.format(STAMP),
        kind.tag()
    )
}

fn sync_file(path: &Path) -> Result<(), StoreError> {
    std::fs::File::open(path)
        .and_then(|f| f.sync_all())
        .map_err(|source| StoreError::Io {
            path: path.to_path_buf(),
            source,
        })
}

/// Makes a rename in `dir` durable. Best effort: not every platform can.
fn sync_dir(dir: &Path) {
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

/// Which backups of `kind` to delete, given every backup of the database
/// (newest first): daily ones beyond the newest [`DAILY_KEPT`] that are not
/// the newest of one of the newest [`WEEKLY_KEPT`] weeks, and copies taken
/// before an upgrade beyond the newest [`UPGRADE_KEPT`].
pub fn to_prune(all: &[Backup], kind: BackupKind) -> Vec<PathBuf> {
    match kind {
        BackupKind::Daily => {
            let daily: Vec<&Backup> = all.iter().filter(|b| b.kind == BackupKind::Daily).collect();
            let mut keep: BTreeSet<&Path> = daily
                .iter()
                .take(DAILY_KEPT)
                .map(|b| b.path.as_path())
                .collect();
            let mut weeks = BTreeSet::new();
            for b in &daily {
                let w = b.taken.with_timezone(&Local).iso_week();
                if weeks.len() < WEEKLY_KEPT && weeks.insert((w.year(), w.week())) {
                    keep.insert(b.path.as_path());
                }
            }
            daily
                .iter()
                .filter(|b| !keep.contains(b.path.as_path()))
                .map(|b| b.path.clone())
                .collect()
        }
        BackupKind::Upgrade { .. } => all
            .iter()
            .filter(|b| matches!(b.kind, BackupKind::Upgrade { .. }))
            .skip(UPGRADE_KEPT)
            .map(|b| b.path.clone())
            .collect(),
        BackupKind::Manual | BackupKind::Replaced => Vec::new(),
    }
}

fn prune(db: &Path, kind: BackupKind, _taken: DateTime<Utc>) {
    for p in to_prune(&list(db), kind) {
        let _ = std::fs::remove_file(p);
    }
}

/// What a restore did.
#[derive(Debug, Clone, PartialEq)]
pub struct Restored {
    /// Where the file that was replaced now is (with its `-wal`, if it had
    /// one, beside it), or `None` when there was no file.
    pub set_aside: Option<PathBuf>,
}

/// Puts the backup at `backup` in the place of the database at `db`. The
/// backup is checked first (it must open, be sound, and be no newer than
/// this opex). The current file is never overwritten: it moves, with its
/// `-wal` and `-shm`, into the backup folder as a "replaced" backup. No opex
/// may have the database open meanwhile.
pub fn restore(db: &Path, backup: &Path) -> Result<Restored, StoreError> {
    let refuse = |why: String| {
        StoreError::Invalid(format!(
            "{} cannot be restored: {why}. Nothing was changed.",
            backup.display()
        ))
    };
    if !backup.is_file() {
        return Err(refuse("there is no such file".into()));
    }
    check_file(backup, true).map_err(refuse)?;
    let dir = folder(db);
    std::fs::create_dir_all(&dir).map_err(|source| StoreError::Io {
        path: dir.clone(),
        source,
    })?;
    // The copy goes in first under a temporary name beside the database, so
    // the final step is two renames.
    let incoming = sidecar(db, ".restoring");
    std::fs::copy(backup, &incoming)
        .map_err(|source| StoreError::Io {
            path: incoming.clone(),
            source,
        })
        .and_then(|_| sync_file(&incoming))
        .inspect_err(|_| {
            let _ = std::fs::remove_file(&incoming);
        })?;
    let set_aside = if db.exists() {
        let target = dir.join(name(db, Utc::now(), BackupKind::Replaced));
        for suffix in ["-wal", "-shm"] {
            let from = sidecar(db, suffix);
            if from.exists() {
                let moved = std::fs::rename(&from, sidecar(&target, suffix));
                if let Err(source) = moved {
                    let _ = std::fs::remove_file(&incoming);
                    return Err(StoreError::Io { path: from, source });
                }
            }
        }
        std::fs::rename(db, &target).map_err(|source| StoreError::Io {
            path: db.to_path_buf(),
            source,
        })?;
        Some(target)
    } else {
        None
    };
    std::fs::rename(&incoming, db).map_err(|source| StoreError::Io {
        path: db.to_path_buf(),
        source,
    })?;
    open::restrict_permissions(db);
    if let Some(parent) = db.parent() {
        sync_dir(parent);
    }
    sync_dir(&dir);
    Ok(Restored { set_aside })
}
