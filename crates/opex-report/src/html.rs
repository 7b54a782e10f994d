//! The self-contained HTML report of one assessment: inline CSS, inline SVG charts,
//! no script and no external resource. Askama escapes every piece of user text.

use crate::ReportError;
use crate::assessment_charts::charts;
use crate::charts::Theme;
use askama::Template;
use opex_core::ScoredAssessment;
use opex_core::compare::{Change, round1};
use opex_core::{Answer, AreaKind};
use opex_core::{Summary, summarize};

struct AreaView {
    name: String,
    kind: &'static str,
    score: String,
    coverage: String,
    change: String,
    /// The area's full score, when it differs from the change's "after".
    full: String,
    target: String,
}

struct QuestionView {
    id: String,
    area: String,
    prompt: String,
    answer: String,
    level_text: String,
    note: String,
}

#[derive(Template)]
#[template(path = "assessment.html")]
struct AssessmentPage<'a> {
    team: &'a str,
    bank: String,
    date: String,
    status: &'static str,
    overall: String,
    overall_change: String,
    overall_full: String,
    comparison_note: String,
    coverage: String,
    radar: &'a str,
    phases: &'a str,
    spectrum: &'a str,
    areas: Vec<AreaView>,
    questions: Vec<QuestionView>,
    generated: String,
}

pub fn fmt_score(v: Option<f64>) -> String {
    v.map_or("–".to_string(), |v| format!("{v:.1}"))
}

/// A change with the before and after it was measured on, which it is the
/// difference of: "2.6 → 3.4 ▲ +0.8", "3.0 → 3.2 ≈ +0.2 (within noise)", or ""
/// when there is nothing to compare.
pub fn fmt_change(change: Option<&Change>) -> String {
    change.map_or(String::new(), |c| {
        fmt_moved(Some(c.before), Some(c.after), Some(c.delta), c.real)
    })
}

/// The same, from a report's stored numbers.
pub fn fmt_moved(
    before: Option<f64>,
    after: Option<f64>,
    delta: Option<f64>,
    real: bool,
) -> String {
    let (Some(before), Some(after), Some(delta)) = (before, after, delta) else {
        return String::new();
    };
    let noise = if real { "" } else { " (within noise)" };
    format!(
        "{before:.1} → {after:.1} {}{noise}",
        fmt_delta(Some(delta), real)
    )
}

/// "▲ +0.4", "▼ −0.3", "≈ +0.1" (not a real change), or "" when there is
/// nothing to compare.
pub fn fmt_delta(delta: Option<f64>, real: bool) -> String {
    let Some(d) = delta else {
        return String::new();
    };
    let sign = if d < 0.0 { "−" } else { "+" };
    let mark = match (real, d) {
        (false, _) => "≈",
        (true, d) if d > 0.0 => "▲",
        _ => "▼",
    };
    format!("{mark} {sign}{:.1}", d.abs())
}

/// "3.3 on all 6 questions" when the full score differs from the one the
/// change was measured on; "" otherwise.
pub fn fmt_full(c: Option<&Change>, full: Option<f64>, questions: usize) -> String {
    match (c, full) {
        (Some(c), Some(f)) if (round1(f) - c.after).abs() > 1e-9 => format!(
            "{f:.1} on all {questions} question{}",
            if questions == 1 { "" } else { "s" }
        ),
        _ => String::new(),
    }
}

fn answer_text(a: &Answer) -> String {
    match a {
        Answer::Level(l) => format!("Level {l}"),
        Answer::NotApplicable { reason } => format!("Not applicable: {reason}"),
        Answer::DontKnow => "Don't know".to_string(),
    }
}

/// Renders one assessment, compared with the previous one when given, as a
/// self-contained HTML document.
pub fn assessment_html(
    current: &ScoredAssessment,
    previous: Option<&ScoredAssessment>,
    targets: &[(String, f64)],
) -> Result<String, ReportError> {
    let summary: Summary = summarize(current, previous).with_targets(targets);
    let charts = charts(&summary, current, Theme::Light)?;
    let areas = summary
        .areas
        .iter()
        .map(|a| AreaView {
            name: if a.changed.is_empty() {
                a.name.clone()
            } else {
                format!("{} †", a.name)
            },
            kind: if a.kind == AreaKind::Principle {
                "Principle"
            } else {
                "Dimension"
            },
            score: fmt_score(a.mean),
            coverage: format!("{} of {}", a.answered, a.applicable),
            change: fmt_change(a.change.as_ref()),
            full: fmt_full(a.change.as_ref(), a.mean, a.answered),
            target: match (a.target, a.gap()) {
                (Some(t), Some(g)) if g > 0.0 => format!("{t:.1} ({g:.1} to go)"),
                (Some(t), _) => format!("{t:.1} ✓ met"),
                _ => String::new(),
            },
        })
        .collect();
    let questions = current
        .asked
        .iter()
        .filter_map(|id| current.bank.question(id))
        .map(|q| {
            let stored = current.consensus.get(&q.id);
            let (answer, level_text) = match stored.map(|s| &s.response.answer) {
                Some(a @ Answer::Level(l)) => (
                    answer_text(a),
                    q.levels
                        .get(usize::from(*l) - 1)
                        .map(|l| l.text.clone())
                        .unwrap_or_default(),
                ),
                Some(a) => (answer_text(a), String::new()),
                None => ("Not answered".to_string(), String::new()),
            };
            QuestionView {
                id: q.id.clone(),
                area: current
                    .bank
                    .area(&q.area)
                    .map_or(q.area.clone(), |a| a.name.clone()),
                prompt: q.prompt.clone(),
                answer,
                level_text,
                note: stored
                    .and_then(|s| s.response.note.clone())
                    .unwrap_or_default(),
            }
        })
        .collect();
    let a = &current.assessment;
    let page = AssessmentPage {
        team: &a.team_name,
        bank: format!("{} {}", a.bank_title, a.bank_version),
        date: a.date_label(),
        status: if a.is_complete() {
            "Complete"
        } else {
            "In progress"
        },
        overall: fmt_score(summary.overall),
        overall_change: fmt_change(summary.overall_change.as_ref()),
        overall_full: fmt_full(
            summary.overall_change.as_ref(),
            summary.overall,
            summary.answered,
        ),
        comparison_note: summary.comparison_note.clone().unwrap_or_default(),
        coverage: format!(
            "{} of {} applicable questions answered · {} not applicable · {} don't know",
            summary.answered, summary.applicable, summary.not_applicable, summary.dont_know
        ),
        radar: &charts.radar,
        phases: &charts.phases,
        spectrum: &charts.spectrum,
        areas,
        questions,
        generated: chrono::Utc::now().format("%-d %b %Y %H:%M UTC").to_string(),
    };
    Ok(page.render()?)
}
