//! The leadership report as a PDF, laid out by Typst used as a library. The
//! report data goes in as a JSON file and every chart as an SVG file, so user
//! text is always a string in Typst's eyes, never markup; charts stay vector.
//! The fonts (DejaVu Sans) are embedded in the binary and subset into the PDF.

use crate::ReportError;
use std::collections::HashMap;
use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;

const TEMPLATE: &str = include_str!("../templates/leadership.typ");
const FONTS: [&[u8]; 2] = [
    include_bytes!("../fonts/DejaVuSans.ttf"),
    include_bytes!("../fonts/DejaVuSans-Bold.ttf"),
];

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

/// The files one report is compiled from.
struct ReportWorld {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
    main: FileId,
    source: Source,
    files: HashMap<String, Bytes>,
}

fn file_id(name: &str) -> Result<FileId, ReportError> {
    let path = VirtualPath::new(name).map_err(|e| ReportError::Pdf(format!("{e:?}")))?;
    Ok(FileId::new(RootedPath::new(VirtualRoot::Project, path)))
}

impl ReportWorld {
    fn new(
        template: &'static str,
        files: HashMap<String, Vec<u8>>,
    ) -> Result<ReportWorld, ReportError> {
        let fonts: Vec<Font> = FONTS
            .iter()
            .filter_map(|f| Font::new(Bytes::new(f.to_vec()), 0))
            .collect();
        let book = FontBook::from_fonts(fonts.iter());
        let main = file_id("main.typ")?;
        Ok(ReportWorld {
            library: LazyHash::new(Library::builder().build()),
            book: LazyHash::new(book),
            fonts,
            main,
            source: Source::new(main, template.to_string()),
            files: files.into_iter().map(|(k, v)| (k, Bytes::new(v))).collect(),
        })
    }
}

impl World for ReportWorld {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.book
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main {
            Ok(self.source.clone())
        } else {
            Err(FileError::NotFound(
                id.get().vpath().get_without_slash().into(),
            ))
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        let name = id.get().vpath().get_without_slash();
        self.files
            .get(name)
            .cloned()
            .ok_or_else(|| FileError::NotFound(name.into()))
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.get(index).cloned()
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
    let mut files: HashMap<String, Vec<u8>> = HashMap::new();
    files.insert(
        "data.json".into(),
        serde_json::to_vec(data).map_err(|e| ReportError::Pdf(e.to_string()))?,
    );
    for (name, svg) in svgs {
        files.insert((*name).to_string(), svg.clone().into_bytes());
    }
    let world = ReportWorld::new(template, files)?;
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
