//! Accessibility in the real webview: axe-core on every screen, in both
//! themes, with no serious or critical violation.

use crate::selectors::{
    HOME_BUTTON, anonymity_option, area_checkbox, consensus_level, inside, mode_option, team_card,
    testid, vote_button,
};
use crate::support::{App, Case};
use fantoccini::key::Key;

const DEMO_TEAM: &str = "Demo: Payments Platform";

/// Switches the theme with the top bar's button. (Pressed through the DOM:
/// a dialog may be open over the bar, and the theme is not what is tested.)
async fn toggle_theme(app: &App, to: &str) {
    let script = format!(
        "const b = document.querySelector('[data-testid=theme-toggle]'); \
         if (document.documentElement.dataset.theme !== '{to}') b.click(); \
         /* Behind a modal dialog the bar is inert: set the theme's colours directly. */ \
         if (document.documentElement.dataset.theme !== '{to}') document.documentElement.dataset.theme = '{to}'; \
         return document.documentElement.dataset.theme;"
    );
    app.js(&script).await;
    app.wait_attr("html", "data-theme", to).await;
}

/// Waits until the screen is announced: the window title starts with
/// `title` and focus is on the screen's main heading.
async fn assert_announced(app: &App, title: &str) {
    app.until(&format!("the title {title:?} and focus on the heading"), async || {
        let seen = app
            .client
            .execute(
                "return [document.title, document.activeElement ? document.activeElement.tagName : ''];",
                Vec::new(),
            )
            .await?;
        let (t, tag) = (seen[0].as_str().unwrap_or(""), seen[1].as_str().unwrap_or(""));
        Ok(if t.starts_with(title) && t.ends_with(" · opex") && tag == "H1" {
            Ok(())
        } else {
            Err(format!("title {t:?}, focus on <{tag}>"))
        })
    })
    .await;
}

/// Presses Tab up to `max` times and returns the `data-testid`s focused on the way.
async fn tab_walk(app: &App, max: usize) -> Vec<String> {
    let mut seen = Vec::new();
    for _ in 0..max {
        app.press(Key::Tab).await;
        if let (Some(id), _) = app.focus().await {
            seen.push(id);
        }
    }
    seen
}

