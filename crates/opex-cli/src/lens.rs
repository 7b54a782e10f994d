//! `opex bank import-lens` and `opex bank export-lens`: an AWS
//! Well-Architected custom lens read into a bank folder that `opex bank
//! validate` accepts, and a bank written as a lens the AWS tool accepts.
//! opex-core maps and checks; this writes the files (each whole or not at
//! all) and says what happened, warnings on stderr.

use crate::error::CliError;
use crate::tables::visible;
use opex_core::lens::{self, ReadOptions};
use opex_service::files;
use std::path::Path;

/// Reads the lens at `lens_path` and writes its bank into `out`, a folder
/// that is new or empty.
pub fn import(lens_path: &Path, out: &Path, lenient: bool) -> Result<(), CliError> {
    let read = lens::read_path(lens_path, ReadOptions { lenient })?;
    let (bank, sources) = lens::import(&read.lens)?;
    // An older bank's question files left in the folder would join this one.
    let in_the_way = match std::fs::read_dir(out) {
        Ok(mut entries) => entries.next().is_some(),
        Err(e) => e.kind() != std::io::ErrorKind::NotFound,
    };
    if in_the_way {
        return Err(CliError::NotEmpty(out.to_path_buf()));
    }
    for w in &read.warnings {
        eprintln!("opex: warning: {}", visible(&w.to_string()));
    }
    files::create_dir(&out.join("questions"))?;
    for s in &sources {
        files::write_atomically(&out.join(&s.name), s.text.as_bytes())?;
    }
    println!(
        "wrote {}: bank `{}` {} with {} and {}, from the lens \"{}\"{}",
        out.display(),
        visible(&bank.id),
        visible(&bank.version),
        count(bank.areas.len(), "pillar"),
        count(bank.questions.len(), "checklist question"),
        visible(&read.lens.name),
        match read.warnings.len() {
            0 => String::new(),
            1 => " (1 warning)".into(),
            n => format!(" ({n} warnings)"),
        }
    );
    Ok(())
}

/// Writes the bank at `bank_path` as a lens to `out`.
pub fn export(bank_path: &Path, out: &Path) -> Result<(), CliError> {
    let bank = opex_core::load_path(bank_path)?;
    let exported = lens::export(&bank)?;
    files::write_atomically(out, exported.json.as_bytes())?;
    let questions: usize = exported.plan.iter().map(|p| p.questions).sum();
    println!(
        "wrote {} ({:.1} kB): the lens \"{}\", {}, {}",
        out.display(),
        exported.json.len() as f64 / 1000.0,
        visible(&exported.lens.name),
        count(exported.plan.len(), "pillar"),
        count(questions, "question"),
    );
    for p in exported.plan.iter().filter(|p| p.areas.len() > 1) {
        println!(
            "  pillar `{}` holds the areas {}",
            visible(&p.pillar_id),
            visible(&p.areas.join(", "))
        );
    }
    Ok(())
}

/// "1 pillar", "2 pillars".
fn count(n: usize, thing: &str) -> String {
    if n == 1 {
        format!("1 {thing}")
    } else {
        format!("{n} {thing}s")
    }
}
