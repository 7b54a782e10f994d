//! What the app does at startup with a database it must not touch, or one it
//! finds damaged (restored from the backup it took when it last closed); the
//! About panel; and a second launch on the same database.

use crate::selectors::{team_card, testid};
use crate::support::{Case, Expect};
use fantoccini::Locator;
use rusqlite::Connection;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn startup_error_for_a_database_from_a_newer_version() {
    let case = Case::new("newer-db").await;
    let db = &case.db;
    {
        let conn = Connection::open(db).or_panic("cannot create the database");
        conn.execute_batch("CREATE TABLE from_the_future (x TEXT); PRAGMA user_version = 999;")
            .or_panic("cannot write the database");
    }
    let before = std::fs::read(db).or_panic("cannot read the database");

    let app = case.launch("driver").await;
    app.until("the startup error to mention a newer version", async || {
        let el = app
            .client
            .find(Locator::Css(&testid("startup-error")))
            .await?;
        let text = el.text().await?;
        Ok(if el.is_displayed().await? && text.contains("newer") {
            Ok(())
        } else {
            Err(format!("{text:?}"))
        })
    })
    .await;
    app.screenshot("startup-error").await;
    app.quit().await;

    let after = std::fs::read(db).or_panic("cannot read the database");
    assert!(
        before == after,
        "the app changed a database from a newer version"
    );
    for sidecar in [
        "opex.sqlite3-wal",
        "opex.sqlite3-shm",
        "opex.sqlite3-journal",
    ] {
        assert!(
            !case.dir.path().join(sidecar).exists(),
            "the app created {sidecar} beside a database from a newer version"
        );
    }
}

/// Overwrites three pages in the middle of `db` with noise, as a failing
/// disk or a bad copy would.
fn damage(db: &std::path::Path) {
    let mut bytes = std::fs::read(db).or_panic("cannot read the database");
    assert!(
        bytes.len() > 8 * 4096,
        "the database is too small to damage"
    );
    for (i, b) in bytes[4 * 4096..7 * 4096].iter_mut().enumerate() {
        *b = (i * 7919 % 251) as u8;
    }
    std::fs::write(db, bytes).or_panic("cannot write the database");
}

/// Closes the app as its close button does, and waits for it to exit.
async fn close_by_button(case: &Case, app: crate::support::App) {
    use crate::support::window::{app_pid, close_and_wait, describe};
    let pid = app_pid(&case.db);
    assert!(
        close_and_wait(pid, std::time::Duration::from_secs(30)).is_some(),
        "the app did not exit within 30 s of close requests:\n{}",
        describe(pid)
    );
    app.quit().await;
}

