//! The charts' shared style and public face: theme and palette, fonts and text
//! helpers, markers, legends, the `Series` type, errors and SVG finishing. Each
//! chart lives in its own file and is re-exported here.
//!
//! The charts are drawn with plotters onto SVG: a radar of the areas, bars per
//! phase, the traditional-to-modern spectrum, the workshop's vote strip, trends
//! and the heatmap. The app shows these exact SVGs and the reports embed them,
//! so there is one chart code path.
//!
//! Honesty rules kept here: colour is never the only signal (the current series
//! has solid lines and round markers, the previous one dashed lines and square
//! markers, the target dotted lines and diamond markers, and every value is
//! also written as a number); a missing score is a gap, never a zero; and a
//! chart that cannot be drawn is an error, never an empty picture.

use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

mod bars;
mod heatmap;
mod radar;
mod spectrum;
mod trend;
mod vote_strip;

pub use bars::{Bar, bars};
pub use heatmap::heatmap;
pub use radar::radar;
pub use spectrum::{SpectrumRow, spectrum};
pub use trend::{GAP_DAYS, TrendPoint, area_trends, gaps, trend};
pub use vote_strip::vote_strip;

/// Why a chart could not be drawn.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChartError {
    /// plotters failed while drawing; carries its error text.
    #[error("cannot draw the chart: {0}")]
    Draw(String),
}

/// What plotters reports when drawing onto the SVG backend fails.
type DrawError = DrawingAreaErrorKind<std::io::Error>;

impl From<DrawError> for ChartError {
    fn from(e: DrawError) -> Self {
        ChartError::Draw(e.to_string())
    }
}

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

