//! `opex history`, `actions` and `compare`: tables for people, JSON for
//! scripts.

use crate::{opex, text};

#[test]
fn history_actions_and_compare_print_tables_and_json() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("h.sqlite3");
    let db = db.to_str().unwrap();
    assert!(opex(&["--db", db, "demo"]).status.success());
    let team = "demo: payments platform";

    let o = opex(&["--db", db, "history", "--team", team]);
    let (out, err) = text(&o);
    assert!(o.status.success(), "{err}");
    assert!(
        out.contains("4 completed assessments") && out.contains("† changed questions"),
        "{out}"
    );

    let o = opex(&["--db", db, "history", "--team", team, "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["version"], 1);
    let points = v["assessments"].as_array().unwrap();
    assert_eq!(points.len(), 4);
    assert_eq!(
        points[2]["changed_areas"],
        // Bank 2.0 rewrote questions in every area (checks, one axis per
        // question), and the demo moved from 1.1 to 2.0 at this point.
        serde_json::json!([
            "ops-as-code",
            "small-changes",
            "refine-procedures",
            "anticipate-failure",
            "learn-from-events",
            "team-structure",
            "change-philosophy",
            "failure-response",
            "infrastructure",
            "monitoring",
            "knowledge",
            "scaling",
            "success-metric"
        ]),
        "the bank revision is marked where it happened"
    );
    let dates: Vec<chrono::DateTime<chrono::Utc>> = points
        .iter()
        .map(|p| p["started_at"].as_str().unwrap().parse().unwrap())
        .collect();
    assert!(
        (dates[2] - dates[1]).num_days() > 150,
        "the demo has a missed quarter"
    );

    let o = opex(&[
        "--db", db, "actions", "--team", team, "--status", "open", "--json",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["actions"].as_array().unwrap().len(), 1);
    let o = opex(&["--db", db, "actions", "--team", team, "--status", "nope"]);
    assert!(
        !o.status.success() && text(&o).1.contains("invalid value 'nope' for '--status"),
        "{}",
        text(&o).1
    );
    let o = opex(&["--db", db, "actions", "--team", "no such team"]);
    assert!(!o.status.success() && text(&o).1.contains("no team is named"));
    let o = opex(&[
        "--db",
        db,
        "actions",
        "--team",
        team,
        "--status",
        "in_progress",
    ]);
    let (out, err) = text(&o);
    assert!(o.status.success(), "{err}");
    assert_eq!(
        out.lines().next(),
        Some("Demo: Payments Platform: 0 actions"),
        "{out}"
    );
    let o = opex(&["--db", db, "actions", "--team", team, "--status", "done"]);
    let (out, _) = text(&o);
    assert!(
        out.starts_with("Demo: Payments Platform: 2 actions\n"),
        "{out}"
    );
    assert!(out.lines().skip(1).all(|l| l.contains(" done ")), "{out}");
    let o = opex(&["--db", db, "actions", "--team", team]);
    let (out, _) = text(&o);
    assert!(
        out.starts_with("Demo: Payments Platform: 4 actions\n"),
        "{out}"
    );
    assert!(
        out.lines()
            .any(|l| l.contains(" open ") && l.trim_end().ends_with(|c: char| c.is_ascii_digit())),
        "the open action shows its due date: {out}"
    );

    let ids: Vec<i64> = points
        .iter()
        .map(|p| p["assessment"].as_i64().unwrap())
        .collect();
    let o = opex(&[
        "--db",
        db,
        "compare",
        &ids[3].to_string(),
        &ids[0].to_string(),
        "--json",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["earlier"], ids[0]);
    assert!(v["compared"].as_u64().unwrap() >= 40);
    assert!(
        v["improved"]
            .as_array()
            .unwrap()
            .iter()
            .any(|q| q["changed_wording"] == true),
        "the rewritten question continues its predecessor"
    );
    let o = opex(&[
        "--db",
        db,
        "compare",
        &ids[0].to_string(),
        &ids[3].to_string(),
    ]);
    assert!(text(&o).0.contains("compared on"), "{}", text(&o).0);
}

#[test]
fn names_with_control_characters_are_shown_visibly() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("opex.sqlite3");
    let db = db.to_str().unwrap();
    // A newline that would forge a line and an escape sequence that would
    // turn the terminal red.
    let name = "Evil\nteam (team 99)\u{1b}[31mred";
    let o = opex(&["--db", db, "demo", "--team", name]);
    assert!(o.status.success(), "{}", text(&o).1);
    let (created, _) = text(&o);
    assert!(!created.contains('\u{1b}'), "{created:?}");
    let o = opex(&["--db", db, "list"]);
    let (out, _) = text(&o);
    assert!(
        !out.contains('\u{1b}'),
        "an escape reached the terminal: {out:?}"
    );
    assert!(
        out.contains("Evil\\nteam (team 99)\\u{1b}[31mred (team 1)"),
        "{out}"
    );
    assert!(
        !out.lines().any(|l| l.starts_with("team (team 99)")),
        "the newline forged a line: {out}"
    );
    let o = opex(&["--db", db, "demo", "--team", name]);
    let (_, err) = text(&o);
    assert!(!err.contains('\u{1b}'), "an escape reached stderr: {err:?}");
}
