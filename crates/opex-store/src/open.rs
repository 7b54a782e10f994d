//! How a file becomes a `Store`: the checks before anything is written (what
//! the path is, the file's header, its schema version, damage), the
//! connection's pragmas, and the migrations with a copy taken before them.
//!
//! The order matters. The header is read with plain file I/O, so a file from
//! a newer opex, a file that is not a database, or one cut short is refused
//! without SQLite creating `-wal` or `-shm` files beside it. Only then is a
//! read-write connection opened: it rolls back a hot journal a crash left
//! and migrates in one transaction that a second process opening the same
//! new file waits for.
//!
//! The full damage check (`PRAGMA quick_check`, which reads every page: 14 s
//! on a 460 MB organisation) is not on the open path, except before a
//! migration. [`check`] runs it on a connection of its own: the app runs it
//! beside its first reads and stops using the file when it fails; the CLI
//! runs it in `opex db check` and before every backup. Meanwhile SQLite
//! itself refuses to read or write through a page it finds malformed
//! (`SQLITE_CORRUPT`), and that error names the damage too.

use crate::backups::{self, BackupKind};
use crate::{MIGRATION_COUNT, MIGRATIONS, Store, StoreError};
use rusqlite::{Connection, ErrorCode};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// How long one opex waits for another that holds the file (creating,
/// upgrading or writing it) before giving up.
const BUSY_WAIT: Duration = Duration::from_secs(5);

/// How many problems `quick_check` lists before it stops.
const DAMAGE_LINES: usize = 5;

pub(crate) fn open(path: &Path) -> Result<Store, StoreError> {
    let meta = match std::fs::metadata(path) {
        Ok(m) => Some(m),
        Err(e)
            if matches!(
                e.kind(),
                std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory
            ) =>
        {
            None
        }
        Err(e) => return Err(io(path, e.to_string())),
    };
    let existed = match meta {
        Some(m) if m.is_dir() => {
            return Err(io(
                path,
                format!(
                    "it is a folder, not a database file; give the path of a file, e.g. {}",
                    path.join("opex.sqlite3").display()
                ),
            ));
        }
        Some(m) if !m.is_file() => {
            return Err(io(path, "it is not a regular file".into()));
        }
        Some(m) => m.len() > 0,
        None => {
            create_parent(path)?;
            false
        }
    };
    if existed {
        inspect(path)?;
    }
    let conn = Connection::open(path).map_err(|e| classify(path, e))?;
    if !existed {
        restrict_permissions(path);
    }
    if conn.is_readonly(rusqlite::MAIN_DB).unwrap_or(false) {
        return Err(read_only(path));
    }
    init(conn, Some(path.to_path_buf()), existed)
}

pub(crate) fn in_memory() -> Result<Store, StoreError> {
    init(Connection::open_in_memory()?, None, false)
}

fn init(mut conn: Connection, path: Option<PathBuf>, existed: bool) -> Result<Store, StoreError> {
    let shown = path.clone().unwrap_or_else(|| PathBuf::from(":memory:"));
    let fail = |e: rusqlite::Error| classify(&shown, e);
    // First of all: another process opening the same file at the same
    // moment makes this one wait, not fail.
    conn.busy_timeout(BUSY_WAIT).map_err(fail)?;
    // Checked again on the read-write connection: this read rolls back a hot
    // journal a crash left, which the header read before could not see past.
    // Nothing is written before this check.
    let found = user_version(&conn).map_err(fail)?;
    if found > MIGRATION_COUNT {
        return Err(StoreError::TooNew {
            path: shown,
            found: found as i64,
            supported: MIGRATION_COUNT as i64,
        });
    }
    // A file about to be upgraded is checked first: the copy taken before
    // the upgrade must be sound, and the upgrade rewrites tables.
    if existed
        && found < MIGRATION_COUNT
        && let Some(problems) = damage(&conn).map_err(fail)?
    {
        return Err(damaged(&shown, problems));
    }
    // Pragmas are per connection and stay out of migrations.
    wal(&conn).map_err(fail)?;
    conn.pragma_update(None, "foreign_keys", "ON")
        .map_err(fail)?;
    // Lists and the portfolio read the same few statements per team.
    conn.set_prepared_statement_cache_capacity(64);
    // Every answer is saved the moment it is given, across a power cut too:
    // FULL syncs the log at every commit. ARCHITECTURE.md has the cost.
    conn.pragma_update(None, "synchronous", "FULL")
        .map_err(fail)?;
    migrate(&mut conn, path.as_deref())?;
    Ok(Store {
        conn,
        path,
        banks: Default::default(),
    })
}

