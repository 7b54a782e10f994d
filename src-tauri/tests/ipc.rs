//! Mock-runtime IPC tests: they pin each command's name, argument shape and
//! result shape, and the `{ kind, message }` error contract, through Tauri's real
//! command dispatch on an in-memory database.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed

use opex_app::state::AppState;
use serde_json::{Value, json};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{INVOKE_KEY, MockRuntime, mock_builder};
use tauri::webview::InvokeRequest;
use tauri::{App, WebviewWindow, WebviewWindowBuilder};

struct Harness {
    _app: App<MockRuntime>,
    webview: WebviewWindow<MockRuntime>,
}

fn harness(state: AppState) -> Harness {
    in_window(state, "main")
}

/// A harness whose calls come from the window labelled `label`, so each
/// window's capability applies.
fn in_window(state: AppState, label: &str) -> Harness {
    let app = opex_app::build(mock_builder(), state)
        .build(tauri::generate_context!("../tauri.conf.json"))
        .unwrap();
    let webview = WebviewWindowBuilder::new(&app, label, Default::default())
        .build()
        .unwrap();
    Harness { _app: app, webview }
}

impl Harness {
    fn new() -> Harness {
        harness(AppState::in_memory().unwrap())
    }

    fn call(&self, cmd: &str, args: Value) -> Result<Value, Value> {
        let request = InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            // The app's own origin on Linux; commands are refused from any other.
            url: "tauri://localhost".parse().unwrap(),
            body: InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        };
        tauri::test::get_ipc_response(&self.webview, request)
            .map(|r| r.deserialize::<Value>().unwrap())
    }

    fn ok(&self, cmd: &str, args: Value) -> Value {
        self.call(cmd, args)
            .unwrap_or_else(|e| panic!("{cmd} failed: {e}"))
    }
}

