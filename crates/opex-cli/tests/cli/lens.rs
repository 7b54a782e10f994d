//! `opex bank import-lens` and `opex bank export-lens` on the real lens
//! files of `tests/fixtures/aws-lenses/` and on the default bank: what is
//! written, what `opex bank validate` says of it, the warnings and errors
//! people see, and that nothing is written when a lens is refused.

use crate::{opex, repo, text};
use std::path::{Path, PathBuf};

/// The real lens files, beside the repository (in `shared/`, there on CI
/// too). Missing, the tests fail.
fn fixture(name: &str) -> PathBuf {
    let dir = repo().join("tests/fixtures/aws-lenses");
    assert!(
        dir.join("SOURCE.md").is_file(),
        "the real lens files are missing: expected them in {}",
        dir.display()
    );
    dir.join(name)
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn each_valid_lens_becomes_a_bank_that_validates() {
    let dir = tempfile::tempdir().unwrap();
    for (name, pillars, questions) in [
        ("Amazon_S3_Lens.json", 6, 35),
        ("ORR-Whitepaper-Sample-PUBLISHED.json", 3, 16),
        ("Passport-Custom-Lens.json", 1, 11),
        ("custom-lens-apigw-lambda-v0.1.json", 4, 21),
        ("custom-lens-cognito-v1.0.json", 5, 42),
        ("custom-lensddb-v1.0.json", 6, 48),
    ] {
        let out = dir.path().join(name.trim_end_matches(".json"));
        let o = opex(&["bank", "import-lens", s(&fixture(name)), "--out", s(&out)]);
        let (stdout, stderr) = text(&o);
        assert!(o.status.success(), "{name}: {stderr}");
        let pillars_word = if pillars == 1 { "pillar" } else { "pillars" };
        assert!(
            stdout.contains(&format!(
                "with {pillars} {pillars_word} and {questions} checklist questions"
            )),
            "{stdout}"
        );
        let o = opex(&["bank", "validate", s(&out)]);
        let (stdout, stderr) = text(&o);
        assert!(o.status.success(), "{name}: {stderr}");
        assert!(
            stdout.contains(&format!(
                "is valid: {pillars} areas (0 principles, 0 dimensions, {pillars} pillars), {questions} questions"
            )),
            "{stdout}"
        );
    }
}

#[test]
fn keys_outside_the_format_are_listed_on_stderr() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("passport");
    let lens = fixture("Passport-Custom-Lens.json");
    let o = opex(&["bank", "import-lens", s(&lens), "--out", s(&out)]);
    let (stdout, stderr) = text(&o);
    assert!(o.status.success(), "{stderr}");
    assert_eq!(
        stderr,
        format!(
            "opex: warning: {}:58:16: pillars[0].questions[1].url: `url` is not in the lens format; it is left out of the bank\n",
            lens.display()
        )
    );
    assert_eq!(
        stdout,
        format!(
            "wrote {}: bank `aws-passport-custom-lens` 1.0 with 1 pillar and 11 checklist questions, from the lens \"AWS Passport Custom Lens\" (1 warning)\n",
            out.display()
        )
    );
    let files: Vec<String> = std::fs::read_dir(out.join("questions"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(files, ["01-overview.toml"]);
    assert!(out.join("bank.toml").is_file());
}

#[test]
fn elasticache_is_refused_with_its_lines_and_loads_with_lenient() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("ec");
    let lens = fixture("custom-lens-elasticache-v2.0 .json");
    let o = opex(&["bank", "import-lens", s(&lens), "--out", s(&out)]);
    let (_, stderr) = text(&o);
    assert_eq!(o.status.code(), Some(1));
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines[0], "opex: the lens has 22 problems:");
    assert_eq!(
        lines[1],
        format!(
            "  {}:81:26: pillars[0].questions[0].riskRules: question `waf_ec_ops_dp1` has no `default` rule; a lens question needs one, last (--lenient reads it as `default` → NO_RISK)",
            lens.display()
        )
    );
    assert!(!out.exists(), "nothing is written for a refused lens");

    let o = opex(&[
        "bank",
        "import-lens",
        s(&lens),
        "--out",
        s(&out),
        "--lenient",
    ]);
    let (stdout, stderr) = text(&o);
    assert!(o.status.success(), "{stderr}");
    assert_eq!(stderr.lines().count(), 26);
    assert_eq!(
        stderr
            .lines()
            .filter(|l| l.contains("--lenient adds `default` → NO_RISK"))
            .count(),
        22
    );
    assert!(stdout.ends_with("(26 warnings)\n"), "{stdout}");
    assert!(opex(&["bank", "validate", s(&out)]).status.success());
}

