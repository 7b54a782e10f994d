//! The leadership report as Markdown (for a wiki, its charts as SVG files
//! beside it) and as one self-contained HTML page.

use super::*;

/// The report as Markdown for a wiki, with its charts as SVG files written
/// beside it and linked relatively. Returns the Markdown and the files, as
/// (file name, SVG). `stem` names the chart files (use `safe_file_name`).
pub fn markdown(
    r: &ReportData,
    charts: &crate::Charts,
    drawn: &crate::trends::TrendCharts,
    stem: &str,
) -> (String, Vec<(String, String)>) {
    use crate::markdown::escape_md as md;
    use std::fmt::Write;
    let f = |v: Option<f64>| v.map_or("–".to_string(), |v| format!("{v:.1}"));
    let files = vec![
        (format!("{stem}-radar.svg"), charts.radar.clone()),
        (format!("{stem}-trend.svg"), drawn.trend.clone()),
        (format!("{stem}-area-trends.svg"), drawn.areas.clone()),
        (format!("{stem}-phases.svg"), charts.phases.clone()),
        (format!("{stem}-spectrum.svg"), charts.spectrum.clone()),
    ];
    let mut out = String::new();
    let _ = writeln!(out, "# Operational maturity: {}\n", md(&r.team));
    for s in &r.summary {
        let _ = writeln!(out, "- {}", md(s));
    }
    let _ = writeln!(out, "\n![Radar of the areas]({})\n", files[0].0);
    let _ = writeln!(out, "![Overall score over time]({})\n", files[1].0);
    let _ = writeln!(out, "![Each area's score over time]({})\n", files[2].0);
    let _ = writeln!(
        out,
        "## Areas\n\n| Area | Score | Change | Target |\n|---|---|---|---|"
    );
    for a in &r.areas {
        let change = crate::html::fmt_moved(a.previous, a.after, a.change, a.real_change);
        let _ = writeln!(
            out,
            "| {} | {} | {change} | {} |",
            md(&a.name),
            f(a.score),
            f(a.target)
        );
    }
    let _ = writeln!(
        out,
        "\n![Scores per phase]({})\n\n![Traditional to modern]({})\n",
        files[3].0, files[4].0
    );
    let _ = writeln!(out, "## Where the team disagreed\n");
    if r.hotspots.is_empty() {
        let _ = writeln!(out, "No question's votes spread over two or more levels.");
    }
    for h in &r.hotspots {
        let _ = writeln!(
            out,
            "- {} {} (votes {} to {})",
            md(&h.question),
            md(&h.prompt),
            h.lowest,
            h.highest
        );
    }
    if !r.risks.is_empty() {
        let _ = writeln!(
            out,
            "\n## Risks\n\nChecklist questions, scored as the AWS Well-Architected Tool scores them, and kept out of the 1–5 maturity scores.\n\n| Area | High | Medium | None | Not answered |\n|---|---|---|---|---|"
        );
        for x in &r.risks {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                md(&x.name),
                x.high,
                x.medium,
                x.none,
                x.unanswered
            );
        }
    }
    let _ = writeln!(out, "\n## Actions\n");
    for a in &r.actions {
        let done = if a.status == "done" { "x" } else { " " };
        let _ = writeln!(
            out,
            "- [{done}] {} — {}{}, {}{}",
            md(&a.title),
            md(a.owner.as_deref().unwrap_or("no owner")),
            a.due_date
                .as_deref()
                .map(|d| format!(", due {}", md(d)))
                .unwrap_or_default(),
            md(&a.status.replace('_', " ")),
            if a.overdue { " **overdue**" } else { "" }
        );
    }
    let m = &r.methodology;
    let _ = writeln!(
        out,
        "\n## Methodology\n\n- Scale: {}\n- {}\n- {}\n- {}\n- {}\n- Bank: {}",
        md(&m.scale.join(" · ")),
        md(&m.scoring),
        md(&m.not_applicable),
        md(&m.evidence),
        md(&m.minimum_change),
        md(&m.bank)
    );
    if let Some(c) = &m.checklists {
        let _ = writeln!(out, "- {}", md(c));
    }
    (out, files)
}

#[derive(askama::Template)]
#[template(path = "leadership.html")]
struct LeadershipPage<'a> {
    r: &'a ReportData,
    label: &'a str,
    bank: &'a str,
    overall: String,
    overall_change: String,
    radar: &'a str,
    trend: &'a str,
    area_trends: &'a str,
    phases: &'a str,
    spectrum: &'a str,
    generated: String,
}

impl LeadershipPage<'_> {
    fn fmt(&self, v: &Option<f64>) -> String {
        v.map_or("–".to_string(), |v| format!("{v:.1}"))
    }
    /// A question's change: its value beside it is the "after".
    fn change(&self, v: &Option<f64>) -> String {
        crate::html::fmt_delta(*v, v.is_some_and(|d| opex_core::compare::is_real(d, 1)))
    }

    /// An area's change with the before and after it was measured on.
    fn moved(&self, a: &AreaSection) -> String {
        crate::html::fmt_moved(a.previous, a.after, a.change, a.real_change)
    }

    /// A riser's or faller's change (always a real one).
    fn mover(&self, a: &AreaScore) -> String {
        crate::html::fmt_moved(a.before, a.after, a.change, true)
    }
}

/// The leadership report as one self-contained HTML page: inline CSS and SVG,
/// no script, a print stylesheet. Askama escapes every piece of text.
pub fn html(
    r: &ReportData,
    charts: &crate::Charts,
    drawn: &crate::trends::TrendCharts,
    label: &str,
    bank: &str,
) -> Result<String, crate::ReportError> {
    use askama::Template;
    let page = LeadershipPage {
        r,
        label,
        bank,
        overall: r.overall.map_or("–".into(), |v| format!("{v:.1}")),
        overall_change: crate::html::fmt_moved(
            r.overall_before,
            r.overall_after,
            r.overall_change,
            r.overall_real_change,
        ),
        radar: &charts.radar,
        trend: &drawn.trend,
        area_trends: &drawn.areas,
        phases: &charts.phases,
        spectrum: &charts.spectrum,
        generated: r.generated_at.clone(),
    };
    Ok(page.render()?)
}
