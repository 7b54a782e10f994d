//! The demo team's actions: one added from the latest results, one added on
//! the team page and edited there in place, the review of open actions when
//! the next assessment starts, and deleting assessments without losing the
//! team's actions.

use super::*;
use crate::selectors::{
    area_row, assessment_row, assessment_rows_in, profile_option, question_id_beside, review_item,
    team_action,
};
use fantoccini::key::Key;
use rusqlite::OptionalExtension;
use std::path::Path;

/// Who takes the action added from the results.
const OWNER: &str = "Ben";
/// The area the action is added in; the demo's target for it is 4.0.
const ACTION_AREA: &str = "monitoring";

/// One row of the actions table.
#[derive(Debug, Clone, PartialEq)]
struct StoredAction {
    id: i64,
    assessment_id: Option<i64>,
    question_id: Option<String>,
    area_id: Option<String>,
    title: String,
    status: String,
    done_at: Option<String>,
}

fn actions_owned_by(db: &Path, owner: &str) -> Vec<StoredAction> {
    let conn = open_read_only(db);
    let mut stmt = conn
        .prepare(
            "SELECT id, assessment_id, question_id, area_id, title, status, done_at
             FROM actions WHERE owner = ?1 ORDER BY id",
        )
        .or_panic("cannot prepare the actions query");
    stmt.query_map([owner], |r| {
        Ok(StoredAction {
            id: r.get(0)?,
            assessment_id: r.get(1)?,
            question_id: r.get(2)?,
            area_id: r.get(3)?,
            title: r.get(4)?,
            status: r.get(5)?,
            done_at: r.get(6)?,
        })
    })
    .or_panic("cannot read the actions")
    .collect::<Result<_, _>>()
    .or_panic("cannot read an action")
}

/// The only action owned by `owner`.
fn action_of(db: &Path, owner: &str) -> StoredAction {
    let mut found = actions_owned_by(db, owner);
    assert_eq!(
        found.len(),
        1,
        "expected exactly one action owned by {owner}: {found:?}"
    );
    found.remove(0)
}

fn assessment_exists(db: &Path, id: i64) -> bool {
    open_read_only(db)
        .query_row("SELECT 1 FROM assessments WHERE id = ?1", [id], |_| Ok(()))
        .optional()
        .or_panic("cannot look for the assessment")
        .is_some()
}

/// The newest completed assessment on the demo team's card on Home.
async fn latest_completed(app: &App) -> i64 {
    let latest = app
        .find_css(&assessment_rows_in(DEMO_TEAM, "complete"))
        .await;
    attr(&latest, "data-assessment-id")
        .await
        .or_panic("an assessment row has no data-assessment-id")
        .parse()
        .or_panic("data-assessment-id is not a number")
}

/// From Home, opens the results of assessment `id` and adds an action owned
/// by [`OWNER`] on the first question of [`ACTION_AREA`], keeping the title
/// the form pre-fills. Returns the question's id and the title.
async fn add_action_from_results(app: &App, id: i64) -> (String, String) {
    app.click_css(&inside(&assessment_row(DEMO_TEAM, id), "open-assessment"))
        .await;
    let explain = inside(&area_row(ACTION_AREA), "area-explain-button");
    app.click_css(&explain).await;
    app.wait_attr(&explain, "aria-expanded", "true").await;
    // Only the monitoring area is expanded, so the first "+ Action" is its
    // first question's.
    let question = app
        .text_css(&question_id_beside("results-add-action"))
        .await
        .trim()
        .to_string();
    app.click("results-add-action").await;
    let title = app.wait_prefilled("results-action-title").await;
    app.type_into("results-action-owner", OWNER).await;
    app.wait_value("results-action-owner", OWNER).await;
    app.click("results-action-save").await;
    let added = app.wait_text_contains("action-added", title.trim()).await;
    eprintln!("added from the results: {added:?}");
    (question, title)
}

