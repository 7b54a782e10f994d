//! AWS Well-Architected lenses in and out, on the eight real lens files in
//! `tests/fixtures/aws-lenses/` (copied byte for byte from the shared fixtures, read as they are) and on a corpus of
//! broken lenses of our own (`tests/lenses/bad/`, one defect each): what
//! loads, the exact error of what does not, hand-worked risks for questions
//! of every fixture, the default bank's export, and round trips.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed

use opex_core::checklist::Risk;
use opex_core::lens::{self, Lens, LensError, LensRead, ReadOptions};
use opex_core::{AreaKind, Bank};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The real lens files. They live beside the repository (in `shared/`,
/// there on CI too); a missing folder fails every test that needs it.
fn fixtures() -> PathBuf {
    let dir = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/fixtures/aws-lenses"
    ));
    assert!(
        dir.join("SOURCE.md").is_file(),
        "the real lens files are missing: expected them in {} (tests/fixtures/aws-lenses in the repository)",
        dir.display()
    );
    dir.to_path_buf()
}

/// Reads a fixture under its own file name, so messages are stable.
fn fixture(name: &str, lenient: bool) -> Result<LensRead, LensError> {
    let bytes = std::fs::read(fixtures().join(name)).unwrap();
    lens::read(name, &bytes, ReadOptions { lenient })
}

/// The six valid fixtures: (file, pillars, questions).
const VALID: [(&str, usize, usize); 6] = [
    ("Amazon_S3_Lens.json", 6, 35),
    ("ORR-Whitepaper-Sample-PUBLISHED.json", 3, 16),
    ("Passport-Custom-Lens.json", 1, 11),
    ("custom-lens-apigw-lambda-v0.1.json", 4, 21),
    ("custom-lens-cognito-v1.0.json", 5, 42),
    ("custom-lensddb-v1.0.json", 6, 48),
];

const ELASTICACHE: &str = "custom-lens-elasticache-v2.0 .json";
const EMR_SPARK: &str = "custom-lens-emr-spark-v1.0.json";

fn questions(l: &Lens) -> usize {
    l.pillars.iter().map(|p| p.questions.len()).sum()
}

fn imported(name: &str, lenient: bool) -> Bank {
    let read = fixture(name, lenient).unwrap_or_else(|e| panic!("{e}"));
    lens::import(&read.lens).unwrap_or_else(|e| panic!("{e}")).0
}

#[test]
fn the_fixture_folder_holds_the_eight_lenses() {
    let mut names: Vec<String> = std::fs::read_dir(fixtures())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".json"))
        .collect();
    names.sort();
    let mut expect: Vec<&str> = VALID.iter().map(|(n, _, _)| *n).collect();
    expect.extend([ELASTICACHE, EMR_SPARK]);
    expect.sort_unstable();
    assert_eq!(names, expect);
}

#[test]
fn the_six_valid_lenses_load_and_become_valid_banks() {
    for (name, pillars, count) in VALID {
        let read = fixture(name, false).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(read.lens.pillars.len(), pillars, "{name}");
        assert_eq!(questions(&read.lens), count, "{name}");
        // The loader read the bank back from its TOML files.
        let (bank, sources) = lens::import(&read.lens).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(bank, lens::to_bank(&read.lens), "{name}");
        assert_eq!(sources[0].name, "bank.toml");
        assert_eq!(bank.title, read.lens.name);
        assert_eq!(bank.areas.len(), pillars, "{name}");
        assert!(bank.areas.iter().all(|a| a.kind == AreaKind::Pillar));
        assert_eq!(bank.questions.len(), count, "{name}");
        for q in &bank.questions {
            let c = q.checklist.as_ref().unwrap();
            assert!(q.levels.is_empty() && q.phase.is_none(), "{}", q.id);
            let origin = c.origin.as_ref().unwrap();
            assert_eq!(
                (origin.lens.as_str(), q.id.as_str()),
                (read.lens.name.as_str(), origin.question_id.as_str())
            );
            assert_eq!(origin.pillar_id, q.area);
        }
        // Nothing a content reviewer asks of a maturity question is asked
        // of a lens's checklist question.
        let (_, map) = opex_core::load_mapped(&sources).unwrap();
        let findings = opex_core::lint::lint(&bank, &map);
        let maturity_rules = [
            "missing-phase",
            "title",
            "next-steps",
            "missing-discussion",
            "missing-wa-area",
            "checks",
        ];
        assert!(
            findings.iter().all(|f| !maturity_rules.contains(&f.rule)),
            "{name}: {:?}",
            findings.first()
        );
    }
}

