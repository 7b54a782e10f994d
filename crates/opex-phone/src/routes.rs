//! The phone's requests, once `serve.rs` has checked the token and the
//! rates: the page and its files, the phone's state, its live updates
//! (server-sent events), joining and voting. Each answers from
//! opex-service's phone view, never from the store directly.

use crate::page::Files;
use crate::phones::Phones;
use crate::{Change, Failure, Signal, Workshops};
use axum::Json;
use axum::extract::{Path, Query, State as Extract};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use opex_service::ErrorKind;
use opex_service::phones::{self as svc, Voter};
use opex_service::views::common::ThemeDto;
use opex_service::views::phone::{PhoneDto, PhoneJoinDto, PhoneVoteDto};
use serde::Deserialize;
use std::convert::Infallible;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use tokio::sync::watch;

/// The cookie that says which phone this is.
pub const COOKIE: &str = "opex_phone";

pub struct State<W> {
    pub assessment_id: i64,
    pub workshops: Arc<W>,
    pub phones: Arc<Phones>,
    pub signal: watch::Sender<Signal>,
    pub on_change: Arc<dyn Fn(Change) + Send + Sync>,
    pub files: Arc<Files>,
    /// Live-update streams open now, and the most allowed.
    pub streams: Arc<AtomicUsize>,
    pub max_streams: usize,
    /// The session's links: `/TOKEN/`, where its cookie is sent, and only there.
    pub cookie_path: String,
}

impl<W> Clone for State<W> {
    fn clone(&self) -> Self {
        State {
            assessment_id: self.assessment_id,
            workshops: self.workshops.clone(),
            phones: self.phones.clone(),
            signal: self.signal.clone(),
            on_change: self.on_change.clone(),
            files: self.files.clone(),
            streams: self.streams.clone(),
            max_streams: self.max_streams,
            cookie_path: self.cookie_path.clone(),
        }
    }
}

/// A refusal a phone shows in words: `{"message": …}` with its status.
pub fn refusal(status: StatusCode, message: &str) -> Response {
    let mut r = (status, Json(serde_json::json!({ "message": message }))).into_response();
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        match self.kind {
            ErrorKind::Invalid => refusal(StatusCode::UNPROCESSABLE_ENTITY, &self.message),
            ErrorKind::Conflict | ErrorKind::Closed | ErrorKind::NotFound => {
                refusal(StatusCode::CONFLICT, &self.message)
            }
            // The database's own words may name files: the phone is told less.
            _ => refusal(
                StatusCode::INTERNAL_SERVER_ERROR,
                "opex could not do that; tell the facilitator",
            ),
        }
    }
}

#[derive(Deserialize)]
pub struct Theme {
    #[serde(default)]
    theme: Option<String>,
}

impl Theme {
    fn dto(&self) -> ThemeDto {
        match self.theme.as_deref() {
            Some("dark") => ThemeDto::Dark,
            _ => ThemeDto::Light,
        }
    }
}

fn phone_id(jar: &CookieJar) -> Option<String> {
    jar.get(COOKIE).map(|c| c.value().to_string())
}

impl<W: Workshops> State<W> {
    /// Runs `f` with the phones locked and the store, off the async threads.
    async fn blocking<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Self) -> Result<T, Failure> + Send + 'static,
    ) -> Result<T, Failure> {
        let me = self.clone();
        tokio::task::spawn_blocking(move || f(&me))
            .await
            .unwrap_or_else(|e| {
                Err(Failure {
                    kind: ErrorKind::Io,
                    message: format!("a phone request failed: {e}"),
                })
            })
    }

    /// The view of the phone with cookie id `id`.
    async fn view(&self, id: Option<String>, theme: ThemeDto) -> Result<PhoneDto, Failure> {
        self.blocking(move |s| {
            let phones = s.phones.lock();
            let voter = phones.voter(id.as_deref());
            let taken = phones.taken(id.as_deref());
            s.workshops
                .with_store(|store| svc::view(store, s.assessment_id, &voter, &taken, theme))
        })
        .await
    }

    fn tell(&self, change: Change) {
        self.signal.send_modify(|s| s.version += 1);
        (self.on_change)(change);
    }
}

pub fn router<W: Workshops>(state: State<W>) -> axum::Router {
    axum::Router::new()
        .route("/", get(page::<W>))
        .route("/assets/{file}", get(asset::<W>))
        .route("/api/state", get(phone_state::<W>))
        .route("/api/events", get(events::<W>))
        .route("/api/join", post(join::<W>))
        .route("/api/vote", post(vote::<W>))
        .fallback(|| async { StatusCode::NOT_FOUND })
        .with_state(state)
}

