//! A team's history drawn: the overall trend, one small panel per area and
//! the question × assessment heatmap, shared by the team page and the
//! leadership report.

use opex_core::timeline::{History, Point};

/// A history drawn: the overall trend, one small panel per area (with its
/// target dashed) and the question × assessment heatmap, as SVG.
pub struct TrendCharts {
    pub trend: String,
    pub areas: String,
    pub heatmap: String,
}

/// Draws `h`; `targets` are (area id, level). Shared by the team page and the
/// leadership report.
pub fn trend_charts(
    h: &History,
    targets: &[(String, f64)],
    theme: crate::Theme,
) -> Result<TrendCharts, crate::charts::ChartError> {
    use crate::charts::{self, TrendPoint};
    let target_of = |area: &str| targets.iter().find(|(a, _)| a == area).map(|(_, l)| *l);
    let points = |values: &dyn Fn(&Point) -> (Option<f64>, bool)| -> Vec<TrendPoint> {
        h.points
            .iter()
            .map(|p| {
                let (value, changed) = values(p);
                TrendPoint {
                    at: p.at,
                    value,
                    quick: p.profile != "full",
                    changed,
                }
            })
            .collect()
    };
    let overall = points(&|p| (p.overall, !p.changed_areas.is_empty()));
    let panels: Vec<(String, Vec<TrendPoint>, Option<f64>)> = h
        .areas
        .iter()
        .enumerate()
        .map(|(i, (id, name))| {
            (
                name.clone(),
                points(&|p| (p.areas[i], p.changed_areas.contains(id))),
                target_of(id),
            )
        })
        .collect();
    let columns: Vec<String> = h
        .points
        .iter()
        .map(|p| p.at.format("%b %Y").to_string())
        .collect();
    let rows: Vec<(String, Vec<Option<f64>>)> = h
        .heat
        .iter()
        .map(|r| (r.title.clone(), r.values.clone()))
        .collect();
    Ok(TrendCharts {
        // Targets are per area, so they show on the area panels, not the overall line.
        trend: charts::trend(&overall, None, theme)?,
        areas: charts::area_trends(&panels, theme)?,
        heatmap: charts::heatmap(&rows, &columns, theme)?,
    })
}