/// From Home, starts the demo team's next assessment (the quick profile),
/// reviewing the two open actions on the way: `done_id` is closed as done,
/// the overdue one carried.
async fn start_next_with_review(app: &App, demo: &Demo, done_id: i64) {
    app.click_css(&inside(&team_card(DEMO_TEAM), "start-assessment-button"))
        .await;
    app.find("start-dialog").await;
    // Wait for the banks (the full profile is chosen when they arrive) and
    // the review, so that no click lands where the layout is moving from.
    app.wait_attr(&profile_option("full"), "data-chosen", "true")
        .await;
    app.find("action-review").await;
    app.wait_count(&testid("review-item"), 2).await;
    for id in [demo.overdue_id, done_id] {
        app.wait_checked(&inside(&review_item(id), "review-carried"))
            .await;
    }
    let done = inside(&review_item(done_id), "review-done");
    app.click_css(&done).await;
    app.wait_checked(&done).await;
    let quick = profile_option("quick");
    app.click_css(&quick).await;
    app.wait_attr(&quick, "data-chosen", "true").await;
    app.screenshot("start-dialog-review").await;
    app.click_when_enabled(&testid("start-confirm-button"))
        .await;
    app.find("question-id").await;
    app.wait_count(&testid("jump-item"), 13).await;
}

