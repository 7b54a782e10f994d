//! The team page over IPC: comparisons, targets, actions, reports, the
//! opex file and the portfolio.

use super::*;

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
    for chart in ["trend", "areas"] {
        assert!(
            page["charts"][chart].as_str().unwrap().starts_with("<svg"),
            "{chart}"
        );
    }
    // The demo's four assessments fit one heatmap page.
    let heat = page["charts"]["heatmap"].as_array().unwrap();
    assert_eq!(heat.len(), 1, "{heat:?}");
    assert_eq!(
        (heat[0]["first"].as_u64(), heat[0]["last"].as_u64()),
        (Some(1), Some(4))
    );
    assert!(heat[0]["svg"].as_str().unwrap().starts_with("<svg"));
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
    let before = h.ok("list_teams", json!({}))["teams"][0]["assessmentCount"]
        .as_u64()
        .unwrap();
    let next = h.ok("start_assessment", json!({ "teamId": id, "bankHash": null, "profile": "quick", "reviews": [{ "actionId": overdue, "outcome": "dropped", "note": "no longer needed" }] }));
    assert_eq!(
        h.ok("list_teams", json!({}))["teams"][0]["assessmentCount"]
            .as_u64()
            .unwrap(),
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
        teams["teams"][0]["origin"]
            .as_str()
            .unwrap()
            .starts_with("payments.opex.json, exported ")
    );
    assert_eq!(
        a.ok("list_teams", json!({}))["teams"][0]["origin"],
        Value::Null
    );
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
