//! Every script on a PDF: a team named in Japanese with an emoji, actions in
//! Korean, Chinese and Hindi, and a bank area named in Japanese (drawn inside
//! a chart) come back out of the PDF as the same text, set in real fonts.
//! DejaVu Sans is embedded and has none of these, so they need the system
//! fonts `cargo xtask setup` installs; without them these tests fail, naming
//! the characters no font has.

use crate::support::{PdfFile, input, input_with_area, tool, write};
use opex_report::Paper;
use opex_report::pdf::leadership_pdf;
use typst::text::FontInfo;

const TEAM: &str = "決済チーム 🚀";
const KOREAN: &str = "결제팀";
const CHINESE: &str = "支付团队";
const HINDI: &str = "भुगतान टीम";
/// "Deployment": an area name in a bank written in Japanese.
const AREA: &str = "デプロイ";

/// One character of each script the tests lay out.
const SAMPLES: [char; 4] = ['決', '결', '支', 'भ'];

/// The system's fonts, as typst-kit finds them for the report.
fn system_fonts() -> Vec<FontInfo> {
    typst_kit::fonts::system().map(|(_, info)| info).collect()
}

/// The families of `fonts` that have `c`.
fn families_with(fonts: &[FontInfo], c: char) -> Vec<String> {
    fonts
        .iter()
        .filter(|f| f.coverage.contains(c as u32))
        .map(|f| f.family.clone())
        .collect()
}

/// Fails, naming each character, unless the system has a font for every
/// character the tests lay out. The emoji is included: setup installs a
/// colour emoji font, so here a rocket drawn as a box is a failure (on a
/// machine without one the PDF is still made, with a box; see the unit tests
/// in `pdf.rs`).
fn require_system_fonts() -> Vec<FontInfo> {
    let fonts = system_fonts();
    let missing: Vec<String> = [TEAM, KOREAN, CHINESE, HINDI, AREA]
        .concat()
        .chars()
        .filter(|c| !c.is_whitespace() && families_with(&fonts, *c).is_empty())
        .map(|c| format!("{c} (U+{:04X})", c as u32))
        .collect();
    assert!(
        missing.is_empty(),
        "no installed font has {}: run `cargo xtask setup`, which installs \
         fonts-wqy-microhei (Chinese, Japanese, Korean), fonts-lohit-deva \
         (Devanagari) and fonts-noto-color-emoji",
        missing.join(", ")
    );
    fonts
}

/// Text alone proves little: a glyph a font lacks is drawn as a box yet
/// still carries its text. So each script's sample must be set in an
/// embedded, subset font that has it, and the emoji in a colour glyph font
/// (Typst writes colour glyphs as a Type 3 font, which DejaVu Sans never is).
fn assert_set_in_real_fonts(pdf: &PdfFile, system: &[FontInfo]) {
    let fonts = tool("pdffonts", &[pdf.path()]);
    // pdffonts names a font by its PostScript name, behind a subset tag:
    // "NXWXXH+WenQuanYiMicroHei", "FWWFSF+Lohit-Devanagari".
    let squash = |s: &str| s.to_lowercase().replace([' ', '-'], "");
    let embedded = |family: &str| {
        fonts
            .lines()
            .any(|l| squash(l).contains(&squash(family)) && l.contains(" yes yes "))
    };
    for c in SAMPLES {
        let have = families_with(system, c);
        assert!(
            have.iter().any(|f| embedded(f)),
            "{c} is not set in any font that has it ({have:?}):\n{fonts}"
        );
    }
    assert!(
        embedded("DejaVu Sans"),
        "DejaVu Sans is not embedded:\n{fonts}"
    );
    assert!(
        fonts.lines().any(|l| l.contains("Type 3")),
        "the emoji is not drawn from a colour font:\n{fonts}"
    );
}

fn report() -> PdfFile {
    let i = input_with_area(TEAM, AREA, &[(&format!("{KOREAN} {CHINESE}"), HINDI)]);
    write(&leadership_pdf(&i, Paper::A4).unwrap())
}

#[test]
fn every_script_comes_back_as_text() {
    require_system_fonts();
    let pdf = report();
    let text = pdf.text();
    for name in [TEAM, KOREAN, CHINESE, HINDI, AREA] {
        assert!(
            text.contains(name),
            "{name:?} did not come back out of the PDF:\n{}",
            &text[..text.len().min(600)]
        );
    }
    assert!(!text.contains('\u{fffd}'), "a replacement character");
    let info = tool("pdfinfo", &[pdf.path()]);
    assert!(
        info.contains(&format!("Title:           Operational maturity: {TEAM}")),
        "{info}"
    );
    assert!(
        tool("qpdf", &["--check", pdf.path()]).contains("No syntax or stream encoding errors"),
        "qpdf"
    );
}

#[test]
fn every_script_is_set_in_a_font_that_has_it() {
    let system = require_system_fonts();
    assert_set_in_real_fonts(&report(), &system);
}

#[test]
fn a_latin_report_uses_only_the_embedded_dejavu() {
    // System fonts are only fallbacks: a report DejaVu Sans covers is the same
    // on a machine with a thousand fonts as on one with none.
    let pdf = write(&leadership_pdf(&input("Payments Platform", &[]), Paper::A4).unwrap());
    let fonts = tool("pdffonts", &[pdf.path()]);
    let names: Vec<&str> = fonts
        .lines()
        .skip(2)
        .filter_map(|l| l.split_whitespace().next())
        .map(|n| n.split_once('+').map_or(n, |(_, name)| name))
        .collect();
    assert_eq!(names.len(), 2, "{fonts}");
    assert!(
        names
            .iter()
            .all(|n| *n == "DejaVuSans" || *n == "DejaVuSans-Bold"),
        "{fonts}"
    );
}

#[test]
fn the_portfolio_names_teams_in_every_script() {
    let system = require_system_fonts();
    let teams: Vec<_> = [TEAM, KOREAN, CHINESE, HINDI]
        .iter()
        .enumerate()
        .map(|(i, name)| opex_report::portfolio::PortfolioTeam {
            origin: None,
            team_id: i as i64 + 1,
            name: (*name).into(),
            completed: input(name, &[])
                .completed
                .iter()
                .map(|s| opex_core::card::Listed {
                    assessment: s.assessment.clone(),
                    card: s.card(),
                })
                .collect(),
            targets: vec![],
        })
        .collect();
    let bank = opex_core::default_bank().unwrap();
    let p = opex_report::portfolio::build(&bank, &teams, crate::support::now());
    let pdf = write(&opex_report::portfolio::pdf(&p, Paper::A4).unwrap());
    let text = pdf.text();
    for name in [TEAM, KOREAN, CHINESE, HINDI] {
        assert!(
            text.contains(name),
            "{name:?} is not in the portfolio:\n{text}"
        );
    }
    assert_set_in_real_fonts(&pdf, &system);
}
