//! Opening a database the way faults happen: after a crash left a hot
//! journal, two processes opening a new file at once, and an upgrade from an
//! older schema, with its backup and a failure that names it.

use opex_store::{MIGRATIONS, Store, StoreError, schema_version};
use rusqlite::Connection;
use std::path::Path;
use std::sync::{Arc, Barrier};

/// Set in the child process that crashes mid-write (see
/// [`a_crash_mid_write_leaves_a_file_that_opens_again`]).
const CRASH_CHILD: &str = "OPEX_TEST_CRASH_MID_WRITE";

/// In the child only: writes enough in one rollback-journal transaction that
/// pages spill to the file, then dies without committing or cleaning up.
#[test]
fn crash_mid_write_child() {
    let Some(path) = std::env::var_os(CRASH_CHILD) else {
        return;
    };
    let c = Connection::open(&path).unwrap();
    c.pragma_update(None, "journal_mode", "DELETE").unwrap();
    c.pragma_update(None, "cache_size", 1).unwrap();
    c.execute_batch("BEGIN IMMEDIATE; CREATE TABLE filler (x BLOB);")
        .unwrap();
    for _ in 0..400 {
        c.execute("INSERT INTO filler VALUES (zeroblob(4000))", [])
            .unwrap();
    }
    std::process::abort();
}

#[test]
fn a_crash_mid_write_leaves_a_file_that_opens_again() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("opex.sqlite3");
    // A real opex database, then a process killed inside a write to it.
    drop(Store::open(&db).unwrap());
    {
        let c = Connection::open(&db).unwrap();
        c.pragma_update(None, "journal_mode", "DELETE").unwrap();
    }
    let status = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "opening::crash_mid_write_child", "--nocapture"])
        .env(CRASH_CHILD, &db)
        .status()
        .unwrap();
    assert!(!status.success(), "the child was meant to die mid-write");
    let journal = dir.path().join("opex.sqlite3-journal");
    assert!(
        std::fs::metadata(&journal).is_ok_and(|m| m.len() > 0),
        "the crash left no hot journal, so this test proves nothing"
    );
    // Before the fix the read-only probe failed here, every time:
    // "attempt to write a readonly database".
    let store = Store::open(&db).unwrap_or_else(|e| panic!("the file no longer opens: {e}"));
    drop(store);
    let c = Connection::open(&db).unwrap();
    let ok: String = c
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
    let filler: i64 = c
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE name = 'filler'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(filler, 0, "the uncommitted write was rolled back");
}

#[test]
fn two_processes_opening_a_new_file_at_once_both_succeed() {
    for round in 0..20 {
        let dir = tempfile::tempdir().unwrap();
        let db = Arc::new(dir.path().join("opex.sqlite3"));
        let start = Arc::new(Barrier::new(2));
        let handles: Vec<_> = (0..2)
            .map(|_| {
                let (db, start) = (db.clone(), start.clone());
                std::thread::spawn(move || {
                    start.wait();
                    Store::open(&db).map(drop).map_err(|e| e.to_string())
                })
            })
            .collect();
        for h in handles {
            let r = h.join().unwrap();
            assert!(r.is_ok(), "round {round}: {}", r.unwrap_err());
        }
    }
}

/// A database at schema `version`, holding one team.
fn at_version(path: &Path, version: usize) {
    let mut c = Connection::open(path).unwrap();
    MIGRATIONS.to_version(&mut c, version).unwrap();
    c.execute(
        "INSERT INTO teams (name, created_at) VALUES ('Kept', '2026-01-01T00:00:00Z')",
        [],
    )
    .unwrap();
}

/// The names of the backups of `db`, newest first.
fn backups(db: &Path) -> Vec<String> {
    opex_store::backups::list(db)
        .iter()
        .map(|b| b.path.file_name().unwrap().to_string_lossy().into_owned())
        .collect()
}

#[test]
fn an_upgrade_first_copies_the_file_to_its_backup_folder() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("opex.sqlite3");
    let old = schema_version() - 1;
    at_version(&db, old);
    let store = Store::open(&db).unwrap();
    assert_eq!(store.teams().unwrap()[0].name, "Kept");
    drop(store);
    let names = backups(&db);
    assert_eq!(names.len(), 1, "{names:?}");
    assert!(
        names[0].starts_with("opex-")
            && names[0].ends_with(&format!("-before-upgrade-from-v{old}.sqlite3")),
        "{names:?}"
    );
    let copy = Connection::open(dir.path().join("opex-backups").join(&names[0])).unwrap();
    let v: i64 = copy
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v as usize, old, "the copy holds the old schema");
    let teams: i64 = copy
        .query_row("SELECT count(*) FROM teams", [], |r| r.get(0))
        .unwrap();
    assert_eq!(teams, 1);
    // Opening an up-to-date file takes no copy.
    drop(Store::open(&db).unwrap());
    assert_eq!(backups(&db).len(), 1);
}

#[test]
fn a_failed_upgrade_says_what_failed_and_where_the_copy_is_in_one_sentence() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("opex.sqlite3");
    let old = schema_version() - 1;
    at_version(&db, old);
    // Something the next migration cannot apply over: it creates this table.
    Connection::open(&db)
        .unwrap()
        .execute_batch("CREATE TABLE score_cards (x INTEGER);")
        .unwrap();
    let e = match Store::open(&db) {
        Err(e @ StoreError::UpgradeFailed { .. }) => e.to_string(),
        Err(other) => panic!("expected a failed upgrade, got {other}"),
        Ok(_) => panic!("the upgrade was meant to fail"),
    };
    assert!(
        e.starts_with(&format!(
            "could not upgrade {} from schema version {old} to {}",
            db.display(),
            schema_version()
        )),
        "{e}"
    );
    assert!(e.contains("already exists"), "{e}");
    assert!(
        !e.contains("ALTER TABLE") && !e.contains('\n'),
        "SQL in the message: {e}"
    );
    let names = backups(&db);
    assert!(
        e.contains(&names[0]),
        "the message does not say where the copy is: {e}"
    );
    // The original is as it was: its schema version and its team.
    let c = Connection::open(&db).unwrap();
    let v: i64 = c
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v as usize, old);
    let teams: i64 = c
        .query_row("SELECT count(*) FROM teams", [], |r| r.get(0))
        .unwrap();
    assert_eq!(teams, 1);
}