#[test]
fn bank_ids_and_versions_come_from_the_lens_name() {
    let table = [
        (
            "Amazon_S3_Lens.json",
            "amazon-s3-well-architected-lens",
            "1.0",
        ),
        (
            "custom-lens-cognito-v1.0.json",
            "amazon-cognito-best-practice-lens",
            "1.0",
        ),
        (
            "Passport-Custom-Lens.json",
            "aws-passport-custom-lens",
            "1.0",
        ),
    ];
    for (name, id, version) in table {
        let bank = imported(name, false);
        assert_eq!(
            (bank.id.as_str(), bank.version.as_str()),
            (id, version),
            "{name}"
        );
    }
}

#[test]
fn keys_outside_the_format_are_warnings_that_name_each_path() {
    let fields = |name: &str| -> Vec<String> {
        fixture(name, false)
            .unwrap()
            .warnings
            .iter()
            .map(|w| w.field.clone())
            .collect()
    };
    assert_eq!(fields("Amazon_S3_Lens.json"), ["_version", "_note"]);
    assert_eq!(
        fields("ORR-Whitepaper-Sample-PUBLISHED.json"),
        ["pillars[0].questions[3].choices[1].helpfulResource.Url"]
    );
    assert_eq!(
        fields("Passport-Custom-Lens.json"),
        ["pillars[0].questions[1].url"]
    );
    assert!(fields("custom-lens-cognito-v1.0.json").is_empty());
    assert_eq!(
        fields("custom-lensddb-v1.0.json"),
        ["_version", "_release_date", "_release_note", "_teams"]
    );
    let apigw = fields("custom-lens-apigw-lambda-v0.1.json");
    assert_eq!(
        apigw[..4],
        ["_version", "_release_date", "_release_note", "_teams"]
    );
    assert_eq!(apigw.len(), 4 + 62);
    assert_eq!(apigw[4], "pillars[0].questions[0].choices[0].description");
    assert!(
        apigw[4..]
            .iter()
            .all(|f| f.contains(".choices[") && f.ends_with(".description"))
    );

    let w = &fixture("Passport-Custom-Lens.json", false)
        .unwrap()
        .warnings[0];
    assert_eq!(
        w.to_string(),
        "Passport-Custom-Lens.json:58:16: pillars[0].questions[1].url: `url` is not in the lens format; it is left out of the bank"
    );
    // Kept out of the bank: the S3 lens's `_note` says nothing in it.
    let raw: serde_json::Value =
        serde_json::from_slice(&std::fs::read(fixtures().join("Amazon_S3_Lens.json")).unwrap())
            .unwrap();
    let note = raw["_note"].as_str().unwrap();
    let bank = serde_json::to_string(&imported("Amazon_S3_Lens.json", false)).unwrap();
    assert!(!bank.contains(&serde_json::to_string(note).unwrap()));
}

