//! The leadership report as a PDF, laid out by Typst used as a library. The
//! report data goes in as a JSON file and every chart as an SVG file, so user
//! text is always a string in Typst's eyes, never markup; charts stay vector.
//! The fonts: DejaVu Sans is embedded in the binary and always sets the text
//! it covers, so a Latin, Greek or Cyrillic report is the same on every
//! machine. Any other script (Japanese, Chinese, Korean, Devanagari, emoji…)
//! falls back to the system's fonts, searched once per process. Only the
//! glyphs a report uses are subset into the PDF.

use crate::ReportError;
use std::collections::HashMap;
use std::sync::LazyLock;
use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook, FontInfo};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_kit::fonts::FontStore;
use typst_layout::PagedDocument;

const TEMPLATE: &str = include_str!("../templates/leadership.typ");
static EMBEDDED: [&[u8]; 2] = [
    include_bytes!("../fonts/DejaVuSans.ttf"),
    include_bytes!("../fonts/DejaVuSans-Bold.ttf"),
];

/// Every font a report may use: the embedded ones first, then the system's.
/// The search (typst-kit's, the one the Typst CLI uses) runs once, when the
/// first PDF is laid out; a system font is read from disk only when a report
/// needs one of its glyphs, and then kept.
static FONTS: LazyLock<FontStore> = LazyLock::new(|| fonts(true));

/// The embedded fonts and, if `system`, the system's. A system font of an
/// embedded family (a system DejaVu Sans, perhaps another version or an
/// oblique) is left out, so that the embedded family is the same everywhere.
fn fonts(system: bool) -> FontStore {
    let mut store = FontStore::new();
    let embedded: Vec<(Font, FontInfo)> = EMBEDDED
        .iter()
        .flat_map(|data| Font::iter(Bytes::new(*data)))
        .map(|font| {
            let info = font.info().clone();
            (font, info)
        })
        .collect();
    let families: Vec<String> = embedded.iter().map(|(_, i)| i.family.clone()).collect();
    store.extend(embedded);
    if system {
        store.extend(
            typst_kit::fonts::system().filter(|(_, info)| !families.contains(&info.family)),
        );
    }
    store
}

/// The paper a report is laid out on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub enum Paper {
    A4,
    Letter,
}

impl Paper {
    fn typst(self) -> &'static str {
        match self {
            Paper::A4 => "a4",
            Paper::Letter => "us-letter",
        }
    }
}

/// The files one report is compiled from, and the fonts it may use.
struct ReportWorld<'a> {
    library: LazyHash<Library>,
    fonts: &'a FontStore,
    main: FileId,
    source: Source,
    files: HashMap<String, Bytes>,
}

fn file_id(name: &str) -> Result<FileId, ReportError> {
    let path = VirtualPath::new(name).map_err(|e| ReportError::Pdf(format!("{e:?}")))?;
    Ok(FileId::new(RootedPath::new(VirtualRoot::Project, path)))
}

impl<'a> ReportWorld<'a> {
    fn new(
        template: &str,
        files: HashMap<String, Vec<u8>>,
        fonts: &'a FontStore,
    ) -> Result<ReportWorld<'a>, ReportError> {
        let main = file_id("main.typ")?;
        Ok(ReportWorld {
            library: LazyHash::new(Library::builder().build()),
            fonts,
            main,
            source: Source::new(main, template.to_string()),
            files: files.into_iter().map(|(k, v)| (k, Bytes::new(v))).collect(),
        })
    }
}

impl World for ReportWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        self.fonts.book()
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main {
            return Ok(self.source.clone());
        }
        // A module the template imports (`fonts.typ`), from the same files.
        let text = self.file(id)?;
        let text = std::str::from_utf8(text.as_slice()).map_err(|_| FileError::InvalidUtf8)?;
        Ok(Source::new(id, text.to_string()))
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        let name = id.get().vpath().get_without_slash();
        self.files
            .get(name)
            .cloned()
            .ok_or_else(|| FileError::NotFound(name.into()))
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.font(index)
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        None
    }
}

/// Lays out the report: `data` is the JSON the template reads; `svgs` are the
/// chart files it places, by name.
pub fn render(data: &serde_json::Value, svgs: &[(&str, String)]) -> Result<Vec<u8>, ReportError> {
    render_template(TEMPLATE, data, svgs)
}

