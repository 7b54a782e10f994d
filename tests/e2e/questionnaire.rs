//! The questionnaire: creating a team, answering every question by keyboard
//! and mouse, the answers surviving a restart, and the results.

use crate::selectors::{
    area_row, inside, jump_item, level_card, pressed_level_cards, profile_option, team_card, testid,
};
use crate::support::{App, Case, Expect, attr, open_read_only};
use fantoccini::Locator;
use fantoccini::key::Key;
use std::path::Path;

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
    let pressed = app.all_css(&pressed_level_cards()).await;
    assert_eq!(pressed.len(), 1, "more than one level card is pressed");
}

/// After an answer to `question_id`: the UI shows it answered and saved.
async fn wait_answer_saved(app: &App, question_id: &str) {
    app.wait_attr(&jump_item(question_id), "data-answered", "true")
        .await;
    app.wait_saved().await;
}

/// Creates [`TEAM`] on Home by typing and clicking; returns its card's text.
async fn create_team(app: &App) -> String {
    app.type_into("team-name-input", TEAM).await;
    app.click("create-team-button").await;
    let card = app.find_css(&team_card(TEAM)).await;
    card.text().await.or_panic("cannot read the team card")
}

/// Starts an assessment of [`TEAM`] on the built-in bank's full profile, which
/// the start dialog offers first; returns the question ids from the jump list
/// once the first question shows.
async fn start_full_assessment(app: &App) -> Vec<String> {
    app.click_css(&inside(&team_card(TEAM), "start-assessment-button"))
        .await;
    app.wait_attr(&profile_option("full"), "data-chosen", "true")
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
    wait_question(app, &question_ids[0]).await;
    question_ids
}

/// Answers question `i`: the first at level 1 with [`NOTE`], the second not
/// applicable with [`NA_REASON`], the third "don't know", the rest at
/// [`level_for`]. Levels and the note go by keyboard or by mouse.
async fn answer(app: &App, i: usize, question_id: &str, by_keyboard: bool) {
    match i {
        0 => {
            if by_keyboard {
                app.shortcut('1').await;
            } else {
                app.click_css(&level_card(1)).await;
            }
            wait_level_pressed(app, 1).await;
            wait_answer_saved(app, question_id).await;
            if by_keyboard {
                app.shortcut('n').await;
                let (focused, _) = app.focus().await;
                assert_eq!(
                    focused.as_deref(),
                    Some("note-input"),
                    "`n` did not focus the note"
                );
                app.type_here(NOTE).await;
            } else {
                app.type_into("note-input", NOTE).await;
            }
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
            wait_answer_saved(app, question_id).await;
        }
        2 => {
            app.click("dont-know-button").await;
            app.wait_attr(&testid("dont-know-button"), "aria-pressed", "true")
                .await;
            wait_answer_saved(app, question_id).await;
        }
        _ => {
            let level = level_for(i);
            if by_keyboard {
                let digit = char::from_digit(level as u32, 10).or_panic("a level is one digit");
                app.shortcut(digit).await;
            } else {
                app.click_css(&level_card(level)).await;
            }
            wait_level_pressed(app, level).await;
            wait_answer_saved(app, question_id).await;
        }
    }
}

/// Answers every question (see [`answer`]) and moves on after each, by
/// keyboard for the even ones when `alternate` (mouse for the odd ones), else
/// all by mouse; waits until the progress says all are answered.
async fn answer_all(app: &App, question_ids: &[String], alternate: bool) {
    for (i, question_id) in question_ids.iter().enumerate() {
        wait_question(app, question_id).await;
        let by_keyboard = alternate && i % 2 == 0;
        answer(app, i, question_id, by_keyboard).await;
        let Some(next_id) = question_ids.get(i + 1) else {
            break;
        };
        if by_keyboard {
            app.shortcut(Key::Right).await;
        } else {
            app.click("next-button").await;
        }
        wait_question(app, next_id).await;
    }
    let n = question_ids.len();
    app.wait_text("progress", &format!("{n} of {n} done")).await;
}

/// A database holding [`TEAM`] with one assessment of the full profile,
/// every question answered by mouse as [`answer`] says, and the app closed.
/// Returns the question ids.
async fn answered_assessment(case: &Case) -> Vec<String> {
    let app = case.launch("driver-1").await;
    create_team(&app).await;
    let question_ids = start_full_assessment(&app).await;
    answer_all(&app, &question_ids, false).await;
    app.quit().await;
    question_ids
}

