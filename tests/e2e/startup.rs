//! What the app does at startup with a database it must not touch.

use crate::selectors::testid;
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
