//! Writing a front door's output to disk: whole files or nothing (written
//! beside the target, then renamed), so an existing file survives a failed
//! write and a reader never sees half a file.

use crate::error::{Result, ServiceError};
use std::io::Write;
use std::path::Path;

/// Writes `contents` to a temporary file in `path`'s folder, syncs it, and
/// renames it into place, then syncs the folder: the file is whole or not
/// there, even after a power cut. The temporary file has a short random name
/// (so the longest legal target name works) and is removed when any step
/// fails, so a full disk leaves nothing behind.
pub fn write_atomically(path: &Path, contents: &[u8]) -> Result<()> {
    let err = |source| ServiceError::Write {
        path: path.to_path_buf(),
        source,
    };
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut builder = tempfile::Builder::new();
    builder.prefix(".opex-").suffix(".tmp");
    // A temporary file is made private (0600); a report is an ordinary
    // file, readable as the user's umask allows any new file to be. (opex
    // is built for Linux; the mode is a Unix one.)
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    let mut tmp = builder.tempfile_in(dir).map_err(err)?;
    tmp.write_all(contents).map_err(err)?;
    tmp.as_file().sync_all().map_err(err)?;
    tmp.persist(path).map_err(|e| err(e.error))?;
    // Best effort: not every platform can sync a folder.
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
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

    #[test]
    fn a_written_file_has_the_mode_of_any_new_file() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let mode = |p: &Path| {
            std::fs::metadata(p)
                .unwrap_or_else(|e| panic!("{e}"))
                .permissions()
                .mode()
                & 0o777
        };
        let plain = dir.path().join("plain.txt");
        std::fs::write(&plain, "x").unwrap_or_else(|e| panic!("{e}"));
        let report = dir.path().join("report.pdf");
        write_atomically(&report, b"%PDF").unwrap_or_else(|e| panic!("{e}"));
        // Under the usual umask (022) that is 0644, where a temporary file
        // is 0600.
        assert_eq!(mode(&report), mode(&plain), "{:o}", mode(&report));
    }

    #[test]
    fn the_longest_legal_name_can_be_written() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join(format!("{}.pdf", "r".repeat(251)));
        write_atomically(&path, b"%PDF").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(std::fs::read(&path).ok().as_deref(), Some(&b"%PDF"[..]));
    }

    /// Set in the child that writes on a "full disk".
    const FULL_DISK_CHILD: &str = "OPEX_TEST_FULL_DISK_DIR";

    /// In the child only, where each file is limited to 64 kB: tries a
    /// 1 MB report three times, as a user retrying on a full disk would.
    #[test]
    fn full_disk_child() {
        let Some(dir) = std::env::var_os(FULL_DISK_CHILD) else {
            return;
        };
        let path = Path::new(&dir).join("report.pdf");
        for _ in 0..3 {
            let e = write_atomically(&path, &vec![b'x'; 1 << 20])
                .err()
                .unwrap_or_else(|| panic!("the write was meant to fail"));
            println!("failed as it should: {e}");
        }
    }

    #[test]
    fn a_full_disk_leaves_nothing_behind() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(dir.path().join("report.pdf"), "the old report")
            .unwrap_or_else(|e| panic!("{e}"));
        // bash's `ulimit -f` caps each file at 64 kB, as a full disk would;
        // SIGXFSZ is ignored so the write fails instead of killing the child.
        let out = std::process::Command::new("bash")
            .arg("-c")
            .arg("trap '' XFSZ; ulimit -f 64; exec \"$0\" \"$@\"")
            .arg(std::env::current_exe().unwrap_or_else(|e| panic!("{e}")))
            .args(["--exact", "files::tests::full_disk_child", "--nocapture"])
            .env(FULL_DISK_CHILD, dir.path())
            .output()
            .unwrap_or_else(|e| panic!("{e}"));
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{text}{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(text.matches("failed as it should").count(), 3, "{text}");
        let names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap_or_else(|e| panic!("{e}"))
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["report.pdf"], "only the old report is there");
        assert_eq!(
            std::fs::read_to_string(dir.path().join("report.pdf"))
                .ok()
                .as_deref(),
            Some("the old report")
        );
    }
}
