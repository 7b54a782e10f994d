//! `opex export` and `opex import` on real database files: the demo team
//! travels to a fresh database and reads the same there; importing again
//! adds nothing, a later file only what is new; a name clash, and every kind
//! of bad file, stop with an error naming the JSON path and write nothing;
//! privacy options leave notes and names out.

use crate::{DEMO, demo_db, opex, repo, text};
use chrono::{Duration, Utc};
use opex_core::workshop::{Anonymity, WorkshopSettings};
use opex_store::{NewWorkshop, Store};
use rusqlite::Connection;
use serde_json::Value;
use std::path::Path;

const TABLES: [&str; 12] = [
    "teams",
    "assessments",
    "banks",
    "participants",
    "votes",
    "tallies",
    "consensus",
    "workshop_questions",
    "ticked_checks",
    "targets",
    "actions",
    "action_reviews",
];

/// Rows per table, for "nothing changed".
fn counts(db: &str) -> Vec<i64> {
    let c = Connection::open(db).unwrap();
    TABLES
        .iter()
        .map(|t| {
            c.query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0))
                .unwrap()
        })
        .collect()
}

/// Runs opex and returns stdout, failing the test on an error.
fn ok(args: &[&str]) -> String {
    let o = opex(args);
    let (out, err) = text(&o);
    assert!(o.status.success(), "opex {args:?}: {err}");
    out
}

/// Runs opex expecting it to fail; returns stderr.
fn fails(args: &[&str]) -> String {
    let o = opex(args);
    let (out, err) = text(&o);
    assert!(!o.status.success(), "opex {args:?} succeeded: {out}");
    err
}

fn export(db: &str, out: &Path, extra: &[&str]) -> Value {
    let path = out.to_str().unwrap();
    let mut args = vec!["--db", db, "export", "--team", DEMO, "--out", path];
    args.extend_from_slice(extra);
    let said = ok(&args);
    assert!(
        said.starts_with(&format!("wrote {path} (4 assessments")),
        "{said}"
    );
    serde_json::from_str(&std::fs::read_to_string(out).unwrap()).unwrap()
}

/// The ids of the team's assessments in `db`, oldest first.
fn assessment_ids(db: &str) -> Vec<i64> {
    let store = Store::open(Path::new(db)).unwrap();
    let team = store.team_named(DEMO).unwrap();
    store
        .assessments(team.id)
        .unwrap()
        .iter()
        .map(|a| a.id)
        .collect()
}

/// What people see of the team in `db`: history, the last two assessments
/// compared, the leadership report's data and the actions, as JSON.
fn seen(db: &str, dir: &Path) -> Vec<Value> {
    let ids = assessment_ids(db);
    let (earlier, later) = (
        ids[ids.len() - 2].to_string(),
        ids[ids.len() - 1].to_string(),
    );
    let report = dir.join("report.json");
    ok(&[
        "--db",
        db,
        "report",
        "--team",
        DEMO,
        "--format",
        "json",
        "--out",
        report.to_str().unwrap(),
    ]);
    let mut report: Value =
        serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    report["generated_at"] = Value::Null;
    let json = |args: &[&str]| serde_json::from_str::<Value>(&ok(args)).unwrap();
    vec![
        json(&["--db", db, "history", "--team", DEMO, "--json"]),
        json(&["--db", db, "compare", &earlier, &later, "--json"]),
        report,
        json(&["--db", db, "actions", "--team", DEMO, "--json"]),
    ]
}