/// What `PRAGMA quick_check` found wrong, or `None` for a sound file.
pub(crate) fn damage(conn: &Connection) -> rusqlite::Result<Option<Vec<String>>> {
    let mut stmt = conn.prepare(&format!("PRAGMA quick_check({DAMAGE_LINES})"))?;
    let lines: Vec<String> = stmt
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok((lines != ["ok"]).then_some(lines))
}

/// Checks the file at `path` for damage (`PRAGMA quick_check`) on a
/// read-only connection of its own, so an open [`Store`] can go on reading
/// meanwhile: `Err(StoreError::Damaged)` names what is wrong and the newest
/// sound backup.
pub fn check(path: &Path) -> Result<(), StoreError> {
    let conn = Connection::open_with_flags(
        path,
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| classify(path, e))?;
    check_conn(&conn, path)
}

/// The same check on a connection already open on `path`.
pub(crate) fn check_conn(conn: &Connection, path: &Path) -> Result<(), StoreError> {
    match damage(conn).map_err(|e| classify(path, e))? {
        Some(problems) => Err(damaged(path, problems)),
        None => Ok(()),
    }
}

/// The damaged-file error, with the newest backup that is sound.
fn damaged(path: &Path, problems: Vec<String>) -> StoreError {
    let detail = problems.join("; ");
    StoreError::Damaged {
        path: path.to_path_buf(),
        detail,
        backup: backups::newest_good(path).map(|b| b.path),
    }
}

/// The header of a non-empty file, read without SQLite: refuses what is not
/// an opex database, is from a newer opex, or was cut short.
fn inspect(path: &Path) -> Result<(), StoreError> {
    let mut head = Vec::with_capacity(100);
    std::fs::File::open(path)
        .and_then(|f| f.take(100).read_to_end(&mut head))
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::PermissionDenied {
                read_only(path)
            } else {
                io(path, e.to_string())
            }
        })?;
    const MAGIC: &[u8; 16] = b"SQLite format 3\0";
    let n = head.len().min(MAGIC.len());
    if head[..n] != MAGIC[..n] {
        return Err(StoreError::NotADatabase {
            path: path.to_path_buf(),
            reason: "it does not start with the SQLite header".into(),
        });
    }
    if head.len() < 100 {
        return Err(damaged(
            path,
            vec![format!(
                "the file is only {} bytes, shorter than a database's header: it was cut short",
                head.len()
            )],
        ));
    }
    let be32 = |at: usize| u32::from_be_bytes([head[at], head[at + 1], head[at + 2], head[at + 3]]);
    let found = be32(60) as usize;
    if found > MIGRATION_COUNT {
        return Err(StoreError::TooNew {
            path: path.to_path_buf(),
            found: found as i64,
            supported: MIGRATION_COUNT as i64,
        });
    }
    // The page count in the header is valid when the change counter and the
    // "version valid for" number agree. With no log beside it (a WAL or a
    // journal can still hold pages) the file must be at least that long.
    let page_size = match u16::from_be_bytes([head[16], head[17]]) {
        1 => 65_536,
        n => u64::from(n),
    };
    let pages = u64::from(be32(28));
    let len = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    if be32(24) == be32(92)
        && pages > 0
        && len < pages * page_size
        && !has_content(&sidecar(path, "-wal"))
        && !has_content(&sidecar(path, "-journal"))
    {
        return Err(damaged(
            path,
            vec![format!(
                "the file is {len} bytes but its header says {} bytes: it was cut short, perhaps while being copied",
                pages * page_size
            )],
        ));
    }
    Ok(())
}

/// `path` with `suffix` appended: SQLite's `-wal`, `-shm` and `-journal`.
pub(crate) fn sidecar(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

fn has_content(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.len() > 0)
}

/// Creates the database's folder, saying which part of the path is in the way.
fn create_parent(path: &Path) -> Result<(), StoreError> {
    let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) else {
        return Ok(());
    };
    std::fs::create_dir_all(dir).map_err(|e| {
        let blocker = dir.ancestors().find(|a| a.exists()).filter(|a| !a.is_dir());
        let why = match blocker {
            Some(file) => format!(
                "cannot create the folder {} because {} is a file, not a folder",
                dir.display(),
                file.display()
            ),
            None if e.kind() == std::io::ErrorKind::PermissionDenied => format!(
                "cannot create the folder {}: permission denied; choose a folder you can write to",
                dir.display()
            ),
            None => format!("cannot create the folder {}: {e}", dir.display()),
        };
        io(path, why)
    })
}

