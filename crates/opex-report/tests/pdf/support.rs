//! Shared set-up: a leadership report's input built by hand from the default
//! bank (opex-report never reads a store), and the poppler tools run on a PDF
//! written to a temporary file.

use chrono::{DateTime, Duration, TimeZone, Utc};
use opex_core::action::{Action, ActionStatus};
use opex_core::records::{Assessment, AssessmentRows, StoredAnswer};
use opex_core::scoring::Answer;
use opex_core::{Bank, ScoredAssessment};
use opex_report::leadership::LeadershipInput;
use std::path::PathBuf;
use std::process::Command;

/// A fixed "now", so two runs lay out the same report.
pub fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap()
}

fn assessment(
    bank: &Bank,
    id: i64,
    team: &str,
    started: DateTime<Utc>,
    step: u8,
) -> ScoredAssessment {
    let bank = bank.clone();
    let a = Assessment {
        id,
        team_id: 1,
        team_name: team.into(),
        bank_hash: bank.content_hash(),
        bank_id: bank.id.clone(),
        bank_version: bank.version.clone(),
        bank_title: bank.title.clone(),
        profile: "full".into(),
        started_at: started,
        completed_at: Some(started + Duration::hours(1)),
        kind: "self".into(),
        areas: None,
    };
    let consensus = a
        .asked(&bank)
        .iter()
        .enumerate()
        .map(|(i, q)| {
            let level = 1 + ((i as u8 + step) % 5);
            StoredAnswer::new(q, &Answer::Level(level), None, started)
        })
        .collect();
    ScoredAssessment::new(AssessmentRows {
        assessment: a,
        bank,
        consensus,
        votes: vec![],
        tallies: Default::default(),
        skipped: Default::default(),
        participants: vec![],
        ticked: Default::default(),
        checklist: Default::default(),
    })
}

fn action(id: i64, title: &str, owner: &str) -> Action {
    Action {
        id,
        team_id: 1,
        assessment_id: Some(2),
        question_id: None,
        area_id: None,
        title: title.into(),
        owner: Some(owner.into()),
        due_date: None,
        status: ActionStatus::Open,
        notes: None,
        link: None,
        created_at: now() - Duration::days(10),
        done_at: None,
    }
}

/// A team with two self-assessments a quarter apart on the default bank and
/// the given actions, each a (title, owner).
pub fn input(team: &str, actions: &[(&str, &str)]) -> LeadershipInput {
    on_bank(opex_core::default_bank().unwrap(), team, actions)
}

/// The same, on the default bank with its first area renamed `area`, as a
/// bank written in another language would name it.
pub fn input_with_area(team: &str, area: &str, actions: &[(&str, &str)]) -> LeadershipInput {
    let mut bank = opex_core::default_bank().unwrap();
    bank.areas[0].name = area.into();
    on_bank(bank, team, actions)
}

fn on_bank(bank: Bank, team: &str, actions: &[(&str, &str)]) -> LeadershipInput {
    let first = now() - Duration::days(120);
    LeadershipInput {
        team: team.into(),
        completed: vec![
            assessment(&bank, 1, team, first, 0),
            assessment(&bank, 2, team, first + Duration::days(90), 1),
        ],
        from: None,
        targets: vec![],
        actions: actions
            .iter()
            .enumerate()
            .map(|(i, (title, owner))| action(i as i64 + 1, title, owner))
            .collect(),
        include_notes: false,
        now: now(),
    }
}

/// A PDF on disk for the tools to read; the directory goes when it drops.
pub struct PdfFile {
    _dir: tempfile::TempDir,
    pub path: PathBuf,
}

pub fn write(bytes: &[u8]) -> PdfFile {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.pdf");
    std::fs::write(&path, bytes).unwrap();
    PdfFile { _dir: dir, path }
}

/// Runs a poppler or qpdf tool and returns what it printed.
pub fn tool(name: &str, args: &[&str]) -> String {
    let out = Command::new(name).args(args).output().unwrap_or_else(|e| {
        panic!("{name} is needed to check PDFs: run `cargo xtask setup` ({e})")
    });
    String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr)
}

impl PdfFile {
    pub fn path(&self) -> &str {
        self.path.to_str().unwrap()
    }

    /// The PDF's text in content order (`-raw`), so a name is not split where
    /// a taller glyph (an emoji) makes poppler's layout guess a new line.
    pub fn text(&self) -> String {
        tool("pdftotext", &["-raw", self.path(), "-"])
    }
}
