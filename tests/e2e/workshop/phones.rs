//! Phone voting: four phones (three headless Chromium, each its own
//! ChromeDriver and profile, and one WebKitGTK MiniBrowser) join an open workshop of five over loopback,
//! vote with disagreement beside a vote clicked on the facilitator's screen,
//! see the reveal's dot plot, vote again in a second round, follow the
//! facilitator to the next question, and are told when phone voting stops.

use super::*;
use crate::support::Screen;
use fantoccini::Locator;

/// Who votes from a phone, and how in the first round; Eli votes on the
/// facilitator's screen.
const PHONES: [(&str, u8); 4] = [("Ana", 1), ("Ben", 4), ("Chidi", 4), ("Dana", 2)];

/// The phones' browsers: Chromium at the two sizes the page is made for,
/// light and dark, and WebKit, the engine of every iPhone browser.
enum Browser {
    Chromium(Screen),
    WebKit { width: u32, height: u32 },
}

const BROWSERS: [Browser; 4] = [
    Browser::Chromium(Screen {
        width: 390,
        height: 844,
        dark: false,
    }),
    Browser::Chromium(Screen {
        width: 360,
        height: 640,
        dark: true,
    }),
    Browser::Chromium(Screen {
        width: 390,
        height: 844,
        dark: true,
    }),
    Browser::WebKit {
        width: 390,
        height: 844,
    },
];

async fn join_as(phone: &App, name: &str) {
    let xpath = format!("//button[@data-testid='phone-name' and normalize-space()='{name}']");
    phone
        .until(&format!("{name}'s name on the join screen"), async || {
            phone
                .client
                .find(Locator::XPath(&xpath))
                .await?
                .click()
                .await?;
            Ok(Ok(()))
        })
        .await;
    phone.find("phone-prompt").await;
}

