//! The first question of an open workshop of five: votes kept secret until
//! the reveal, the reveal on the facilitator screen, the presented view and
//! the second window, then the agreement and an action, all by keyboard.

use super::*;
use crate::selectors::pressed_consensus_levels;
use fantoccini::Locator;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn workshop_votes_stay_secret_until_the_reveal() {
    let case = Case::new("workshop-secret-votes").await;
    let n = PEOPLE.len();
    let app = case.launch("driver").await;
    start_workshop(&app, TEAM, Anonymity::Open).await;
    let assessment = assessment_id(&case.read());
    app.wait_attr(&testid("timer"), "data-state", "ok").await;
    app.wait_text("vote-count", &voted(0, Some(n))).await;
    for name in PEOPLE {
        app.wait_attr(&participant_row(name), "data-voted", "false")
            .await;
    }

    // Five votes by keyboard; the selection walks down the list.
    vote_by_keys(&app, SPLIT).await;
    for name in PEOPLE {
        app.wait_attr(&participant_row(name), "data-voted", "true")
            .await;
    }

    // Before the reveal nothing shows how anyone voted.
    app.assert_absent(&testid("vote-chart"), "the chart shows before the reveal")
        .await;
    app.assert_absent(&testid("vote-stats"), "the stats show before the reveal")
        .await;
    app.assert_absent(
        &testid("disagreement"),
        "disagreement shows before the reveal",
    )
    .await;
    let page = app.text_css("body").await;
    assert!(
        !page.contains("Median"),
        "the page mentions a median before the reveal:\n{page}"
    );
    for name in PEOPLE {
        let row = app.text_css(&participant_row(name)).await;
        assert!(
            row.contains("✓ voted"),
            "{name}'s row does not just say voted: {row:?}"
        );
    }
    app.screenshot("q1-voting").await;

    // The presented view shows only the count.
    app.shortcut('p').await;
    app.find("presented-overlay").await;
    let status = app
        .wait_text_contains("presented-status", &voted(n, Some(n)))
        .await;
    assert!(
        status.contains("votes are revealed together"),
        "presented status: {status:?}"
    );
    app.assert_absent(
        &testid("presented-disagreement"),
        "the presented view shows disagreement before the reveal",
    )
    .await;
    let overlay = app.text_css(&testid("presented-overlay")).await;
    assert!(
        !overlay.contains("Median"),
        "the presented view shows a median before the reveal:\n{overlay}"
    );
    for name in PEOPLE {
        assert!(
            !overlay.contains(name),
            "the presented view names {name} before the reveal:\n{overlay}"
        );
    }
    app.screenshot("presented-before-reveal").await;
    app.shortcut(Key::Escape).await;
    wait_overlay_closed(&app).await;

    // The second OS window shows the same presented view.
    let (main, second) = open_second_window(&app).await;
    switch_to(&app, &second).await;
    let url = app.client.current_url().await.or_panic("no URL");
    assert_eq!(
        url.fragment(),
        Some(format!("presented/{assessment}").as_str())
    );
    app.wait_text_contains("presented-status", &voted(n, Some(n)))
        .await;
    app.assert_absent(
        &testid("presented-disagreement"),
        "the second window shows disagreement before the reveal",
    )
    .await;
    app.screenshot("second-window-before-reveal").await;

    // The presenter window's capability grants reads only: a vote sent from
    // it is refused by Tauri before it reaches the command.
    let votes = |db: &std::path::Path| -> i64 {
        crate::support::open_read_only(db)
            .query_row("SELECT count(*) FROM votes", [], |r| r.get(0))
            .or_panic("cannot count the votes")
    };
    let before = votes(&case.db);
    let answer = app
        .client
        .execute_async(
            &format!(
                "const done = arguments[arguments.length - 1];\n\
                 window.__TAURI_INTERNALS__.invoke('cast_vote', {{ assessmentId: {assessment}, \
                 questionId: 'X', participantId: 1, answer: {{ level: 1 }}, theme: 'light' }})\n\
                 .then(() => done('allowed'), (e) => done('refused: ' + (typeof e === 'string' ? e : JSON.stringify(e))));"
            ),
            Vec::new(),
        )
        .await
        .or_panic("the script did not run");
    let answer = answer.as_str().unwrap_or_default().to_string();
    assert!(
        answer.starts_with("refused: ") && answer.contains("not allowed"),
        "the presenter window could call cast_vote: {answer}"
    );
    assert_eq!(votes(&case.db), before, "a vote was stored");
    switch_to(&app, &main).await;
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn workshop_reveal_shows_the_spread_but_never_the_private_note() {
    let case = Case::new("workshop-reveal").await;
    let n = PEOPLE.len();
    let app = case.launch("driver").await;
    let ids = start_workshop(&app, TEAM, Anonymity::Open).await;
    let q1 = &ids[0];
    let assessment = assessment_id(&case.read());
    vote_by_keys(&app, SPLIT).await;
    // The second window is open before the reveal, to see it follow.
    let (main, second) = open_second_window(&app).await;
    switch_to(&app, &second).await;
    app.wait_text_contains("presented-status", &voted(n, Some(n)))
        .await;
    switch_to(&app, &main).await;

    // A private note, stored when the textarea loses focus.
    write_private_note(&app, &case.db, assessment, q1).await;

    // Reveal with `r`: the spread, the disagreement, the median pre-selected.
    reveal_by_key(&app).await;
    app.wait_attr(&agenda_item(q1), "data-state", "revealed")
        .await;
    let disagreement = app
        .wait_text_contains("disagreement", "The team disagrees")
        .await;
    assert!(
        disagreement.contains("level 1 to level 4"),
        "disagreement banner: {disagreement:?}"
    );
    let stats = squash(&app.text_css(&testid("vote-stats")).await);
    assert!(
        stats.contains("Median 4.0 · range 1–4 · middle half 2.5–4.0"),
        "vote stats: {stats:?}"
    );
    app.find("vote-chart")
        .await
        .find(Locator::Css("svg"))
        .await
        .or_panic("the vote chart holds no <svg>");
    // Nothing is agreed for the team on a 1-to-4 split: the median is only a
    // hint, and Enter alone agrees nothing until a level is chosen.
    let hint = app.wait_text_contains("agree-hint", "points to 4").await;
    eprintln!("agree hint: {hint}");
    app.assert_absent(
        &pressed_consensus_levels(),
        "a consensus level is chosen before the facilitator chose one",
    )
    .await;
    app.shortcut(Key::Enter).await;
    tokio::time::sleep(Duration::from_millis(800)).await;
    app.wait_attr(&agenda_item(q1), "data-state", "revealed")
        .await;
    app.assert_absent(
        &testid("agreed-answer"),
        "Enter agreed with no level chosen",
    )
    .await;
    // The level texts stay whole while the team argues over them.
    let cut = app
        .js("return [...document.querySelectorAll('[data-testid=workshop-level] p')]\
             .filter(p => getComputedStyle(p).whiteSpace === 'nowrap' || p.scrollWidth > p.clientWidth + 1).length;")
        .await;
    assert_eq!(
        cut,
        serde_json::json!(0),
        "level texts are cut after the reveal"
    );
    app.press('4').await;
    app.wait_attr(&consensus_level(4), "aria-pressed", "true")
        .await;
    let pressed = app.all_css(&pressed_consensus_levels()).await;
    assert_eq!(pressed.len(), 1, "more than one consensus level is pressed");
    // Open votes: names show with the votes after the reveal, in keyboard order.
    let page = squash(&app.text_css("body").await);
    for expected in ["Ana Level 1", "Ben Level 4", "Eli Level 4"] {
        assert!(
            page.contains(expected),
            "the revealed votes do not show {expected:?}"
        );
    }
    app.screenshot("q1-revealed").await;

    // The presented view shows the disagreement, never the private note.
    app.shortcut('p').await;
    app.wait_text_contains("presented-disagreement", "The team disagrees")
        .await;
    let overlay = app.text_css(&testid("presented-overlay")).await;
    assert!(
        !overlay.contains(SECRET_WORD),
        "the private note reached the presented view:\n{overlay}"
    );
    assert!(
        squash(&overlay).contains("Median 4.0"),
        "the presented view has no median after the reveal:\n{overlay}"
    );
    app.screenshot("presented-after-reveal").await;
    app.shortcut(Key::Escape).await;
    wait_overlay_closed(&app).await;

    // The second window follows the facilitator to the reveal.
    switch_to(&app, &second).await;
    app.wait_text_contains("presented-disagreement", "The team disagrees")
        .await;
    let shown = app.text_css("body").await;
    assert!(
        !shown.contains(SECRET_WORD),
        "the private note reached the second window:\n{shown}"
    );
    app.screenshot("second-window-after-reveal").await;
    switch_to(&app, &main).await;

    // Finishing leaves the second window on a closing screen, never on a
    // stale question.
    app.click("finish-workshop-button").await;
    app.click("finish-button").await;
    app.wait_text_contains("finish-warning", "no level.").await;
    app.click("confirm-finish-button").await;
    app.find("results-overall").await;
    switch_to(&app, &second).await;
    app.wait_text_contains("presented-finished", "The workshop is finished")
        .await;
    app.screenshot("second-window-finished").await;
    switch_to(&app, &main).await;
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn workshop_agrees_by_keyboard_and_adds_an_action() {
    let case = Case::new("workshop-agree").await;
    let app = case.launch("driver").await;
    let ids = start_workshop(&app, TEAM, Anonymity::Open).await;
    let q1 = &ids[0];
    let assessment = assessment_id(&case.read());

    // The keyboard cycle is timed in three parts (votes, reveal, agree).
    let votes_took = vote_by_keys(&app, SPLIT).await;
    let reveal_took = reveal_by_key(&app).await;
    let agree_took = agree_by_keys(&app).await;
    app.wait_attr(&agenda_item(q1), "data-state", "agreed")
        .await;
    {
        let conn = case.read();
        let (kind, level, note): (String, Option<i64>, Option<String>) = conn
            .query_row(
                "SELECT kind, level, note FROM consensus WHERE assessment_id = ?1 AND question_id = ?2",
                rusqlite::params![assessment, q1],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .or_panic(&format!("no consensus row for {q1}"));
        assert_eq!((kind.as_str(), level), ("level", Some(3)));
        assert_eq!(note.as_deref(), Some(CONSENSUS_NOTE));
        let ana: i64 = conn
            .query_row(
                "SELECT v.level FROM votes v JOIN participants p ON p.id = v.participant_id
                 WHERE p.name = 'Ana' AND v.question_id = ?1 AND v.round = 1",
                [q1],
                |r| r.get(0),
            )
            .or_panic("no round-1 vote by Ana");
        assert_eq!(ana, 1, "the first key vote did not go to Ana");
    }
    eprintln!(
        "keyboard cycle on {q1}: {} ms in all (5 key votes, each waited for on screen: {} ms; r to the stats: {} ms; 3 + Enter to \"Agreed\": {} ms)",
        (votes_took + reveal_took + agree_took).as_millis(),
        votes_took.as_millis(),
        reveal_took.as_millis(),
        agree_took.as_millis()
    );

    // An action, its title pre-filled from the question's next step.
    let title = add_action_by_keys(&app).await;
    app.quit().await;
    let (question, owner, stored_title): (Option<String>, Option<String>, String) = case
        .read()
        .query_row(
            "SELECT question_id, owner, title FROM actions WHERE assessment_id = ?1",
            [assessment],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .or_panic("expected exactly one action for the assessment");
    assert_eq!(question.as_deref(), Some(q1.as_str()));
    assert_eq!(owner.as_deref(), Some("Ben"));
    assert_eq!(stored_title, title);
}
