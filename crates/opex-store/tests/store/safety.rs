//! Damage, bad paths and backups: a damaged file is found before anything is
//! written to it and named with the newest sound backup; a folder, a file in
//! the way or a read-only file gets a sentence that says what to do; backups
//! are taken, pruned and restored without ever overwriting the user's file;
//! a creation of many rows that fails halfway leaves nothing behind.

use chrono::{DateTime, Duration, TimeZone, Utc};
use opex_store::backups::{self, Backup, BackupKind};
use opex_store::{Store, StoreError};
use rusqlite::Connection;
use std::path::{Path, PathBuf};

/// A closed database file holding the demo team (a few hundred kB).
fn demo_file(dir: &Path) -> PathBuf {
    let db = dir.join("opex.sqlite3");
    let mut store = Store::open(&db).unwrap();
    opex_store::demo::create_demo(
        &mut store,
        &opex_core::default_bank().unwrap(),
        "Payments",
        Utc::now(),
    )
    .unwrap();
    store.close().unwrap();
    assert!(
        !opex_store_sidecar(&db, "-wal").exists(),
        "a clean close leaves no -wal behind"
    );
    db
}

fn opex_store_sidecar(db: &Path, suffix: &str) -> PathBuf {
    let mut s = db.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

fn page_size(db: &Path) -> usize {
    let bytes = std::fs::read(db).unwrap();
    match u16::from_be_bytes([bytes[16], bytes[17]]) {
        1 => 65_536,
        n => n as usize,
    }
}

/// Overwrites pages `pages` of `db` with deterministic noise.
fn scribble(db: &Path, pages: std::ops::Range<usize>) {
    let mut bytes = std::fs::read(db).unwrap();
    let size = page_size(db);
    let mut x: u32 = 0x1234_5678;
    for b in &mut bytes[pages.start * size..pages.end * size] {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        *b = x as u8;
    }
    std::fs::write(db, bytes).unwrap();
}

fn open_err(db: &Path) -> StoreError {
    match Store::open(db) {
        Ok(_) => panic!("{} was meant to be refused", db.display()),
        Err(e) => e,
    }
}

#[test]
fn a_truncated_file_is_called_damaged_and_left_as_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(dir.path());
    let bytes = std::fs::read(&db).unwrap();
    std::fs::write(&db, &bytes[..bytes.len() / 2]).unwrap();
    let before = std::fs::read(&db).unwrap();
    let e = open_err(&db);
    assert!(matches!(e, StoreError::Damaged { .. }), "{e}");
    let msg = e.to_string();
    assert!(
        msg.contains("is damaged") && msg.contains("cut short"),
        "{msg}"
    );
    assert!(!msg.contains("not an opex database"), "{msg}");
    assert_eq!(
        std::fs::read(&db).unwrap(),
        before,
        "the file must not change"
    );
    assert!(!opex_store_sidecar(&db, "-wal").exists());
    assert!(!opex_store_sidecar(&db, "-shm").exists());
}

#[test]
fn noise_in_its_pages_is_found_by_the_check_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(dir.path());
    scribble(&db, 4..7);
    let before = std::fs::read(&db).unwrap();
    // Opening a file at the latest schema does not read every page: the
    // check does, on a connection of its own, while the store is open.
    let store = Store::open(&db).unwrap();
    let e = opex_store::check(&db).unwrap_err();
    assert!(matches!(e, StoreError::Damaged { .. }), "{e}");
    assert!(e.is_damage());
    assert!(e.to_string().contains("No sound backup"), "{e}");
    // Reading every team's answers passes through the damaged pages, and
    // SQLite's own error says damage too.
    let read = store
        .teams()
        .and_then(|ts| ts.iter().try_for_each(|t| store.completed(t.id).map(drop)));
    if let Err(e) = read {
        assert!(e.is_damage(), "{e}");
    }
    store.abandon();
    assert_eq!(
        std::fs::read(&db).unwrap(),
        before,
        "the file must not change"
    );
}

#[test]
fn a_file_to_upgrade_is_checked_before_its_copy_is_taken() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(dir.path());
    store_exec(&db, "PRAGMA user_version = 9");
    scribble(&db, 4..7);
    let before = std::fs::read(&db).unwrap();
    let e = open_err(&db);
    assert!(matches!(e, StoreError::Damaged { .. }), "{e}");
    assert_eq!(
        std::fs::read(&db).unwrap(),
        before,
        "the file must not change"
    );
    assert!(backups::list(&db).is_empty(), "no copy of a damaged file");
}

