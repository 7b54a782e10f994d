//! Bank files that are not what they seem: FIFOs and other special files, a
//! `questions` folder that cannot be listed, files over the 4 MB cap, bytes
//! that are not UTF-8 or are NUL, and 20,000 duplicate ids. Each is refused
//! with a clear error that names the file (and the line and column, where the
//! problem has one), and none makes the loader wait forever.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed

use opex_core::loader::MAX_FILE_BYTES;
use opex_core::{Bank, BankError, Source, load_path, load_sources};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Duration;

const HEAD: &str = r#"id = "t"
version = "1.0.0"
title = "Test bank"

[[areas]]
id = "ops-as-code"
kind = "principle"
name = "Operations as code"
description = "Infrastructure and procedures as code."
"#;

fn question(id: &str) -> String {
    format!(
        r#"
[[questions]]
id = "{id}"
area = "ops-as-code"
phase = "prepare"
prompt = "How is infrastructure changed?"
guidance = "Look at the last three changes."
levels = ["one", "two", "three", "four", "five"]
"#
    )
}

/// A bank folder: `bank.toml` and `questions/a.toml` holding question A-01.
fn bank() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("bank.toml"), HEAD).unwrap();
    fs::create_dir(dir.path().join("questions")).unwrap();
    fs::write(dir.path().join("questions/a.toml"), question("A-01")).unwrap();
    dir
}

/// Loads `path` on another thread, failing the test if that never comes back.
/// What this guards against is waiting forever (on a FIFO), not slowness, so
/// the limit is far beyond any honest load.
fn load_or_hang(path: &Path) -> Result<Bank, BankError> {
    let (tx, rx) = mpsc::channel();
    let p = path.to_path_buf();
    std::thread::spawn(move || {
        let _ = tx.send(load_path(&p));
    });
    match rx.recv_timeout(Duration::from_secs(60)) {
        Ok(result) => result,
        Err(RecvTimeoutError::Timeout) => {
            panic!("loading {} never returned", path.display())
        }
        Err(RecvTimeoutError::Disconnected) => panic!("loading {} panicked", path.display()),
    }
}

/// Expects `BankError::Io` about `path` whose message has every one of `needles`.
#[track_caller]
fn expect_io(result: Result<Bank, BankError>, path: &Path, needles: &[&str]) {
    let err = match result {
        Err(err @ BankError::Io { .. }) => err,
        Err(other) => panic!(
            "expected a read error about {}, got: {other}",
            path.display()
        ),
        Ok(bank) => panic!(
            "expected a read error about {}, but the bank loaded with {} questions",
            path.display(),
            bank.questions.len()
        ),
    };
    let BankError::Io { path: about, .. } = &err else {
        unreachable!()
    };
    assert_eq!(about, path, "{err}");
    let shown = err.to_string();
    assert!(shown.contains(&path.display().to_string()), "{shown}");
    for needle in needles {
        assert!(shown.contains(needle), "{shown:?} lacks {needle:?}");
    }
}

fn mkfifo(path: &Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .unwrap();
    assert!(status.success(), "mkfifo {}", path.display());
}

#[test]
fn a_fifo_is_refused_not_waited_on() {
    // (where the FIFO is, what is loaded) relative to the bank folder.
    for (fifo, load) in [
        ("questions/pipe.toml", ""),
        ("pipe.toml", ""),
        ("bank.toml", ""),
        ("solo.toml", "solo.toml"),
    ] {
        let dir = bank();
        let fifo = dir.path().join(fifo);
        let _ = fs::remove_file(&fifo);
        mkfifo(&fifo);
        expect_io(
            load_or_hang(&dir.path().join(load)),
            &fifo,
            &["named pipe (FIFO)", "not a regular file"],
        );
    }
}

#[test]
fn a_folder_or_socket_named_toml_is_refused() {
    let dir = bank();
    let folder = dir.path().join("questions/folder.toml");
    fs::create_dir(&folder).unwrap();
    expect_io(
        load_or_hang(dir.path()),
        &folder,
        &["a folder, not a regular file"],
    );

    let dir = bank();
    let socket = dir.path().join("questions/socket.toml");
    let _listener = std::os::unix::net::UnixListener::bind(&socket).unwrap();
    expect_io(
        load_or_hang(dir.path()),
        &socket,
        &["a socket, not a regular file"],
    );
}

