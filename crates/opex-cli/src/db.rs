//! `opex db`: the database file itself: where it and its backups are, whether
//! it is sound, a backup taken by hand, the list of backups, and restoring one.

use crate::args::DbCommand;
use crate::error::CliError;
use crate::tables::visible;
use opex_service::database::{WAL_NOTE, size_label};
use opex_store::backups::{self, Backup};
use opex_store::{BackupKind, Store};
use std::path::{Path, PathBuf};

pub fn run(db: Option<PathBuf>, command: DbCommand) -> Result<(), CliError> {
    let path = opex_store::resolve_db_path(db).ok_or(CliError::NoDbPath)?;
    match command {
        DbCommand::Check => check(&path),
        DbCommand::Backup => {
            let store = existing(&path)?;
            let b = store.backup(BackupKind::Manual)?;
            println!("wrote {} ({})", b.path.display(), size_label(b.bytes));
            Ok(())
        }
        DbCommand::Backups => {
            print!("{}", list(&path));
            Ok(())
        }
        DbCommand::Restore { backup, latest } => {
            let chosen = match (backup, latest) {
                (Some(b), _) => b,
                (None, _) => backups::newest_good(&path)
                    .map(|b| b.path)
                    .ok_or_else(|| CliError::NoBackup(backups::folder(&path)))?,
            };
            let r = backups::restore(&path, &chosen)?;
            println!("restored {} to {}", chosen.display(), path.display());
            if let Some(aside) = r.set_aside {
                println!("the file it replaced is kept at {}", aside.display());
            }
            Ok(())
        }
    }
}

fn existing(path: &Path) -> Result<Store, CliError> {
    if !path.exists() {
        return Err(CliError::NoDatabase(path.to_path_buf()));
    }
    Ok(Store::open(path)?)
}

/// Where things are, then the verdict of SQLite's full integrity check.
fn check(path: &Path) -> Result<(), CliError> {
    println!("database: {}", path.display());
    println!("  {WAL_NOTE}");
    println!("backups:  {}", backups::folder(path).display());
    if !path.exists() {
        return Err(CliError::NoDatabase(path.to_path_buf()));
    }
    match backups::check_file(path, true) {
        Ok(()) => {
            println!("sound: SQLite's integrity check found no problem");
            Ok(())
        }
        Err(why) => {
            let newest = backups::newest_good(path);
            Err(CliError::Damaged {
                path: path.to_path_buf(),
                why: visible(&why),
                restore: newest.map(|b| b.path),
            })
        }
    }
}

fn list(db: &Path) -> String {
    let all = backups::list(db);
    let mut out = format!(
        "backups of {} in {}\n",
        db.display(),
        backups::folder(db).display()
    );
    if all.is_empty() {
        out.push_str("  none yet\n");
        return out;
    }
    for b in &all {
        out.push_str(&row(b));
    }
    out
}

fn row(b: &Backup) -> String {
    let sound = match backups::check_file(&b.path, false) {
        Ok(()) => "sound".to_string(),
        Err(why) => format!("NOT SOUND: {}", visible(&why)),
    };
    format!(
        "  {}  {:<26} {:>9}  {}  {}\n",
        b.taken.format("%Y-%m-%d %H:%M UTC"),
        b.kind.label(),
        size_label(b.bytes),
        sound,
        b.path.display()
    )
}

/// `opex demo --teams N --assessments M --voters V`: makes the organisation
/// and says what it made, how long it took and how big the file is.
pub fn demo_organisation(
    db: Option<PathBuf>,
    bank: &opex_core::Bank,
    org: opex_store::organisation::Organisation,
) -> Result<(), CliError> {
    let started = std::time::Instant::now();
    let mut store = crate::inputs::store(db)?;
    let made = opex_service::assessments::create_organisation(&mut store, bank, org)?;
    let path = store.path().map(Path::to_path_buf);
    store.close()?;
    let seconds = started.elapsed().as_secs_f64();
    let size = path
        .as_deref()
        .and_then(|p| std::fs::metadata(p).ok())
        .map_or(0, |m| m.len());
    println!(
        "Created {} teams with {} assessments ({} workshops), {} votes and {} team answers in {seconds:.1} s; {} is {:.1} MB.",
        made.teams,
        made.assessments,
        made.workshops,
        made.votes,
        made.answers,
        path.as_deref()
            .map_or_else(|| "the database".into(), |p| p.display().to_string()),
        size as f64 / 1e6
    );
    Ok(())
}
