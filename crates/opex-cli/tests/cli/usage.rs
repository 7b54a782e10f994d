//! `opex bank stats --usage`: how the questions fared in a real database, as
//! a table and as JSON, on the demo's self-assessments, on workshops that
//! disagree, and on an empty file; and the usage errors of `bank stats`.

use crate::{DEMO, bank_copy, demo_db, opex, text};
use opex_core::Answer;
use opex_core::workshop::{Anonymity, WorkshopSettings};
use opex_store::{NewWorkshop, Store};
use serde_json::Value;
use std::collections::BTreeMap;

/// Runs `opex --db db bank stats --usage` with `more`; (stdout, stderr) of a success.
fn usage(db: &str, more: &[&str]) -> String {
    let mut args = vec!["--db", db, "bank", "stats", "--usage"];
    args.extend(more);
    let o = opex(&args);
    let (out, err) = text(&o);
    assert!(o.status.success(), "{err}");
    out
}

/// A table line's cells: columns are two or more spaces apart.
fn cells(line: &str) -> Vec<&str> {
    line.split("  ")
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .collect()
}

fn json(db: &str) -> Value {
    serde_json::from_str(&usage(db, &["--format", "json"])).unwrap()
}

#[test]
fn the_demo_has_no_workshop_and_its_answer_rates_match_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let out = usage(&db, &[]);
    assert!(
        out.starts_with(
            "No workshop has voted yet on bank `opex` (4 assessments read, 0 of them workshops)"
        ),
        "{out}"
    );
    assert!(out.contains("no question has 5 answers yet"), "{out}");
    assert!(
        out.contains("\nflagged: the question has enough data"),
        "{out}"
    );
    let header = out.lines().find(|l| l.starts_with("question ")).unwrap();
    assert_eq!(
        cells(header),
        [
            "question",
            "title",
            "answers",
            "N/A",
            "don't know",
            "flagged"
        ],
        "no workshop columns"
    );

    // The figures, counted again straight from the file: every agreed answer
    // of the demo's four self-assessments.
    let conn = rusqlite::Connection::open(&db).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT question_id, count(*), sum(kind = 'not_applicable'), sum(kind = 'dont_know') \
             FROM consensus GROUP BY question_id",
        )
        .unwrap();
    let expected: BTreeMap<String, (i64, i64, i64)> = stmt
        .query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?, r.get(3)?))))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let total: i64 = expected.values().map(|v| v.0).sum();
    let doc = json(&db);
    assert_eq!(doc["version"], 1);
    assert_eq!(doc["bank_id"], "opex");
    assert_eq!(
        (
            &doc["assessments"],
            &doc["workshops"],
            &doc["workshops_voted"]
        ),
        (&Value::from(4), &Value::from(0), &Value::from(0))
    );
    assert_eq!(doc["answers"], total);
    let questions = doc["questions"].as_array().unwrap();
    let got: BTreeMap<String, (i64, i64, i64)> = questions
        .iter()
        .map(|q| {
            (
                q["id"].as_str().unwrap().to_string(),
                (
                    q["not_applicable"]["of"].as_i64().unwrap(),
                    q["not_applicable"]["count"].as_i64().unwrap(),
                    q["dont_know"]["count"].as_i64().unwrap(),
                ),
            )
        })
        .collect();
    assert_eq!(got, expected);
    // The demo answers some questions N/A every quarter: four answers, all
    // N/A, shown as 100 % but too few to flag.
    let always_na: Vec<&String> = expected
        .iter()
        .filter(|(_, (n, na, _))| *n == 4 && *na == 4)
        .map(|(id, _)| id)
        .collect();
    assert!(!always_na.is_empty());
    for id in always_na {
        let line = out
            .lines()
            .find(|l| l.starts_with(&format!("{id} ")))
            .unwrap();
        assert_eq!(cells(line)[2..], ["4", "100%", "0%"], "{line}");
    }
    assert!(questions.iter().all(|q| q["flags"] == Value::Array(vec![])));
    assert!(
        questions
            .iter()
            .all(|q| q["disagreement"]["rate"].is_null())
    );
    assert!(questions.iter().all(|q| q["title"].is_string()));
}

