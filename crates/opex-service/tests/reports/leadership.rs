//! The leadership report's data, JSON and CSV, on the demo team and on
//! hostile text.

use crate::support::{answers_csv, build, demo, scores_csv};
use opex_report::leadership::{csv_cell, json_schema, safe_file_name, to_json};
use opex_store::Store;

#[test]
fn the_summary_answers_the_directors_questions_by_rule() {
    let (store, team) = demo("Payments");
    let r = build(&store, team, None, false).unwrap();
    assert_eq!(r.summary.len(), 6, "{:#?}", r.summary);
    assert!(
        r.summary[0].starts_with("A full assessment on ")
            && r.summary[0].ends_with(
                ", with 72 of 72 applicable questions answered (100%); 4 not applicable."
            ),
        "{}",
        r.summary[0]
    );
    assert!(
        r.summary[1].starts_with("Overall maturity is 3.") && r.summary[1].contains(" up "),
        "{}",
        r.summary[1]
    );
    assert!(r.summary[2].starts_with("Strongest: ") && r.summary[2].contains("Weakest: "));
    assert!(r.summary[4].contains("1 overdue"), "{}", r.summary[4]);
    assert!(r.summary[5].contains("took part"), "{}", r.summary[5]);
    assert_eq!((r.strongest.len(), r.weakest.len()), (3, 3));
    assert!(r.strongest[0].score >= r.weakest[0].score);
    assert_eq!(r.areas.len(), 13);
    assert_eq!(r.trend.len(), 4);
    assert_eq!(r.overdue_actions, 1);
    assert!(r.methodology.minimum_change.contains("half a level"));
}

#[test]
fn each_question_carries_its_change_since_the_previous_assessment() {
    let (store, team) = demo("Payments");
    let r = build(&store, team, None, false).unwrap();
    let lines: Vec<_> = r.areas.iter().flat_map(|a| &a.questions).collect();
    for q in &lines {
        if let Some(c) = q.change {
            let value = q.value.expect("a change needs a value now");
            assert!((1.0 - value..=5.0 - value).contains(&c), "{}: {c}", q.id);
        }
    }
    assert!(
        lines.iter().filter(|q| q.change.is_some()).count() > lines.len() / 2,
        "most questions were answered in both assessments"
    );
    assert!(lines.iter().any(|q| q.change.is_some_and(|c| c > 0.0)));
    // The demo's first assessment has nothing before it.
    let first = build(&store, team, Some(r.trend[0].date.parse().unwrap()), false).unwrap();
    assert!(
        first
            .areas
            .iter()
            .flat_map(|a| &a.questions)
            .all(|q| q.change.is_none())
    );
}

#[test]
fn notes_are_left_out_unless_asked_for() {
    let (store, team) = demo("Notes");
    let without = build(&store, team, None, false).unwrap();
    let with = build(&store, team, None, true).unwrap();
    let notes = |r: &opex_report::leadership::ReportData| {
        r.areas
            .iter()
            .flat_map(|a| &a.questions)
            .filter(|q| q.note.is_some())
            .count()
    };
    assert_eq!(notes(&without), 0);
    assert!(notes(&with) > 0, "the demo has notes");
    assert!(!with.summary.is_empty() && with.notes_included && !without.notes_included);
}

#[test]
fn the_json_validates_against_the_committed_schema() {
    let (store, team) = demo("Json <team>");
    let json: serde_json::Value =
        serde_json::from_str(&to_json(&build(&store, team, None, true).unwrap())).unwrap();
    let committed = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../opex-report/schema/report-v1.schema.json"
    ))
    .unwrap_or_default();
    assert_eq!(
        committed,
        json_schema(),
        "schema/report-v1.schema.json is out of date: run `opex report-schema > crates/opex-report/schema/report-v1.schema.json`"
    );
    let schema: serde_json::Value = serde_json::from_str(&committed).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&json)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(json["version"], 1);
    assert_eq!(json["team"], "Json <team>", "JSON carries text as text");
}

#[test]
fn csv_round_trips_and_neutralises_formulas() {
    let (store, team) = demo("=HYPERLINK(\"http://x\",\"click\")");
    let scores = scores_csv(&store, team).unwrap();
    let mut reader = csv::Reader::from_reader(scores.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), 4 * 13, "one row per assessment and area");
    assert!(
        rows.iter().all(|r| r[0].starts_with("'=")),
        "the team name cannot run as a formula"
    );
    let last = store.assessments(team).unwrap().last().unwrap().id;
    let answers = answers_csv(&store, last, true).unwrap();
    let mut reader = csv::Reader::from_reader(answers.as_bytes());
    let header = reader.headers().unwrap().clone();
    assert_eq!(&header[3], "who");
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert!(
        rows.iter().any(|r| &r[3] == "team") && rows.iter().any(|r| &r[3] == "Ana"),
        "consensus and named votes"
    );
    for (raw, safe) in [
        ("=1+2", "'=1+2"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("plain", "plain"),
    ] {
        assert_eq!(csv_cell(raw), safe);
    }
}

#[test]
fn a_team_name_never_becomes_a_path() {
    for (name, file) in [
        ("../../etc/passwd", "etc-passwd"),
        ("a/b\\c\0d", "a-b-c-d"),
        ("Payments Platform", "payments-platform"),
        ("///", "team"),
    ] {
        assert_eq!(safe_file_name(name), file);
    }
}

#[test]
fn a_team_with_nothing_completed_gets_a_clear_error() {
    let mut store = Store::open_in_memory().unwrap();
    let t = store.create_team("New").unwrap();
    let err = build(&store, t.id, None, false).unwrap_err();
    assert!(err.to_string().contains("no completed assessment"), "{err}");
}