#[test]
fn the_demo_team_travels_to_a_fresh_database_and_reads_the_same_there() {
    let dir = tempfile::tempdir().unwrap();
    let a = demo_db(dir.path());
    let file = dir.path().join("payments.opex.json");
    let doc = export(&a, &file, &[]);
    assert_eq!(
        (doc["format"].as_str(), doc["version"].as_u64()),
        (Some("opex-team"), Some(1))
    );

    // The file validates against the committed schema.
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(repo().join("crates/opex-core/schema/opex-team-v1.schema.json"))
            .unwrap(),
    )
    .unwrap();
    let validator = jsonschema::options().build(&schema).unwrap();
    let errors: Vec<String> = validator.iter_errors(&doc).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:?}");

    let b = dir.path().join("b.sqlite3").to_str().unwrap().to_string();
    let said = ok(&["--db", &b, "import", file.to_str().unwrap()]);
    assert!(
        said.starts_with("new team \"Demo: Payments Platform\" from payments.opex.json, exported ")
            && said.contains("4 assessments added"),
        "{said}"
    );
    let (in_a, in_b) = (dir.path().join("a"), dir.path().join("b"));
    std::fs::create_dir_all(&in_a).unwrap();
    std::fs::create_dir_all(&in_b).unwrap();
    assert_eq!(seen(&a, &in_a), seen(&b, &in_b));

    // `opex list` says where the team came from; the origin is not shown for
    // the local team.
    let today = Utc::now().format("%Y-%m-%d").to_string();
    let listed = ok(&["--db", &b, "list"]);
    assert!(
        listed.lines().next().unwrap().ends_with(&format!(
            "imported from payments.opex.json, exported {today}"
        )),
        "{listed}"
    );
    assert!(!ok(&["--db", &a, "list"]).contains("imported from"));

    // The portfolio shows the imported team beside a local one, with its origin.
    ok(&["--db", &b, "demo", "--team", "Local team"]);
    let out = dir.path().join("portfolio.md");
    ok(&[
        "--db",
        &b,
        "portfolio",
        "--all",
        "--format",
        "markdown",
        "--out",
        out.to_str().unwrap(),
    ]);
    let md = std::fs::read_to_string(&out).unwrap();
    assert!(md.contains("Local team"), "{md}");
    assert!(md.contains("(from payments.opex.json, exported"), "{md}");
}

#[test]
fn importing_twice_adds_nothing_and_a_later_file_only_the_new_assessment() {
    let dir = tempfile::tempdir().unwrap();
    let a = demo_db(dir.path());
    let file = dir.path().join("demo.opex.json");
    export(&a, &file, &[]);
    let b = dir.path().join("b.sqlite3").to_str().unwrap().to_string();
    ok(&["--db", &b, "import", file.to_str().unwrap()]);
    let before = counts(&b);
    let said = ok(&["--db", &b, "import", file.to_str().unwrap()]);
    assert!(said.contains("nothing new"), "{said}");
    assert_eq!(counts(&b), before, "no duplicates");

    // On A, the team starts and finishes a fifth assessment.
    {
        let mut store = Store::open(Path::new(&a)).unwrap();
        let team = store.team_named(DEMO).unwrap();
        let bank = opex_core::default_bank().unwrap();
        let at = Utc::now() - Duration::days(1);
        let fifth = store.start_assessment(team.id, &bank, "full", at).unwrap();
        let q = &bank.questions[0].id;
        let answer = opex_core::Response::of(opex_core::Answer::Level(4));
        store.save_consensus(fifth.id, q, &answer, at).unwrap();
        store.complete(fifth.id, at).unwrap();
    }
    let later = dir.path().join("demo-later.opex.json");
    let path = later.to_str().unwrap();
    ok(&["--db", &a, "export", "--team", DEMO, "--out", path]);
    let said = ok(&["--db", &b, "import", path]);
    assert!(said.contains(": 1 assessment added\n"), "{said}");
    assert!(
        said.contains("4 already here; answers 1, votes 0"),
        "{said}"
    );
    let after = counts(&b);
    assert_eq!(after[1], before[1] + 1, "one more assessment");
    assert_eq!(after[6], before[6] + 1, "one more answer");
    assert_eq!(
        (after[0], after[10]),
        (before[0], before[10]),
        "same team, same actions"
    );
    assert!(ok(&["--db", &b, "list"]).contains("imported from demo-later.opex.json"));
}

#[test]
fn a_different_team_with_the_same_name_stops_the_import_until_it_is_renamed() {
    let dir = tempfile::tempdir().unwrap();
    let a = demo_db(dir.path());
    let file = dir.path().join("demo.opex.json");
    export(&a, &file, &[]);
    // B has its own demo team: the same name, another team.
    let b_dir = dir.path().join("b");
    std::fs::create_dir_all(&b_dir).unwrap();
    let b = demo_db(&b_dir);
    let before = counts(&b);
    let e = fails(&["--db", &b, "import", file.to_str().unwrap()]);
    assert!(
        e.contains("demo.opex.json holds a different team from the \"Demo: Payments Platform\" already here")
            && e.contains("nothing was imported")
            && e.contains("--as NAME"),
        "{e}"
    );
    assert_eq!(counts(&b), before, "nothing was written");
    let said = ok(&[
        "--db",
        &b,
        "import",
        file.to_str().unwrap(),
        "--as",
        "Payments (Berlin)",
    ]);
    assert!(said.starts_with("new team \"Payments (Berlin)\""), "{said}");
    let listed = ok(&["--db", &b, "list"]);
    assert!(
        listed.contains("Payments (Berlin) (team 2)  imported from demo.opex.json"),
        "{listed}"
    );
}

