//! `opex demo`, `list`, `report`, `report-schema` and `portfolio`: the
//! database chosen, refused or left alone, and every report format written
//! whole, escaped and self-contained.

use crate::{opex, repo, text};
use std::process::Command;

#[test]
fn demo_list_and_report_work_on_one_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("opex.sqlite3");
    let db = db.to_str().unwrap();

    // A command that only reads never creates a database at a mistyped path.
    let o = opex(&["--db", db, "list"]);
    assert!(!o.status.success());
    let err = text(&o).1;
    assert!(
        err.contains("there is no opex database at") && err.contains("nothing was created"),
        "{err}"
    );
    assert!(!std::path::Path::new(db).exists(), "list created the file");
    for args in [
        &["history", "--team", "x"][..],
        &["actions", "--team", "x"],
        &["portfolio", "--all", "--out", "p.pdf"],
    ] {
        let mut all = vec!["--db", db];
        all.extend_from_slice(args);
        assert!(!opex(&all).status.success(), "{args:?}");
        assert!(
            !std::path::Path::new(db).exists(),
            "{args:?} created the file"
        );
    }

    let o = opex(&["--db", db, "demo", "--team", "Demo <script>x</script>"]);
    let (out, err) = text(&o);
    assert!(o.status.success(), "{err}");
    assert!(out.contains("with 4 assessments"), "{out}");

    let o = opex(&["--db", db, "demo", "--team", "Demo <script>x</script>"]);
    assert!(
        !o.status.success(),
        "a second demo with the same name is refused"
    );
    assert!(text(&o).1.contains("already exists"));

    let o = opex(&["list", "--db", db]);
    let (out, _) = text(&o);
    assert_eq!(out.matches(" complete ").count(), 4, "{out}");
    let overall: Vec<f64> = out
        .lines()
        .filter_map(|l| l.split("overall ").nth(1))
        .filter_map(|rest| rest.split_whitespace().next()?.parse().ok())
        .collect();
    assert_eq!(overall.len(), 4);
    assert!(
        overall[3] > overall[0],
        "the demo team improves over the year: {overall:?}"
    );

    let report = dir.path().join("report.html");
    let o = opex(&[
        "--db",
        db,
        "report",
        "--assessment",
        "4",
        "--format",
        "html",
        "--out",
        report.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", text(&o).1);
    let html = std::fs::read_to_string(&report).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert_eq!(
        html.matches("<svg").count(),
        3,
        "radar, phases and spectrum are inline"
    );
    assert!(
        html.contains("Demo &#60;script&#62;x&#60;/script&#62;")
            || html.contains("Demo &lt;script&gt;x&lt;/script&gt;"),
        "the team name is escaped"
    );
    assert!(
        !html.contains("<script>"),
        "no script, user-supplied or otherwise"
    );
    for external in ["src=", "href=", "<link", "url("] {
        assert!(!html.contains(external), "self-contained: found {external}");
    }
    assert!(
        html.contains("Previous ("),
        "the report compares with the previous assessment"
    );
}

#[test]
fn the_environment_variable_chooses_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("env.sqlite3");
    let o = Command::new(env!("CARGO_BIN_EXE_opex"))
        .args(["demo"])
        .env("OPEX_DB", &db)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o).1);
    assert!(db.is_file());
}

#[test]
fn a_newer_database_is_refused_without_change() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("newer.sqlite3");
    {
        let c = rusqlite::Connection::open(&db).unwrap();
        c.execute_batch("CREATE TABLE x (y); PRAGMA user_version = 1000;")
            .unwrap();
    }
    let before = std::fs::read(&db).unwrap();
    let o = opex(&["--db", db.to_str().unwrap(), "list"]);
    assert!(!o.status.success());
    assert!(text(&o).1.contains("newer opex"), "{}", text(&o).1);
    assert_eq!(std::fs::read(&db).unwrap(), before);
}

#[test]
fn a_report_never_leaves_half_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("opex.sqlite3");
    assert!(
        opex(&["--db", db.to_str().unwrap(), "demo"])
            .status
            .success()
    );
    let out = dir.path().join("keep.html");
    std::fs::write(&out, "the previous report").unwrap();
    let o = opex(&[
        "--db",
        db.to_str().unwrap(),
        "report",
        "--assessment",
        "99",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(!o.status.success());
    assert!(text(&o).1.contains("no assessment with id 99"));
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        "the previous report"
    );
}

