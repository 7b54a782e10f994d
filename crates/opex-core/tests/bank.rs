//! Bank loading and validation: each rejected case, located by file, line, column
//! and field; every bank under `assessments/` loads; the schema does not drift.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed

use opex_core::{BankError, Source, load_path, load_sources};
use std::path::{Path, PathBuf};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

const HEAD: &str = r#"id = "t"
version = "1.0.0"
title = "Test bank"

[[areas]]
id = "ops-as-code"
kind = "principle"
name = "Operations as code"
description = "Infrastructure and procedures as code."

[[areas]]
id = "scaling"
kind = "dimension"
name = "Scaling"
description = "How capacity grows."
traditional = "Vertical"
modern = "Horizontal, autoscaling"
"#;

const GOOD_Q: &str = r#"
[[questions]]
id = "A-01"
area = "ops-as-code"
phase = "prepare"
prompt = "How is infrastructure changed?"
guidance = "Look at the last three changes."
levels = ["one", "two", "three", "four", "five"]
"#;

fn sources(head: &str, questions: &str) -> Vec<Source> {
    vec![
        Source {
            name: "bank.toml".into(),
            text: head.into(),
        },
        Source {
            name: "questions/q.toml".into(),
            text: questions.into(),
        },
    ]
}

/// Loads the sources and expects exactly one issue at `file:line:column`, in
/// `field`, whose message contains `needle`.
#[track_caller]
fn check_rejected(
    head: &str,
    questions: &str,
    at: (&str, usize, usize),
    field: &str,
    needle: &str,
) {
    let err = load_sources(&sources(head, questions)).expect_err("the bank must be rejected");
    let issues = err.issues();
    assert_eq!(issues.len(), 1, "{err}");
    let i = &issues[0];
    assert_eq!((i.file.as_str(), i.line, i.column), at, "{err}");
    assert_eq!(i.field, field, "{err}");
    assert!(
        i.message.contains(needle),
        "message {:?} lacks {needle:?}",
        i.message
    );
    let shown = err.to_string();
    assert!(
        shown.contains(&format!("{}:{}:{}: {field}", at.0, at.1, at.2)),
        "{shown}"
    );
}

#[test]
fn a_good_bank_loads() {
    let bank = load_sources(&sources(HEAD, GOOD_Q)).unwrap();
    assert_eq!(bank.questions.len(), 1);
    assert_eq!(bank.areas.len(), 2);
}

#[test]
fn rejects_a_duplicate_question_id() {
    let q = format!("{GOOD_Q}{}", GOOD_Q.replace("How is", "Who changes"));
    check_rejected(
        HEAD,
        &q,
        ("questions/q.toml", 11, 1),
        "questions[1].id",
        "duplicate question id `A-01` (first defined at questions/q.toml:3",
    );
}

#[test]
fn rejects_a_duplicate_area_id() {
    let head = HEAD.replacen("id = \"scaling\"", "id = \"ops-as-code\"", 1);
    check_rejected(
        &head,
        GOOD_Q,
        ("bank.toml", 12, 1),
        "areas[1].id",
        "duplicate area id",
    );
}

#[test]
fn rejects_an_unknown_area() {
    let q = GOOD_Q.replace("area = \"ops-as-code\"", "area = \"opps-as-code\"");
    check_rejected(
        HEAD,
        &q,
        ("questions/q.toml", 4, 1),
        "questions[0].area",
        "unknown area `opps-as-code`",
    );
}

#[test]
fn rejects_four_levels() {
    let q = GOOD_Q.replace(", \"five\"]", "]");
    check_rejected(
        HEAD,
        &q,
        ("questions/q.toml", 8, 1),
        "questions[0].levels",
        "has 4 levels; it needs exactly 5",
    );
}

#[test]
fn rejects_six_levels() {
    let q = GOOD_Q.replace("\"five\"]", "\"five\", \"six\"]");
    check_rejected(
        HEAD,
        &q,
        ("questions/q.toml", 8, 1),
        "questions[0].levels",
        "has 6 levels",
    );
}

#[test]
fn rejects_an_empty_prompt() {
    let q = GOOD_Q.replace("How is infrastructure changed?", "   ");
    check_rejected(
        HEAD,
        &q,
        ("questions/q.toml", 6, 1),
        "questions[0].prompt",
        "empty prompt",
    );
}

#[test]
fn rejects_an_empty_level() {
    let q = GOOD_Q.replace("\"three\"", "\"\"");
    check_rejected(
        HEAD,
        &q,
        ("questions/q.toml", 8, 25),
        "questions[0].levels[2]",
        "level 3 of `A-01` is empty",
    );
}

