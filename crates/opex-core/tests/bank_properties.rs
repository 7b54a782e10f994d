//! Property tests of the bank loader: random bank files, and the default bank's
//! files mutated (bytes cut, copied, replaced, TOML fragments and bad bytes
//! dropped in), never panic and never hang, and every problem found names a
//! file of the bank and a line and column inside that file. Banks that load
//! are linted too, and each finding is held to the same rule.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed

use opex_core::lint::lint;
use opex_core::{BankError, DEFAULT_BANK_FILES, Issue, Source, load_mapped, load_path_mapped};
use proptest::prelude::*;
use proptest::sample::Index;
use std::collections::HashMap;
use std::fs;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Duration;

/// Runs `f` on another thread and returns what it returns; fails if it panics
/// or never returns. The limit is about hanging, not speed: an honest load of
/// these banks takes a fraction of a second.
fn returns<T: Send + 'static>(what: &str, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    match rx.recv_timeout(Duration::from_secs(60)) {
        Ok(value) => value,
        Err(RecvTimeoutError::Timeout) => panic!("{what} never returned"),
        Err(RecvTimeoutError::Disconnected) => panic!("{what} panicked"),
    }
}

/// Checks that `issue` names one of `files` (name → bytes as written) and a
/// line and column inside it.
fn located(issue: &Issue, files: &HashMap<String, Vec<u8>>) -> Result<(), TestCaseError> {
    let Some(bytes) = files.get(&issue.file) else {
        return Err(TestCaseError::fail(format!(
            "{issue}: names no file of the bank"
        )));
    };
    let text = String::from_utf8_lossy(bytes);
    let lines: Vec<&str> = text.split('\n').collect();
    prop_assert!(
        (1..=lines.len()).contains(&issue.line),
        "{issue}: the file has {} lines",
        lines.len()
    );
    let width = lines[issue.line - 1].chars().count();
    prop_assert!(
        (1..=width + 1).contains(&issue.column),
        "{issue}: line {} has {width} characters",
        issue.line
    );
    prop_assert!(!issue.message.trim().is_empty(), "{issue}: no message");
    Ok(())
}

/// What a load came to, checked: a bank that loads is linted, a bank that
/// does not has at least one issue, and every issue and finding is located.
fn check(
    result: Result<Vec<Issue>, BankError>,
    files: &HashMap<String, Vec<u8>>,
) -> Result<(), TestCaseError> {
    let issues = match result {
        Ok(findings) => findings,
        Err(BankError::Invalid(issues)) => {
            prop_assert!(!issues.is_empty(), "invalid, with no issue");
            issues
        }
        // Every file here is a small regular file in a readable folder.
        Err(other) => return Err(TestCaseError::fail(format!("not read: {other}"))),
    };
    for issue in &issues {
        located(issue, files)?;
    }
    Ok(())
}

/// Loads sources in memory and lints the bank if it loads.
fn load_and_lint(sources: Vec<Source>) -> Result<Vec<Issue>, BankError> {
    let (bank, map) = load_mapped(&sources)?;
    Ok(lint(&bank, &map).into_iter().map(|f| f.issue).collect())
}

/// Writes `files` (relative name → bytes) into a fresh bank folder, loads it
/// from disk and lints it if it loads, and checks the outcome.
fn check_on_disk(files: &[(String, Vec<u8>)]) -> Result<(), TestCaseError> {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("questions")).unwrap();
    let mut written = HashMap::new();
    for (name, bytes) in files {
        let path = dir.path().join(name);
        fs::write(&path, bytes).unwrap();
        written.insert(path.display().to_string(), bytes.clone());
    }
    let root = dir.path().to_path_buf();
    let result = returns("loading a bank from disk", move || {
        let (bank, map) = load_path_mapped(&root)?;
        Ok(lint(&bank, &map).into_iter().map(|f| f.issue).collect())
    });
    check(result, &written)
}

/// Pieces a bank file is made of, and pieces that break one: TOML syntax,
/// keys of the format, and bytes that are not text.
const PIECES: &[&[u8]] = &[
    b"[[questions]]\n",
    b"[[areas]]\n",
    b"[[profiles]]\n",
    b"id = \"ops-as-code-01\"\n",
    b"id = \"\"\n",
    b"area = \"nowhere\"\n",
    b"phase = \"never\"\n",
    b"levels = [\"a\", \"b\"]\n",
    b"replaces = [\"ops-as-code-02\"]\n",
    b"questions = [\"nope\"]\n",
    b"kind = \"dimension\"\n",
    b"x = { a = [1, { b = 2 }] }\n",
    b"\"\"\"",
    b"'''",
    b"\"",
    b"[",
    b"]",
    b"{",
    b"}",
    b"=",
    b",",
    b"#",
    b"\\u{",
    b"\n",
    b"\r\n",
    b"\t",
    b"\0",
    b"\xFF",
    b"\xC3",
    b"\xE2\x82",
    "é𝄞".as_bytes(),
];

/// A piece, some random bytes or some random printable text.
fn fragment() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        6 => prop::sample::select(PIECES).prop_map(<[u8]>::to_vec),
        1 => prop::collection::vec(any::<u8>(), 1..8),
        2 => "[ -~]{1,16}".prop_map(String::into_bytes),
    ]
}