#[test]
fn a_workshop_summary_is_written_as_escaped_markdown() {
    use opex_core::action::NewAction;
    use opex_core::workshop::{Anonymity, WorkshopSettings};
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ws.sqlite3");
    let (workshop, selfie) = {
        let mut store = opex_store::Store::open(&db).unwrap();
        let team = store.create_team("Wiki <team>").unwrap();
        let bank = opex_core::default_bank().unwrap();
        let settings = WorkshopSettings {
            anonymity: Anonymity::Open,
            timer_seconds: 240,
            areas: Some(vec!["scaling".into()]),
            headcount: None,
        };
        let names: Vec<String> = ["Ana", "Ben <b>"].iter().map(|s| s.to_string()).collect();
        let a = store
            .start_workshop(
                &opex_store::NewWorkshop {
                    team_id: team.id,
                    bank: &bank,
                    profile: "full",
                    settings,
                    names,
                    reviews: Vec::new(),
                },
                chrono::Utc::now(),
            )
            .unwrap();
        let w = store.workshop(a.id).unwrap();
        for (p, l) in w.participants.iter().zip([1, 4]) {
            store
                .cast(
                    a.id,
                    &w.current,
                    Some(p.id),
                    &opex_core::Answer::Level(l),
                    chrono::Utc::now(),
                )
                .unwrap();
        }
        store.reveal(a.id, &w.current).unwrap();
        let agreed = opex_core::Response {
            answer: opex_core::Answer::Level(2),
            note: Some("*not* [a link](x)".into()),
            breadth: None,
        };
        store
            .agree(a.id, &w.current, &agreed, chrono::Utc::now())
            .unwrap();
        store
            .add_action(
                &NewAction {
                    team_id: team.id,
                    assessment_id: Some(a.id),
                    question_id: Some(w.current.clone()),
                    title: "Run a load test <now>".into(),
                    owner: Some("Ben".into()),
                    ..NewAction::default()
                },
                chrono::Utc::now(),
            )
            .unwrap();
        let s = store
            .start_assessment(team.id, &bank, "quick", chrono::Utc::now())
            .unwrap();
        (a.id, s.id)
    };
    let out = dir.path().join("summary.md");
    let o = opex(&[
        "--db",
        db.to_str().unwrap(),
        "report",
        "--assessment",
        &workshop.to_string(),
        "--format",
        "markdown",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", text(&o).1);
    let md = std::fs::read_to_string(&out).unwrap();
    assert!(md.starts_with("# Workshop: Wiki &lt;team&gt;"), "{md}");
    assert!(
        md.contains("## Where we disagreed") && md.contains("SCALE-04"),
        "{md}"
    );
    assert!(
        md.contains("- [ ] Run a load test &lt;now&gt; — Ben"),
        "{md}"
    );
    assert!(
        md.contains("\\*not\\* \\[a link\\](x)"),
        "user text cannot become Markdown: {md}"
    );
    assert!(md.contains("Ben &lt;b&gt;"), "names are escaped too: {md}");
    let o = opex(&[
        "--db",
        db.to_str().unwrap(),
        "report",
        "--assessment",
        &selfie.to_string(),
        "--format",
        "markdown",
        "--out",
        out.to_str().unwrap(),
    ]);
    let err = text(&o).1;
    assert!(
        !o.status.success() && err.contains("is not a workshop"),
        "{err}"
    );
    assert_eq!(o.status.code(), Some(2), "a usage error: {err}");
    assert!(
        err.starts_with("error: assessment ") && err.contains("Usage: opex report"),
        "shown like clap's usage errors: {err}"
    );
    assert!(
        std::fs::read_to_string(&out)
            .unwrap()
            .starts_with("# Workshop: "),
        "the refused report wrote nothing"
    );
}

#[test]
fn the_leadership_report_comes_as_json_and_csv() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.sqlite3");
    let db = db.to_str().unwrap();
    assert!(
        opex(&["--db", db, "demo", "--team", "=cmd|' /C calc'!A0"])
            .status
            .success()
    );
    let json = dir.path().join("r.json");
    let o = opex(&[
        "--db",
        db,
        "report",
        "--team",
        "=cmd|' /C calc'!A0",
        "--format",
        "json",
        "--out",
        json.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", text(&o).1);
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(v["version"], 1);
    assert_eq!(v["summary"].as_array().unwrap().len(), 6);
    let first = v["summary"][0].as_str().unwrap();
    assert!(
        first.starts_with("A full assessment on ")
            && first.contains("applicable questions answered ("),
        "the first sentence states the coverage: {first}"
    );
    assert!(
        v["areas"][0]["questions"][0]["note"].is_null(),
        "no notes unless asked"
    );

    let out = dir.path().join("csv");
    let o = opex(&[
        "--db",
        db,
        "report",
        "--team",
        "=cmd|' /C calc'!A0",
        "--format",
        "csv",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", text(&o).1);
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["cmd-c-calc-a0-answers.csv", "cmd-c-calc-a0-scores.csv"],
        "the team name is not a path"
    );
    let scores = std::fs::read_to_string(out.join("cmd-c-calc-a0-scores.csv")).unwrap();
    assert!(
        scores.lines().nth(1).unwrap().starts_with("'=cmd"),
        "{scores}"
    );

    let md = dir.path().join("wiki").join("report.md");
    std::fs::create_dir_all(md.parent().unwrap()).unwrap();
    let o = opex(&[
        "--db",
        db,
        "report",
        "--team",
        "=cmd|' /C calc'!A0",
        "--format",
        "markdown",
        "--out",
        md.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", text(&o).1);
    let text_md = std::fs::read_to_string(&md).unwrap();
    assert!(
        text_md.contains("![Radar of the areas](cmd-c-calc-a0-radar.svg)"),
        "{text_md}"
    );
    assert!(
        md.parent()
            .unwrap()
            .join("cmd-c-calc-a0-radar.svg")
            .is_file(),
        "the chart is written beside the Markdown"
    );
    assert!(
        text_md.contains("(cmd-c-calc-a0-area-trends.svg)")
            && md
                .parent()
                .unwrap()
                .join("cmd-c-calc-a0-area-trends.svg")
                .is_file(),
        "the per-area trends are linked and written too"
    );
    assert!(
        text_md.contains("# Operational maturity: =cmd\\|"),
        "table pipes are neutralised: {text_md}"
    );

    let html = dir.path().join("r.html");
    let o = opex(&[
        "--db",
        db,
        "report",
        "--team",
        "=cmd|' /C calc'!A0",
        "--format",
        "html",
        "--out",
        html.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", text(&o).1);
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(
        page.contains("Operational maturity report") && page.contains("In short"),
        "the leadership page"
    );
    assert_eq!(
        page.matches("<svg").count(),
        5,
        "radar, overall and area trends, phases and spectrum inline"
    );
    assert!(!page.contains("<script") && page.contains("@media print"));
    for external in ["src=", "href=", "<link", "url("] {
        assert!(!page.contains(external), "self-contained: found {external}");
    }

    let pdf = dir.path().join("r.pdf");
    let o = opex(&[
        "--db",
        db,
        "report",
        "--team",
        "=cmd|' /C calc'!A0",
        "--format",
        "pdf",
        "--paper",
        "letter",
        "--out",
        pdf.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", text(&o).1);
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF-"));

    let o = opex(&["--db", db, "report-schema"]);
    let committed =
        std::fs::read_to_string(repo().join("crates/opex-report/schema/report-v1.schema.json"))
            .unwrap();
    assert_eq!(text(&o).0, committed);
}

#[test]
fn a_portfolio_shows_teams_side_by_side_without_people() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.sqlite3");
    let db = db.to_str().unwrap();
    for team in ["Alpha <one>", "Beta", "Gamma"] {
        assert!(opex(&["--db", db, "demo", "--team", team]).status.success());
    }
    let pdf = dir.path().join("portfolio.pdf");
    let o = opex(&[
        "--db",
        db,
        "portfolio",
        "--teams",
        "alpha <one>,Gamma",
        "--out",
        pdf.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", text(&o).1);
    assert!(text(&o).0.contains("(2 teams)"));
    let out = Command::new("pdftotext")
        .args([pdf.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext (poppler-utils) is needed");
    let words = String::from_utf8_lossy(&out.stdout);
    assert!(
        words.contains("Alpha <one>") && words.contains("Gamma") && !words.contains("Beta"),
        "{words}"
    );
    for person in ["Ana", "Ben", "Chidi", "Dana", "Eli"] {
        assert!(
            !words.contains(person),
            "the portfolio names no one ({person})"
        );
    }
    let json = dir.path().join("portfolio.json");
    let o = opex(&[
        "--db",
        db,
        "portfolio",
        "--all",
        "--format",
        "json",
        "--out",
        json.to_str().unwrap(),
    ]);
    assert!(o.status.success());
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(v["teams"].as_array().unwrap().len(), 3);
    assert_eq!(v["areas"].as_array().unwrap().len(), 13);
}
