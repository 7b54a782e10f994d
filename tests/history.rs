//! End-to-end test of the improvement loop in the real WebKitGTK webview: a
//! team's history (trend, comparison, heatmap), a target, an action added
//! from the results, the review of open actions when the next assessment
//! starts, the portfolio, and deleting assessments without losing actions.
//! `cargo xtask e2e` builds the app, starts a display and runs it; run
//! directly it fails (never skips) without one.

#[path = "support.rs"]
#[allow(dead_code)] // Some helpers serve only the questionnaire and workshop tests.
mod support;

use fantoccini::Locator;
use rusqlite::OptionalExtension;
use std::path::Path;
use support::{App, Expect, attr, open_read_only, scratch, testid};

/// The team the demo button adds.
const DEMO_TEAM: &str = "Demo: Payments Platform";
/// The demo's one open action, overdue.
const OVERDUE_TITLE: &str = "Agree an error budget policy with product";
/// Who takes the action added from the results.
const OWNER: &str = "Ben";
/// The area whose target the test sets; the demo has none for it.
const TARGET_AREA: &str = "scaling";
/// The area the action is added in; the demo's target for it is 4.0.
const ACTION_AREA: &str = "monitoring";

fn team_card(name: &str) -> String {
    format!("{}[data-team-name=\"{name}\"]", testid("team-card"))
}

/// The demo team's assessment rows on Home, newest first.
fn assessment_rows() -> String {
    format!("{} {}", team_card(DEMO_TEAM), testid("assessment-row"))
}

fn assessment_row(id: i64) -> String {
    format!("{}[data-assessment-id=\"{id}\"]", assessment_rows())
}

fn area_row(area: &str) -> String {
    format!("{}[data-area-id=\"{area}\"]", testid("area-row"))
}

fn target_row(area: &str) -> String {
    format!("{}[data-area-id=\"{area}\"]", testid("target-row"))
}

fn review_item(action_id: i64) -> String {
    format!("{}[data-action-id=\"{action_id}\"]", testid("review-item"))
}

/// Whitespace runs (line breaks between inline elements) become one space.
fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Waits until exactly `n` elements match `css`.
async fn wait_count(app: &App, css: &str, n: usize) {
    app.until(&format!("{n} element(s) matching {css}"), async || {
        let found = app.client.find_all(Locator::Css(css)).await?.len();
        Ok(if found == n {
            Ok(())
        } else {
            Err(format!("{found} element(s)"))
        })
    })
    .await;
}

/// The markup inside the first element matching `css`, once it holds an
/// `<svg>` (the charts are drawn as inline SVG).
async fn svg_markup(app: &App, css: &str) -> String {
    app.until(&format!("an <svg> inside {css}"), async || {
        let el = app.client.find(Locator::Css(css)).await?;
        let svg = el.find(Locator::Css("svg")).await?;
        Ok(Ok(svg.html(false).await?))
    })
    .await
}

/// Waits until the element matching `css` is enabled, then clicks it.
async fn click_when_enabled(app: &App, css: &str) {
    app.until(&format!("{css} to be enabled"), async || {
        let enabled = app
            .client
            .find(Locator::Css(css))
            .await?
            .is_enabled()
            .await?;
        Ok(if enabled {
            Ok(())
        } else {
            Err("disabled".to_string())
        })
    })
    .await;
    app.click_css(css).await;
}

/// Waits until the checkbox or radio matching `css` is checked.
async fn wait_checked(app: &App, css: &str) {
    app.until(&format!("{css} to be checked"), async || {
        let checked = app
            .client
            .find(Locator::Css(css))
            .await?
            .prop("checked")
            .await?;
        Ok(if checked.as_deref() == Some("true") {
            Ok(())
        } else {
            Err(format!("checked={checked:?}"))
        })
    })
    .await;
}

