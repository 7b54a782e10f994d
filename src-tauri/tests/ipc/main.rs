//! Mock-runtime IPC tests: they pin each command's name, argument shape and
//! result shape, and the `{ kind, message }` error contract, through Tauri's real
//! command dispatch on an in-memory database.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed

mod team;
mod workshop;

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
    assert_eq!(h.ok("check_database", json!({})), Value::Null);

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
    assert_eq!(teams["teams"][0]["assessments"][0]["overall"], 4.0);
    let none = h.ok(
        "list_teams",
        json!({ "query": "nobody", "offset": 0, "limit": 20 }),
    );
    assert_eq!(
        (none["matching"].as_u64(), none["total"].as_u64()),
        (Some(0), Some(1))
    );
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
fn help_and_version_are_answered_before_any_window_and_say_what_about_says() {
    use opex_app::Launch;
    let args = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(opex_app::launch(args(&[])), Launch::Window(None));
    assert_eq!(
        opex_app::launch(args(&["--db", "/tmp/a.sqlite3"])),
        Launch::Window(Some("/tmp/a.sqlite3".into()))
    );
    assert_eq!(
        opex_app::launch(args(&["--version", "--db=/tmp/a.sqlite3"])),
        Launch::Version(Some("/tmp/a.sqlite3".into()))
    );
    assert_eq!(opex_app::launch(args(&["-V"])), Launch::Version(None));
    assert_eq!(opex_app::launch(args(&["-V", "-h"])), Launch::Help);
    assert!(opex_app::USAGE.contains("--db PATH"));

    // The version text and the About panel's status come from one function.
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("opex.sqlite3");
    let h = harness(AppState::open(Some(db.clone())));
    let status = h.ok("app_status", json!({}));
    let text = opex_app::version_text(Some(db));
    assert_eq!(
        text,
        format!(
            "opex-app {}\nquestion bank: opex {}\ndatabase: {}\nbackups: {}\n",
            status["version"].as_str().unwrap(),
            status["bankVersion"].as_str().unwrap(),
            status["dbPath"].as_str().unwrap(),
            status["backupsDir"].as_str().unwrap()
        )
    );
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

/// Every command the app registers is called by at least one test here, so a
/// new command cannot ship with its argument shape unpinned.
#[test]
fn every_registered_command_is_called_in_these_tests() {
    let tests = [
        include_str!("main.rs"),
        include_str!("team.rs"),
        include_str!("workshop.rs"),
    ]
    .concat();
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
    // The damage check runs after opening, beside the first reads; the UI
    // asks for its verdict.
    let damage = h.ok("check_database", json!({}));
    assert_eq!(damage["kind"], "damaged", "{damage}");
    assert!(
        damage["message"].as_str().unwrap().contains(&backup),
        "{damage}"
    );
    assert_eq!(h.ok("app_status", json!({}))["error"]["kind"], "damaged");
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
    assert_eq!(teams["teams"][0]["name"], "Kept team");
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
