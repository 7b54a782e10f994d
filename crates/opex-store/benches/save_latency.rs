//! Save latency: p50 and p99 over 1,000 saves of a consensus answer and of a
//! vote, each its own transaction through the store (`synchronous=FULL`, as
//! opex opens every file), against the floor: a bare rusqlite `INSERT … ON
//! CONFLICT` into the same table of the same file, in one transaction, with
//! the same pragmas. The two alternate, save by save, so the disk's moods
//! fall on both alike.
//!
//! `OPEX_BENCH_DB=PATH` measures on that file (`cargo xtask bench` passes
//! the organisation); a team made for the run is deleted at the end.
//! Without it, a fresh file in the temporary folder. `SAVES=N` changes the
//! count. Run with `cargo bench -p opex-store --bench save_latency`.

#![allow(clippy::unwrap_used)] // a benchmark that cannot unwrap has failed

use chrono::Utc;
use opex_core::{Answer, Response};
use opex_store::{Durability, Store};
use rusqlite::{Connection, params};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The floor: what SQLite alone takes to upsert one answer and commit.
fn bare(path: &Path) -> Connection {
    let c = Connection::open(path).unwrap();
    c.pragma_update(None, "journal_mode", "WAL").unwrap();
    c.pragma_update(None, "foreign_keys", "ON").unwrap();
    c.pragma_update(None, "synchronous", "FULL").unwrap();
    c.busy_timeout(Duration::from_secs(5)).unwrap();
    c
}

fn bare_save(c: &mut Connection, assessment: i64, question: &str, level: u8) {
    let tx = c.transaction().unwrap();
    tx.execute(
        "INSERT INTO consensus (assessment_id, question_id, kind, level, reason, note, updated_at, breadth) \
         VALUES (?1, ?2, 'level', ?3, NULL, ?4, ?5, NULL) ON CONFLICT (assessment_id, question_id) DO UPDATE SET \
         kind = excluded.kind, level = excluded.level, note = excluded.note, updated_at = excluded.updated_at",
        params![assessment, question, level, "bare save", Utc::now().to_rfc3339()],
    )
    .unwrap();
    tx.commit().unwrap();
}

struct Times {
    consensus: Vec<Duration>,
    vote: Vec<Duration>,
    bare: Vec<Duration>,
}

fn measure(path: &Path, saves: usize) -> Times {
    let mut store = Store::open(path).unwrap();
    store.set_durability(Durability::Full).unwrap();
    let bank = opex_core::default_bank().unwrap();
    let team = store
        .create_team(&format!("Save latency {}", Utc::now().timestamp_micros()))
        .unwrap();
    let a = store
        .start_assessment(team.id, &bank, "full", Utc::now())
        .unwrap();
    let voter = store.add_participant(a.id, "Bench").unwrap();
    let mut floor = bare(path);
    let mut t = Times {
        consensus: Vec::with_capacity(saves),
        vote: Vec::with_capacity(saves),
        bare: Vec::with_capacity(saves),
    };
    let scored: Vec<_> = bank
        .questions
        .iter()
        .filter(|q| q.checklist.is_none())
        .collect();
    for i in 0..saves {
        let q = &scored[i % scored.len()];
        let level = (i % 5) as u8 + 1;
        let r = Response {
            answer: Answer::Level(level),
            note: Some(format!("save {i}")),
            breadth: None,
        };
        let start = Instant::now();
        store.save_consensus(a.id, &q.id, &r, Utc::now()).unwrap();
        t.consensus.push(start.elapsed());
        let start = Instant::now();
        store.save_vote(voter.id, &q.id, &r, Utc::now()).unwrap();
        t.vote.push(start.elapsed());
        let start = Instant::now();
        bare_save(&mut floor, a.id, &q.id, level);
        t.bare.push(start.elapsed());
    }
    drop(floor);
    store.delete_team(team.id).unwrap();
    t.consensus.sort();
    t.vote.sort();
    t.bare.sort();
    t
}

fn main() {
    // `cargo test --benches` runs this with `--bench` absent: stay quick then.
    let saves: usize = std::env::var("SAVES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(if std::env::args().any(|a| a == "--bench") {
            1000
        } else {
            20
        });
    let scratch = tempfile::tempdir().unwrap();
    let path: PathBuf = match std::env::var_os("OPEX_BENCH_DB") {
        Some(p) if !p.is_empty() => PathBuf::from(p),
        _ => scratch.path().join("bench.sqlite3"),
    };
    println!(
        "save latency, {saves} saves of each kind, synchronous=FULL, on {}",
        path.display()
    );
    let t = measure(&path, saves);
    let (b50, b99) = (percentile(&t.bare, 0.5), percentile(&t.bare, 0.99));
    println!(
        "{:<34} {:>9} {:>9} {:>9} {:>11}",
        "what", "p50 ms", "p99 ms", "max ms", "p99 ratio"
    );
    for (name, times) in [
        ("bare INSERT … ON CONFLICT (floor)", &t.bare),
        ("store: save a consensus answer", &t.consensus),
        ("store: save a vote", &t.vote),
    ] {
        let (p50, p99) = (percentile(times, 0.5), percentile(times, 0.99));
        println!(
            "{name:<34} {:>9.3} {:>9.3} {:>9.3} {:>10.2}×",
            ms(p50),
            ms(p99),
            ms(*times.last().unwrap()),
            p99.as_secs_f64() / b99.as_secs_f64()
        );
    }
    println!(
        "p50 ratios: consensus {:.2}×, vote {:.2}×",
        percentile(&t.consensus, 0.5).as_secs_f64() / b50.as_secs_f64(),
        percentile(&t.vote, 0.5).as_secs_f64() / b50.as_secs_f64()
    );
}
