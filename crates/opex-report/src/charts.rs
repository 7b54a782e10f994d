//! The charts, drawn with plotters onto SVG: a radar of the areas, bars per phase,
//! and the traditional-to-modern spectrum. The app shows these exact SVGs and the
//! reports embed them, so there is one chart code path.
//!
//! Honesty rules kept here: colour is never the only signal (the current series
//! has solid lines and round markers, the previous one dashed lines and square
//! markers, and every value is also written as a number); a missing score is a
//! gap, never a zero.

use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// The colour scheme a chart is drawn in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Theme {
    Light,
    Dark,
}

struct Palette {
    fg: RGBColor,
    muted: RGBColor,
    grid: RGBColor,
    current: RGBColor,
    previous: RGBColor,
    track: RGBColor,
}

impl Theme {
    fn palette(self) -> Palette {
        match self {
            Theme::Light => Palette {
                fg: RGBColor(0x1d, 0x23, 0x2e),
                muted: RGBColor(0x5b, 0x64, 0x73),
                grid: RGBColor(0xd5, 0xda, 0xe1),
                current: RGBColor(0x1f, 0x5f, 0xbf),
                previous: RGBColor(0xb3, 0x5c, 0x00),
                track: RGBColor(0xe8, 0xec, 0xf1),
            },
            Theme::Dark => Palette {
                fg: RGBColor(0xe6, 0xe9, 0xef),
                muted: RGBColor(0xa3, 0xab, 0xb8),
                grid: RGBColor(0x3a, 0x42, 0x4f),
                current: RGBColor(0x6c, 0xa8, 0xff),
                previous: RGBColor(0xff, 0xb0, 0x5c),
                track: RGBColor(0x2a, 0x31, 0x3c),
            },
        }
    }
}

/// One series of values, aligned with a chart's rows or axes; `None` is a gap.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// What the series is, e.g. "2026-Q3 (14 Sep 2026)".
    pub label: String,
    pub values: Vec<Option<f64>>,
}

const FONT: &str = "sans-serif";

type Area<'a> = DrawingArea<SVGBackend<'a>, plotters::coord::Shift>;

// plotters-svg writes `size / 1.24` as the font size; scale so sizes here are CSS pixels.
const PX: f64 = 1.24;

fn text<'a>(size: f64, color: &'a RGBColor, h: HPos, v: VPos) -> TextStyle<'a> {
    (FONT, size * PX)
        .into_font()
        .color(color)
        .pos(Pos::new(h, v))
}

fn bold<'a>(size: f64, color: &'a RGBColor, h: HPos, v: VPos) -> TextStyle<'a> {
    (FONT, size * PX, FontStyle::Bold)
        .into_font()
        .color(color)
        .pos(Pos::new(h, v))
}

/// Splits a label into at most two lines of about `width` characters.
fn wrap(label: &str, width: usize) -> Vec<String> {
    if label.chars().count() <= width {
        return vec![label.to_string()];
    }
    let words: Vec<&str> = label.split_whitespace().collect();
    let mut best = (usize::MAX, 1);
    for cut in 1..words.len() {
        let a = words[..cut].join(" ").chars().count();
        let b = words[cut..].join(" ").chars().count();
        if a.max(b) < best.0 {
            best = (a.max(b), cut);
        }
    }
    if words.len() < 2 {
        return vec![label.to_string()];
    }
    vec![words[..best.1].join(" "), words[best.1..].join(" ")]
}

fn finish(buf: String, title: &str) -> String {
    // plotters writes a bare <svg>; give it a role and a name for screen readers.
    let title = escape_xml(title);
    buf.replacen(
        "<svg ",
        &format!("<svg role=\"img\" aria-label=\"{title}\" "),
        1,
    )
    .replacen('>', &format!("><title>{title}</title>"), 1)
}

/// Escapes text for XML attributes and content.
pub fn escape_xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn marker_round(
    root: &Area,
    at: (i32, i32),
    color: &RGBColor,
) -> Result<(), DrawingAreaErrorKind<std::io::Error>> {
    root.draw(&Circle::new(at, 5, color.filled()))?;
    root.draw(&Circle::new(at, 5, WHITE.stroke_width(1)))
}

