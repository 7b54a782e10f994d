//! Importing a question bank from the start dialog, and the built-in bank's
//! quick pulse.

use crate::selectors::{bank_option, profile_option, testid};
use crate::support::{App, Case, Expect};
use rusqlite::Connection;
use std::path::{Path, PathBuf};

/// Writes a one-area bank into `dir` (made if missing); `area` is what its
/// question claims to belong to. Returns the paths of its two files.
fn write_bank(dir: &Path, area: &str) -> (PathBuf, PathBuf) {
    std::fs::create_dir_all(dir).or_panic("mkdir");
    let head = dir.join("bank.toml");
    let questions = dir.join("questions.toml");
    std::fs::write(
        &head,
        "id = \"ours\"\nversion = \"0.1.0\"\ntitle = \"Our <b>own</b> bank\"\n\n[[areas]]\nid = \"runbooks\"\nkind = \"principle\"\nname = \"Runbooks\"\ndescription = \"Runbooks stay true.\"\n",
    )
    .or_panic("cannot write bank.toml");
    std::fs::write(
        &questions,
        format!(
            "[[questions]]\nid = \"RB-01\"\narea = \"{area}\"\nphase = \"operate\"\nprompt = \"When was a runbook last followed end to end?\"\nguidance = \"Open the last three pages.\"\nlevels = [\"Never\", \"Once\", \"Quarterly\", \"Monthly\", \"Every shift\"]\n"
        ),
    )
    .or_panic("cannot write questions.toml");
    (head, questions)
}

/// Creates a team and opens the start dialog.
async fn open_start_dialog(app: &App) {
    app.type_into("team-name-input", "Importers").await;
    app.click("create-team-button").await;
    app.click("start-assessment-button").await;
    app.find("start-dialog").await;
}

/// Chooses the bank's two files in the dialog's file input.
async fn choose_files(app: &App, (head, questions): &(PathBuf, PathBuf)) {
    let input = app.find("import-bank-input").await;
    input
        .send_keys(&format!("{}\n{}", head.display(), questions.display()))
        .await
        .or_panic("cannot choose files");
}

