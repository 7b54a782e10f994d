//! The self-contained HTML report of one assessment: inline CSS, inline SVG charts,
//! no script and no external resource. Askama escapes every piece of user text.

use crate::ReportError;
use crate::assessment_charts::charts;
use crate::charts::Theme;
use askama::Template;
use opex_core::ScoredAssessment;
use opex_core::{Answer, AreaKind};
use opex_core::{Summary, summarize};

struct AreaView {
    name: String,
    kind: &'static str,
    score: String,
    coverage: String,
    change: String,
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

/// "▲ +0.4", "▼ −0.3", "= 0.0", or "" when there is nothing to compare.
pub fn fmt_change(delta: Option<f64>) -> String {
    match delta {
        Some(d) if d >= 0.05 => format!("▲ +{d:.1}"),
        Some(d) if d <= -0.05 => format!("▼ −{:.1}", d.abs()),
        Some(_) => "= no change".to_string(),
        None => String::new(),
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
            change: fmt_change(a.delta),
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
                        .cloned()
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
        overall_change: fmt_change(summary.overall_delta),
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
