//! opex-phone: phone voting. While a workshop runs, a small HTTP server lets
//! each participant vote from their own phone's browser on the local network.
//! It is a front door over opex-service, like the app and the CLI: every rule
//! about who may vote or see what is there (`opex_service::phones`), and what
//! a phone is sent is built on the presented view.
//!
//! - `serve.rs`: the listener and the checks every request passes first (the
//!   secret token, per-phone rates, body size, timeouts, connection count).
//! - `routes.rs`: the page, the phone's state, its live updates (server-sent
//!   events), joining and voting.
//! - `phones.rs`: the phones that joined and who each votes as.
//! - `page.rs`: the phone page's files, taken from the app's built UI.
//! - `token.rs`, `qr.rs`, `net.rs`: the secrets, the QR code, the networks.

pub mod net;
mod page;
mod phones;
pub mod qr;
mod routes;
mod serve;
pub mod token;

pub use page::Page;

use opex_service::ErrorKind;
use opex_service::views::phone::PhoneStatusDto;
use opex_store::Store;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::watch;

/// Why a store call failed, as a front door reports it.
#[derive(Debug, Clone)]
pub struct Failure {
    pub kind: ErrorKind,
    pub message: String,
}

impl From<opex_service::ServiceError> for Failure {
    fn from(e: opex_service::ServiceError) -> Self {
        Failure {
            kind: e.kind(),
            message: e.to_string(),
        }
    }
}

/// The one way the server reaches the database: the app's shared store.
pub trait Workshops: Send + Sync + 'static {
    fn with_store<T>(
        &self,
        f: impl FnOnce(&mut Store) -> opex_service::Result<T>,
    ) -> Result<T, Failure>;
}

/// What happened on a phone, for the app to tell its windows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// A phone joined.
    Joined,
    /// A phone voted or changed its vote.
    Voted,
}

/// How a voting session runs.
#[derive(Debug, Clone)]
pub struct Config {
    pub assessment_id: i64,
    /// The address to listen on; the port is chosen at random.
    pub address: IpAddr,
    /// At most this many phones may join.
    pub max_phones: u32,
    /// Requests a phone (or, before joining, an address) may make per second,
    /// and in one burst.
    pub per_second: u32,
    pub burst: u32,
    /// The largest request body accepted, in bytes.
    pub body_limit: usize,
    /// A client must send a request's headers within this time, and the
    /// server answers any request but the live updates within `request_timeout`.
    pub header_timeout: Duration,
    pub request_timeout: Duration,
}

impl Config {
    pub fn new(assessment_id: i64, address: IpAddr) -> Config {
        Config {
            assessment_id,
            address,
            max_phones: 50,
            per_second: 10,
            burst: 30,
            body_limit: 4 * 1024,
            header_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(10),
        }
    }

    /// Open connections allowed at once: each phone holds its live updates
    /// open and makes a request or two beside them.
    fn max_connections(&self) -> usize {
        self.max_phones as usize * 3 + 16
    }
}

/// What every live-update stream watches: a change counter, and the reason
/// phone voting stopped once it has.
#[derive(Debug, Clone, Default)]
struct Signal {
    version: u64,
    stopped: Option<String>,
}

/// A running voting session. Dropping it stops the server.
pub struct Running {
    url: String,
    qr: String,
    addr: SocketAddr,
    assessment_id: i64,
    max_phones: u32,
    phones: Arc<phones::Phones>,
    signal: watch::Sender<Signal>,
    task: Option<tokio::task::JoinHandle<()>>,
}

/// Starts a voting session for workshop `config.assessment_id`: binds a
/// random port on `config.address` with a new token, and returns at once.
/// Must be called within a tokio runtime.
pub async fn start<W: Workshops>(
    config: Config,
    workshops: Arc<W>,
    page: Arc<dyn Page>,
    on_change: Arc<dyn Fn(Change) + Send + Sync>,
) -> std::io::Result<Running> {
    let token = token::Token::new()?;
    let listener = tokio::net::TcpListener::bind((config.address, 0)).await?;
    let addr = listener.local_addr()?;
    let url = format!(
        "http://{}/{}/",
        SocketAddr::new(net::link_host(config.address), addr.port()),
        token.as_str()
    );
    let qr = qr::data_uri(&url).map_err(|e| std::io::Error::other(e.to_string()))?;
    let (signal, _) = watch::channel(Signal::default());
    let phones = Arc::new(phones::Phones::new(config.max_phones));
    let files = page::Files::new(page)?;
    let state = routes::State {
        assessment_id: config.assessment_id,
        workshops,
        phones: phones.clone(),
        signal: signal.clone(),
        on_change,
        files: Arc::new(files),
        streams: Arc::new(std::sync::atomic::AtomicUsize::new(0)),
        max_streams: config.max_phones as usize * 2 + 8,
        cookie_path: format!("/{}/", token.as_str()),
    };
    let task = tokio::spawn(serve::serve(
        listener,
        config.clone(),
        token,
        state,
        signal.subscribe(),
    ));
    Ok(Running {
        url,
        qr,
        addr,
        assessment_id: config.assessment_id,
        max_phones: config.max_phones,
        phones,
        signal,
        task: Some(task),
    })
}

impl Running {
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The address and port the server listens on.
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    pub fn assessment_id(&self) -> i64 {
        self.assessment_id
    }

    /// Phone voting as the facilitator's window shows it.
    pub fn status(&self) -> PhoneStatusDto {
        let (joined, phones) = self.phones.joined();
        PhoneStatusDto {
            assessment_id: self.assessment_id,
            url: self.url.clone(),
            qr: self.qr.clone(),
            address: self.addr.ip().to_string(),
            joined,
            phones,
            max_phones: self.max_phones,
        }
    }

    /// The workshop changed at the facilitator's end: every phone is sent its
    /// new view.
    pub fn changed(&self) {
        self.signal.send_modify(|s| s.version += 1);
    }

    /// Lets participant `participant_id` join again from another phone: the
    /// phone that joined as them is signed out.
    pub fn free(&self, participant_id: i64) {
        self.phones.free(participant_id);
        self.changed();
    }

    /// Stops the session: every phone is told `reason`, the port is closed at
    /// once, and the open connections end a moment later. Returns when all
    /// of it is done.
    pub async fn stop(mut self, reason: &str) {
        self.signal
            .send_modify(|s| s.stopped = Some(reason.to_string()));
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if self.task.is_some() {
            self.signal.send_modify(|s| {
                s.stopped
                    .get_or_insert_with(|| "Phone voting has ended.".into());
            });
        }
    }
}

/// A store behind a mutex: the server's database when no app holds it (the
/// tests and the benchmark).
pub struct SharedStore(std::sync::Mutex<Store>);

impl SharedStore {
    pub fn new(store: Store) -> SharedStore {
        SharedStore(std::sync::Mutex::new(store))
    }
}

impl Workshops for SharedStore {
    fn with_store<T>(
        &self,
        f: impl FnOnce(&mut Store) -> opex_service::Result<T>,
    ) -> Result<T, Failure> {
        let mut store = self
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        f(&mut store).map_err(Failure::from)
    }
}
