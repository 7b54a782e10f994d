//! A team's history drawn: the overall trend, one small panel per area and
//! the question × assessment heatmap, shared by the team page and the
//! leadership report.

use opex_core::timeline::{History, Point};

/// A history drawn: the overall trend, one small panel per area (with its
/// target dashed) and the question × assessment heatmap, as SVG.
pub struct TrendCharts {
    pub trend: String,
    pub areas: String,
    /// The heatmap in pages of at most [`HEAT_PAGE`] assessments, oldest
    /// first; the last page holds the newest.
    pub heatmap: Vec<HeatPage>,
}

/// How many assessments one page of the heatmap shows: at 64 px a column,
/// twelve fit a laptop screen beside the question names, and a team with
/// ten years of quarterly assessments is paged instead of shrunk to dots.
pub const HEAT_PAGE: usize = 12;

/// One page of the heatmap: assessments `first` to `last` (1-based,
/// oldest first), drawn.
pub struct HeatPage {
    pub first: usize,
    pub last: usize,
    pub svg: String,
}

/// Splits `n` columns into pages of at most `size`, from the newest back,
/// so the newest page is full: ranges of 0-based indices, oldest first.
pub fn pages(n: usize, size: usize) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut end = n;
    while end > 0 {
        let start = end.saturating_sub(size.max(1));
        out.push(start..end);
        end = start;
    }
    out.reverse();
    out
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
        heatmap: pages(columns.len(), HEAT_PAGE)
            .into_iter()
            .map(|r| {
                let rows: Vec<(String, Vec<Option<f64>>)> = rows
                    .iter()
                    .map(|(name, values)| (name.clone(), values[r.clone()].to_vec()))
                    .collect();
                Ok(HeatPage {
                    first: r.start + 1,
                    last: r.end,
                    svg: charts::heatmap(&rows, &columns[r], theme)?,
                })
            })
            .collect::<Result<_, crate::charts::ChartError>>()?,
    })
}

#[cfg(test)]
mod tests {
    use super::pages;

    #[test]
    fn the_newest_page_is_full_and_every_column_is_on_one_page() {
        assert!(pages(0, 12).is_empty());
        assert_eq!(pages(5, 12), vec![0..5]);
        assert_eq!(pages(12, 12), vec![0..12]);
        assert_eq!(pages(13, 12), vec![0..1, 1..13]);
        assert_eq!(pages(40, 12), vec![0..4, 4..16, 16..28, 28..40]);
        for n in 0..100 {
            let ps = pages(n, 12);
            let cols: Vec<usize> = ps.iter().flat_map(|r| r.clone()).collect();
            assert_eq!(cols, (0..n).collect::<Vec<_>>(), "{n}");
            assert!(ps.iter().all(|r| !r.is_empty() && r.len() <= 12));
        }
    }
}
