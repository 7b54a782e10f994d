//! Bank lint: the default bank is clean, and each rule fires, located, on a bank
//! broken in exactly one way.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed

use opex_core::{Source, default_bank_sources, lint::lint, load_mapped};

/// The default bank with `edit` applied to the block of question `id` in `file`.
fn edited(file: &str, id: &str, edit: impl Fn(&str) -> String) -> Vec<Source> {
    let mut sources = default_bank_sources();
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
    let s = edited(OPS, "OPS-CODE-01", |b| {
        b.replacen(
            "  \"Servers and cloud",
            &format!("  \"{long}\",\n  \"Servers and cloud"),
            1,
        )
        .replacen(
            ",\n  \"Infrastructure code is tested",
            ",\n  \"XInfrastructure code is tested",
            1,
        )
    });
    // Six levels would be a load error, so replace rather than add: drop the last.
    let s = {
        let mut s = s;
        let src = s.iter_mut().find(|x| x.name.ends_with(OPS)).unwrap();
        let start = src.text.find("  \"XInfrastructure").unwrap();
        let end = start + src.text[start..].find('\n').unwrap() + 1;
        src.text.replace_range(start..end, "");
        s
    };
    check(s, "level-length", OPS, &long, "levels[0]");
}

#[test]
fn vague_level() {
    let s = edited(OPS, "OPS-CODE-01", |b| {
        b.replacen("Hand changes follow", "Some hand changes follow", 1)
    });
    check(s, "vague-level", OPS, "Some hand changes", "levels[1]");
}

#[test]
fn duplicate_prompt() {
    let s = edited(OPS, "OPS-CODE-02", |b| {
        let start = b.find("prompt = \"").unwrap() + 10;
        let end = start + b[start..].find('"').unwrap();
        format!(
            "{}How is the infrastructure for our production services created and changed today?{}",
            &b[..start],
            &b[end..]
        )
    });
    check(s, "duplicate-prompt", OPS, "changed today?", "prompt");
}

#[test]
fn duplicate_level() {
    let s = edited(OPS, "OPS-CODE-02", |b| {
        let start = b.find("levels = [\n  \"").unwrap() + 14;
        let end = start + b[start..].find('"').unwrap();
        format!(
            "{}Servers and cloud resources are created by hand in consoles; nobody can list every change made to production infrastructure last month!{}",
            &b[..start],
            &b[end..]
        )
    });
    check(
        s,
        "duplicate-level",
        OPS,
        "infrastructure last month!",
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
        "How is the infrastructure for our production",
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
    let s = edited("questions/scaling.toml", "SCALE-01", |b| {
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
    let s = edited(OPS, "OPS-CODE-06", |b| {
        b.replacen("area = \"ops-as-code\"", "area = \"small-changes\"", 1)
    });
    let (bank, map) = load_mapped(&s).unwrap();
    let rules: Vec<&str> = lint(&bank, &map).iter().map(|f| f.rule).collect();
    assert_eq!(rules, vec!["coverage-area", "coverage-phase"]);
    let f = &lint(&bank, &map)[0];
    assert!(
        f.issue.file.ends_with("bank.toml") && f.issue.field == "areas[0].id",
        "{f}"
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
