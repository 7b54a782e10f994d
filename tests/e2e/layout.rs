//! Layouts that hold with real data on real screens: the longest names opex
//! accepts, at 1024 and 1920 pixels wide, keep every primary button on screen.

use crate::selectors::{anonymity_option, area_checkbox, inside, mode_option, team_card, testid};
use crate::support::{App, Case};
use fantoccini::key::Key;

/// The longest team name and participant names opex accepts: 80 characters
/// with no space to break at.
fn long_name(c: char) -> String {
    std::iter::repeat_n(c, 80).collect()
}

/// Resizes the window to `width` × `height` and waits for the page to follow.
async fn resize(app: &App, width: u32, height: u32) {
    app.client
        .set_window_size(width, height)
        .await
        .unwrap_or_else(|e| panic!("cannot resize the window to {width}x{height}: {e}"));
    app.until(&format!("the page to be {width} px wide"), async || {
        let w = app
            .client
            .execute("return window.innerWidth;", Vec::new())
            .await?;
        Ok(match w.as_u64() {
            Some(w) if w.abs_diff(u64::from(width)) <= 16 => Ok(()),
            other => Err(format!("innerWidth {other:?}")),
        })
    })
    .await;
}

/// Asserts that every element matching each selector lies within the
/// viewport's width, and that the page does not scroll sideways.
async fn assert_on_screen(app: &App, screen: &str, selectors: &[&str]) {
    for css in selectors {
        let found = app
            .js(&format!(
                "const els = [...document.querySelectorAll({css:?})]; \
                 return els.map(e => {{ const r = e.getBoundingClientRect(); \
                   return [Math.round(r.left), Math.round(r.right), Math.round(r.width), window.innerWidth]; }});"
            ))
            .await;
        let boxes: Vec<(i64, i64, i64, i64)> = serde_json::from_value(found)
            .unwrap_or_else(|e| panic!("cannot read the boxes of {css}: {e}"));
        assert!(!boxes.is_empty(), "{screen}: nothing matches {css}");
        for (left, right, width, viewport) in boxes {
            assert!(
                left >= 0 && right <= viewport && width > 0,
                "{screen}: {css} spans {left}..{right} px, outside the {viewport} px viewport"
            );
        }
    }
    let sideways = app
        .js("return document.documentElement.scrollWidth - window.innerWidth;")
        .await;
    assert!(
        sideways.as_i64().is_some_and(|d| d <= 1),
        "{screen}: the page scrolls {sideways} px sideways"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_longest_names_keep_every_primary_button_on_screen_at_1024_and_1920() {
    let case = Case::new("long-names").await;
    let app = case.launch("driver").await;
    resize(&app, 1024, 768).await;
    let team = long_name('W');

    // A name longer than 80 characters cannot be typed.
    app.type_into("team-name-input", &format!("{team}overflow"))
        .await;
    app.wait_value("team-name-input", &team).await;
    app.click("create-team-button").await;
    app.find_css(&team_card(&team)).await;

    let home = [
        "[data-testid=create-team-button]",
        "[data-testid=portfolio-button]",
        "[data-testid=theme-toggle]",
        "[data-testid=start-assessment-button]",
        "[data-testid=team-page-button]",
    ];
    assert_on_screen(&app, "home at 1024", &home).await;
    app.screenshot("home-1024").await;

    // A workshop of people with the longest names.
    app.click_css(&inside(&team_card(&team), "start-assessment-button"))
        .await;
    app.find("start-dialog").await;
    app.click_css(&mode_option("workshop")).await;
    app.click_css(&anonymity_option("open")).await;
    let people = [long_name('A'), long_name('B'), long_name('C')];
    let lines = people.join(&char::from(Key::Enter).to_string());
    app.type_into("participants-input", &lines).await;
    app.click("pick-areas").await;
    app.click_css(&area_checkbox("scaling")).await;
    assert_on_screen(
        &app,
        "start dialog at 1024",
        &["[data-testid=start-confirm-button]"],
    )
    .await;
    app.click_when_enabled(&testid("start-confirm-button"))
        .await;
    app.find("vote-count").await;

    let workshop = [
        "[data-testid=vote-button]",
        "[data-testid=reveal-button]",
        "[data-testid=next-button]",
        "[data-testid=finish-workshop-button]",
        "[data-testid=participant-row]",
    ];
    app.screenshot("workshop-1024").await;
    assert_on_screen(&app, "workshop at 1024", &workshop).await;
    // Each name keeps room to be read (cut with an ellipsis, whole in its tooltip).
    let widths = app
        .js("return [...document.querySelectorAll('[data-testid=participant-row] .who')].map(b => Math.round(b.getBoundingClientRect().width));")
        .await;
    let widths: Vec<i64> = serde_json::from_value(widths).unwrap_or_default();
    assert!(
        widths.len() == 3 && widths.iter().all(|w| *w >= 90),
        "participant names squeezed to {widths:?} px"
    );
    app.screenshot("workshop-1024").await;

    resize(&app, 1920, 1080).await;
    assert_on_screen(&app, "workshop at 1920", &workshop).await;
    app.screenshot("workshop-1920").await;
    app.click_css("button[aria-label=\"opex home\"]").await;
    app.find_css(&team_card(&team)).await;
    assert_on_screen(&app, "home at 1920", &home).await;
    app.screenshot("home-1920").await;
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn results_at_1280_keep_chart_text_readable_and_area_names_short() {
    let case = Case::new("results-1280").await;
    let app = case.launch("driver").await;
    resize(&app, 1280, 800).await;
    app.click("demo-button").await;
    app.click_css(&inside(
        &team_card("Demo: Payments Platform"),
        "open-assessment",
    ))
    .await;
    for chart in ["radar-chart", "phases-chart", "spectrum-chart"] {
        app.svg_markup(&testid(chart)).await;
    }
    // Each chart text's size on screen: its font size times the chart's scale.
    let smallest = app
        .js("const out = {}; \
             for (const id of ['radar-chart', 'phases-chart', 'spectrum-chart']) { \
               const svg = document.querySelector(`[data-testid=${id}] svg`); \
               const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width; \
               const sizes = [...svg.querySelectorAll('text')].map(t => parseFloat(getComputedStyle(t).fontSize) * scale); \
               out[id] = Math.min(...sizes); } \
             return out;")
        .await;
    eprintln!("smallest chart text on screen at 1280 px: {smallest}");
    for (chart, px) in smallest.as_object().into_iter().flatten() {
        let px = px.as_f64().unwrap_or(0.0);
        assert!(
            px >= 10.95,
            "{chart}: text renders at {px:.1} px, under 11 px"
        );
    }
    // "Small, frequent, reversible changes" takes at most two lines.
    let lines = app
        .js("const n = [...document.querySelectorAll('.area-name')].find(e => e.textContent.startsWith('Small, frequent')); \
             const lh = parseFloat(getComputedStyle(n).lineHeight) || 20; \
             return Math.round(n.getBoundingClientRect().height / lh);")
        .await;
    assert!(
        lines.as_i64().is_some_and(|l| l <= 2),
        "the area name wraps onto {lines} lines"
    );
    app.screenshot("results-1280").await;
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_chosen_level_is_in_view_at_1024() {
    let case = Case::new("questionnaire-1024").await;
    let app = case.launch("driver").await;
    resize(&app, 1024, 768).await;
    app.type_into("team-name-input", "Small screen").await;
    app.click("create-team-button").await;
    app.click_css(&inside(
        &team_card("Small screen"),
        "start-assessment-button",
    ))
    .await;
    app.click_when_enabled(&testid("start-confirm-button"))
        .await;
    app.find("question-id").await;
    // Every level card, the chosen one included, is whole on screen.
    for level in 1..=5u8 {
        app.press(char::from(b'0' + level)).await;
        let css = format!("[data-testid=level-card][data-level=\"{level}\"]");
        app.wait_attr(&css, "aria-pressed", "true").await;
        let bottom = app
            .js(&format!(
                "const r = document.querySelector({css:?}).getBoundingClientRect(); \
                 const area = document.querySelector('.question').getBoundingClientRect(); \
                 return [Math.round(r.top - area.top), Math.round(r.bottom), Math.round(area.bottom)];"
            ))
            .await;
        let (top, bottom, height): (i64, i64, i64) =
            serde_json::from_value(bottom).unwrap_or((0, i64::MAX, 0));
        assert!(
            top >= 0 && bottom <= height,
            "level {level} ends at {bottom} px, below the visible question area ({height} px), or starts above it ({top})"
        );
    }
    app.screenshot("questionnaire-1024").await;
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn questions_go_by_their_titles_and_the_sidebar_follows() {
    let case = Case::new("titles").await;
    let app = case.launch("driver").await;
    resize(&app, 1024, 768).await;
    app.type_into("team-name-input", "Titles").await;
    app.click("create-team-button").await;
    app.click_css(&inside(&team_card("Titles"), "start-assessment-button"))
        .await;
    app.click_when_enabled(&testid("start-confirm-button"))
        .await;
    app.find("question-id").await;
    // The sidebar lists titles, the id only beside them.
    let first = app
        .js("return document.querySelector('[data-testid=jump-item]').textContent;")
        .await;
    let first = first.as_str().unwrap_or_default().trim().to_string();
    assert!(
        first.starts_with("Infrastructure changes") && first.contains("OPS-CODE-01"),
        "the first question is listed as {first:?}"
    );
    app.wait_text("question-title", "Infrastructure changes")
        .await;
    // Far down the list, the current question is still in the sidebar's view.
    for _ in 0..30 {
        app.press(Key::Right).await;
    }
    app.until("the current question in the sidebar's view", async || {
        let seen = app
            .client
            .execute(
                "const nav = document.querySelector('nav.jump').getBoundingClientRect(); \
                 const cur = document.querySelector('[data-testid=jump-item][aria-current]').getBoundingClientRect(); \
                 return [Math.round(cur.top - nav.top), Math.round(nav.bottom - cur.bottom)];",
                Vec::new(),
            )
            .await?;
        let (above, below) = (seen[0].as_i64().unwrap_or(-1), seen[1].as_i64().unwrap_or(-1));
        Ok(if above >= 0 && below >= 0 { Ok(()) } else { Err(format!("{seen}")) })
    })
    .await;
    app.screenshot("sidebar-follows").await;
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_portfolio_reads_horizontally_with_a_key_and_rows_that_open_teams() {
    let case = Case::new("portfolio-layout").await;
    let app = case.launch("driver").await;
    resize(&app, 1280, 800).await;
    app.click("demo-button").await;
    app.find_css(&team_card("Demo: Payments Platform")).await;
    app.click("portfolio-button").await;
    app.find("portfolio").await;
    let heads = app
        .js("return [...document.querySelectorAll('th.area')].map(t => [getComputedStyle(t).writingMode, Math.round(t.getBoundingClientRect().height)]);")
        .await;
    let heads: Vec<(String, i64)> = serde_json::from_value(heads).unwrap_or_default();
    assert_eq!(heads.len(), 13);
    for (mode, height) in &heads {
        assert_eq!(mode, "horizontal-tb", "an area header is rotated");
        assert!(*height <= 100, "an area header is {height} px tall");
    }
    app.find("portfolio-legend").await;
    // A click anywhere on the row opens the team.
    app.click_css("[data-testid=portfolio-row] td.cell").await;
    app.wait_text("team-page-name", "Demo: Payments Platform")
        .await;
    app.quit().await;
}
