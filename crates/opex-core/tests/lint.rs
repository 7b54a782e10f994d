//! Bank lint: the default bank is clean, and each rule fires, located, on a bank
//! broken in exactly one way.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed

use opex_core::{Source, default_bank_sources, lint::lint, load_mapped};

/// The default bank with `edit` applied to the block of question `id` in `file`.
fn edited(file: &str, id: &str, edit: impl Fn(&str) -> String) -> Vec<Source> {
    edited_from(default_bank_sources(), file, id, edit)
}

/// `sources` with `edit` applied to the block of question `id` in `file`.
fn edited_from(
    mut sources: Vec<Source>,
    file: &str,
    id: &str,
    edit: impl Fn(&str) -> String,
) -> Vec<Source> {
    let src = sources.iter_mut().find(|s| s.name.ends_with(file)).unwrap();
    let start = src.text.find(&format!("id = \"{id}\"")).unwrap();
    let end = src.text[start..]
        .find("[[questions]]")
        .map_or(src.text.len(), |e| start + e);
    let block = edit(&src.text[start..end]);
    assert_ne!(block, src.text[start..end], "the edit changed nothing");
    src.text = format!("{}{block}{}", &src.text[..start], &src.text[end..]);
    sources
}

/// The head file with `old` replaced by `new`.
fn head_edited(old: &str, new: &str) -> Vec<Source> {
    let mut sources = default_bank_sources();
    assert!(sources[0].text.contains(old));
    sources[0].text = sources[0].text.replacen(old, new, 1);
    sources
}

fn line_of(sources: &[Source], file: &str, needle: &str) -> usize {
    let src = sources.iter().find(|s| s.name.ends_with(file)).unwrap();
    src.text[..src.text.find(needle).unwrap()]
        .matches('\n')
        .count()
        + 1
}

/// Lints `sources`; expects findings of `rule` only, the first at `file` on the
/// line holding `needle`, in a field ending with `field`.
#[track_caller]
fn check(sources: Vec<Source>, rule: &str, file: &str, needle: &str, field: &str) {
    let (bank, map) = load_mapped(&sources).unwrap();
    let findings = lint(&bank, &map);
    assert!(!findings.is_empty(), "rule {rule} did not fire");
    for f in &findings {
        assert_eq!(f.rule, rule, "unexpected finding: {f}");
    }
    let f = &findings[0];
    assert!(f.issue.file.ends_with(file), "{f}");
    assert_eq!(f.issue.line, line_of(&sources, file, needle), "{f}");
    assert!(f.issue.field.ends_with(field), "{f}");
    assert!(f.to_string().ends_with(&format!("[{rule}]")));
}

const OPS: &str = "questions/ops-as-code.toml";

