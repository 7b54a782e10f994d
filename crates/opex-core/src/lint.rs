//! `opex bank lint`: what a content reviewer checks, as named rules. Every
//! finding carries the file, line, column and field it is about.

use crate::error::Issue;
use crate::loader::SourceMap;
use crate::locate::Seg;
use crate::model::{AreaKind, Bank, MAX_TITLE, Phase};
use std::collections::{BTreeMap, HashSet};
use std::fmt;

/// Longest prompt, in characters.
pub const MAX_PROMPT: usize = 160;
/// Longest level description, in characters.
pub const MAX_LEVEL: usize = 200;
/// Questions each design principle needs, and per phase within it.
pub const MIN_PER_PRINCIPLE: usize = 6;
pub const MIN_PER_PRINCIPLE_PHASE: usize = 2;
/// Questions each dimension needs.
pub const MIN_PER_DIMENSION: usize = 3;
/// Sørensen–Dice similarity at or above which two texts count as near-duplicates.
pub const NEAR_DUPLICATE: f64 = 0.85;

/// The DORA capabilities a question may name.
pub const DORA_CAPABILITIES: &[&str] = &[
    "version-control",
    "trunk-based-development",
    "continuous-integration",
    "deployment-automation",
    "continuous-delivery",
    "test-automation",
    "test-data-management",
    "shifting-left-on-security",
    "loosely-coupled-architecture",
    "empowering-teams-to-choose-tools",
    "monitoring-and-observability",
    "proactive-failure-notification",
    "database-change-management",
    "code-maintainability",
    "working-in-small-batches",
    "streamlining-change-approval",
    "team-experimentation",
    "visibility-of-work-in-the-value-stream",
    "customer-feedback",
    "visual-management",
    "wip-limits",
    "learning-culture",
    "generative-organizational-culture",
    "job-satisfaction",
    "transformational-leadership",
    "well-being",
    "documentation-quality",
    "flexible-infrastructure",
    "pervasive-security",
    "platform-engineering",
    "user-centric-focus",
];

/// Words that make a level vague when they are what sets it apart.
const VAGUE: &[&str] = &["partially", "somewhat", "some"];

/// Words a check may not use: a stranger could not verify them. A check
/// gives the number or the frequency instead.
const VAGUE_CHECK: &[&str] = &[
    "partially",
    "somewhat",
    "some",
    "usually",
    "often",
    "sometimes",
    "mostly",
    "generally",
    "appropriate",
    "adequate",
    "regularly",
];

/// How many checks a level has: at least one, at most three.
pub const CHECKS_PER_LEVEL: std::ops::RangeInclusive<usize> = 1..=3;

/// The most characters a check may have.
pub const MAX_CHECK: usize = 140;

/// One lint finding: a rule and where it applies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub rule: &'static str,
    pub issue: Issue,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} [{}]", self.issue, self.rule)
    }
}

/// Every rule, with what it checks, for `--help` and the README.
pub const RULES: &[(&str, &str)] = &[
    (
        "coverage-area",
        "each principle has 6+ questions and each dimension 3+",
    ),
    (
        "coverage-phase",
        "each principle has 2+ questions in each of prepare, operate and evolve",
    ),
    ("missing-phase", "every question is tagged with its phase"),
    (
        "title",
        "every question has a title of at most 50 characters, unlike every other title",
    ),
    ("prompt-length", "a prompt is at most 160 characters"),
    (
        "level-length",
        "a level description is at most 200 characters",
    ),
    (
        "vague-level",
        "no level leans on \"partially\", \"somewhat\" or \"some\"",
    ),
    ("checks", "each level has 1 to 3 checks"),
    ("check-length", "a check is at most 140 characters"),
    (
        "vague-check",
        "no check says \"some\", \"often\", \"usually\", \"regularly\" or the like",
    ),
    (
        "phase-wa-area",
        "a principle question's phase agrees with its wa_area, or its phase_reason says why not",
    ),
    ("duplicate-prompt", "no two prompts are near-duplicates"),
    (
        "duplicate-level",
        "no two level descriptions are near-duplicates",
    ),
    ("next-steps", "levels 1-4 each have a next step (exactly 4)"),
    (
        "missing-discussion",
        "every question has a workshop discussion prompt",
    ),
    (
        "missing-wa-area",
        "every question names its Well-Architected OpEx area",
    ),
    ("unknown-dora", "DORA capabilities are known values"),
    (
        "quick-profile",
        "the quick profile has exactly one question per area",
    ),
];

