//! Workshop mode: secret votes recorded by keyboard and mouse, revealed
//! together, discussed and agreed, with actions, a relaunch mid-question and
//! the closing summary (in [`voting`] and [`rounds`]); phones voting over
//! the local network beside the keyboard (in [`phones`]); and an anonymous
//! workshop that keeps no per-person rows (here).

mod phones;
mod rounds;
mod voting;

use crate::selectors::{
    agenda_item, anonymity_option, area_checkbox, consensus_level, inside, mode_option,
    participant_row, profile_option, tally_button, team_card, testid, testid_with, vote_button,
};
use crate::support::{App, Case, Expect, attr, open_read_only, squash};
use fantoccini::key::Key;
use fantoccini::wd::WindowHandle;
use rusqlite::Connection;
use std::path::Path;
use std::time::{Duration, Instant};

const PEOPLE: [&str; 5] = ["Ana", "Ben", "Chidi", "Dana", "Eli"];
/// The team of the open workshops.
const TEAM: &str = "Workshop Five";
/// The area the workshops are limited to: three questions in the full profile.
const AREA: &str = "scaling";
/// The facilitator's private note, which must never reach the room.
const SECRET: &str = "SECRET-NOTE ask Ben";
/// A word of [`SECRET`] that survives Markdown escaping (`SECRET\-NOTE`).
const SECRET_WORD: &str = "SECRET";
const CONSENSUS_NOTE: &str = "Most of us are at 4, but the pager story says 3";
/// The first question's votes, in the order of [`PEOPLE`]: one far from the rest.
const SPLIT: [u8; 5] = [1, 4, 4, 4, 4];

fn digit(level: u8) -> char {
    char::from(b'0' + level)
}

/// "1 of 5 voted" (named) or "1 voted" (anonymous).
fn voted(n: usize, of: Option<usize>) -> String {
    match of {
        Some(of) => format!("{n} of {of} voted"),
        None => format!("{n} voted"),
    }
}

/// How the workshop is run.
enum Anonymity {
    Open,
    Anonymous,
}

/// Creates `team` on Home and starts a workshop limited to [`AREA`] from the
/// start dialog; returns the agenda's question ids once the facilitator
/// screen shows the first one.
async fn start_workshop(app: &App, team: &str, anonymity: Anonymity) -> Vec<String> {
    app.type_into("team-name-input", team).await;
    app.click("create-team-button").await;
    app.click_css(&inside(&team_card(team), "start-assessment-button"))
        .await;
    app.find("start-dialog").await;
    // The dialog is centred and grows when the banks arrive: wait for them
    // (the full profile is chosen by default) so that no click lands on a
    // spot the layout is just moving away from.
    app.wait_attr(&profile_option("full"), "data-chosen", "true")
        .await;

    let workshop = mode_option("workshop");
    app.click_css(&workshop).await;
    app.wait_attr(&workshop, "data-chosen", "true").await;

    let value = match anonymity {
        Anonymity::Open => "open",
        Anonymity::Anonymous => "anonymous",
    };
    let option = anonymity_option(value);
    app.click_css(&option).await;
    app.wait_attr(&option, "data-chosen", "true").await;
    match anonymity {
        Anonymity::Open => {
            // WebKitWebDriver types the WebDriver Enter key as a line break; "\n" it drops.
            let names = PEOPLE.join(&char::from(Key::Enter).to_string());
            app.type_into("participants-input", &names).await;
            app.wait_value("participants-input", &PEOPLE.join("\n"))
                .await;
        }
        Anonymity::Anonymous => {
            app.assert_absent(
                &testid("participants-input"),
                "an anonymous workshop asks for names",
            )
            .await;
        }
    }

    app.click("pick-areas").await;
    let area = area_checkbox(AREA);
    app.click_css(&area).await;
    app.wait_checked(&area).await;
    app.click("start-confirm-button").await;

    app.find("question-id").await;
    let mut ids = Vec::new();
    for item in app.all_css(&testid("agenda-item")).await {
        ids.push(
            attr(&item, "data-question-id")
                .await
                .or_panic("an agenda-item has no data-question-id"),
        );
    }
    assert_eq!(
        ids.len(),
        3,
        "a workshop on the {AREA} area alone should have 3 questions, got {ids:?}"
    );
    assert!(
        ids.iter().all(|id| id.starts_with("SCALE-")),
        "the agenda holds questions from other areas: {ids:?}"
    );
    app.wait_text("question-id", &ids[0]).await;
    for id in &ids {
        app.wait_attr(&agenda_item(id), "data-state", "voting")
            .await;
    }
    ids
}

