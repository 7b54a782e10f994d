//! `opex bank validate|lint|stats|schema`, and `--bank` for the demo: banks
//! checked and counted without a store.

use crate::{bank_copy, opex, repo, text};

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
fn bank_lint_is_clean_on_the_default_bank() {
    let o = opex(&[
        "bank",
        "lint",
        repo().join("assessments/opex").to_str().unwrap(),
    ]);
    let (out, err) = text(&o);
    assert!(o.status.success(), "{out}{err}");
    assert!(out.contains("no lint findings (76 questions)"), "{out}");
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
