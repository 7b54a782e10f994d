//! The PDF reports, laid out by Typst in opex's renderer process
//! (`opex-render`, beside the binary that asks for a report). A report goes
//! to it as a [`Job`]: a template, the report data as a JSON file and every
//! chart as an SVG file, so user text is always a string in Typst's eyes,
//! never markup, and charts stay vector. The fonts are the renderer's.

use crate::ReportError;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The leadership report's Typst template.
pub const LEADERSHIP_TEMPLATE: &str = include_str!("../templates/leadership.typ");
/// The font list every template imports.
const FONTS_TYP: &str = include_str!("../templates/fonts.typ");

/// The name of the renderer's executable.
pub const RENDERER: &str = "opex-render";
/// An environment variable that, when set, is the renderer's path.
pub const RENDERER_ENV: &str = "OPEX_RENDER";

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

/// One report for the renderer: the template, and the files it reads by name
/// (`data.json`, `fonts.typ` and the charts).
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub struct Job {
    pub template: String,
    pub files: BTreeMap<String, String>,
}

impl Job {
    /// A job for `template`, with `data` as `data.json`, the font list and
    /// `svgs` by name.
    pub fn new(
        template: String,
        data: &serde_json::Value,
        svgs: &[(&str, String)],
    ) -> Result<Job, ReportError> {
        let mut files = BTreeMap::new();
        files.insert("fonts.typ".to_string(), FONTS_TYP.to_string());
        files.insert(
            "data.json".to_string(),
            serde_json::to_string(data).map_err(|e| ReportError::Pdf(e.to_string()))?,
        );
        for (name, svg) in svgs {
            files.insert((*name).to_string(), svg.clone());
        }
        Ok(Job { template, files })
    }
}

/// Where the renderer is: `$OPEX_RENDER` when it is set, else beside the
/// running binary.
pub fn renderer() -> Result<PathBuf, ReportError> {
    let exe = std::env::current_exe()
        .map_err(|e| ReportError::Pdf(format!("cannot find this program's own path: {e}")))?;
    locate(std::env::var_os(RENDERER_ENV).map(PathBuf::from), &exe)
}

/// The renderer named by `env`, else the one beside `exe`, else the one the
/// packages install, `../libexec/opex/` from the binary's folder (a helper, not
/// a command, so not in `/usr/bin`). A test binary runs from cargo's `deps`
/// directory, one below the binaries it was built with, so there the
/// directory above is looked in too.
fn locate(env: Option<PathBuf>, exe: &Path) -> Result<PathBuf, ReportError> {
    if let Some(path) = env {
        return if path.is_file() {
            Ok(path)
        } else {
            Err(ReportError::Pdf(format!(
                "{RENDERER_ENV} names {}, which is not a file",
                path.display()
            )))
        };
    }
    let dir = exe.parent().unwrap_or(Path::new("."));
    let beside = dir.join(RENDERER);
    let mut candidates = vec![beside.clone()];
    if let Some(prefix) = dir.parent() {
        candidates.push(prefix.join("libexec/opex").join(RENDERER));
    }
    if dir.file_name().is_some_and(|n| n == "deps")
        && let Some(up) = dir.parent()
    {
        candidates.push(up.join(RENDERER));
    }
    candidates.into_iter().find(|c| c.is_file()).ok_or_else(|| {
        ReportError::Pdf(format!(
            "opex's PDF renderer is missing: it should be {} (it is installed with opex; \
             in a source tree, `cargo build -p {RENDERER}` builds it)",
            beside.display()
        ))
    })
}

/// Lays out `job` in the renderer and returns the PDF.
pub fn run(job: &Job) -> Result<Vec<u8>, ReportError> {
    let path = renderer()?;
    let input = serde_json::to_vec(job).map_err(|e| ReportError::Pdf(e.to_string()))?;
    let started = |e: std::io::Error| {
        ReportError::Pdf(format!(
            "cannot start the PDF renderer {}: {e}",
            path.display()
        ))
    };
    let mut child = Command::new(&path)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(started)?;
    // Written from a thread while this one reads, so that neither side waits
    // on a full pipe.
    let writer = child.stdin.take().map(|mut stdin| {
        std::thread::spawn(move || stdin.write_all(&input).and_then(|()| stdin.flush()))
    });
    let output = child.wait_with_output().map_err(started)?;
    // Whether the whole job arrived is the renderer's to say: it exits with 2
    // on a job cut short, and then the writer's broken pipe adds nothing.
    if let Some(writer) = writer {
        let _sent = writer.join();
    }
    if output.status.success() {
        return Ok(output.stdout);
    }
    let said = String::from_utf8_lossy(&output.stderr).trim().to_string();
    Err(ReportError::Pdf(if said.is_empty() {
        format!(
            "the PDF renderer {} stopped: {}",
            path.display(),
            output.status
        )
    } else {
        said
    }))
}