fn file(files: &Files, path: &str) -> Response {
    match files.get(path) {
        Some((bytes, mime)) => {
            let mut r = bytes.clone().into_response();
            let h = r.headers_mut();
            if let Ok(v) = HeaderValue::from_str(mime) {
                h.insert(header::CONTENT_TYPE, v);
            }
            h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
            r
        }
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

async fn page<W: Workshops>(Extract(s): Extract<State<W>>) -> Response {
    file(&s.files, "phone.html")
}

async fn asset<W: Workshops>(Extract(s): Extract<State<W>>, Path(name): Path<String>) -> Response {
    file(&s.files, &format!("assets/{name}"))
}

async fn phone_state<W: Workshops>(
    Extract(s): Extract<State<W>>,
    jar: CookieJar,
    Query(t): Query<Theme>,
) -> Response {
    viewed(s.view(phone_id(&jar), t.dto()).await)
}

/// A phone's view as the answer to its request, never cached.
fn viewed(view: Result<PhoneDto, Failure>) -> Response {
    match view {
        Ok(v) => no_store(Json(v)),
        Err(f) => f.into_response(),
    }
}

fn no_store(r: impl IntoResponse) -> Response {
    let mut r = r.into_response();
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

/// Counts one open live-update stream while it lives.
struct StreamSlot(Arc<AtomicUsize>);

impl Drop for StreamSlot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// The live updates: the phone's view now and after every change, then
/// `stopped` with its reason when phone voting ends.
async fn events<W: Workshops>(
    Extract(s): Extract<State<W>>,
    jar: CookieJar,
    Query(t): Query<Theme>,
) -> Response {
    if s.streams.fetch_add(1, Ordering::SeqCst) >= s.max_streams {
        s.streams.fetch_sub(1, Ordering::SeqCst);
        return refusal(
            StatusCode::TOO_MANY_REQUESTS,
            "too many phones are connected",
        );
    }
    let slot = StreamSlot(s.streams.clone());
    let rx = s.signal.subscribe();
    let (id, theme) = (phone_id(&jar), t.dto());
    struct Step<W> {
        s: State<W>,
        rx: watch::Receiver<Signal>,
        first: bool,
        done: bool,
        _slot: StreamSlot,
    }
    let start = Step {
        s,
        rx,
        first: true,
        done: false,
        _slot: slot,
    };
    let stream = futures_util::stream::unfold(start, move |mut st| {
        let id = id.clone();
        async move {
            if st.done {
                return None;
            }
            if !st.first && st.rx.changed().await.is_err() {
                return None;
            }
            st.first = false;
            let signal = st.rx.borrow_and_update().clone();
            let event = match signal.stopped {
                Some(reason) => {
                    st.done = true;
                    Event::default().event("stopped").data(reason)
                }
                None => match st.s.view(id, theme).await {
                    Ok(v) => Event::default()
                        .event("state")
                        .json_data(&v)
                        .unwrap_or_else(|_| {
                            Event::default()
                                .event("problem")
                                .data("opex could not send the question")
                        }),
                    Err(f) => Event::default().event("problem").data(f.message),
                },
            };
            Some((Ok::<_, Infallible>(event), st))
        }
    });
    no_store(
        Sse::new(stream).keep_alive(
            KeepAlive::new()
                .interval(Duration::from_secs(15))
                .text("ping"),
        ),
    )
}

async fn join<W: Workshops>(
    Extract(s): Extract<State<W>>,
    jar: CookieJar,
    Query(t): Query<Theme>,
    Json(body): Json<PhoneJoinDto>,
) -> Response {
    let known = phone_id(&jar);
    let joined = s
        .blocking(move |s| {
            let mut phones = s.phones.lock();
            // A cookie from an earlier session, or a made-up one, is a stranger's.
            let id = known.filter(|id| phones.is_known(id));
            let voter = phones.voter(id.as_deref());
            if !voter.joined() && !phones.has_room(s.phones.max()) {
                return Err(Failure {
                    kind: ErrorKind::Conflict,
                    message: format!(
                        "the workshop is full: at most {} phones can join",
                        s.phones.max()
                    ),
                });
            }
            let taken = phones.taken(id.as_deref());
            let voter = s
                .workshops
                .with_store(|store| svc::join(store, s.assessment_id, &voter, &body, &taken))?;
            let id = match id {
                Some(id) => id,
                None => crate::token::phone_id().map_err(|e| Failure {
                    kind: ErrorKind::Io,
                    message: e.to_string(),
                })?,
            };
            phones.set(id.clone(), voter);
            Ok(id)
        })
        .await;
    let id = match joined {
        Ok(id) => id,
        Err(f) => return f.into_response(),
    };
    s.tell(Change::Joined);
    let cookie = Cookie::build((COOKIE, id.clone()))
        .http_only(true)
        .same_site(SameSite::Strict)
        .path(s.cookie_path.clone())
        .build();
    let jar = jar.add(cookie);
    (jar, viewed(s.view(Some(id), t.dto()).await)).into_response()
}

async fn vote<W: Workshops>(
    Extract(s): Extract<State<W>>,
    jar: CookieJar,
    Query(t): Query<Theme>,
    Json(body): Json<PhoneVoteDto>,
) -> Response {
    let id = phone_id(&jar);
    let phone = id.clone();
    let voted = s
        .blocking(move |s| {
            let mut phones = s.phones.lock();
            let Some(id) = phone.filter(|id| phones.is_known(id)) else {
                return Err(Failure {
                    kind: ErrorKind::Conflict,
                    message: "join the workshop first".into(),
                });
            };
            let mut voter: Voter = phones.voter(Some(&id));
            s.workshops
                .with_store(|store| svc::vote(store, s.assessment_id, &mut voter, &body))?;
            phones.set(id, voter);
            Ok(())
        })
        .await;
    if let Err(f) = voted {
        return f.into_response();
    }
    s.tell(Change::Voted);
    viewed(s.view(id, t.dto()).await)
}