fn backups_of(case: &Case) -> Vec<String> {
    let dir = case.dir.path().join("opex-backups");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_damaged_database_is_restored_from_the_backup_taken_at_the_last_close() {
    let case = Case::new("damaged-db").await;
    let app = case.launch("driver").await;
    app.click("demo-button").await;
    app.find_css(&team_card("Demo: Payments Platform")).await;
    close_by_button(&case, app).await;
    // A clean close folds the log into the file and takes the day's backup.
    assert!(
        !case.dir.path().join("opex.sqlite3-wal").exists(),
        "the -wal file is still there after a clean close"
    );
    let backups = backups_of(&case);
    assert!(
        backups.len() == 1 && backups[0].ends_with("-daily.sqlite3"),
        "one daily backup after closing: {backups:?}"
    );

    damage(&case.db);
    let damaged = std::fs::read(&case.db).or_panic("cannot read the database");
    let app = case.launch("driver-2").await;
    let message = app.wait_text_contains("startup-error", "is damaged").await;
    assert!(
        message.contains("opex writes nothing more to it"),
        "{message}"
    );
    let title = app.text_css("#startup-title").await;
    assert_eq!(title, "opex found its database damaged");
    app.screenshot("damaged-startup-error").await;
    app.click("restore-from-backup").await;
    app.find("database-dialog").await;
    app.until("the backup to be listed and chosen", async || {
        let chosen = app
            .client
            .find_all(Locator::Css(&format!(
                "{} input:checked",
                testid("database-dialog")
            )))
            .await?;
        Ok(if chosen.len() == 1 {
            Ok(())
        } else {
            Err(format!("{} chosen", chosen.len()))
        })
    })
    .await;
    app.screenshot("restore-dialog").await;
    app.click("restore-backup").await;
    app.click("restore-confirm").await;
    app.wait_text_contains("restored", "The backup is in place")
        .await;
    app.screenshot("restored").await;
    app.click("restored-continue").await;
    app.find_css(&team_card("Demo: Payments Platform")).await;
    app.quit().await;

    let aside: Vec<String> = backups_of(&case)
        .into_iter()
        .filter(|n| n.ends_with("-replaced.sqlite3"))
        .collect();
    assert_eq!(aside.len(), 1, "the damaged file was not set aside");
    let kept = std::fs::read(case.dir.path().join("opex-backups").join(&aside[0]))
        .or_panic("cannot read the set-aside file");
    assert!(kept == damaged, "the damaged file was changed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_about_panel_says_where_the_database_and_its_backups_are() {
    let case = Case::new("about").await;
    let app = case.launch("driver").await;
    app.click("about-button").await;
    app.find("database-dialog").await;
    let db = app.wait_text_contains("db-path", "opex.sqlite3").await;
    assert_eq!(db, case.db.display().to_string());
    let dir = app.wait_text_contains("backups-dir", "opex-backups").await;
    assert_eq!(
        dir,
        case.dir.path().join("opex-backups").display().to_string()
    );
    app.wait_text_contains("wal-note", "never delete them")
        .await;
    app.find("no-backups").await;
    app.click("backup-now").await;
    app.wait_text_contains("database-dialog", "taken by hand")
        .await;
    app.wait_text_contains("database-dialog", "✓ sound").await;
    app.screenshot("about").await;
    app.assert_accessible("about").await;
    app.quit().await;
    let backups = backups_of(&case);
    assert!(
        backups.len() == 1 && backups[0].ends_with("-manual.sqlite3"),
        "{backups:?}"
    );
}

/// Starts the app binary directly (not through WebDriver) on `db`.
fn second_launch(db: &std::path::Path) -> std::process::Child {
    let bin = std::env::var_os("OPEX_APP_BIN").or_panic("OPEX_APP_BIN is not set");
    std::process::Command::new(bin)
        .arg("--db")
        .arg(db)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .or_panic("cannot start a second app")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_launch_on_the_same_database_hands_over_to_the_first() {
    assert!(
        std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some(),
        "no D-Bus session bus, which single-instance needs: run the suite \
         through `cargo xtask e2e`, which starts one (dbus-run-session)"
    );
    let case = Case::new("single-instance").await;
    let app = case.launch("driver").await;
    app.find("team-name-input").await;
    let first = crate::support::window::app_pid(&case.db);
    let windows = crate::support::window::window_count(first);

    let mut second = second_launch(&case.db);
    let start = std::time::Instant::now();
    let status = loop {
        if let Some(s) = second.try_wait().or_panic("cannot wait for the app") {
            break s;
        }
        if start.elapsed() > std::time::Duration::from_secs(30) {
            let _ = second.kill();
            panic!("a second launch on the same database kept running");
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    };
    assert!(status.success(), "the second launch failed: {status}");
    assert_eq!(
        crate::support::window::window_count(first),
        windows,
        "the first app's windows changed"
    );
    assert_eq!(
        crate::support::window::app_pid(&case.db),
        first,
        "the first app is no longer the one running"
    );

    // Another database is another instance: it opens its own window.
    let other = case.dir.path().join("other.sqlite3");
    let mut third = second_launch(&other);
    let pid = third.id();
    let shown = {
        let start = std::time::Instant::now();
        loop {
            if crate::support::window::window_count(pid) > 0 {
                break true;
            }
            if start.elapsed() > std::time::Duration::from_secs(30)
                || third.try_wait().ok().flatten().is_some()
            {
                break false;
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
    };
    let _ = third.kill();
    let _ = third.wait();
    assert!(shown, "an app on another database showed no window");
    app.quit().await;
}