#[test]
fn html_in_a_lens_stays_literal_text() {
    let html = r#"<a href="https://quip-amazon.com/aQf9EAgGKru">Paul Lu</a>"#;
    let bank = imported("custom-lens-apigw-lambda-v0.1.json", false);
    let q = bank.question("SEC2").unwrap();
    let choice = &q.checklist.as_ref().unwrap().choices[2];
    assert_eq!(choice.id, "SEC2_3");
    assert_eq!(choice.helpful_resource.as_ref().unwrap().display_text, html);
    let out = lens::export(&bank).unwrap();
    assert!(
        out.json
            .contains(r#""<a href=\"https://quip-amazon.com/aQf9EAgGKru\">Paul Lu</a>""#)
    );
}

/// Every question of elasticache lacks `default`: (question, line of its
/// `riskRules`).
const ELASTICACHE_LINES: [(&str, usize); 22] = [
    ("waf_ec_ops_dp1", 81),
    ("waf_ec_ops_dp2", 184),
    ("waf_ec_ops_dp3", 241),
    ("waf_ec_ops_dp4", 306),
    ("waf_ec_ops_dp5", 381),
    ("waf_ec_sec_dp4", 514),
    ("waf_ec_sec_dp5", 565),
    ("waf_ec_sec_dp9", 608),
    ("waf_ec_sec_dp8", 659),
    ("waf_ec_sec_dp6", 702),
    ("waf_ec_sec_dp7", 741),
    ("waf_ec_rel_dp7", 798),
    ("waf_ec_rel_dp8", 853),
    ("waf_ec_rel_dp9", 908),
    ("waf_ec_rel_dp10", 975),
    ("waf_ec_perf_dp9", 1047),
    ("waf_ec_perf_dp10", 1114),
    ("waf_ec_perf_dp11", 1181),
    ("waf_ec_perf_dp12", 1244),
    ("waf_ec_perf_dp13", 1297),
    ("waf_ec_cost_dp12", 1382),
    ("waf_ec_cost_dp13", 1461),
];

#[test]
fn elasticache_fails_on_each_missing_default_with_its_line() {
    let err = fixture(ELASTICACHE, false).unwrap_err();
    let issues = err.issues();
    assert_eq!(issues.len(), 22);
    assert_eq!(
        issues[0].to_string(),
        "custom-lens-elasticache-v2.0 .json:81:26: pillars[0].questions[0].riskRules: question `waf_ec_ops_dp1` has no `default` rule; a lens question needs one, last (--lenient reads it as `default` → NO_RISK)"
    );
    for (issue, (id, line)) in issues.iter().zip(ELASTICACHE_LINES) {
        assert_eq!(issue.line, line, "{id}");
        assert!(issue.field.ends_with(".riskRules"), "{}", issue.field);
        assert!(
            issue.message.contains(&format!("`{id}`")),
            "{}",
            issue.message
        );
    }
}

#[test]
fn elasticache_loads_with_lenient_and_says_what_it_added() {
    let read = fixture(ELASTICACHE, true).unwrap();
    assert_eq!((read.lens.pillars.len(), questions(&read.lens)), (5, 22));
    let fields: Vec<&str> = read.warnings.iter().map(|w| w.field.as_str()).collect();
    assert_eq!(
        fields[..4],
        ["_version", "_release_date", "_release_note", "_teams"]
    );
    let added: Vec<usize> = read.warnings[4..].iter().map(|w| w.line).collect();
    assert_eq!(added, ELASTICACHE_LINES.map(|(_, l)| l));
    assert_eq!(
        read.warnings[4].to_string(),
        "custom-lens-elasticache-v2.0 .json:81:26: pillars[0].questions[0].riskRules: question `waf_ec_ops_dp1` has no `default` rule; --lenient adds `default` → NO_RISK; the NO_RISK rule `waf_ec_ops_dp1_bp1 && waf_ec_ops_dp1_bp2` before it decides nothing any more and is left out"
    );
    assert_eq!(
        read.warnings[6].to_string(),
        "custom-lens-elasticache-v2.0 .json:241:26: pillars[0].questions[2].riskRules: question `waf_ec_ops_dp3` has no `default` rule; --lenient adds `default` → NO_RISK"
    );
    // The bank made from it is valid, and so is the lens it exports.
    let bank = imported(ELASTICACHE, true);
    let out = lens::export(&bank).unwrap();
    assert_eq!(questions(&out.lens), 22);
}

#[test]
fn emr_spark_fails_at_its_nan_even_with_lenient() {
    let expect = "custom-lens-emr-spark-v1.0.json:1448:30: pillars[3].questions[4].title: `NaN` is not JSON (JSON has no NaN or Infinity): write the text in quotes, or a number";
    for lenient in [false, true] {
        let err = fixture(EMR_SPARK, lenient).unwrap_err();
        assert_eq!(
            err.issues()
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>(),
            [expect]
        );
    }
}

#[test]
fn a_lens_is_read_from_a_path_by_its_path() {
    let path = fixtures().join("Passport-Custom-Lens.json");
    let read = lens::read_path(&path, ReadOptions::default()).unwrap();
    assert!(read.warnings[0].file.ends_with("Passport-Custom-Lens.json"));
    let err = lens::read_path(&fixtures(), ReadOptions::default()).unwrap_err();
    assert!(matches!(err, LensError::Io { .. }), "{err}");
}

/// The risk of question `qid` of `bank` with `ticked` ticked.
fn risk(bank: &Bank, qid: &str, ticked: &[&str]) -> Risk {
    let q = bank
        .question(qid)
        .unwrap_or_else(|| panic!("no question {qid}"));
    let c = q.checklist.as_ref().unwrap();
    let ids = opex_core::risk::choice_ids(c);
    for t in ticked {
        assert!(ids.contains(t), "{qid} has no choice {t}");
    }
    let set: BTreeSet<String> = ticked.iter().map(|s| s.to_string()).collect();
    opex_core::risk::risk_of(c, &set)
}

use Risk::{High, Medium, None as NoRisk};

/// For each fixture, questions whose rules are worth working by hand: the
/// ticks and the risk AWS gives.
#[test]
fn risks_of_fixture_questions_match_hand_worked_answers() {
    type Case<'a> = (&'a str, &'a [&'a str], Risk);
    let table: &[(&str, &[Case])] = &[
        (
            "Amazon_S3_Lens.json",
            &[
                // NO: all six; MEDIUM: (1 && (2 || 3)) || (4 && 5); else HIGH.
                (
                    "OPS_2",
                    &[
                        "OPS_2_1", "OPS_2_2", "OPS_2_3", "OPS_2_4", "OPS_2_5", "OPS_2_6",
                    ],
                    NoRisk,
                ),
                ("OPS_2", &["OPS_2_1", "OPS_2_3"], Medium),
                ("OPS_2", &["OPS_2_4", "OPS_2_5"], Medium),
                ("OPS_2", &["OPS_2_1", "OPS_2_4"], High),
                ("OPS_2", &["OPS_2_no"], High),
                // NO: none-of-these, or all three: ticking "none" is no risk here.
                ("OPS_4", &["OPS_4_no"], NoRisk),
                ("OPS_4", &["OPS_4_1", "OPS_4_2"], Medium),
                ("OPS_4", &["OPS_4_1", "OPS_4_2", "OPS_4_3"], NoRisk),
                // HIGH when any of 1-5 or 7 is missing, else MEDIUM unless all nine.
                (
                    "SEC_05",
                    &[
                        "SEC_05_1", "SEC_05_2", "SEC_05_3", "SEC_05_4", "SEC_05_5", "SEC_05_7",
                    ],
                    Medium,
                ),
                (
                    "SEC_05",
                    &[
                        "SEC_05_1", "SEC_05_2", "SEC_05_3", "SEC_05_4", "SEC_05_5", "SEC_05_6",
                    ],
                    High,
                ),
            ],
        ),
        (
            "ORR-Whitepaper-Sample-PUBLISHED.json",
            &[
                (
                    "architecture_architecture_diagram",
                    &["architecture_diagram", "data_flow_diagram"],
                    NoRisk,
                ),
                (
                    "architecture_architecture_diagram",
                    &["architecture_diagram"],
                    Medium,
                ),
                (
                    "architecture_architecture_diagram",
                    &["data_flow_diagram"],
                    Medium,
                ),
                (
                    "architecture_failure_models",
                    &[
                        "failure_model_documented",
                        "hard_failures_known",
                        "soft_failures_known",
                    ],
                    Medium,
                ),
                (
                    "architecture_failure_models",
                    &["failure_model_documented", "hard_failures_known"],
                    High,
                ),
                // One choice, and the default decides the rest.
                ("architecture_api_matrix", &["table_provided"], NoRisk),
                ("architecture_api_matrix", &[], High),
            ],
        ),
        (
            "Passport-Custom-Lens.json",
            &[
                ("overview01", &["choice1"], NoRisk),
                ("overview01", &["choice2"], High),
                // Both ticked: the first rule wins.
                ("overview01", &["choice1", "choice2"], NoRisk),
            ],
        ),
        (
            "custom-lens-apigw-lambda-v0.1.json",
            &[
                (
                    "MONITOR3",
                    &[
                        "MONITOR3_1",
                        "MONITOR3_2",
                        "MONITOR3_3",
                        "MONITOR3_4",
                        "MONITOR3_5",
                    ],
                    NoRisk,
                ),
                (
                    "MONITOR3",
                    &["MONITOR3_2", "MONITOR3_3", "MONITOR3_5"],
                    Medium,
                ),
                (
                    "MONITOR3",
                    &["MONITOR3_1", "MONITOR3_2", "MONITOR3_3", "MONITOR3_4"],
                    High,
                ),
            ],
        ),
        (
            "custom-lens-cognito-v1.0.json",
            &[
                // NO: (1 || 2) && 3; MEDIUM: 1 || 2 || 3; else HIGH.
                ("CGNSEC1", &["CGNSEC1_1", "CGNSEC1_3"], NoRisk),
                ("CGNSEC1", &["CGNSEC1_2", "CGNSEC1_3"], NoRisk),
                ("CGNSEC1", &["CGNSEC1_3"], Medium),
                ("CGNSEC1", &["CGNSEC1_1", "CGNSEC1_2"], Medium),
                ("CGNSEC1", &["CGNSEC1_no"], High),
                ("CGNREL3", &["CGNREL3_1", "CGNREL3_2"], Medium),
                (
                    "CGNREL3",
                    &["CGNREL3_1", "CGNREL3_3", "CGNREL3_4", "CGNREL3_5"],
                    High,
                ),
            ],
        ),
        (
            "custom-lensddb-v1.0.json",
            &[
                // NO: 1 || (2 && 3 && 4 && 5); HIGH: !5; else MEDIUM.
                ("DDBREL8", &["DDBREL8_1"], NoRisk),
                (
                    "DDBREL8",
                    &["DDBREL8_2", "DDBREL8_3", "DDBREL8_4", "DDBREL8_5"],
                    NoRisk,
                ),
                ("DDBREL8", &["DDBREL8_2", "DDBREL8_3", "DDBREL8_4"], High),
                ("DDBREL8", &["DDBREL8_2", "DDBREL8_5"], Medium),
                // A rule that can never decide: with one choice, MEDIUM never comes.
                ("DDBPERF8", &["DDBPERF8_1"], NoRisk),
                ("DDBPERF8", &[], High),
            ],
        ),
    ];
    for (name, cases) in table {
        let bank = imported(name, false);
        for (qid, ticked, expect) in *cases {
            assert_eq!(risk(&bank, qid, ticked), *expect, "{name} {qid} {ticked:?}");
        }
    }
    // Elasticache, read with --lenient: its added `default` decides last.
    let bank = imported(ELASTICACHE, true);
    for (qid, ticked, expect) in [
        // HIGH: bp3 || !bp1; MEDIUM: !bp2; then default NO (bp1 && bp2 dropped).
        (
            "waf_ec_ops_dp1",
            &["waf_ec_ops_dp1_bp1", "waf_ec_ops_dp1_bp2"][..],
            NoRisk,
        ),
        ("waf_ec_ops_dp1", &["waf_ec_ops_dp1_bp1"][..], Medium),
        ("waf_ec_ops_dp1", &["waf_ec_ops_dp1_bp2"][..], High),
        (
            "waf_ec_ops_dp1",
            &[
                "waf_ec_ops_dp1_bp1",
                "waf_ec_ops_dp1_bp2",
                "waf_ec_ops_dp1_bp3",
            ][..],
            High,
        ),
        // NO: bp1 && bp2; MEDIUM: !bp1 || !bp2 || bp3; default NO.
        (
            "waf_ec_ops_dp3",
            &["waf_ec_ops_dp3_bp1", "waf_ec_ops_dp3_bp2"][..],
            NoRisk,
        ),
        ("waf_ec_ops_dp3", &["waf_ec_ops_dp3_bp1"][..], Medium),
    ] {
        assert_eq!(
            risk(&bank, qid, ticked),
            expect,
            "elasticache {qid} {ticked:?}"
        );
    }
    // EMR Spark cannot load as it is; with its NaN quoted its rules read.
    let text = std::fs::read_to_string(fixtures().join(EMR_SPARK)).unwrap();
    let quoted = text.replace(": NaN", ": \"NaN\"");
    let read = lens::read(EMR_SPARK, quoted.as_bytes(), ReadOptions::default()).unwrap();
    let bank = lens::import(&read.lens).unwrap().0;
    for (qid, ticked, expect) in [
        // NO: all four; HIGH: !2 || !4; else MEDIUM.
        (
            "OPS1",
            &["OPS1_1", "OPS1_2", "OPS1_3", "OPS1_4"][..],
            NoRisk,
        ),
        ("OPS1", &["OPS1_2", "OPS1_4"][..], Medium),
        ("OPS1", &["OPS1_1", "OPS1_2", "OPS1_3"][..], High),
    ] {
        assert_eq!(risk(&bank, qid, ticked), expect, "emr {qid} {ticked:?}");
    }
}

