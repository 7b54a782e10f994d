//! Every CSS selector the suite uses, built from the UI's `data-testid`s and
//! the `data-*` attributes that tell one card, row or button from another.

/// `[data-testid="…"]`.
pub fn testid(id: &str) -> String {
    format!("[data-testid=\"{id}\"]")
}

/// The element with this `data-testid` that also has `attr="value"`.
pub fn testid_with(id: &str, attr: &str, value: impl std::fmt::Display) -> String {
    format!("{}[{attr}=\"{value}\"]", testid(id))
}

/// The element with the `data-testid` `id` somewhere inside what `outer` matches.
pub fn inside(outer: &str, id: &str) -> String {
    format!("{outer} {}", testid(id))
}

/// The brand button in the top bar, which leads Home.
pub const HOME_BUTTON: &str = "button[aria-label=\"opex home\"]";

// ---- Home

pub fn team_card(name: &str) -> String {
    testid_with("team-card", "data-team-name", name)
}

/// The assessment rows on a team's card, newest first.
pub fn assessment_rows(team: &str) -> String {
    inside(&team_card(team), "assessment-row")
}

pub fn assessment_row(team: &str, id: i64) -> String {
    format!("{}[data-assessment-id=\"{id}\"]", assessment_rows(team))
}

/// The assessment rows on a team's card with this `data-status`.
pub fn assessment_rows_in(team: &str, status: &str) -> String {
    format!("{}[data-status=\"{status}\"]", assessment_rows(team))
}

// ---- The start dialog

pub fn bank_option(bank: &str) -> String {
    testid_with("bank-option", "data-bank-id", bank)
}

pub fn profile_option(profile: &str) -> String {
    testid_with("profile-option", "data-profile-id", profile)
}

pub fn mode_option(mode: &str) -> String {
    testid_with("mode-option", "data-mode", mode)
}

pub fn anonymity_option(anonymity: &str) -> String {
    testid_with("anonymity-option", "data-anonymity", anonymity)
}

pub fn area_checkbox(area: &str) -> String {
    testid_with("area-checkbox", "data-area-id", area)
}

pub fn review_item(action_id: i64) -> String {
    testid_with("review-item", "data-action-id", action_id)
}

// ---- The questionnaire

pub fn level_card(level: usize) -> String {
    testid_with("level-card", "data-level", level)
}

/// The level cards that are pressed.
pub fn pressed_level_cards() -> String {
    testid_with("level-card", "aria-pressed", true)
}

pub fn jump_item(question_id: &str) -> String {
    testid_with("jump-item", "data-question-id", question_id)
}

// ---- The workshop

pub fn agenda_item(question_id: &str) -> String {
    testid_with("agenda-item", "data-question-id", question_id)
}

pub fn participant_row(name: &str) -> String {
    testid_with("participant-row", "data-participant", name)
}

/// The button that records `level` for `name`.
pub fn vote_button(name: &str, level: u8) -> String {
    format!(
        "{}[data-level=\"{level}\"]",
        inside(&participant_row(name), "vote-button")
    )
}

/// The button that adds one anonymous vote for `level`.
pub fn tally_button(level: u8) -> String {
    testid_with("tally-button", "data-level", level)
}

pub fn consensus_level(level: u8) -> String {
    testid_with("consensus-level", "data-level", level)
}

/// The consensus levels that are pressed.
pub fn pressed_consensus_levels() -> String {
    testid_with("consensus-level", "aria-pressed", true)
}

// ---- Results

pub fn area_row(area: &str) -> String {
    testid_with("area-row", "data-area-id", area)
}

/// The question id (set in `.mono`) of the first list item holding the
/// element with the `data-testid` `id`.
pub fn question_id_beside(id: &str) -> String {
    format!("li:has({}) .mono", testid(id))
}

// ---- The team page and the portfolio

pub fn timeline_row(assessment_id: &str) -> String {
    testid_with("timeline-row", "data-assessment-id", assessment_id)
}

pub fn target_row(area: &str) -> String {
    testid_with("target-row", "data-area-id", area)
}

/// An action in the team page's list.
pub fn team_action(action_id: i64) -> String {
    testid_with("team-action", "data-action-id", action_id)
}

pub fn portfolio_row(team: &str) -> String {
    testid_with("portfolio-row", "data-team", team)
}
