//! The voting server on 127.0.0.1, driven by HTTP clients as phones: the
//! token, joining, voting and changing a vote, the reveal gate, anonymity at
//! each level, cookies, limits, live updates, and stopping.

mod common;

use common::{ok, phone, session};
use opex_core::workshop::Anonymity;
use reqwest::StatusCode;
use serde_json::{Value, json};

async fn get(p: &reqwest::Client, url: &str) -> (StatusCode, Value) {
    let r = ok(p.get(url).send().await);
    let status = r.status();
    (status, r.json().await.unwrap_or(Value::Null))
}

async fn post(p: &reqwest::Client, url: &str, body: Value) -> (StatusCode, Value) {
    let r = ok(p.post(url).json(&body).send().await);
    let status = r.status();
    (status, r.json().await.unwrap_or(Value::Null))
}

fn participant(state: &Value, name: &str) -> i64 {
    state["names"]
        .as_array()
        .and_then(|n| n.iter().find(|p| p["name"] == name))
        .and_then(|p| p["id"].as_i64())
        .unwrap_or_else(|| panic!("{name} is not offered: {state}"))
}

fn level(l: u8) -> Value {
    json!({ "kind": "level", "level": l })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_the_token_opens_anything() {
    let s = session(Anonymity::Open, &["Ada", "Bo"], |_| {}).await;
    let p = phone();
    let page = ok(p.get(s.url("")).send().await);
    assert_eq!(page.status(), 200);
    let csp = page.headers()["content-security-policy"]
        .to_str()
        .unwrap_or("");
    assert!(
        csp.contains("default-src 'none'") && csp.contains("script-src 'self'"),
        "{csp}"
    );
    assert_eq!(page.headers()["referrer-policy"], "no-referrer");
    assert!(ok(page.text().await).contains("opex · vote"));
    assert_eq!(
        ok(p.get(s.url("assets/phone-1.js")).send().await).status(),
        200
    );
    // The app's own files are not the phone page's.
    assert_eq!(
        ok(p.get(s.url("assets/index-2.js")).send().await).status(),
        404
    );
    assert_eq!(get(&p, &s.url("api/state")).await.0, 200);

    let root = s
        .base
        .trim_end_matches('/')
        .rsplit_once('/')
        .map(|(r, _)| r)
        .unwrap_or("");
    let token = s
        .base
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or("");
    assert_eq!(token.len(), 32);
    let mut wrong = token.to_string();
    wrong.replace_range(31.., if token.ends_with('x') { "y" } else { "x" });
    for url in [
        format!("{root}/"),
        format!("{root}/api/state"),
        format!("{root}/{wrong}/"),
        format!("{root}/{wrong}/api/state"),
        format!("{root}/{}/api/state", &token[..31]),
        format!("{root}/{token}x/api/state"),
        format!("{root}/api/{token}/state"),
    ] {
        let r = ok(p.get(&url).send().await);
        assert_eq!(r.status(), 404, "{url}");
        assert!(ok(r.bytes().await).is_empty(), "a 404 says nothing: {url}");
    }
    let (status, _) = post(&p, &format!("{root}/{wrong}/api/join"), json!({})).await;
    assert_eq!(status, 404);
    // The bare token is sent to its folder, where the page's relative links work.
    let bare = ok(reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build());
    let r = ok(bare.get(format!("{root}/{token}")).send().await);
    assert_eq!(r.status(), 308);
    assert_eq!(r.headers()["location"], format!("/{token}/"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn phones_join_vote_and_change_their_vote_and_see_nothing_before_the_reveal() {
    let s = session(Anonymity::Open, &["Ada", "Bo", "Cy"], |_| {}).await;
    let (ada, bo) = (phone(), phone());
    let (_, before) = get(&ada, &s.url("api/state")).await;
    assert_eq!(before["joined"], false);
    assert_eq!(before["teamName"], "Payments");
    assert!(
        before["presented"].is_null(),
        "no question before joining: {before}"
    );
    let ada_id = participant(&before, "Ada");
    let (status, joined) = post(&ada, &s.url("api/join"), json!({ "participantId": ada_id })).await;
    assert_eq!(status, 200, "{joined}");
    assert_eq!(joined["me"], "Ada");
    assert_eq!(joined["canVote"], true);
    assert!(joined["names"].as_array().is_some_and(|n| n.is_empty()));
    // Bo is offered everyone but Ada, and joins under a typed alias instead.
    let (_, offered) = get(&bo, &s.url("api/state")).await;
    let names: Vec<&str> = offered["names"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|n| n["name"].as_str())
        .collect();
    assert_eq!(names, ["Bo", "Cy"]);
    let (status, b) = post(&bo, &s.url("api/join"), json!({ "alias": "  Robin " })).await;
    assert_eq!(status, 200, "{b}");
    assert_eq!(b["me"], "Robin");
    assert_eq!(s.running.status().joined.len(), 2);
    assert_eq!(s.joins.load(std::sync::atomic::Ordering::SeqCst), 2);

    let (q, round) = s.current();
    let vote = |l: u8| json!({ "questionId": q, "round": round, "choice": level(l) });
    let (status, v) = post(&ada, &s.url("api/vote"), vote(2)).await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["myVote"], level(2));
    let (status, v) = post(&ada, &s.url("api/vote"), vote(4)).await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["myVote"], level(4), "a changed vote replaces the first");
    let (status, _) = post(
        &bo,
        &s.url("api/vote"),
        json!({ "questionId": q, "round": round, "choice": { "kind": "dontKnow" } }),
    )
    .await;
    assert_eq!(status, 200);
    let id = s.id;
    let stored = ok(s.db_votes(id, &q));
    assert_eq!(stored.len(), 2, "one vote each: {stored:?}");

    // Before the reveal, Bo's phone is sent the count and nothing of Ada's vote.
    let (_, bos) = get(&bo, &s.url("api/state")).await;
    assert_eq!(bos["presented"]["votedCount"], 2);
    assert!(bos["presented"]["reveal"].is_null());
    assert_eq!(bos["myVote"], json!({ "kind": "dontKnow" }));
    let text = bos.to_string();
    assert!(
        !text.contains("\"level\":4"),
        "Ada's vote leaked before the reveal: {text}"
    );
    assert!(!text.contains("facilitatorNote"), "{text}");

    s.facilitator(|st| Ok(st.reveal(id, &q)?));
    let (_, after) = get(&bo, &s.url("api/state")).await;
    let reveal = &after["presented"]["reveal"];
    assert_eq!(
        reveal["distribution"]["counts"],
        json!([0, 0, 0, 1, 0]),
        "{after}"
    );
    assert_eq!(reveal["distribution"]["dontKnow"], 1);
    assert!(
        reveal["chart"]
            .as_str()
            .is_some_and(|c| c.starts_with("<svg"))
    );
    let named: Vec<&str> = reveal["votes"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|v| v["name"].as_str())
        .collect();
    assert_eq!(
        named.len(),
        2,
        "an open workshop shows names after the reveal: {reveal}"
    );
    assert_eq!(after["canVote"], false);
    let (status, refused) = post(&ada, &s.url("api/vote"), vote(1)).await;
    assert_eq!(status, 409);
    assert!(
        refused["message"]
            .as_str()
            .is_some_and(|m| m.contains("revealed")),
        "{refused}"
    );

    // A re-vote opens round 2: a vote for round 1 is refused, one for round 2 counts.
    s.facilitator(|st| Ok(st.revote(id, &q)?));
    let (status, late) = post(&ada, &s.url("api/vote"), vote(3)).await;
    assert_eq!(status, 409, "{late}");
    let (_, r2) = get(&ada, &s.url("api/state")).await;
    assert_eq!(r2["presented"]["round"], 2);
    assert!(r2["myVote"].is_null(), "a new round starts with no vote");
    let (status, _) = post(
        &ada,
        &s.url("api/vote"),
        json!({ "questionId": q, "round": 2, "choice": level(3) }),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(s.votes.load(std::sync::atomic::Ordering::SeqCst), 4);
}

impl common::Session {
    fn db_votes(&self, id: i64, q: &str) -> Result<Vec<opex_core::workshop::RoundVote>, String> {
        use opex_phone::Workshops;
        self.db
            .with_store(|s| Ok(s.round_votes(id, q)?))
            .map_err(|f| f.message)
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_facilitator_only_workshop_shows_no_names_after_the_reveal() {
    let s = session(Anonymity::Facilitator, &["Ada", "Bo"], |_| {}).await;
    let (q, round) = s.current();
    for name in ["Ada", "Bo"] {
        let p = phone();
        let (_, st) = get(&p, &s.url("api/state")).await;
        let (status, _) = post(
            &p,
            &s.url("api/join"),
            json!({ "participantId": participant(&st, name) }),
        )
        .await;
        assert_eq!(status, 200);
        let (status, _) = post(&p, &s.url("api/vote"), json!({ "questionId": q, "round": round, "choice": level(if name == "Ada" { 1 } else { 5 }) })).await;
        assert_eq!(status, 200);
    }
    let id = s.id;
    s.facilitator(|st| Ok(st.reveal(id, &q)?));
    let (_, after) = get(&phone(), &s.url("api/state")).await;
    assert!(after["presented"].is_null(), "a stranger sees no question");
    let p = phone();
    let (_, st) = get(&p, &s.url("api/state")).await;
    assert!(
        st["names"].as_array().is_some_and(|n| n.is_empty()),
        "both names are taken: {st}"
    );
    let (status, _) = post(&p, &s.url("api/join"), json!({ "alias": "Cy" })).await;
    assert_eq!(status, 200);
    let (_, seen) = get(&p, &s.url("api/state")).await;
    let votes = seen["presented"]["reveal"]["votes"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(votes.len(), 2, "{seen}");
    assert!(
        votes.iter().all(|v| v["name"].is_null()),
        "no names: {seen}"
    );
    assert!(!seen.to_string().contains("Ada"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_anonymous_workshop_keeps_tallies_and_a_changed_vote_moves_one() {
    let s = session(Anonymity::Anonymous, &["ignored"], |_| {}).await;
    let (q, round) = s.current();
    let (a, b) = (phone(), phone());
    let (_, st) = get(&a, &s.url("api/state")).await;
    assert!(st["names"].as_array().is_some_and(|n| n.is_empty()));
    assert_eq!(st["aliasAllowed"], false);
    for p in [&a, &b] {
        let (status, j) = post(p, &s.url("api/join"), json!({})).await;
        assert_eq!(status, 200, "{j}");
        assert!(j["me"].is_null());
    }
    let vote = |l: u8| json!({ "questionId": q, "round": round, "choice": level(l) });
    assert_eq!(post(&a, &s.url("api/vote"), vote(2)).await.0, 200);
    assert_eq!(post(&a, &s.url("api/vote"), vote(5)).await.0, 200);
    let (_, mine) = post(&b, &s.url("api/vote"), vote(5)).await;
    assert_eq!(mine["myVote"], level(5));
    assert_eq!(
        mine["presented"]["votedCount"], 2,
        "a change moves a tally, it adds none"
    );
    let id = s.id;
    let votes = ok(s.db_votes(id, &q));
    assert!(votes.iter().all(|v| v.participant.is_none()));
    let levels: Vec<_> = votes.iter().map(|v| v.answer.clone()).collect();
    assert_eq!(
        levels,
        vec![opex_core::Answer::Level(5), opex_core::Answer::Level(5)]
    );
    s.facilitator(|st| Ok(st.reveal(id, &q)?));
    let (_, seen) = get(&a, &s.url("api/state")).await;
    assert!(
        seen["presented"]["reveal"]["votes"]
            .as_array()
            .is_some_and(|v| v.iter().all(|v| v["name"].is_null()))
    );
    assert_eq!(
        seen["myVote"],
        level(5),
        "the phone still knows its own vote"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cookie_votes_for_its_own_phone_only() {
    let s = session(Anonymity::Open, &["Ada", "Bo"], |_| {}).await;
    let (q, round) = s.current();
    let ada = phone();
    let (_, st) = get(&ada, &s.url("api/state")).await;
    let (ada_id, bo_id) = (participant(&st, "Ada"), participant(&st, "Bo"));
    assert_eq!(
        post(&ada, &s.url("api/join"), json!({ "participantId": ada_id }))
            .await
            .0,
        200
    );
    // One device cannot join as two people.
    let (status, again) = post(&ada, &s.url("api/join"), json!({ "participantId": bo_id })).await;
    assert_eq!(status, 409, "{again}");
    // Another phone cannot take Ada's name.
    let thief = phone();
    let (status, taken) = post(
        &thief,
        &s.url("api/join"),
        json!({ "participantId": ada_id }),
    )
    .await;
    assert_eq!(status, 409);
    assert!(
        taken["message"].as_str().is_some_and(|m| m.contains("Ada")),
        "{taken}"
    );
    // A vote names no participant: a body that tries is refused as a whole.
    let sneaky =
        json!({ "questionId": q, "round": round, "choice": level(1), "participantId": bo_id });
    assert_eq!(post(&ada, &s.url("api/vote"), sneaky).await.0, 422);
    // A made-up cookie is nobody's.
    let forged = ok(reqwest::Client::builder().build());
    let r = ok(forged
        .post(s.url("api/vote"))
        .header("cookie", "opex_phone=AAAAAAAAAAAAAAAAAAAAAA")
        .json(&json!({ "questionId": q, "round": round, "choice": level(1) }))
        .send()
        .await);
    assert_eq!(r.status(), 409);
    let id = s.id;
    assert!(ok(s.db_votes(id, &q)).is_empty(), "nothing was recorded");
    // Freed by the facilitator, Ada's name can be taken from another phone.
    s.running.free(ada_id);
    assert_eq!(
        post(
            &thief,
            &s.url("api/join"),
            json!({ "participantId": ada_id })
        )
        .await
        .0,
        200
    );
    assert_eq!(
        post(
            &ada,
            &s.url("api/vote"),
            json!({ "questionId": q, "round": round, "choice": level(1) })
        )
        .await
        .0,
        409,
        "the old phone is signed out"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sizes_rates_and_headcount_are_limited() {
    let s = session(Anonymity::Open, &["Ada", "Bo", "Cy"], |c| {
        c.max_phones = 2;
        c.per_second = 5;
        c.burst = 10;
    })
    .await;
    let p = phone();
    let huge = json!({ "alias": "x".repeat(10_000) });
    assert_eq!(post(&p, &s.url("api/join"), huge).await.0, 413);
    assert_eq!(
        post(&p, &s.url("api/join"), json!({ "alias": "x".repeat(81) }))
            .await
            .0,
        422,
        "a name is at most 80 characters"
    );
    assert_eq!(
        post(&p, &s.url("api/join"), json!({ "alias": "One" }))
            .await
            .0,
        200
    );
    assert_eq!(
        post(&phone(), &s.url("api/join"), json!({ "alias": "Two" }))
            .await
            .0,
        200
    );
    let (status, full) = post(&phone(), &s.url("api/join"), json!({ "alias": "Three" })).await;
    assert_eq!(status, 409);
    assert!(
        full["message"].as_str().is_some_and(|m| m.contains("full")),
        "{full}"
    );
    // A burst beyond the limit is refused with 429, the rest served.
    let mut codes = Vec::new();
    for _ in 0..30 {
        codes.push(ok(p.get(s.url("api/state")).send().await).status().as_u16());
    }
    assert!(codes.contains(&429), "{codes:?}");
    assert!(
        codes.iter().filter(|c| **c == 200).count() >= 9,
        "{codes:?}"
    );
    tokio::time::sleep(std::time::Duration::from_millis(1200)).await;
    assert_eq!(
        ok(p.get(s.url("api/state")).send().await).status(),
        200,
        "the rate refills"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_stalls_on_its_headers_is_cut_off() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let s = session(Anonymity::Open, &["Ada"], |c| {
        c.header_timeout = std::time::Duration::from_millis(300);
    })
    .await;
    let mut socket = ok(tokio::net::TcpStream::connect(s.running.local_addr()).await);
    ok(socket.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n").await);
    let mut buf = Vec::new();
    let read = tokio::time::timeout(
        std::time::Duration::from_secs(5),
        socket.read_to_end(&mut buf),
    )
    .await;
    assert!(read.is_ok(), "the server kept a stalled connection open");
}

/// Reads server-sent events from `r` until one named `name` arrives.
async fn next_event(r: &mut reqwest::Response, buf: &mut String, name: &str) -> String {
    loop {
        if let Some(end) = buf.find("\n\n") {
            let block: String = buf.drain(..end + 2).collect();
            let event = block
                .lines()
                .find_map(|l| l.strip_prefix("event: "))
                .unwrap_or("");
            let data: String = block
                .lines()
                .filter_map(|l| l.strip_prefix("data: "))
                .collect();
            if event == name {
                return data;
            }
            continue;
        }
        let chunk = tokio::time::timeout(std::time::Duration::from_secs(5), r.chunk()).await;
        match chunk {
            Ok(Ok(Some(bytes))) => buf.push_str(&String::from_utf8_lossy(&bytes)),
            other => panic!("no `{name}` event: {other:?}; so far {buf:?}"),
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn phones_follow_the_facilitator_live_and_the_port_closes_when_it_stops() {
    let s = session(Anonymity::Open, &["Ada", "Bo"], |_| {}).await;
    let p = phone();
    let (_, st) = get(&p, &s.url("api/state")).await;
    assert_eq!(
        post(
            &p,
            &s.url("api/join"),
            json!({ "participantId": participant(&st, "Ada") })
        )
        .await
        .0,
        200
    );
    let mut events = ok(p.get(s.url("api/events?theme=dark")).send().await);
    assert_eq!(events.headers()["content-type"], "text/event-stream");
    let mut buf = String::new();
    let first: Value = ok(serde_json::from_str(
        &next_event(&mut events, &mut buf, "state").await,
    ));
    assert_eq!(first["presented"]["position"], 1);
    // The facilitator moves on: the phone is sent the second question.
    let id = s.id;
    let second = s.facilitator(|st| {
        let w = st.workshop(id)?;
        let next = w.questions[1].question_id.clone();
        st.goto(id, &next, chrono::Utc::now())?;
        Ok(next)
    });
    let moved: Value = ok(serde_json::from_str(
        &next_event(&mut events, &mut buf, "state").await,
    ));
    assert_eq!(
        moved["presented"]["question"]["id"],
        second.as_str(),
        "{moved}"
    );

    let addr = s.running.local_addr();
    s.running
        .stop("The facilitator stopped phone voting.")
        .await;
    assert_eq!(
        next_event(&mut events, &mut buf, "stopped").await,
        "The facilitator stopped phone voting."
    );
    assert!(
        tokio::net::TcpStream::connect(addr).await.is_err(),
        "the port is closed"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_session_has_a_new_token_and_the_old_link_is_dead() {
    let first = session(Anonymity::Open, &["Ada"], |_| {}).await;
    let old = first.base.clone();
    let id = first.id;
    let db = first.db.clone();
    let addr = first.running.local_addr();
    first.running.stop("restarted").await;
    let second = ok(opex_phone::start(
        opex_phone::Config {
            ..opex_phone::Config::new(id, addr.ip())
        },
        db,
        std::sync::Arc::new(common::FakePage),
        std::sync::Arc::new(|_| {}),
    )
    .await);
    assert_ne!(second.url(), old);
    let old_token = old.trim_end_matches('/').rsplit('/').next().unwrap_or("");
    let on_new = format!("http://{}/{old_token}/api/state", second.local_addr());
    assert_eq!(ok(phone().get(&on_new).send().await).status(), 404);
    assert_eq!(
        ok(phone()
            .get(format!("{}api/state", second.url()))
            .send()
            .await)
        .status(),
        200
    );
}