/// The only assessment in the test's database.
fn assessment_id(conn: &Connection) -> i64 {
    conn.query_row("SELECT id FROM assessments", [], |r| r.get(0))
        .or_panic("expected exactly one assessment")
}

/// How many votes the database holds for `question_id` in `round`.
fn votes_in_round(db: &Path, question_id: &str, round: i64) -> i64 {
    open_read_only(db)
        .query_row(
            "SELECT count(*) FROM votes WHERE question_id = ?1 AND round = ?2",
            rusqlite::params![question_id, round],
            |r| r.get(0),
        )
        .or_panic("cannot count votes")
}

/// Waits (up to the UI timeout) until `votes_in_round` gives `expected`.
async fn wait_votes_stored(app: &App, db: &Path, question_id: &str, round: i64, expected: i64) {
    app.until(
        &format!("{expected} round-{round} votes on {question_id} in the database"),
        async || {
            let n = votes_in_round(db, question_id, round);
            Ok(if n == expected {
                Ok(())
            } else {
                Err(format!("{n} rows"))
            })
        },
    )
    .await;
}

/// Asserts that focus is not in a text field, where keys would be typed
/// instead of reaching the facilitator's shortcuts.
async fn assert_keys_reach_shortcuts(app: &App) {
    let (focused, takes_text) = app.focus().await;
    assert!(
        !takes_text,
        "focus is in a text field ({focused:?}), so keys would be typed, not pressed"
    );
}

/// Presses `level` for the selected person and waits for the count to move.
/// The wait is needed: the selection moves on only when the app has stored
/// the vote, so a second key within ~20 ms would go to the same person.
async fn key_vote(app: &App, level: u8, now_voted: usize) {
    app.press(digit(level)).await;
    app.wait_text("vote-count", &voted(now_voted, Some(PEOPLE.len())))
        .await;
}

/// Votes `levels` by keyboard, one per person from the top of the list (the
/// selection walks down it); returns how long the votes took, each waited for
/// on screen.
async fn vote_by_keys(app: &App, levels: [u8; 5]) -> Duration {
    assert_keys_reach_shortcuts(app).await;
    let start = Instant::now();
    for (i, level) in levels.into_iter().enumerate() {
        key_vote(app, level, i + 1).await;
    }
    start.elapsed()
}

/// Votes `levels` by clicking each person's level button, in the order of
/// [`PEOPLE`]; after each, the count moves and the row says voted.
async fn vote_by_mouse(app: &App, levels: [u8; 5]) {
    let n = PEOPLE.len();
    for (i, (name, level)) in PEOPLE.into_iter().zip(levels).enumerate() {
        app.click_css(&vote_button(name, level)).await;
        app.wait_text("vote-count", &voted(i + 1, Some(n))).await;
        app.wait_attr(&participant_row(name), "data-voted", "true")
            .await;
    }
}

/// Writes [`SECRET`] as the private note on `question_id`, stored when the
/// textarea loses focus to a click on the prompt.
async fn write_private_note(app: &App, db: &Path, assessment: i64, question_id: &str) {
    app.type_into("facilitator-note", SECRET).await;
    app.click("question-prompt").await;
    let (focused, takes_text) = app.focus().await;
    assert!(!takes_text, "clicking the prompt left focus in {focused:?}");
    app.until("the private note in the database", async || {
        let note: Option<String> = open_read_only(db)
            .query_row(
                "SELECT facilitator_note FROM workshop_questions WHERE assessment_id = ?1 AND question_id = ?2",
                rusqlite::params![assessment, question_id],
                |r| r.get(0),
            )
            .unwrap_or(None);
        Ok(if note.as_deref() == Some(SECRET) {
            Ok(())
        } else {
            Err(format!("facilitator_note={note:?}"))
        })
    })
    .await;
}

