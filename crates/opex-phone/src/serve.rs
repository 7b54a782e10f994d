//! The listener and what every request passes before it reaches a route: a
//! connection limit, the time allowed to send headers, a per-phone rate (by
//! cookie once joined, by address before), the session's token as the first
//! path segment (anything else is 404, compared in constant time), a body
//! size limit, a time limit on answering, and the headers that keep the page
//! to itself (a strict CSP, no referrer).

use crate::routes::{self, COOKIE, State, refusal};
use crate::token::Token;
use crate::{Config, Signal, Workshops};
use axum::body::Body;
use axum::http::{HeaderMap, HeaderValue, Request, Response, StatusCode, header};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use std::convert::Infallible;
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::{Semaphore, watch};
use tokio::task::JoinSet;
use tower::ServiceExt;

/// The page's policy: its own scripts, styles and requests, images from
/// itself or `data:` (the QR code, never on phones, and the dot plot's SVG),
/// no frames, no forms elsewhere.
pub const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
font-src 'self'; connect-src 'self'; manifest-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/// How long open connections may finish (the `stopped` event reaching every
/// phone) after the port is closed.
const GRACE: Duration = Duration::from_millis(300);

/// Whom a rate applies to: a joined phone by its cookie, anyone else by address.
#[derive(Clone, Hash, PartialEq, Eq)]
enum Key {
    Phone(String),
    Address(IpAddr),
}

struct Gate<W> {
    token: Token,
    limiter: DefaultKeyedRateLimiter<Key>,
    router: axum::Router,
    state: State<W>,
}

fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

fn secure(mut r: Response<Body>) -> Response<Body> {
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        "cross-origin-resource-policy",
        HeaderValue::from_static("same-origin"),
    );
    r
}

impl<W: Workshops> Gate<W> {
    async fn handle(&self, req: Request<Incoming>, from: IpAddr) -> Response<Body> {
        let phone =
            cookie(req.headers(), COOKIE).filter(|id| self.state.phones.lock().is_known(id));
        let key = phone.map_or(Key::Address(from), Key::Phone);
        if self.limiter.check_key(&key).is_err() {
            return secure(refusal(
                StatusCode::TOO_MANY_REQUESTS,
                "too many requests: wait a second and try again",
            ));
        }
        let path = req.uri().path();
        let rest = path.strip_prefix('/').unwrap_or(path);
        let (segment, tail) = match rest.split_once('/') {
            Some((segment, tail)) => (segment, Some(tail)),
            None => (rest, None),
        };
        if !self.token.matches(segment) {
            return secure(StatusCode::NOT_FOUND.into_response_body());
        }
        let Some(tail) = tail else {
            // The page's files are relative to the folder: `/TOKEN` → `/TOKEN/`.
            let mut r = StatusCode::PERMANENT_REDIRECT.into_response_body();
            if let Ok(v) = HeaderValue::from_str(&format!("/{}/", self.token.as_str())) {
                r.headers_mut().insert(header::LOCATION, v);
            }
            return secure(r);
        };
        let rewritten = match req.uri().query() {
            Some(q) => format!("/{tail}?{q}"),
            None => format!("/{tail}"),
        };
        let (mut parts, body) = req.into_parts();
        match rewritten.parse() {
            Ok(uri) => parts.uri = uri,
            Err(_) => return secure(StatusCode::NOT_FOUND.into_response_body()),
        }
        let req = Request::from_parts(parts, Body::new(body));
        match self.router.clone().oneshot(req).await {
            Ok(r) => secure(r),
            Err(never) => match never {},
        }
    }
}

trait Bare {
    fn into_response_body(self) -> Response<Body>;
}

impl Bare for StatusCode {
    fn into_response_body(self) -> Response<Body> {
        let mut r = Response::new(Body::empty());
        *r.status_mut() = self;
        r
    }
}

fn nonzero(n: u32) -> NonZeroU32 {
    NonZeroU32::new(n).unwrap_or(NonZeroU32::MIN)
}

/// Serves until the signal says phone voting stopped; then closes the port
/// at once and every connection after [`GRACE`].
pub async fn serve<W: Workshops>(
    listener: TcpListener,
    config: Config,
    token: Token,
    state: State<W>,
    mut stop: watch::Receiver<Signal>,
) {
    let router = routes::router(state.clone())
        .layer(axum::extract::DefaultBodyLimit::max(config.body_limit))
        .layer(tower_http::limit::RequestBodyLimitLayer::new(
            config.body_limit,
        ))
        .layer(tower_http::timeout::RequestBodyTimeoutLayer::new(
            config.request_timeout,
        ))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            config.request_timeout,
        ));
    let quota = Quota::per_second(nonzero(config.per_second)).allow_burst(nonzero(config.burst));
    let gate = Arc::new(Gate {
        token,
        limiter: RateLimiter::keyed(quota),
        router,
        state,
    });
    let slots = Arc::new(Semaphore::new(config.max_connections()));
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let Ok((socket, from)) = accepted else { continue };
                // Over the limit, the connection is closed unanswered.
                let Ok(slot) = slots.clone().try_acquire_owned() else { continue };
                gate.limiter.retain_recent();
                let gate = gate.clone();
                let header_timeout = config.header_timeout;
                connections.spawn(async move {
                    let _slot = slot;
                    let service = hyper::service::service_fn(move |req: Request<Incoming>| {
                        let gate = gate.clone();
                        async move { Ok::<_, Infallible>(gate.handle(req, from.ip()).await) }
                    });
                    let _ = hyper::server::conn::http1::Builder::new()
                        .timer(TokioTimer::new())
                        .header_read_timeout(header_timeout)
                        .max_buf_size(16 * 1024)
                        .serve_connection(TokioIo::new(socket), service)
                        .await;
                });
            }
            changed = stop.changed() => {
                if changed.is_err() || stop.borrow().stopped.is_some() {
                    break;
                }
            }
            // Reap finished connections as they end.
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
    drop(listener);
    let _ = tokio::time::timeout(GRACE, async {
        while connections.join_next().await.is_some() {}
    })
    .await;
    connections.shutdown().await;
}