/// Opens the team's only assessment from Home.
async fn open_the_assessment(app: &App) {
    app.click_css(&inside(
        &inside(&team_card(TEAM), "assessment-row"),
        "open-assessment",
    ))
    .await;
    app.find("question-id").await;
}

/// The area of `question_id` in the bank copy the assessment ran against.
fn area_of(db: &Path, question_id: &str) -> String {
    let bank: String = open_read_only(db)
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
        .find(|q| q["id"] == question_id)
        .and_then(|q| q["area"].as_str())
        .or_panic(&format!("the stored bank has no area for {question_id}"))
        .to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_team_shows_its_name_literally_and_starts_on_the_full_profile() {
    let case = Case::new("new-team").await;
    let app = case.launch("driver").await;

    let card_text = create_team(&app).await;
    assert!(
        card_text.contains(TEAM),
        "the team card does not show the name literally: {card_text:?}"
    );
    assert!(
        app.all_css("team").await.is_empty(),
        "the team name was rendered as HTML"
    );
    app.screenshot("home-after-team-created").await;

    // The start dialog offers the built-in bank with the full profile first
    // (checked with the jump list's length inside the helper).
    start_full_assessment(&app).await;
    app.screenshot("questionnaire-first-question").await;
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn answers_every_question_by_keyboard_and_mouse() {
    let case = Case::new("answer-all").await;
    let app = case.launch("driver").await;
    create_team(&app).await;
    let question_ids = start_full_assessment(&app).await;
    let n = question_ids.len();

    // Alternating keyboard (even) and mouse (odd).
    answer_all(&app, &question_ids, true).await;

    // Nothing the user typed ran or rendered as HTML.
    app.assert_no_alert().await;
    app.assert_no_injected_markup().await;
    jump_to(&app, &question_ids[0]).await;
    app.wait_value("note-input", NOTE).await;
    app.assert_no_alert().await;

    // Close the app; the database holds every answer.
    app.quit().await;
    let conn = case.read();
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
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn answers_survive_a_restart() {
    let case = Case::new("restart").await;
    let question_ids = answered_assessment(&case).await;
    let n = question_ids.len();

    // Launch again on the same database: everything is still there.
    let app = case.launch("driver-2").await;
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
    open_the_assessment(&app).await;
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
        let page = app.text_css("body").await;
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
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn finishing_shows_the_results_with_the_note_among_the_contributions() {
    let case = Case::new("results").await;
    let question_ids = answered_assessment(&case).await;
    let first_area = area_of(&case.db, &question_ids[0]);

    let app = case.launch("driver-2").await;
    open_the_assessment(&app).await;
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
    let overall = app.overall_score().await;
    eprintln!("overall score: {overall}");
    for chart in ["radar-chart", "phases-chart", "spectrum-chart"] {
        app.find(chart)
            .await
            .find(Locator::Css("svg"))
            .await
            .or_panic(&format!("{chart} holds no <svg>"));
    }
    let area_row = area_row(&first_area);
    app.find_css(&area_row).await;
    app.click_css(&inside(&area_row, "area-explain-button"))
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

    let completed: Option<String> = case
        .read()
        .query_row("SELECT completed_at FROM assessments", [], |r| r.get(0))
        .or_panic("cannot read the assessment");
    assert!(
        completed.is_some(),
        "finishing did not complete the assessment"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_note_typed_just_before_the_window_closes_is_kept() {
    const LATE_NOTE: &str = "typed a moment before closing";
    let case = Case::new("close-note").await;
    let app = case.launch("driver").await;
    create_team(&app).await;
    let question_ids = start_full_assessment(&app).await;
    let first = &question_ids[0];
    app.click_css(&level_card(2)).await;
    wait_answer_saved(&app, first).await;

    // The note waits for a pause in typing before it is saved; the window is
    // closed, as by its close button, well within that pause.
    let pid = crate::support::window::app_pid(&case.db);
    app.type_into("note-input", LATE_NOTE).await;
    let typed = std::time::Instant::now();
    let windows = crate::support::window::request_close(pid);
    let asked_within = typed.elapsed();
    assert!(
        asked_within < std::time::Duration::from_millis(100),
        "the close was asked {asked_within:?} after typing"
    );
    // The close waits for the save. Under Xvfb a close request is now and
    // then never seen (see `close_and_wait`): then it is asked again, as a
    // person would click again, and the run says so.
    let closed = crate::support::window::wait_exit(pid, std::time::Duration::from_secs(8)) || {
        eprintln!("the first close request was not seen; asking again");
        crate::support::window::close_and_wait(pid, std::time::Duration::from_secs(30)).is_some()
    };
    // The note stored for the first question, as the file holds it now.
    let stored_note = || -> rusqlite::Result<Option<String>> {
        case.read().query_row(
            "SELECT note FROM consensus WHERE question_id = ?1",
            [first],
            |r| r.get(0),
        )
    };
    if !closed {
        let stored = stored_note().unwrap_or(None);
        panic!(
            "the app did not close within 38 s of its close button's requests \
             ({windows} window(s) asked; the note stored meanwhile: {stored:?}):\n{}",
            crate::support::window::describe(pid)
        );
    }
    app.quit().await;

    let stored = stored_note().or_panic("the answer to the first question is gone");
    assert_eq!(stored.as_deref(), Some(LATE_NOTE), "the late note was lost");

    // And the relaunched app shows it.
    let app = case.launch("driver-2").await;
    open_the_assessment(&app).await;
    jump_to(&app, first).await;
    app.wait_value("note-input", LATE_NOTE).await;
    app.quit().await;
}

/// The checkboxes of level `level`'s checks on the current question.
fn check_boxes(level: usize) -> String {
    format!(
        "{} {}",
        crate::selectors::testid_with("level-checks", "data-level", level),
        testid("check-box")
    )
}

/// How many of the boxes `css` matches are ticked, as the page has them now.
async fn ticked_boxes(app: &App, css: &str) -> usize {
    let mut n = 0;
    for el in app.all_css(css).await {
        if el.prop("checked").await.ok().flatten().as_deref() == Some("true") {
            n += 1;
        }
    }
    n
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ticked_checks_and_breadth_are_saved_at_once_and_reach_the_results() {
    let case = Case::new("checks").await;
    let app = case.launch("driver-1").await;
    create_team(&app).await;
    let question_ids = start_full_assessment(&app).await;
    let first = &question_ids[0];

    // Tick every check of level 2: the ticks point to level 2.
    app.find_css(&check_boxes(2)).await;
    let boxes = app.all_css(&check_boxes(2)).await.len();
    assert!(boxes >= 1, "level 2 of {first} shows no checks");
    for i in 0..boxes {
        app.click_css(&format!("{}[data-index=\"{i}\"]", check_boxes(2)))
            .await;
        app.wait_saved().await;
    }
    app.wait_text("checks-suggest", "2").await;
    let stored: i64 = case
        .read()
        .query_row(
            "SELECT count(*) FROM ticked_checks WHERE question_id = ?1 AND level = 2",
            [first],
            |r| r.get(0),
        )
        .or_panic("cannot count the ticked checks");
    assert_eq!(stored as usize, boxes, "each tick is saved when it is made");
    // Ticking never answers: the team still chooses.
    assert!(app.all_css(&pressed_level_cards()).await.is_empty());
    app.click("choose-suggested").await;
    wait_level_pressed(&app, 2).await;
    wait_answer_saved(&app, first).await;

    // How widely: for some services.
    let some = crate::selectors::testid_with("breadth-choice", "data-breadth", "some");
    app.click_css(&some).await;
    app.wait_attr(&some, "aria-pressed", "true").await;
    app.wait_saved().await;
    app.screenshot("checks-and-breadth").await;
    let breadth: Option<String> = case
        .read()
        .query_row(
            "SELECT breadth FROM consensus WHERE question_id = ?1",
            [first],
            |r| r.get(0),
        )
        .or_panic("the answer is not stored");
    assert_eq!(breadth.as_deref(), Some("some"));
    app.quit().await;

    // After a restart the boxes and the breadth are as they were left.
    let app = case.launch("driver-2").await;
    open_the_assessment(&app).await;
    jump_to(&app, first).await;
    wait_level_pressed(&app, 2).await;
    app.wait_attr(&some, "aria-pressed", "true").await;
    assert_eq!(ticked_boxes(&app, &check_boxes(2)).await, boxes);
    assert_eq!(ticked_boxes(&app, &check_boxes(3)).await, 0);

    // The results show both beside the question's value.
    let first_area = area_of(&case.db, first);
    app.click("finish-button").await;
    app.click("confirm-finish-button").await;
    app.find("results-overall").await;
    let area_row = area_row(&first_area);
    app.click_css(&inside(&area_row, "area-explain-button"))
        .await;
    app.wait_text_contains("contribution-breadth", "for some services")
        .await;
    let checks = app.wait_text_contains("contribution-checks", "✓").await;
    assert_eq!(
        checks.matches('✓').count(),
        boxes,
        "every ticked check of level 2 is marked in the results: {checks}"
    );
    app.screenshot("results-checks").await;
    app.quit().await;
}