struct Lint<'a> {
    map: &'a SourceMap,
    findings: Vec<Finding>,
}

impl Lint<'_> {
    fn add(&mut self, rule: &'static str, question: Option<&str>, path: &[Seg], message: String) {
        self.findings.push(Finding {
            rule,
            issue: self.map.issue(question, path, message),
        });
    }
}

fn words(s: &str) -> impl Iterator<Item = String> + '_ {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}

fn similar(a: &str, b: &str) -> bool {
    strsim::sorensen_dice(&a.to_lowercase(), &b.to_lowercase()) >= NEAR_DUPLICATE
}

/// Lints a loaded bank. An empty result means a reviewer would have nothing to flag.
pub fn lint(bank: &Bank, map: &SourceMap) -> Vec<Finding> {
    let mut l = Lint {
        map,
        findings: Vec::new(),
    };

    for (i, area) in bank.areas.iter().enumerate() {
        let qs: Vec<_> = bank
            .questions
            .iter()
            .filter(|q| q.area == area.id)
            .collect();
        let at = [Seg::from("areas"), Seg::Index(i), Seg::from("id")];
        match area.kind {
            AreaKind::Principle => {
                if qs.len() < MIN_PER_PRINCIPLE {
                    l.add("coverage-area", None, &at, format!(
                        "principle `{}` has {} questions; it needs at least {MIN_PER_PRINCIPLE}",
                        area.id,
                        qs.len()
                    ));
                }
                for phase in Phase::ALL {
                    let n = qs.iter().filter(|q| q.phase == Some(phase)).count();
                    if n < MIN_PER_PRINCIPLE_PHASE {
                        l.add("coverage-phase", None, &at, format!(
                            "principle `{}` has {n} {} questions; it needs at least {MIN_PER_PRINCIPLE_PHASE}",
                            area.id,
                            phase.as_str()
                        ));
                    }
                }
            }
            AreaKind::Dimension => {
                if qs.len() < MIN_PER_DIMENSION {
                    l.add("coverage-area", None, &at, format!(
                        "dimension `{}` has {} questions; it needs at least {MIN_PER_DIMENSION}",
                        area.id,
                        qs.len()
                    ));
                }
            }
            // A lens's pillars keep the lens's own coverage.
            AreaKind::Pillar => {}
        }
    }

    let dora: HashSet<&str> = DORA_CAPABILITIES.iter().copied().collect();
    for q in &bank.questions {
        let id = Some(q.id.as_str());
        // A checklist question (an imported lens's) keeps the lens's shape:
        // no phase, short title, discussion, wa_area or next steps; the
        // maturity rules below pass it by.
        let maturity = q.checklist.is_none();
        if maturity && q.phase.is_none() {
            l.add(
                "missing-phase",
                id,
                &["area".into()],
                format!("`{}` has no phase", q.id),
            );
        }
        match q.title.as_deref().map(str::trim) {
            None | Some("") if !maturity => {}
            None | Some("") => l.add(
                "title",
                id,
                &["id".into()],
                format!(
                    "`{}` has no title: give it a short name, at most {MAX_TITLE} characters",
                    q.id
                ),
            ),
            Some(t) if t.chars().count() > MAX_TITLE => l.add(
                "title",
                id,
                &["title".into()],
                format!(
                    "the title is {} characters; at most {MAX_TITLE}",
                    t.chars().count()
                ),
            ),
            Some(t) => {
                if let Some(other) = bank
                    .questions
                    .iter()
                    .take_while(|o| o.id != q.id)
                    .find(|o| {
                        o.title
                            .as_deref()
                            .is_some_and(|x| x.trim().eq_ignore_ascii_case(t))
                    })
                {
                    l.add(
                        "title",
                        id,
                        &["title".into()],
                        format!("the title repeats `{}`'s: \"{t}\"", other.id),
                    );
                }
            }
        }
        let n = q.prompt.chars().count();
        if n > MAX_PROMPT {
            l.add(
                "prompt-length",
                id,
                &["prompt".into()],
                format!("the prompt is {n} characters; at most {MAX_PROMPT}"),
            );
        }
        for (k, level) in q.levels.iter().enumerate() {
            let at = [Seg::from("levels"), Seg::Index(k)];
            if !CHECKS_PER_LEVEL.contains(&level.checks.len()) {
                l.add(
                    "checks",
                    id,
                    &at,
                    format!(
                        "level {} has {} checks; it needs 1 to 3 a stranger could verify",
                        k + 1,
                        level.checks.len()
                    ),
                );
            }
            for (c, check) in level.checks.iter().enumerate() {
                let at = [
                    Seg::from("levels"),
                    Seg::Index(k),
                    Seg::from("checks"),
                    Seg::Index(c),
                ];
                let n = check.chars().count();
                if n > MAX_CHECK {
                    l.add(
                        "check-length",
                        id,
                        &at,
                        format!(
                            "check {} of level {} is {n} characters; at most {MAX_CHECK}",
                            c + 1,
                            k + 1
                        ),
                    );
                }
                if let Some(w) = words(check).find(|w| VAGUE_CHECK.contains(&w.as_str())) {
                    l.add(
                        "vague-check",
                        id,
                        &at,
                        format!(
                            "check {} of level {} says \"{w}\": give what a stranger would count or see",
                            c + 1,
                            k + 1
                        ),
                    );
                }
            }
            let level = &level.text;
            let n = level.chars().count();
            if n > MAX_LEVEL {
                l.add(
                    "level-length",
                    id,
                    &at,
                    format!("level {} is {n} characters; at most {MAX_LEVEL}", k + 1),
                );
            }
            if let Some(w) = words(level).find(|w| VAGUE.contains(&w.as_str())) {
                l.add(
                    "vague-level",
                    id,
                    &at,
                    format!(
                        "level {} says \"{w}\": describe the behaviour a team would show instead",
                        k + 1
                    ),
                );
            }
        }
        if maturity
            && (q.next_steps.len() != q.levels.len().saturating_sub(1)
                || q.next_steps.iter().any(|s| s.trim().is_empty()))
        {
            l.add(
                "next-steps",
                id,
                &["next_steps".into()],
                format!(
                    "`{}` has {} next steps; levels 1-4 each need one",
                    q.id,
                    q.next_steps.iter().filter(|s| !s.trim().is_empty()).count()
                ),
            );
        }
        if maturity && q.discussion.as_deref().is_none_or(|d| d.trim().is_empty()) {
            l.add(
                "missing-discussion",
                id,
                &["prompt".into()],
                format!("`{}` has no discussion prompt", q.id),
            );
        }
        if maturity && q.wa_area.is_none() {
            l.add(
                "missing-wa-area",
                id,
                &["prompt".into()],
                format!("`{}` names no wa_area", q.id),
            );
        }
        let principle = bank
            .area(&q.area)
            .is_some_and(|a| a.kind == crate::AreaKind::Principle);
        if let (true, Some(phase), Some(wa)) = (principle, q.phase, q.wa_area)
            && let Some(wa_phase) = wa.phase()
            && wa_phase != phase
            && q.phase_reason
                .as_deref()
                .is_none_or(|r| r.trim().is_empty())
        {
            l.add(
                "phase-wa-area",
                id,
                &["phase".into()],
                format!(
                    "`{}` is tagged {} but its wa_area is {}: fix one, or say why in phase_reason",
                    q.id,
                    phase.label(),
                    wa_phase.label()
                ),
            );
        }
        for (k, d) in q.dora.iter().enumerate() {
            if !dora.contains(d.as_str()) {
                l.add(
                    "unknown-dora",
                    id,
                    &[Seg::from("dora"), Seg::Index(k)],
                    format!("`{d}` is not a known DORA capability"),
                );
            }
        }
    }

    for (i, a) in bank.questions.iter().enumerate() {
        for b in &bank.questions[i + 1..] {
            if similar(&a.prompt, &b.prompt) {
                l.add(
                    "duplicate-prompt",
                    Some(&b.id),
                    &["prompt".into()],
                    format!("the prompt of `{}` nearly repeats `{}`", b.id, a.id),
                );
            }
        }
    }
    let levels: Vec<(&str, usize, &str)> = bank
        .questions
        .iter()
        .flat_map(|q| {
            q.levels
                .iter()
                .enumerate()
                .map(move |(k, t)| (q.id.as_str(), k, t.text.as_str()))
        })
        .collect();
    for (i, (qa, ka, ta)) in levels.iter().enumerate() {
        for (qb, kb, tb) in &levels[i + 1..] {
            if similar(ta, tb) {
                l.add(
                    "duplicate-level",
                    Some(qb),
                    &[Seg::from("levels"), Seg::Index(*kb)],
                    format!(
                        "level {} of `{qb}` nearly repeats level {} of `{qa}`",
                        kb + 1,
                        ka + 1
                    ),
                );
            }
        }
    }

    for (i, p) in bank.profiles.iter().enumerate() {
        if p.id != "quick" {
            continue;
        }
        let mut per_area: BTreeMap<&str, usize> =
            bank.areas.iter().map(|a| (a.id.as_str(), 0)).collect();
        for q in p.questions.iter().filter_map(|id| bank.question(id)) {
            *per_area.entry(q.area.as_str()).or_default() += 1;
        }
        for (area, n) in per_area.into_iter().filter(|(_, n)| *n != 1) {
            l.add("quick-profile", None, &[Seg::from("profiles"), Seg::Index(i), Seg::from("questions")], format!(
                "the quick profile has {n} questions from `{area}`; it needs exactly one per area"
            ));
        }
    }
    l.findings
}

