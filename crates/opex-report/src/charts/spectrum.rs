//! The spectrum: each dimension between its traditional (1) and modern (5)
//! pole, the team as a round marker and its previous place as a square.

use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::{ChartError, DrawError, Theme, bold, finish, legend, marker_square, text};

/// One row of the spectrum chart: a dimension between its two poles.
#[derive(Debug, Clone, PartialEq)]
pub struct SpectrumRow {
    pub name: String,
    pub traditional: String,
    pub modern: String,
    pub value: Option<f64>,
    pub previous: Option<f64>,
}

/// Places the team between the traditional (1) and modern (5) pole of each dimension.
pub fn spectrum(
    rows: &[SpectrumRow],
    current_label: &str,
    previous_label: Option<&str>,
    theme: Theme,
) -> Result<String, ChartError> {
    let mut buf = String::new();
    let height = 96 + rows.len() as u32 * 74;
    draw_spectrum(
        &mut buf,
        (720, height),
        rows,
        current_label,
        previous_label,
        theme,
    )?;
    Ok(finish(
        buf,
        &format!("Traditional to modern, per dimension: {current_label}"),
    ))
}

fn draw_spectrum(
    buf: &mut String,
    size: (u32, u32),
    rows: &[SpectrumRow],
    current_label: &str,
    previous_label: Option<&str>,
    theme: Theme,
) -> Result<(), DrawError> {
    let p = theme.palette();
    let root = SVGBackend::with_string(buf, size).into_drawing_area();
    let (x0, x1) = (40.0, 640.0);
    let x = |v: f64| (x0 + (x1 - x0) * (v - 1.0) / 4.0).round() as i32;
    for (i, row) in rows.iter().enumerate() {
        let y = 110 + i as i32 * 74;
        root.draw(&Text::new(
            row.name.clone(),
            (x(1.0), y - 22),
            bold(14.0, &p.fg, HPos::Left, VPos::Center),
        ))?;
        let value = row
            .value
            .map_or("no data".to_string(), |v| format!("{v:.1} of 5"));
        root.draw(&Text::new(
            value,
            (x(5.0), y - 22),
            bold(13.0, &p.current, HPos::Right, VPos::Center),
        ))?;
        root.draw(&Rectangle::new(
            [(x(1.0), y - 3), (x(5.0), y + 3)],
            p.track.filled(),
        ))?;
        for level in 1..=5 {
            let tx = x(f64::from(level));
            root.draw(&PathElement::new(
                vec![(tx, y - 7), (tx, y + 7)],
                p.grid.stroke_width(1),
            ))?;
        }
        root.draw(&Text::new(
            row.traditional.clone(),
            (x(1.0), y + 12),
            text(13.0, &p.muted, HPos::Left, VPos::Top),
        ))?;
        root.draw(&Text::new(
            row.modern.clone(),
            (x(5.0), y + 12),
            text(13.0, &p.muted, HPos::Right, VPos::Top),
        ))?;
        if let Some(prev) = row.previous {
            marker_square(&root, (x(prev), y), &p.previous)?;
        }
        if let Some(v) = row.value {
            if let Some(prev) = row.previous.filter(|pv| (pv - v).abs() >= 0.05) {
                root.draw(&DashedPathElement::new(
                    vec![(x(prev), y), (x(v), y)],
                    4,
                    3,
                    p.previous.stroke_width(2),
                ))?;
            }
            root.draw(&Circle::new((x(v), y), 8, p.current.filled()))?;
            root.draw(&Circle::new((x(v), y), 8, WHITE.stroke_width(2)))?;
        }
    }
    legend(&root, &p, (16, 14), current_label, previous_label)?;
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
    fn the_spectrum_writes_its_poles_and_no_data_as_text() -> Result<(), ChartError> {
        let svg = spectrum(
            &[SpectrumRow {
                name: "Scaling".into(),
                traditional: "Vertical".into(),
                modern: "Horizontal".into(),
                value: None,
                previous: None,
            }],
            "Now",
            None,
            Theme::Light,
        )?;
        assert!(svg.contains("no data") && svg.contains("Vertical") && svg.contains("Horizontal"));
        Ok(())
    }

    /// The team is a round marker, its previous place a square one, joined by
    /// a dashed line; the legend shows the same.
    #[test]
    fn the_previous_place_is_dashed_with_a_square_marker() -> Result<(), ChartError> {
        let row = |name: &str, value: f64, previous: f64| SpectrumRow {
            name: name.into(),
            traditional: "Old".into(),
            modern: "New".into(),
            value: Some(value),
            previous: Some(previous),
        };
        for theme in [Theme::Light, Theme::Dark] {
            let p = theme.palette();
            let svg = spectrum(
                &[row("Scaling", 3.5, 2.0), row("Hosting", 1.5, 4.5)],
                "Now",
                Some("Before"),
                theme,
            )?;
            let els = elements(&svg);
            let now = round_markers(&els, p.current);
            let before = square_markers(&els, p.previous);
            assert_eq!(now.len(), 3, "a round marker per row and in the legend");
            assert_eq!(before.len(), 3, "a square marker per row and in the legend");
            assert!(
                round_markers(&els, p.previous).is_empty()
                    && square_markers(&els, p.current).is_empty(),
                "each series keeps to its own marker"
            );
            let previous = lines(&els, p.previous);
            for i in 0..2 {
                assert_eq!(before[i].1, now[i].1, "row {i} is one line");
                assert_dashed(&previous, before[i], now[i], 4.0);
            }
            assert_legend(&els, p.current, p.previous);
        }
        Ok(())
    }
}