fn marker_square(
    root: &Area,
    at: (i32, i32),
    color: &RGBColor,
) -> Result<(), DrawingAreaErrorKind<std::io::Error>> {
    let (x, y) = at;
    root.draw(&Rectangle::new(
        [(x - 4, y - 4), (x + 4, y + 4)],
        color.stroke_width(2),
    ))
}

/// The legend: a solid line with a round marker for the current series, a
/// dashed line with a square marker for the previous one.
fn legend(
    root: &Area,
    p: &Palette,
    at: (i32, i32),
    current: &str,
    previous: Option<&str>,
) -> Result<(), DrawingAreaErrorKind<std::io::Error>> {
    let (x, y) = at;
    root.draw(&PathElement::new(
        vec![(x, y), (x + 28, y)],
        p.current.stroke_width(3),
    ))?;
    marker_round(root, (x + 14, y), &p.current)?;
    root.draw(&Text::new(
        current.to_string(),
        (x + 36, y),
        text(13.0, &p.fg, HPos::Left, VPos::Center),
    ))?;
    if let Some(prev) = previous {
        let y = y + 22;
        root.draw(&DashedPathElement::new(
            vec![(x, y), (x + 28, y)],
            5,
            4,
            p.previous.stroke_width(2),
        ))?;
        marker_square(root, (x + 14, y), &p.previous)?;
        root.draw(&Text::new(
            prev.to_string(),
            (x + 36, y),
            text(13.0, &p.fg, HPos::Left, VPos::Center),
        ))?;
    }
    Ok(())
}

fn marker_diamond(
    root: &Area,
    at: (i32, i32),
    color: &RGBColor,
) -> Result<(), DrawingAreaErrorKind<std::io::Error>> {
    let (x, y) = at;
    root.draw(&PathElement::new(
        vec![(x, y - 6), (x + 6, y), (x, y + 6), (x - 6, y), (x, y - 6)],
        color.stroke_width(2),
    ))
}

/// The target's legend entry: a dotted line with a diamond marker.
fn legend_target(
    root: &Area,
    p: &Palette,
    at: (i32, i32),
    label: &str,
) -> Result<(), DrawingAreaErrorKind<std::io::Error>> {
    let (x, y) = at;
    root.draw(&DashedPathElement::new(
        vec![(x, y), (x + 28, y)],
        2,
        3,
        p.fg.stroke_width(2),
    ))?;
    marker_diamond(root, (x + 14, y), &p.fg)?;
    root.draw(&Text::new(
        label.to_string(),
        (x + 36, y),
        text(13.0, &p.fg, HPos::Left, VPos::Center),
    ))
}

/// A radar of scores (1-5) over `axes`, with an optional earlier series overlaid.
/// A target series, when given, is drawn dotted with diamond markers.
pub fn radar(
    axes: &[String],
    current: &Series,
    previous: Option<&Series>,
    target: Option<&Series>,
    theme: Theme,
) -> String {
    let mut buf = String::new();
    let size = (760u32, 640u32);
    let drawn = draw_radar(&mut buf, size, axes, current, previous, target, theme);
    if drawn.is_err() {
        return String::new();
    }
    finish(buf, &format!("Radar of area scores: {}", current.label))
}

