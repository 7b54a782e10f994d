//! Checklist questions in a bank's own TOML: they load without levels or a
//! phase (in a pillar area), and the loader locates by file, line, column
//! and field what is wrong in one: levels beside choices, a repeated choice
//! id, a condition that does not parse, a missing or misplaced `default`.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed

use opex_core::Source;

const HEAD: &str = r#"id = "lens"
version = "1.0"
title = "A lens"

[[areas]]
id = "ops"
kind = "pillar"
name = "Operations"
description = ""
"#;

/// A question file with one checklist question; `rules` and `extra` are
/// spliced in.
fn question(choice_b: &str, rules: &str, extra: &str) -> String {
    format!(
        r#"[[questions]]
id = "q1"
area = "ops"
prompt = "How do you deploy?"
guidance = ""
levels = []
{extra}
[[questions.checklist.choices]]
id = "q1_a"
title = "Pipelines"

[[questions.checklist.choices]]
id = "{choice_b}"
title = "Rollbacks"

[[questions.checklist.choices]]
id = "q1_no"
title = "None of these"
none_of_these = true
{rules}"#
    )
}

const RULES: &str = r#"
[[questions.checklist.risk_rules]]
condition = "q1_a && q1_b"
risk = "NO_RISK"

[[questions.checklist.risk_rules]]
condition = "default"
risk = "HIGH_RISK"
"#;

fn load(questions: &str) -> Result<opex_core::Bank, Vec<String>> {
    let sources = [
        Source {
            name: "bank.toml".into(),
            text: HEAD.into(),
        },
        Source {
            name: "questions/ops.toml".into(),
            text: questions.into(),
        },
    ];
    opex_core::load_sources(&sources)
        .map_err(|e| e.issues().iter().map(ToString::to_string).collect())
}

#[test]
fn a_checklist_question_loads_without_levels_phase_or_guidance() {
    let bank = load(&question("q1_b", RULES, "")).unwrap();
    let c = bank.questions[0].checklist.as_ref().unwrap();
    assert_eq!(c.choices.len(), 3);
    assert!(c.choices[2].none_of_these);
}

#[test]
fn the_loader_locates_what_is_wrong_in_a_checklist() {
    let table: &[(String, &[&str])] = &[
        (
            question("q1_b", RULES, "levels_ = 1")
                .replace("levels = []\nlevels_ = 1", "levels = [\"Ad hoc\"]"),
            &[
                "questions/ops.toml:6:1: questions[0].levels: question `q1` is a checklist, so it has no levels (`levels = []`): its choices are what a team ticks",
            ],
        ),
        (
            question("q1_a", &RULES.replace("q1_a && q1_b", "q1_a"), ""),
            &[
                "questions/ops.toml:13:1: questions[0].checklist.choices[1].id: duplicate choice id `q1_a` in this question",
            ],
        ),
        (
            question("q1_b", &RULES.replace("q1_a && q1_b", "q1_a && q1_c"), ""),
            &[
                "questions/ops.toml:22:1: questions[0].checklist.risk_rules[0].condition: `q1_c` at character 9 is not a choice of this question; its choices are q1_a, q1_b, q1_no",
            ],
        ),
        (
            question("q1_b", &RULES.replace("q1_a && q1_b", "(q1_a"), ""),
            &[
                "questions/ops.toml:22:1: questions[0].checklist.risk_rules[0].condition: the `(` at character 1 is never closed",
            ],
        ),
        (
            question(
                "q1_b",
                &RULES.replace("condition = \"default\"", "condition = \"q1_no\""),
                "",
            ),
            &[
                "questions/ops.toml:21:23: questions[0].checklist.risk_rules: no rule is `default`: the last rule must be `default`, the risk when no other holds",
            ],
        ),
        (
            question(
                "q1_b",
                &RULES
                    .replace("q1_a && q1_b", "@")
                    .replace("\"default\"", "\"q1_a && q1_b\"")
                    .replace('@', "default"),
                "",
            ),
            &[
                "questions/ops.toml:22:1: questions[0].checklist.risk_rules[0].condition: `default` is rule 1 of 2: it must be the last, or the rules after it never apply",
            ],
        ),
    ];
    for (text, expect) in table {
        assert_eq!(load(text).unwrap_err(), *expect, "{text}");
    }
}

#[test]
fn a_maturity_question_still_needs_five_levels_and_guidance() {
    let text = r#"[[questions]]
id = "m1"
area = "ops"
prompt = "How?"
guidance = ""
levels = ["one"]
"#;
    assert_eq!(
        load(text).unwrap_err(),
        [
            "questions/ops.toml:5:1: questions[0].guidance: question `m1` has empty guidance",
            "questions/ops.toml:6:1: questions[0].levels: question `m1` has 1 levels; it needs exactly 5",
        ]
    );
}