#[test]
fn every_kind_of_bad_file_is_named_by_its_json_path_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let a = demo_db(dir.path());
    let good = dir.path().join("good.opex.json");
    let doc = export(&a, &good, &[]);
    let b_dir = dir.path().join("b");
    std::fs::create_dir_all(&b_dir).unwrap();
    let b = demo_db(&b_dir);
    ok(&["--db", &b, "demo", "--team", "Other"]);
    let before = counts(&b);
    type Break = fn(&mut Value);
    let cases: Vec<(&str, Break, &str)> = vec![
        (
            "format",
            |v| v["format"] = "opex-bank".into(),
            "$.format: is \"opex-bank\", not \"opex-team\"",
        ),
        (
            "version",
            |v| v["version"] = 2.into(),
            "$.version: is 2: the file was written by a newer opex",
        ),
        (
            "vote",
            |v| v["assessments"][0]["votes"][0]["participant"] = 99.into(),
            "$.assessments[0].votes[0].participant: names participant 99, who is not among this assessment's participants",
        ),
        (
            "answer",
            |v| v["assessments"][1]["answers"][0]["question_id"] = "NO-SUCH-01".into(),
            "$.assessments[1].answers[0].question_id: question \"NO-SUCH-01\" is not in this assessment's bank snapshot",
        ),
        (
            "hash",
            |v| v["banks"][0]["content"]["title"] = "Edited by hand".into(),
            "$.banks[0].hash: does not match the bank's content",
        ),
        (
            "action",
            |v| v["actions"][0]["assessment"] = "00000000-0000-4000-8000-000000000000".into(),
            "$.actions[0].assessment: names assessment 00000000-0000-4000-8000-000000000000, which is not among $.assessments",
        ),
        (
            "type",
            |v| v["assessments"][2]["started_at"] = 5.into(),
            "$.assessments[2].started_at: invalid type: integer `5`, expected a string at line",
        ),
        (
            "unknown",
            |v| v["team"]["colour"] = "red".into(),
            "$.team.colour: unknown field `colour`",
        ),
    ];
    for (name, break_it, expect) in cases {
        let mut v = doc.clone();
        break_it(&mut v);
        let path = dir.path().join(format!("{name}.opex.json"));
        std::fs::write(&path, serde_json::to_string_pretty(&v).unwrap()).unwrap();
        let e = fails(&["--db", &b, "import", path.to_str().unwrap()]);
        assert!(
            e.starts_with(&format!(
                "opex: {name}.opex.json cannot be imported, and nothing was written:\n  {expect}"
            )),
            "{name}: {e}"
        );
        assert_eq!(counts(&b), before, "{name}: nothing was written");
    }
    // A file cut short (a download that stopped) says where it ends.
    let bytes = std::fs::read(&good).unwrap();
    let cut = dir.path().join("cut.opex.json");
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    let e = fails(&["--db", &b, "import", cut.to_str().unwrap()]);
    assert!(
        e.starts_with("opex: cut.opex.json cannot be imported, and nothing was written:\n  $.")
            && e.contains("the file ends too early (cut short?): EOF while parsing")
            && e.contains(" at line "),
        "{e}"
    );
    assert_eq!(counts(&b), before);
    let e = fails(&[
        "--db",
        &b,
        "import",
        dir.path().join("missing.opex.json").to_str().unwrap(),
    ]);
    assert!(
        e.starts_with("opex: cannot read ") && e.contains("missing.opex.json"),
        "{e}"
    );
}