/// Lays out the leadership template: `data` is the JSON it reads; `svgs`
/// are the chart files it places, by name.
pub fn render(data: &serde_json::Value, svgs: &[(&str, String)]) -> Result<Vec<u8>, ReportError> {
    render_template(LEADERSHIP_TEMPLATE, data, svgs)
}

/// Lays out any of opex's Typst templates with its data and charts.
pub fn render_template(
    template: &'static str,
    data: &serde_json::Value,
    svgs: &[(&str, String)],
) -> Result<Vec<u8>, ReportError> {
    run(&Job::new(template.to_string(), data, svgs)?)
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
    #![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed

    use super::*;

    fn touch(path: &Path) {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, b"").unwrap();
    }

    #[test]
    fn the_renderer_is_found_beside_the_binary() {
        let dir = tempfile::tempdir().unwrap();
        let bin = dir.path().join("usr/bin");
        touch(&bin.join(RENDERER));
        assert_eq!(locate(None, &bin.join("opex")).unwrap(), bin.join(RENDERER));
    }

    #[test]
    fn an_installed_binary_finds_the_renderer_in_libexec_opex() {
        let dir = tempfile::tempdir().unwrap();
        let helper = dir.path().join("usr/libexec/opex").join(RENDERER);
        touch(&helper);
        let exe = dir.path().join("usr/bin/opex-app");
        assert_eq!(locate(None, &exe).unwrap(), helper);
        // One beside the binary comes first.
        touch(&dir.path().join("usr/bin").join(RENDERER));
        assert_eq!(
            locate(None, &exe).unwrap(),
            dir.path().join("usr/bin").join(RENDERER)
        );
    }

    #[test]
    fn a_test_binary_finds_the_renderer_above_its_deps_directory() {
        let dir = tempfile::tempdir().unwrap();
        let debug = dir.path().join("target/debug");
        touch(&debug.join(RENDERER));
        let test = debug.join("deps/opex_service-0123");
        assert_eq!(locate(None, &test).unwrap(), debug.join(RENDERER));
    }

    #[test]
    fn a_missing_renderer_is_named_with_where_it_should_be() {
        let dir = tempfile::tempdir().unwrap();
        let exe = dir.path().join("bin/opex-app");
        let error = locate(None, &exe).unwrap_err().to_string();
        let expected = dir.path().join("bin").join(RENDERER);
        assert!(error.contains(&expected.display().to_string()), "{error}");
        assert!(error.contains("cargo build -p opex-render"), "{error}");
    }

    #[test]
    fn the_environment_names_the_renderer_and_must_name_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let elsewhere = dir.path().join("libexec/opex-render");
        touch(&elsewhere);
        let exe = dir.path().join("bin/opex");
        touch(&exe.with_file_name(RENDERER));
        assert_eq!(locate(Some(elsewhere.clone()), &exe).unwrap(), elsewhere);
        let error = locate(Some(dir.path().join("nothing")), &exe).unwrap_err();
        assert!(error.to_string().contains("OPEX_RENDER names"), "{error}");
    }

    #[test]
    fn a_job_carries_the_data_the_fonts_and_the_charts() {
        let data = serde_json::json!({ "team": "<script>alert(1)</script>" });
        let job = Job::new(
            "#json(\"data.json\")".into(),
            &data,
            &[("radar.svg", "<svg/>".into())],
        )
        .unwrap();
        let names: Vec<&str> = job.files.keys().map(String::as_str).collect();
        assert_eq!(names, ["data.json", "fonts.typ", "radar.svg"]);
        let back: serde_json::Value = serde_json::from_str(&job.files["data.json"]).unwrap();
        assert_eq!(back, data);
    }
}
