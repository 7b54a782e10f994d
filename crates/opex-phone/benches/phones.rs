//! Phone voting under a full room: 30 phones on loopback join a workshop and
//! vote in ten rounds, all at once. For every vote it measures the time from
//! the phone sending its POST to the facilitator's view model (the one the
//! app's window shows, `workshops::facilitator_view`) listing that person as
//! voted, rebuilt on each change the server reports, as the app does. Prints
//! p50, p95 and the worst. Run: `cargo bench -p opex-phone`.

#[path = "../tests/common/mod.rs"]
mod common;

use common::{ok, phone, session_with};
use opex_core::workshop::Anonymity;
use opex_phone::{Change, Workshops};
use opex_service::views::common::ThemeDto;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::mpsc;

const PHONES: usize = 30;
const ROUNDS: u32 = 10;

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn main() {
    let rt = ok(tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build());
    rt.block_on(run());
}

async fn run() {
    let names: Vec<String> = (1..=PHONES).map(|i| format!("Person {i}")).collect();
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let (tx, mut rx) = mpsc::unbounded_channel::<()>();
    let on_change: Arc<dyn Fn(Change) + Send + Sync> = Arc::new(move |c| {
        if c == Change::Voted {
            let _ = tx.send(());
        }
    });
    let s = session_with(
        Anonymity::Open,
        &refs,
        |c| {
            // Thirty phones share one address here: rates are per phone once joined.
            c.burst = 200;
            c.per_second = 200;
        },
        Some(on_change),
    )
    .await;
    let phones: Vec<reqwest::Client> = (0..PHONES).map(|_| phone()).collect();
    let (_, state) = {
        let r = ok(phones[0].get(s.url("api/state")).send().await);
        (r.status(), ok(r.json::<Value>().await))
    };
    let ids: Vec<i64> = state["names"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|n| n["id"].as_i64())
        .collect();
    assert_eq!(ids.len(), PHONES);
    for (p, id) in phones.iter().zip(&ids) {
        let r = ok(p
            .post(s.url("api/join"))
            .json(&json!({ "participantId": id }))
            .send()
            .await);
        assert_eq!(r.status(), 200);
    }

    // When each participant's vote was sent, this round.
    let sent: Arc<Mutex<HashMap<i64, Instant>>> = Arc::new(Mutex::new(HashMap::new()));
    let mut samples: Vec<Duration> = Vec::new();
    let id = s.id;
    for round in 1..=ROUNDS {
        let (q, r) = s.current();
        assert_eq!(r, round);
        ok(sent.lock().map_err(|e| e.to_string())).clear();
        let mut tasks = Vec::new();
        for (i, (p, pid)) in phones.iter().zip(&ids).enumerate() {
            let (p, url, sent, pid) = (p.clone(), s.url("api/vote"), sent.clone(), *pid);
            let body = json!({ "questionId": q, "round": r, "choice": { "kind": "level", "level": 1 + (i % 5) } });
            tasks.push(tokio::spawn(async move {
                ok(sent.lock().map_err(|e| e.to_string())).insert(pid, Instant::now());
                let resp = ok(p.post(url).json(&body).send().await);
                assert_eq!(resp.status(), 200);
            }));
        }
        // The facilitator's window: on every change, the view model again.
        let mut seen: HashMap<i64, Duration> = HashMap::new();
        while seen.len() < PHONES {
            let _ = tokio::time::timeout(Duration::from_secs(10), rx.recv()).await;
            while rx.try_recv().is_ok() {}
            let db = s.db.clone();
            let view = tokio::task::spawn_blocking(move || {
                db.with_store(|st| {
                    opex_service::workshops::facilitator_view(st, id, ThemeDto::Light)
                })
            })
            .await;
            let now = Instant::now();
            let view = ok(ok(view).map_err(|f| f.message));
            let sent = ok(sent.lock().map_err(|e| e.to_string())).clone();
            for pid in view.current.voted {
                if let (false, Some(t)) = (seen.contains_key(&pid), sent.get(&pid)) {
                    seen.insert(pid, now - *t);
                }
            }
        }
        for t in tasks {
            ok(t.await);
        }
        samples.extend(seen.into_values());
        s.facilitator(|st| Ok(st.revote(id, &q).map(|_| ())?));
        while rx.try_recv().is_ok() {}
    }
    samples.sort();
    println!(
        "phone voting, {PHONES} phones on loopback, {ROUNDS} rounds, {} votes: POST to the facilitator's view model showing it: p50 {:.1} ms, p95 {:.1} ms, worst {:.1} ms",
        samples.len(),
        percentile(&samples, 0.5).as_secs_f64() * 1e3,
        percentile(&samples, 0.95).as_secs_f64() * 1e3,
        samples.last().copied().unwrap_or_default().as_secs_f64() * 1e3,
    );
    s.running.stop("done").await;
}
