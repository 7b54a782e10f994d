//! The text `opex bank validate|lint|stats` prints: what opex-core found in a
//! bank, for a person (banks need no store); and `opex bank stats --usage`,
//! how a bank's questions fared in the database, as a table or JSON.

use crate::args::UsageFormat;
use crate::tables::visible;
use opex_core::lint::Finding;
use opex_core::usage::{
    FLAG_FACTOR, FLAG_MARGIN, MIN_ANSWERS, MIN_WORKSHOPS, QuestionUsage, Rate, RateKind,
    UsageReport,
};
use opex_core::{AreaKind, Bank};
use serde::Serialize;
use std::fmt::Write;
use std::path::Path;

/// `opex bank validate`: the bank is valid, with its size.
pub fn valid(path: &Path, b: &Bank) -> String {
    let count = |kind| b.areas.iter().filter(|a| a.kind == kind).count();
    let pillars = match count(AreaKind::Pillar) {
        0 => String::new(),
        n => format!(", {n} pillars"),
    };
    format!(
        "{}: bank `{}` {} is valid: {} areas ({} principles, {} dimensions{pillars}), {} questions\n",
        path.display(),
        b.id,
        b.version,
        b.areas.len(),
        count(AreaKind::Principle),
        count(AreaKind::Dimension),
        b.questions.len()
    )
}

/// `opex bank lint`: each finding on its own line, or that there are none.
pub fn lint(path: &Path, b: &Bank, findings: &[Finding]) -> String {
    let mut out = String::new();
    for f in findings {
        let _ = writeln!(out, "{f}");
    }
    if findings.is_empty() {
        let _ = writeln!(
            out,
            "{}: bank `{}` {}: no lint findings ({} questions)",
            path.display(),
            b.id,
            b.version,
            b.questions.len()
        );
    }
    out
}

/// `opex bank stats`: questions per area and phase, then per profile.
pub fn stats(b: &Bank) -> String {
    let st = opex_core::lint::stats(b);
    let mut out = format!(
        "bank `{}` {}: {} questions\n\n",
        b.id, b.version, st.questions
    );
    let _ = writeln!(
        out,
        "{:<22} {:<10} {:>5} {:>8} {:>8} {:>7}",
        "area", "kind", "total", "prepare", "operate", "evolve"
    );
    for (id, kind, total, [p, o, e]) in &st.areas {
        let kind = match kind {
            AreaKind::Principle => "principle",
            AreaKind::Dimension => "dimension",
            AreaKind::Pillar => "pillar",
        };
        let _ = writeln!(out, "{id:<22} {kind:<10} {total:>5} {p:>8} {o:>8} {e:>7}");
    }
    let [p, o, e] = st.phases;
    let _ = writeln!(
        out,
        "{:<22} {:<10} {:>5} {p:>8} {o:>8} {e:>7}\n",
        "all", "", st.questions
    );
    let _ = writeln!(out, "{:<22} {:>5}", "profile", "questions");
    for (id, n) in &st.profiles {
        let _ = writeln!(out, "{id:<22} {n:>5}");
    }
    out
}

/// The version of the `opex bank stats --usage --format json` document;
/// bumped on an incompatible change.
pub const USAGE_JSON_VERSION: u32 = 1;

/// The widest a title is shown in the table; the JSON has it whole.
const TITLE_WIDTH: usize = 40;

/// `opex bank stats --usage`: the report on `bank_id`'s questions.
pub fn usage(bank_id: &str, r: &UsageReport, format: UsageFormat) -> String {
    match format {
        UsageFormat::Json => crate::json::pretty(&UsageJson::new(bank_id, r)),
        UsageFormat::Text => usage_text(bank_id, r),
    }
}

/// A share as a whole percentage, or a dash when there is nothing to take it of.
fn percent(v: Option<f64>) -> String {
    v.map_or("–".into(), |v| format!("{:.0}%", v * 100.0))
}

/// A median as a percentage to one decimal, without a trailing `.0`: the
/// rule doubles it, so 12.5 % must not read as 12 %.
fn exact_percent(v: f64) -> String {
    let p = format!("{:.1}", v * 100.0);
    format!("{}%", p.strip_suffix(".0").unwrap_or(&p))
}

