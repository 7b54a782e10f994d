//! Workshops over IPC: voting, the reveal, the presented view and the
//! presenter window's narrow rights, anonymous tallies, and phone voting.

use super::*;

#[test]
fn a_workshop_runs_vote_reveal_agree_over_ipc_and_the_presented_view_hides_notes() {
    let h = Harness::new();
    let team = h.ok("create_team", json!({ "name": "Room" }));
    let setup = json!({ "setup": {
        "teamId": team["id"], "bankHash": null, "profile": "full", "areas": ["scaling"],
        "anonymity": "open", "timerSeconds": 240, "participants": ["Ana", "Ben", "Chidi", "Dana", "Eli"]
    }});
    let a = h.ok("start_workshop", setup);
    let id = a["id"].as_i64().unwrap();
    let w = h.ok("workshop", json!({ "assessmentId": id, "theme": "light" }));
    assert_eq!(w["agenda"].as_array().unwrap().len(), 3);
    let q = w["current"]["question"]["id"].as_str().unwrap().to_string();
    let people: Vec<i64> = w["participants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_i64().unwrap())
        .collect();
    for (p, level) in people.iter().zip([1, 4, 4, 4, 4]) {
        h.ok("cast_vote", json!({ "assessmentId": id, "questionId": q, "participantId": p, "answer": { "kind": "level", "level": level }, "theme": "light" }));
    }
    h.ok(
        "set_facilitator_note",
        json!({ "assessmentId": id, "questionId": q, "note": "SECRET: ask Ben" }),
    );
    let w = h.ok("workshop", json!({ "assessmentId": id, "theme": "light" }));
    assert_eq!(w["current"]["votedCount"], 5);
    assert_eq!(
        w["current"]["reveal"],
        Value::Null,
        "nothing is shown before the reveal"
    );
    assert_eq!(w["current"]["facilitatorNote"], "SECRET: ask Ben");

    let shown = h.ok("presented", json!({ "assessmentId": id, "theme": "dark" }));
    assert_eq!(
        (shown["votedCount"].as_u64(), shown["of"].as_u64()),
        (Some(5), Some(5))
    );
    assert_eq!(shown["reveal"], Value::Null);
    assert!(
        !shown.to_string().contains("SECRET"),
        "the presented view never carries the facilitator's note"
    );

    let w = h.ok(
        "reveal_votes",
        json!({ "assessmentId": id, "questionId": q, "theme": "light" }),
    );
    let d = &w["current"]["reveal"]["distribution"];
    assert_eq!(
        (d["median"].as_f64(), d["disagrees"].as_bool()),
        (Some(4.0), Some(true))
    );
    assert_eq!(d["range"], json!([1, 4]));
    assert!(
        w["current"]["reveal"]["chart"]
            .as_str()
            .unwrap()
            .starts_with("<svg")
    );
    assert_eq!(
        w["current"]["reveal"]["votes"][0]["name"], "Ana",
        "names show with votes in an open workshop"
    );

    let w = h.ok("tick_workshop_check", json!({ "assessmentId": id, "questionId": q, "check": { "level": 2, "index": 0 }, "ticked": true, "theme": "light" }));
    assert_eq!(
        w["current"]["ticks"]["ticked"],
        json!([{ "level": 2, "index": 0 }])
    );
    let shown = h.ok("presented", json!({ "assessmentId": id, "theme": "dark" }));
    assert_eq!(
        shown["ticks"]["ticked"],
        json!([{ "level": 2, "index": 0 }]),
        "the room sees what holds"
    );
    let w = h.ok("agree", json!({ "assessmentId": id, "questionId": q, "response": { "answer": { "kind": "level", "level": 3 }, "note": "agreed", "breadth": "some" }, "theme": "light" }));
    assert_eq!(w["agenda"][0]["state"], "agreed");
    assert_eq!(w["current"]["consensus"]["breadth"], "some");
    let act = h.ok("add_action", json!({ "assessmentId": id, "action": { "questionId": q, "title": "Load test", "owner": "Ben", "dueDate": "2027-01-15" } }));
    assert_eq!(act["dueDate"], "2027-01-15");
    let e = h.call("add_action", json!({ "assessmentId": id, "action": { "questionId": q, "title": "X", "owner": null, "dueDate": "next week" } })).unwrap_err();
    assert_eq!(e["kind"], "invalid");

    let next = w["agenda"][1]["questionId"].as_str().unwrap().to_string();
    let w = h.ok(
        "goto_question",
        json!({ "assessmentId": id, "questionId": next, "theme": "light" }),
    );
    assert_eq!(w["current"]["question"]["id"], next.as_str());
    let w = h.ok(
        "skip_question",
        json!({ "assessmentId": id, "questionId": next, "skip": true, "theme": "light" }),
    );
    assert_eq!(w["agenda"][1]["state"], "skipped");

    let s = h.ok("workshop_summary", json!({ "assessmentId": id }));
    assert_eq!(s["disagreements"], json!([0]));
    assert_eq!(s["actions"][0]["title"], "Load test");
    assert!(
        s["markdown"]
            .as_str()
            .unwrap()
            .contains("## Where we disagreed")
    );
}

#[test]
fn every_workshop_change_answers_with_the_facilitators_view() {
    let h = Harness::new();
    let team = h.ok("create_team", json!({ "name": "Room" }));
    let setup = json!({ "setup": {
        "teamId": team["id"], "bankHash": null, "profile": "full", "areas": ["scaling"],
        "anonymity": "open", "timerSeconds": 60, "participants": ["Ana", "Ben"]
    }});
    let id = h.ok("start_workshop", setup)["id"].as_i64().unwrap();
    let args = |extra: Value| {
        let mut v = json!({ "assessmentId": id, "theme": "light" });
        v.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        v
    };
    let w = h.ok("workshop_clock", args(json!({ "running": true })));
    assert!(w["current"]["since"].is_string(), "the clock runs");
    let w = h.ok("workshop_clock", args(json!({ "running": false })));
    assert_eq!(w["current"]["since"], Value::Null, "the clock stopped");
    assert_eq!(w["levelNames"].as_array().unwrap().len(), 5);
    assert_eq!(w["levelNames"][0], "Ad hoc");
    let q = w["current"]["question"]["id"].as_str().unwrap().to_string();

    let w = h.ok("add_participant", args(json!({ "name": "Chidi <b>" })));
    let people = w["participants"].as_array().unwrap().clone();
    assert_eq!(people.len(), 3);
    let chidi = people[2]["id"].as_i64().unwrap();
    let w = h.ok(
        "rename_participant",
        args(json!({ "participantId": chidi, "name": "Chidi" })),
    );
    assert_eq!(w["participants"][2]["name"], "Chidi");

    let level = |l: u8| json!({ "kind": "level", "level": l });
    let (ana, ben) = (people[0]["id"].clone(), people[1]["id"].clone());
    h.ok(
        "cast_vote",
        args(json!({ "questionId": q, "participantId": ana, "answer": level(2) })),
    );
    h.ok(
        "cast_vote",
        args(json!({ "questionId": q, "participantId": ben, "answer": level(3) })),
    );
    let w = h.ok(
        "cast_vote",
        args(json!({ "questionId": q, "participantId": chidi, "answer": level(5) })),
    );
    assert_eq!(w["current"]["votedCount"], 3);
    let w = h.ok(
        "uncast_vote",
        args(json!({ "questionId": q, "participantId": chidi, "answer": null })),
    );
    assert_eq!(w["current"]["votedCount"], 2, "a vote can be taken back");
    let w = h.ok(
        "remove_participant",
        args(json!({ "participantId": chidi, "keepVotes": false })),
    );
    assert_eq!(w["participants"].as_array().unwrap().len(), 2);

    assert_eq!(
        w["current"]["preselected"],
        Value::Null,
        "nothing to start on before the reveal"
    );
    let w = h.ok("reveal_votes", args(json!({ "questionId": q })));
    assert_eq!(
        w["current"]["preselected"],
        Value::Null,
        "nothing is agreed for the team by default: the facilitator chooses after the reveal"
    );
    assert_eq!(
        w["current"]["suggested"], 3,
        "the median (2.5) rounded half up is offered as a hint"
    );
    let e = h
        .call(
            "cast_vote",
            args(json!({ "questionId": q, "participantId": ana, "answer": level(4) })),
        )
        .unwrap_err();
    assert_eq!(e["kind"], "invalid", "votes are closed after the reveal");
    let w = h.ok("revote", args(json!({ "questionId": q })));
    assert_eq!(
        (
            w["current"]["round"].as_u64(),
            w["current"]["state"].as_str()
        ),
        (Some(2), Some("voting"))
    );
    assert_eq!(w["current"]["votedCount"], 0, "a new round starts empty");
    let first = &w["current"]["previousRound"]["distribution"];
    assert_eq!(
        (first["median"].as_f64(), first["voters"].as_u64()),
        (Some(2.5), Some(2)),
        "the first round stays in view beside the second"
    );

    let shown = h.ok("presented", json!({ "assessmentId": id, "theme": "light" }));
    assert_eq!(shown["levelNames"][4], "Optimising");
    h.ok("open_presenter", json!({ "assessmentId": id }));
    h.ok("open_presenter", json!({ "assessmentId": id }));
}

#[test]
fn an_anonymous_workshop_flags_more_tallies_than_people() {
    let h = Harness::new();
    let team = h.ok("create_team", json!({ "name": "Quiet room" }));
    let setup = json!({ "setup": {
        "teamId": team["id"], "bankHash": null, "profile": "full", "areas": ["scaling"],
        "anonymity": "anonymous", "timerSeconds": 60, "participants": [], "headcount": 2
    }});
    let id = h.ok("start_workshop", setup)["id"].as_i64().unwrap();
    let args = |extra: Value| {
        let mut v = json!({ "assessmentId": id, "theme": "light" });
        v.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        v
    };
    let w = h.ok("workshop", args(json!({})));
    assert_eq!(w["headcount"], 2);
    let q = w["current"]["question"]["id"].as_str().unwrap().to_string();
    let tally = json!({ "kind": "level", "level": 3 });
    for _ in 0..3 {
        h.ok(
            "cast_vote",
            args(json!({ "questionId": q, "participantId": null, "answer": tally })),
        );
    }
    let w = h.ok("workshop", args(json!({})));
    assert_eq!(
        w["current"]["overcount"],
        "3 votes counted for 2 people: undo the extra one before the reveal."
    );
    let w = h.ok("set_headcount", args(json!({ "headcount": 3 })));
    assert_eq!(w["current"]["overcount"], Value::Null);
    let e = h
        .call("set_headcount", args(json!({ "headcount": 0 })))
        .unwrap_err();
    assert_eq!(e["kind"], "invalid");
    assert!(e["message"].as_str().unwrap().contains("between 1 and"));
    let w = h.ok("set_headcount", args(json!({ "headcount": null })));
    assert_eq!(w["headcount"], Value::Null);
}

#[test]
fn the_presenter_window_may_read_the_presented_view_but_not_vote() {
    let h = in_window(AppState::in_memory().unwrap(), "presenter");
    assert_eq!(h.ok("app_status", json!({}))["error"], Value::Null);
    // Allowed, and answered by the command itself: there is no such workshop.
    let e = h
        .call("presented", json!({ "assessmentId": 1, "theme": "light" }))
        .unwrap_err();
    assert_eq!(e["kind"], "notFound", "{e}");
    for (cmd, args) in [
        (
            "cast_vote",
            json!({ "assessmentId": 1, "questionId": "X", "participantId": 1, "answer": { "level": 3 }, "theme": "light" }),
        ),
        ("create_team", json!({ "name": "Intruder" })),
        (
            "export_report",
            json!({ "assessmentId": 1, "format": "pdf", "path": "/tmp/x.pdf", "includeNotes": false, "paper": "a4" }),
        ),
        ("restore_backup", json!({ "path": "/tmp/x" })),
    ] {
        let e = h.call(cmd, args).unwrap_err();
        let text = e.to_string();
        assert!(
            text.contains("not allowed"),
            "{cmd} was not refused: {text}"
        );
    }
    // The same call from the main window reaches the command.
    let main = Harness::new();
    assert_eq!(
        main.ok("create_team", json!({ "name": "Welcome" }))["name"],
        "Welcome"
    );
}

/// Sends one plain HTTP/1.1 request and returns the status line and the body.
fn http(url: &str, method: &str) -> (String, String) {
    use std::io::{Read, Write};
    let rest = url.strip_prefix("http://").unwrap();
    let (host, path) = rest.split_once('/').unwrap();
    let mut s = std::net::TcpStream::connect(host).unwrap();
    write!(s, "{method} /{path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n").unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    let (head, body) = out.split_once("\r\n\r\n").unwrap_or((&out, ""));
    (
        head.lines().next().unwrap_or("").to_string(),
        body.to_string(),
    )
}

#[test]
fn phone_voting_starts_on_loopback_serves_the_built_page_and_stops() {
    let h = Harness::new();
    let networks = h.ok("phone_networks", json!({}));
    let networks = networks.as_array().unwrap();
    assert_eq!(networks.iter().filter(|n| n["default"] == true).count(), 1);
    assert!(networks.iter().any(|n| n["address"] == "127.0.0.1"));
    let team = h.ok("create_team", json!({ "name": "Phones" }));
    let setup = json!({ "setup": {
        "teamId": team["id"], "bankHash": null, "profile": "full", "areas": ["scaling"],
        "anonymity": "open", "timerSeconds": 60, "participants": ["Ada", "Bo"]
    }});
    let id = h.ok("start_workshop", setup)["id"].as_i64().unwrap();
    assert_eq!(
        h.ok("phone_status", json!({ "assessmentId": id })),
        Value::Null,
        "not before it starts"
    );
    let bad = h
        .call(
            "start_phone_voting",
            json!({ "assessmentId": id, "address": "my laptop" }),
        )
        .unwrap_err();
    assert_eq!(bad["kind"], "invalid");
    let on = h.ok(
        "start_phone_voting",
        json!({ "assessmentId": id, "address": "127.0.0.1" }),
    );
    let url = on["url"].as_str().unwrap().to_string();
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    assert!(
        on["qr"]
            .as_str()
            .unwrap()
            .starts_with("data:image/svg+xml;base64,")
    );
    assert_eq!(on["phones"], 0);
    // The page is the UI's own phone.html, built into the app.
    let (status, body) = http(&url, "GET");
    assert!(status.contains("200"), "{status}");
    assert!(
        body.contains("<html") && body.contains("./assets/"),
        "{body}"
    );
    let (status, _) = http(
        &url.replace(&url[url.len() - 10..url.len() - 1], "AAAAAAAAA"),
        "GET",
    );
    assert!(status.contains("404"), "{status}");
    let participant =
        h.ok("workshop", json!({ "assessmentId": id, "theme": "light" }))["participants"][0]["id"]
            .clone();
    let freed = h.ok(
        "free_phone_name",
        json!({ "assessmentId": id, "participantId": participant }),
    );
    assert_eq!(freed["joined"], json!([]));
    // A second start is a new link; the first one is dead.
    let again = h.ok(
        "start_phone_voting",
        json!({ "assessmentId": id, "address": "127.0.0.1" }),
    );
    assert_ne!(again["url"], on["url"]);
    assert!(
        std::net::TcpStream::connect(url.trim_start_matches("http://").split('/').next().unwrap())
            .is_err()
    );
    h.ok("stop_phone_voting", json!({ "assessmentId": id }));
    assert_eq!(
        h.ok("phone_status", json!({ "assessmentId": id })),
        Value::Null
    );
    let port = again["url"]
        .as_str()
        .unwrap()
        .trim_start_matches("http://")
        .split('/')
        .next()
        .unwrap()
        .to_string();
    assert!(
        std::net::TcpStream::connect(port).is_err(),
        "the port is closed"
    );
}