#[test]
fn names_and_notes_stay_home_unless_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    let a = demo_db(dir.path());
    let people = ["Ana", "Ben", "Chidi", "Dana", "Eli"];
    let dropped = dir.path().join("dropped.opex.json");
    let doc = export(&a, &dropped, &["--names", "drop"]);
    let raw = std::fs::read_to_string(&dropped).unwrap();
    for name in people {
        assert!(
            !raw.contains(&format!("\"{name}\"")),
            "{name} is in the file"
        );
    }
    assert_eq!(doc["privacy"]["names"], "drop");
    let first: Vec<&str> = doc["assessments"][0]["participants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(first, ["Participant 1", "Participant 2", "Participant 3"]);
    // The same team exports the same aliases.
    let again = dir.path().join("again.opex.json");
    let doc2 = export(&a, &again, &["--names", "drop"]);
    assert_eq!(doc2["assessments"], doc["assessments"]);
    assert_eq!(doc2["actions"], doc["actions"]);

    // Notes: the demo has answer notes ("Ask the platform team.").
    let note = "Ask the platform team.";
    assert!(!raw.contains(note));
    assert_eq!(doc["privacy"]["notes"], false);
    let with = dir.path().join("with-notes.opex.json");
    let doc = export(&a, &with, &["--include-notes"]);
    assert_eq!(doc["privacy"]["notes"], true);
    assert!(std::fs::read_to_string(&with).unwrap().contains(note));
    assert!(
        std::fs::read_to_string(&with)
            .unwrap()
            .contains("\"Chidi\"")
    );
}

#[test]
fn an_anonymous_workshop_travels_as_its_tallies_only() {
    let dir = tempfile::tempdir().unwrap();
    let a = demo_db(dir.path());
    let (expected, asked) = {
        let mut store = Store::open(Path::new(&a)).unwrap();
        let team = store.team_named(DEMO).unwrap();
        let bank = opex_core::default_bank().unwrap();
        let new = NewWorkshop {
            team_id: team.id,
            bank: &bank,
            profile: "full",
            settings: WorkshopSettings {
                anonymity: Anonymity::Anonymous,
                timer_seconds: 240,
                areas: Some(vec!["scaling".into()]),
                headcount: Some(5),
            },
            names: vec!["Ana".into(), "Ben".into()],
            reviews: Vec::new(),
        };
        let w = store.start_workshop(&new, Utc::now()).unwrap();
        let q = store.workshop(w.id).unwrap().current;
        for l in [2, 3, 3] {
            let vote = opex_core::Response::of(opex_core::Answer::Level(l));
            store.cast(w.id, &q, None, vote, Utc::now()).unwrap();
        }
        let c = Connection::open(&a).unwrap();
        let rows: Vec<(String, u32, String, u8, u32)> = c
            .prepare("SELECT question_id, round, kind, level, count FROM tallies WHERE assessment_id = ?1 ORDER BY level")
            .unwrap()
            .query_map([w.id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        (rows, q)
    };
    let file = dir.path().join("anon.opex.json");
    let path = file.to_str().unwrap();
    ok(&[
        "--db",
        &a,
        "export",
        "--team",
        DEMO,
        "--out",
        path,
        "--include-notes",
    ]);
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    let w = doc["assessments"].as_array().unwrap().last().unwrap();
    assert_eq!(w["workshop"]["anonymity"], "anonymous");
    assert_eq!(w["workshop"]["headcount"], 5);
    assert_eq!(w["participants"], Value::Array(vec![]));
    assert_eq!(w["votes"], Value::Array(vec![]));
    let tallies: Vec<(String, u32, String, u8, u32)> = w["tallies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["question_id"].as_str().unwrap().to_string(),
                t["round"].as_u64().unwrap() as u32,
                t["kind"].as_str().unwrap().to_string(),
                t["level"].as_u64().unwrap() as u8,
                t["count"].as_u64().unwrap() as u32,
            )
        })
        .collect();
    assert_eq!(tallies, expected, "exactly as stored");
    assert_eq!(expected.len(), 2);
    assert_eq!(expected[0].0, asked);
    // And it arrives the same in the other database.
    let b = dir.path().join("b.sqlite3").to_str().unwrap().to_string();
    ok(&["--db", &b, "import", path]);
    let c = Connection::open(&b).unwrap();
    let (n, people): (i64, i64) = c
        .query_row(
            "SELECT (SELECT sum(count) FROM tallies), (SELECT count(*) FROM participants p JOIN assessments a ON a.id = p.assessment_id WHERE a.kind = 'workshop')",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((n, people), (3, 0));
}
