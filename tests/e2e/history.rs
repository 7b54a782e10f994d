//! The improvement loop, on the demo team: its history (trend, comparison,
//! heatmap), the targets form and the portfolio (here); actions added from
//! the results and on the team page and edited there, the review of open
//! actions when the next assessment starts, and deleting assessments without
//! losing actions (in [`actions`]).

mod actions;

use crate::selectors::{
    HOME_BUTTON, inside, portfolio_row, target_row, team_card, testid, timeline_row,
};
use crate::support::{App, Case, Expect, attr, open_read_only, squash};
use fantoccini::Locator;
use fantoccini::key::Key;

/// The team the demo button adds.
const DEMO_TEAM: &str = "Demo: Payments Platform";
/// The demo's one open action, overdue.
const OVERDUE_TITLE: &str = "Agree an error budget policy with product";
/// The area whose target the tests set; the demo has none for it.
const TARGET_AREA: &str = "scaling";

/// The demo's team and its overdue action, as stored.
struct Demo {
    team_id: i64,
    overdue_id: i64,
}

/// Adds the demo team with the button on Home.
async fn add_demo(app: &App, case: &Case) -> Demo {
    app.click("demo-button").await;
    app.find_css(&team_card(DEMO_TEAM)).await;
    let (team_id, overdue_id) = case
        .read()
        .query_row(
            "SELECT team_id, id FROM actions WHERE title = ?1",
            [OVERDUE_TITLE],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .or_panic("the demo has no overdue action");
    Demo {
        team_id,
        overdue_id,
    }
}

/// Opens the demo team's page from Home and waits for its four assessments.
async fn open_team_page(app: &App) {
    app.click_css(&inside(&team_card(DEMO_TEAM), "team-page-button"))
        .await;
    app.wait_text("team-page-name", DEMO_TEAM).await;
    app.wait_count(&testid("timeline-row"), 4).await;
}

/// The assessment ids at the two ends of the team page's time line:
/// (newest, oldest); the time line is newest first.
async fn timeline_ends(app: &App) -> (String, String) {
    let rows = app.all_css(&testid("timeline-row")).await;
    let newest = attr(&rows[0], "data-assessment-id")
        .await
        .or_panic("a timeline row has no data-assessment-id");
    let oldest = attr(&rows[rows.len() - 1], "data-assessment-id")
        .await
        .or_panic("a timeline row has no data-assessment-id");
    (newest, oldest)
}

/// Types `level` into the target field of `area` on the team page.
async fn type_target(app: &App, area: &str, level: &str) {
    let field = inside(&target_row(area), "target-level");
    app.click_css(&field).await;
    let el = app.find_css(&field).await;
    el.clear().await.or_panic("cannot clear the target level");
    el.send_keys(level)
        .await
        .or_panic("cannot type the target level");
}

/// Sets the date input matching `css` to `date` (YYYY-MM-DD) as its own
/// input and change events would. WebKitGTK edits a date in locale-ordered
/// segments that WebDriver cannot type into reliably.
async fn set_date(app: &App, css: &str, date: &str) {
    let el = app.find_css(css).await;
    let arg = serde_json::to_value(&el).or_panic("cannot pass the date field to a script");
    app.client
        .execute(
            "const [el, v] = arguments; el.value = v; \
             el.dispatchEvent(new Event('input', { bubbles: true })); \
             el.dispatchEvent(new Event('change', { bubbles: true }));",
            vec![arg, serde_json::json!(date)],
        )
        .await
        .or_panic("cannot set the date");
}

/// The team's targets in force, newest per area: (area, level, date).
fn stored_targets(case: &Case, team_id: i64) -> Vec<(String, f64, Option<String>)> {
    let conn = case.read();
    let mut stmt = conn
        .prepare(
            "SELECT area_id, level, target_date FROM targets t WHERE team_id = ?1 AND id = \
             (SELECT max(id) FROM targets u WHERE u.team_id = t.team_id AND u.area_id = t.area_id) \
             ORDER BY area_id",
        )
        .or_panic("cannot prepare the targets query");
    stmt.query_map([team_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .or_panic("cannot read the targets")
        .collect::<Result<_, _>>()
        .or_panic("cannot read a target")
}

/// How many targets the team has ever had set: a row per change.
fn target_writes(case: &Case, team_id: i64) -> i64 {
    case.read()
        .query_row(
            "SELECT count(*) FROM targets WHERE team_id = ?1",
            [team_id],
            |r| r.get(0),
        )
        .or_panic("cannot count targets")
}

/// The stored target of `area`, when there is one.
fn stored_target(case: &Case, team_id: i64, area: &str) -> Option<(f64, Option<String>)> {
    stored_targets(case, team_id)
        .into_iter()
        .find(|t| t.0 == area)
        .map(|t| (t.1, t.2))
}

/// Waits until the database holds `expected` as the target of `area`.
async fn wait_target(
    app: &App,
    case: &Case,
    team_id: i64,
    area: &str,
    expected: (f64, Option<&str>),
) {
    app.until(&format!("the {area} target in the database"), async || {
        let found = stored_target(case, team_id, area);
        Ok(
            if found.as_ref().map(|(l, d)| (*l, d.as_deref())) == Some(expected) {
                Ok(())
            } else {
                Err(format!("{found:?}"))
            },
        )
    })
    .await;
}

/// Sets a target of 4 for [`TARGET_AREA`] on the team page, saves the
/// targets form and waits until the database holds it.
async fn set_target(app: &App, case: &Case, team_id: i64) {
    type_target(app, TARGET_AREA, "4").await;
    app.click_when_enabled(&testid("targets-save")).await;
    wait_target(app, case, team_id, TARGET_AREA, (4.0, None)).await;
}

/// Goes back to Home through the brand button in the top bar.
async fn go_home(app: &App) {
    app.click_css(HOME_BUTTON).await;
    app.find_css(&team_card(DEMO_TEAM)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_team_page_shows_the_demo_history() {
    let case = Case::new("history-team-page").await;
    let app = case.launch("driver").await;
    add_demo(&app, &case).await;
    open_team_page(&app).await;
    let trend = app.svg_markup(&testid("trend-chart")).await;
    assert!(
        trend.contains("no assessment"),
        "the trend does not mark the missing quarter"
    );
    assert!(
        trend.contains('†'),
        "the trend does not mark the revised question with †"
    );
    app.svg_markup(&testid("area-trends")).await;
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
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn comparing_the_oldest_and_the_newest_assessment() {
    let case = Case::new("history-compare").await;
    let app = case.launch("driver").await;
    add_demo(&app, &case).await;
    open_team_page(&app).await;
    let (newest, oldest) = timeline_ends(&app).await;
    for id in [&oldest, &newest] {
        let pick = inside(&timeline_row(id), "compare-pick");
        app.click_css(&pick).await;
        app.wait_checked(&pick).await;
    }
    app.click_when_enabled(&testid("compare-button")).await;
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
    // Every change is the difference of the before and after beside it.
    let rows = app.all_css("[data-testid=compare-area]").await;
    assert_eq!(rows.len(), 13, "one row per area");
    for row in rows {
        let cells = row
            .find_all(Locator::Css("td"))
            .await
            .or_panic("cannot read a comparison row");
        let mut text = Vec::new();
        for c in &cells {
            text.push(c.text().await.or_panic("cannot read a cell"));
        }
        let tenths = |s: &str| -> Option<i64> {
            let s = s.trim().replace('−', "-");
            s.parse::<f64>().ok().map(|v| (v * 10.0).round() as i64)
        };
        let change = text[3]
            .split_whitespace()
            .find(|w| w.starts_with('+') || w.starts_with('−'))
            .and_then(tenths);
        if let (Some(before), Some(after), Some(change)) =
            (tenths(&text[1]), tenths(&text[2]), change)
        {
            assert_eq!(after - before, change, "{text:?}");
        } else {
            panic!("a compared area without before, after and change: {text:?}");
        }
    }
    app.screenshot("comparison").await;
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_target_shows_its_gap_and_the_heatmap_draws() {
    let case = Case::new("history-target").await;
    let app = case.launch("driver").await;
    let demo = add_demo(&app, &case).await;
    open_team_page(&app).await;
    set_target(&app, &case, demo.team_id).await;
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
    app.svg_markup(&testid("heatmap")).await;
    app.screenshot("heatmap").await;
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn targets_are_saved_together_and_leaving_with_changes_asks_first() {
    let case = Case::new("history-targets-form").await;
    let app = case.launch("driver").await;
    let demo = add_demo(&app, &case).await;
    open_team_page(&app).await;
    let before = stored_targets(&case, demo.team_id);
    let writes = target_writes(&case, demo.team_id);
    assert_eq!(
        app.all_css(&testid("targets-save")).await.len(),
        1,
        "one Save for every area"
    );
    // An empty date says so, instead of showing a date.
    let date = inside(&target_row("knowledge"), "target-date");
    app.wait_attr(&date, "data-empty", "true").await;
    let row = app.text_css(&target_row("knowledge")).await;
    assert!(row.contains("no date"), "{row:?}");

    // Two rows changed: each is marked, nothing is saved yet.
    type_target(&app, TARGET_AREA, "4").await;
    type_target(&app, "knowledge", "3.5").await;
    set_date(&app, &date, "2027-06-30").await;
    for area in [TARGET_AREA, "knowledge"] {
        app.wait_attr(&target_row(area), "data-unsaved", "true")
            .await;
    }
    app.wait_attr(&target_row("monitoring"), "data-unsaved", "false")
        .await;
    app.wait_text_contains("targets-status", "2 unsaved changes")
        .await;
    app.screenshot("targets-unsaved").await;
    assert_eq!(stored_targets(&case, demo.team_id), before);

    // Leaving asks; keeping on editing stays, with the changes.
    app.click_css(HOME_BUTTON).await;
    app.find("leave-dialog").await;
    app.wait_attr(&testid("leave-dialog"), "open", "true").await;
    app.screenshot("leave-dialog").await;
    app.click("leave-keep").await;
    app.wait_text("team-page-name", DEMO_TEAM).await;
    app.wait_attr(&target_row("knowledge"), "data-unsaved", "true")
        .await;

    // Enter in any field saves every changed row, with one write each.
    app.click_css(&inside(&target_row(TARGET_AREA), "target-level"))
        .await;
    app.press(Key::Enter).await;
    wait_target(&app, &case, demo.team_id, TARGET_AREA, (4.0, None)).await;
    wait_target(
        &app,
        &case,
        demo.team_id,
        "knowledge",
        (3.5, Some("2027-06-30")),
    )
    .await;
    assert_eq!(
        target_writes(&case, demo.team_id),
        writes + 2,
        "only the two changed rows were written: {:?}",
        stored_targets(&case, demo.team_id)
    );
    for area in [TARGET_AREA, "knowledge"] {
        app.wait_attr(&target_row(area), "data-unsaved", "false")
            .await;
    }
    app.wait_text_contains("targets-status", "Saved 2 targets")
        .await;
    app.screenshot("targets-saved").await;

    // A change discarded on the way out is not saved.
    type_target(&app, TARGET_AREA, "4.5").await;
    app.wait_attr(&target_row(TARGET_AREA), "data-unsaved", "true")
        .await;
    app.click("portfolio-button").await;
    app.click("leave-discard").await;
    app.find("portfolio").await;
    assert_eq!(
        stored_target(&case, demo.team_id, TARGET_AREA),
        Some((4.0, None)),
        "a discarded change was saved"
    );
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_portfolio_lists_the_demo_team() {
    let case = Case::new("history-portfolio").await;
    let app = case.launch("driver").await;
    add_demo(&app, &case).await;
    app.click("portfolio-button").await;
    app.find("portfolio").await;
    app.wait_count(&testid("portfolio-row"), 1).await;
    app.find_css(&portfolio_row(DEMO_TEAM)).await;
    app.screenshot("portfolio").await;
    app.quit().await;
}