#[test]
fn k_of_n_practices_leaves_none_of_these_out() {
    let bank = imported("custom-lens-cognito-v1.0.json", false);
    let c = bank
        .question("CGNSEC1")
        .unwrap()
        .checklist
        .as_ref()
        .unwrap();
    let t = |ids: &[&str]| ids.iter().map(|s| s.to_string()).collect::<BTreeSet<_>>();
    assert_eq!(
        opex_core::risk::in_place(c, &t(&["CGNSEC1_1", "CGNSEC1_3"])),
        (2, 3)
    );
    assert_eq!(opex_core::risk::in_place(c, &t(&["CGNSEC1_no"])), (0, 3));
    assert!(c.choices[3].none_of_these);
}

#[test]
fn import_then_export_gives_back_each_valid_lens() {
    for (name, _, _) in VALID {
        let original = fixture(name, false).unwrap().lens;
        let (bank, _) = lens::import(&original).unwrap();
        let out = lens::export(&bank).unwrap_or_else(|e| panic!("{name}: {e}"));
        // The same pillars, questions, choices and rules, and texts too.
        assert_eq!(out.lens, original, "{name}");
        let again = lens::read(name, out.json.as_bytes(), ReadOptions::default()).unwrap();
        assert_eq!(again.lens, original, "{name}");
        assert!(again.warnings.is_empty(), "{name}: {:?}", again.warnings);
        assert!(out.plan.iter().all(|p| p.areas.len() == 1));
    }
}