fn draw_radar(
    buf: &mut String,
    size: (u32, u32),
    axes: &[String],
    current: &Series,
    previous: Option<&Series>,
    target: Option<&Series>,
    theme: Theme,
) -> Result<(), DrawingAreaErrorKind<std::io::Error>> {
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
            text(11.0, &p.muted, HPos::Left, VPos::Center),
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
    let draw_series =
        |s: &Series, prev: bool| -> Result<(), DrawingAreaErrorKind<std::io::Error>> {
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
) -> String {
    let mut buf = String::new();
    let height = 84 + rows.len() as u32 * 64;
    if draw_bars(
        &mut buf,
        (720, height),
        rows,
        current_label,
        previous_label,
        theme,
    )
    .is_err()
    {
        return String::new();
    }
    finish(buf, &format!("Scores per phase: {current_label}"))
}

fn draw_bars(
    buf: &mut String,
    size: (u32, u32),
    rows: &[Bar],
    current_label: &str,
    previous_label: Option<&str>,
    theme: Theme,
) -> Result<(), DrawingAreaErrorKind<std::io::Error>> {
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
            text(11.0, &p.muted, HPos::Center, VPos::Top),
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
                text(12.0, &p.muted, HPos::Left, VPos::Center),
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
            text(12.0, &p.muted, HPos::Left, VPos::Top),
        ))?;
    }
    legend(&root, &p, (16, 16), current_label, previous_label)?;
    root.present()?;
    Ok(())
}

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
) -> String {
    let mut buf = String::new();
    let height = 96 + rows.len() as u32 * 74;
    if draw_spectrum(
        &mut buf,
        (720, height),
        rows,
        current_label,
        previous_label,
        theme,
    )
    .is_err()
    {
        return String::new();
    }
    finish(
        buf,
        &format!("Traditional to modern, per dimension: {current_label}"),
    )
}