#[test]
fn a_team_is_created_assessed_and_scored_over_ipc() {
    let h = Harness::new();
    let status = h.ok("app_status", json!({}));
    assert_eq!(status["error"], Value::Null);
    assert_eq!(status["dbPath"], ":memory:");

    let team = h.ok("create_team", json!({ "name": "Checkout <i>team</i>" }));
    assert_eq!(team["name"], "Checkout <i>team</i>");
    assert_eq!(team["assessments"], json!([]));
    let team_id = team["id"].as_i64().unwrap();

    let a = h.ok("start_assessment", json!({ "teamId": team_id }));
    let id = a["id"].as_i64().unwrap();
    assert_eq!(a["profile"], "full");
    assert_eq!(a["completedAt"], Value::Null);

    let q = h.ok("questionnaire", json!({ "assessmentId": id }));
    let questions = q["questions"].as_array().unwrap();
    assert!(questions.len() >= 13);
    assert_eq!(q["resumeIndex"], 0);
    assert_eq!(questions[0]["levels"].as_array().unwrap().len(), 5);
    let first = questions[0]["id"].as_str().unwrap().to_string();
    let second = questions[1]["id"].as_str().unwrap().to_string();

    let saved = h.ok(
        "save_answer",
        json!({ "assessmentId": id, "questionId": first, "response": { "answer": { "kind": "level", "level": 4 }, "note": "<script>x</script>" } }),
    );
    assert_eq!(
        saved["response"]["answer"],
        json!({ "kind": "level", "level": 4 })
    );
    assert_eq!(saved["response"]["note"], "<script>x</script>");
    h.ok(
        "save_answer",
        json!({ "assessmentId": id, "questionId": second, "response": { "answer": { "kind": "notApplicable", "reason": "No servers" }, "note": null } }),
    );

    // Breadth travels with the answer; a tick returns the level the ticks point to.
    let broad = h.ok(
        "save_answer",
        json!({ "assessmentId": id, "questionId": first, "response": { "answer": { "kind": "level", "level": 4 }, "note": "<script>x</script>", "breadth": "most" } }),
    );
    assert_eq!(broad["response"]["breadth"], "most");
    let level2 = questions[0]["checks"][1].as_array().unwrap().len();
    let mut ticks = Value::Null;
    for i in 0..level2 {
        ticks = h.ok(
            "tick_check",
            json!({ "assessmentId": id, "questionId": first, "check": { "level": 2, "index": i }, "ticked": true }),
        );
    }
    assert_eq!(ticks["suggested"], 2, "{ticks}");
    let e = h
        .call(
            "tick_check",
            json!({ "assessmentId": id, "questionId": first, "check": { "level": 2, "index": 7 }, "ticked": true }),
        )
        .unwrap_err();
    assert_eq!(e["kind"], "invalid");

    let q = h.ok("questionnaire", json!({ "assessmentId": id }));
    assert_eq!(q["answers"].as_array().unwrap().len(), 2);
    assert_eq!(q["breadths"].as_array().unwrap().len(), 4);
    assert_eq!(q["breadths"][1]["phrase"], "for some services");
    assert_eq!(q["ticks"][0]["ticked"].as_array().unwrap().len(), level2);
    assert_eq!(
        q["resumeIndex"], 2,
        "resumes at the first unanswered question"
    );

    h.ok(
        "clear_answer",
        json!({ "assessmentId": id, "questionId": second }),
    );
    assert_eq!(
        h.ok("questionnaire", json!({ "assessmentId": id }))["resumeIndex"],
        1
    );

    // One answered: finishing asks first, says how many are left and that
    // the assessment will be partial, and changes nothing.
    let total = opex_core::default_bank().unwrap().questions.len();
    let e = h
        .call(
            "finish_assessment",
            json!({ "assessmentId": id, "acceptGaps": false }),
        )
        .unwrap_err();
    assert_eq!(e["kind"], "gaps");
    let warning = e["message"].as_str().unwrap();
    assert!(
        warning.starts_with(&format!("{} of {total} questions have no level", total - 1)),
        "{warning}"
    );
    assert!(warning.contains("marked partial"), "{warning}");
    let a = &h.ok("questionnaire", json!({ "assessmentId": id }))["assessment"];
    assert_eq!(a["completedAt"], Value::Null);
    assert_eq!(a["coverage"]["label"], format!("1 of {total} answered"));
    assert_eq!(a["coverage"]["partial"], true);

    let done = h.ok(
        "finish_assessment",
        json!({ "assessmentId": id, "acceptGaps": true }),
    );
    assert!(done["completedAt"].is_string());
    assert_eq!(done["coverage"]["percent"], 1);

    let r = h.ok("results", json!({ "assessmentId": id, "theme": "dark" }));
    assert_eq!(r["overall"], 4.0);
    assert_eq!(r["previous"], Value::Null);
    assert_eq!(r["areas"].as_array().unwrap().len(), 13);
    assert!(r["charts"]["radar"].as_str().unwrap().starts_with("<svg"));
    let area = r["areas"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["mean"] == 4.0)
        .unwrap();
    let c = area["contributions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["questionId"] == first.as_str())
        .unwrap();
    assert_eq!(c["source"], "consensus");
    assert_eq!(c["note"], "<script>x</script>");

    let teams = h.ok("list_teams", json!({}));
    assert_eq!(teams[0]["assessments"][0]["overall"], 4.0);
}

#[test]
fn errors_arrive_as_kind_and_message() {
    let h = Harness::new();
    let e = h.call("create_team", json!({ "name": "  " })).unwrap_err();
    assert_eq!(e["kind"], "invalid");
    assert!(e["message"].as_str().unwrap().contains("name"));

    h.ok("create_team", json!({ "name": "Ops" }));
    let e = h.call("create_team", json!({ "name": "ops" })).unwrap_err();
    assert_eq!(e["kind"], "duplicateTeam");

    let e = h
        .call("questionnaire", json!({ "assessmentId": 42 }))
        .unwrap_err();
    assert_eq!(
        e,
        json!({ "kind": "notFound", "message": "no assessment with id 42" })
    );

    let e = h
        .call("save_answer", json!({ "assessmentId": 1, "questionId": "X", "response": { "answer": { "kind": "level", "level": 9 }, "note": null } }))
        .unwrap_err();
    assert_eq!(e["kind"], "invalid");
}

#[test]
fn a_database_from_a_newer_opex_is_reported_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("newer.sqlite3");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        let newer = opex_store::schema_version() + 5;
        conn.execute_batch(&format!(
            "CREATE TABLE t (x); PRAGMA user_version = {newer};"
        ))
        .unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let h = harness(AppState::open(Some(path.clone())));
    let status = h.ok("app_status", json!({}));
    assert_eq!(status["error"]["kind"], "tooNew");
    assert!(
        status["error"]["message"]
            .as_str()
            .unwrap()
            .contains("newer opex")
    );
    let e = h.call("list_teams", json!({})).unwrap_err();
    assert_eq!(
        e["kind"], "tooNew",
        "every command refuses to work on the file"
    );
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn the_db_flag_is_read_in_both_spellings() {
    let args = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(
        opex_app::db_flag(args(&["--db", "/tmp/a.sqlite3"])),
        Some("/tmp/a.sqlite3".into())
    );
    assert_eq!(
        opex_app::db_flag(args(&["--db=/tmp/b.sqlite3"])),
        Some("/tmp/b.sqlite3".into())
    );
    assert_eq!(opex_app::db_flag(args(&["--other"])), None);
}

#[test]
fn a_bank_is_imported_with_every_problem_reported_then_used_with_a_profile() {
    let h = Harness::new();
    let banks = h.ok("list_banks", json!({}));
    assert_eq!(banks.as_array().unwrap().len(), 1);
    assert_eq!(banks[0]["builtin"], true);
    let profiles: Vec<&str> = banks[0]["profiles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert_eq!(profiles, ["full", "quick"]);

    let head = "id = \"mine\"\nversion = \"0.1.0\"\ntitle = \"Our bank\"\n\n[[areas]]\nid = \"a\"\nkind = \"principle\"\nname = \"A\"\ndescription = \"d\"\n";
    let bad_q = "[[questions]]\nid = \"Q-01\"\narea = \"nope\"\nphase = \"prepare\"\nprompt = \"\"\nguidance = \"g\"\nlevels = [\"1\", \"2\", \"3\", \"4\", \"5\"]\n";
    let e = h
        .call("import_bank", json!({ "files": [{ "name": "q.toml", "text": bad_q }, { "name": "bank.toml", "text": head }] }))
        .unwrap_err();
    assert_eq!(e["kind"], "bank");
    let msg = e["message"].as_str().unwrap();
    assert!(
        msg.contains("q.toml:3:1: questions[0].area: unknown area `nope`"),
        "{msg}"
    );
    assert!(
        msg.contains("q.toml:5:1: questions[0].prompt:"),
        "every problem is listed: {msg}"
    );
    assert_eq!(
        h.ok("list_banks", json!({})).as_array().unwrap().len(),
        1,
        "nothing was stored"
    );

    let good_q = bad_q
        .replace("\"nope\"", "\"a\"")
        .replace("prompt = \"\"", "prompt = \"Is it good?\"");
    let imported = h.ok("import_bank", json!({ "files": [{ "name": "bank.toml", "text": head }, { "name": "q.toml", "text": good_q }] }));
    assert_eq!(
        (imported["id"].as_str(), imported["builtin"].as_bool()),
        (Some("mine"), Some(false))
    );
    assert_eq!(h.ok("list_banks", json!({})).as_array().unwrap().len(), 2);

    let team = h.ok("create_team", json!({ "name": "T" }));
    let a = h.ok(
        "start_assessment",
        json!({ "teamId": team["id"], "bankHash": imported["hash"], "profile": null }),
    );
    assert_eq!(a["coverage"]["asked"], 1);
    assert_eq!(a["bankTitle"], "Our bank");
    let quick = h.ok(
        "start_assessment",
        json!({ "teamId": team["id"], "bankHash": banks[0]["hash"], "profile": "quick" }),
    );
    assert_eq!(
        (
            quick["coverage"]["asked"].as_u64(),
            quick["profile"].as_str()
        ),
        (Some(13), Some("quick"))
    );
}

#[test]
fn the_demo_team_arrives_with_four_completed_assessments() {
    let h = Harness::new();
    let team = h.ok("create_demo", json!({}));
    let runs = team["assessments"].as_array().unwrap();
    assert_eq!(runs.len(), 4);
    assert!(runs.iter().all(|a| a["completedAt"].is_string()));
    let e = h.call("create_demo", json!({})).unwrap_err();
    assert_eq!(
        e["kind"], "duplicateTeam",
        "a second demo is refused, not duplicated"
    );
}

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
fn the_team_page_compares_sets_targets_and_tracks_actions() {
    let h = Harness::new();
    let team = h.ok("create_demo", json!({}));
    let id = team["id"].as_i64().unwrap();
    h.ok(
        "set_target",
        json!({ "teamId": id, "areaId": "monitoring", "level": 4.0, "targetDate": "2027-06-30" }),
    );
    let e = h
        .call(
            "set_target",
            json!({ "teamId": id, "areaId": "monitoring", "level": 4.0, "targetDate": "soon" }),
        )
        .unwrap_err();
    assert_eq!(e["kind"], "invalid");

    let page = h.ok("team_page", json!({ "teamId": id, "theme": "light" }));
    assert_eq!(page["timeline"].as_array().unwrap().len(), 4);
    let monitoring = page["targets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["areaId"] == "monitoring")
        .unwrap();
    assert_eq!(
        (
            monitoring["level"].as_f64(),
            monitoring["targetDate"].as_str()
        ),
        (Some(4.0), Some("2027-06-30")),
        "the newest target wins"
    );
    for chart in ["trend", "areas", "heatmap"] {
        assert!(
            page["charts"][chart].as_str().unwrap().starts_with("<svg"),
            "{chart}"
        );
    }
    assert!(
        page["charts"]["areas"]
            .as_str()
            .unwrap()
            .contains("target 4.0"),
        "targets show on the area trends"
    );

    let first = page["timeline"][0]["assessment"]["id"].as_i64().unwrap();
    let last = page["timeline"][3]["assessment"]["id"].as_i64().unwrap();
    let c = h.ok(
        "compare_assessments",
        json!({ "earlierId": last, "laterId": first }),
    );
    assert_eq!(
        c["earlier"]["id"], first,
        "the older assessment is always the earlier one"
    );
    assert!(c["compared"].as_u64().unwrap() >= 40);
    assert!(
        !c["improved"].as_array().unwrap().is_empty(),
        "the demo team improves over the year"
    );

    let run = h.ok(
        "start_assessment",
        json!({ "teamId": id, "bankHash": null, "profile": "quick" }),
    );
    let act = h.ok("add_action", json!({ "assessmentId": run["id"], "action": { "questionId": "MON-01", "title": "SLO alerts", "owner": "Ana", "dueDate": "2020-01-01" } }));
    let page = h.ok("team_page", json!({ "teamId": id, "theme": "dark" }));
    let row = page["actions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["action"]["id"] == act["id"])
        .unwrap();
    assert_eq!(
        (row["overdue"].as_bool(), row["areaId"].as_str()),
        (Some(true), Some("monitoring"))
    );
    let done = h.ok("update_action", json!({ "actionId": act["id"], "update": { "status": "done", "title": null, "owner": null, "dueDate": null, "notes": "alerts live" } }));
    assert_eq!(done["status"], "done");
    // The next assessment starts with the review of open actions, in one go.
    let open_now = h.ok("open_actions", json!({ "teamId": id }));
    let overdue = open_now
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"] != "SLO alerts")
        .unwrap()["id"]
        .clone();
    // An outcome outside the enum is refused at the IPC boundary, naming the argument.
    let bad = h.call("start_assessment", json!({ "teamId": id, "bankHash": null, "profile": "quick", "reviews": [{ "actionId": overdue, "outcome": "finished", "note": null }] }));
    let bad = bad.unwrap_err().to_string();
    assert!(bad.contains("reviews") && bad.contains("finished"), "{bad}");
    // A review of an action that does not exist is refused whole.
    let missing = h.call("start_assessment", json!({ "teamId": id, "bankHash": null, "profile": "quick", "reviews": [{ "actionId": 999_999, "outcome": "done", "note": null }] }));
    assert_eq!(missing.unwrap_err()["kind"], "notFound");
    let before = h.ok("list_teams", json!({}))[0]["assessments"]
        .as_array()
        .unwrap()
        .len();
    let next = h.ok("start_assessment", json!({ "teamId": id, "bankHash": null, "profile": "quick", "reviews": [{ "actionId": overdue, "outcome": "dropped", "note": "no longer needed" }] }));
    assert_eq!(
        h.ok("list_teams", json!({}))[0]["assessments"]
            .as_array()
            .unwrap()
            .len(),
        before + 1,
        "the refused start left nothing behind"
    );
    let page = h.ok("team_page", json!({ "teamId": id, "theme": "dark" }));
    let dropped = page["actions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["action"]["id"] == overdue)
        .unwrap();
    assert_eq!(dropped["action"]["status"], "dropped");
    assert!(
        dropped["notes"]
            .as_str()
            .unwrap()
            .contains("no longer needed")
    );
    h.ok("delete_assessment", json!({ "assessmentId": next["id"] }));
    h.ok("delete_assessment", json!({ "assessmentId": run["id"] }));
    let page = h.ok("team_page", json!({ "teamId": id, "theme": "dark" }));
    assert!(
        page["actions"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["action"]["id"] == act["id"]),
        "the action outlives its assessment"
    );
}

#[test]
fn actions_are_added_on_the_team_page_and_edited_in_place() {
    let h = Harness::new();
    let team = h.ok("create_team", json!({ "name": "Platform" }));
    let id = team["id"].as_i64().unwrap();
    let act = h.ok("add_team_action", json!({ "teamId": id, "action": { "areaId": "monitoring", "title": " Page on SLOs ", "owner": "Ana", "dueDate": "2027-03-31", "link": " OPS-142 <b>" } }));
    assert_eq!(
        (
            act["title"].as_str(),
            act["owner"].as_str(),
            act["dueDate"].as_str(),
            act["link"].as_str(),
            act["status"].as_str(),
            &act["questionId"]
        ),
        (
            Some("Page on SLOs"),
            Some("Ana"),
            Some("2027-03-31"),
            Some("OPS-142 <b>"),
            Some("open"),
            &Value::Null
        ),
        "trimmed, and the link kept as the text it is"
    );
    let page = h.ok("team_page", json!({ "teamId": id, "theme": "light" }));
    assert_eq!(
        (
            page["actionTitleMax"].as_u64(),
            page["actionLinkMax"].as_u64()
        ),
        (Some(200), Some(500))
    );
    let row = &page["actions"][0];
    assert_eq!(
        (row["action"]["id"].clone(), row["areaId"].as_str()),
        (act["id"].clone(), Some("monitoring"))
    );

    // No area is fine; an area the team page does not list is not.
    let plain = h.ok("add_team_action", json!({ "teamId": id, "action": { "areaId": null, "title": "Tidy the runbooks", "owner": null, "dueDate": null, "link": null } }));
    assert_eq!(plain["link"], Value::Null);
    let e = h.call("add_team_action", json!({ "teamId": id, "action": { "areaId": "astrology", "title": "X", "owner": null, "dueDate": null, "link": null } })).unwrap_err();
    assert_eq!(e["kind"], "invalid");
    assert!(e["message"].as_str().unwrap().contains("astrology"), "{e}");
    let e = h.call("add_team_action", json!({ "teamId": 999_999, "action": { "areaId": null, "title": "X", "owner": null, "dueDate": null, "link": null } })).unwrap_err();
    assert_eq!(e["kind"], "notFound");

    // Titles are capped at 200 characters, counted as characters.
    let at_cap = "é".repeat(200);
    let e = h.call("add_team_action", json!({ "teamId": id, "action": { "areaId": null, "title": format!("{at_cap}x"), "owner": null, "dueDate": null, "link": null } })).unwrap_err();
    assert_eq!(e["kind"], "invalid");
    assert_eq!(e["message"], "an action title is at most 200 characters");
    let e = h.call("update_action", json!({ "actionId": act["id"], "update": { "status": null, "title": format!("{at_cap}x"), "owner": null, "dueDate": null, "notes": null } })).unwrap_err();
    assert_eq!(e["kind"], "invalid");
    let e = h.call("add_team_action", json!({ "teamId": id, "action": { "areaId": null, "title": "Long link", "owner": null, "dueDate": null, "link": "x".repeat(501) } })).unwrap_err();
    assert_eq!(e["kind"], "invalid");
    assert!(e["message"].as_str().unwrap().contains("500"), "{e}");

    // Edited in place: title, owner, due date and link; the rest unchanged.
    let edited = h.ok("update_action", json!({ "actionId": act["id"], "update": { "status": null, "title": at_cap, "owner": "Ben", "dueDate": "2027-04-30", "notes": null, "link": "https://tracker.example/OPS-143" } }));
    assert_eq!(
        (
            edited["title"].as_str(),
            edited["owner"].as_str(),
            edited["dueDate"].as_str(),
            edited["link"].as_str(),
            edited["status"].as_str()
        ),
        (
            Some(at_cap.as_str()),
            Some("Ben"),
            Some("2027-04-30"),
            Some("https://tracker.example/OPS-143"),
            Some("open")
        )
    );
    // A link left out stays; an empty one clears it, as an empty owner and date do.
    let kept = h.ok("update_action", json!({ "actionId": act["id"], "update": { "status": "in_progress", "title": null, "owner": null, "dueDate": null, "notes": null } }));
    assert_eq!(kept["link"], "https://tracker.example/OPS-143");
    let cleared = h.ok("update_action", json!({ "actionId": act["id"], "update": { "status": null, "title": null, "owner": "", "dueDate": "", "notes": null, "link": "" } }));
    assert_eq!(
        (&cleared["owner"], &cleared["dueDate"], &cleared["link"]),
        (&Value::Null, &Value::Null, &Value::Null)
    );
    let page = h.ok("team_page", json!({ "teamId": id, "theme": "dark" }));
    assert_eq!(page["actions"][0]["action"]["link"], Value::Null);
    assert_eq!(page["actions"][0]["action"]["title"], at_cap);
}

#[test]
fn the_team_pages_targets_are_saved_together_or_not_at_all() {
    let h = Harness::new();
    let team = h.ok("create_team", json!({ "name": "Platform" }));
    let id = team["id"].as_i64().unwrap();
    let targets = |h: &Harness| {
        let page = h.ok("team_page", json!({ "teamId": id, "theme": "light" }));
        page["targets"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| {
                (
                    t["areaId"].as_str().unwrap().to_string(),
                    t["level"].as_f64().unwrap(),
                    t["targetDate"].as_str().map(str::to_string),
                )
            })
            .collect::<Vec<_>>()
    };
    h.ok(
        "set_targets",
        json!({ "teamId": id, "targets": [
            { "areaId": "monitoring", "level": 4.0, "targetDate": "2027-06-30" },
            { "areaId": "scaling", "level": 3.5, "targetDate": null },
        ] }),
    );
    let saved = vec![
        (
            "monitoring".to_string(),
            4.0,
            Some("2027-06-30".to_string()),
        ),
        ("scaling".to_string(), 3.5, None),
    ];
    assert_eq!(targets(&h), saved);
    // One bad row refuses them all: a level out of range, or a date opex cannot read.
    let e = h
        .call(
            "set_targets",
            json!({ "teamId": id, "targets": [
        { "areaId": "monitoring", "level": 5.0, "targetDate": null },
        { "areaId": "scaling", "level": 6.0, "targetDate": null },
    ] }),
        )
        .unwrap_err();
    assert_eq!(e["kind"], "invalid");
    let e = h
        .call(
            "set_targets",
            json!({ "teamId": id, "targets": [
        { "areaId": "monitoring", "level": 5.0, "targetDate": null },
        { "areaId": "scaling", "level": 4.0, "targetDate": "next year" },
    ] }),
        )
        .unwrap_err();
    assert_eq!(e["kind"], "invalid");
    assert_eq!(targets(&h), saved, "a refused save changed a target");
    h.ok("set_targets", json!({ "teamId": id, "targets": [] }));
    assert_eq!(targets(&h), saved);
}

/// The opener plugin is registered, and the capability lets a window open
/// report files only (no scripts, no URLs).
#[test]
fn only_report_files_may_be_opened() {
    let h = Harness::new();
    // Not a hidden folder: the scope never matches one, whatever the file.
    let dir = tempfile::Builder::new()
        .prefix("opex-ipc")
        .tempdir()
        .unwrap();
    let script = dir.path().join("run.sh");
    std::fs::write(&script, "#!/bin/sh\n").unwrap();
    let e = h
        .call(
            "plugin:opener|open_path",
            json!({ "path": script.to_str().unwrap() }),
        )
        .unwrap_err();
    // The command is granted; its scope refuses the file.
    assert_eq!(
        e,
        json!(format!("Not allowed to open path {}", script.display()))
    );
    let e = h
        .call(
            "plugin:opener|open_url",
            json!({ "url": "https://example.com" }),
        )
        .unwrap_err()
        .to_string();
    assert!(e.contains("opener.open_url not allowed"), "{e}");
}

#[test]
fn a_report_is_exported_where_the_person_chose() {
    let h = Harness::new();
    let team = h.ok("create_demo", json!({}));
    let last = team["assessments"].as_array().unwrap().last().unwrap()["id"]
        .as_i64()
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("report.pdf");
    let written = h.ok("export_report", json!({ "assessmentId": last, "format": "pdf", "path": pdf.to_str().unwrap(), "includeNotes": false, "paper": "a4" }));
    assert_eq!(written.as_array().unwrap().len(), 1);
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF-"));
    let csv = dir.path().join("csv");
    let written = h.ok("export_report", json!({ "assessmentId": last, "format": "csv", "path": csv.to_str().unwrap(), "includeNotes": true, "paper": "letter" }));
    assert_eq!(written.as_array().unwrap().len(), 2);
    let e = h.call("export_report", json!({ "assessmentId": last, "format": "docx", "path": "/tmp/x", "includeNotes": false, "paper": "a4" })).unwrap_err().to_string();
    assert!(e.contains("format") && e.contains("docx"), "{e}");
    let e = h.call("export_report", json!({ "assessmentId": 999_999, "format": "json", "path": dir.path().join("x.json").to_str().unwrap(), "includeNotes": false, "paper": "a4" })).unwrap_err();
    assert_eq!(
        e["kind"], "notFound",
        "not found stays not found through every layer"
    );
}

#[test]
fn a_team_is_exported_to_an_opex_file_and_imported_into_another_database() {
    let h = Harness::new();
    let team = h.ok("create_demo", json!({}));
    let id = team["id"].as_i64().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("payments.opex.json");
    let path = file.to_str().unwrap();
    let done = h.ok(
        "export_team",
        json!({ "teamId": id, "path": path, "includeNotes": false, "dropNames": true }),
    );
    assert_eq!(done["assessments"], 4);
    assert_eq!(
        done["bytes"].as_u64().unwrap(),
        std::fs::metadata(&file).unwrap().len()
    );
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("\"Participant 1\"") && !text.contains("\"Chidi\""));

    // Another database: another harness.
    let (a, h) = (h, Harness::new());
    let b = &h;
    let report = h.ok("import_team", json!({ "path": path, "asName": null }));
    assert_eq!(
        (
            report["teamCreated"].as_bool(),
            report["assessmentsAdded"].as_u64()
        ),
        (Some(true), Some(4))
    );
    assert!(
        report["summary"]
            .as_str()
            .unwrap()
            .contains("from payments.opex.json, exported ")
    );
    let teams = b.ok("list_teams", json!({}));
    assert!(
        teams[0]["origin"]
            .as_str()
            .unwrap()
            .starts_with("payments.opex.json, exported ")
    );
    assert_eq!(a.ok("list_teams", json!({}))[0]["origin"], Value::Null);
    let portfolio = b.ok("portfolio", json!({}));
    assert!(portfolio["teams"][0]["origin"].is_string(), "{portfolio}");
    // Again: nothing new. A third database has its own demo team: another
    // team of the same name, so the file needs another name there.
    let again = b.ok("import_team", json!({ "path": path, "asName": null }));
    assert_eq!(again["assessmentsUnchanged"], 4);
    let other = Harness::new();
    other.ok("create_demo", json!({}));
    let e = other
        .call("import_team", json!({ "path": path, "asName": null }))
        .unwrap_err();
    assert_eq!(e["kind"], "duplicateTeam", "{e}");
    let renamed = other.ok(
        "import_team",
        json!({ "path": path, "asName": "Payments (Berlin)" }),
    );
    assert_eq!(renamed["teamName"], "Payments (Berlin)");
    let e = b
        .call(
            "import_team",
            json!({ "path": dir.path().join("none.opex.json").to_str().unwrap(), "asName": null }),
        )
        .unwrap_err();
    assert_eq!(e["kind"], "io", "{e}");
}

#[test]
fn the_portfolio_is_exported_in_the_chosen_format() {
    let h = Harness::new();
    h.ok("create_demo", json!({}));
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("portfolio.html");
    h.ok(
        "export_portfolio",
        json!({ "path": html.to_str().unwrap(), "format": "html", "paper": "a4" }),
    );
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.contains("Demo: Payments Platform") && !page.contains("<script"));
    let pdf = dir.path().join("portfolio.pdf");
    h.ok(
        "export_portfolio",
        json!({ "path": pdf.to_str().unwrap(), "format": "pdf", "paper": "letter" }),
    );
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF-"));
    let csv = dir.path().join("portfolio.csv");
    h.ok(
        "export_portfolio",
        json!({ "path": csv.to_str().unwrap(), "format": "csv", "paper": "a4" }),
    );
    assert_eq!(
        std::fs::read_to_string(&csv).unwrap().lines().count(),
        1 + 13
    );
    let kept = dir.path().join("kept.md");
    std::fs::write(&kept, "keep me").unwrap();
    let e = h
        .call(
            "export_portfolio",
            json!({ "path": kept.to_str().unwrap(), "format": "docx", "paper": "a4" }),
        )
        .unwrap_err()
        .to_string();
    assert!(e.contains("format") && e.contains("docx"), "{e}");
    assert_eq!(
        std::fs::read_to_string(&kept).unwrap(),
        "keep me",
        "nothing is overwritten"
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
fn the_portfolio_lists_every_team_and_a_deleted_team_leaves_it() {
    let h = Harness::new();
    let demo = h.ok("create_demo", json!({}));
    h.ok("create_team", json!({ "name": "Empty" }));
    let p = h.ok("portfolio", json!({}));
    assert_eq!(p["areas"].as_array().unwrap().len(), 13);
    let teams = p["teams"].as_array().unwrap();
    assert_eq!(teams.len(), 2);
    let row = teams
        .iter()
        .find(|t| t["name"] == "Demo: Payments Platform")
        .unwrap();
    assert!(row["latest"]["completedAt"].is_string());
    assert!(!p.to_string().contains("Dana"), "no names in the portfolio");
    h.ok("delete_team", json!({ "teamId": demo["id"] }));
    let p = h.ok("portfolio", json!({}));
    assert_eq!(p["teams"].as_array().unwrap().len(), 1);
    let e = h
        .call("delete_team", json!({ "teamId": demo["id"] }))
        .unwrap_err();
    assert_eq!(e["kind"], "notFound");
}

/// Every command the app registers is called by at least one test here, so a
/// new command cannot ship with its argument shape unpinned.
#[test]
fn every_registered_command_is_called_in_these_tests() {
    let tests = include_str!("ipc.rs");
    // The crate's own test checks this list against `generate_handler!`.
    let names = opex_app::command_names::COMMANDS;
    assert!(names.len() >= 40, "{names:?}");
    let uncalled: Vec<&&str> = names
        .iter()
        .filter(|n| {
            !tests.contains(&format!("h.ok(\"{n}\""))
                && !tests.contains(&format!("h.call(\"{n}\""))
                && !tests.contains(&format!(".ok(\n        \"{n}\""))
                && !tests.contains(&format!(".call(\n            \"{n}\""))
        })
        .collect();
    assert!(uncalled.is_empty(), "commands no test calls: {uncalled:?}");
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

/// A database file holding one team, with one backup taken by hand, then
/// damaged in the middle: returns (folder, database, backup).
fn damaged_with_a_backup() -> (tempfile::TempDir, std::path::PathBuf, String) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("opex.sqlite3");
    let mut store = opex_store::Store::open(&db).unwrap();
    opex_store::demo::create_demo(
        &mut store,
        &opex_core::default_bank().unwrap(),
        "Kept team",
        chrono::Utc::now(),
    )
    .unwrap();
    let backup = store.backup(opex_store::BackupKind::Manual).unwrap();
    store.close().unwrap();
    let mut bytes = std::fs::read(&db).unwrap();
    for (i, b) in bytes[4 * 4096..7 * 4096].iter_mut().enumerate() {
        *b = (i * 7919 % 251) as u8;
    }
    std::fs::write(&db, bytes).unwrap();
    (dir, db, backup.path.display().to_string())
}

#[test]
fn a_damaged_database_is_reported_and_restored_from_a_backup() {
    let (_dir, db, backup) = damaged_with_a_backup();
    let damaged = std::fs::read(&db).unwrap();
    let h = harness(AppState::open(Some(db.clone())));
    let status = h.ok("app_status", json!({}));
    assert_eq!(status["error"]["kind"], "damaged", "{status}");
    assert!(
        status["backupsDir"]
            .as_str()
            .unwrap()
            .ends_with("opex-backups")
    );
    assert_eq!(
        h.call("list_teams", json!({})).unwrap_err()["kind"],
        "damaged"
    );

    let view = h.ok("database", json!({}));
    let listed = &view["backups"][0];
    assert_eq!(
        (listed["path"].as_str(), listed["sound"].as_bool()),
        (Some(backup.as_str()), Some(true))
    );
    assert!(view["walNote"].as_str().unwrap().contains("-wal"));

    let e = h
        .call("restore_backup", json!({ "path": "/etc/passwd" }))
        .unwrap_err();
    assert_eq!(e["kind"], "invalid", "{e}");
    let aside = h.ok("restore_backup", json!({ "path": backup }));
    let aside = aside.as_str().expect("the damaged file was set aside");
    assert_eq!(std::fs::read(aside).unwrap(), damaged, "kept byte for byte");
    assert_eq!(h.ok("app_status", json!({}))["error"], Value::Null);
    let teams = h.ok("list_teams", json!({}));
    assert_eq!(teams[0]["name"], "Kept team");
    let taken = h.ok("backup_now", json!({}));
    assert_eq!(
        (taken["kind"].as_str(), taken["sound"].as_bool()),
        (Some("taken by hand"), Some(true))
    );
}

#[test]
fn a_lens_is_imported_its_checklists_answered_and_scored_as_risks() {
    let h = Harness::new();
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/fixtures/aws-lenses/Passport-Custom-Lens.json"
    ))
    .expect("the Passport lens fixture");
    let bank = h.ok(
        "import_bank",
        json!({ "files": [{ "name": "Passport-Custom-Lens.json", "text": text }] }),
    );
    let team = h.ok("create_team", json!({ "name": "Lens team" }));
    let a = h.ok(
        "start_assessment",
        json!({ "teamId": team["id"], "bankHash": bank["hash"], "profile": null }),
    );
    let id = a["id"].as_i64().unwrap();
    let q = h.ok("questionnaire", json!({ "assessmentId": id }));
    let first = &q["questions"][0];
    let choices = first["checklist"]["choices"].as_array().unwrap();
    assert!(choices.len() >= 2, "{first}");
    let qid = first["id"].as_str().unwrap();
    // Passport's overview01: choice1 gives no risk, choice2 high, else medium.
    let saved = h.ok(
        "save_checklist",
        json!({ "assessmentId": id, "questionId": qid, "ticked": [choices[1]["id"]], "note": null }),
    );
    assert_eq!(saved["risk"], "high", "{saved}");
    let saved = h.ok(
        "save_checklist",
        json!({ "assessmentId": id, "questionId": qid, "ticked": [choices[0]["id"]], "note": null }),
    );
    assert_eq!(saved["risk"], "none", "{saved}");
    let e = h
        .call(
            "save_checklist",
            json!({ "assessmentId": id, "questionId": qid, "ticked": ["no-such-choice"], "note": null }),
        )
        .unwrap_err();
    assert_eq!(e["kind"], "invalid");
    let done = h.ok(
        "finish_assessment",
        json!({ "assessmentId": id, "acceptGaps": true }),
    );
    assert!(done["completedAt"].is_string());
    let r = h.ok("results", json!({ "assessmentId": id, "theme": "light" }));
    let risks = r["risks"].as_array().unwrap();
    let total: u64 = risks
        .iter()
        .map(|x| {
            x["high"].as_u64().unwrap()
                + x["medium"].as_u64().unwrap()
                + x["none"].as_u64().unwrap()
                + x["unanswered"].as_u64().unwrap()
        })
        .sum();
    assert_eq!(total as usize, q["questions"].as_array().unwrap().len());
    assert_eq!(risks[0]["none"], 1, "{}", risks[0]);
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