#[test]
fn the_default_bank_exports_to_a_valid_lens_that_imports_again() {
    let bank = opex_core::default_bank().unwrap();
    let out = lens::export(&bank).unwrap();
    assert!(
        out.json.len() <= lens::MAX_BYTES,
        "{} bytes",
        out.json.len()
    );
    // Five principles on their own, the eight dimensions in four pairs.
    let plan: Vec<(&str, Vec<&str>)> = out
        .plan
        .iter()
        .map(|p| {
            (
                p.pillar_id.as_str(),
                p.areas.iter().map(String::as_str).collect(),
            )
        })
        .collect();
    assert_eq!(
        plan,
        [
            ("ops_as_code", vec!["ops-as-code"]),
            ("small_changes", vec!["small-changes"]),
            ("refine_procedures", vec!["refine-procedures"]),
            ("anticipate_failure", vec!["anticipate-failure"]),
            ("learn_from_events", vec!["learn-from-events"]),
            (
                "team_structure_and_change_philosophy",
                vec!["team-structure", "change-philosophy"]
            ),
            (
                "failure_response_and_infrastructure",
                vec!["failure-response", "infrastructure"]
            ),
            ("monitoring_and_knowledge", vec!["monitoring", "knowledge"]),
            (
                "scaling_and_success_metric",
                vec!["scaling", "success-metric"]
            ),
        ]
    );
    assert_eq!(out.plan[5].name, "Team structure & Change philosophy");
    // The validator passes it (export reads it back) and so does a fresh read.
    let read = lens::read("opex.json", out.json.as_bytes(), ReadOptions::default()).unwrap();
    assert!(read.warnings.is_empty());
    let (again, _) = lens::import(&read.lens).unwrap();
    assert_eq!(again.questions.len(), bank.questions.len());
    assert_eq!(again.areas.len(), 9);

    // One question, written out: a single select by convention.
    let q = &read.lens.pillars[0].questions[0];
    let source = &bank.questions[0];
    assert_eq!(q.id, "OPS_CODE_01");
    assert_eq!(q.title, source.prompt);
    let description = q.description.as_deref().unwrap();
    assert!(
        description.starts_with(lens::SINGLE_SELECT),
        "{description}"
    );
    assert!(description.contains(source.guidance.trim()));
    let ids: Vec<&str> = q.choices.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "OPS_CODE_01_no",
            "OPS_CODE_01_L2",
            "OPS_CODE_01_L3",
            "OPS_CODE_01_L4",
            "OPS_CODE_01_L5"
        ]
    );
    assert!(q.choices[0].improvement_plan.is_none());
    for k in 1..5 {
        assert_eq!(
            q.choices[k].improvement_plan.as_ref().unwrap().display_text,
            source.next_steps[k - 1],
            "the plan of level {} is the step that reaches it",
            k + 1
        );
        assert!(
            q.choices[k]
                .title
                .starts_with(&format!("Level {} (", k + 1))
        );
    }
    assert!(
        q.choices[3]
            .helpful_resource
            .as_ref()
            .unwrap()
            .display_text
            .starts_with(source.levels[3].text.trim())
    );
    assert_eq!(q.risk_rules, lens::maturity_rules("OPS_CODE_01"));
    // A dimension sharing a pillar names its area.
    let shared = &read.lens.pillars[5].questions[0];
    assert!(
        shared
            .description
            .as_deref()
            .unwrap()
            .contains("Area: Team structure."),
        "{:?}",
        shared.description
    );
    // Every id and title within the limits.
    for p in &read.lens.pillars {
        assert!(p.id.len() <= 64 && p.questions.len() <= 20);
        for q in &p.questions {
            assert!(q.id.len() <= 64 && q.title.chars().count() <= 128);
            assert!(q.choices.iter().all(|c| c.id.len() <= 64));
        }
    }
}

