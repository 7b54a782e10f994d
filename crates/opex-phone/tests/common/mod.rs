//! What the server's tests and benchmark share: a real SQLite file with a
//! team and a workshop, a voting session on 127.0.0.1, and phones (HTTP
//! clients that keep their cookies).
#![allow(dead_code)]

use opex_core::workshop::{Anonymity, WorkshopSettings};
use opex_phone::{Change, Config, Page, Running, SharedStore, Workshops};
use opex_store::{NewWorkshop, Store};
use std::net::{IpAddr, Ipv4Addr};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// A phone page of three files, like the built UI's.
pub struct FakePage;

impl Page for FakePage {
    fn file(&self, path: &str) -> Option<(Vec<u8>, String)> {
        let (text, mime) = match path {
            "phone.html" => (
                r#"<!doctype html><title>opex · vote</title><script type="module" src="./assets/phone-1.js"></script>"#,
                "text/html",
            ),
            "assets/phone-1.js" => ("console.log(1)", "text/javascript"),
            "assets/index-2.js" => ("the app's own code", "text/javascript"),
            _ => return None,
        };
        Some((text.as_bytes().to_vec(), mime.into()))
    }
}

pub struct Session {
    pub running: Running,
    pub db: Arc<SharedStore>,
    pub id: i64,
    /// The link, with its trailing slash.
    pub base: String,
    pub joins: Arc<AtomicUsize>,
    pub votes: Arc<AtomicUsize>,
    _dir: tempfile::TempDir,
}

pub fn ok<T, E: std::fmt::Display>(r: Result<T, E>) -> T {
    r.unwrap_or_else(|e| panic!("{e}"))
}

/// A workshop with `names` (none in an anonymous one) on the scaling area,
/// in a new database file, and a voting session for it.
pub async fn session(
    anonymity: Anonymity,
    names: &[&str],
    tweak: impl FnOnce(&mut Config),
) -> Session {
    session_with(anonymity, names, tweak, None).await
}

/// As [`session`], with `on_change` also told of every join and vote.
pub async fn session_with(
    anonymity: Anonymity,
    names: &[&str],
    tweak: impl FnOnce(&mut Config),
    on_change: Option<Arc<dyn Fn(Change) + Send + Sync>>,
) -> Session {
    let dir = ok(tempfile::tempdir());
    let mut store = ok(Store::open(&dir.path().join("opex.sqlite3")));
    let team = ok(store.create_team("Payments"));
    let bank = ok(opex_core::default_bank());
    let a = ok(store.start_workshop(
        &NewWorkshop {
            team_id: team.id,
            bank: &bank,
            profile: "full",
            settings: WorkshopSettings {
                anonymity,
                timer_seconds: 120,
                areas: Some(vec!["scaling".into()]),
                headcount: None,
            },
            names: names.iter().map(|n| n.to_string()).collect(),
            reviews: Vec::new(),
        },
        chrono::Utc::now(),
    ));
    let db = Arc::new(SharedStore::new(store));
    let mut config = Config::new(a.id, IpAddr::V4(Ipv4Addr::LOCALHOST));
    tweak(&mut config);
    let (joins, votes) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
    let (j, v) = (joins.clone(), votes.clone());
    let running = ok(opex_phone::start(
        config,
        db.clone(),
        Arc::new(FakePage),
        Arc::new(move |c| {
            match c {
                Change::Joined => j.fetch_add(1, Ordering::SeqCst),
                Change::Voted => v.fetch_add(1, Ordering::SeqCst),
            };
            if let Some(f) = &on_change {
                f(c);
            }
        }),
    )
    .await);
    Session {
        base: running.url().to_string(),
        running,
        db,
        id: a.id,
        joins,
        votes,
        _dir: dir,
    }
}

impl Session {
    /// Runs `f` on the store, as the facilitator's window would.
    pub fn facilitator<T>(&self, f: impl FnOnce(&mut Store) -> opex_service::Result<T>) -> T {
        let out = ok(self.db.with_store(f).map_err(|f| f.message));
        self.running.changed();
        out
    }

    /// The current question's id and round.
    pub fn current(&self) -> (String, u32) {
        let id = self.id;
        ok(self
            .db
            .with_store(|s| {
                let w = s.workshop(id)?;
                let q = w
                    .question(&w.current)
                    .cloned()
                    .ok_or_else(|| opex_service::ServiceError::Invalid("no question".into()))?;
                Ok((q.question_id, q.round))
            })
            .map_err(|f| f.message))
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

/// A phone: an HTTP client that keeps its cookies.
pub fn phone() -> reqwest::Client {
    ok(reqwest::Client::builder().cookie_store(true).build())
}