#[test]
fn a_damaged_file_names_the_newest_sound_backup_and_restoring_it_keeps_the_damage() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(dir.path());
    let store = Store::open(&db).unwrap();
    let taken = store.backup(BackupKind::Manual).unwrap();
    store.close().unwrap();
    scribble(&db, 4..7);
    let damaged = std::fs::read(&db).unwrap();
    let e = opex_store::check(&db).unwrap_err();
    match &e {
        StoreError::Damaged { backup, .. } => assert_eq!(backup.as_ref(), Some(&taken.path)),
        other => panic!("expected damage, got {other}"),
    }
    assert!(
        e.to_string().contains(&taken.path.display().to_string()),
        "{e}"
    );

    let restored = backups::restore(&db, &taken.path).unwrap();
    let aside = restored.set_aside.expect("the damaged file is kept");
    assert_eq!(
        std::fs::read(&aside).unwrap(),
        damaged,
        "kept byte for byte"
    );
    let store = Store::open(&db).unwrap();
    assert_eq!(store.teams().unwrap()[0].name, "Payments");
    let kinds: Vec<BackupKind> = backups::list(&db).iter().map(|b| b.kind).collect();
    assert!(kinds.contains(&BackupKind::Replaced), "{kinds:?}");
    assert!(kinds.contains(&BackupKind::Manual), "{kinds:?}");
}

#[test]
fn restore_refuses_a_damaged_backup_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(dir.path());
    let bad = dir.path().join("bad.sqlite3");
    std::fs::copy(&db, &bad).unwrap();
    scribble(&bad, 4..7);
    let before = std::fs::read(&db).unwrap();
    let e = backups::restore(&db, &bad).unwrap_err().to_string();
    assert!(
        e.contains("cannot be restored") && e.contains("Nothing was changed"),
        "{e}"
    );
    assert_eq!(std::fs::read(&db).unwrap(), before);
    assert!(backups::list(&db).is_empty());
}

#[test]
fn restore_sets_the_current_file_aside_with_its_log() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("opex.sqlite3");
    let mut store = Store::open(&db).unwrap();
    store.create_team("Before").unwrap();
    let taken = store.backup(BackupKind::Manual).unwrap();
    store.create_team("After").unwrap();
    // Not closed: "After" is in the -wal only, which must move with the file.
    assert!(opex_store_sidecar(&db, "-wal").exists());
    std::mem::forget(store);

    let aside = backups::restore(&db, &taken.path)
        .unwrap()
        .set_aside
        .unwrap();
    let names = |p: &Path| -> Vec<String> {
        Store::open(p)
            .unwrap()
            .teams()
            .unwrap()
            .into_iter()
            .map(|t| t.name)
            .collect()
    };
    assert_eq!(names(&db), ["Before"]);
    assert_eq!(names(&aside), ["After", "Before"]);
}

#[test]
fn backups_keep_seven_days_and_four_weeks() {
    // One daily backup at noon UTC on each of the 60 days up to Monday
    // 30 November 2026: noon UTC is the same date in every time zone
    // within ±11 hours, so the weeks are the same wherever this runs.
    let last = Utc.with_ymd_and_hms(2026, 11, 30, 12, 0, 0).unwrap();
    let all: Vec<Backup> = (0..60)
        .map(|d| {
            let taken = last - Duration::days(d);
            Backup {
                path: PathBuf::from(format!("{}", taken.format("%m-%d"))),
                kind: BackupKind::Daily,
                taken,
                bytes: 1,
            }
        })
        .collect();
    let pruned = backups::to_prune(&all, BackupKind::Daily);
    let mut kept: Vec<String> = all
        .iter()
        .filter(|b| !pruned.contains(&b.path))
        .map(|b| b.path.display().to_string())
        .collect();
    kept.sort();
    // The last 7 days (24 to 30 November), and the newest of the weeks
    // before: Sunday 22 and Sunday 15 November.
    assert_eq!(
        kept,
        [
            "11-15", "11-22", "11-24", "11-25", "11-26", "11-27", "11-28", "11-29", "11-30"
        ]
    );
    assert!(backups::to_prune(&all, BackupKind::Manual).is_empty());
}

#[test]
fn a_daily_backup_is_taken_once_a_day_and_holds_the_data() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("opex.sqlite3");
    let mut store = Store::open(&db).unwrap();
    store.create_team("Kept").unwrap();
    let now: DateTime<Utc> = Utc::now();
    let first = store
        .daily_backup(now)
        .unwrap()
        .expect("the first of the day");
    assert!(store.daily_backup(now).unwrap().is_none(), "one a day");
    assert_eq!(first.kind, BackupKind::Daily);
    assert!(first.path.starts_with(dir.path().join("opex-backups")));
    let copy = Connection::open(&first.path).unwrap();
    let name: String = copy
        .query_row("SELECT name FROM teams", [], |r| r.get(0))
        .unwrap();
    assert_eq!(name, "Kept");
    assert_eq!(backups::check_file(&first.path, true), Ok(()));
    // No half-written copy is left in the folder.
    let leftovers: Vec<_> = std::fs::read_dir(dir.path().join("opex-backups"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n.to_string_lossy().contains("partial"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_folder_given_as_the_database_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let msg = open_err(dir.path()).to_string();
    assert!(
        msg.contains(&dir.path().display().to_string()) && msg.contains("is a folder"),
        "{msg}"
    );
}

#[test]
fn a_file_in_the_way_of_the_folder_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("data");
    std::fs::write(&blocker, "not a folder").unwrap();
    let msg = open_err(&blocker.join("opex/opex.sqlite3")).to_string();
    assert!(
        msg.contains(&format!("{} is a file, not a folder", blocker.display())),
        "{msg}"
    );
}

#[test]
fn a_newer_file_in_wal_mode_gets_no_files_beside_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("future.sqlite3");
    {
        let c = Connection::open(&db).unwrap();
        c.pragma_update(None, "journal_mode", "WAL").unwrap();
        c.execute_batch("CREATE TABLE future (x); PRAGMA user_version = 99;")
            .unwrap();
    }
    assert!(!opex_store_sidecar(&db, "-wal").exists());
    let e = open_err(&db);
    assert!(matches!(e, StoreError::TooNew { found: 99, .. }), "{e}");
    assert!(!opex_store_sidecar(&db, "-wal").exists(), "-wal created");
    assert!(!opex_store_sidecar(&db, "-shm").exists(), "-shm created");
}