#[test]
fn an_exported_maturity_question_is_decided_by_its_lowest_level_ticked() {
    let bank = opex_core::default_bank().unwrap();
    let out = lens::export(&bank).unwrap();
    let (again, _) = lens::import(&out.lens).unwrap();
    let q = "OPS_CODE_01";
    let l = |n: &str| format!("{q}_{n}");
    for (ticked, expect) in [
        (vec![l("no")], High),
        (vec![l("L2")], High),
        (vec![l("L3")], Medium),
        (vec![l("L4")], NoRisk),
        (vec![l("L5")], NoRisk),
        (vec![l("L2"), l("L5")], High),
        (vec![l("L3"), l("L4")], Medium),
        (vec![l("L4"), l("L5")], NoRisk),
    ] {
        let t: Vec<&str> = ticked.iter().map(String::as_str).collect();
        assert_eq!(risk(&again, q, &t), expect, "{t:?}");
    }
}

#[test]
fn a_bank_too_big_for_ten_pillars_is_refused() {
    let mut bank = opex_core::default_bank().unwrap();
    // Eleven principles: no room left for the dimensions.
    for n in 0..6 {
        let mut a = bank.areas[0].clone();
        a.id = format!("extra-{n}");
        bank.areas.insert(0, a.clone());
        let mut q = bank.questions[0].clone();
        q.id = format!("EXTRA-{n}");
        q.area = a.id;
        bank.questions.push(q);
    }
    let err = lens::export(&bank).unwrap_err();
    assert_eq!(
        err.to_string(),
        "the bank cannot be written as a lens: its 11 principles and pillars take a pillar each, which leaves none for its 8 dimensions; a lens has at most 10 pillars"
    );
}

