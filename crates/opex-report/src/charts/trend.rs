//! The trends: the overall score over time, one small panel per area, and the
//! rule for when the time between two points is a gap left open.

use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::{Area, ChartError, DrawError, Palette, Theme, bold, finish, text, wrap};

/// One point of a trend line.
#[derive(Debug, Clone, PartialEq)]
pub struct TrendPoint {
    pub at: chrono::DateTime<chrono::Utc>,
    pub value: Option<f64>,
    /// A quick pulse (drawn hollow) rather than a full assessment (filled).
    pub quick: bool,
    /// A question changed between bank versions at this point (marked †).
    pub changed: bool,
}

/// The longest time between two assessments that is not a gap: a quarter and a
/// half. opex assumes a quarterly rhythm; a longer silence means at least one
/// quarter went unassessed, and the line is not drawn across it. (Measured on
/// the calendar, not on the shortest interval, so a quick pulse a week after a
/// full assessment does not make every quarter look like a gap.)
pub const GAP_DAYS: i64 = 137;

/// For each interval between consecutive points, whether it is a gap.
pub fn gaps(points: &[TrendPoint]) -> Vec<bool> {
    points
        .windows(2)
        .map(|w| (w[1].at - w[0].at).num_days() > GAP_DAYS)
        .collect()
}

fn quarter(at: chrono::DateTime<chrono::Utc>) -> String {
    use chrono::Datelike;
    format!("{}-Q{}", at.year(), at.month0() / 3 + 1)
}

/// One trend panel: where it sits, what it shows, and how it is drawn.
#[derive(Debug, Clone, Copy)]
struct Panel<'a> {
    /// The panel's top-left corner in the drawing.
    origin: (i32, i32),
    /// Width and height.
    size: (i32, i32),
    points: &'a [TrendPoint],
    /// Drawn as a dashed line.
    target: Option<f64>,
    /// Written above the panel, wrapped.
    title: Option<&'a str>,
    /// A small panel of a grid: thinner lines and fewer labels.
    small: bool,
}