#[test]
fn emr_spark_is_refused_at_its_nan() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("emr");
    let lens = fixture("custom-lens-emr-spark-v1.0.json");
    for lenient in [false, true] {
        let mut args = vec!["bank", "import-lens", s(&lens), "--out", s(&out)];
        if lenient {
            args.push("--lenient");
        }
        let o = opex(&args);
        let (_, stderr) = text(&o);
        assert_eq!(o.status.code(), Some(1));
        assert_eq!(
            stderr,
            format!(
                "opex: the lens has 1 problem:\n  {}:1448:30: pillars[3].questions[4].title: `NaN` is not JSON (JSON has no NaN or Infinity): write the text in quotes, or a number\n",
                lens.display()
            )
        );
        assert!(!out.exists());
    }
}

#[test]
fn a_folder_with_files_in_it_is_not_written_into() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("keep.txt"), "mine").unwrap();
    let o = opex(&[
        "bank",
        "import-lens",
        s(&fixture("Passport-Custom-Lens.json")),
        "--out",
        s(dir.path()),
    ]);
    let (_, stderr) = text(&o);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr.contains("already exists and is not an empty folder"),
        "{stderr}"
    );
    assert!(!dir.path().join("bank.toml").exists());
    // An empty folder is fine.
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let o = opex(&[
        "bank",
        "import-lens",
        s(&fixture("Passport-Custom-Lens.json")),
        "--out",
        s(&empty),
    ]);
    assert!(o.status.success(), "{}", text(&o).1);
}

#[test]
fn the_default_bank_exports_to_a_lens_that_imports_again() {
    let dir = tempfile::tempdir().unwrap();
    let lens = dir.path().join("opex.json");
    let o = opex(&[
        "bank",
        "export-lens",
        s(&repo().join("assessments/opex")),
        "--out",
        s(&lens),
    ]);
    let (stdout, stderr) = text(&o);
    assert!(o.status.success(), "{stderr}");
    let size = std::fs::metadata(&lens).unwrap().len();
    assert!(size <= 500_000, "{size} bytes");
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(
        lines[0].ends_with("the lens \"Operational Excellence maturity\", 9 pillars, 76 questions"),
        "{stdout}"
    );
    assert_eq!(
        lines[1..],
        [
            "  pillar `team_structure_and_change_philosophy` holds the areas team-structure, change-philosophy",
            "  pillar `failure_response_and_infrastructure` holds the areas failure-response, infrastructure",
            "  pillar `monitoring_and_knowledge` holds the areas monitoring, knowledge",
            "  pillar `scaling_and_success_metric` holds the areas scaling, success-metric",
        ]
    );
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(&lens).unwrap()).unwrap();
    assert_eq!(json["schemaVersion"], "2021-11-01");

    let bank = dir.path().join("again");
    let o = opex(&["bank", "import-lens", s(&lens), "--out", s(&bank)]);
    let (_, stderr) = text(&o);
    assert!(o.status.success(), "{stderr}");
    assert!(stderr.is_empty(), "{stderr}");
    let o = opex(&["bank", "validate", s(&bank)]);
    assert!(o.status.success(), "{}", text(&o).1);
    assert!(text(&o).0.contains("9 pillars), 76 questions"));
}