/// Each file of `tests/lenses/bad/` breaks `tests/lenses/good.json` in one
/// place; its errors, exactly.
const BAD: &[(&str, &[&str])] = &[
    (
        "bad-risk.json",
        &[
            "bad-risk.json:56:23: pillars[0].questions[0].riskRules[1].risk: `LOW_RISK` is not a risk: write HIGH_RISK, MEDIUM_RISK or NO_RISK",
        ],
    ),
    (
        "comment.json",
        &["comment.json:5:3: not JSON: Comments are not allowed"],
    ),
    (
        "default-not-last.json",
        &[
            "default-not-last.json:51:28: pillars[0].questions[0].riskRules[0].condition: `default` is rule 1 of 3: it must be the last, or the rules after it never apply",
        ],
    ),
    (
        "duplicate-choice.json",
        &[
            "duplicate-choice.json:45:21: pillars[0].questions[0].choices[2].id: choice id `q1_a` is also the id of choices[0]; choice ids are unique in a question",
        ],
    ),
    (
        "duplicate-key.json",
        &[
            "duplicate-key.json:13:11: pillars[0].questions[0].title: `title` appears twice in this object; keep one",
        ],
    ),
    (
        "duplicate-question.json",
        &[
            "duplicate-question.json:71:17: pillars[1].questions[0].id: question id `q1` is also the id of pillars[0].questions[0]; question ids are unique in a lens",
        ],
    ),
    (
        "empty-operand.json",
        &[
            "empty-operand.json:51:34: pillars[0].questions[0].riskRules[0].condition: the condition does not parse: `&&` has nothing on its right: it stands at character 6",
        ],
    ),
    (
        "four-rules.json",
        &[
            "four-rules.json:49:24: pillars[0].questions[0].riskRules: 4 risk rules; a question has 1 to 3",
        ],
    ),
    (
        "long-name.json",
        &["long-name.json:3:11: name: the lens name is 129 characters; at most 128"],
    ),
    (
        "long-title.json",
        &[
            "long-title.json:12:20: pillars[0].questions[0].title: the question title is 129 characters; at most 128",
        ],
    ),
    (
        "missing-improvement-plan.json",
        &[
            "missing-improvement-plan.json:26:13: pillars[0].questions[0].choices[1].improvementPlan: choice `q1_b` has no improvementPlan; only a \"None of these\" choice (id ending in `_no`) may go without",
        ],
    ),
    (
        "missing-title.json",
        &["missing-title.json:10:9: pillars[0].questions[0].title: `title` is missing"],
    ),
    (
        "nan.json",
        &[
            "nan.json:12:20: pillars[0].questions[0].title: `NaN` is not JSON (JSON has no NaN or Infinity): write the text in quotes, or a number",
        ],
    ),
    (
        "no-default.json",
        &[
            "no-default.json:49:24: pillars[0].questions[0].riskRules: question `q1` has no `default` rule; a lens question needs one, last (--lenient reads it as `default` → NO_RISK)",
        ],
    ),
    (
        "pillar-id.json",
        &[
            "pillar-id.json:7:13: pillars[0].id: a pillar id holds only letters, digits and `_`; `op-s` has `-`",
        ],
    ),
    (
        "resource-type.json",
        &[
            "resource-type.json:34:27: pillars[0].questions[0].choices[1].additionalResources[0].type: `LINK` is not a resource type: write HELPFUL_RESOURCE or IMPROVEMENT_PLAN",
        ],
    ),
    (
        "schema-version.json",
        &[
            "schema-version.json:2:20: schemaVersion: schemaVersion is \"2022-01-01\"; opex reads lenses of schemaVersion \"2021-11-01\"",
        ],
    ),
    (
        "stray-token.json",
        &[
            "stray-token.json:51:34: pillars[0].questions[0].riskRules[0].condition: the condition does not parse: unexpected `q1_b` at character 6: join it to what comes before with `&&` or `||`",
        ],
    ),
    (
        "too-many-choices.json",
        &[
            "too-many-choices.json:14:22: pillars[0].questions[0].choices: 16 choices; a question has 1 to 15",
        ],
    ),
    (
        "too-many-pillars.json",
        &["too-many-pillars.json:5:14: pillars: 11 pillars; a lens has 1 to 10"],
    ),
    (
        "too-many-questions.json",
        &["too-many-questions.json:9:20: pillars[0].questions: 21 questions; a pillar has 1 to 20"],
    ),
    (
        "trailing-comma.json",
        &[
            "trailing-comma.json:61:14: pillars[0].questions[0].riskRules[2]: not JSON: Trailing commas are not allowed",
        ],
    ),
    (
        "unbalanced.json",
        &[
            "unbalanced.json:55:29: pillars[0].questions[0].riskRules[1].condition: the condition does not parse: the `(` at character 1 is never closed",
        ],
    ),
    (
        "unknown-choice.json",
        &[
            "unknown-choice.json:51:37: pillars[0].questions[0].riskRules[0].condition: the condition does not parse: `q1_c` at character 9 is not a choice of this question; its choices are q1_a, q1_b, q1_no",
        ],
    ),
    (
        "wrong-type.json",
        &[
            "wrong-type.json:14:22: pillars[0].questions[0].choices: expected an array, found an object",
        ],
    ),
];

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/lenses")
}

