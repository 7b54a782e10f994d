//! Writing a front door's output to disk: whole files or nothing (written
//! beside the target, then renamed), so an existing file survives a failed
//! write and a reader never sees half a file.

use crate::error::{Result, ServiceError};
use std::path::Path;

/// Writes `contents` beside `path` and renames it into place.
pub fn write_atomically(path: &Path, contents: &[u8]) -> Result<()> {
    let err = |source| ServiceError::Write {
        path: path.to_path_buf(),
        source,
    };
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    std::fs::write(&tmp, contents).map_err(err)?;
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        err(e)
    })
}

/// Creates `dir` and its parents.
pub fn create_dir(dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|source| ServiceError::Write {
        path: dir.to_path_buf(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_existing_file_survives_a_failed_write() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join("report.html");
        write_atomically(&path, b"first").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(std::fs::read(&path).ok().as_deref(), Some(&b"first"[..]));
        // A directory where the file should go cannot be replaced by a rename.
        let blocked = dir.path().join("blocked");
        std::fs::create_dir(&blocked).unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(blocked.join("keep"), "x").unwrap_or_else(|e| panic!("{e}"));
        assert!(write_atomically(&blocked, b"second").is_err());
        assert!(blocked.join("keep").exists());
        let left: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap_or_else(|e| panic!("{e}"))
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            .collect();
        assert!(left.is_empty(), "no temporary file is left behind");
    }
}
