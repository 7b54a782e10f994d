//! The `--json` documents and their committed schemas: the files in
//! `crates/opex-cli/schema/` are what `opex json-schema` generates, and what
//! the real binary prints on a demo database validates against them.

use crate::{DEMO, demo_db, opex, schema_dir, text};
use serde_json::{Value, json};

const KINDS: [&str; 3] = ["history", "actions", "compare"];
const REGENERATE: &str = "run `cargo run -p opex-cli -- json-schema --out crates/opex-cli/schema`";

fn committed(kind: &str) -> String {
    let path = schema_dir().join(format!("{kind}-v1.schema.json"));
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e}; {REGENERATE}", path.display()))
}

/// The validation errors of `doc` against the committed schema of `kind`,
/// formats (date-time) included.
fn errors(kind: &str, doc: &Value) -> Vec<String> {
    let schema: Value = serde_json::from_str(&committed(kind)).unwrap();
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap();
    validator.iter_errors(doc).map(|e| e.to_string()).collect()
}

#[test]
fn the_committed_schemas_are_the_generated_ones() {
    for kind in KINDS {
        let o = opex(&["json-schema", kind]);
        assert!(o.status.success(), "{}", text(&o).1);
        assert!(
            text(&o).0 == committed(kind),
            "crates/opex-cli/schema/{kind}-v1.schema.json is out of date: {REGENERATE}"
        );
    }
    // Regenerating writes exactly the committed files, and nothing else is there.
    let dir = tempfile::tempdir().unwrap();
    let o = opex(&["json-schema", "--out", dir.path().to_str().unwrap()]);
    assert!(o.status.success(), "{}", text(&o).1);
    let names = |d: &std::path::Path| {
        let mut v: Vec<String> = std::fs::read_dir(d)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    };
    let expected = [
        "actions-v1.schema.json",
        "compare-v1.schema.json",
        "history-v1.schema.json",
    ];
    assert_eq!(names(dir.path()), expected);
    assert_eq!(
        names(&schema_dir()),
        expected,
        "a stale schema file: {REGENERATE}"
    );
    for name in expected {
        assert_eq!(
            std::fs::read_to_string(dir.path().join(name)).unwrap(),
            std::fs::read_to_string(schema_dir().join(name)).unwrap(),
            "{name} is out of date: {REGENERATE}"
        );
    }
}

#[test]
fn the_real_output_validates_against_the_committed_schemas() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let run = |args: &[&str]| -> (String, Value) {
        let mut all = vec!["--db", db.as_str()];
        all.extend_from_slice(args);
        let o = opex(&all);
        assert!(o.status.success(), "{args:?}: {}", text(&o).1);
        let out = text(&o).0;
        let v = serde_json::from_str(&out).unwrap();
        (out, v)
    };
    let (history_text, history) = run(&["history", "--team", DEMO, "--json"]);
    let ids: Vec<String> = history["assessments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["assessment"].to_string())
        .collect();
    let (actions_text, actions) = run(&["actions", "--team", DEMO, "--json"]);
    let (compare_text, compare) = run(&["compare", &ids[0], &ids[3], "--json"]);
    let docs = [
        ("history", history_text, history),
        ("actions", actions_text, actions),
        ("compare", compare_text, compare),
    ];
    for (kind, out, doc) in &docs {
        let errors = errors(kind, doc);
        assert!(errors.is_empty(), "{kind}: {errors:?}\n{out}");
        // Key order and layout are those of earlier versions, which built
        // the JSON with sorted maps.
        let sorted = serde_json::to_string_pretty(doc).unwrap() + "\n";
        assert_eq!(out, &sorted, "{kind}: keys are in alphabetical order");
    }
    let actions = &docs[1].2;
    assert!(
        actions["actions"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["due_date"].is_string()),
        "the demo has a dated action, so the date pattern is exercised"
    );
}

#[test]
fn the_schemas_reject_what_the_commands_never_print() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let o = opex(&["--db", &db, "actions", "--team", DEMO, "--json"]);
    let good: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(errors("actions", &good).is_empty());
    let broken = |f: &dyn Fn(&mut Value)| {
        let mut v = good.clone();
        f(&mut v);
        v
    };
    let cases: [(&str, Value); 6] = [
        ("a newer version", broken(&|v| v["version"] = json!(2))),
        (
            "a missing field",
            broken(&|v| {
                v["actions"][0].as_object_mut().unwrap().remove("owner");
            }),
        ),
        (
            "an unknown field",
            broken(&|v| v["actions"][0]["extra"] = json!(1)),
        ),
        (
            "an unknown status",
            broken(&|v| v["actions"][0]["status"] = json!("in-progress")),
        ),
        (
            "a due date that is no date",
            broken(&|v| v["actions"][0]["due_date"] = json!("1 May")),
        ),
        (
            "a time that is no time",
            broken(&|v| v["actions"][0]["created_at"] = json!("yesterday")),
        ),
    ];
    for (what, doc) in cases {
        assert!(!errors("actions", &doc).is_empty(), "{what} is accepted");
    }
    for kind in ["history", "compare"] {
        assert!(
            !errors(kind, &json!({ "version": 1 })).is_empty(),
            "{kind}: a document without its fields is accepted"
        );
    }
}
