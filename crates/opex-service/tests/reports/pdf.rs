//! The leadership PDF, checked with the tools a reader's computer trusts:
//! qpdf for structure, pdftotext for real text, pdfinfo for metadata.
//! The tools come with `cargo xtask setup`; without them these tests fail.

use crate::support::{build, leadership_pdf};
use chrono::Utc;
use opex_report::pdf::Paper;
use opex_store::Store;
use std::process::Command;

fn tool(name: &str, args: &[&str]) -> String {
    let out = Command::new(name).args(args).output().unwrap_or_else(|e| {
        panic!("{name} is needed to check PDFs (apt-get install poppler-utils qpdf): {e}")
    });
    String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr)
}

fn demo_pdf(
    team: &str,
    paper: Paper,
    notes: bool,
) -> (tempfile::TempDir, std::path::PathBuf, Store, i64) {
    let mut store = Store::open_in_memory().unwrap();
    let bank = opex_core::default_bank().unwrap();
    let t = opex_store::demo::create_demo(&mut store, &bank, team, Utc::now()).unwrap();
    let bytes = leadership_pdf(&store, t.id, notes, paper).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.pdf");
    std::fs::write(&path, bytes).unwrap();
    (dir, path, store, t.id)
}

#[test]
fn the_pdf_is_valid_real_text_and_titled() {
    let (_dir, path, store, team) = demo_pdf("Payments Platform", Paper::A4, false);
    let p = path.to_str().unwrap();
    assert!(tool("qpdf", &["--check", p]).contains("No syntax or stream encoding errors"));
    let info = tool("pdfinfo", &[p]);
    assert!(
        info.contains("Title:           Operational maturity: Payments Platform"),
        "{info}"
    );
    assert!(info.contains("Tagged:          yes"), "{info}");
    assert!(info.contains("(A4)"), "{info}");
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    // Two to three pages for a director, then one table per area (with each
    // level's checks) and the methodology.
    assert!((6..=16).contains(&pages), "{pages} pages");
    let text = tool("pdftotext", &["-layout", p, "-"]);
    let report = build(&store, team, None, false).unwrap();
    let overall = format!("{:.1}", report.overall.unwrap());
    assert!(
        text.contains("Payments Platform") && text.contains(&overall),
        "team and overall score"
    );
    for area in &report.areas {
        assert!(text.contains(&area.name), "area {} missing", area.name);
    }
    assert!(text.contains("page 1 of"), "page numbers");
    // Each value shows how widely it holds and the checks of its level, ticked
    // (✓) or not (○), as the demo's 2.0 assessment recorded them.
    let said: usize = report
        .areas
        .iter()
        .flat_map(|a| &a.questions)
        .filter(|q| q.breadth.is_some())
        .count();
    assert!(said > 0, "the demo's latest assessment says no breadth");
    for phrase in [
        "for one service",
        "for some services",
        "for most services",
        "for all services",
    ] {
        let in_data = report
            .areas
            .iter()
            .flat_map(|a| &a.questions)
            .any(|q| q.breadth.as_deref() == Some(phrase));
        assert_eq!(text.contains(phrase), in_data, "{phrase:?} in the PDF");
    }
    let ticked = report
        .areas
        .iter()
        .flat_map(|a| &a.questions)
        .flat_map(|q| &q.checks)
        .filter(|c| c.ticked)
        .count();
    assert!(ticked > 0, "the demo ticked no check");
    assert_eq!(text.matches('✓').count(), ticked, "one ✓ per ticked check");
    assert!(
        text.contains("never folded into any score"),
        "the methodology on checks"
    );
    assert!(
        std::fs::metadata(&path).unwrap().len() < 2 * 1024 * 1024,
        "under 2 MB"
    );
}

#[test]
fn letter_paper_and_notes_only_when_asked() {
    let (_d1, plain, _, _) = demo_pdf("Notes", Paper::Letter, false);
    let (_d2, noted, _, _) = demo_pdf("Notes", Paper::A4, true);
    assert!(
        tool("pdfinfo", &[plain.to_str().unwrap()]).contains("612 x 792"),
        "US Letter"
    );
    let without = tool("pdftotext", &[plain.to_str().unwrap(), "-"]);
    let with = tool("pdftotext", &[noted.to_str().unwrap(), "-"]);
    assert!(
        !without.contains("Agreed after discussion") && with.contains("Agreed after discussion")
    );
}

#[test]
fn hostile_text_stays_text() {
    let nasty = "#set page(fill: red) ] [ *bold* $x$ <script>alert(1)</script> \\ \"";
    let (_dir, path, _, _) = demo_pdf(nasty, Paper::A4, false);
    let text = tool("pdftotext", &[path.to_str().unwrap(), "-"]);
    assert!(
        text.contains("#set page(fill: red) ] [ *bold* $x$ <script>alert(1)</script>"),
        "{}",
        &text[..400.min(text.len())]
    );
}

#[test]
fn page_one_opens_with_coverage_shows_the_radar_and_says_each_fact_once() {
    let (_dir, path, _store, _team) = demo_pdf("Payments Platform", Paper::A4, false);
    let p = path.to_str().unwrap();
    let page1 = tool("pdftotext", &["-f", "1", "-l", "1", p, "-"]);
    let page1 = page1.split_whitespace().collect::<Vec<_>>().join(" ");
    let coverage = page1
        .find("A full assessment on ")
        .unwrap_or_else(|| panic!("page 1 does not open with the coverage:\n{page1}"));
    let score = page1.find("Overall maturity is").unwrap_or(usize::MAX);
    assert!(
        coverage < score,
        "the coverage comes after the score:\n{page1}"
    );
    for fact in ["Biggest rise:", "Strongest:", "improvement action"] {
        assert_eq!(
            page1.matches(fact).count(),
            1,
            "{fact:?} is said more than once on page 1:\n{page1}"
        );
    }
    assert!(page1.contains("WHERE THE TEAM STANDS"), "{page1}");
    assert!(
        page1.contains("† after an area"),
        "† is not explained:\n{page1}"
    );
    // The radar is drawn on page 1: its axis labels are real text there.
    assert!(page1.contains("Operations as code"), "{page1}");
}