/// Goes back to Home through the brand button in the top bar.
async fn go_home(app: &App) {
    app.click_css("button[aria-label=\"opex home\"]").await;
    app.find_css(&team_card(DEMO_TEAM)).await;
}

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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_improvement_loop_from_history_to_the_next_assessment() {
    const TEST: &str = "history";
    let tools = support::Tools::find();
    let _one_app = support::one_app_at_a_time().await;
    let (dir, db) = scratch();
    let app = App::launch(&tools, TEST, &db, dir.path().join("driver.log")).await;

    // ---- 1. The demo team's history.
    app.click("demo-button").await;
    app.find_css(&team_card(DEMO_TEAM)).await;
    let (team_id, overdue_id): (i64, i64) = open_read_only(&db)
        .query_row(
            "SELECT team_id, id FROM actions WHERE title = ?1",
            [OVERDUE_TITLE],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .or_panic("the demo has no overdue action");
    app.click_css(&format!(
        "{} {}",
        team_card(DEMO_TEAM),
        testid("team-page-button")
    ))
    .await;
    app.wait_text("team-page-name", DEMO_TEAM).await;
    wait_count(&app, &testid("timeline-row"), 4).await;
    let trend = svg_markup(&app, &testid("trend-chart")).await;
    assert!(
        trend.contains("no assessment"),
        "the trend does not mark the missing quarter"
    );
    assert!(
        trend.contains('†'),
        "the trend does not mark the revised question with †"
    );
    svg_markup(&app, &testid("area-trends")).await;
    let did_it_work = app
        .wait_text_contains("did-it-work", "of 2 finished actions")
        .await;
    eprintln!("did it work: {did_it_work:?}");
    let overdue = app
        .until("the overdue action in the list", async || {
            for row in app
                .client
                .find_all(Locator::Css(&testid("team-action")))
                .await?
            {
                let text = row.text().await?;
                if text.contains(OVERDUE_TITLE) {
                    return Ok(Ok((text, row.attr("data-status").await?)));
                }
            }
            Ok(Err("no team-action row with its title".to_string()))
        })
        .await;
    assert!(
        overdue.0.contains("overdue"),
        "the overdue action does not say so: {:?}",
        overdue.0
    );
    assert_eq!(overdue.1.as_deref(), Some("open"));
    app.screenshot("team-page").await;

    // ---- 2. Compare the oldest and the newest (the time line is newest first).
    let rows = app.all_css(&testid("timeline-row")).await;
    let newest = attr(&rows[0], "data-assessment-id")
        .await
        .or_panic("a timeline row has no data-assessment-id");
    let oldest = attr(&rows[rows.len() - 1], "data-assessment-id")
        .await
        .or_panic("a timeline row has no data-assessment-id");
    for id in [&oldest, &newest] {
        let pick = format!(
            "{}[data-assessment-id=\"{id}\"] {}",
            testid("timeline-row"),
            testid("compare-pick")
        );
        app.click_css(&pick).await;
        wait_checked(&app, &pick).await;
    }
    click_when_enabled(&app, &testid("compare-button")).await;
    let comparison = squash(
        &app.wait_text_contains("comparison", "Compared on the")
            .await,
    );
    assert!(
        comparison.contains("questions answered in both"),
        "comparison: {comparison:?}"
    );
    let improved = app
        .find("improved")
        .await
        .find_all(Locator::Css("li"))
        .await
        .or_panic("cannot list the improved questions");
    assert!(
        !improved.is_empty(),
        "a year of improvement shows no improved question:\n{comparison}"
    );
    app.find("regressed").await;
    app.screenshot("comparison").await;

    // ---- 3. A target for scaling, then the heatmap.
    let level = format!("{} {}", target_row(TARGET_AREA), testid("target-level"));
    app.click_css(&level).await;
    app.find_css(&level)
        .await
        .send_keys("4")
        .await
        .or_panic("cannot type the target level");
    app.click_css(&format!(
        "{} {}",
        target_row(TARGET_AREA),
        testid("target-save")
    ))
    .await;
    app.until("the scaling target in the database", async || {
        let n: i64 = open_read_only(&db)
            .query_row(
                "SELECT count(*) FROM targets WHERE team_id = ?1 AND area_id = ?2 AND level = 4.0",
                rusqlite::params![team_id, TARGET_AREA],
                |r| r.get(0),
            )
            .or_panic("cannot count targets");
        Ok(if n == 1 {
            Ok(())
        } else {
            Err(format!("{n} rows"))
        })
    })
    .await;
    // The team page reloads: the gap to the new target shows in its row.
    app.until("the scaling target row to show a gap", async || {
        let row = app
            .client
            .find(Locator::Css(&target_row(TARGET_AREA)))
            .await?
            .text()
            .await?;
        Ok(if row.contains("to go") || row.contains("met") {
            Ok(())
        } else {
            Err(format!("{row:?}"))
        })
    })
    .await;
    app.screenshot("target-saved").await;
    app.click("heatmap-toggle").await;
    svg_markup(&app, &testid("heatmap")).await;
    app.screenshot("heatmap").await;

    // ---- 4. An action from the latest completed assessment's results.
    go_home(&app).await;
    let latest_css = format!("{}[data-status=\"complete\"]", assessment_rows());
    let latest: i64 = attr(&app.find_css(&latest_css).await, "data-assessment-id")
        .await
        .or_panic("an assessment row has no data-assessment-id")
        .parse()
        .or_panic("data-assessment-id is not a number");
    assert_eq!(
        latest.to_string(),
        newest,
        "Home's latest completed assessment is not the time line's newest"
    );
    app.click_css(&format!(
        "{} {}",
        assessment_row(latest),
        testid("open-assessment")
    ))
    .await;
    app.click_css(&format!(
        "{} {}",
        area_row(ACTION_AREA),
        testid("area-explain-button")
    ))
    .await;
    app.wait_attr(
        &format!(
            "{} {}",
            area_row(ACTION_AREA),
            testid("area-explain-button")
        ),
        "aria-expanded",
        "true",
    )
    .await;
    // Only the monitoring area is expanded, so the first "+ Action" is its
    // first question's.
    let question = app
        .text_css(&format!("li:has({}) .mono", testid("results-add-action")))
        .await
        .trim()
        .to_string();
    app.click("results-add-action").await;
    let title = app
        .until("a pre-filled action title", async || {
            let value = app
                .client
                .find(Locator::Css(&testid("results-action-title")))
                .await?
                .prop("value")
                .await?
                .unwrap_or_default();
            Ok(if value.trim().is_empty() {
                Err("empty".to_string())
            } else {
                Ok(value)
            })
        })
        .await;
    app.type_into("results-action-owner", OWNER).await;
    app.wait_value("results-action-owner", OWNER).await;
    app.click("results-action-save").await;
    let added = app.wait_text_contains("action-added", title.trim()).await;
    eprintln!("added from the results: {added:?}");
    let ben = action_of(&db, OWNER);
    assert_eq!(ben.status, "open");
    assert_eq!(ben.assessment_id, Some(latest));
    assert_eq!(ben.question_id.as_deref(), Some(question.as_str()));
    assert_eq!(ben.area_id.as_deref(), Some(ACTION_AREA));
    assert_eq!(ben.title, title);
    // The results show the targets in force when the assessment was
    // completed: the demo's, not the one just set.
    let target_cell = |area: &str| format!("{} {}", area_row(area), testid("target-cell"));
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

    // ---- 5. The next assessment starts with a review of the open actions.
    go_home(&app).await;
    app.click_css(&format!(
        "{} {}",
        team_card(DEMO_TEAM),
        testid("start-assessment-button")
    ))
    .await;
    app.find("start-dialog").await;
    // Wait for the banks (the full profile is chosen when they arrive) and
    // the review, so that no click lands where the layout is moving from.
    let full = format!("{}[data-profile-id=\"full\"]", testid("profile-option"));
    app.wait_attr(&full, "data-chosen", "true").await;
    app.find("action-review").await;
    wait_count(&app, &testid("review-item"), 2).await;
    for id in [overdue_id, ben.id] {
        let carried = format!("{} {}", review_item(id), testid("review-carried"));
        wait_checked(&app, &carried).await;
    }
    let done = format!("{} {}", review_item(ben.id), testid("review-done"));
    app.click_css(&done).await;
    wait_checked(&app, &done).await;
    let quick = format!("{}[data-profile-id=\"quick\"]", testid("profile-option"));
    app.click_css(&quick).await;
    app.wait_attr(&quick, "data-chosen", "true").await;
    app.screenshot("start-dialog-review").await;
    click_when_enabled(&app, &testid("start-confirm-button")).await;
    app.find("question-id").await;
    wait_count(&app, &testid("jump-item"), 13).await;
    let (next, profile, completed): (i64, String, Option<String>) = open_read_only(&db)
        .query_row(
            "SELECT id, profile, completed_at FROM assessments WHERE team_id = ?1 ORDER BY id DESC LIMIT 1",
            [team_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .or_panic("no assessment was started");
    assert!(next > latest, "no new assessment was started");
    assert_eq!(profile, "quick");
    assert_eq!(completed, None);
    let ben_now = action_of(&db, OWNER);
    assert_eq!(
        ben_now.status, "done",
        "Ben's action was not closed as done"
    );
    assert!(ben_now.done_at.is_some(), "Ben's action has no done_at");
    {
        let conn = open_read_only(&db);
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
            (overdue_id, "carried".to_string()),
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
                [overdue_id],
                |r| r.get(0),
            )
            .or_panic("the overdue action is gone");
        assert_eq!(still, "open", "the carried action was closed");
    }

    // ---- 6. The portfolio.
    app.click("portfolio-button").await;
    app.find("portfolio").await;
    wait_count(&app, &testid("portfolio-row"), 1).await;
    app.find_css(&format!(
        "{}[data-team=\"{DEMO_TEAM}\"]",
        testid("portfolio-row")
    ))
    .await;
    app.screenshot("portfolio").await;

    // ---- 7. Deleting assessments keeps the team's actions.
    go_home(&app).await;
    let in_progress = format!("{}[data-status=\"in_progress\"]", assessment_rows());
    wait_count(&app, &in_progress, 1).await;
    let shown: Option<String> = attr(&app.find_css(&in_progress).await, "data-assessment-id").await;
    assert_eq!(shown, Some(next.to_string()));
    delete_assessment(&app, next).await;
    assert!(
        !assessment_exists(&db, next),
        "the assessment is still stored"
    );
    let reviews_left: i64 = open_read_only(&db)
        .query_row(
            "SELECT count(*) FROM action_reviews WHERE assessment_id = ?1",
            [next],
            |r| r.get(0),
        )
        .or_panic("cannot count reviews");
    assert_eq!(reviews_left, 0, "the deleted assessment's reviews remain");
    assert_eq!(
        action_of(&db, OWNER),
        ben_now,
        "deleting the new assessment changed Ben's action"
    );

    // Ben's action came from the latest completed assessment: deleting that
    // one unlinks the action but keeps it, and its question.
    delete_assessment(&app, latest).await;
    assert!(
        !assessment_exists(&db, latest),
        "the assessment is still stored"
    );
    let unlinked = action_of(&db, OWNER);
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

/// Deletes assessment `id` from Home, confirming in the dialog, and waits
/// until its row is gone.
async fn delete_assessment(app: &App, id: i64) {
    app.click_css(&format!(
        "{} {}",
        assessment_row(id),
        testid("delete-assessment")
    ))
    .await;
    app.click("delete-assessment-confirm").await;
    wait_count(app, &assessment_row(id), 0).await;
}
