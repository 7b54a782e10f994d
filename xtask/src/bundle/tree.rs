//! Writing the laid-out tree: folders 755, files 644, binaries 755, as
//! packages install them whatever the umask; and listing what is there.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::error::{Context, Error, Result};

/// Every file under `root`, as sorted paths relative to it.
pub(super) fn relative_files(root: &Path) -> Result<Vec<String>> {
    let mut out = Vec::new();
    let mut dirs = vec![root.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in fs::read_dir(&dir).context(|| format!("listing {}", dir.display()))? {
            let path = entry
                .context(|| format!("listing {}", dir.display()))?
                .path();
            if path.is_dir() {
                dirs.push(path);
            } else if let Ok(rel) = path.strip_prefix(root) {
                out.push(rel.to_string_lossy().into_owned());
            }
        }
    }
    out.sort();
    Ok(out)
}

pub(super) fn files_in(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).context(|| format!("listing {}", dir.display()))? {
        out.push(
            entry
                .context(|| format!("listing {}", dir.display()))?
                .path(),
        );
    }
    out.sort();
    Ok(out)
}

/// `rel` under `stage`, with its folders made (mode 755).
pub(super) fn dest(stage: &Path, rel: &str) -> Result<PathBuf> {
    let path = stage.join(rel);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).context(|| format!("creating {}", parent.display()))?;
        let mut dir = parent;
        while dir.starts_with(stage) {
            set_mode(dir, 0o755)?;
            match dir.parent() {
                Some(up) => dir = up,
                None => break,
            }
        }
    }
    Ok(path)
}

pub(super) fn read(path: &Path) -> Result<String> {
    fs::read_to_string(path).context(|| format!("reading {}", path.display()))
}

/// Writes `text` to `path` (its folder made), mode 644.
pub(super) fn write(path: &Path, text: &str) -> Result<()> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).context(|| format!("creating {}", parent.display()))?;
    }
    fs::write(path, text).context(|| format!("writing {}", path.display()))?;
    set_mode(path, 0o644)
}

pub(super) fn copy(from: &Path, to: &Path) -> Result<()> {
    fs::copy(from, to).context(|| format!("copying {} to {}", from.display(), to.display()))?;
    set_mode(to, 0o644)
}

pub(super) fn set_mode(path: &Path, mode: u32) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(mode))
        .context(|| format!("setting the mode of {}", path.display()))
}

pub(super) fn remove_dir(dir: &Path) -> Result<()> {
    match fs::remove_dir_all(dir) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => {
            Err(Error::new(format!("removing {}: {e}", dir.display())))
        }
        _ => Ok(()),
    }
}

pub(super) fn size(path: &Path) -> Result<String> {
    let bytes = fs::metadata(path)
        .context(|| format!("reading {}", path.display()))?
        .len();
    Ok(format!("{:.1} MiB", bytes as f64 / f64::from(1 << 20)))
}