/// A `questions` that is there but cannot be listed used to pass as a valid
/// bank with no questions from it. A folder of mode 000 is one such case, but
/// root lists it anyway, so these are cases that fail for every user.
#[test]
fn a_questions_folder_that_cannot_be_listed_is_an_error() {
    type Make = fn(&Path);
    let cases: [(&str, Make, &str); 3] = [
        (
            "a symlink to itself",
            |q| std::os::unix::fs::symlink(q, q).unwrap(),
            "symbolic links",
        ),
        (
            "a regular file",
            |q| fs::write(q, "").unwrap(),
            "Not a directory",
        ),
        (
            "a dangling symlink",
            |q| std::os::unix::fs::symlink(q.with_file_name("gone"), q).unwrap(),
            "No such file",
        ),
    ];
    for (what, make, needle) in cases {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("bank.toml"), HEAD).unwrap();
        let questions = dir.path().join("questions");
        make(&questions);
        let result = load_or_hang(dir.path());
        assert!(result.is_err(), "questions as {what} loaded");
        expect_io(result, &questions, &[needle]);
    }
}

#[test]
fn symlinks_to_regular_files_and_folders_still_load() {
    let elsewhere = tempfile::tempdir().unwrap();
    fs::write(elsewhere.path().join("b.toml"), question("B-01")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("bank.toml"), HEAD).unwrap();
    std::os::unix::fs::symlink(elsewhere.path(), dir.path().join("questions")).unwrap();
    std::os::unix::fs::symlink(
        elsewhere.path().join("b.toml"),
        dir.path().join("linked.toml"),
    )
    .unwrap();
    fs::write(elsewhere.path().join("b.toml"), question("B-01")).unwrap();
    fs::write(dir.path().join("c.toml"), question("C-01")).unwrap();
    // b.toml is reached twice (through the folder link and the file link), so
    // its id is a duplicate: proof that both links were followed.
    let err = load_or_hang(dir.path()).unwrap_err();
    let issues = err.issues();
    assert_eq!(issues.len(), 1, "{err}");
    assert!(
        issues[0].message.contains("duplicate question id `B-01`"),
        "{err}"
    );

    fs::remove_file(dir.path().join("linked.toml")).unwrap();
    let bank = load_or_hang(dir.path()).unwrap();
    let ids: Vec<&str> = bank.questions.iter().map(|q| q.id.as_str()).collect();
    assert_eq!(ids, ["C-01", "B-01"]);
}

/// Comment lines adding up to exactly `bytes` bytes: a valid, empty TOML file.
fn filler(bytes: u64) -> Vec<u8> {
    let line = format!("# {}\n", "x".repeat(61)).into_bytes();
    let bytes = usize::try_from(bytes).unwrap();
    let mut out = line.repeat(bytes / line.len());
    out.resize(bytes, b'\n');
    out
}

#[test]
fn a_bank_file_over_4_mb_is_refused_and_one_of_4_mb_loads() {
    let dir = bank();
    let big = dir.path().join("questions/big.toml");
    fs::write(&big, filler(MAX_FILE_BYTES)).unwrap();
    assert_eq!(load_or_hang(dir.path()).unwrap().questions.len(), 1);

    fs::write(&big, filler(MAX_FILE_BYTES + 1)).unwrap();
    expect_io(
        load_or_hang(dir.path()),
        &big,
        &["4194305 bytes", "more than the 4194304 bytes (4 MB)"],
    );
}

#[test]
fn a_picked_file_over_4_mb_is_refused() {
    let sources = |bytes: u64| {
        vec![
            Source {
                name: "bank.toml".into(),
                text: HEAD.into(),
            },
            Source {
                name: "big.toml".into(),
                text: String::from_utf8(filler(bytes)).unwrap(),
            },
        ]
    };
    assert!(load_sources(&sources(MAX_FILE_BYTES)).is_ok());
    let err = load_sources(&sources(MAX_FILE_BYTES + 1)).unwrap_err();
    let issues = err.issues();
    assert_eq!(issues.len(), 1, "{err}");
    assert_eq!((issues[0].file.as_str(), issues[0].line), ("big.toml", 1));
    assert!(
        issues[0].message.contains("4194305 bytes") && issues[0].message.contains("(4 MB)"),
        "{err}"
    );
}

