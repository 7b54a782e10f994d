//! The workshop's vote strip: a dot plot of one question's votes per level,
//! with the median and the middle half when there is a spread to show.

use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::{ChartError, DrawError, Theme, bold, finish, text};

/// A dot plot of one question's votes: a column of dots per level (and for N/A
/// and don't know), the count under each, and, when two or more people voted a
/// level, the median line and the interquartile band.
pub fn vote_strip(
    d: &opex_core::distribution::Distribution,
    theme: Theme,
) -> Result<String, ChartError> {
    let mut buf = String::new();
    draw_vote_strip(&mut buf, (560, 270), d, theme)?;
    let votes = if d.voters == 1 {
        "1 vote".to_string()
    } else {
        format!("{} votes", d.voters)
    };
    let what = match (d.median, d.range) {
        (Some(m), Some(_)) => format!("{votes}, median {m:.1}"),
        _ => votes,
    };
    Ok(finish(buf, &format!("Votes by level: {what}")))
}

fn draw_vote_strip(
    buf: &mut String,
    size: (u32, u32),
    d: &opex_core::distribution::Distribution,
    theme: Theme,
) -> Result<(), DrawError> {
    let p = theme.palette();
    let root = SVGBackend::with_string(buf, size).into_drawing_area();
    let (x0, step) = (46.0, 74.0);
    let x = |level: f64| (x0 + step * (level - 1.0)).round() as i32;
    let base = 212;
    let spread = d.range.is_some();
    if let (true, Some((q1, q3))) = (spread, d.iqr) {
        root.draw(&Rectangle::new(
            [(x(q1) - 18, 30), (x(q3) + 18, base + 4)],
            p.track.filled(),
        ))?;
        let label = format!("middle half {q1:.1}–{q3:.1}");
        root.draw(&Text::new(
            label,
            ((x(q1) + x(q3)) / 2, 16),
            text(16.0, &p.muted, HPos::Center, VPos::Center),
        ))?;
    }
    let columns: Vec<(String, usize, bool)> = (1..=5)
        .map(|l| (l.to_string(), d.counts[l - 1], true))
        .chain([
            ("N/A".to_string(), d.not_applicable, false),
            ("?".to_string(), d.dont_know, false),
        ])
        .collect();
    for (i, (label, count, is_level)) in columns.iter().enumerate() {
        let cx = (x0 + step * i as f64).round() as i32 + if i >= 5 { 10 } else { 0 };
        let color = if *is_level { p.current } else { p.muted };
        for k in 0..*count {
            let cy = base - 16 - (k as i32 % 8) * 21;
            let shift = (k as i32 / 8) * 20;
            root.draw(&Circle::new((cx + shift, cy), 9, color.filled()))?;
        }
        root.draw(&PathElement::new(
            vec![(cx - 26, base), (cx + 26, base)],
            p.grid.stroke_width(2),
        ))?;
        root.draw(&Text::new(
            label.clone(),
            (cx, base + 18),
            bold(20.0, &p.fg, HPos::Center, VPos::Center),
        ))?;
        root.draw(&Text::new(
            count.to_string(),
            (cx, base + 42),
            text(17.0, &p.muted, HPos::Center, VPos::Center),
        ))?;
    }
    if let (true, Some(m)) = (spread, d.median) {
        let mx = x(m);
        root.draw(&DashedPathElement::new(
            vec![(mx, 28), (mx, base)],
            6,
            4,
            p.previous.stroke_width(3),
        ))?;
        root.draw(&Text::new(
            format!("median {m:.1}"),
            (mx + 6, 44),
            bold(17.0, &p.previous, HPos::Left, VPos::Center),
        ))?;
    }
    root.present()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_vote_strip_hides_spread_for_one_voter() -> Result<(), ChartError> {
        use opex_core::Answer::Level;
        let many = opex_core::distribution::distribution(&[
            Level(1),
            Level(4),
            Level(4),
            Level(4),
            Level(4),
        ]);
        let svg = vote_strip(&many, Theme::Light)?;
        assert_eq!(svg.matches("<circle").count(), 5);
        assert!(svg.contains("median 4.0") && svg.contains("middle half"));
        let one = opex_core::distribution::distribution(&[Level(3)]);
        let svg = vote_strip(&one, Theme::Light)?;
        assert_eq!(svg.matches("<circle").count(), 1);
        assert!(
            !svg.contains("median") && !svg.contains("middle half"),
            "no spread for a single voter"
        );
        Ok(())
    }
}
