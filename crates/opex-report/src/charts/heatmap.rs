//! The heatmap: questions (rows) by assessments (columns), each cell shaded by
//! its value and writing it.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::{ChartError, DrawError, Theme, bold, finish, ink_on, text};

/// Where the cells start (top) and their width and height; they start on
/// the left after the longest row name.
const CELLS: (i32, i32, i32) = (34, 64, 20);

/// Room for a row name of `chars` characters at 11 px, and the gap after it.
fn label_width(rows: &[(String, Vec<Option<f64>>)]) -> i32 {
    let chars = rows
        .iter()
        .map(|(n, _)| n.chars().count())
        .max()
        .unwrap_or(0);
    (chars as f64 * 6.4) as i32 + 16
}

/// A cell's fill for value `v`, 1.0 to 5.0: the further up, the deeper.
fn shade(v: f64, theme: Theme) -> RGBColor {
    let t = ((v - 1.0) / 4.0).clamp(0.0, 1.0);
    let mix = |a: u8, b: u8| (f64::from(a) + (f64::from(b) - f64::from(a)) * t).round() as u8;
    match theme {
        Theme::Light => RGBColor(mix(0xf6, 0x1f), mix(0xe7, 0x5f), mix(0xd8, 0xbf)),
        Theme::Dark => RGBColor(mix(0x3a, 0x2f), mix(0x2a, 0x6f), mix(0x20, 0xd0)),
    }
}

/// Questions (rows) by assessments (columns); each cell writes its value.
pub fn heatmap(
    rows: &[(String, Vec<Option<f64>>)],
    columns: &[String],
    theme: Theme,
) -> Result<String, ChartError> {
    let mut buf = String::new();
    let (top, cw, rh) = CELLS;
    let left = label_width(rows);
    let width = (left + cw * columns.len() as i32 + 10).max(300) as u32;
    let height = (top + rh * rows.len() as i32 + 10) as u32;
    draw_heatmap(&mut buf, (width, height), rows, columns, theme)?;
    Ok(finish(buf, "Question values across assessments"))
}

fn draw_heatmap(
    buf: &mut String,
    size: (u32, u32),
    rows: &[(String, Vec<Option<f64>>)],
    columns: &[String],
    theme: Theme,
) -> Result<(), DrawError> {
    let p = theme.palette();
    let (top, cw, rh) = CELLS;
    let left = label_width(rows);
    let root = SVGBackend::with_string(buf, size).into_drawing_area();
    for (c, col) in columns.iter().enumerate() {
        let cx = left + c as i32 * cw + cw / 2;
        root.draw(&Text::new(
            col.clone(),
            (cx, top - 12),
            bold(11.0, &p.fg, HPos::Center, VPos::Center),
        ))?;
    }
    for (r, (name, values)) in rows.iter().enumerate() {
        let ry = top + r as i32 * rh;
        root.draw(&Text::new(
            name.clone(),
            (left - 8, ry + rh / 2),
            text(11.0, &p.fg, HPos::Right, VPos::Center),
        ))?;
        for (c, v) in values.iter().enumerate() {
            let cx = left + c as i32 * cw;
            match v {
                Some(v) => {
                    let fill = shade(*v, theme);
                    root.draw(&Rectangle::new(
                        [(cx + 1, ry + 1), (cx + cw - 1, ry + rh - 1)],
                        fill.filled(),
                    ))?;
                    let ink = ink_on(fill);
                    root.draw(&Text::new(
                        format!("{v:.1}"),
                        (cx + cw / 2, ry + rh / 2),
                        text(11.0, &ink, HPos::Center, VPos::Center),
                    ))?;
                }
                None => {
                    root.draw(&Rectangle::new(
                        [(cx + 1, ry + 1), (cx + cw - 1, ry + rh - 1)],
                        p.grid.stroke_width(1),
                    ))?;
                    root.draw(&Text::new(
                        "–",
                        (cx + cw / 2, ry + rh / 2),
                        text(11.0, &p.muted, HPos::Center, VPos::Center),
                    ))?;
                }
            }
        }
    }
    root.present()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_heatmap_writes_every_value() -> Result<(), ChartError> {
        let svg = heatmap(
            &[("Q-<1>".into(), vec![Some(1.0), None, Some(4.5)])],
            &["2026-Q1".into(), "Q2".into(), "Q3".into()],
            Theme::Light,
        )?;
        assert!(svg.contains("1.0") && svg.contains("4.5") && svg.contains("–"));
        assert!(svg.contains("Q-&lt;1&gt;"));
        Ok(())
    }

    #[test]
    fn every_cell_value_meets_wcag_aa_on_its_fill_in_both_themes() {
        for theme in [Theme::Light, Theme::Dark] {
            for tenth in 10..=50 {
                let fill = shade(f64::from(tenth) / 10.0, theme);
                let ratio = super::super::contrast(ink_on(fill), fill);
                assert!(
                    ratio >= 4.5,
                    "{theme:?} {}: {ratio:.2}:1",
                    f64::from(tenth) / 10.0
                );
            }
        }
    }

    #[test]
    fn row_names_get_the_room_they_need() {
        let short = label_width(&[("Q1".into(), vec![])]);
        let long = label_width(&[("Drift between code and production".into(), vec![])]);
        assert!(long >= 33 * 6 && long > short, "{short} {long}");
    }
}