#[test]
fn bytes_that_are_not_utf8_are_located() {
    let dir = bank();
    // A prompt saved as Latin-1: é is the single byte 0xE9.
    let latin1: Vec<u8> = question("B-01")
        .replace("How is", "Café: how is")
        .bytes()
        .flat_map(|b| match b {
            0xC3 => None,
            0xA9 => Some(0xE9),
            b => Some(b),
        })
        .collect();
    let b = dir.path().join("questions/b.toml");
    fs::write(&b, latin1).unwrap();
    let c = dir.path().join("questions/c.toml");
    fs::write(&c, b"\n\n  \xFF\xFE").unwrap();

    let err = load_or_hang(dir.path()).unwrap_err();
    let issues = err.issues();
    assert_eq!(issues.len(), 2, "{err}");
    let at = |i: usize| {
        let issue = &issues[i];
        (
            PathBuf::from(&issue.file),
            issue.line,
            issue.column,
            issue.field.as_str(),
        )
    };
    // Line 1 is blank; the prompt is line 6, and the byte is its 14th character.
    assert_eq!(at(0), (b, 6, 14, "questions[0].prompt"), "{err}");
    assert_eq!(at(1), (c, 3, 3, ""), "{err}");
    assert!(
        issues[0].message.contains("byte 0xE9 is not UTF-8"),
        "{err}"
    );
    assert!(
        issues[1].message.contains("byte 0xFF is not UTF-8"),
        "{err}"
    );
    assert!(
        err.to_string()
            .contains("b.toml:6:14: questions[0].prompt: "),
        "{err}"
    );
}

#[test]
fn a_nul_byte_is_located() {
    for (text, at) in [
        ("id = \"t\"\n\0\n", (2, 1)),
        ("id = \"t\0\"\n", (1, 8)),
        ("# a note\0\n", (1, 9)),
        ("\0", (1, 1)),
    ] {
        let err = load_sources(&[Source {
            name: "bank.toml".into(),
            text: text.into(),
        }])
        .unwrap_err();
        let issues = err.issues();
        assert_eq!(issues.len(), 1, "{text:?}: {err}");
        assert_eq!(
            (issues[0].file.as_str(), issues[0].line, issues[0].column),
            ("bank.toml", at.0, at.1),
            "{text:?}: {err}"
        );
        assert!(issues[0].message.contains("NUL byte"), "{text:?}: {err}");
    }

    // On disk, in a question file, after a good question.
    let dir = bank();
    let q = dir.path().join("questions/a.toml");
    fs::write(&q, format!("{}\0", question("A-01"))).unwrap();
    let err = load_or_hang(dir.path()).unwrap_err();
    let issues = err.issues();
    assert_eq!(issues.len(), 1, "{err}");
    assert_eq!(
        (
            PathBuf::from(&issues[0].file),
            issues[0].line,
            issues[0].column
        ),
        (q, 9, 1),
        "{err}"
    );
}

/// Each error's line used to be found by scanning the file from its start, so
/// 20,000 duplicates took minutes. This checks they all come back, each at
/// its own line and pointing at the first.
#[test]
fn twenty_thousand_duplicate_ids_are_each_located() {
    let n = 20_000;
    let text = question("DUP").repeat(n);
    let id_lines: Vec<usize> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.starts_with("id = "))
        .map(|(i, _)| i + 1)
        .collect();
    assert_eq!(id_lines.len(), n);
    let err = load_sources(&[
        Source {
            name: "bank.toml".into(),
            text: HEAD.into(),
        },
        Source {
            name: "questions/dup.toml".into(),
            text,
        },
    ])
    .unwrap_err();
    let issues = err.issues();
    assert_eq!(issues.len(), n - 1);
    let first = format!(
        "first defined at questions/dup.toml:{}, questions[0]",
        id_lines[0]
    );
    for (k, issue) in issues.iter().enumerate() {
        let nth = k + 1;
        assert_eq!(
            (issue.file.as_str(), issue.line, issue.column),
            ("questions/dup.toml", id_lines[nth], 1),
            "{issue}"
        );
        assert_eq!(issue.field, format!("questions[{nth}].id"));
        assert!(
            issue.message.contains("duplicate question id `DUP`"),
            "{issue}"
        );
        assert!(issue.message.contains(&first), "{issue}");
    }
}