#[test]
fn rejects_an_unknown_key() {
    let q = GOOD_Q.replace("guidance =", "guidence =");
    check_rejected(
        HEAD,
        &q,
        ("questions/q.toml", 7, 1),
        "questions[0].guidence",
        "unknown field `guidence`",
    );
}

#[test]
fn rejects_an_unknown_key_in_the_head() {
    let head = HEAD.replace("title = ", "titel = ");
    check_rejected(
        &head,
        GOOD_Q,
        ("bank.toml", 3, 1),
        "titel",
        "unknown field `titel`",
    );
}

#[test]
fn rejects_a_principle_question_without_a_phase() {
    let q = GOOD_Q.replace("phase = \"prepare\"\n", "");
    check_rejected(
        HEAD,
        &q,
        ("questions/q.toml", 2, 1),
        "questions[0].phase",
        "needs a phase",
    );
}

#[test]
fn rejects_an_unknown_phase() {
    let q = GOOD_Q.replace("\"prepare\"", "\"deploy\"");
    check_rejected(
        HEAD,
        &q,
        ("questions/q.toml", 5, 9),
        "questions[0].phase",
        "unknown variant `deploy`",
    );
}

#[test]
fn rejects_a_missing_field() {
    let q = GOOD_Q.replace("guidance = \"Look at the last three changes.\"\n", "");
    check_rejected(
        HEAD,
        &q,
        ("questions/q.toml", 2, 1),
        "questions[0]",
        "missing field `guidance`",
    );
}

#[test]
fn rejects_a_dimension_without_poles() {
    let head = HEAD.replace("modern = \"Horizontal, autoscaling\"\n", "");
    check_rejected(
        &head,
        GOOD_Q,
        ("bank.toml", 11, 1),
        "areas[1].modern",
        "must name its modern pole",
    );
}

#[test]
fn rejects_a_toml_syntax_error() {
    let q = GOOD_Q.replace("prompt = \"How", "prompt = How");
    let err = load_sources(&sources(HEAD, &q)).unwrap_err();
    let i = &err.issues()[0];
    assert_eq!((i.file.as_str(), i.line), ("questions/q.toml", 6), "{err}");
}

#[test]
fn rejects_a_profile_naming_a_missing_question() {
    let head = format!(
        "{HEAD}\n[[profiles]]\nid = \"quick\"\nname = \"Quick\"\nquestions = [\"A-01\", \"B-99\"]\n"
    );
    check_rejected(
        &head,
        GOOD_Q,
        ("bank.toml", 22, 22),
        "profiles[0].questions[1]",
        "`B-99`, which is not in the bank",
    );
}

#[test]
fn rejects_replacing_an_id_that_is_still_in_use() {
    let q = format!(
        "{GOOD_Q}{}",
        GOOD_Q
            .replace("A-01", "A-02")
            .replace("levels =", "replaces = [\"A-01\"]\nlevels =")
    );
    check_rejected(
        HEAD,
        &q,
        ("questions/q.toml", 16, 13),
        "questions[1].replaces[0]",
        "ids are never reused",
    );
}

#[test]
fn collects_every_problem_not_just_the_first() {
    let q = GOOD_Q
        .replace("area = \"ops-as-code\"", "area = \"nope\"")
        .replace(", \"five\"]", "]");
    let err = load_sources(&sources(HEAD, &q)).unwrap_err();
    assert_eq!(err.issues().len(), 2, "{err}");
}

#[test]
fn a_missing_folder_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let err = load_path(dir.path()).unwrap_err();
    assert!(matches!(err, BankError::NotABank { .. }), "{err}");
}