/// Draws one trend panel into `root`: proportional time axis, gaps left open,
/// the target as a dashed line. Returns the x of each point (for tests).
fn draw_trend_panel(root: &Area, p: &Palette, panel: &Panel) -> Result<Vec<i32>, DrawError> {
    let Panel {
        origin,
        size,
        points,
        target,
        title,
        small,
    } = *panel;
    let (ox, oy) = origin;
    let (w, h) = size;
    let top = oy + if title.is_some() { 40 } else { 8 };
    let bottom = oy + h - if small { 8 } else { 30 };
    let left = ox + if small { 8 } else { 40 };
    let right = ox + w - if small { 30 } else { 60 };
    let y = |v: f64| bottom - ((v - 1.0) / 4.0 * f64::from(bottom - top)).round() as i32;
    if let Some(t) = title {
        for (k, line) in wrap(t, 26).iter().enumerate() {
            root.draw(&Text::new(
                line.clone(),
                (ox + 6, oy + 4 + k as i32 * 15),
                bold(12.5, &p.fg, HPos::Left, VPos::Top),
            ))?;
        }
    }
    for level in 1..=5 {
        let gy = y(f64::from(level));
        root.draw(&PathElement::new(
            vec![(left, gy), (right, gy)],
            p.grid.stroke_width(1),
        ))?;
        if !small {
            root.draw(&Text::new(
                level.to_string(),
                (left - 8, gy),
                text(11.0, &p.muted, HPos::Right, VPos::Center),
            ))?;
        }
    }
    let (t0, t1) = match (points.first(), points.last()) {
        (Some(a), Some(b)) => (a.at, b.at),
        _ => return Ok(Vec::new()),
    };
    let span = (t1 - t0).num_seconds().max(1) as f64;
    let x = |at: chrono::DateTime<chrono::Utc>| {
        if points.len() == 1 {
            (left + right) / 2
        } else {
            left + (((at - t0).num_seconds() as f64 / span) * f64::from(right - left)).round()
                as i32
        }
    };
    if let Some(t) = target {
        let ty = y(t);
        root.draw(&DashedPathElement::new(
            vec![(left, ty), (right, ty)],
            6,
            4,
            p.previous.stroke_width(2),
        ))?;
        if !small {
            root.draw(&Text::new(
                format!("target {t:.1}"),
                (right + 4, ty),
                text(12.0, &p.previous, HPos::Left, VPos::Center),
            ))?;
        }
    }
    let open = gaps(points);
    for (i, pair) in points.windows(2).enumerate() {
        let (a, b) = (&pair[0], &pair[1]);
        if let (Some(va), Some(vb)) = (a.value, b.value) {
            if open[i] {
                if !small {
                    let mid = (x(a.at) + x(b.at)) / 2;
                    root.draw(&Text::new(
                        "no assessment",
                        (mid, bottom + 14),
                        text(11.0, &p.muted, HPos::Center, VPos::Center),
                    ))?;
                }
            } else {
                root.draw(&PathElement::new(
                    vec![(x(a.at), y(va)), (x(b.at), y(vb))],
                    p.current.stroke_width(if small { 2 } else { 3 }),
                ))?;
            }
        }
    }
    let mut xs = Vec::new();
    for (i, pt) in points.iter().enumerate() {
        let px = x(pt.at);
        xs.push(px);
        if !small && (i == 0 || i + 1 == points.len() || points.len() <= 6) {
            root.draw(&Text::new(
                quarter(pt.at),
                (px, bottom + 22),
                text(13.0, &p.muted, HPos::Center, VPos::Center),
            ))?;
        }
        let Some(v) = pt.value else { continue };
        let py = y(v);
        let r = if small { 4 } else { 6 };
        if pt.quick {
            root.draw(&Circle::new((px, py), r, p.current.stroke_width(2)))?;
        } else {
            root.draw(&Circle::new((px, py), r, p.current.filled()))?;
        }
        if pt.changed {
            root.draw(&Text::new(
                "†",
                (px, py - r - 4),
                bold(
                    if small { 12.0 } else { 15.0 },
                    &p.previous,
                    HPos::Center,
                    VPos::Bottom,
                ),
            ))?;
        }
        if !small || i + 1 == points.len() {
            let label = format!("{v:.1}");
            let (lx, h) = if small {
                (px + 6, HPos::Left)
            } else {
                (px, HPos::Center)
            };
            let ly = if small { py } else { py + r + 10 };
            root.draw(&Text::new(
                label,
                (lx, ly),
                bold(if small { 11.0 } else { 14.0 }, &p.fg, h, VPos::Center),
            ))?;
        }
    }
    Ok(xs)
}

/// The overall score over time, with the target as a dashed line.
pub fn trend(
    points: &[TrendPoint],
    target: Option<f64>,
    theme: Theme,
) -> Result<String, ChartError> {
    let mut buf = String::new();
    let p = theme.palette();
    {
        let root = SVGBackend::with_string(&mut buf, (760, 300)).into_drawing_area();
        let panel = Panel {
            origin: (0, 0),
            size: (760, 300),
            points,
            target,
            title: None,
            small: false,
        };
        draw_trend_panel(&root, &p, &panel)?;
        root.present()?;
    }
    Ok(finish(buf, "Overall score over time"))
}

