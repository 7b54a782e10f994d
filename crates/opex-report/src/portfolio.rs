//! Several teams side by side: each team's latest completed assessment area by
//! area, its gap to target and its trend, with no individual votes or names.

use crate::leadership::{TrendPoint, safe_file_name};
use chrono::{DateTime, Utc};
use opex_core::action::Target;
use opex_core::card::Listed;
use schemars::JsonSchema;
use serde::Serialize;

/// Fewer voters than this and a team's scores are flagged.
pub const MIN_VOTERS: u32 = 3;

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct TeamRow {
    pub team_id: i64,
    pub name: String,
    /// Where an imported team came from ("payments.opex.json, exported
    /// 2026-03-01"); null for a team created here.
    pub origin: Option<String>,
    /// The start of the assessment this row shows: the team's latest complete
    /// one that is not partial, or its latest when every one is partial.
    pub latest: Option<String>,
    /// That assessment's id.
    pub assessment: Option<i64>,
    pub overall: Option<f64>,
    /// That assessment's coverage ("44 of 50 answered"), its percent and
    /// whether it is partial.
    pub coverage: Option<String>,
    pub coverage_percent: Option<u32>,
    pub partial: bool,
    /// That assessment is a quick pulse, not a full assessment.
    pub pulse: bool,
    /// Completed partial assessments newer than the one shown, left out of the headline.
    pub newer_partial: u32,
    /// Aligned with `Portfolio::areas`.
    pub scores: Vec<Option<f64>>,
    pub targets: Vec<Option<f64>>,
    /// Sum over areas of how far each score is below its target.
    pub total_gap: f64,
    /// People who voted in the latest assessment (1 for a self-assessment).
    pub voters: u32,
    pub low_participation: bool,
    pub trend: Vec<TrendPoint>,
}

impl TeamRow {
    /// "88% answered", "30% answered · pulse · partial": the coverage cell
    /// of every portfolio format.
    pub fn coverage_note(&self) -> String {
        let Some(percent) = self.coverage_percent else {
            return "–".into();
        };
        let mut s = format!("{percent}% answered");
        if self.pulse {
            s.push_str(" · pulse");
        }
        if self.partial {
            s.push_str(" · partial");
        }
        s
    }