fn draw_spectrum(
    buf: &mut String,
    size: (u32, u32),
    rows: &[SpectrumRow],
    current_label: &str,
    previous_label: Option<&str>,
    theme: Theme,
) -> Result<(), DrawingAreaErrorKind<std::io::Error>> {
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
            text(11.5, &p.muted, HPos::Left, VPos::Top),
        ))?;
        root.draw(&Text::new(
            row.modern.clone(),
            (x(5.0), y + 12),
            text(11.5, &p.muted, HPos::Right, VPos::Top),
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

/// A dot plot of one question's votes: a column of dots per level (and for N/A
/// and don't know), the count under each, and, when two or more people voted a
/// level, the median line and the interquartile band.
pub fn vote_strip(d: &opex_core::distribution::Distribution, theme: Theme) -> String {
    let mut buf = String::new();
    if draw_vote_strip(&mut buf, (560, 270), d, theme).is_err() {
        return String::new();
    }
    let votes = if d.voters == 1 {
        "1 vote".to_string()
    } else {
        format!("{} votes", d.voters)
    };
    let what = match (d.median, d.range) {
        (Some(m), Some(_)) => format!("{votes}, median {m:.1}"),
        _ => votes,
    };
    finish(buf, &format!("Votes by level: {what}"))
}

fn draw_vote_strip(
    buf: &mut String,
    size: (u32, u32),
    d: &opex_core::distribution::Distribution,
    theme: Theme,
) -> Result<(), DrawingAreaErrorKind<std::io::Error>> {
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

/// Draws one trend panel into `area`: proportional time axis, gaps left open,
/// the target as a dashed line. Returns the x of each point (for tests).
#[allow(clippy::too_many_arguments)]
fn draw_trend_panel(
    root: &Area,
    p: &Palette,
    origin: (i32, i32),
    size: (i32, i32),
    points: &[TrendPoint],
    target: Option<f64>,
    title: Option<&str>,
    small: bool,
) -> Result<Vec<i32>, DrawingAreaErrorKind<std::io::Error>> {
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
pub fn trend(points: &[TrendPoint], target: Option<f64>, theme: Theme) -> String {
    let mut buf = String::new();
    let p = theme.palette();
    let drawn = {
        let root = SVGBackend::with_string(&mut buf, (760, 300)).into_drawing_area();
        draw_trend_panel(&root, &p, (0, 0), (760, 300), points, target, None, false)
            .and_then(|_| root.present())
    };
    if drawn.is_err() {
        return String::new();
    }
    finish(buf, "Overall score over time")
}

/// One small trend panel per area, in a grid.
pub fn area_trends(panels: &[(String, Vec<TrendPoint>, Option<f64>)], theme: Theme) -> String {
    let mut buf = String::new();
    let p = theme.palette();
    let cols = 4usize;
    let (cw, ch) = (190i32, 136i32);
    let rows = panels.len().div_ceil(cols).max(1);
    let drawn = {
        let root = SVGBackend::with_string(
            &mut buf,
            ((cw * cols as i32) as u32, (ch * rows as i32) as u32),
        )
        .into_drawing_area();
        let mut result = Ok(());
        for (i, (name, points, target)) in panels.iter().enumerate() {
            let origin = ((i % cols) as i32 * cw, (i / cols) as i32 * ch);
            // A small panel names its target in its title rather than on the line.
            let title = match target {
                Some(t) => format!("{name} · target {t:.1}"),
                None => name.clone(),
            };
            if let Err(e) = draw_trend_panel(
                &root,
                &p,
                origin,
                (cw - 8, ch - 6),
                points,
                *target,
                Some(&title),
                true,
            ) {
                result = Err(e);
                break;
            }
        }
        result.and_then(|_| root.present())
    };
    if drawn.is_err() {
        return String::new();
    }
    finish(buf, "Each area's score over time")
}

/// Questions (rows) by assessments (columns); each cell writes its value.
pub fn heatmap(rows: &[(String, Vec<Option<f64>>)], columns: &[String], theme: Theme) -> String {
    let mut buf = String::new();
    let p = theme.palette();
    let (left, top, cw, rh) = (120i32, 34i32, 64i32, 18i32);
    let width = (left + cw * columns.len() as i32 + 10).max(300) as u32;
    let height = (top + rh * rows.len() as i32 + 10) as u32;
    let shade = |v: f64| {
        let t = ((v - 1.0) / 4.0).clamp(0.0, 1.0);
        let mix = |a: u8, b: u8| (f64::from(a) + (f64::from(b) - f64::from(a)) * t).round() as u8;
        match theme {
            Theme::Light => RGBColor(mix(0xf6, 0x1f), mix(0xe7, 0x5f), mix(0xd8, 0xbf)),
            Theme::Dark => RGBColor(mix(0x3a, 0x2f), mix(0x2a, 0x6f), mix(0x20, 0xd0)),
        }
    };
    let drawn = (|| -> Result<(), DrawingAreaErrorKind<std::io::Error>> {
        let root = SVGBackend::with_string(&mut buf, (width, height)).into_drawing_area();
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
                        let fill = shade(*v);
                        root.draw(&Rectangle::new(
                            [(cx + 1, ry + 1), (cx + cw - 1, ry + rh - 1)],
                            fill.filled(),
                        ))?;
                        let ink = if *v >= 3.5 {
                            WHITE
                        } else {
                            RGBColor(0x1d, 0x23, 0x2e)
                        };
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
    })();
    if drawn.is_err() {
        return String::new();
    }
    finish(buf, "Question values across assessments")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn series(values: &[Option<f64>]) -> Series {
        Series {
            label: "Now".into(),
            values: values.to_vec(),
        }
    }

    #[test]
    fn text_in_charts_is_escaped() {
        let axes = vec![
            "<script>alert(1)</script>".to_string(),
            "B & C".into(),
            "D".into(),
        ];
        let svg = radar(
            &axes,
            &Series {
                label: "Q1 <b>x</b>".into(),
                values: vec![Some(3.0); 3],
            },
            None,
            None,
            Theme::Light,
        );
        assert!(!svg.contains("<script>"), "{svg}");
        assert!(!svg.contains("<b>"));
        assert!(svg.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(svg.contains("B &amp; C"));
    }

    #[test]
    fn a_missing_score_is_a_gap_not_a_zero() {
        let axes: Vec<String> = (0..4).map(|i| format!("A{i}")).collect();
        let full = radar(&axes, &series(&[Some(3.0); 4]), None, None, Theme::Light);
        let gappy = radar(
            &axes,
            &series(&[Some(3.0), None, Some(3.0), Some(3.0)]),
            None,
            None,
            Theme::Light,
        );
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
    }

    #[test]
    fn the_target_ring_is_dotted_with_diamonds_and_named() {
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
        );
        let plain = radar(&axes, &series(&[Some(3.0); 4]), None, None, Theme::Light);
        assert!(
            svg.contains(">\nTarget\n<") && !plain.contains("Target"),
            "the legend names the target"
        );
        // Three diamonds on the ring and one in the legend.
        assert!(svg.matches("<polyline").count() >= plain.matches("<polyline").count() + 4);
    }

    #[test]
    fn the_previous_series_is_dashed_with_square_markers() {
        let axes: Vec<String> = (0..5).map(|i| format!("A{i}")).collect();
        let now = radar(&axes, &series(&[Some(3.0); 5]), None, None, Theme::Dark);
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
        );
        assert!(both.contains("Before") && !now.contains("Before"));
        assert!(both.matches("<rect").count() >= now.matches("<rect").count() + 5);
    }

    #[test]
    fn bars_and_spectrum_write_their_values_as_text() {
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
        );
        assert!(svg.contains("\n3.2\n") || svg.contains("\n3.3\n"), "{svg}");
        assert!(svg.contains("8 of 9 answered"));
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
        );
        assert!(svg.contains("no data") && svg.contains("Vertical") && svg.contains("Horizontal"));
    }

    #[test]
    fn the_vote_strip_hides_spread_for_one_voter() {
        use opex_core::Answer::Level;
        let many = opex_core::distribution::distribution(&[
            Level(1),
            Level(4),
            Level(4),
            Level(4),
            Level(4),
        ]);
        let svg = vote_strip(&many, Theme::Light);
        assert_eq!(svg.matches("<circle").count(), 5);
        assert!(svg.contains("median 4.0") && svg.contains("middle half"));
        let one = opex_core::distribution::distribution(&[Level(3)]);
        let svg = vote_strip(&one, Theme::Light);
        assert_eq!(svg.matches("<circle").count(), 1);
        assert!(
            !svg.contains("median") && !svg.contains("middle half"),
            "no spread for a single voter"
        );
    }

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
    fn the_time_axis_is_proportional_to_dates() {
        let points = [
            pt(at(2026, 1, 1), 2.0),
            pt(at(2026, 2, 1), 2.5),
            pt(at(2026, 11, 1), 3.0),
        ];
        let xs = circle_xs(&trend(&points, None, Theme::Light));
        assert_eq!(xs.len(), 3);
        let days = [0.0, 31.0, 304.0];
        let ratio = (xs[1] - xs[0]) / (xs[2] - xs[0]);
        assert!(
            (ratio - days[1] / days[2]).abs() < 0.01,
            "x {xs:?} is not proportional to the dates"
        );
    }

    #[test]
    fn a_gap_is_left_open_and_named() {
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
        let a = trend(&even, None, Theme::Light);
        let b = trend(&gappy, None, Theme::Light);
        assert_eq!(lines(&a) - lines(&b), 1, "no line across the gap");
        assert!(b.contains("no assessment") && !a.contains("no assessment"));
        assert!(a.contains("2026-Q1") && a.contains("2026-Q3"));
    }

    #[test]
    fn quick_pulses_are_hollow_and_changes_are_marked() {
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
        let svg = trend(&points, Some(4.0), Theme::Light);
        assert_eq!(svg.matches("<circle").count(), 3);
        assert!(
            svg.contains("fill=\"none\""),
            "the quick pulse is drawn hollow"
        );
        assert!(svg.contains("†") && svg.contains("target 4.0"));
    }

    #[test]
    fn the_heatmap_writes_every_value() {
        let svg = heatmap(
            &[("Q-<1>".into(), vec![Some(1.0), None, Some(4.5)])],
            &["2026-Q1".into(), "Q2".into(), "Q3".into()],
            Theme::Light,
        );
        assert!(svg.contains("1.0") && svg.contains("4.5") && svg.contains("–"));
        assert!(svg.contains("Q-&lt;1&gt;"));
    }

    #[test]
    fn wrap_splits_long_labels_in_two() {
        assert_eq!(wrap("Monitoring", 18), vec!["Monitoring"]);
        assert_eq!(
            wrap("Small, frequent, reversible changes", 18),
            vec!["Small, frequent,", "reversible changes"]
        );
    }
}