/// How many banks the database holds that a user imported.
fn imported_banks(conn: &Connection) -> i64 {
    conn.query_row(
        "SELECT count(*) FROM banks WHERE imported_at IS NOT NULL",
        [],
        |r| r.get(0),
    )
    .or_panic("cannot count the imported banks")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_broken_bank_is_refused_naming_file_line_and_field() {
    let case = Case::new("import-bad-bank").await;
    let bad = write_bank(&case.dir.path().join("bad"), "no-such-area");
    let app = case.launch("driver").await;
    open_start_dialog(&app).await;

    // The error names the file, line and field; nothing is kept.
    choose_files(&app, &bad).await;
    let errors = app.find("import-errors").await;
    let text = errors.text().await.or_panic("cannot read the errors");
    assert!(
        text.contains("questions.toml:3:1: questions[0].area: unknown area `no-such-area`"),
        "{text}"
    );
    app.screenshot("import-errors").await;
    assert_eq!(
        app.all_css(&testid("bank-option")).await.len(),
        1,
        "the broken bank was kept"
    );
    app.quit().await;
    assert_eq!(
        imported_banks(&case.read()),
        0,
        "the broken bank was stored"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_good_bank_is_kept_then_the_built_in_quick_pulse_runs() {
    let case = Case::new("import-bank").await;
    let good = write_bank(&case.dir.path().join("good"), "runbooks");
    let app = case.launch("driver").await;
    open_start_dialog(&app).await;

    // A good bank is kept and chosen; its title shows as text.
    choose_files(&app, &good).await;
    app.wait_attr(&bank_option("ours"), "data-chosen", "true")
        .await;
    let option = app.find_css(&bank_option("ours")).await;
    let option_text = option.text().await.or_panic("cannot read the option");
    assert!(
        option_text.contains("Our <b>own</b> bank"),
        "{option_text:?}"
    );
    assert!(
        app.all_css(&format!("{} b", testid("start-dialog")))
            .await
            .is_empty(),
        "the title was rendered as HTML"
    );

    // The built-in bank's quick pulse asks one question per area.
    app.click_css(&bank_option("opex")).await;
    app.click_css(&profile_option("quick")).await;
    app.wait_attr(&profile_option("quick"), "data-chosen", "true")
        .await;
    app.screenshot("start-quick").await;
    app.click("start-confirm-button").await;
    app.find("question-id").await;
    assert_eq!(app.all_css(&testid("jump-item")).await.len(), 13);
    app.wait_text("progress", "0 of 13 done").await;
    app.quit().await;

    let conn = case.read();
    let profile: String = conn
        .query_row("SELECT profile FROM assessments", [], |r| r.get(0))
        .or_panic("cannot read the database");
    assert_eq!((profile.as_str(), imported_banks(&conn)), ("quick", 1));
}

/// A real AWS Well-Architected custom lens (the Operational Readiness Review
/// sample), from the shared fixtures.
fn orr_lens() -> PathBuf {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/aws-lenses/ORR-Whitepaper-Sample-PUBLISHED.json");
    assert!(p.is_file(), "the lens fixture is missing: {}", p.display());
    p
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lens_is_imported_answered_as_checklists_and_scored_as_risks() {
    let case = Case::new("import-lens").await;
    let app = case.launch("driver").await;
    open_start_dialog(&app).await;
    let input = app.find("import-bank-input").await;
    input
        .send_keys(&orr_lens().display().to_string())
        .await
        .or_panic("cannot choose the lens");
    let lens = format!("{}:not([data-bank-id=\"opex\"])", testid("bank-option"));
    app.wait_attr(&lens, "data-chosen", "true").await;
    app.screenshot("lens-imported").await;
    app.click("start-confirm-button").await;
    app.find("checklist").await;
    let questions = app.all_css(&testid("jump-item")).await.len();
    assert!(questions >= 2, "the lens has {questions} questions");

    // Two questions answered by ticking practices; each shows its risk at once.
    let mut labels = Vec::new();
    for _ in 0..2 {
        let shown = app
            .find("question-id")
            .await
            .text()
            .await
            .or_panic("no question id");
        app.click_css(&testid("checklist-choice")).await;
        app.wait_saved().await;
        let badge = app.find("checklist-risk").await;
        let risk = crate::support::attr(&badge, "data-risk").await;
        assert!(
            matches!(risk.as_deref(), Some("high" | "medium" | "none")),
            "the risk badge says {risk:?}"
        );
        labels.push(risk.unwrap_or_default());
        app.screenshot("lens-answered").await;
        app.click("next-button").await;
        app.until("the next question", async || {
            let now = app
                .client
                .find(fantoccini::Locator::Css(&testid("question-id")))
                .await?
                .text()
                .await?;
            Ok(if now != shown { Ok(()) } else { Err(now) })
        })
        .await;
    }
    let stored: i64 = case
        .read()
        .query_row("SELECT count(*) FROM checklist_answers", [], |r| r.get(0))
        .or_panic("cannot count the checklist answers");
    assert_eq!(stored, 2, "each tick is saved when it is made");

    // The results count the risks per area, the lens's way.
    app.click("finish-button").await;
    app.click("confirm-finish-button").await;
    app.find("risks").await;
    let mut answered = 0;
    let mut unanswered = 0;
    let mut by_risk = std::collections::BTreeMap::new();
    for row in app.all_css(&testid("risk-row")).await {
        for (id, key) in [
            ("risk-high", "high"),
            ("risk-medium", "medium"),
            ("risk-none", "none"),
        ] {
            let n: usize = row
                .find(fantoccini::Locator::Css(&testid(id)))
                .await
                .or_panic("a risk cell is missing")
                .text()
                .await
                .or_panic("cannot read a risk cell")
                .trim()
                .parse()
                .or_panic("a risk count is not a number");
            answered += n;
            *by_risk.entry(key.to_string()).or_insert(0) += n;
        }
        unanswered += row
            .find(fantoccini::Locator::Css(&testid("risk-unanswered")))
            .await
            .or_panic("the unanswered cell is missing")
            .text()
            .await
            .or_panic("cannot read the unanswered cell")
            .trim()
            .parse::<usize>()
            .or_panic("not a number");
    }
    assert_eq!((answered, answered + unanswered), (2, questions));
    for l in &labels {
        assert!(
            by_risk.get(l).copied().unwrap_or(0) >= 1,
            "{l} is not counted: {by_risk:?}"
        );
    }
    app.screenshot("lens-results").await;
    app.quit().await;
}
