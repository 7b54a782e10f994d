//! The `opex` binary, run as a user would: each command on real files.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed

use std::path::Path;
use std::process::{Command, Output};

fn opex(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_opex"))
        .args(args)
        .env_remove("OPEX_DB")
        .output()
        .expect("the opex binary runs")
}

fn text(o: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

fn repo() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

#[test]
fn bank_validate_accepts_the_default_bank() {
    let path = repo().join("assessments/opex");
    let o = opex(&["bank", "validate", path.to_str().unwrap()]);
    let (out, err) = text(&o);
    assert!(o.status.success(), "{err}");
    assert!(
        out.contains("bank `opex`") && out.contains("13 areas") && out.contains("is valid"),
        "{out}"
    );
}

#[test]
fn bank_validate_names_file_line_and_field() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("bank.toml"),
        "id = \"x\"\nversion = \"1\"\ntitle = \"X\"\n\n[[areas]]\nid = \"a\"\nkind = \"principle\"\nname = \"A\"\ndescription = \"d\"\n\n[[questions]]\nid = \"Q\"\narea = \"b\"\nphase = \"prepare\"\nprompt = \"p\"\nguidance = \"g\"\nlevels = [\"1\", \"2\", \"3\", \"4\", \"5\"]\n",
    )
    .unwrap();
    let o = opex(&["bank", "validate", dir.path().to_str().unwrap()]);
    let (_, err) = text(&o);
    assert!(!o.status.success());
    assert!(
        err.contains("bank.toml:13:1: questions[0].area: unknown area `b`"),
        "{err}"
    );
}

#[test]
fn bank_schema_prints_the_committed_schema() {
    let o = opex(&["bank", "schema"]);
    let (out, _) = text(&o);
    let committed =
        std::fs::read_to_string(repo().join("assessments/schema/bank.schema.json")).unwrap();
    assert!(out.starts_with(&committed));
}

#[test]
fn demo_list_and_report_work_on_one_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("opex.sqlite3");
    let db = db.to_str().unwrap();

    let o = opex(&["--db", db, "list"]);
    assert!(o.status.success());
    assert!(text(&o).0.contains("No teams yet"));

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

/// Copies the default bank into a temp dir, so a test can break it.
fn bank_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let from = repo().join("assessments/opex");
    std::fs::create_dir_all(dir.path().join("questions")).unwrap();
    for sub in ["", "questions"] {
        for entry in std::fs::read_dir(from.join(sub)).unwrap() {
            let p = entry.unwrap().path();
            if p.is_file() {
                std::fs::copy(&p, dir.path().join(sub).join(p.file_name().unwrap())).unwrap();
            }
        }
    }
    dir
}

#[test]
fn bank_lint_is_clean_on_the_default_bank() {
    let o = opex(&[
        "bank",
        "lint",
        repo().join("assessments/opex").to_str().unwrap(),
    ]);
    let (out, err) = text(&o);
    assert!(o.status.success(), "{out}{err}");
    assert!(out.contains("no lint findings (54 questions)"), "{out}");
}

#[test]
fn bank_lint_names_the_rule_file_and_line() {
    let dir = bank_copy();
    let file = dir.path().join("questions/monitoring.toml");
    let text0 = std::fs::read_to_string(&file).unwrap();
    let broken = text0.replacen(
        "prompt = \"",
        &format!("prompt = \"{} ", "Really, ".repeat(25)),
        1,
    );
    std::fs::write(&file, &broken).unwrap();
    let line = broken[..broken.find("Really,").unwrap()]
        .matches('\n')
        .count()
        + 1;
    let o = opex(&["bank", "lint", dir.path().to_str().unwrap()]);
    let (out, err) = text(&o);
    assert!(!o.status.success());
    assert!(err.contains("1 lint finding"), "{err}");
    let expected = format!("monitoring.toml:{line}:1: questions[0].prompt: the prompt is");
    assert!(
        out.contains(&expected) && out.trim_end().ends_with("[prompt-length]"),
        "{out}"
    );
}

#[test]
fn bank_stats_meets_the_content_targets() {
    let o = opex(&[
        "bank",
        "stats",
        repo().join("assessments/opex").to_str().unwrap(),
    ]);
    let (out, _) = text(&o);
    assert!(o.status.success());
    let mut areas = 0;
    for line in out.lines() {
        let cols: Vec<&str> = line.split_whitespace().collect();
        match cols.as_slice() {
            [_, "principle", total, p, op, e] => {
                areas += 1;
                assert!(total.parse::<usize>().unwrap() >= 6, "{line}");
                for n in [p, op, e] {
                    assert!(n.parse::<usize>().unwrap() >= 2, "{line}");
                }
            }
            [_, "dimension", total, ..] => {
                areas += 1;
                assert!(total.parse::<usize>().unwrap() >= 3, "{line}");
            }
            ["quick", n] => assert_eq!(*n, "13"),
            _ => {}
        }
    }
    assert_eq!(areas, 13, "{out}");
}

#[test]
fn demo_runs_on_a_bank_given_with_the_global_flag() {
    let dir = bank_copy();
    let head = dir.path().join("bank.toml");
    let text0 = std::fs::read_to_string(&head).unwrap();
    std::fs::write(&head, text0.replacen("title = \"", "title = \"Custom: ", 1)).unwrap();
    let db = dir.path().join("db.sqlite3");
    let o = opex(&[
        "--bank",
        dir.path().to_str().unwrap(),
        "--db",
        db.to_str().unwrap(),
        "demo",
    ]);
    assert!(o.status.success(), "{}", text(&o).1);
    let conn = rusqlite::Connection::open(&db).unwrap();
    let title: String = conn
        .query_row(
            "SELECT DISTINCT b.title FROM assessments a JOIN banks b ON b.hash = a.bank_hash",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(title.starts_with("Custom: "), "{title}");
}

#[test]
fn a_workshop_summary_is_written_as_escaped_markdown() {
    use opex_store::workshop::{Anonymity, WorkshopSettings};
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
        };
        let names: Vec<String> = ["Ana", "Ben <b>"].iter().map(|s| s.to_string()).collect();
        let a = store
            .start_workshop(
                team.id,
                &bank,
                "full",
                &settings,
                &names,
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
        };
        store
            .agree(a.id, &w.current, &agreed, chrono::Utc::now())
            .unwrap();
        store
            .add_action(
                team.id,
                Some(a.id),
                Some(&w.current),
                None,
                "Run a load test <now>",
                Some("Ben"),
                None,
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
        md.contains("## Where we disagreed") && md.contains("SCALE-01"),
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
    assert!(!o.status.success() && text(&o).1.contains("is not a workshop"));
}

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
        serde_json::json!(["monitoring"]),
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
    assert!(!o.status.success() && text(&o).1.contains("unknown action status"));
    let o = opex(&["--db", db, "actions", "--team", "no such team"]);
    assert!(!o.status.success() && text(&o).1.contains("no team is named"));

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
    assert_eq!(v["summary"].as_array().unwrap().len(), 5);
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