/// The demo team's newest assessment: id, profile and completion time.
fn newest_assessment(case: &Case, demo: &Demo) -> (i64, String, Option<String>) {
    case.read()
        .query_row(
            "SELECT id, profile, completed_at FROM assessments WHERE team_id = ?1 ORDER BY id DESC LIMIT 1",
            [demo.team_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .or_panic("no assessment was started")
}

/// Deletes assessment `id` from Home, confirming in the dialog, and waits
/// until its row is gone.
async fn delete_assessment(app: &App, id: i64) {
    app.click_css(&inside(&assessment_row(DEMO_TEAM, id), "delete-assessment"))
        .await;
    app.click("delete-assessment-confirm").await;
    app.wait_count(&assessment_row(DEMO_TEAM, id), 0).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_action_from_the_results_beside_the_targets_then_in_force() {
    let case = Case::new("history-results-action").await;
    let app = case.launch("driver").await;
    let demo = add_demo(&app, &case).await;
    open_team_page(&app).await;
    let (newest, _) = timeline_ends(&app).await;
    // A target set today, which the results must not show.
    set_target(&app, &case, demo.team_id).await;

    // An action from the latest completed assessment's results.
    go_home(&app).await;
    let latest = latest_completed(&app).await;
    assert_eq!(
        latest.to_string(),
        newest,
        "Home's latest completed assessment is not the time line's newest"
    );
    let (question, title) = add_action_from_results(&app, latest).await;
    let ben = action_of(&case.db, OWNER);
    assert_eq!(ben.status, "open");
    assert_eq!(ben.assessment_id, Some(latest));
    assert_eq!(ben.question_id.as_deref(), Some(question.as_str()));
    assert_eq!(ben.area_id.as_deref(), Some(ACTION_AREA));
    assert_eq!(ben.title, title);
    // The results show the targets in force when the assessment was
    // completed: the demo's, not the one just set.
    let target_cell = |area: &str| inside(&area_row(area), "target-cell");
    let monitoring = app.text_css(&target_cell(ACTION_AREA)).await;
    assert!(
        monitoring.trim().starts_with("4.0"),
        "the monitoring target in force then (4.0) is not shown: {monitoring:?}"
    );
    let scaling = app.text_css(&target_cell(TARGET_AREA)).await;
    assert_eq!(
        scaling.trim(),
        "",
        "a target set today rewrote a result completed a month ago"
    );
    app.screenshot("results-action-added").await;

    // The results lead to the team's history and actions, Ben's among them.
    // The header, where the link is, at the top of the screen.
    app.js("document.querySelector('main').scrollTo(0, 0); return null;")
        .await;
    app.screenshot("results-team-link").await;
    app.click("results-team-link").await;
    app.wait_text("team-page-name", DEMO_TEAM).await;
    app.find_css(&team_action(ben.id)).await;
    app.quit().await;
}

/// An action's due date and link, as stored.
fn due_and_link(db: &Path, id: i64) -> (Option<String>, Option<String>) {
    open_read_only(db)
        .query_row(
            "SELECT due_date, link FROM actions WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .or_panic("the action is gone")
}

/// Replaces what the field matching `css` holds with `text`, as typed.
async fn retype(app: &App, css: &str, text: &str) {
    app.click_css(css).await;
    let el = app.find_css(css).await;
    el.clear().await.or_panic("cannot clear the field");
    el.send_keys(text)
        .await
        .or_panic("cannot type into the field");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_action_is_added_and_edited_in_place_on_the_team_page() {
    const TITLE: &str = "Alert on the checkout SLO";
    const LINK: &str = "OPS-142 <b>x</b>";
    let case = Case::new("history-team-action").await;
    let db = &case.db;
    let app = case.launch("driver").await;
    add_demo(&app, &case).await;
    open_team_page(&app).await;

    // Added on the team page: no assessment, an area, a due date and a link.
    app.click("new-action-button").await;
    app.find("new-action-form").await;
    let title_max = attr(&app.find("new-action-title").await, "maxlength").await;
    assert_eq!(title_max.as_deref(), Some("200"));
    app.type_into("new-action-title", TITLE).await;
    app.type_into("new-action-owner", "Cleo").await;
    set_date(&app, &testid("new-action-due"), "2027-03-31").await;
    app.find("new-action-area")
        .await
        .select_by_value(ACTION_AREA)
        .await
        .or_panic("cannot choose the area");
    app.type_into("new-action-link", LINK).await;
    app.wait_value("new-action-link", LINK).await;
    app.screenshot("new-action-form").await;
    app.click("new-action-save").await;
    app.wait_text_contains("new-action-added", TITLE).await;
    let added = action_of(db, "Cleo");
    assert_eq!(
        (
            added.assessment_id,
            added.question_id.as_deref(),
            added.area_id.as_deref(),
            added.title.as_str(),
            added.status.as_str()
        ),
        (None, None, Some(ACTION_AREA), TITLE, "open")
    );
    assert_eq!(
        due_and_link(db, added.id),
        (Some("2027-03-31".into()), Some(LINK.into()))
    );
    let row = team_action(added.id);
    app.assert_absent(
        &testid("new-action-form"),
        "the form stays open after adding",
    )
    .await;
    let shown = app.text_css(&inside(&row, "action-link")).await;
    assert_eq!(shown.trim(), LINK, "the link is shown as the text it is");
    app.assert_no_injected_markup().await;

    // Escape leaves an edit without saving.
    app.click_css(&inside(&row, "action-edit")).await;
    retype(&app, &inside(&row, "action-edit-title"), "Not this").await;
    app.press(Key::Escape).await;
    app.find_css(&inside(&row, "action-edit")).await;
    assert_eq!(action_of(db, "Cleo"), added, "Escape saved the edit");

    // Title, owner, due date and link edited in place; Enter saves.
    const EDITED: &str = "Alert on checkout SLO burn rate";
    const EDITED_LINK: &str = "https://tracker.example/OPS-143";
    app.click_css(&inside(&row, "action-edit")).await;
    retype(&app, &inside(&row, "action-edit-title"), EDITED).await;
    retype(&app, &inside(&row, "action-edit-owner"), "Dmitri").await;
    set_date(&app, &inside(&row, "action-edit-due"), "2027-04-30").await;
    retype(&app, &inside(&row, "action-edit-link"), EDITED_LINK).await;
    app.screenshot("action-editing").await;
    app.click_css(&inside(&row, "action-edit-title")).await;
    app.press(Key::Enter).await;
    let edited = app
        .until("the edited action in the database", async || {
            let found = actions_owned_by(db, "Dmitri");
            Ok(match found.as_slice() {
                [one] if one.title == EDITED => Ok(one.clone()),
                other => Err(format!("{other:?}")),
            })
        })
        .await;
    assert_eq!(edited.id, added.id, "the edit made a new action");
    assert_eq!(
        (edited.status.as_str(), edited.area_id.as_deref()),
        ("open", Some(ACTION_AREA)),
        "the edit changed what it did not show"
    );
    assert_eq!(
        due_and_link(db, added.id),
        (Some("2027-04-30".into()), Some(EDITED_LINK.into()))
    );
    // The list shows the edit, out of edit mode.
    app.until("the edited action in the list", async || {
        let text = app.client.find(Locator::Css(&row)).await?.text().await?;
        Ok(
            if text.contains(EDITED) && text.contains("Dmitri") && text.contains("due 2027-04-30") {
                Ok(())
            } else {
                Err(format!("{text:?}"))
            },
        )
    })
    .await;
    app.find_css(&inside(&row, "action-edit")).await;
    app.screenshot("action-edited").await;
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_next_assessment_starts_with_a_review_of_open_actions() {
    let case = Case::new("history-review").await;
    let db = &case.db;
    let app = case.launch("driver").await;
    let demo = add_demo(&app, &case).await;
    let latest = latest_completed(&app).await;
    add_action_from_results(&app, latest).await;
    let ben = action_of(db, OWNER);

    // The review: both open actions carried by default, Ben's marked done.
    go_home(&app).await;
    start_next_with_review(&app, &demo, ben.id).await;
    let (next, profile, completed) = newest_assessment(&case, &demo);
    assert!(next > latest, "no new assessment was started");
    assert_eq!(profile, "quick");
    assert_eq!(completed, None);
    let ben_now = action_of(db, OWNER);
    assert_eq!(
        ben_now.status, "done",
        "Ben's action was not closed as done"
    );
    assert!(ben_now.done_at.is_some(), "Ben's action has no done_at");
    let conn = case.read();
    let mut stmt = conn
        .prepare(
            "SELECT action_id, outcome FROM action_reviews WHERE assessment_id = ?1 ORDER BY action_id",
        )
        .or_panic("cannot prepare the reviews query");
    let reviews: Vec<(i64, String)> = stmt
        .query_map([next], |r| Ok((r.get(0)?, r.get(1)?)))
        .or_panic("cannot read the reviews")
        .collect::<Result<_, _>>()
        .or_panic("cannot read a review");
    let mut expected = vec![
        (demo.overdue_id, "carried".to_string()),
        (ben.id, "done".to_string()),
    ];
    expected.sort();
    assert_eq!(
        reviews, expected,
        "the reviews stored with the new assessment"
    );
    let still: String = conn
        .query_row(
            "SELECT status FROM actions WHERE id = ?1",
            [demo.overdue_id],
            |r| r.get(0),
        )
        .or_panic("the overdue action is gone");
    assert_eq!(still, "open", "the carried action was closed");
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deleting_assessments_keeps_the_teams_actions() {
    let case = Case::new("history-deletes").await;
    let db = &case.db;
    let app = case.launch("driver").await;
    let demo = add_demo(&app, &case).await;
    let latest = latest_completed(&app).await;
    add_action_from_results(&app, latest).await;
    let ben = action_of(db, OWNER);
    go_home(&app).await;
    start_next_with_review(&app, &demo, ben.id).await;
    let (next, _, _) = newest_assessment(&case, &demo);
    let ben_now = action_of(db, OWNER);

    // Deleting the new assessment drops its reviews, not the actions.
    go_home(&app).await;
    let in_progress = assessment_rows_in(DEMO_TEAM, "in_progress");
    app.wait_count(&in_progress, 1).await;
    let shown: Option<String> = attr(&app.find_css(&in_progress).await, "data-assessment-id").await;
    assert_eq!(shown, Some(next.to_string()));
    delete_assessment(&app, next).await;
    assert!(
        !assessment_exists(db, next),
        "the assessment is still stored"
    );
    let reviews_left: i64 = case
        .read()
        .query_row(
            "SELECT count(*) FROM action_reviews WHERE assessment_id = ?1",
            [next],
            |r| r.get(0),
        )
        .or_panic("cannot count reviews");
    assert_eq!(reviews_left, 0, "the deleted assessment's reviews remain");
    assert_eq!(
        action_of(db, OWNER),
        ben_now,
        "deleting the new assessment changed Ben's action"
    );

    // Ben's action came from the latest completed assessment: deleting that
    // one unlinks the action but keeps it, and its question.
    delete_assessment(&app, latest).await;
    assert!(
        !assessment_exists(db, latest),
        "the assessment is still stored"
    );
    let unlinked = action_of(db, OWNER);
    assert_eq!(
        unlinked.assessment_id, None,
        "the action still points at a deleted assessment"
    );
    assert_eq!(
        unlinked.question_id, ben.question_id,
        "the action lost its question"
    );
    assert_eq!(unlinked.area_id.as_deref(), Some(ACTION_AREA));
    assert_eq!(unlinked.status, "done");
    app.screenshot("after-deletes").await;
    app.quit().await;
}
