//! An organisation on the home screen and the team page: 30 teams of 16
//! assessments (made by `opex demo --teams …`) are shown twenty at a time,
//! found by name, each card with its newest assessments, and a team's
//! heatmap is paged, newest first, instead of shrunk.

use crate::selectors::{inside, team_card, testid};
use crate::support::{Case, opex_cli};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_organisation_is_paged_and_found_by_name_and_its_heatmap_turns() {
    let case = Case::new("organisation").await;
    let made = opex_cli(&[
        "--db".as_ref(),
        case.db.as_os_str(),
        "demo".as_ref(),
        "--teams".as_ref(),
        "30".as_ref(),
        "--assessments".as_ref(),
        "16".as_ref(),
        "--voters".as_ref(),
        "3".as_ref(),
    ]);
    assert!(made.contains("Created 30 teams"), "{made}");
    let app = case.launch("driver").await;

    // Twenty cards, not thirty, and a line that says so.
    app.wait_text("team-count", "Showing 20 of 30 teams").await;
    app.wait_count(&testid("team-card"), 20).await;
    let card = team_card("Billing 007");
    let text = app.text_css(&card).await;
    assert!(text.contains("16 assessments"), "{text}");
    assert!(
        text.contains("Showing the newest 5 of 16 assessments."),
        "{text}"
    );
    app.wait_count(&inside(&card, "assessment-row"), 5).await;
    app.screenshot("home-twenty-of-thirty").await;

    // Found by name, in any case.
    app.type_into("team-search", "PAYMENTS").await;
    app.wait_text("team-count", "3 of 30 teams match “PAYMENTS”")
        .await;
    app.wait_count(&testid("team-card"), 3).await;
    app.type_into("team-search", "zzz").await;
    app.wait_text("team-count", "No team matches “PAYMENTSzzz”.")
        .await;
    app.click("clear-team-search").await;
    app.wait_text("team-count", "Showing 20 of 30 teams").await;
    app.click("more-teams").await;
    app.wait_count(&testid("team-card"), 30).await;
    app.wait_text("team-count", "Showing all 30 teams").await;

    // All of a team's assessments are on its page, where the heatmap opens
    // on its newest twelve and turns back to the first four.
    app.click_css(&inside(&team_card("Payments 001"), "all-assessments"))
        .await;
    app.click("heatmap-toggle").await;
    app.wait_text("heatmap-range", "Assessments 5–16 of 16")
        .await;
    let newest = app.svg_markup(&testid("heatmap")).await;
    app.screenshot("heatmap-newest-page").await;
    app.click("heatmap-earlier").await;
    app.wait_text("heatmap-range", "Assessments 1–4 of 16")
        .await;
    let earliest = app.svg_markup(&testid("heatmap")).await;
    assert_ne!(newest, earliest, "the page turned");
    app.quit().await;
}