/// Set in the child that opens a read-only database as an ordinary user.
const READ_ONLY_CHILD: &str = "OPEX_TEST_READ_ONLY_DB";

/// The effective user: root reads and writes past permission bits.
fn running_as_root() -> bool {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0)
}

/// Runs `child_test` as the user `nobody` when this runs as root (who can
/// write anything), else in this process; panics if the child fails.
fn as_ordinary_user(child_test: &str, env: &[(&str, &Path)], body: impl FnOnce()) {
    if !running_as_root() {
        return body();
    }
    use std::os::unix::process::CommandExt;
    let mut cmd = std::process::Command::new(std::env::current_exe().unwrap());
    cmd.args(["--exact", child_test, "--nocapture"])
        .uid(65534)
        .gid(65534);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "the child failed:\n{text}");
    assert!(text.contains("1 passed"), "the child ran nothing:\n{text}");
}

/// What a read-only file and a read-only folder say, checked in whichever
/// process is an ordinary user.
fn read_only_checks(dir: &Path) {
    for db in [
        dir.join("ro-file/opex.sqlite3"),
        dir.join("ro-folder/opex.sqlite3"),
    ] {
        let msg = open_err(&db).to_string();
        assert!(
            msg.contains(&db.display().to_string()) && msg.contains("cannot write to it"),
            "{msg}"
        );
        assert!(!msg.contains("attempt to write"), "{msg}");
    }
}

#[test]
fn read_only_child() {
    if let Some(dir) = std::env::var_os(READ_ONLY_CHILD) {
        read_only_checks(Path::new(&dir));
    }
}

#[test]
fn a_read_only_file_or_folder_is_named_with_what_to_do() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let mode = |p: &Path, m: u32| std::fs::set_permissions(p, std::fs::Permissions::from_mode(m));
    mode(dir.path(), 0o755).unwrap();
    for (sub, file_mode, dir_mode) in [("ro-file", 0o444, 0o777), ("ro-folder", 0o666, 0o555)] {
        let folder = dir.path().join(sub);
        std::fs::create_dir(&folder).unwrap();
        let db = folder.join("opex.sqlite3");
        Store::open(&db).unwrap().close().unwrap();
        mode(&db, file_mode).unwrap();
        mode(&folder, dir_mode).unwrap();
    }
    as_ordinary_user(
        "safety::read_only_child",
        &[(READ_ONLY_CHILD, dir.path())],
        || read_only_checks(dir.path()),
    );
    mode(&dir.path().join("ro-folder"), 0o755).unwrap();
}

#[test]
fn a_demo_that_fails_halfway_leaves_nothing_and_the_retry_works() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("opex.sqlite3");
    let mut store = Store::open(&db).unwrap();
    let bank = opex_core::default_bank().unwrap();
    // The disk "fills up" after 100 answers: every later insert fails.
    store_exec(
        &db,
        "CREATE TRIGGER full_disk BEFORE INSERT ON consensus \
         WHEN (SELECT count(*) FROM consensus) >= 100 \
         BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END;",
    );
    let Err(e) = opex_store::demo::create_demo(&mut store, &bank, "Payments", Utc::now()) else {
        panic!("the demo was meant to fail halfway");
    };
    assert!(e.to_string().contains("disk is full"), "{e}");
    assert!(store.teams().unwrap().is_empty(), "half a team was left");
    store_exec(&db, "DROP TRIGGER full_disk");
    let team = opex_store::demo::create_demo(&mut store, &bank, "Payments", Utc::now())
        .unwrap_or_else(|e| panic!("the retry failed: {e}"));
    assert_eq!(store.assessments(team.id).unwrap().len(), 4);
}

fn store_exec(db: &Path, sql: &str) {
    Connection::open(db).unwrap().execute_batch(sql).unwrap();
}