/// Lays out any of opex's Typst templates with its data and charts.
pub fn render_template(
    template: &'static str,
    data: &serde_json::Value,
    svgs: &[(&str, String)],
) -> Result<Vec<u8>, ReportError> {
    compile(template, data, svgs, &FONTS)
}

fn compile(
    template: &str,
    data: &serde_json::Value,
    svgs: &[(&str, String)],
    fonts: &FontStore,
) -> Result<Vec<u8>, ReportError> {
    let mut files: HashMap<String, Vec<u8>> = HashMap::new();
    // The font list both templates import.
    files.insert(
        "fonts.typ".into(),
        include_bytes!("../templates/fonts.typ").to_vec(),
    );
    files.insert(
        "data.json".into(),
        serde_json::to_vec(data).map_err(|e| ReportError::Pdf(e.to_string()))?,
    );
    for (name, svg) in svgs {
        files.insert((*name).to_string(), svg.clone().into_bytes());
    }
    let world = ReportWorld::new(template, files, fonts)?;
    let doc = typst::compile::<PagedDocument>(&world)
        .output
        .map_err(|errors| {
            ReportError::Pdf(
                errors
                    .iter()
                    .map(|e| e.message.to_string())
                    .collect::<Vec<_>>()
                    .join("; "),
            )
        })?;
    typst_pdf::pdf(&doc, &typst_pdf::PdfOptions::default()).map_err(|errors| {
        ReportError::Pdf(
            errors
                .iter()
                .map(|e| e.message.to_string())
                .collect::<Vec<_>>()
                .join("; "),
        )
    })
}

/// The leadership PDF: the report data and the same plotters charts the app
/// shows.
pub fn leadership_pdf(
    input: &crate::leadership::LeadershipInput,
    paper: Paper,
) -> Result<Vec<u8>, ReportError> {
    let report = crate::leadership::build(input)?;
    let current = input.current()?;
    let (charts, drawn) = crate::leadership::visuals(input)?;
    let date = current.assessment.date_label();
    let data = serde_json::json!({
        "team": report.team,
        "date": date,
        "generated": input.now.format("%-d %b %Y").to_string(),
        "paper": paper.typst(),
        "assessment_label": format!(
            "{} assessment of {date}",
            if current.assessment.is_workshop() { "Workshop" } else { "Self" },
        ),
        "bank": format!("{} {}", current.assessment.bank_title, current.assessment.bank_version),
        "previous_label": input.previous().map(|p| p.assessment.date_label()),
        "report": report,
    });
    render(
        &data,
        &[
            ("radar.svg", charts.radar),
            ("phases.svg", charts.phases),
            ("spectrum.svg", charts.spectrum),
            ("trend.svg", drawn.trend),
            ("area-trends.svg", drawn.areas),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The leadership template's font settings, then the team's name.
    fn scripts_page() -> String {
        let start = TEMPLATE
            .find("#import \"fonts.typ\"")
            .expect("the template imports its fonts from fonts.typ");
        let end = TEMPLATE[start..]
            .find("#set page(")
            .map_or(TEMPLATE.len(), |e| start + e);
        format!("{}\n#json(\"data.json\").team\n", &TEMPLATE[start..end])
    }

    #[test]
    fn with_no_system_fonts_a_script_no_font_has_still_makes_a_pdf() {
        let data = serde_json::json!({ "team": "Payments 決済チーム 🚀 भुगतान" });
        let pdf = compile(&scripts_page(), &data, &[], &fonts(false)).unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
        let text = String::from_utf8_lossy(&pdf);
        assert!(text.contains("DejaVuSans"), "DejaVu Sans is embedded");
    }

    #[test]
    fn the_embedded_dejavu_sans_is_the_only_one() {
        // The machine may have its own DejaVu Sans (setup installs
        // fonts-dejavu-core); ours must be the one every report uses.
        let store = fonts(true);
        let mut dejavu = store.book().select_family("dejavu sans").peekable();
        assert!(dejavu.peek().is_some(), "no DejaVu Sans");
        for index in dejavu {
            let font = store.font(index).map(|f| f.data().as_ptr());
            assert!(
                EMBEDDED.iter().any(|e| Some(e.as_ptr()) == font),
                "font {index} is a system DejaVu Sans"
            );
        }
    }
}