fn usage_text(bank_id: &str, r: &UsageReport) -> String {
    let bank = visible(bank_id);
    let mut out = String::new();
    let voted = r.workshops_voted > 0;
    if !voted {
        let _ = writeln!(
            out,
            "No workshop has voted yet on bank `{bank}` ({} assessments read, {} of them workshops): \
             there is no disagreement or re-vote to show.",
            r.assessments, r.workshops
        );
        if r.rows.is_empty() {
            out.push_str("No assessment has answered any of its questions either.\n");
            return out;
        }
        out.push_str("The N/A and don't-know rates of the self-assessments follow.\n\n");
    }
    let _ = writeln!(
        out,
        "bank `{bank}`: {} assessments read, {} workshops ({} voted), {} answers \
         (agreed answers of self-assessments and round-1 votes of workshops)",
        r.assessments,
        r.workshops,
        r.workshops_voted,
        r.answers()
    );
    let kinds: &[RateKind] = if voted {
        &RateKind::ALL
    } else {
        &[RateKind::NotApplicable, RateKind::DontKnow]
    };
    let medians: Vec<String> = r
        .medians
        .iter()
        .filter(|m| kinds.contains(&m.kind))
        .map(|m| match m.questions {
            0 => format!(
                "{} – (no question has {} {} yet)",
                m.kind.label(),
                m.kind.min_data(),
                data_unit(m.kind)
            ),
            n => format!(
                "{} {} (of {n} questions)",
                m.kind.label(),
                m.value.map_or("–".into(), exact_percent)
            ),
        })
        .collect();
    let _ = writeln!(out, "medians: {}\n", medians.join(", "));

    let mut head = vec![("question", false), ("title", false)];
    if voted {
        head.extend([
            ("workshops", true),
            ("disagree", true),
            ("voted", true),
            ("re-vote", true),
        ]);
    }
    head.extend([
        ("answers", true),
        ("N/A", true),
        ("don't know", true),
        ("flagged", false),
    ]);
    let rows: Vec<Vec<String>> = r
        .rows
        .iter()
        .map(|q| {
            let title = q.title.as_deref().map_or("–".into(), |t| {
                opex_core::model::cut(&visible(t), TITLE_WIDTH)
            });
            let mut row = vec![visible(&q.question_id), title];
            if voted {
                row.extend([
                    q.disagreement.of.to_string(),
                    percent(q.disagreement.value()),
                    q.revote.of.to_string(),
                    percent(q.revote.value()),
                ]);
            }
            row.extend([
                q.not_applicable.of.to_string(),
                percent(q.not_applicable.value()),
                percent(q.dont_know.value()),
                flags(q),
            ]);
            row
        })
        .collect();
    out.push_str(&table(&head, &rows));
    let split: Vec<Vec<String>> = r
        .rows
        .iter()
        .filter(|q| !q.flags.is_empty() && !q.disagreed_in.is_empty())
        .map(|q| {
            let ids: Vec<String> = q.disagreed_in.iter().map(i64::to_string).collect();
            vec![visible(&q.question_id), ids.join(", ")]
        })
        .collect();
    if !split.is_empty() {
        out.push_str(
            "\nthe workshops where the flagged questions split the room \
             (`opex report --assessment ID --format markdown --out FILE` writes one's closing summary):\n",
        );
        out.push_str(&table(&[("question", false), ("workshops", false)], &split));
    }
    let _ = writeln!(
        out,
        "\nflagged: the question has enough data ({MIN_WORKSHOPS} workshops for disagree and re-vote, \
         {MIN_ANSWERS} answers for N/A and don't know) and the rate is at least {FLAG_FACTOR}× the bank's \
         median and {:.0} points above it, so it is a candidate for rewording.",
        FLAG_MARGIN * 100.0
    );
    out
}

/// What a rate's data is counted in.
fn data_unit(kind: RateKind) -> &'static str {
    match kind {
        RateKind::Disagreement | RateKind::Revote => "workshops",
        RateKind::NotApplicable | RateKind::DontKnow => "answers",
    }
}