#[test]
fn a_lens_goes_in_and_comes_out_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let bank = dir.path().join("cognito");
    let lens = fixture("custom-lens-cognito-v1.0.json");
    assert!(
        opex(&["bank", "import-lens", s(&lens), "--out", s(&bank)])
            .status
            .success()
    );
    let out = dir.path().join("cognito.json");
    let o = opex(&["bank", "export-lens", s(&bank), "--out", s(&out)]);
    assert!(o.status.success(), "{}", text(&o).1);
    let parse = |p: &Path| -> serde_json::Value {
        serde_json::from_slice(&std::fs::read(p).unwrap()).unwrap()
    };
    // The cognito lens has no key outside the format, so it comes back whole.
    assert_eq!(parse(&out), parse(&lens));
}

#[test]
fn a_bank_that_cannot_load_is_not_exported() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("x.json");
    let o = opex(&["bank", "export-lens", s(dir.path()), "--out", s(&out)]);
    assert_eq!(o.status.code(), Some(1));
    assert!(!out.exists());
}

#[test]
fn a_lens_banks_demo_reports_its_risks_not_an_empty_maturity() {
    let dir = tempfile::tempdir().unwrap();
    let bank = dir.path().join("orr");
    let db = dir.path().join("lens.sqlite3");
    let out = opex(&[
        "bank",
        "import-lens",
        s(&fixture("ORR-Whitepaper-Sample-PUBLISHED.json")),
        "--out",
        s(&bank),
    ]);
    assert!(out.status.success(), "{:?}", text(&out));
    let out = opex(&["demo", "--db", s(&db), "--bank", s(&bank)]);
    assert!(
        out.status.success(),
        "the demo runs on a lens's checklists: {:?}",
        text(&out)
    );
    let json = dir.path().join("report.json");
    let out = opex(&[
        "report",
        "--db",
        s(&db),
        "--bank",
        s(&bank),
        "--team",
        "Demo: Payments Platform",
        "--format",
        "json",
        "--out",
        s(&json),
    ]);
    assert!(out.status.success(), "{:?}", text(&out));
    let r: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(r["maturity"], false);
    assert!(
        r["methodology"]["checklists"]
            .as_str()
            .unwrap()
            .contains("kept out of every maturity score"),
        "the methodology says how checklists are scored: {}",
        r["methodology"]
    );
    let summary = r["summary"].as_array().unwrap();
    assert!(
        summary[0]
            .as_str()
            .unwrap()
            .starts_with("A review of 16 checklist questions"),
        "{summary:?}"
    );
    let risks = r["risks"].as_array().unwrap();
    let sum: u64 = risks
        .iter()
        .map(|a| {
            ["high", "medium", "none", "unanswered"]
                .iter()
                .map(|k| a[k].as_u64().unwrap())
                .sum::<u64>()
        })
        .sum();
    assert_eq!(sum, 16, "every checklist question is counted once");
    let high: u64 = risks.iter().map(|a| a["high"].as_u64().unwrap()).sum();
    assert!(
        summary[1]
            .as_str()
            .unwrap()
            .starts_with(&format!("{high} high risk")),
        "the sentence and the table agree: {summary:?}"
    );
    // The PDF lays out the risks, not empty charts.
    let pdf = dir.path().join("report.pdf");
    let out = opex(&[
        "report",
        "--db",
        s(&db),
        "--bank",
        s(&bank),
        "--team",
        "Demo: Payments Platform",
        "--format",
        "pdf",
        "--out",
        s(&pdf),
    ]);
    assert!(out.status.success(), "{:?}", text(&out));
    let text = std::process::Command::new("pdftotext")
        .args([s(&pdf), "-"])
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains("RISKS") && text.contains("Event Management"),
        "{text}"
    );
    assert!(
        !text.contains("WHERE THE TEAM STANDS"),
        "an empty radar was laid out"
    );
}