#[test]
fn the_default_bank_is_clean() {
    let (bank, map) = load_mapped(&default_bank_sources()).unwrap();
    let findings = lint(&bank, &map);
    assert!(
        findings.is_empty(),
        "{}",
        findings
            .iter()
            .map(|f| f.to_string())
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn prompt_length() {
    let long = "x".repeat(170);
    let s = edited(OPS, "OPS-CODE-02", |b| {
        let start = b.find("prompt = \"").unwrap() + 10;
        let end = start + b[start..].find('"').unwrap();
        format!("{}{long}{}", &b[..start], &b[end..])
    });
    check(s, "prompt-length", OPS, &long, "prompt");
}

#[test]
fn level_length() {
    let long = format!("Teams {} every change.", "carefully ".repeat(22));
    assert!(long.chars().count() > opex_core::lint::MAX_LEVEL);
    let s = edited(OPS, "OPS-CODE-01", |b| {
        let start = b.find("[[questions.levels]]\ntext = \"").unwrap() + 29;
        let end = start + b[start..].find('"').unwrap();
        format!("{}{long}{}", &b[..start], &b[end..])
    });
    // A level is a table: its findings are on its `[[questions.levels]]` line.
    check(
        s,
        "level-length",
        OPS,
        &format!("[[questions.levels]]\ntext = \"{long}\""),
        "levels[0]",
    );
}

#[test]
fn vague_level() {
    let s = edited(OPS, "OPS-CODE-01", |b| {
        b.replacen("Hand changes follow", "Some hand changes follow", 1)
    });
    check(
        s,
        "vague-level",
        OPS,
        "[[questions.levels]]\ntext = \"Some hand changes",
        "levels[1]",
    );
}

#[test]
fn duplicate_prompt() {
    let s = edited(OPS, "OPS-CODE-02", |b| {
        let start = b.find("prompt = \"").unwrap() + 10;
        let end = start + b[start..].find('"').unwrap();
        format!(
            "{}How were the last three changes to our production infrastructure made today?{}",
            &b[..start],
            &b[end..]
        )
    });
    check(s, "duplicate-prompt", OPS, "made today?", "prompt");
}

#[test]
fn duplicate_level() {
    // OPS-CODE-02's first level nearly repeats OPS-CODE-01's.
    let near = "Infrastructure is created and changed by hand, in consoles or on servers, with nothing that could repeat the change!";
    let s = edited(OPS, "OPS-CODE-02", |b| {
        let start = b.find("[[questions.levels]]\ntext = \"").unwrap() + 29;
        let end = start + b[start..].find('"').unwrap();
        format!("{}{near}{}", &b[..start], &b[end..])
    });
    check(
        s,
        "duplicate-level",
        OPS,
        &format!("[[questions.levels]]\ntext = \"{near}\""),
        "levels[0]",
    );
}

#[test]
fn next_steps() {
    let s = edited(OPS, "OPS-CODE-01", |b| {
        let start = b.find("next_steps = [\n").unwrap() + 15;
        let end = start + b[start..].find('\n').unwrap() + 1;
        format!("{}{}", &b[..start], &b[end..])
    });
    check(s, "next-steps", OPS, "next_steps = [", "next_steps");
}

#[test]
fn missing_discussion() {
    let s = edited(OPS, "OPS-CODE-03", |b| {
        let start = b.find("discussion = ").unwrap();
        let end = start + b[start..].find('\n').unwrap() + 1;
        format!("{}{}", &b[..start], &b[end..])
    });
    let prompt_line = {
        let src = s.iter().find(|x| x.name.ends_with(OPS)).unwrap();
        let at = src.text.find("id = \"OPS-CODE-03\"").unwrap();
        let p = at + src.text[at..].find("prompt = ").unwrap();
        src.text[p..].lines().next().unwrap().to_string()
    };
    check(s, "missing-discussion", OPS, &prompt_line, "prompt");
}

#[test]
fn missing_wa_area() {
    let s = edited(OPS, "OPS-CODE-01", |b| {
        b.replacen("wa_area = \"prepare\"\n", "", 1)
    });
    check(
        s,
        "missing-wa-area",
        OPS,
        "prompt = \"How were the last three changes to our production infrastructure",
        "prompt",
    );
}

#[test]
fn unknown_dora() {
    let s = edited(OPS, "OPS-CODE-01", |b| {
        b.replacen("\"flexible-infrastructure\"", "\"cloud-stuff\"", 1)
    });
    check(s, "unknown-dora", OPS, "\"cloud-stuff\"", "dora[1]");
}

#[test]
fn missing_phase() {
    let s = edited("questions/scaling.toml", "SCALE-04", |b| {
        b.replacen("phase = \"operate\"\n", "", 1)
    });
    check(
        s,
        "missing-phase",
        "questions/scaling.toml",
        "area = \"scaling\"",
        "area",
    );
}

#[test]
fn coverage_per_principle_and_phase() {
    // Move both evolve questions out of ops-as-code: it keeps 5 questions
    // (fewer than 6) and none in evolve (fewer than 2).
    let to_small = |b: &str| b.replacen("area = \"ops-as-code\"", "area = \"small-changes\"", 1);
    let s = edited(OPS, "OPS-CODE-05", to_small);
    let s = edited_from(s, OPS, "OPS-CODE-06", to_small);
    let (bank, map) = load_mapped(&s).unwrap();
    let findings = lint(&bank, &map);
    let rules: Vec<&str> = findings.iter().map(|f| f.rule).collect();
    assert_eq!(rules, vec!["coverage-area", "coverage-phase"]);
    for f in &findings {
        assert!(
            f.issue.file.ends_with("bank.toml") && f.issue.field == "areas[0].id",
            "{f}"
        );
        assert_eq!(
            f.issue.line,
            line_of(&s, "bank.toml", "id = \"ops-as-code\""),
            "{f}"
        );
    }
    assert!(
        findings[0]
            .issue
            .message
            .contains("`ops-as-code` has 5 questions"),
        "{}",
        findings[0]
    );
    assert!(
        findings[1].issue.message.contains("has 0 evolve questions"),
        "{}",
        findings[1]
    );
}

#[test]
fn quick_profile() {
    let s = head_edited("\"SMALL-CHG-01\"", "\"OPS-CODE-02\"");
    check(
        s,
        "quick-profile",
        "bank.toml",
        "questions = [\n  \"OPS-CODE-01\"",
        "questions",
    );
}

#[test]
fn title_missing() {
    let s = edited(OPS, "OPS-CODE-02", |b| {
        let start = b.find("title = \"").unwrap();
        let end = start + b[start..].find('\n').unwrap() + 1;
        format!("{}{}", &b[..start], &b[end..])
    });
    check(s, "title", OPS, "id = \"OPS-CODE-02\"", "id");
}

#[test]
fn title_length() {
    let long = "A title that runs on well past the fifty characters a sidebar can hold";
    let s = edited(OPS, "OPS-CODE-02", |b| {
        let start = b.find("title = \"").unwrap() + 9;
        let end = start + b[start..].find('"').unwrap();
        format!("{}{long}{}", &b[..start], &b[end..])
    });
    check(s, "title", OPS, long, "title");
}

#[test]
fn title_repeated() {
    let s = edited(OPS, "OPS-CODE-02", |b| {
        let start = b.find("title = \"").unwrap() + 9;
        let end = start + b[start..].find('"').unwrap();
        format!("{}infrastructure CHANGES{}", &b[..start], &b[end..])
    });
    check(s, "title", OPS, "infrastructure CHANGES", "title");
}

/// The first check of OPS-CODE-01's first level, as written in the bank.
fn first_check() -> String {
    let src = default_bank_sources();
    let text = &src.iter().find(|s| s.name.ends_with(OPS)).unwrap().text;
    let from = text.find("checks = [").unwrap();
    let start = from + text[from..].find('"').unwrap() + 1;
    let end = start + text[start..].find('"').unwrap();
    text[start..end].to_string()
}

#[test]
fn checks_per_level() {
    let first = first_check();
    let s = edited(OPS, "OPS-CODE-01", |b| {
        b.replacen(&format!("checks = [\n  \"{first}\",\n]"), "checks = []", 1)
    });
    check(
        s,
        "checks",
        OPS,
        "[[questions.levels]]\ntext = \"Infrastructure is created",
        "levels[0]",
    );
}

#[test]
fn check_length() {
    let first = first_check();
    let long = format!(
        "{first} {}",
        "And the record says so in full detail.".repeat(4)
    );
    let s = edited(OPS, "OPS-CODE-01", |b| b.replacen(&first, &long, 1));
    check(s, "check-length", OPS, &long, "levels[0].checks[0]");
}

#[test]
fn vague_check() {
    let first = first_check();
    let vague = format!("Usually, {first}");
    let s = edited(OPS, "OPS-CODE-01", |b| b.replacen(&first, &vague, 1));
    check(s, "vague-check", OPS, &vague, "levels[0].checks[0]");
}

#[test]
fn phase_and_wa_area_agree_unless_a_reason_is_given() {
    let s = edited(OPS, "OPS-CODE-01", |b| {
        b.replacen("phase = \"prepare\"", "phase = \"operate\"", 1)
    });
    check(s, "phase-wa-area", OPS, "phase = \"operate\"", "phase");
    let s = edited(OPS, "OPS-CODE-01", |b| {
        b.replacen(
            "phase = \"prepare\"",
            "phase = \"operate\"\nphase_reason = \"It is answered from the running system.\"",
            1,
        )
    });
    let (bank, map) = load_mapped(&s).unwrap();
    assert!(lint(&bank, &map).is_empty());
}
