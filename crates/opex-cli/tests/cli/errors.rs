//! How failures are told apart: a usage error is shown the way clap shows
//! one (`error: …` and the usage line) and exits 2; a data or file error is
//! `opex: …` and exits 1.

use crate::{DEMO, demo_db, opex, text};
use std::process::Output;

/// Checks a usage error; `usage` is the usage line's start, for the errors
/// clap shows one with (an invalid value gets only the `--help` hint).
fn usage_error(o: &Output, what: &str, usage: Option<&str>) {
    let err = text(o).1;
    assert_eq!(o.status.code(), Some(2), "{what} is a usage error: {err}");
    assert!(err.starts_with("error: "), "{what}: {err}");
    assert!(
        err.trim_end()
            .ends_with("For more information, try '--help'."),
        "{what}: {err}"
    );
    if let Some(usage) = usage {
        assert!(err.contains(&format!("\nUsage: {usage} ")), "{what}: {err}");
    }
    assert!(!err.contains("opex: "), "{what}: {err}");
    assert!(text(o).0.is_empty(), "{what} prints nothing on stdout");
}

fn data_error(o: &Output, what: &str, message: &str) {
    let err = text(o).1;
    assert_eq!(o.status.code(), Some(1), "{what} is a data error: {err}");
    assert!(
        err.starts_with(&format!("opex: {message}")),
        "{what}: {err}"
    );
    assert!(!err.contains("Usage:"), "{what}: {err}");
}

#[test]
fn usage_errors_exit_2_with_the_usage() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let out = dir.path().join("r.html");
    let out = out.to_str().unwrap();

    let o = opex(&["--db", &db, "report", "--out", out]);
    usage_error(&o, "a report on nothing", Some("opex report"));
    assert!(
        text(&o).1.contains("--assessment <ID>|--team <NAME>"),
        "{}",
        text(&o).1
    );

    let o = opex(&["--db", &db, "actions", "--team", DEMO, "--status", "nope"]);
    usage_error(&o, "an unknown status", None);
    assert!(
        text(&o)
            .1
            .contains("[possible values: open, in_progress, done, dropped]"),
        "{}",
        text(&o).1
    );

    let o = opex(&[
        "--db",
        &db,
        "report",
        "--assessment",
        "1",
        "--format",
        "markdown",
        "--out",
        out,
    ]);
    usage_error(&o, "Markdown of a self-assessment", Some("opex report"));
    assert!(
        text(&o).1.contains("assessment 1 is not a workshop"),
        "{}",
        text(&o).1
    );
    assert!(!dir.path().join("r.html").exists());

    let o = opex(&["--db", &db, "json-schema", "nope"]);
    usage_error(&o, "an unknown schema", None);
    let o = opex(&["--db", &db, "compare", "1"]);
    usage_error(&o, "one assessment to compare", Some("opex compare"));
}

#[test]
fn data_errors_exit_1_with_opex() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    for args in [
        ["history", "--team", "no such team"],
        ["actions", "--team", "no such team"],
    ] {
        let mut all = vec!["--db", db.as_str()];
        all.extend(args);
        data_error(&opex(&all), args[0], "no team is named \"no such team\"");
    }
    let o = opex(&["--db", &db, "compare", "1", "99"]);
    data_error(&o, "compare", "no assessment with id 99");
    let out = dir.path().join("r.html");
    let o = opex(&[
        "--db",
        &db,
        "report",
        "--team",
        "no such team",
        "--out",
        out.to_str().unwrap(),
    ]);
    data_error(&o, "report", "no team is named");
    let o = opex(&[
        "--db",
        &db,
        "report",
        "--team",
        DEMO,
        "--to",
        "2000-01-01",
        "--out",
        out.to_str().unwrap(),
    ]);
    data_error(
        &o,
        "report before the first assessment",
        "team \"Demo: Payments Platform\" has no completed assessment",
    );
    assert!(!out.exists());
}
