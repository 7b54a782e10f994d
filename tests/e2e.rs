//! End-to-end tests of opex-app in its real WebKitGTK webview, driven over
//! WebDriver through tauri-driver. `cargo xtask e2e` builds the app, starts a
//! display and runs them; run directly they fail (never skip) without one.

#[path = "support.rs"]
#[allow(dead_code)] // Some helpers serve only the workshop tests.
mod support;

use fantoccini::Locator;
use fantoccini::key::Key;
use rusqlite::Connection;
use std::path::{Path, PathBuf};
use support::{App, Expect, Tools, attr, open_read_only, scratch, testid};

/// A note that would run or render if the UI ever put user text into HTML.
const NOTE: &str = "<script>alert(1)</script><b>x</b>";
const NA_REASON: &str = "We have no such system";
/// A team name with markup and an ampersand, which must show literally.
const TEAM: &str = "E2E <Team> & Co";

/// The level the flow gives question `i` (when it gives one).
fn level_for(i: usize) -> usize {
    i % 5 + 1
}

/// A consensus row: kind, level, reason, note.
type StoredAnswer = (String, Option<i64>, Option<String>, Option<String>);

fn level_card(level: usize) -> String {
    format!("{}[data-level=\"{level}\"]", testid("level-card"))
}

fn jump_item(question_id: &str) -> String {
    format!(
        "{}[data-question-id=\"{question_id}\"]",
        testid("jump-item")
    )
}

fn team_card(name: &str) -> String {
    format!("{}[data-team-name=\"{name}\"]", testid("team-card"))
}

/// Waits until the questionnaire shows `question_id`.
async fn wait_question(app: &App, question_id: &str) {
    app.wait_text("question-id", question_id).await;
}

/// Goes to `question_id` through the jump list.
async fn jump_to(app: &App, question_id: &str) {
    app.click_css(&jump_item(question_id)).await;
    wait_question(app, question_id).await;
}

/// Waits until exactly the level card `level` is pressed.
async fn wait_level_pressed(app: &App, level: usize) {
    app.wait_attr(&level_card(level), "aria-pressed", "true")
        .await;
    let pressed = app
        .all_css(&format!("{}[aria-pressed=\"true\"]", testid("level-card")))
        .await;
    assert_eq!(pressed.len(), 1, "more than one level card is pressed");
}

