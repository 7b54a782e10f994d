//! The improvement loop, on the demo team: its history (trend, comparison,
//! heatmap), a target and the portfolio (here); an action added from the
//! results, the review of open actions when the next assessment starts, and
//! deleting assessments without losing actions (in [`actions`]).

mod actions;

use crate::selectors::{
    HOME_BUTTON, inside, portfolio_row, target_row, team_card, testid, timeline_row,
};
use crate::support::{App, Case, Expect, attr, open_read_only, squash};
use fantoccini::Locator;

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

/// Sets a target of 4 for [`TARGET_AREA`] on the team page and waits until
/// the database holds it.
async fn set_target(app: &App, case: &Case, team_id: i64) {
    let level = inside(&target_row(TARGET_AREA), "target-level");
    app.click_css(&level).await;
    app.find_css(&level)
        .await
        .send_keys("4")
        .await
        .or_panic("cannot type the target level");
    app.click_css(&inside(&target_row(TARGET_AREA), "target-save"))
        .await;
    app.until("the scaling target in the database", async || {
        let n: i64 = case
            .read()
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
