//! `opex db`: checking the file, backups by hand, restoring one after damage,
//! and a demo that fails on a full disk leaving nothing that blocks the retry.

use crate::{DEMO, demo_db, opex, text};
use std::path::Path;
use std::process::Command;

/// Overwrites three pages in the middle of `db` with noise.
fn scribble(db: &Path) {
    let mut bytes = std::fs::read(db).unwrap();
    let mut x: u32 = 0x2468_ace1;
    for b in &mut bytes[4 * 4096..7 * 4096] {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        *b = x as u8;
    }
    std::fs::write(db, bytes).unwrap();
}

#[test]
fn check_backup_damage_and_restore() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let o = opex(&["--db", &db, "db", "check"]);
    let (out, err) = text(&o);
    assert!(o.status.success(), "{err}");
    assert!(out.contains(&format!("database: {db}")), "{out}");
    assert!(out.contains("-wal") && out.contains("sound"), "{out}");

    let o = opex(&["--db", &db, "db", "backup"]);
    let (out, err) = text(&o);
    assert!(o.status.success(), "{err}");
    assert!(
        out.starts_with("wrote ") && out.contains("demo-backups"),
        "{out}"
    );
    let o = opex(&["--db", &db, "db", "backups"]);
    let out = text(&o).0;
    assert!(
        out.contains("taken by hand") && out.contains("  sound  "),
        "{out}"
    );

    scribble(Path::new(&db));
    let o = opex(&["--db", &db, "db", "check"]);
    let err = text(&o).1;
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("is damaged") && err.contains("opex db restore --latest"),
        "{err}"
    );
    let o = opex(&["--db", &db, "list"]);
    let err = text(&o).1;
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("is damaged") && !err.contains("utf-8"),
        "{err}"
    );

    let o = opex(&["--db", &db, "db", "restore", "--latest"]);
    let (out, err) = text(&o);
    assert!(o.status.success(), "{err}");
    assert!(out.contains("the file it replaced is kept at"), "{out}");
    let o = opex(&["--db", &db, "list"]);
    assert!(o.status.success(), "{}", text(&o).1);
    assert!(text(&o).0.to_lowercase().contains(DEMO), "{}", text(&o).0);
    let o = opex(&["--db", &db, "db", "backups"]);
    let out = text(&o).0;
    assert!(
        out.contains("set aside by a restore") && out.contains("NOT SOUND"),
        "{out}"
    );
}

#[test]
fn restore_needs_a_backup_to_name() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let o = opex(&["--db", &db, "db", "restore"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o).1);
    let o = opex(&["--db", &db, "db", "restore", "--latest"]);
    let err = text(&o).1;
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("there is no sound backup in"), "{err}");
}

/// `opex` with writes limited to `kb` kB per file (bash's `ulimit -f`), as on
/// a full disk; SIGXFSZ is ignored so a write fails instead of killing it.
fn opex_on_a_full_disk(kb: u32, args: &[&str]) -> std::process::Output {
    Command::new("bash")
        .arg("-c")
        .arg(format!("trap '' XFSZ; ulimit -f {kb}; exec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_opex"))
        .args(args)
        .env_remove("OPEX_DB")
        .output()
        .unwrap()
}

#[test]
fn a_demo_that_fills_the_disk_leaves_nothing_and_the_retry_works() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("opex.sqlite3");
    let db = db.to_str().unwrap();
    let o = opex(&["--db", db, "list"]);
    assert_eq!(o.status.code(), Some(1)); // nothing there yet
    let o = opex(&["--db", db, "db", "backups"]);
    assert!(o.status.success());
    let o = opex_on_a_full_disk(200, &["--db", db, "demo"]);
    let err = text(&o).1;
    assert_eq!(
        o.status.code(),
        Some(1),
        "the demo was meant to fail: {err}"
    );
    assert!(
        err.starts_with("opex: ") && err.contains("nothing of this change was saved"),
        "{err}"
    );
    let o = opex(&["--db", db, "demo"]);
    let (out, err) = text(&o);
    assert!(o.status.success(), "the retry failed: {err}");
    assert!(out.starts_with("Created team"), "{out}");
}

#[test]
fn a_folder_given_as_the_database_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().to_str().unwrap();
    let o = opex(&["--db", folder, "demo"]);
    let err = text(&o).1;
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains(folder) && err.contains("is a folder"), "{err}");
}

#[test]
fn a_small_synthetic_organisation_is_made_and_listed() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("org.sqlite3");
    let db = db.to_str().unwrap();
    let o = opex(&[
        "--db",
        db,
        "demo",
        "--teams",
        "3",
        "--assessments",
        "4",
        "--voters",
        "5",
    ]);
    let (out, err) = text(&o);
    assert!(o.status.success(), "{err}");
    assert!(
        out.starts_with("Created 3 teams with 12 assessments (3 workshops), "),
        "{out}"
    );
    assert!(out.contains(" s; ") && out.contains(" MB."), "{out}");
    let o = opex(&["--db", db, "list"]);
    let (out, err) = text(&o);
    assert!(o.status.success(), "{err}");
    for team in ["Payments 001", "Search 002", "Checkout 003"] {
        assert!(out.contains(team), "{team} is not listed:\n{out}");
    }
    // The plain demo is still one team.
    let o = opex(&["--db", db, "demo"]);
    assert!(text(&o).0.starts_with("Created team"), "{}", text(&o).1);
    let o = opex(&["--db", db, "demo", "--voters", "51"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o).1.contains("at most 50 voters"), "{}", text(&o).1);
}
