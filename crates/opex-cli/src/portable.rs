//! `opex export` and `opex import`: one team's history as an opex file, and
//! that file merged into this database. opex-service does the work; this
//! prints what it did.

use crate::args::{ExportArgs, ImportArgs};
use crate::error::CliError;
use crate::tables::visible;
use opex_service::portable::{self, ExportOptions};
use opex_store::Store;

/// Writes the team's file and says how big it is.
pub fn export(store: &Store, args: &ExportArgs) -> Result<(), CliError> {
    let team = store.team_named(&args.team)?;
    let options = ExportOptions {
        include_notes: args.include_notes,
        names: args.names.into(),
    };
    let done = portable::export_team_to(store, team.id, options, &args.out)?;
    println!(
        "wrote {} ({} assessments, {:.1} kB{}{})",
        done.path,
        done.assessments,
        done.bytes as f64 / 1000.0,
        if args.include_notes {
            ", with notes"
        } else {
            ", without notes"
        },
        if options.names == portable::Names::Drop {
            ", names dropped"
        } else {
            ""
        }
    );
    Ok(())
}

/// Imports the file and prints what it added.
pub fn import(store: &mut Store, args: &ImportArgs) -> Result<(), CliError> {
    let r = portable::import_file(store, &args.file, args.as_name.as_deref())?;
    println!("{}", visible(&r.summary));
    println!(
        "  assessments: {} added, {} completed, {} already here; answers {}, votes {}, tallies {}; targets {}; actions {} added, {} updated",
        r.assessments_added,
        r.assessments_completed,
        r.assessments_unchanged,
        r.answers_added,
        r.votes_added,
        r.tallies_added,
        r.targets_added,
        r.actions_added,
        r.actions_updated
    );
    Ok(())
}
