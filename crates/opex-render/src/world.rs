//! The Typst world one report is laid out in: its template, the files it
//! reads (the data as JSON, every chart as SVG, the font list) and the fonts.
//! DejaVu Sans is embedded in the binary and always sets the text it covers,
//! so a Latin, Greek or Cyrillic report is the same on every machine. Any
//! other script (Japanese, Chinese, Korean, Devanagari, emoji…) falls back to
//! the system's fonts, searched once per process. Only the glyphs a report
//! uses are subset into the PDF.

use opex_report::pdf::Job;
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

static EMBEDDED: [&[u8]; 2] = [
    include_bytes!("../fonts/DejaVuSans.ttf"),
    include_bytes!("../fonts/DejaVuSans-Bold.ttf"),
];

/// Every font a report may use: the embedded ones first, then the system's.
/// The search (typst-kit's, the one the Typst CLI uses) runs once, when the
/// first PDF is laid out; a system font is read from disk only when a report
/// needs one of its glyphs.
pub static FONTS: LazyLock<FontStore> = LazyLock::new(|| fonts(true));

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

/// The files one report is compiled from, and the fonts it may use.
struct ReportWorld<'a> {
    library: LazyHash<Library>,
    fonts: &'a FontStore,
    main: FileId,
    source: Source,
    files: HashMap<String, Bytes>,
}

fn file_id(name: &str) -> Result<FileId, String> {
    let path = VirtualPath::new(name).map_err(|e| format!("file name `{name}`: {e:?}"))?;
    Ok(FileId::new(RootedPath::new(VirtualRoot::Project, path)))
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

/// Lays out `job` with `fonts` and writes it as PDF; an error is Typst's
/// messages, joined.
pub fn compile(job: Job, fonts: &FontStore) -> Result<Vec<u8>, String> {
    let main = file_id("main.typ")?;
    let world = ReportWorld {
        library: LazyHash::new(Library::builder().build()),
        fonts,
        main,
        source: Source::new(main, job.template),
        files: job
            .files
            .into_iter()
            .map(|(name, text)| (name, Bytes::from_string(text)))
            .collect(),
    };
    let joined = |errors: &[typst::diag::SourceDiagnostic]| {
        errors
            .iter()
            .map(|e| e.message.to_string())
            .collect::<Vec<_>>()
            .join("; ")
    };
    let doc = typst::compile::<PagedDocument>(&world)
        .output
        .map_err(|errors| joined(&errors))?;
    typst_pdf::pdf(&doc, &typst_pdf::PdfOptions::default()).map_err(|errors| joined(&errors))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed

    use super::*;

    /// The leadership template's font settings, then the team's name.
    fn scripts_page() -> String {
        let template = opex_report::pdf::LEADERSHIP_TEMPLATE;
        let start = template
            .find("#import \"fonts.typ\"")
            .expect("the template imports its fonts from fonts.typ");
        let end = template[start..]
            .find("#set page(")
            .map_or(template.len(), |e| start + e);
        format!("{}\n#json(\"data.json\").team\n", &template[start..end])
    }

    #[test]
    fn with_no_system_fonts_a_script_no_font_has_still_makes_a_pdf() {
        let data = serde_json::json!({ "team": "Payments 決済チーム 🚀 भुगतान" });
        let job = Job::new(scripts_page(), &data, &[]).unwrap();
        let pdf = compile(job, &fonts(false)).unwrap();
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

    #[test]
    fn a_template_error_is_typsts_message() {
        let job = Job::new("#let x = (".into(), &serde_json::json!({}), &[]).unwrap();
        let error = compile(job, &fonts(false)).unwrap_err();
        assert!(error.contains("unclosed delimiter"), "{error}");
    }
}