/// A random file: fragments strung together.
fn random_file() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(fragment(), 0..60).prop_map(|parts| parts.concat())
}

/// One change to one file of a bank.
#[derive(Debug, Clone)]
enum Edit {
    Cut {
        at: Index,
        len: usize,
    },
    Insert {
        at: Index,
        bytes: Vec<u8>,
    },
    /// Copies a stretch of bytes elsewhere.
    Copy {
        from: Index,
        len: usize,
        to: Index,
    },
    /// Copies whole lines to the start of a line: a question's lines copied
    /// this way give duplicate ids, keys and tables.
    CopyLines {
        from: Index,
        count: usize,
        to: Index,
    },
    Replace {
        at: Index,
        byte: u8,
    },
}

fn edit() -> impl Strategy<Value = (Index, Edit)> {
    let edit = prop_oneof![
        (any::<Index>(), 1..400usize).prop_map(|(at, len)| Edit::Cut { at, len }),
        (any::<Index>(), fragment()).prop_map(|(at, bytes)| Edit::Insert { at, bytes }),
        (any::<Index>(), 1..2000usize, any::<Index>()).prop_map(|(from, len, to)| Edit::Copy {
            from,
            len,
            to
        }),
        (any::<Index>(), 1..20usize, any::<Index>())
            .prop_map(|(from, count, to)| Edit::CopyLines { from, count, to }),
        (
            any::<Index>(),
            prop_oneof![3 => 0x20..0x7Fu8, 1 => any::<u8>()]
        )
            .prop_map(|(at, byte)| Edit::Replace { at, byte }),
    ];
    (any::<Index>(), edit)
}

fn apply(file: &mut Vec<u8>, edit: &Edit) {
    let at = |i: &Index, file: &Vec<u8>| i.index(file.len() + 1);
    match edit {
        Edit::Cut { at: i, len } => {
            let start = at(i, file);
            let end = (start + len).min(file.len());
            file.drain(start..end);
        }
        Edit::Insert { at: i, bytes } => {
            let start = at(i, file);
            file.splice(start..start, bytes.iter().copied());
        }
        Edit::Copy { from, len, to } => {
            let start = at(from, file);
            let stretch = file[start..(start + len).min(file.len())].to_vec();
            let to = at(to, file);
            file.splice(to..to, stretch);
        }
        Edit::CopyLines { from, count, to } => {
            let starts: Vec<usize> = std::iter::once(0)
                .chain(
                    file.iter()
                        .enumerate()
                        .filter(|&(_, &b)| b == b'\n')
                        .map(|(i, _)| i + 1),
                )
                .collect();
            let first = from.index(starts.len());
            let end = starts.get(first + count).copied().unwrap_or(file.len());
            let stretch = file[starts[first]..end].to_vec();
            let to = starts[to.index(starts.len())];
            file.splice(to..to, stretch);
        }
        Edit::Replace { at: i, byte } => {
            if !file.is_empty() {
                let i = i.index(file.len());
                file[i] = *byte;
            }
        }
    }
}

/// The default bank's files, `bank.toml` first, each named as it is written.
fn default_files() -> Vec<(String, Vec<u8>)> {
    DEFAULT_BANK_FILES
        .iter()
        .map(|(name, text)| ((*name).to_string(), text.as_bytes().to_vec()))
        .collect()
}

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        // A failure that hangs would otherwise shrink for hours.
        max_shrink_time: 120_000,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config(256))]

    /// Random text given as picked files, in memory.
    #[test]
    fn random_text_never_panics_and_every_issue_is_located(
        head in random_file(),
        rest in prop::collection::vec(random_file(), 0..3),
    ) {
        let mut files = vec![("bank.toml".to_string(), head)];
        files.extend(rest.into_iter().enumerate().map(|(i, f)| (format!("q{i}.toml"), f)));
        let sources: Vec<Source> = files
            .iter()
            .map(|(name, bytes)| Source {
                name: name.clone(),
                text: String::from_utf8_lossy(bytes).into_owned(),
            })
            .collect();
        let written = sources
            .iter()
            .map(|s| (s.name.clone(), s.text.clone().into_bytes()))
            .collect();
        let result = returns("loading picked files", move || load_and_lint(sources));
        check(result, &written)?;
    }
}

proptest! {
    #![proptest_config(config(64))]

    /// Random bytes, not always UTF-8, read from disk.
    #[test]
    fn random_files_on_disk_never_panic_and_every_issue_is_located(
        head in random_file(),
        questions in prop::collection::vec(random_file(), 0..3),
    ) {
        let mut files = vec![("bank.toml".to_string(), head)];
        files.extend(
            questions.into_iter().enumerate().map(|(i, f)| (format!("questions/q{i}.toml"), f)),
        );
        check_on_disk(&files)?;
    }

    /// The default bank with a few edits, read from disk.
    #[test]
    fn mutated_banks_never_panic_and_every_issue_is_located(
        edits in prop::collection::vec(edit(), 1..6),
    ) {
        let mut files = default_files();
        for (which, edit) in &edits {
            let n = which.index(files.len());
            apply(&mut files[n].1, edit);
        }
        check_on_disk(&files)?;
    }
}