/// WCAG 2 relative luminance of an sRGB colour.
fn luminance(c: RGBColor) -> f64 {
    let lin = |u: u8| {
        let s = f64::from(u) / 255.0;
        if s <= 0.04045 {
            s / 12.92
        } else {
            ((s + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * lin(c.0) + 0.7152 * lin(c.1) + 0.0722 * lin(c.2)
}

/// WCAG 2 contrast ratio of two colours, 1.0 to 21.0.
pub(crate) fn contrast(a: RGBColor, b: RGBColor) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// Black or white, whichever reads better on `fill`: at least 4.58:1 on any fill.
pub(crate) fn ink_on(fill: RGBColor) -> RGBColor {
    if contrast(WHITE, fill) >= contrast(BLACK, fill) {
        WHITE
    } else {
        BLACK
    }
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

fn marker_round(root: &Area, at: (i32, i32), color: &RGBColor) -> Result<(), DrawError> {
    root.draw(&Circle::new(at, 5, color.filled()))?;
    root.draw(&Circle::new(at, 5, WHITE.stroke_width(1)))
}

fn marker_square(root: &Area, at: (i32, i32), color: &RGBColor) -> Result<(), DrawError> {
    let (x, y) = at;
    root.draw(&Rectangle::new(
        [(x - 4, y - 4), (x + 4, y + 4)],
        color.stroke_width(2),
    ))
}

fn marker_diamond(root: &Area, at: (i32, i32), color: &RGBColor) -> Result<(), DrawError> {
    let (x, y) = at;
    root.draw(&PathElement::new(
        vec![(x, y - 6), (x + 6, y), (x, y + 6), (x - 6, y), (x, y - 6)],
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
) -> Result<(), DrawError> {
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

/// The target's legend entry: a dotted line with a diamond marker.
fn legend_target(root: &Area, p: &Palette, at: (i32, i32), label: &str) -> Result<(), DrawError> {
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

/// Reading the SVG the charts write, for the style tests: which elements carry
/// a colour, where the markers are, and whether a line is solid or dashed.
///
/// plotters 0.3.7 writes no `stroke-dasharray`: a `DashedPathElement` becomes
/// one short `<polyline>` per dash, so a dashed line is recognised by its pieces
/// and the gaps between them. A round marker is a filled `<circle>`, a square
/// one an 8×8 unfilled `<rect>`, a diamond a closed five-point `<polyline>`.
#[cfg(test)]
mod inspect {
    use plotters::style::RGBColor;

    type Pt = (f64, f64);

    /// One element: its tag name and attributes, in order.
    pub(super) struct El {
        tag: String,
        attrs: Vec<(String, String)>,
    }

    impl El {
        fn get(&self, key: &str) -> Option<&str> {
            self.attrs
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.as_str())
        }

        fn num(&self, key: &str) -> f64 {
            self.get(key)
                .and_then(|v| v.parse().ok())
                .unwrap_or(f64::NAN)
        }

        fn points(&self) -> Vec<Pt> {
            self.get("points")
                .unwrap_or_default()
                .split_whitespace()
                .filter_map(|xy| {
                    let (x, y) = xy.split_once(',')?;
                    Some((x.parse().ok()?, y.parse().ok()?))
                })
                .collect()
        }
    }

    /// Every element of `svg`, in drawing order.
    pub(super) fn elements(svg: &str) -> Vec<El> {
        svg.split('<')
            .skip(1)
            .filter(|s| !s.starts_with('/'))
            .map(|s| {
                let s = s.split('>').next().unwrap_or_default();
                let (tag, mut rest) = s.split_once(' ').unwrap_or((s, ""));
                let mut attrs = Vec::new();
                while let Some((k, v)) = rest.split_once("=\"") {
                    let Some((value, tail)) = v.split_once('"') else {
                        break;
                    };
                    attrs.push((k.trim().to_string(), value.to_string()));
                    rest = tail;
                }
                El {
                    tag: tag.trim_end_matches('/').to_string(),
                    attrs,
                }
            })
            .collect()
    }

    /// A colour as plotters writes it.
    pub(super) fn hex(c: RGBColor) -> String {
        format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2)
    }

    /// The points of every line stroked in `c`. Fails if one carries a
    /// `stroke-dasharray`, which would hide dashing from these tests.
    pub(super) fn lines(els: &[El], c: RGBColor) -> Vec<Vec<Pt>> {
        els.iter()
            .filter(|e| e.tag == "polyline" && e.get("stroke") == Some(&hex(c)))
            .map(|e| {
                assert!(e.get("stroke-dasharray").is_none());
                e.points()
            })
            .collect()
    }

    /// The centre of every round marker (a `<circle>` filled in `c`).
    pub(super) fn round_markers(els: &[El], c: RGBColor) -> Vec<Pt> {
        els.iter()
            .filter(|e| e.tag == "circle" && e.get("fill") == Some(&hex(c)))
            .map(|e| (e.num("cx"), e.num("cy")))
            .collect()
    }

    /// The centre of every square marker (an unfilled 8×8 `<rect>` stroked in `c`).
    pub(super) fn square_markers(els: &[El], c: RGBColor) -> Vec<Pt> {
        els.iter()
            .filter(|e| {
                e.tag == "rect"
                    && e.get("stroke") == Some(&hex(c))
                    && e.get("fill") == Some("none")
                    && e.num("width") == 8.0
                    && e.num("height") == 8.0
            })
            .map(|e| (e.num("x") + 4.0, e.num("y") + 4.0))
            .collect()
    }

    /// The centre of every diamond marker (a closed line through the four
    /// points 6 px above, right of, below and left of its centre) in `c`.
    pub(super) fn diamond_markers(els: &[El], c: RGBColor) -> Vec<Pt> {
        lines(els, c)
            .into_iter()
            .filter_map(|pts| {
                let [(x, top), r, b, l, end] = pts[..] else {
                    return None;
                };
                let y = top + 6.0;
                (end == (x, top) && r == (x + 6.0, y) && b == (x, y + 6.0) && l == (x - 6.0, y))
                    .then_some((x, y))
            })
            .collect()
    }

    fn len(a: Pt, b: Pt) -> f64 {
        (b.0 - a.0).hypot(b.1 - a.1)
    }

    /// How far `q` lies from the segment `a`-`b`.
    fn off(q: Pt, a: Pt, b: Pt) -> f64 {
        let (dx, dy) = (b.0 - a.0, b.1 - a.1);
        let t = (((q.0 - a.0) * dx + (q.1 - a.1) * dy) / (dx * dx + dy * dy)).clamp(0.0, 1.0);
        len(q, (a.0 + t * dx, a.1 + t * dy))
    }

    /// The lines lying along `a`-`b` (every point within rounding of it).
    fn along(lines: &[Vec<Pt>], a: Pt, b: Pt) -> Vec<Vec<Pt>> {
        lines
            .iter()
            .filter(|l| !l.is_empty() && l.iter().all(|q| off(*q, a, b) <= 1.5))
            .cloned()
            .collect()
    }

    /// `a`-`b` is drawn as one unbroken line.
    pub(super) fn assert_solid(lines: &[Vec<Pt>], a: Pt, b: Pt) {
        let found = along(lines, a, b);
        assert!(
            found
                .iter()
                .any(|l| l.len() == 2 && ((l[0] == a && l[1] == b) || (l[0] == b && l[1] == a))),
            "no solid line from {a:?} to {b:?}: {found:?}"
        );
    }

    /// `a`-`b` is drawn as dashes of about `dash` px with gaps between them,
    /// and not as one line.
    pub(super) fn assert_dashed(lines: &[Vec<Pt>], a: Pt, b: Pt, dash: f64) {
        let found = along(lines, a, b);
        let side = len(a, b);
        let pieces: Vec<f64> = found.iter().map(|l| len(l[0], l[l.len() - 1])).collect();
        let longest = pieces.iter().copied().fold(0.0, f64::max);
        let inked: f64 = pieces.iter().sum();
        assert!(pieces.len() >= 3, "{a:?}-{b:?} is not dashed: {found:?}");
        assert!(
            longest <= dash + 1.5 && longest >= dash - 1.5,
            "{a:?}-{b:?}: dashes of up to {longest:.1} px, not {dash} px: {found:?}"
        );
        assert!(
            inked > side * 0.2 && inked < side * 0.8,
            "{a:?}-{b:?}: {inked:.1} of {side:.1} px inked, no dashes and gaps"
        );
    }

    /// The legend's entries: a solid line through a round marker for the
    /// current series, a dashed one through a square marker for the previous.
    pub(super) fn assert_legend(els: &[El], current: RGBColor, previous: RGBColor) {
        let (Some(&now), Some(&before)) = (
            round_markers(els, current).last(),
            square_markers(els, previous).last(),
        ) else {
            panic!("the legend lacks a marker");
        };
        let ends = |(x, y): Pt| ((x - 14.0, y), (x + 14.0, y));
        let (a, b) = ends(now);
        assert_solid(&lines(els, current), a, b);
        let (a, b) = ends(before);
        assert_dashed(&lines(els, previous), a, b, 5.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_in_charts_is_escaped() -> Result<(), ChartError> {
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
        )?;
        assert!(!svg.contains("<script>"), "{svg}");
        assert!(!svg.contains("<b>"));
        assert!(svg.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(svg.contains("B &amp; C"));
        Ok(())
    }

    #[test]
    fn a_drawing_failure_is_an_error_carrying_plotters_text() {
        let e = ChartError::from(DrawError::LayoutError);
        assert_eq!(e, ChartError::Draw("Bad layout".into()));
        assert_eq!(
            crate::ReportError::from(e).to_string(),
            "cannot draw the chart: Bad layout"
        );
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