#[test]
fn every_bank_under_assessments_loads() {
    let mut found = 0;
    for entry in std::fs::read_dir(repo().join("assessments")).unwrap() {
        let path = entry.unwrap().path();
        if path.join("bank.toml").is_file() {
            let bank = load_path(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            assert!(!bank.questions.is_empty());
            found += 1;
        }
    }
    assert!(found >= 1, "no bank found under assessments/");
}

#[test]
fn the_embedded_bank_is_the_bank_on_disk() {
    let on_disk = load_path(&repo().join("assessments/opex")).unwrap();
    let embedded = opex_core::default_bank().unwrap();
    assert!(
        on_disk == embedded,
        "a file under assessments/opex is not in DEFAULT_BANK_FILES"
    );
    let mut files: Vec<String> = Vec::new();
    for dir in ["", "questions"] {
        for entry in std::fs::read_dir(repo().join("assessments/opex").join(dir)).unwrap() {
            let p = entry.unwrap().path();
            if p.extension().is_some_and(|e| e == "toml") {
                let name = p.file_name().unwrap().to_string_lossy().into_owned();
                files.push(if dir.is_empty() {
                    name
                } else {
                    format!("{dir}/{name}")
                });
            }
        }
    }
    files.sort();
    let mut embedded: Vec<String> = opex_core::DEFAULT_BANK_FILES
        .iter()
        .map(|(n, _)| n.to_string())
        .collect();
    embedded.sort();
    assert_eq!(files, embedded);
}

#[test]
fn the_default_bank_covers_every_area() {
    let bank = opex_core::default_bank().unwrap();
    assert_eq!(bank.areas.len(), 13);
    assert_eq!(
        bank.areas
            .iter()
            .filter(|a| a.kind == opex_core::AreaKind::Principle)
            .count(),
        5
    );
    for area in &bank.areas {
        assert!(
            bank.questions.iter().any(|q| q.area == area.id),
            "no question for {}",
            area.id
        );
    }
    assert!(bank.questions.len() >= 13);
}

#[test]
fn the_committed_json_schema_matches_the_types() {
    for (name, json) in opex_core::json_schemas() {
        let path = repo().join("assessments/schema").join(name);
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == json,
            "{} is out of date with the Rust types; run `cargo run -p opex-cli -- bank schema --out assessments/schema`",
            path.display()
        );
    }
}

#[test]
fn the_content_hash_ignores_formatting_but_not_content() {
    let a = load_sources(&sources(HEAD, GOOD_Q)).unwrap();
    let b = load_sources(&sources(
        &HEAD.replace(" = ", "=").replace('\n', "\n\n"),
        GOOD_Q,
    ))
    .unwrap();
    assert_eq!(a.content_hash(), b.content_hash());
    let c = load_sources(&sources(HEAD, &GOOD_Q.replace("\"two\"", "\"deux\""))).unwrap();
    assert_ne!(a.content_hash(), c.content_hash());
}

#[test]
fn picked_files_are_ordered_head_first() {
    let src = |name: &str| Source {
        name: name.into(),
        text: String::new(),
    };
    let names = |v: Vec<Source>| v.into_iter().map(|s| s.name).collect::<Vec<_>>();
    let ordered =
        opex_core::order_sources(vec![src("b.toml"), src("bank.toml"), src("a.toml")]).unwrap();
    assert_eq!(names(ordered), ["bank.toml", "a.toml", "b.toml"]);
    assert_eq!(
        names(opex_core::order_sources(vec![src("lens.toml")]).unwrap()),
        ["lens.toml"]
    );
    for bad in [
        vec![],
        vec![src("a.toml"), src("b.toml")],
        vec![src("x/bank.toml"), src("y/bank.toml")],
    ] {
        let err = opex_core::order_sources(bad).unwrap_err();
        assert_eq!(err.issues().len(), 1, "{err}");
    }
}

/// Every assessment keeps a copy of its bank, so the 1.x form (levels as
/// plain strings) must load forever: this snapshot was taken from a database
/// written by opex with bank 1.1.0. It loads, keeps its levels' text, and
/// serialises back byte for byte, so its content hash does not move.
#[test]
fn a_1x_bank_snapshot_from_a_real_database_loads_and_keeps_its_hash() {
    let json = opex_core::DEFAULT_BANK_1_1_JSON;
    let bank = opex_core::default_bank_1_1().unwrap();
    assert_eq!(bank.version, "1.1.0");
    assert_eq!(bank.questions.len(), 54);
    let q = bank.question("KNOW-01").unwrap();
    assert!(
        q.levels
            .iter()
            .all(|l| l.checks.is_empty() && !l.text.is_empty())
    );
    assert_eq!(serde_json::to_string(&bank).unwrap(), json.trim_end());
    let current = opex_core::default_bank().unwrap();
    assert_eq!(current.version, "2.0.0");
    assert!(
        current
            .questions
            .iter()
            .all(|q| q.levels.iter().all(|l| !l.checks.is_empty()))
    );
    // Every 1.1 question is still asked in 2.0, or continued by one that replaces it.
    for old in &bank.questions {
        let continued = current.question(&old.id).is_some()
            || current
                .questions
                .iter()
                .any(|q| q.replaces.contains(&old.id));
        assert!(continued, "{} is neither kept nor replaced in 2.0", old.id);
    }
}