/// One small trend panel per area, in a grid.
pub fn area_trends(
    panels: &[(String, Vec<TrendPoint>, Option<f64>)],
    theme: Theme,
) -> Result<String, ChartError> {
    let mut buf = String::new();
    let p = theme.palette();
    let cols = 4usize;
    let (cw, ch) = (190i32, 136i32);
    let rows = panels.len().div_ceil(cols).max(1);
    {
        let root = SVGBackend::with_string(
            &mut buf,
            ((cw * cols as i32) as u32, (ch * rows as i32) as u32),
        )
        .into_drawing_area();
        for (i, (name, points, target)) in panels.iter().enumerate() {
            // A small panel names its target in its title rather than on the line.
            let title = match target {
                Some(t) => format!("{name} · target {t:.1}"),
                None => name.clone(),
            };
            let panel = Panel {
                origin: ((i % cols) as i32 * cw, (i / cols) as i32 * ch),
                size: (cw - 8, ch - 6),
                points,
                target: *target,
                title: Some(&title),
                small: true,
            };
            draw_trend_panel(&root, &p, &panel)?;
        }
        root.present()?;
    }
    Ok(finish(buf, "Each area's score over time"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(y: i32, m: u32, d: u32) -> chrono::DateTime<chrono::Utc> {
        use chrono::TimeZone;
        chrono::Utc
            .with_ymd_and_hms(y, m, d, 9, 0, 0)
            .single()
            .unwrap_or_default()
    }

    fn pt(at: chrono::DateTime<chrono::Utc>, v: f64) -> TrendPoint {
        TrendPoint {
            at,
            value: Some(v),
            quick: false,
            changed: false,
        }
    }

    /// The cx of every filled point marker, in drawing order.
    fn circle_xs(svg: &str) -> Vec<f64> {
        svg.split("<circle")
            .skip(1)
            .filter_map(|c| c.split("cx=\"").nth(1)?.split('"').next()?.parse().ok())
            .collect()
    }

    #[test]
    fn the_time_axis_is_proportional_to_dates() -> Result<(), ChartError> {
        let points = [
            pt(at(2026, 1, 1), 2.0),
            pt(at(2026, 2, 1), 2.5),
            pt(at(2026, 11, 1), 3.0),
        ];
        let xs = circle_xs(&trend(&points, None, Theme::Light)?);
        assert_eq!(xs.len(), 3);
        let days = [0.0, 31.0, 304.0];
        let ratio = (xs[1] - xs[0]) / (xs[2] - xs[0]);
        assert!(
            (ratio - days[1] / days[2]).abs() < 0.01,
            "x {xs:?} is not proportional to the dates"
        );
        Ok(())
    }

    #[test]
    fn a_gap_is_left_open_and_named() -> Result<(), ChartError> {
        let even = [
            pt(at(2026, 1, 1), 2.0),
            pt(at(2026, 4, 1), 2.5),
            pt(at(2026, 7, 1), 3.0),
        ];
        let gappy = [
            pt(at(2026, 1, 1), 2.0),
            pt(at(2026, 4, 1), 2.5),
            pt(at(2026, 12, 1), 3.0),
        ];
        assert_eq!(gaps(&even), vec![false, false]);
        let pulse = [
            pt(at(2026, 1, 1), 2.0),
            pt(at(2026, 1, 8), 2.1),
            pt(at(2026, 4, 1), 2.5),
        ];
        assert_eq!(
            gaps(&pulse),
            vec![false, false],
            "a quick pulse a week later is no reason for a gap"
        );
        assert_eq!(gaps(&gappy), vec![false, true]);
        let lines = |svg: &str| svg.matches("stroke-width=\"3\"").count();
        let a = trend(&even, None, Theme::Light)?;
        let b = trend(&gappy, None, Theme::Light)?;
        assert_eq!(lines(&a) - lines(&b), 1, "no line across the gap");
        assert!(b.contains("no assessment") && !a.contains("no assessment"));
        assert!(a.contains("2026-Q1") && a.contains("2026-Q3"));
        Ok(())
    }

    #[test]
    fn quick_pulses_are_hollow_and_changes_are_marked() -> Result<(), ChartError> {
        let points = [
            pt(at(2026, 1, 1), 2.0),
            TrendPoint {
                at: at(2026, 4, 1),
                value: Some(2.5),
                quick: true,
                changed: false,
            },
            TrendPoint {
                at: at(2026, 7, 1),
                value: Some(3.0),
                quick: false,
                changed: true,
            },
        ];
        let svg = trend(&points, Some(4.0), Theme::Light)?;
        assert_eq!(svg.matches("<circle").count(), 3);
        assert!(
            svg.contains("fill=\"none\""),
            "the quick pulse is drawn hollow"
        );
        assert!(svg.contains("†") && svg.contains("target 4.0"));
        Ok(())
    }
}
