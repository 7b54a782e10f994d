//! Save latency with `synchronous=FULL` against `NORMAL`: p50 and p99 over
//! 1,000 consensus saves through the store, each its own transaction, on a
//! real file in the system's temporary folder. Run with
//! `cargo bench -p opex-store --bench save_latency`; `SAVES=N` changes the count.

#![allow(clippy::unwrap_used)] // a benchmark that cannot unwrap has failed

use chrono::Utc;
use opex_core::{Answer, Response};
use opex_store::{Durability, Store};
use std::time::{Duration, Instant};

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

fn measure(d: Durability, saves: usize) -> Vec<Duration> {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("bench.sqlite3")).unwrap();
    store.set_durability(d).unwrap();
    let bank = opex_core::default_bank().unwrap();
    let team = store.create_team("Bench").unwrap();
    let a = store
        .start_assessment(team.id, &bank, "full", Utc::now())
        .unwrap();
    let mut times = Vec::with_capacity(saves);
    for i in 0..saves {
        let q = &bank.questions[i % bank.questions.len()];
        let r = Response {
            answer: Answer::Level((i % 5) as u8 + 1),
            note: Some(format!("save {i}")),
            breadth: None,
        };
        let start = Instant::now();
        store.save_consensus(a.id, &q.id, &r, Utc::now()).unwrap();
        times.push(start.elapsed());
    }
    times.sort();
    times
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
    let dir = std::env::temp_dir();
    println!(
        "save latency, {saves} consensus saves, file in {}",
        dir.display()
    );
    println!(
        "{:<8} {:>10} {:>10} {:>10}",
        "sync", "p50 ms", "p99 ms", "max ms"
    );
    for (name, d) in [("NORMAL", Durability::Normal), ("FULL", Durability::Full)] {
        let t = measure(d, saves);
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        println!(
            "{name:<8} {:>10.3} {:>10.3} {:>10.3}",
            ms(percentile(&t, 0.5)),
            ms(percentile(&t, 0.99)),
            ms(*t.last().unwrap())
        );
    }
}
