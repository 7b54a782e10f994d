//! Reads a bank's TOML files from disk for the loader: only regular files,
//! each at most [`MAX_FILE_BYTES`], a folder that cannot be listed reported as
//! an error, and text that is not UTF-8 located like every other problem.

use crate::error::{BankError, Issue};
use crate::loader::{MAX_FILE_BYTES, Source};
use crate::locate::{Located, render};
use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

/// Reads the TOML files of a bank at `path`, head first, the rest sorted by name.
///
/// Only regular files are read (a FIFO would block forever), each at most
/// [`MAX_FILE_BYTES`]; anything else, and a folder that cannot be listed, is an
/// error rather than a bank with fewer questions. Text that is not UTF-8 is an
/// invalid bank whose issues say where the first bad byte of each file is.
pub fn read_sources(path: &Path) -> Result<Vec<Source>, BankError> {
    let meta = match fs::metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            return Err(BankError::NotABank {
                path: path.to_path_buf(),
            });
        }
        Err(e) => return Err(io_error(path, e)),
    };
    let mut reader = Reader::default();
    if !meta.is_dir() {
        reader.read(path)?;
        return reader.finish();
    }
    let head = path.join("bank.toml");
    match fs::metadata(&head) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            return Err(BankError::NotABank {
                path: path.to_path_buf(),
            });
        }
        Err(e) => return Err(io_error(&head, e)),
        Ok(_) => reader.read(&head)?,
    }
    let mut rest = Vec::new();
    list_toml(path, &head, &mut rest)?;
    let questions = path.join("questions");
    // No `questions` at all is a bank that keeps its questions elsewhere; but
    // one that is there and cannot be listed (unreadable, a symlink loop, a
    // dangling link, a file) must not pass as a bank without its questions.
    match fs::symlink_metadata(&questions) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(io_error(&questions, e)),
        Ok(_) => list_toml(&questions, &head, &mut rest)?,
    }
    rest.sort();
    for p in rest {
        reader.read(&p)?;
    }
    reader.finish()
}

fn io_error(path: &Path, source: io::Error) -> BankError {
    BankError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Adds the `*.toml` entries of `dir` (but `head`) to `out`.
fn list_toml(dir: &Path, head: &Path, out: &mut Vec<PathBuf>) -> Result<(), BankError> {
    for entry in fs::read_dir(dir).map_err(|e| io_error(dir, e))? {
        let p = entry.map_err(|e| io_error(dir, e))?.path();
        if p.extension().is_some_and(|e| e == "toml") && p != head {
            out.push(p);
        }
    }
    Ok(())
}

/// Reads bank files one by one, keeping every file that is not UTF-8 as a
/// located issue, so that all of them are reported together.
#[derive(Default)]
struct Reader {
    sources: Vec<Source>,
    not_text: Vec<Issue>,
}

impl Reader {
    fn read(&mut self, p: &Path) -> Result<(), BankError> {
        let name = p.display().to_string();
        let bytes = read_capped(p).map_err(|e| io_error(p, e))?;
        match String::from_utf8(bytes) {
            Ok(text) => self.sources.push(Source { name, text }),
            Err(e) => self
                .not_text
                .push(not_utf8(name, e.as_bytes(), e.utf8_error())),
        }
        Ok(())
    }

    fn finish(self) -> Result<Vec<Source>, BankError> {
        if self.not_text.is_empty() {
            Ok(self.sources)
        } else {
            Err(BankError::Invalid(self.not_text))
        }
    }
}

/// Reads a regular file of at most [`MAX_FILE_BYTES`]. The type is checked
/// before opening, because opening a FIFO waits for a writer; and the read is
/// capped as well as the size, so a file that grows meanwhile cannot get past.
fn read_capped(p: &Path) -> io::Result<Vec<u8>> {
    let not_regular = |meta: &fs::Metadata| {
        io::Error::new(
            io::ErrorKind::InvalidInput,
            format!(
                "it is {}, not a regular file; a bank is read only from regular files",
                file_kind(meta)
            ),
        )
    };
    let too_big = |what: String| {
        io::Error::new(
            io::ErrorKind::FileTooLarge,
            format!("{what} the {MAX_FILE_BYTES} bytes (4 MB) a bank file may hold"),
        )
    };
    let meta = fs::metadata(p)?;
    if !meta.is_file() {
        return Err(not_regular(&meta));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_big(format!("it is {} bytes, more than", meta.len())));
    }
    let file = fs::File::open(p)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(not_regular(&meta));
    }
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_big("it grew while it was read, past".into()));
    }
    Ok(bytes)
}

/// What a file that is not a regular file is, in words.
fn file_kind(meta: &fs::Metadata) -> &'static str {
    let t = meta.file_type();
    if t.is_dir() {
        return "a folder";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if t.is_socket() {
            return "a socket";
        }
        if t.is_block_device() || t.is_char_device() {
            return "a device";
        }
    }
    "a special file"
}

/// The issue of a file that is not UTF-8 text, at its first bad byte. The
/// field is found by parsing the file with that byte replaced, when that parses.
fn not_utf8(file: String, bytes: &[u8], e: std::str::Utf8Error) -> Issue {
    let at = e.valid_up_to();
    let loc = Located::new(&String::from_utf8_lossy(bytes));
    let (line, column) = loc.line_col(at);
    let bad: Vec<String> = bytes
        .get(at..at + e.error_len().unwrap_or(bytes.len() - at))
        .unwrap_or_default()
        .iter()
        .map(|b| format!("0x{b:02X}"))
        .collect();
    let bad = match bad.as_slice() {
        [one] => format!("byte {one} is"),
        more => format!("bytes {} are", more.join(" ")),
    };
    Issue {
        file,
        line,
        column,
        field: render(&loc.path_at(at)),
        message: format!("{bad} not UTF-8 text; save the file as UTF-8"),
    }
}