#[test]
fn the_corpus_base_is_a_valid_lens() {
    let bytes = std::fs::read(corpus().join("good.json")).unwrap();
    let read = lens::read("good.json", &bytes, ReadOptions::default()).unwrap();
    assert!(read.warnings.is_empty());
    let (bank, _) = lens::import(&read.lens).unwrap();
    assert_eq!(lens::export(&bank).unwrap().lens, read.lens);
}

#[test]
fn each_broken_lens_gets_its_exact_error() {
    let mut files: Vec<String> = std::fs::read_dir(corpus().join("bad"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(
        files,
        BAD.iter().map(|(f, _)| f.to_string()).collect::<Vec<_>>(),
        "every file has its row, every row its file"
    );
    for (file, expect) in BAD {
        let bytes = std::fs::read(corpus().join("bad").join(file)).unwrap();
        let err = lens::read(file, &bytes, ReadOptions::default())
            .err()
            .unwrap_or_else(|| panic!("{file} was read"));
        let got: Vec<String> = err.issues().iter().map(ToString::to_string).collect();
        assert_eq!(got, *expect, "{file}");
    }
}

#[test]
fn a_file_over_500_kb_or_not_utf8_is_refused_before_parsing() {
    let big = format!("{{\"name\": \"{}\"}}", "x".repeat(lens::MAX_BYTES));
    let err = lens::read("big.json", big.as_bytes(), ReadOptions::default()).unwrap_err();
    assert_eq!(
        err.issues()[0].to_string(),
        "big.json:1:1: the file is 500012 bytes; a lens may be at most 500 KB (500000 bytes)"
    );
    let err = lens::read(
        "latin1.json",
        b"{\n  \"name\": \"caf\xe9\"}",
        ReadOptions::default(),
    )
    .unwrap_err();
    assert_eq!(
        err.issues()[0].to_string(),
        "latin1.json:2:15: byte 16 is not UTF-8 text (0xe9); a lens is a UTF-8 JSON file"
    );
    let err = lens::read("empty.json", b"  ", ReadOptions::default()).unwrap_err();
    assert_eq!(
        err.issues()[0].to_string(),
        "empty.json:1:1: the file holds no JSON: a lens is a JSON object"
    );
}

#[test]
fn lenient_reads_a_missing_default_as_no_risk() {
    let bytes = std::fs::read(corpus().join("bad/no-default.json")).unwrap();
    let read = lens::read("no-default.json", &bytes, ReadOptions { lenient: true }).unwrap();
    assert_eq!(
        read.warnings
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>(),
        [
            "no-default.json:49:24: pillars[0].questions[0].riskRules: question `q1` has no `default` rule; --lenient adds `default` → NO_RISK"
        ]
    );
    let rules = &read.lens.pillars[0].questions[0].risk_rules;
    assert_eq!(rules.len(), 3);
    assert_eq!(
        (rules[2].condition.as_str(), rules[2].risk),
        ("default", NoRisk)
    );
}