/// Reveals with `r`; returns how long the stats took to show.
async fn reveal_by_key(app: &App) -> Duration {
    assert_keys_reach_shortcuts(app).await;
    let start = Instant::now();
    app.press('r').await;
    app.find("vote-stats").await;
    start.elapsed()
}

/// Agrees level 3 with [`CONSENSUS_NOTE`]: type the note, Escape leaves the
/// field, 3, Enter. Returns how long 3 + Enter took to show "Agreed".
async fn agree_by_keys(app: &App) -> Duration {
    app.type_into("consensus-note", CONSENSUS_NOTE).await;
    app.press(Key::Escape).await;
    assert_keys_reach_shortcuts(app).await;
    let start = Instant::now();
    app.press('3').await;
    app.press(Key::Enter).await;
    app.wait_text("agreed-answer", "✓ Agreed: Level 3").await;
    start.elapsed()
}

/// Adds an action owned by Ben with `a`, its title pre-filled from the
/// question's next step; returns the title.
async fn add_action_by_keys(app: &App) -> String {
    app.shortcut('a').await;
    app.find("action-title").await;
    let title = app.wait_prefilled("action-title").await;
    // By keyboard, as the form is meant to be used: `a` focused the title,
    // Tab goes to the owner, Enter saves. (At 1280x800 a mouse click on the
    // owner field lands on the sticky footer instead: the form opens below it.)
    let (focused, _) = app.focus().await;
    assert_eq!(
        focused.as_deref(),
        Some("action-title"),
        "`a` did not focus the action title"
    );
    app.press(Key::Tab).await;
    let (focused, _) = app.focus().await;
    assert_eq!(
        focused.as_deref(),
        Some("action-owner"),
        "Tab from the action title did not reach the owner"
    );
    app.type_here("Ben").await;
    app.wait_value("action-owner", "Ben").await;
    app.press(Key::Enter).await;
    let item = app.wait_text_contains("action-item", "Ben").await;
    assert!(
        item.contains(title.trim()),
        "the action item {item:?} lacks its title {title:?}"
    );
    title
}

/// Waits until the presented overlay is gone.
async fn wait_overlay_closed(app: &App) {
    app.wait_count(&testid("presented-overlay"), 0).await;
}

/// Opens the second ("presenter") OS window; returns its WebDriver handle
/// and the facilitator window's, leaving the facilitator window current.
async fn open_second_window(app: &App) -> (WindowHandle, WindowHandle) {
    let main = app
        .client
        .window()
        .await
        .or_panic("no current window handle");
    let before = app
        .client
        .windows()
        .await
        .or_panic("cannot list the windows");
    app.click("second-window-button").await;
    let second = app
        .until("a second window handle", async || {
            let now = app.client.windows().await?;
            Ok(match now.into_iter().find(|h| !before.contains(h)) {
                Some(h) => Ok(h),
                None => Err(format!("handles {before:?}")),
            })
        })
        .await;
    (main, second)
}