async fn vote_on(phone: &App, level: u8) {
    phone
        .click_css(&testid_with("phone-level", "data-level", level))
        .await;
    phone
        .wait_text_contains("phone-my-vote", &format!("Level {level}"))
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn four_phones_vote_over_loopback_beside_the_facilitators_clicks() {
    let case = Case::new("workshop-phones").await;
    let app = case.launch("driver").await;
    let ids = start_workshop(&app, TEAM, Anonymity::Open).await;
    let assessment = assessment_id(&case.read());

    // The facilitator starts phone voting on this computer only.
    app.click("phone-voting-start").await;
    app.find("phone-voting-dialog").await;
    let loopback = format!("{}[value=\"127.0.0.1\"]", testid("phone-network"));
    app.click_css(&loopback).await;
    app.wait_text_contains("phone-network-warning", "Phones cannot reach")
        .await;
    app.click("phone-start").await;
    let url = app
        .wait_text_contains("phone-url", "http://127.0.0.1:")
        .await
        .trim()
        .to_string();
    assert!(
        url.ends_with('/') && url.len() > "http://127.0.0.1:1/".len() + 32,
        "{url}"
    );
    app.screenshot("facilitator-link").await;
    app.click("phone-voting-close").await;
    // The room sees the code to scan on the presented view until all have joined.
    app.shortcut('p').await;
    app.find("presented-overlay").await;
    let qr = app.find("presented-phone-qr").await;
    let box_text = qr.text().await.unwrap_or_default();
    assert!(
        box_text.contains(&url),
        "the presented view's link box: {box_text:?}"
    );
    app.screenshot("presented-qr").await;
    app.shortcut(Key::Escape).await;

    let mut phones = Vec::new();
    for ((name, _), browser) in PHONES.iter().zip(BROWSERS) {
        let phone = match browser {
            Browser::Chromium(screen) => case.phone(&name.to_lowercase(), screen).await,
            Browser::WebKit { width, height } => {
                case.webkit_phone(&name.to_lowercase(), width, height).await
            }
        };
        phone
            .client
            .goto(&url)
            .await
            .unwrap_or_else(|e| panic!("{name}'s phone cannot open {url}: {e}"));
        phone.wait_text_contains("phone-team", TEAM).await;
        phones.push(phone);
    }
    phones[0].screenshot("join").await;
    for ((name, _), phone) in PHONES.iter().zip(&phones) {
        join_as(phone, name).await;
    }
    app.wait_count(&testid("participant-phone"), PHONES.len())
        .await;
    let chip = app
        .wait_text_contains("phone-voting-chip", "4 joined")
        .await;
    assert!(chip.contains("Phone voting on"), "{chip}");

    // Round 1: Ana first taps 3, then changes her mind; Eli's vote is clicked.
    vote_on(&phones[0], 3).await;
    for ((_, level), phone) in PHONES.iter().zip(&phones) {
        vote_on(phone, *level).await;
    }
    app.click_css(&vote_button("Eli", 4)).await;
    app.wait_text("vote-count", &voted(5, Some(5))).await;
    for name in PEOPLE {
        app.wait_attr(&participant_row(name), "data-voted", "true")
            .await;
    }
    for phone in &phones {
        phone
            .wait_text_contains("phone-voted-count", &voted(5, Some(5)))
            .await;
        phone
            .assert_absent(
                &testid("phone-reveal"),
                "a phone shows votes before the reveal",
            )
            .await;
        let page = phone.text_css("body").await;
        assert!(
            !page.contains("Median"),
            "a phone shows a median before the reveal:\n{page}"
        );
    }
    phones[0].screenshot("voted").await;
    phones[1].screenshot("voted").await;
    app.screenshot("phones-voted").await;
    let stored: Vec<(String, i64)> = {
        let db = case.read();
        let mut stmt = db
            .prepare(
                "SELECT p.name, v.level FROM votes v JOIN participants p ON p.id = v.participant_id \
                 WHERE p.assessment_id = ?1 AND v.question_id = ?2 AND v.round = 1 ORDER BY p.name",
            )
            .unwrap_or_else(|e| panic!("{e}"));
        stmt.query_map((assessment, &ids[0]), |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap_or_else(|e| panic!("{e}"))
            .collect::<Result<_, _>>()
            .unwrap_or_else(|e| panic!("{e}"))
    };
    let expected: Vec<(String, i64)> = [
        ("Ana", 1),
        ("Ben", 4),
        ("Chidi", 4),
        ("Dana", 2),
        ("Eli", 4),
    ]
    .iter()
    .map(|(n, l)| (n.to_string(), *l))
    .collect();
    assert_eq!(
        stored, expected,
        "one vote each, Ana's changed one replacing her first"
    );

    // The reveal reaches every phone: the dot plot, the median, the names.
    app.click("reveal-button").await;
    app.find("vote-chart").await;
    for phone in &phones {
        phone.find("phone-reveal").await;
        phone.wait_text_contains("phone-median", "Median").await;
        let page = phone.text_css("body").await;
        assert!(
            page.contains("Eli"),
            "an open workshop names the votes after the reveal:\n{page}"
        );
    }
    phones[0].screenshot("revealed").await;
    phones[1].screenshot("revealed").await;
    phones[3].screenshot("revealed").await;
    app.screenshot("phones-revealed").await;

    // A re-vote opens the phones again; only the phones vote this time.
    app.click("revote-button").await;
    for phone in &phones {
        phone.wait_count(&testid("phone-reveal"), 0).await;
        vote_on(phone, 3).await;
    }
    app.wait_text("vote-count", &voted(4, Some(5))).await;
    app.wait_attr(&participant_row("Eli"), "data-voted", "false")
        .await;

    // The facilitator moves on; every phone follows.
    let first_prompt = phones[0].text_css(&testid("phone-prompt")).await;
    app.click_css(&agenda_item(&ids[1])).await;
    app.wait_text("question-id", &ids[1]).await;
    for phone in &phones {
        phone
            .until("the next question on the phone", async || {
                let now = phone
                    .client
                    .find(Locator::Css(&testid("phone-prompt")))
                    .await?
                    .text()
                    .await?;
                Ok(if now != first_prompt {
                    Ok(())
                } else {
                    Err(now)
                })
            })
            .await;
        phone
            .assert_absent(
                &testid("phone-my-vote"),
                "a vote carried over to the next question",
            )
            .await;
    }
    phones[1].screenshot("next-question").await;
    // Eli votes on the facilitator's screen, so the code stays up for him,
    // with how many joined.
    app.shortcut('p').await;
    app.wait_text_contains("presented-phone-qr", "4 of 5 joined")
        .await;
    app.shortcut(Key::Escape).await;

    // Stopping: every phone says so, and the link is dead.
    app.click("phone-voting-chip").await;
    app.click("phone-stop").await;
    app.find("phone-voting-start").await;
    for phone in &phones {
        phone
            .wait_text_contains("phone-stopped", "Phone voting has ended")
            .await;
    }
    phones[2].screenshot("stopped").await;
    let port = url
        .trim_start_matches("http://")
        .split('/')
        .next()
        .unwrap_or("")
        .to_string();
    assert!(
        std::net::TcpStream::connect(&port).is_err(),
        "the port {port} still accepts connections after phone voting stopped"
    );
    for phone in phones {
        phone.quit().await;
    }
    app.quit().await;
}