#[test]
fn a_question_three_workshops_disagree_on_is_flagged() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let (ids, workshops) = {
        let mut store = Store::open(std::path::Path::new(&db)).unwrap();
        let team = store.team_named(DEMO).unwrap();
        let bank = opex_core::default_bank().unwrap();
        let (mut ids, mut workshops) = (Vec::new(), Vec::new());
        for n in 0..3 {
            let new = NewWorkshop {
                team_id: team.id,
                bank: &bank,
                profile: "full",
                settings: WorkshopSettings {
                    anonymity: Anonymity::Open,
                    timer_seconds: 240,
                    areas: Some(vec!["scaling".into()]),
                    headcount: None,
                },
                names: vec!["Ana".into(), "Ben".into()],
                reviews: Vec::new(),
            };
            let a = store.start_workshop(&new, chrono::Utc::now()).unwrap();
            workshops.push(a.id);
            let w = store.workshop(a.id).unwrap();
            ids = w.questions.iter().map(|q| q.question_id.clone()).collect();
            // The first question splits the room 1 to 4 every time, and the
            // first workshop votes on it again; the others are near agreement.
            for (q, levels) in ids.iter().zip([[1, 4], [3, 3], [2, 3]]) {
                for (p, l) in w.participants.iter().zip(levels) {
                    store
                        .cast(a.id, q, Some(p.id), &Answer::Level(l), chrono::Utc::now())
                        .unwrap();
                }
                store.reveal(a.id, q).unwrap();
            }
            if n == 0 {
                store.revote(a.id, &ids[0]).unwrap();
            }
        }
        (ids, workshops)
    };

    let out = usage(&db, &[]);
    let mut lines = out.lines();
    let head = lines.next().unwrap();
    assert!(
        head.starts_with("bank `opex`: 7 assessments read, 3 workshops (3 voted), "),
        "{out}"
    );
    let table: Vec<&str> = out
        .lines()
        .skip_while(|l| !l.starts_with("question "))
        .collect();
    assert_eq!(
        cells(table[0]),
        [
            "question",
            "title",
            "workshops",
            "disagree",
            "voted",
            "re-vote",
            "answers",
            "N/A",
            "don't know",
            "flagged"
        ]
    );
    let first = cells(table[1]);
    assert_eq!(first[0], ids[0], "{out}");
    assert_eq!(first[2..6], ["3", "100%", "3", "33%"], "{out}");
    assert_eq!(first[9], "disagree, re-vote", "{out}");
    let split: Vec<&str> = out
        .lines()
        .skip_while(|l| !l.starts_with("the workshops where the flagged questions split"))
        .collect();
    let listed = workshops
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    assert_eq!(cells(split[2]), [ids[0].as_str(), listed.as_str()], "{out}");
    assert!(
        out.contains("medians: disagree 0% (of 3 questions), re-vote 0% (of 3 questions)"),
        "{out}"
    );

    let doc = json(&db);
    assert_eq!(doc["workshops_voted"], 3);
    assert_eq!(
        (&doc["medians"]["disagreement"], &doc["medians"]["revote"]),
        (&Value::from(0.0), &Value::from(0.0))
    );
    let q = &doc["questions"][0];
    assert_eq!(q["id"], ids[0].as_str());
    assert_eq!(
        q["disagreement"],
        serde_json::json!({"count": 3, "of": 3, "rate": 1.0})
    );
    assert_eq!(q["revote"]["count"], 1);
    assert_eq!(q["disagreed_in"], serde_json::json!(workshops));
    assert_eq!(q["flags"][0], "disagreement");
    assert_eq!(q["flags"][1], "revote");
    for other in &ids[1..] {
        let q = doc["questions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|q| q["id"] == other.as_str())
            .unwrap();
        assert_eq!(
            q["disagreement"],
            serde_json::json!({"count": 0, "of": 3, "rate": 0.0})
        );
        assert!(
            !q["flags"]
                .as_array()
                .unwrap()
                .iter()
                .any(|f| f == "disagreement")
        );
    }
    // Another bank id reads nothing.
    let out = usage(&db, &["--bank-id", "another"]);
    assert!(
        out.contains("bank `another` (0 assessments read, 0 of them workshops)"),
        "{out}"
    );
}

#[test]
fn an_empty_database_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("empty.sqlite3");
    Store::open(&db).unwrap().close().unwrap();
    let out = usage(db.to_str().unwrap(), &[]);
    assert_eq!(
        out,
        "No workshop has voted yet on bank `opex` (0 assessments read, 0 of them workshops): \
         there is no disagreement or re-vote to show.\n\
         No assessment has answered any of its questions either.\n"
    );
    let doc = json(db.to_str().unwrap());
    assert_eq!(doc["questions"], Value::Array(vec![]));

    // Without --bank-id, the bank --bank names gives the id.
    let mine = bank_copy();
    let head = mine.path().join("bank.toml");
    let toml = std::fs::read_to_string(&head).unwrap();
    std::fs::write(&head, toml.replacen("id = \"opex\"", "id = \"mine\"", 1)).unwrap();
    let o = opex(&[
        "--db",
        db.to_str().unwrap(),
        "--bank",
        mine.path().to_str().unwrap(),
        "bank",
        "stats",
        "--usage",
    ]);
    let (out, err) = text(&o);
    assert!(o.status.success(), "{err}");
    assert!(
        out.starts_with("No workshop has voted yet on bank `mine` "),
        "{out}"
    );
}

#[test]
fn bank_stats_needs_a_path_or_usage_but_not_both() {
    let o = opex(&["bank", "stats"]);
    let (_, err) = text(&o);
    assert_eq!(o.status.code(), Some(2));
    assert!(err.contains("<PATH|--usage>"), "{err}");
    let o = opex(&["bank", "stats", "assessments/opex", "--usage"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).1.contains("cannot be used with '--usage'"));
    let o = opex(&["bank", "stats", "assessments/opex", "--format", "json"]);
    assert_eq!(o.status.code(), Some(2));
}