/// Counts per area, phase and profile, for `opex bank stats`.
#[derive(Debug, Clone, PartialEq)]
pub struct Stats {
    /// (area id, kind, total, prepare, operate, evolve)
    pub areas: Vec<(String, AreaKind, usize, [usize; 3])>,
    /// Questions per phase over the whole bank.
    pub phases: [usize; 3],
    /// (profile id, question count); "full" first.
    pub profiles: Vec<(String, usize)>,
    pub questions: usize,
}

pub fn stats(bank: &Bank) -> Stats {
    let count_phases = |qs: &mut dyn Iterator<Item = &crate::model::Question>| {
        let mut c = [0; 3];
        for q in qs {
            if let Some(p) = q.phase {
                c[Phase::ALL.iter().position(|x| *x == p).unwrap_or(0)] += 1;
            }
        }
        c
    };
    let areas = bank
        .areas
        .iter()
        .map(|a| {
            let total = bank.questions.iter().filter(|q| q.area == a.id).count();
            let phases = count_phases(&mut bank.questions.iter().filter(|q| q.area == a.id));
            (a.id.clone(), a.kind, total, phases)
        })
        .collect();
    let mut profiles = vec![("full".to_string(), bank.questions.len())];
    profiles.extend(
        bank.profiles
            .iter()
            .map(|p| (p.id.clone(), p.questions.len())),
    );
    Stats {
        areas,
        phases: count_phases(&mut bank.questions.iter()),
        profiles,
        questions: bank.questions.len(),
    }
}