    /// Said under the team when newer partial assessments were passed over.
    pub fn passed_over(&self) -> Option<String> {
        match self.newer_partial {
            0 => None,
            1 => Some("1 newer partial assessment not shown".into()),
            n => Some(format!("{n} newer partial assessments not shown")),
        }
    }
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Portfolio {
    /// (area id, name), from the built-in bank.
    pub areas: Vec<(String, String)>,
    /// Sorted by gap to target, largest first.
    pub teams: Vec<TeamRow>,
    pub generated_at: String,
}

/// One team as the portfolio needs it, loaded by the caller.
#[derive(Debug, Clone)]
pub struct PortfolioTeam {
    pub team_id: i64,
    pub name: String,
    /// Where an imported team came from; `None` for a local team.
    pub origin: Option<String>,
    /// Completed assessments with their score cards, oldest first.
    pub completed: Vec<Listed>,
    /// The targets in force now.
    pub targets: Vec<Target>,
}

/// Builds the portfolio of `teams` over `bank`'s areas.
pub fn build(bank: &opex_core::Bank, teams: &[PortfolioTeam], now: DateTime<Utc>) -> Portfolio {
    let areas = areas(bank);
    let rows = teams.iter().map(|t| row(&areas, t)).collect();
    assemble(areas, rows, now)
}

/// The portfolio's columns: `bank`'s areas as (id, name), in its order.
pub fn areas(bank: &opex_core::Bank) -> Vec<(String, String)> {
    bank.areas
        .iter()
        .map(|a| (a.id.clone(), a.name.clone()))
        .collect()
}

/// The portfolio from its rows, sorted by gap to target, largest first. A
/// caller that loads one team at a time makes each row with [`row`] and lets
/// the team's assessments go before loading the next.
pub fn assemble(
    areas: Vec<(String, String)>,
    mut rows: Vec<TeamRow>,
    now: DateTime<Utc>,
) -> Portfolio {
    rows.sort_by(|a, b| {
        b.total_gap
            .total_cmp(&a.total_gap)
            .then_with(|| a.name.cmp(&b.name))
    });
    Portfolio {
        areas,
        teams: rows,
        generated_at: now.to_rfc3339(),
    }
}

/// One team's row over `areas`.
pub fn row(areas: &[(String, String)], team: &PortfolioTeam) -> TeamRow {
    let scored = opex_core::coverage::headline(&team.completed);
    let coverage = scored.map(|s| s.card.coverage);
    let newer_partial = scored.map_or(0, |s| {
        team.completed
            .iter()
            .filter(|c| c.assessment.started_at > s.assessment.started_at)
            .count() as u32
    });
    let targets = &team.targets;
    let scores: Vec<Option<f64>> = areas
        .iter()
        .map(|(id, _)| scored.and_then(|s| s.card.area(id)))
        .collect();
    let target_levels: Vec<Option<f64>> = areas
        .iter()
        .map(|(id, _)| targets.iter().find(|t| &t.area_id == id).map(|t| t.level))
        .collect();
    let total_gap = scores
        .iter()
        .zip(&target_levels)
        .filter_map(|(s, t)| Some((t.as_ref()? - s.as_ref()?).max(0.0)))
        .sum();
    let voters = scored.map_or(0, |s| s.card.people as u32);
    let trend = team
        .completed
        .iter()
        .map(|s| TrendPoint {
            assessment: s.assessment.id,
            date: s.assessment.started_at.to_rfc3339(),
            profile: s.assessment.profile.clone(),
            overall: s.card.overall,
        })
        .collect();
    TeamRow {
        team_id: team.team_id,
        name: team.name.clone(),
        origin: team.origin.clone(),
        latest: scored.map(|s| s.assessment.started_at.to_rfc3339()),
        assessment: scored.map(|s| s.assessment.id),
        overall: scored.and_then(|s| s.card.overall),
        coverage: coverage.map(|c| c.label()),
        coverage_percent: coverage.map(|c| c.percent() as u32),
        partial: coverage.is_some_and(|c| c.is_partial()),
        pulse: scored.is_some_and(|s| s.is_pulse()),
        newer_partial,
        scores,
        targets: target_levels,
        total_gap,
        voters,
        low_participation: scored.is_some() && voters < MIN_VOTERS,
        trend,
    }
}

/// Each team's overall trend, as SVG, in the order of `p.teams`.
fn trend_svgs(p: &Portfolio) -> Result<Vec<String>, crate::charts::ChartError> {
    p.teams
        .iter()
        .map(|t| {
            let points: Vec<crate::charts::TrendPoint> = t
                .trend
                .iter()
                .filter_map(|x| {
                    Some(crate::charts::TrendPoint {
                        at: DateTime::parse_from_rfc3339(&x.date)
                            .ok()?
                            .with_timezone(&Utc),
                        value: x.overall,
                        quick: x.profile != "full",
                        changed: false,
                    })
                })
                .collect();
            crate::charts::trend(&points, None, crate::Theme::Light)
        })
        .collect()
}

fn day(rfc3339: &str) -> Option<String> {
    DateTime::parse_from_rfc3339(rfc3339)
        .ok()
        .map(|d| d.format("%-d %b %Y").to_string())
}

/// The portfolio as a PDF: the teams × areas matrix, then each team's trend.
pub fn pdf(p: &Portfolio, paper: crate::pdf::Paper) -> Result<Vec<u8>, crate::ReportError> {
    let svgs: Vec<(String, String)> = p
        .teams
        .iter()
        .zip(trend_svgs(p)?)
        .map(|(t, svg)| (format!("trend-{}.svg", t.team_id), svg))
        .collect();
    let data = serde_json::json!({
        "paper": match paper { crate::pdf::Paper::A4 => "a4", crate::pdf::Paper::Letter => "us-letter" },
        "generated": day(&p.generated_at).unwrap_or_default(),
        "portfolio": p,
        "dates": p.teams.iter().map(|t| t.latest.as_deref().and_then(day)).collect::<Vec<_>>(),
        "coverage": p.teams.iter().map(TeamRow::coverage_note).collect::<Vec<_>>(),
        "passed_over": p.teams.iter().map(TeamRow::passed_over).collect::<Vec<_>>(),
        "partial_below": opex_core::coverage::PARTIAL_BELOW_PERCENT,
    });
    let refs: Vec<(&str, String)> = svgs.iter().map(|(n, s)| (n.as_str(), s.clone())).collect();
    crate::pdf::render_template(include_str!("../templates/portfolio.typ"), &data, &refs)
}

#[derive(askama::Template)]
#[template(path = "portfolio.html")]
struct PortfolioPage<'a> {
    p: &'a Portfolio,
    trends: Vec<String>,
    generated: String,
    min_voters: u32,
    partial_below: usize,
}

impl PortfolioPage<'_> {
    fn fmt(&self, v: &Option<f64>) -> String {
        v.map_or("–".to_string(), |v| format!("{v:.1}"))
    }
    /// The shading class of a score: its level rounded down, `l1`–`l5`.
    fn level(&self, v: &Option<f64>) -> String {
        v.map_or(String::new(), |v| format!("l{}", v.floor().clamp(1.0, 5.0)))
    }
    fn below(&self, t: &TeamRow, i: &usize) -> bool {
        matches!((t.scores[*i], t.targets[*i]), (Some(s), Some(g)) if s < g)
    }
    fn gap(&self, t: &TeamRow) -> String {
        format!("{:.1}", t.total_gap)
    }
    fn date(&self, i: &usize) -> String {
        self.p.teams[*i]
            .latest
            .as_deref()
            .and_then(day)
            .unwrap_or_else(|| "no completed assessment".into())
    }
}

