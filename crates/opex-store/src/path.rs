//! Where the database lives: `--db PATH`, else `$OPEX_DB`, else the OS data
//! directory. Debug builds use a different file so development never touches
//! a user's real data.

use std::path::PathBuf;

/// The environment variable that overrides the database location.
pub const DB_ENV: &str = "OPEX_DB";

/// The default database file in the OS data directory, e.g.
/// `~/.local/share/opex/opex.sqlite3` on Linux (`opex-dev.sqlite3` in debug builds).
pub fn default_db_path() -> Option<PathBuf> {
    let dirs = directories::ProjectDirs::from("", "", "opex")?;
    let file = if cfg!(debug_assertions) {
        "opex-dev.sqlite3"
    } else {
        "opex.sqlite3"
    };
    Some(dirs.data_dir().join(file))
}

/// The database to use: the flag, else the environment variable, else the default.
pub fn resolve_db_path(flag: Option<PathBuf>) -> Option<PathBuf> {
    flag.or_else(|| {
        std::env::var_os(DB_ENV)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    })
    .or_else(default_db_path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_flag_wins_and_debug_builds_use_their_own_file() {
        let flag = PathBuf::from("/tmp/x.sqlite3");
        assert_eq!(resolve_db_path(Some(flag.clone())), Some(flag));
        let default = default_db_path().unwrap();
        let name = default.file_name().unwrap().to_string_lossy().into_owned();
        assert_eq!(
            name,
            if cfg!(debug_assertions) {
                "opex-dev.sqlite3"
            } else {
                "opex.sqlite3"
            }
        );
    }
}
