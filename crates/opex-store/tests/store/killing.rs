//! kill -9 at random moments: a child process saves answers through the
//! store and acknowledges each commit on stdout; it is killed at random
//! times, from the first milliseconds of creating the file on. Every
//! acknowledged answer must be there, `integrity_check` must pass and the
//! file must open again. `OPEX_KILL_TRIALS` sets the number of trials (20 by
//! default); with `--nocapture` the figures are printed.

use chrono::Utc;
use opex_core::{Answer, Response};
use opex_store::Store;
use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

/// Set in the child: the database it writes to.
const KILL_CHILD: &str = "OPEX_TEST_KILL_CHILD";

/// In the child only: opens (creating) the database, then saves answers
/// forever, printing `ack <assessment> <question> <seq>` after each commit.
#[test]
fn kill_child() {
    let Some(path) = std::env::var_os(KILL_CHILD) else {
        return;
    };
    let mut store = Store::open(Path::new(&path)).unwrap();
    let bank = opex_core::default_bank().unwrap();
    let team = match store.teams().unwrap().into_iter().next() {
        Some(t) => t,
        None => store.create_team("Killed").unwrap(),
    };
    let a = store
        .start_assessment(team.id, &bank, "full", Utc::now())
        .unwrap();
    let mut out = std::io::stdout().lock();
    for seq in 0u64.. {
        let q = &bank.questions[(seq as usize) % bank.questions.len()];
        let response = Response {
            answer: Answer::Level((seq % 5) as u8 + 1),
            note: Some(format!("write {seq}")),
            breadth: None,
        };
        store
            .save_consensus(a.id, &q.id, &response, Utc::now())
            .unwrap();
        use std::io::Write;
        writeln!(out, "ack {} {} {seq}", a.id, q.id).unwrap();
        out.flush().unwrap();
    }
}

/// A small deterministic generator, so a failing trial can be repeated.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

#[test]
fn acknowledged_answers_survive_kill_9() {
    let trials: usize = std::env::var("OPEX_KILL_TRIALS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20);
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let dir = tempfile::tempdir().unwrap();
    let (mut acked_total, mut lost, mut unopenable) = (0usize, 0usize, 0usize);
    let mut failures: Vec<String> = Vec::new();
    let mut db = dir.path().join("trial-0.sqlite3");
    for trial in 0..trials {
        // Every other trial starts a new file, and those are killed in the
        // first milliseconds, while the file is being created and migrated.
        let fresh = trial % 2 == 0;
        if fresh {
            db = dir.path().join(format!("trial-{trial}.sqlite3"));
        }
        let wait_ms = if fresh {
            rng.below(40)
        } else {
            50 + rng.below(400)
        };
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args(["--exact", "killing::kill_child", "--nocapture"])
            .env(KILL_CHILD, &db)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let reader = std::thread::spawn(move || {
            BufReader::new(stdout)
                .lines()
                .map_while(Result::ok)
                .collect::<Vec<String>>()
        });
        std::thread::sleep(Duration::from_millis(wait_ms));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        let lines = reader.join().unwrap();

        // The last acknowledged write of each question.
        let mut last: HashMap<(i64, String), u64> = HashMap::new();
        for line in &lines {
            let parts: Vec<&str> = line.split_whitespace().collect();
            if let ["ack", a, q, seq] = parts[..] {
                last.insert((a.parse().unwrap(), q.to_string()), seq.parse().unwrap());
                acked_total += 1;
            }
        }
        let store = match Store::open(&db) {
            Ok(s) => s,
            Err(e) => {
                unopenable += 1;
                failures.push(format!(
                    "trial {trial} (killed after {wait_ms} ms): the file no longer opens: {e}"
                ));
                continue;
            }
        };
        let ok: String = rusqlite::Connection::open(&db)
            .unwrap()
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        if ok != "ok" {
            failures.push(format!("trial {trial}: integrity_check says {ok}"));
        }
        for ((a, q), seq) in &last {
            let stored = store
                .consensus(*a)
                .unwrap()
                .into_iter()
                .find(|s| &s.question_id == q)
                .and_then(|s| s.response.note)
                .and_then(|n| n.strip_prefix("write ").map(|s| s.parse::<u64>().unwrap()));
            // A later write may have committed without its acknowledgement.
            if stored.is_none_or(|s| s < *seq) {
                lost += 1;
                failures.push(format!(
                    "trial {trial} (killed after {wait_ms} ms): write {seq} of {q} was acknowledged but {stored:?} is stored"
                ));
            }
        }
        drop(store);
    }
    println!(
        "kill -9: {trials} trials, {acked_total} acknowledged writes, {lost} lost, {unopenable} unopenable"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(
        acked_total > 0,
        "no child acknowledged a write, so nothing was tested"
    );
}
