//! Printing JSON Schemas, or writing each to its file in a folder (whole or
//! not at all): the bank format's (`opex bank schema`) and the `--json`
//! documents' (`opex json-schema`).

use crate::error::CliError;
use opex_service::files::{create_dir, write_atomically};
use std::path::Path;

/// Prints each (file name, schema), or writes it into `out`.
pub fn emit<N: AsRef<str>>(
    schemas: impl IntoIterator<Item = (N, String)>,
    out: Option<&Path>,
) -> Result<(), CliError> {
    for (name, json) in schemas {
        match out {
            Some(dir) => {
                create_dir(dir)?;
                let path = dir.join(name.as_ref());
                write_atomically(&path, json.as_bytes())?;
                println!("wrote {}", path.display());
            }
            None => print!("{json}"),
        }
    }
    Ok(())
}
