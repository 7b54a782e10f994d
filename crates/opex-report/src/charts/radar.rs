//! The radar of area scores: current, previous and target series over the areas.

use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::{
    ChartError, DrawError, Series, Theme, bold, finish, legend, legend_target, marker_diamond,
    marker_round, marker_square, text, wrap,
};

/// A radar of scores (1-5) over `axes`, with an optional earlier series overlaid.
/// A target series, when given, is drawn dotted with diamond markers.
pub fn radar(
    axes: &[String],
    current: &Series,
    previous: Option<&Series>,
    target: Option<&Series>,
    theme: Theme,
) -> Result<String, ChartError> {
    let mut buf = String::new();
    let size = (760u32, 640u32);
    draw_radar(&mut buf, size, axes, current, previous, target, theme)?;
    Ok(finish(
        buf,
        &format!("Radar of area scores: {}", current.label),
    ))
}

fn draw_radar(
    buf: &mut String,
    size: (u32, u32),
    axes: &[String],
    current: &Series,
    previous: Option<&Series>,
    target: Option<&Series>,
    theme: Theme,
) -> Result<(), DrawError> {
    let p = theme.palette();
    let root = SVGBackend::with_string(buf, size).into_drawing_area();
    let (cx, cy) = (380.0, 345.0);
    let radius = 195.0;
    let n = axes.len().max(1);
    let angle =
        |i: usize| -std::f64::consts::FRAC_PI_2 + i as f64 * std::f64::consts::TAU / n as f64;
    // Level 0 sits at the centre so that a level-1 score is still visible.
    let at = |i: usize, v: f64| {
        let r = radius * v / 5.0;
        (
            (cx + r * angle(i).cos()).round() as i32,
            (cy + r * angle(i).sin()).round() as i32,
        )
    };
    for level in 1..=5 {
        let ring: Vec<(i32, i32)> = (0..=n).map(|i| at(i % n, f64::from(level))).collect();
        root.draw(&PathElement::new(ring, p.grid.stroke_width(1)))?;
        let (lx, ly) = at(0, f64::from(level));
        root.draw(&Text::new(
            level.to_string(),
            (lx + 6, ly),
            text(13.0, &p.muted, HPos::Left, VPos::Center),
        ))?;
    }
    for (i, label) in axes.iter().enumerate() {
        root.draw(&PathElement::new(
            vec![at(i, 0.0), at(i, 5.0)],
            p.grid.stroke_width(1),
        ))?;
        let (x, y) = at(i, 5.75);
        let a = angle(i);
        // Only axes pointing nearly straight up or down are centred; the rest
        // are anchored away from the chart so neighbouring labels never meet.
        let h = if a.cos() > 0.1 {
            HPos::Left
        } else if a.cos() < -0.1 {
            HPos::Right
        } else {
            HPos::Center
        };
        const LINE: i32 = 18;
        let lines = wrap(label, 18);
        let value = current.values.get(i).copied().flatten();
        let rows = lines.len() as i32 + 1;
        let dy0 = if a.sin() < -0.5 {
            -rows * LINE + 6
        } else if a.sin() > 0.5 {
            -4
        } else {
            -rows * LINE / 2
        };
        for (k, line) in lines.iter().enumerate() {
            root.draw(&Text::new(
                line.clone(),
                (x, y + dy0 + k as i32 * LINE),
                text(15.0, &p.fg, h, VPos::Top),
            ))?;
        }
        let score = value.map_or("no data".to_string(), |v| format!("{v:.1}"));
        root.draw(&Text::new(
            score,
            (x, y + dy0 + lines.len() as i32 * LINE),
            bold(15.0, &p.current, h, VPos::Top),
        ))?;
    }
    let draw_series = |s: &Series, prev: bool| -> Result<(), DrawError> {
        let color = if prev { p.previous } else { p.current };
        let pts: Vec<Option<(i32, i32)>> = (0..n)
            .map(|i| s.values.get(i).copied().flatten().map(|v| at(i, v)))
            .collect();
        if !prev && pts.iter().all(Option::is_some) {
            let poly: Vec<(i32, i32)> = pts.iter().flatten().copied().collect();
            root.draw(&Polygon::new(poly, color.mix(0.16).filled()))?;
        }
        for i in 0..n {
            // A side is drawn only between two known scores: a gap stays a gap.
            if let (Some(a), Some(b)) = (pts[i], pts[(i + 1) % n]) {
                if n < 2 {
                    break;
                }
                if prev {
                    root.draw(&DashedPathElement::new(
                        vec![a, b],
                        6,
                        4,
                        color.stroke_width(2),
                    ))?;
                } else {
                    root.draw(&PathElement::new(vec![a, b], color.stroke_width(3)))?;
                }
            }
        }
        for pt in pts.iter().flatten() {
            if prev {
                marker_square(&root, *pt, &color)?
            } else {
                marker_round(&root, *pt, &color)?
            }
        }
        Ok(())
    };
    if let Some(t) = target {
        let pts: Vec<Option<(i32, i32)>> = (0..n)
            .map(|i| t.values.get(i).copied().flatten().map(|v| at(i, v)))
            .collect();
        for i in 0..n {
            if let (Some(a), Some(b), true) = (pts[i], pts[(i + 1) % n], n >= 2) {
                root.draw(&DashedPathElement::new(
                    vec![a, b],
                    2,
                    3,
                    p.fg.stroke_width(2),
                ))?;
            }
        }
        for pt in pts.iter().flatten() {
            marker_diamond(&root, *pt, &p.fg)?;
        }
    }
    if let Some(prev) = previous {
        draw_series(prev, true)?;
    }
    draw_series(current, false)?;
    legend(
        &root,
        &p,
        (16, 18),
        &current.label,
        previous.map(|s| s.label.as_str()),
    )?;
    if let Some(t) = target {
        legend_target(
            &root,
            &p,
            (16, if previous.is_some() { 62 } else { 40 }),
            &t.label,
        )?;
    }
    root.present()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::inspect::{
        assert_dashed, assert_legend, assert_solid, diamond_markers, elements, lines,
        round_markers, square_markers,
    };
    use super::*;

    fn series(values: &[Option<f64>]) -> Series {
        Series {
            label: "Now".into(),
            values: values.to_vec(),
        }
    }

    #[test]
    fn a_missing_score_is_a_gap_not_a_zero() -> Result<(), ChartError> {
        let axes: Vec<String> = (0..4).map(|i| format!("A{i}")).collect();
        let full = radar(&axes, &series(&[Some(3.0); 4]), None, None, Theme::Light)?;
        let gappy = radar(
            &axes,
            &series(&[Some(3.0), None, Some(3.0), Some(3.0)]),
            None,
            None,
            Theme::Light,
        )?;
        assert!(full.contains("<polygon"), "a complete series is filled");
        assert!(
            !gappy.contains("<polygon"),
            "a series with a gap is not closed over it"
        );
        assert!(gappy.contains("no data"));
        let sides = |svg: &str| svg.matches("stroke-width=\"3\"").count();
        assert_eq!(
            sides(&full) - sides(&gappy),
            2,
            "the two sides touching the gap are not drawn"
        );
        Ok(())
    }

    #[test]
    fn the_target_ring_is_dotted_with_diamonds_and_named() -> Result<(), ChartError> {
        let axes: Vec<String> = (0..4).map(|i| format!("A{i}")).collect();
        let target = Series {
            label: "Target".into(),
            values: vec![Some(4.0), None, Some(4.0), Some(4.0)],
        };
        let svg = radar(
            &axes,
            &series(&[Some(3.0); 4]),
            None,
            Some(&target),
            Theme::Light,
        )?;
        let plain = radar(&axes, &series(&[Some(3.0); 4]), None, None, Theme::Light)?;
        assert!(
            svg.contains(">\nTarget\n<") && !plain.contains("Target"),
            "the legend names the target"
        );
        // Three diamonds on the ring and one in the legend.
        assert!(svg.matches("<polyline").count() >= plain.matches("<polyline").count() + 4);
        Ok(())
    }

    #[test]
    fn the_previous_series_is_dashed_with_square_markers() -> Result<(), ChartError> {
        let axes: Vec<String> = (0..5).map(|i| format!("A{i}")).collect();
        let now = radar(&axes, &series(&[Some(3.0); 5]), None, None, Theme::Dark)?;
        let prev = Series {
            label: "Before".into(),
            values: vec![Some(2.0); 5],
        };
        let both = radar(
            &axes,
            &series(&[Some(3.0); 5]),
            Some(&prev),
            None,
            Theme::Dark,
        )?;
        assert!(both.contains("Before") && !now.contains("Before"));
        assert!(both.matches("<rect").count() >= now.matches("<rect").count() + 5);
        Ok(())
    }

    /// Current solid with round markers, previous dashed with squares, target
    /// dotted with diamonds: on every side of each ring and in the legend.
    #[test]
    fn each_series_has_its_own_line_and_marker() -> Result<(), ChartError> {
        let axes: Vec<String> = (0..5).map(|i| format!("Area {i}")).collect();
        let named = |label: &str, v: f64| Series {
            label: label.into(),
            values: vec![Some(v); 5],
        };
        for theme in [Theme::Light, Theme::Dark] {
            let p = theme.palette();
            let svg = radar(
                &axes,
                &named("Now", 3.0),
                Some(&named("Before", 2.0)),
                Some(&named("Target", 4.5)),
                theme,
            )?;
            let els = elements(&svg);
            // Five markers on each ring, then one in the legend.
            let now = round_markers(&els, p.current);
            let before = square_markers(&els, p.previous);
            let goal = diamond_markers(&els, p.fg);
            assert_eq!(now.len(), 6, "round markers on the current ring");
            assert_eq!(before.len(), 6, "square markers on the previous ring");
            assert_eq!(goal.len(), 6, "diamond markers on the target ring");
            assert!(
                square_markers(&els, p.current).is_empty()
                    && round_markers(&els, p.previous).is_empty()
                    && round_markers(&els, p.fg).is_empty()
                    && square_markers(&els, p.fg).is_empty(),
                "each series keeps to its own marker"
            );
            let (current, previous, target) = (
                lines(&els, p.current),
                lines(&els, p.previous),
                lines(&els, p.fg),
            );
            for i in 0..5 {
                let j = (i + 1) % 5;
                assert_solid(&current, now[i], now[j]);
                assert_dashed(&previous, before[i], before[j], 6.0);
                assert_dashed(&target, goal[i], goal[j], 2.0);
            }
            assert_legend(&els, p.current, p.previous);
            let (x, y) = goal[5];
            assert_dashed(&target, (x - 14.0, y), (x + 14.0, y), 2.0);
        }
        Ok(())
    }
}