/// The portfolio as one self-contained HTML page: the matrix as a table, each
/// team's trend as inline SVG, a print stylesheet, no script. Askama escapes
/// every piece of text.
pub fn html(p: &Portfolio) -> Result<String, crate::ReportError> {
    use askama::Template;
    Ok(PortfolioPage {
        p,
        trends: trend_svgs(p)?,
        generated: day(&p.generated_at).unwrap_or_default(),
        min_voters: MIN_VOTERS,
        partial_below: opex_core::coverage::PARTIAL_BELOW_PERCENT,
    }
    .render()?)
}

/// The matrix as Markdown, for a wiki: one row a team, one column an area.
pub fn markdown(p: &Portfolio) -> String {
    use crate::markdown::escape_md as md;
    let fmt = |v: Option<f64>| v.map_or("–".to_string(), |v| format!("{v:.1}"));
    let mut out = format!(
        "# Operational maturity portfolio\n\n{} teams, each at its latest completed assessment that is not partial, on a scale of 1 to 5. \
         Teams with the largest gap to their targets come first. No individual votes or names appear here.\n\n",
        p.teams.len()
    );
    out.push_str("| Team | Latest | Coverage | Overall |");
    for (_, name) in &p.areas {
        out.push_str(&format!(" {} |", md(name)));
    }
    out.push_str(" Gap to target |\n|---|---|---|---:|");
    out.push_str(&"---:|".repeat(p.areas.len()));
    out.push_str("---:|\n");
    for t in &p.teams {
        let mut flag = if t.low_participation {
            format!(" (fewer than {MIN_VOTERS} voters)")
        } else {
            String::new()
        };
        if let Some(p) = t.passed_over() {
            flag.push_str(&format!(" ({p})"));
        }
        if let Some(o) = &t.origin {
            flag.push_str(&format!(" (from {})", md(o)));
        }
        out.push_str(&format!(
            "| {}{flag} | {} | {} | {} |",
            md(&t.name),
            t.latest
                .as_deref()
                .and_then(day)
                .unwrap_or_else(|| "–".into()),
            t.coverage_note(),
            fmt(t.overall)
        ));
        for s in &t.scores {
            out.push_str(&format!(" {} |", fmt(*s)));
        }
        out.push_str(&format!(" {:.1} |\n", t.total_gap));
    }
    out
}

/// One row per team × area: score, target and gap, for a spreadsheet.
pub fn csv(p: &Portfolio) -> Result<String, crate::ReportError> {
    use crate::leadership::csv_cell;
    let num = |v: Option<f64>| v.map_or(String::new(), |v| format!("{v:.2}"));
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "team",
        "latest",
        "coverage_percent",
        "partial",
        "pulse",
        "area",
        "area_name",
        "score",
        "target",
        "gap",
        "voters",
        "origin",
    ])?;
    for t in &p.teams {
        for (i, (id, name)) in p.areas.iter().enumerate() {
            let gap = match (t.scores[i], t.targets[i]) {
                (Some(s), Some(g)) => Some((g - s).max(0.0)),
                _ => None,
            };
            w.write_record([
                csv_cell(&t.name),
                t.latest
                    .as_deref()
                    .map(|d| d[..10.min(d.len())].to_string())
                    .unwrap_or_default(),
                t.coverage_percent
                    .map(|p| p.to_string())
                    .unwrap_or_default(),
                t.partial.to_string(),
                t.pulse.to_string(),
                csv_cell(id),
                csv_cell(name),
                num(t.scores[i]),
                num(t.targets[i]),
                num(gap),
                t.voters.to_string(),
                csv_cell(t.origin.as_deref().unwrap_or_default()),
            ])?;
        }
    }
    Ok(String::from_utf8_lossy(
        &w.into_inner()
            .map_err(|e| crate::ReportError::Csv(e.to_string()))?,
    )
    .into_owned())
}

/// The portfolio in `format`, as the bytes of one file.
pub fn render(
    p: &Portfolio,
    format: crate::format::ExportFormat,
    paper: crate::pdf::Paper,
) -> Result<Vec<u8>, crate::ReportError> {
    use crate::format::ExportFormat as Format;
    Ok(match format {
        Format::Pdf => pdf(p, paper)?,
        Format::Html => html(p)?.into_bytes(),
        Format::Markdown => markdown(p).into_bytes(),
        Format::Csv => csv(p)?.into_bytes(),
        Format::Json => (serde_json::to_string_pretty(p).unwrap_or_default() + "\n").into_bytes(),
    })
}

/// A file name for a portfolio of these teams.
pub fn file_stem(p: &Portfolio) -> String {
    match p.teams.as_slice() {
        [one] => safe_file_name(&one.name),
        _ => format!("portfolio-{}-teams", p.teams.len()),
    }
}