/// Rows under a header, each column as wide as its widest cell, two spaces
/// apart; a column marked `true` is aligned right (numbers), the others left.
fn table(head: &[(&str, bool)], rows: &[Vec<String>]) -> String {
    let widths: Vec<usize> = head
        .iter()
        .enumerate()
        .map(|(i, (name, _))| {
            rows.iter()
                .map(|r| r[i].chars().count())
                .chain([name.chars().count()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |cells: Vec<&str>| {
        let padded: Vec<String> = cells
            .iter()
            .zip(head)
            .zip(&widths)
            .map(|((cell, (_, right)), &w)| match right {
                true => format!("{cell:>w$}"),
                false => format!("{cell:<w$}"),
            })
            .collect();
        padded.join("  ").trim_end().to_string() + "\n"
    };
    let mut out = line(head.iter().map(|(name, _)| *name).collect());
    for r in rows {
        out.push_str(&line(r.iter().map(String::as_str).collect()));
    }
    out
}

/// The rates a question was flagged on, e.g. `disagree, N/A`.
fn flags(q: &QuestionUsage) -> String {
    q.flags
        .iter()
        .map(|k| k.label())
        .collect::<Vec<_>>()
        .join(", ")
}

/// A rate's name in the JSON.
fn key(kind: RateKind) -> &'static str {
    match kind {
        RateKind::Disagreement => "disagreement",
        RateKind::Revote => "revote",
        RateKind::NotApplicable => "not_applicable",
        RateKind::DontKnow => "dont_know",
    }
}

/// `opex bank stats --usage --format json`. Fields are in alphabetical
/// order, every one always present; a share is a number from 0 to 1, `null`
/// when there is nothing to take it of.
#[derive(Serialize)]
struct UsageJson {
    /// Self-assessments' agreed answers plus workshops' round-1 votes.
    answers: usize,
    assessments: usize,
    bank_id: String,
    flag_rule: FlagRuleJson,
    medians: MediansJson,
    /// Flagged questions first, then by disagreement, highest first.
    questions: Vec<QuestionJson>,
    version: u32,
    workshops: usize,
    workshops_voted: usize,
}

#[derive(Serialize)]
struct FlagRuleJson {
    factor: f64,
    margin: f64,
    min_answers: usize,
    min_workshops: usize,
}

#[derive(Serialize)]
struct MediansJson {
    disagreement: Option<f64>,
    dont_know: Option<f64>,
    not_applicable: Option<f64>,
    revote: Option<f64>,
}

#[derive(Serialize)]
struct QuestionJson {
    /// `of`: workshops that discussed it (two or more level votes in round 1).
    disagreement: RateJson,
    /// The ids of the workshops (assessments) whose round-1 votes split.
    disagreed_in: Vec<i64>,
    dont_know: RateJson,
    flags: Vec<&'static str>,
    id: String,
    /// `of`: all its answers.
    not_applicable: RateJson,
    /// `of`: workshops that voted on it in round 1.
    revote: RateJson,
    title: Option<String>,
}

#[derive(Serialize)]
struct RateJson {
    count: usize,
    of: usize,
    rate: Option<f64>,
}

impl From<Rate> for RateJson {
    fn from(r: Rate) -> Self {
        RateJson {
            count: r.count,
            of: r.of,
            rate: r.value(),
        }
    }
}

impl UsageJson {
    fn new(bank_id: &str, r: &UsageReport) -> UsageJson {
        UsageJson {
            answers: r.answers(),
            assessments: r.assessments,
            bank_id: bank_id.to_string(),
            flag_rule: FlagRuleJson {
                factor: FLAG_FACTOR,
                margin: FLAG_MARGIN,
                min_answers: MIN_ANSWERS,
                min_workshops: MIN_WORKSHOPS,
            },
            medians: MediansJson {
                disagreement: r.median(RateKind::Disagreement),
                dont_know: r.median(RateKind::DontKnow),
                not_applicable: r.median(RateKind::NotApplicable),
                revote: r.median(RateKind::Revote),
            },
            questions: r
                .rows
                .iter()
                .map(|q| QuestionJson {
                    disagreement: q.disagreement.into(),
                    disagreed_in: q.disagreed_in.clone(),
                    dont_know: q.dont_know.into(),
                    flags: q.flags.iter().map(|&k| key(k)).collect(),
                    id: q.question_id.clone(),
                    not_applicable: q.not_applicable.into(),
                    revote: q.revote.into(),
                    title: q.title.clone(),
                })
                .collect(),
            version: USAGE_JSON_VERSION,
            workshops: r.workshops,
            workshops_voted: r.workshops_voted,
        }
    }
}
