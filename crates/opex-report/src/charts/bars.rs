//! The phase chart: one horizontal bar per phase on a 1-5 scale, with the
//! previous score as a dashed line under a square marker.

use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::{ChartError, DrawError, Theme, bold, finish, legend, marker_square, text};

/// One bar of the phase chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    pub value: Option<f64>,
    /// Shown after the value, e.g. "8 of 9 answered".
    pub caption: String,
    pub previous: Option<f64>,
}

/// Horizontal bars on a 1-5 scale, one per row, values written at the bar end.
pub fn bars(
    rows: &[Bar],
    current_label: &str,
    previous_label: Option<&str>,
    theme: Theme,
) -> Result<String, ChartError> {
    let mut buf = String::new();
    let height = 84 + rows.len() as u32 * 64;
    draw_bars(
        &mut buf,
        (720, height),
        rows,
        current_label,
        previous_label,
        theme,
    )?;
    Ok(finish(buf, &format!("Scores per phase: {current_label}")))
}

fn draw_bars(
    buf: &mut String,
    size: (u32, u32),
    rows: &[Bar],
    current_label: &str,
    previous_label: Option<&str>,
    theme: Theme,
) -> Result<(), DrawError> {
    let p = theme.palette();
    let root = SVGBackend::with_string(buf, size).into_drawing_area();
    let (x0, x1) = (130.0, 560.0);
    let x = |v: f64| (x0 + (x1 - x0) * v / 5.0).round() as i32;
    let top = 74;
    let bottom = top + rows.len() as i32 * 64;
    for level in 0..=5 {
        let gx = x(f64::from(level));
        root.draw(&PathElement::new(
            vec![(gx, top - 8), (gx, bottom - 10)],
            p.grid.stroke_width(1),
        ))?;
        root.draw(&Text::new(
            level.to_string(),
            (gx, bottom - 4),
            text(13.0, &p.muted, HPos::Center, VPos::Top),
        ))?;
    }
    for (i, row) in rows.iter().enumerate() {
        let y = top + i as i32 * 64;
        root.draw(&Text::new(
            row.label.clone(),
            (x0 as i32 - 12, y + 14),
            bold(14.0, &p.fg, HPos::Right, VPos::Center),
        ))?;
        root.draw(&Rectangle::new(
            [(x(0.0), y + 2), (x(5.0), y + 26)],
            p.track.filled(),
        ))?;
        match row.value {
            Some(v) => {
                root.draw(&Rectangle::new(
                    [(x(0.0), y + 2), (x(v), y + 26)],
                    p.current.filled(),
                ))?;
                root.draw(&Text::new(
                    format!("{v:.1}"),
                    (x(5.0) + 10, y + 14),
                    bold(14.0, &p.fg, HPos::Left, VPos::Center),
                ))?;
            }
            None => {
                root.draw(&Text::new(
                    "no data",
                    (x(5.0) + 10, y + 14),
                    text(13.0, &p.muted, HPos::Left, VPos::Center),
                ))?;
            }
        }
        if let Some(prev) = row.previous {
            let was = format!("was {prev:.1}");
            root.draw(&Text::new(
                was,
                (x(5.0) + 10, y + 32),
                text(13.0, &p.muted, HPos::Left, VPos::Center),
            ))?;
            let px = x(prev);
            root.draw(&DashedPathElement::new(
                vec![(px, y - 4), (px, y + 32)],
                4,
                3,
                p.previous.stroke_width(2),
            ))?;
            marker_square(&root, (px, y - 4), &p.previous)?;
        }
        root.draw(&Text::new(
            row.caption.clone(),
            (x(0.0), y + 34),
            text(13.0, &p.muted, HPos::Left, VPos::Top),
        ))?;
    }
    legend(&root, &p, (16, 16), current_label, previous_label)?;
    root.present()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::inspect::{
        assert_dashed, assert_legend, elements, lines, round_markers, square_markers,
    };
    use super::*;

    #[test]
    fn bars_write_their_values_as_text() -> Result<(), ChartError> {
        let svg = bars(
            &[Bar {
                label: "Prepare".into(),
                value: Some(3.25),
                caption: "8 of 9 answered".into(),
                previous: Some(2.0),
            }],
            "Now",
            Some("Before"),
            Theme::Light,
        )?;
        assert!(svg.contains("\n3.2\n") || svg.contains("\n3.3\n"), "{svg}");
        assert!(svg.contains("8 of 9 answered"));
        Ok(())
    }

    /// The previous score is a dashed line under a square marker; the current
    /// one is the bar, so its round marker and solid line are in the legend.
    #[test]
    fn the_previous_score_is_dashed_with_a_square_marker() -> Result<(), ChartError> {
        let row = |label: &str, value: f64, previous: f64| Bar {
            label: label.into(),
            value: Some(value),
            caption: String::new(),
            previous: Some(previous),
        };
        for theme in [Theme::Light, Theme::Dark] {
            let p = theme.palette();
            let svg = bars(
                &[row("Prepare", 3.0, 2.0), row("Run", 2.5, 4.0)],
                "Now",
                Some("Before"),
                theme,
            )?;
            let els = elements(&svg);
            let before = square_markers(&els, p.previous);
            assert_eq!(before.len(), 3, "a square per row and in the legend");
            assert_eq!(
                round_markers(&els, p.current).len(),
                1,
                "the current series' round marker is in the legend only"
            );
            assert!(
                round_markers(&els, p.previous).is_empty()
                    && square_markers(&els, p.current).is_empty(),
                "each series keeps to its own marker"
            );
            let previous = lines(&els, p.previous);
            for &(x, y) in &before[..2] {
                // From the marker down across the bar.
                assert_dashed(&previous, (x, y), (x, y + 36.0), 4.0);
            }
            assert_legend(&els, p.current, p.previous);
        }
        Ok(())
    }
}
