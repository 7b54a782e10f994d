//! `opex report`: which assessment the report is about (`--assessment N`, or
//! `--team`'s latest completed one up to `--to`), and the options it is
//! written with. opex-service writes it.

use crate::args::{ReportArgs, usage_error};
use crate::error::CliError;
use chrono::Utc;
use clap::error::ErrorKind;
use opex_service::ServiceError;
use opex_service::export::Options;
use opex_store::Store;
use std::path::PathBuf;

/// Writes the report; returns every file written.
pub fn write(store: &Store, args: &ReportArgs) -> Result<Vec<PathBuf>, CliError> {
    let id = subject(store, args)?;
    let options = Options {
        include_notes: args.include_notes,
        paper: args.paper.into(),
        // `--assessment N --format markdown` is a workshop's summary;
        // `--team` asks for the leadership report.
        assessment_scope: args.team.is_none(),
        from: args
            .from
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .map(|t| t.and_utc()),
    };
    let written = opex_service::export::export(
        store,
        id,
        args.format.into(),
        options,
        &args.out,
        Utc::now(),
    );
    match written {
        Err(ServiceError::NotAWorkshop(id)) => Err(usage_error(
            "report",
            ErrorKind::InvalidValue,
            format!(
                "assessment {id} is not a workshop: Markdown is a workshop's closing summary; use --format html"
            ),
        )
        .into()),
        other => Ok(other?),
    }
}

/// The assessment to report on.
fn subject(store: &Store, args: &ReportArgs) -> Result<i64, CliError> {
    let id = match (args.assessment, &args.team) {
        (Some(id), _) => id,
        (None, Some(name)) => {
            let until = args
                .to
                .and_then(|d| d.and_hms_opt(23, 59, 59))
                .map(|t| t.and_utc());
            let team = store.team_named(name)?;
            opex_service::export::headline(store, team.id, until)?
        }
        // clap requires one of the two; this only guards a change to that.
        (None, None) => {
            return Err(usage_error(
                "report",
                ErrorKind::MissingRequiredArgument,
                "name an --assessment or a --team",
            )
            .into());
        }
    };
    Ok(id)
}