async fn switch_to(app: &App, handle: &WindowHandle) {
    app.client
        .switch_to_window(handle.clone())
        .await
        .or_panic(&format!("cannot switch to window {handle:?}"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_anonymous_workshop_stores_no_per_person_rows() {
    let case = Case::new("workshop-anonymous").await;
    let app = case.launch("driver").await;
    let ids = start_workshop(&app, "Anonymous Team", Anonymity::Anonymous).await;
    let q1 = &ids[0];
    app.wait_text("vote-count", &voted(0, None)).await;
    app.assert_absent(
        &testid("participant-row"),
        "an anonymous workshop lists people",
    )
    .await;

    // Four people in the room, five cards counted: flagged, then undone.
    app.type_into("headcount-input", "4").await;
    app.press(Key::Tab).await;
    app.wait_text("vote-count", "0 of 4 voted").await;
    for (i, level) in SPLIT.into_iter().enumerate() {
        app.click_css(&tally_button(level)).await;
        app.wait_text("vote-count", &format!("{} of 4 voted", i + 1))
            .await;
    }
    let warning = app
        .wait_text_contains("overcount", "5 votes counted for 4 people")
        .await;
    eprintln!("overcount: {warning}");
    app.screenshot("overcounted").await;
    app.click("undo-tally").await;
    app.wait_text("vote-count", "4 of 4 voted").await;
    app.assert_absent(&testid("overcount"), "the warning stays after the undo")
        .await;
    // A fifth person came in after all: the headcount changes, the card counts.
    app.click_css(&testid("headcount-input")).await;
    app.press(Key::Backspace).await;
    app.type_into("headcount-input", "5").await;
    app.press(Key::Tab).await;
    app.wait_text("vote-count", "4 of 5 voted").await;
    app.click_css(&tally_button(SPLIT[4])).await;
    app.wait_text("vote-count", "5 of 5 voted").await;
    app.assert_absent(&testid("vote-stats"), "the stats show before the reveal")
        .await;
    app.screenshot("tallied").await;

    app.click("reveal-button").await;
    app.wait_text_contains("disagreement", "The team disagrees")
        .await;
    let stats = squash(&app.text_css(&testid("vote-stats")).await);
    assert!(
        stats.contains("Median 4.0 · range 1–4 · middle half 2.5–4.0"),
        "vote stats: {stats:?}"
    );
    app.click_css(&consensus_level(4)).await;
    app.wait_attr(&consensus_level(4), "aria-pressed", "true")
        .await;
    app.click("agree-button").await;
    app.wait_text("agreed-answer", "✓ Agreed: Level 4").await;
    app.wait_attr(&agenda_item(q1), "data-state", "agreed")
        .await;
    app.screenshot("agreed").await;
    app.quit().await;

    let conn = case.read();
    let assessment = assessment_id(&conn);
    let anonymity: String = conn
        .query_row(
            "SELECT anonymity FROM assessments WHERE id = ?1",
            [assessment],
            |r| r.get(0),
        )
        .or_panic("cannot read the assessment");
    assert_eq!(anonymity, "anonymous");
    let count = |sql: &str| -> i64 {
        conn.query_row(sql, [assessment], |r| r.get(0))
            .or_panic(&format!("cannot run {sql}"))
    };
    assert_eq!(
        count("SELECT count(*) FROM participants WHERE assessment_id = ?1"),
        0,
        "an anonymous workshop stored participants"
    );
    assert_eq!(
        count(
            "SELECT count(*) FROM votes v JOIN participants p ON p.id = v.participant_id WHERE p.assessment_id = ?1"
        ),
        0,
        "an anonymous workshop stored per-person votes"
    );
    let all_votes: i64 = conn
        .query_row("SELECT count(*) FROM votes", [], |r| r.get(0))
        .or_panic("cannot count votes");
    assert_eq!(all_votes, 0, "the database holds per-person votes");
    let (sum, ones, fours): (i64, i64, i64) = conn
        .query_row(
            "SELECT coalesce(sum(count), 0),
                    coalesce(sum(CASE WHEN kind = 'level' AND level = 1 THEN count END), 0),
                    coalesce(sum(CASE WHEN kind = 'level' AND level = 4 THEN count END), 0)
             FROM tallies WHERE assessment_id = ?1 AND question_id = ?2",
            rusqlite::params![assessment, q1],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .or_panic("cannot sum the tallies");
    assert_eq!(
        (sum, ones, fours),
        (5, 1, 4),
        "tallies (total, level 1, level 4) for {q1}"
    );
}