/// After an answer to `question_id`: the UI shows it answered and saved.
async fn wait_answer_saved(app: &App, question_id: &str) {
    app.wait_attr(&jump_item(question_id), "data-answered", "true")
        .await;
    app.wait_saved().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn answers_every_question_survives_a_restart_and_shows_results() {
    const TEST: &str = "full-flow";
    let tools = Tools::find();
    let _one_app = support::one_app_at_a_time().await;
    let (dir, db) = scratch();

    // 1. A fresh database; create the team by typing and clicking.
    let app = App::launch(&tools, TEST, &db, dir.path().join("driver-1.log")).await;
    app.type_into("team-name-input", TEAM).await;
    app.click("create-team-button").await;
    let card = app.find_css(&team_card(TEAM)).await;
    let card_text = card.text().await.or_panic("cannot read the team card");
    assert!(
        card_text.contains(TEAM),
        "the team card does not show the name literally: {card_text:?}"
    );
    assert!(
        app.all_css("team").await.is_empty(),
        "the team name was rendered as HTML"
    );
    app.screenshot("home-after-team-created").await;

    // 2. Start an assessment; read the questions from the jump list.
    app.click_css(&format!(
        "{} {}",
        team_card(TEAM),
        testid("start-assessment-button")
    ))
    .await;
    // The start dialog offers the built-in bank with the full profile first.
    app.wait_attr(
        &format!("{}[data-profile-id=\"full\"]", testid("profile-option")),
        "data-chosen",
        "true",
    )
    .await;
    app.screenshot("start-dialog").await;
    app.click("start-confirm-button").await;
    app.find("question-id").await;
    let mut question_ids = Vec::new();
    for item in app.all_css(&testid("jump-item")).await {
        let id = attr(&item, "data-question-id")
            .await
            .or_panic("a jump-item has no data-question-id");
        question_ids.push(id);
    }
    let n = question_ids.len();
    assert!(n >= 4, "the jump list has only {n} questions");
    wait_question(&app, &question_ids[0]).await;
    app.screenshot("questionnaire-first-question").await;

    // 3. Answer every question, alternating keyboard (even) and mouse (odd).
    for (i, question_id) in question_ids.iter().enumerate() {
        wait_question(&app, question_id).await;
        let by_keyboard = i % 2 == 0;
        match i {
            0 => {
                app.shortcut('1').await;
                wait_level_pressed(&app, 1).await;
                wait_answer_saved(&app, question_id).await;
                app.shortcut('n').await;
                let (focused, _) = app.focus().await;
                assert_eq!(
                    focused.as_deref(),
                    Some("note-input"),
                    "`n` did not focus the note"
                );
                app.type_here(NOTE).await;
                // Tab leaves the note, which saves it.
                app.press(Key::Tab).await;
                app.wait_saved().await;
                app.wait_value("note-input", NOTE).await;
            }
            1 => {
                app.click("na-button").await;
                app.type_into(
                    "na-reason-input",
                    &format!("{NA_REASON}{}", char::from(Key::Enter)),
                )
                .await;
                app.wait_attr(&testid("na-button"), "aria-pressed", "true")
                    .await;
                wait_answer_saved(&app, question_id).await;
            }
            2 => {
                app.click("dont-know-button").await;
                app.wait_attr(&testid("dont-know-button"), "aria-pressed", "true")
                    .await;
                wait_answer_saved(&app, question_id).await;
            }
            _ => {
                let level = level_for(i);
                if by_keyboard {
                    let digit = char::from_digit(level as u32, 10).or_panic("a level is one digit");
                    app.shortcut(digit).await;
                } else {
                    app.click_css(&level_card(level)).await;
                }
                wait_level_pressed(&app, level).await;
                wait_answer_saved(&app, question_id).await;
            }
        }
        let Some(next_id) = question_ids.get(i + 1) else {
            break;
        };
        if by_keyboard {
            app.shortcut(Key::Right).await;
        } else {
            app.click("next-button").await;
        }
        wait_question(&app, next_id).await;
    }
    app.wait_text("progress", &format!("{n} of {n} answered"))
        .await;

    // 4. Nothing the user typed ran or rendered as HTML.
    app.assert_no_alert().await;
    app.assert_no_injected_markup().await;
    jump_to(&app, &question_ids[0]).await;
    app.wait_value("note-input", NOTE).await;
    app.assert_no_alert().await;

    // 5. Close the app; the database holds every answer.
    app.quit().await;
    let first_area = {
        let conn = open_read_only(&db);
        let rows: i64 = conn
            .query_row("SELECT count(*) FROM consensus", [], |r| r.get(0))
            .or_panic("cannot count consensus rows");
        assert_eq!(rows, n as i64, "expected one consensus row per question");
        let answer = |q: &str| -> StoredAnswer {
            conn.query_row(
                "SELECT kind, level, reason, note FROM consensus WHERE question_id = ?1",
                [q],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .or_panic(&format!("no consensus row for {q}"))
        };
        let (kind, level, _, note) = answer(&question_ids[0]);
        assert_eq!((kind.as_str(), level), ("level", Some(1)));
        assert_eq!(
            note.as_deref(),
            Some(NOTE),
            "the note was not stored literally"
        );
        let (kind, _, reason, _) = answer(&question_ids[1]);
        assert_eq!(kind, "not_applicable");
        assert_eq!(reason.as_deref(), Some(NA_REASON));
        assert_eq!(answer(&question_ids[2]).0, "dont_know");
        let (kind, level, _, _) = answer(&question_ids[3]);
        assert_eq!((kind.as_str(), level), ("level", Some(level_for(3) as i64)));
        // The area of the first question, from the bank copy the assessment ran against.
        let bank: String = conn
            .query_row(
                "SELECT b.content FROM banks b JOIN assessments a ON a.bank_hash = b.hash",
                [],
                |r| r.get(0),
            )
            .or_panic("cannot read the assessment's bank");
        let bank: serde_json::Value =
            serde_json::from_str(&bank).or_panic("the stored bank is not JSON");
        bank["questions"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|q| q["id"] == question_ids[0].as_str())
            .and_then(|q| q["area"].as_str())
            .or_panic(&format!(
                "the stored bank has no area for {}",
                question_ids[0]
            ))
            .to_string()
    };

    // 6. Launch again on the same database: everything is still there.
    let app = App::launch(&tools, TEST, &db, dir.path().join("driver-2.log")).await;
    let card = app.find_css(&team_card(TEAM)).await;
    let rows = card
        .find_all(Locator::Css(&testid("assessment-row")))
        .await
        .or_panic("cannot list the assessment rows");
    assert_eq!(rows.len(), 1, "expected one assessment for the team");
    assert_eq!(
        attr(&rows[0], "data-status").await.as_deref(),
        Some("in_progress")
    );
    app.click_css(&format!(
        "{} {} {}",
        team_card(TEAM),
        testid("assessment-row"),
        testid("open-assessment")
    ))
    .await;
    app.find("question-id").await;
    app.screenshot("questionnaire-after-restart").await;
    let items = app.all_css(&testid("jump-item")).await;
    assert_eq!(
        items.len(),
        n,
        "the jump list changed length after the restart"
    );
    for item in &items {
        let id = attr(item, "data-question-id").await;
        assert_eq!(
            attr(item, "data-answered").await.as_deref(),
            Some("true"),
            "{id:?} is not answered after the restart"
        );
    }

    jump_to(&app, &question_ids[0]).await;
    wait_level_pressed(&app, 1).await;
    app.wait_value("note-input", NOTE).await;

    jump_to(&app, &question_ids[1]).await;
    app.wait_attr(&testid("na-button"), "aria-pressed", "true")
        .await;
    let shown = match app
        .client
        .find(Locator::Css(&testid("na-reason-input")))
        .await
    {
        Ok(input) => input.prop("value").await.ok().flatten().unwrap_or_default(),
        Err(_) => String::new(),
    };
    if shown != NA_REASON {
        let page = app
            .find_css("body")
            .await
            .text()
            .await
            .or_panic("cannot read the page");
        assert!(
            page.contains(NA_REASON),
            "the N/A reason is not shown after the restart"
        );
    }

    jump_to(&app, &question_ids[2]).await;
    app.wait_attr(&testid("dont-know-button"), "aria-pressed", "true")
        .await;

    jump_to(&app, &question_ids[3]).await;
    wait_level_pressed(&app, level_for(3)).await;

    let last = n - 1;
    jump_to(&app, &question_ids[last]).await;
    wait_level_pressed(&app, level_for(last)).await;

    // 7. Finish and read the results.
    app.click("finish-button").await;
    app.until("the results, or a confirm dialog", async || {
        if let Ok(confirm) = app
            .client
            .find(Locator::Css(&testid("confirm-finish-button")))
            .await
        {
            confirm.click().await?;
        }
        app.client
            .find(Locator::Css(&testid("results-overall")))
            .await?;
        Ok(Ok(()))
    })
    .await;
    let overall = app
        .until("an overall score like 3.1", async || {
            let text = app
                .client
                .find(Locator::Css(&testid("results-overall")))
                .await?
                .text()
                .await?;
            let text = text.trim().to_string();
            let b = text.as_bytes();
            let score = b.len() == 3
                && (b'1'..=b'5').contains(&b[0])
                && b[1] == b'.'
                && b[2].is_ascii_digit();
            Ok(if score {
                Ok(text)
            } else {
                Err(format!("{text:?}"))
            })
        })
        .await;
    eprintln!("overall score: {overall}");
    for chart in ["radar-chart", "phases-chart", "spectrum-chart"] {
        app.find(chart)
            .await
            .find(Locator::Css("svg"))
            .await
            .or_panic(&format!("{chart} holds no <svg>"));
    }
    let area_row = format!("{}[data-area-id=\"{first_area}\"]", testid("area-row"));
    app.find_css(&area_row).await;
    app.click_css(&format!("{area_row} {}", testid("area-explain-button")))
        .await;
    app.until("the note among the contributions", async || {
        let mut seen = Vec::new();
        for el in app
            .client
            .find_all(Locator::Css(&testid("contribution-note")))
            .await?
        {
            seen.push(el.text().await?);
        }
        Ok(if seen.iter().any(|t| t.trim() == NOTE) {
            Ok(())
        } else {
            Err(format!("contribution notes {seen:?}"))
        })
    })
    .await;
    app.screenshot("results").await;
    app.assert_no_alert().await;
    app.assert_no_injected_markup().await;
    app.quit().await;

    let completed: Option<String> = open_read_only(&db)
        .query_row("SELECT completed_at FROM assessments", [], |r| r.get(0))
        .or_panic("cannot read the assessment");
    assert!(
        completed.is_some(),
        "finishing did not complete the assessment"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn startup_error_for_a_database_from_a_newer_version() {
    const TEST: &str = "newer-db";
    let tools = Tools::find();
    let _one_app = support::one_app_at_a_time().await;
    let (dir, db) = scratch();
    {
        let conn = Connection::open(&db).or_panic("cannot create the database");
        conn.execute_batch("CREATE TABLE from_the_future (x TEXT); PRAGMA user_version = 999;")
            .or_panic("cannot write the database");
    }
    let before = std::fs::read(&db).or_panic("cannot read the database");

    let app = App::launch(&tools, TEST, &db, dir.path().join("driver.log")).await;
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

    let after = std::fs::read(&db).or_panic("cannot read the database");
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
            !dir.path().join(sidecar).exists(),
            "the app created {sidecar} beside a database from a newer version"
        );
    }
}

/// Writes a one-area bank; `area` is what its question claims to belong to.
fn write_bank(dir: &Path, area: &str) -> (PathBuf, PathBuf) {
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn imports_a_bank_showing_every_problem_then_runs_a_quick_pulse() {
    const TEST: &str = "import-bank";
    let tools = Tools::find();
    let _one_app = support::one_app_at_a_time().await;
    let (dir, db) = scratch();
    let bad_dir = dir.path().join("bad");
    let good_dir = dir.path().join("good");
    std::fs::create_dir_all(&bad_dir).or_panic("mkdir");
    std::fs::create_dir_all(&good_dir).or_panic("mkdir");
    let (bad_head, bad_q) = write_bank(&bad_dir, "no-such-area");
    let (good_head, good_q) = write_bank(&good_dir, "runbooks");

    let app = App::launch(&tools, TEST, &db, dir.path().join("driver.log")).await;
    app.type_into("team-name-input", "Importers").await;
    app.click("create-team-button").await;
    app.click("start-assessment-button").await;
    app.find("start-dialog").await;

    // A broken bank: the error names the file, line and field; nothing is kept.
    let input = app.find("import-bank-input").await;
    input
        .send_keys(&format!("{}\n{}", bad_head.display(), bad_q.display()))
        .await
        .or_panic("cannot choose files");
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

    // A good bank is kept and chosen; its title shows as text.
    let input = app.find("import-bank-input").await;
    input
        .send_keys(&format!("{}\n{}", good_head.display(), good_q.display()))
        .await
        .or_panic("cannot choose files");
    app.wait_attr(
        &format!("{}[data-bank-id=\"ours\"]", testid("bank-option")),
        "data-chosen",
        "true",
    )
    .await;
    let option = app
        .find_css(&format!("{}[data-bank-id=\"ours\"]", testid("bank-option")))
        .await;
    let option_text = option.text().await.or_panic("cannot read the option");
    assert!(
        option_text.contains("Our <b>own</b> bank"),
        "{option_text:?}"
    );
    assert!(
        app.all_css("[data-testid=start-dialog] b").await.is_empty(),
        "the title was rendered as HTML"
    );

    // The built-in bank's quick pulse asks one question per area.
    app.click_css(&format!("{}[data-bank-id=\"opex\"]", testid("bank-option")))
        .await;
    app.click_css(&format!(
        "{}[data-profile-id=\"quick\"]",
        testid("profile-option")
    ))
    .await;
    app.wait_attr(
        &format!("{}[data-profile-id=\"quick\"]", testid("profile-option")),
        "data-chosen",
        "true",
    )
    .await;
    app.screenshot("start-quick").await;
    app.click("start-confirm-button").await;
    app.find("question-id").await;
    assert_eq!(app.all_css(&testid("jump-item")).await.len(), 13);
    app.wait_text("progress", "0 of 13 answered").await;
    app.quit().await;

    let conn = open_read_only(&db);
    let (profile, imported): (String, i64) = conn
        .query_row(
            "SELECT (SELECT profile FROM assessments), (SELECT count(*) FROM banks WHERE imported_at IS NOT NULL)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .or_panic("cannot read the database");
    assert_eq!((profile.as_str(), imported), ("quick", 1));
}