/// Runs axe on the screen as it is, in the light theme and then the dark one,
/// and leaves the theme light again.
async fn check_both_themes(app: &App, screen: &str) {
    app.assert_accessible(&format!("{screen} (light)")).await;
    toggle_theme(app, "dark").await;
    app.assert_accessible(&format!("{screen} (dark)")).await;
    app.screenshot(&format!("{screen}-dark")).await;
    toggle_theme(app, "light").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_screen_passes_axe_in_both_themes() {
    let case = Case::new("axe").await;
    let app = case.launch("driver").await;

    app.find("team-name-input").await;
    assert_announced(&app, "Teams").await;
    check_both_themes(&app, "home-empty").await;
    app.click("demo-button").await;
    app.find_css(&team_card(DEMO_TEAM)).await;
    check_both_themes(&app, "home").await;

    // Results of the latest assessment.
    app.click_css(&inside(&team_card(DEMO_TEAM), "open-assessment"))
        .await;
    app.find("results-overall").await;
    app.find("radar-chart").await;
    assert_announced(&app, &format!("Results · {DEMO_TEAM}")).await;
    check_both_themes(&app, "results").await;

    // The team page: trends, heatmap, comparison, targets, actions.
    app.click_css(HOME_BUTTON).await;
    app.click_css(&inside(&team_card(DEMO_TEAM), "team-page-button"))
        .await;
    app.wait_text("team-page-name", DEMO_TEAM).await;
    app.find("trend-chart").await;
    // The charts' numbers are there as text, a row per area and per question.
    app.click_css("[data-testid=area-trends-table] summary")
        .await;
    app.wait_count("[data-testid=area-trends-table] tbody tr", 13)
        .await;
    app.click_css("[data-testid=heatmap-table] summary").await;
    app.find("heatmap-table").await;
    app.click("heatmap-toggle").await;
    app.find("heatmap").await;
    // Switching the theme redraws the charts on screen at once.
    let light = app.svg_markup(&testid("trend-chart")).await;
    toggle_theme(&app, "dark").await;
    app.until("the trend chart redrawn for the dark theme", async || {
        let now = app
            .client
            .find(fantoccini::Locator::Css(&testid("trend-chart")))
            .await?
            .find(fantoccini::Locator::Css("svg"))
            .await?
            .html(false)
            .await?;
        Ok(if now != light {
            Ok(())
        } else {
            Err("still the light drawing".into())
        })
    })
    .await;
    toggle_theme(&app, "light").await;
    check_both_themes(&app, "team-page").await;

    // The portfolio.
    app.click("portfolio-button").await;
    app.find("portfolio").await;
    assert_announced(&app, "Portfolio").await;
    check_both_themes(&app, "portfolio").await;

    // The start dialog, then the questionnaire.
    app.click_css(HOME_BUTTON).await;
    app.click_css(&inside(&team_card(DEMO_TEAM), "start-assessment-button"))
        .await;
    app.find("start-dialog").await;
    app.find("action-review").await;
    check_both_themes(&app, "start-dialog").await;
    app.click_when_enabled(&testid("start-confirm-button"))
        .await;
    app.find("question-id").await;
    check_both_themes(&app, "questionnaire").await;

    // A workshop of two: voting, the reveal, the presented view, the summary.
    app.click_css(HOME_BUTTON).await;
    // Home has loaded its teams before the name is typed, so nothing
    // re-renders the field under the typing.
    app.find_css(&team_card(DEMO_TEAM)).await;
    app.type_into("team-name-input", "Room").await;
    app.wait_value("team-name-input", "Room").await;
    app.click("create-team-button").await;
    app.click_css(&inside(&team_card("Room"), "start-assessment-button"))
        .await;
    app.find("start-dialog").await;
    app.click_css(&mode_option("workshop")).await;
    app.click_css(&anonymity_option("open")).await;
    let names = ["Ana", "Ben"].join(&char::from(Key::Enter).to_string());
    app.type_into("participants-input", &names).await;
    app.click("pick-areas").await;
    app.click_css(&area_checkbox("scaling")).await;
    check_both_themes(&app, "start-workshop-dialog").await;
    app.click_when_enabled(&testid("start-confirm-button"))
        .await;
    app.find("vote-count").await;
    check_both_themes(&app, "workshop-voting").await;
    app.click_css(&vote_button("Ana", 2)).await;
    // A vote by click leaves no focus (and so no ring) on that person's number
    // on the shared screen.
    let focused = app
        .js("const a = document.activeElement; return a ? [a.dataset.testid || a.tagName, a.matches(':focus-visible')] : null;")
        .await;
    assert!(
        focused[0] != "vote-button" && focused[1] != true,
        "a clicked vote keeps focus: {focused}"
    );
    app.click_css(&vote_button("Ben", 4)).await;
    app.wait_text("vote-count", "2 of 2 voted").await;
    check_both_themes(&app, "workshop-voted").await;
    app.click("reveal-button").await;
    app.find("vote-stats").await;
    check_both_themes(&app, "workshop-revealed").await;
    app.click_css(&consensus_level(3)).await;
    app.click("agree-button").await;
    app.find("agreed-answer").await;
    app.click("present-button").await;
    app.find("presented-overlay").await;
    check_both_themes(&app, "workshop-presented").await;
    // The presented view is modal: Tab never walks into the facilitator's
    // screen behind it, private note included.
    for _ in 0..12 {
        app.press(Key::Tab).await;
        let inside_overlay = app
            .js("const a = document.activeElement; return !!(a && a.closest('[data-testid=presented-overlay]'));")
            .await;
        assert_eq!(
            inside_overlay,
            serde_json::json!(true),
            "Tab left the presented view for {:?}",
            app.focus().await.0
        );
    }
    app.press(Key::Escape).await;
    app.assert_absent(
        &testid("presented-overlay"),
        "Escape did not close the presented view",
    )
    .await;
    app.click("finish-workshop-button").await;
    app.find("summary-disagreements").await;
    assert_announced(&app, "Closing summary · Room").await;
    check_both_themes(&app, "closing-summary").await;
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_keyboard_alone_reaches_every_primary_action_on_home() {
    let case = Case::new("keyboard-walk").await;
    let app = case.launch("driver").await;
    app.click("demo-button").await;
    app.find_css(&team_card(DEMO_TEAM)).await;
    app.js("document.activeElement && document.activeElement.blur(); return null;")
        .await;
    let seen = tab_walk(&app, 30).await;
    for id in [
        "portfolio-button",
        "theme-toggle",
        "team-name-input",
        "team-page-button",
        "start-assessment-button",
        "open-assessment",
        "delete-assessment",
    ] {
        assert!(
            seen.iter().any(|s| s == id),
            "Tab never reached {id}; it reached {seen:?}"
        );
    }
    // Each repeated button names its row.
    let names = app
        .js("return [...document.querySelectorAll('[data-testid=open-assessment]')].map(b => b.getAttribute('aria-label'));")
        .await;
    let names: Vec<String> = serde_json::from_value(names).unwrap_or_default();
    assert_eq!(names.len(), 4);
    for n in &names {
        assert!(n.starts_with("View results of "), "{n}");
    }
    let distinct: std::collections::HashSet<_> = names.iter().collect();
    assert_eq!(distinct.len(), 4, "two rows share a name: {names:?}");
    app.quit().await;
}