fn io(path: &Path, why: String) -> StoreError {
    StoreError::Io {
        path: path.to_path_buf(),
        source: std::io::Error::other(why),
    }
}

fn read_only(path: &Path) -> StoreError {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    io(
        path,
        format!(
            "opex cannot write to it. The file and its folder ({}) must both be writable: \
             check their permissions, or choose another file",
            dir.display()
        ),
    )
}

/// Turns SQLite's answer while opening into the error a user can act on.
pub(crate) fn classify(path: &Path, e: rusqlite::Error) -> StoreError {
    match &e {
        rusqlite::Error::SqliteFailure(f, msg) => match f.code {
            ErrorCode::DatabaseCorrupt => damaged(
                path,
                vec![msg.clone().unwrap_or_else(|| f.to_string())],
            ),
            ErrorCode::NotADatabase => StoreError::NotADatabase {
                path: path.to_path_buf(),
                reason: msg.clone().unwrap_or_else(|| f.to_string()),
            },
            ErrorCode::ReadOnly => read_only(path),
            ErrorCode::CannotOpen => io(
                path,
                "SQLite could not open it; check that its folder exists and can be written to"
                    .into(),
            ),
            ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked => io(
                path,
                "another program kept it locked for more than 5 seconds; close other opex windows and try again"
                    .into(),
            ),
            ErrorCode::DiskFull => io(path, "the disk is full".into()),
            _ => io(path, e.to_string()),
        },
        _ => io(path, e.to_string()),
    }
}

/// Switches the file to WAL. The switch needs the file to itself, and SQLite
/// reports "locked" at once (no busy wait) while another connection is
/// reading it, as happens when two processes open a new file together: wait
/// and try again, for up to five seconds.
fn wal(conn: &Connection) -> rusqlite::Result<()> {
    let start = Instant::now();
    loop {
        match conn.pragma_update(None, "journal_mode", "WAL") {
            Err(rusqlite::Error::SqliteFailure(f, _))
                if f.code == ErrorCode::DatabaseBusy && start.elapsed() < BUSY_WAIT =>
            {
                std::thread::sleep(Duration::from_millis(10));
            }
            other => return other,
        }
    }
}

pub(crate) fn user_version(conn: &Connection) -> rusqlite::Result<usize> {
    conn.pragma_query_value(None, "user_version", |r| r.get::<_, i64>(0))
        .map(|v| v.max(0) as usize)
}

/// Brings the database to the latest schema. An existing file at an older
/// schema is first copied to its backup folder. Two processes opening a new
/// file at once are safe: the migration runs in one transaction, and when it
/// fails because the other process migrated first (the version moved under
/// it), it looks again instead of failing.
fn migrate(conn: &mut Connection, path: Option<&Path>) -> Result<(), StoreError> {
    let mut backup = None;
    for _ in 0..5 {
        let before = user_version(conn)?;
        if before >= MIGRATION_COUNT {
            return Ok(());
        }
        if before > 0
            && backup.is_none()
            && let Some(p) = path
        {
            let taken = backups::take_from(conn, p, BackupKind::Upgrade { from: before })
                .map_err(|e| {
                    io(
                        p,
                        format!("the copy taken before upgrading it could not be written ({e}); nothing was upgraded"),
                    )
                })?;
            backup = Some(taken.path);
        }
        match MIGRATIONS.to_latest(conn) {
            Ok(()) => return Ok(()),
            Err(e) => {
                if user_version(conn)? != before {
                    continue;
                }
                return Err(StoreError::UpgradeFailed {
                    path: path.map_or_else(|| PathBuf::from(":memory:"), Path::to_path_buf),
                    from: before,
                    to: MIGRATION_COUNT,
                    reason: upgrade_reason(&e),
                    backup,
                });
            }
        }
    }
    Err(StoreError::Invalid(
        "the database's schema kept changing while opex opened it; close other opex windows and try again".into(),
    ))
}

/// SQLite's reason for a failed migration, in one line, without the SQL.
fn upgrade_reason(e: &rusqlite_migration::Error) -> String {
    let text = match e {
        rusqlite_migration::Error::RusqliteError { err, .. } => err.to_string(),
        other => other.to_string(),
    };
    text.lines().next().unwrap_or_default().to_string()
}

#[cfg(unix)]
pub(crate) fn restrict_permissions(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    // Best effort: the file holds a team's candid notes.
    let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600));
}

#[cfg(not(unix))]
pub(crate) fn restrict_permissions(_path: &Path) {}
