//! Helpers for the real-webview suite: finding the app and tauri-driver, launching
//! the app on a private database, waiting on the UI by `data-testid`, pressing
//! keys, saving screenshots, and stopping every process a test started.

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::elements::Element;
use fantoccini::error::CmdError;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use rusqlite::{Connection, OpenFlags};
use serde_json::json;
use std::fmt::Debug;
use std::fs::File;
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use tempfile::TempDir;

/// How long an explicit wait on the UI may take.
pub const TIMEOUT: Duration = Duration::from_secs(10);
/// How long tauri-driver, WebKitWebDriver and the app may take to come up.
const STARTUP_TIMEOUT: Duration = Duration::from_secs(30);
/// How long the processes may take to exit after SIGTERM before SIGKILL.
const EXIT_TIMEOUT: Duration = Duration::from_secs(5);
const POLL: Duration = Duration::from_millis(50);

/// One app at a time: the tests share the display and the machine has two cores.
static ONE_APP_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// Waits for the other tests' apps to close; hold the guard for the whole test.
pub async fn one_app_at_a_time() -> tokio::sync::MutexGuard<'static, ()> {
    ONE_APP_AT_A_TIME.lock().await
}

/// `[data-testid="…"]`.
pub fn testid(id: &str) -> String {
    format!("[data-testid=\"{id}\"]")
}

/// A private directory and database file for one test.
pub fn scratch() -> (TempDir, PathBuf) {
    let dir = tempfile::Builder::new()
        .prefix("opex-e2e-")
        .tempdir()
        .unwrap_or_else(|e| panic!("cannot create a temporary directory: {e}"));
    let db = dir.path().join("opex.sqlite3");
    (dir, db)
}

/// The test's database, read-only; it waits up to [`TIMEOUT`] while the app
/// holds a write lock.
pub fn open_read_only(db: &Path) -> Connection {
    let conn = Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .unwrap_or_else(|e| panic!("cannot open {} read-only: {e}", db.display()));
    conn.busy_timeout(TIMEOUT)
        .unwrap_or_else(|e| panic!("cannot set a busy timeout on {}: {e}", db.display()));
    conn
}

/// What the suite needs from the machine. Missing pieces are a failure, never a
/// skip: a suite that passes because it did not run proves nothing.
#[derive(Debug, Clone)]
pub struct Tools {
    pub app: PathBuf,
    pub tauri_driver: PathBuf,
}

impl Tools {
    /// Finds the app (`OPEX_APP_BIN`), the display and tauri-driver, or panics
    /// saying what is missing.
    pub fn find() -> Tools {
        let app = match std::env::var_os("OPEX_APP_BIN") {
            Some(v) if !v.is_empty() => PathBuf::from(v),
            _ => panic!("OPEX_APP_BIN is not set: run `cargo xtask e2e`"),
        };
        if !app.is_file() {
            panic!(
                "OPEX_APP_BIN is {} but no such file exists: run `cargo xtask e2e`, which builds the app first",
                app.display()
            );
        }
        let app = app
            .canonicalize()
            .unwrap_or_else(|e| panic!("OPEX_APP_BIN {} cannot be resolved: {e}", app.display()));
        if std::env::var_os("DISPLAY").is_none_or(|d| d.is_empty()) {
            panic!(
                "DISPLAY is not set: the webview needs an X display; run `cargo xtask e2e`, or the tests under `xvfb-run -a`"
            );
        }
        let cargo_bin = std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo/bin"));
        let tauri_driver = on_path("tauri-driver")
            .or_else(|| {
                cargo_bin
                    .map(|d| d.join("tauri-driver"))
                    .filter(|p| p.is_file())
            })
            .unwrap_or_else(|| {
                panic!(
                    "tauri-driver is not on PATH nor in ~/.cargo/bin: `cargo install tauri-driver --locked`"
                )
            });
        if on_path("WebKitWebDriver").is_none() {
            panic!(
                "WebKitWebDriver is not on PATH, and tauri-driver needs it: `apt-get install webkit2gtk-driver`"
            );
        }
        Tools { app, tauri_driver }
    }
}

fn on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
}

/// Two distinct free TCP ports on 127.0.0.1.
fn free_ports() -> (u16, u16) {
    let bind = || {
        TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
            .unwrap_or_else(|e| panic!("cannot bind a free port on 127.0.0.1: {e}"))
    };
    // Both listeners stay open until both ports are known, so they differ.
    let (a, b) = (bind(), bind());
    let port = |l: &TcpListener| {
        l.local_addr()
            .unwrap_or_else(|e| panic!("no local address: {e}"))
            .port()
    };
    (port(&a), port(&b))
}

fn accepts(port: u16) -> bool {
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok()
}

/// tauri-driver, in a process group of its own so that it, WebKitWebDriver and
/// the app they start can all be stopped together, even when a test panics.
struct Driver {
    child: Child,
    log: PathBuf,
    stopped: bool,
}

impl Driver {
    async fn start(tools: &Tools, db: &Path, log: PathBuf) -> (Driver, u16) {
        let (port, native_port) = free_ports();
        let out =
            File::create(&log).unwrap_or_else(|e| panic!("cannot create {}: {e}", log.display()));
        let err = out
            .try_clone()
            .unwrap_or_else(|e| panic!("cannot reopen {}: {e}", log.display()));
        let child = Command::new(&tools.tauri_driver)
            .arg("--port")
            .arg(port.to_string())
            .arg("--native-port")
            .arg(native_port.to_string())
            // The app is started by WebKitWebDriver, which tauri-driver starts:
            // both pass their environment on.
            .env("OPEX_DB", db)
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err)
            .process_group(0)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", tools.tauri_driver.display()));
        let mut driver = Driver {
            child,
            log,
            stopped: false,
        };
        // tauri-driver forwards to WebKitWebDriver, so both must be listening.
        let start = Instant::now();
        while !(accepts(port) && accepts(native_port)) {
            if let Ok(Some(status)) = driver.child.try_wait() {
                panic!(
                    "tauri-driver exited early ({status}):\n{}",
                    driver.log_text()
                );
            }
            if start.elapsed() > STARTUP_TIMEOUT {
                panic!(
                    "tauri-driver did not listen on ports {port} and {native_port} within {STARTUP_TIMEOUT:?}:\n{}",
                    driver.log_text()
                );
            }
            tokio::time::sleep(POLL).await;
        }
        (driver, port)
    }

    fn pgid(&self) -> u32 {
        self.child.id()
    }

    fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_else(|e| format!("(no log: {e})"))
    }

    /// Sends `signal` to the whole process group.
    fn signal(&self, signal: &str) {
        let _ = Command::new("kill")
            .arg(format!("-{signal}"))
            .arg("--")
            .arg(format!("-{}", self.pgid()))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }

    /// Live (not zombie) processes in the group, from /proc.
    fn live_members(&self) -> Vec<u32> {
        let pgid = self.pgid().to_string();
        let Ok(entries) = std::fs::read_dir("/proc") else {
            return Vec::new();
        };
        entries
            .flatten()
            .filter_map(|e| e.file_name().to_str()?.parse::<u32>().ok())
            .filter(|pid| {
                let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
                    return false;
                };
                // "pid (comm) state ppid pgrp …"; comm may hold spaces and parentheses.
                let Some((_, rest)) = stat.rsplit_once(')') else {
                    return false;
                };
                let fields: Vec<&str> = rest.split_whitespace().collect();
                fields.len() > 2 && fields[0] != "Z" && fields[2] == pgid
            })
            .collect()
    }

    /// SIGTERM to the group (tauri-driver then kills WebKitWebDriver; the app
    /// gets it too), then SIGKILL to whatever is left after a grace period.
    async fn stop(&mut self) {
        if self.stopped {
            return;
        }
        self.stopped = true;
        self.signal("TERM");
        let start = Instant::now();
        loop {
            let _ = self.child.try_wait();
            if self.live_members().is_empty() {
                break;
            }
            if start.elapsed() > EXIT_TIMEOUT {
                eprintln!(
                    "processes {:?} outlived SIGTERM for {EXIT_TIMEOUT:?}; sending SIGKILL",
                    self.live_members()
                );
                self.signal("KILL");
                break;
            }
            tokio::time::sleep(POLL).await;
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        if std::thread::panicking() {
            eprintln!(
                "---- tauri-driver, WebKitWebDriver and app output ({}) ----\n{}",
                self.log.display(),
                self.log_text()
            );
        }
        if !self.stopped {
            self.signal("KILL");
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// A running app under WebDriver. Dropping it (e.g. on panic) kills every
/// process it started; [`App::quit`] closes it properly.
pub struct App {
    pub client: Client,
    test: &'static str,
    driver: Driver,
}

impl App {
    /// Starts tauri-driver with `OPEX_DB=db` and opens a session on the app,
    /// which also gets `--db db`. `test` names the screenshots; `log` collects
    /// the output of tauri-driver, WebKitWebDriver and the app.
    pub async fn launch(tools: &Tools, test: &'static str, db: &Path, log: PathBuf) -> App {
        let (driver, port) = Driver::start(tools, db, log).await;
        let mut caps = serde_json::Map::new();
        caps.insert(
            "tauri:options".into(),
            json!({
                "application": tools.app,
                "args": ["--db", db],
            }),
        );
        let mut builder = ClientBuilder::new(HttpConnector::new());
        builder.capabilities(caps);
        let url = format!("http://127.0.0.1:{port}");
        // `driver` is dropped (and every process killed) if this panics.
        let client = match tokio::time::timeout(STARTUP_TIMEOUT, builder.connect(&url)).await {
            Ok(Ok(client)) => client,
            Ok(Err(e)) => panic!(
                "no WebDriver session on the app: {e}\n{}",
                driver.log_text()
            ),
            Err(_) => panic!(
                "no WebDriver session on the app within {STARTUP_TIMEOUT:?}\n{}",
                driver.log_text()
            ),
        };
        App {
            client,
            test,
            driver,
        }
    }

    /// Ends the session (which ends the app) and stops tauri-driver, making
    /// sure no process of this launch is left.
    pub async fn quit(self) {
        let App {
            client, mut driver, ..
        } = self;
        match tokio::time::timeout(TIMEOUT, client.close()).await {
            Ok(Ok(())) => {}
            Ok(Err(e)) => eprintln!("closing the WebDriver session failed: {e}"),
            Err(_) => eprintln!("closing the WebDriver session took over {TIMEOUT:?}"),
        }
        driver.stop().await;
    }

    /// Polls `check` every 50 ms until it gives `Ok(value)`, for up to
    /// [`TIMEOUT`]. `Err(seen)` means "not yet" and describes what was seen,
    /// for the failure message. Missing and stale elements count as "not yet".
    pub async fn until<T>(
        &self,
        what: &str,
        mut check: impl AsyncFnMut() -> Result<Result<T, String>, CmdError>,
    ) -> T {
        let start = Instant::now();
        loop {
            let seen = match check().await {
                Ok(Ok(value)) => return value,
                Ok(Err(seen)) => seen,
                Err(e) if e.is_no_such_element() || e.is_stale_element_reference() => e.to_string(),
                Err(e) => panic!("while waiting for {what}: {e}"),
            };
            if start.elapsed() > TIMEOUT {
                panic!("timed out after {TIMEOUT:?} waiting for {what}; last seen: {seen}");
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// The first element matching the CSS selector, once there is one.
    pub async fn find_css(&self, css: &str) -> Element {
        self.client
            .wait()
            .at_most(TIMEOUT)
            .every(POLL)
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no element matches {css} after {TIMEOUT:?}: {e}"))
    }

    /// The element with this `data-testid`, once there is one.
    pub async fn find(&self, id: &str) -> Element {
        self.find_css(&testid(id)).await
    }

    /// Every element matching the CSS selector, now (possibly none).
    pub async fn all_css(&self, css: &str) -> Vec<Element> {
        self.client
            .find_all(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("cannot look for {css}: {e}"))
    }

    /// Clicks the first element matching the CSS selector, retrying while it is
    /// missing, stale or not yet clickable.
    pub async fn click_css(&self, css: &str) {
        self.until(&format!("a click on {css}"), async || {
            let el = self.client.find(Locator::Css(css)).await?;
            match el.click().await {
                Ok(()) => Ok(Ok(())),
                Err(e) if e.is_element_not_interactable() => Ok(Err(e.to_string())),
                Err(e) => Err(e),
            }
        })
        .await;
    }

    /// Clicks the element with this `data-testid`.
    pub async fn click(&self, id: &str) {
        self.click_css(&testid(id)).await;
    }

    /// Clicks the element with this `data-testid` (to focus it) and types
    /// `text` into it, retrying while it is not yet interactable.
    pub async fn type_into(&self, id: &str, text: &str) {
        let css = testid(id);
        self.click_css(&css).await;
        self.until(&format!("typing into {css}"), async || {
            let el = self.client.find(Locator::Css(&css)).await?;
            match el.send_keys(text).await {
                Ok(()) => Ok(Ok(())),
                // Refused before any key was typed, so trying again is safe.
                Err(e) if e.is_element_not_interactable() => Ok(Err(e.to_string())),
                Err(e) => Err(e),
            }
        })
        .await;
    }

    /// Waits until the element with this `data-testid` has exactly this text.
    pub async fn wait_text(&self, id: &str, expected: &str) {
        let css = testid(id);
        self.until(&format!("{css} to read {expected:?}"), async || {
            let el = self.client.find(Locator::Css(&css)).await?;
            let text = el.text().await?;
            Ok(if text.trim() == expected {
                Ok(())
            } else {
                Err(format!("{text:?}"))
            })
        })
        .await;
    }

    /// Waits until the element with this `data-testid` exists and its text
    /// contains `needle`; returns the whole text.
    pub async fn wait_text_contains(&self, id: &str, needle: &str) -> String {
        let css = testid(id);
        self.until(&format!("{css} to contain {needle:?}"), async || {
            let text = self.client.find(Locator::Css(&css)).await?.text().await?;
            Ok(if text.contains(needle) {
                Ok(text)
            } else {
                Err(format!("{text:?}"))
            })
        })
        .await
    }

    /// The text of the first element matching the CSS selector, once there is one.
    pub async fn text_css(&self, css: &str) -> String {
        self.find_css(css)
            .await
            .text()
            .await
            .unwrap_or_else(|e| panic!("cannot read the text of {css}: {e}"))
    }

    /// Asserts that nothing matches the CSS selector now; `why` says what its
    /// presence would mean.
    pub async fn assert_absent(&self, css: &str, why: &str) {
        let found = self.all_css(css).await;
        assert!(
            found.is_empty(),
            "{why}: {} element(s) match {css}",
            found.len()
        );
    }

    /// Waits until the first element matching `css` has `attr` = `expected`.
    pub async fn wait_attr(&self, css: &str, attr: &str, expected: &str) {
        self.until(&format!("{css} to have {attr}={expected:?}"), async || {
            let el = self.client.find(Locator::Css(css)).await?;
            let value = el.attr(attr).await?;
            Ok(if value.as_deref() == Some(expected) {
                Ok(())
            } else {
                Err(format!("{attr}={value:?}"))
            })
        })
        .await;
    }

    /// Waits until the `value` property of the element with this
    /// `data-testid` (an input or textarea) is exactly `expected`.
    pub async fn wait_value(&self, id: &str, expected: &str) {
        let css = testid(id);
        self.until(
            &format!("the value of {css} to be {expected:?}"),
            async || {
                let el = self.client.find(Locator::Css(&css)).await?;
                let value = el.prop("value").await?;
                Ok(if value.as_deref() == Some(expected) {
                    Ok(())
                } else {
                    Err(format!("value={value:?}"))
                })
            },
        )
        .await;
    }

    /// Waits until the save indicator reads `data-state="saved"`.
    pub async fn wait_saved(&self) {
        self.wait_attr(&testid("save-status"), "data-state", "saved")
            .await;
    }

    /// The `data-testid` of the focused element, and whether it takes text.
    pub async fn focus(&self) -> (Option<String>, bool) {
        let el = self
            .client
            .active_element()
            .await
            .unwrap_or_else(|e| panic!("cannot get the focused element: {e}"));
        let tag = el.tag_name().await.unwrap_or_default().to_lowercase();
        let kind = el.attr("type").await.ok().flatten().unwrap_or_default();
        let editable = el.attr("contenteditable").await.ok().flatten();
        let takes_text = tag == "textarea"
            || (tag == "input"
                && !matches!(
                    kind.as_str(),
                    "button" | "checkbox" | "radio" | "submit" | "reset"
                ))
            || editable.is_some_and(|v| v != "false");
        let id = el.attr("data-testid").await.ok().flatten();
        (id, takes_text)
    }

    /// Presses and releases one key on the keyboard, as a user would: it goes
    /// to whatever has focus. Use `fantoccini::key::Key` for special keys.
    pub async fn press(&self, key: impl Into<char>) {
        let key = key.into();
        let actions = KeyActions::new("keyboard".into())
            .then(KeyAction::Down { value: key })
            .then(KeyAction::Up { value: key });
        match self.client.perform_actions(actions).await {
            Ok(()) => {}
            // A driver without key actions: type into the focused element.
            Err(e) if e.is_unknown_command() || e.is_unknown_method() => {
                let el = self
                    .client
                    .active_element()
                    .await
                    .unwrap_or_else(|e| panic!("cannot get the focused element: {e}"));
                el.send_keys(&key.to_string())
                    .await
                    .unwrap_or_else(|e| panic!("cannot press {key:?}: {e}"));
            }
            Err(e) => panic!("cannot press {key:?}: {e}"),
        }
    }

    /// Presses a keyboard shortcut of the questionnaire, first checking that
    /// focus is not in a text field (where the key would be typed instead).
    pub async fn shortcut(&self, key: impl Into<char>) {
        let key = key.into();
        let (id, takes_text) = self.focus().await;
        assert!(
            !takes_text,
            "focus is in a text field ({id:?}), so the shortcut {key:?} would be typed, not pressed"
        );
        self.press(key).await;
    }

    /// Types `text` into the focused element.
    pub async fn type_here(&self, text: &str) {
        let el = self
            .client
            .active_element()
            .await
            .unwrap_or_else(|e| panic!("cannot get the focused element: {e}"));
        el.send_keys(text)
            .await
            .unwrap_or_else(|e| panic!("cannot type {text:?}: {e}"));
    }

    /// Saves a PNG of the window as `tests/screenshots/<test>-<step>.png`.
    pub async fn screenshot(&self, step: &str) {
        let png = self
            .client
            .screenshot()
            .await
            .unwrap_or_else(|e| panic!("cannot take the {step} screenshot: {e}"));
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("screenshots");
        std::fs::create_dir_all(&dir)
            .unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
        let file = dir.join(format!("{}-{step}.png", self.test));
        std::fs::write(&file, png)
            .unwrap_or_else(|e| panic!("cannot write {}: {e}", file.display()));
    }

    /// Asserts that no JavaScript alert, confirm or prompt is open.
    pub async fn assert_no_alert(&self) {
        match self.client.get_alert_text().await {
            Ok(text) => panic!("a JavaScript dialog is open: {text:?}"),
            Err(e) if e.is_no_such_alert() => {}
            Err(e) => panic!("cannot ask whether an alert is open: {e}"),
        }
    }

    /// Asserts that `needle` (markup typed by the user) was not turned into
    /// elements: no `<b>x</b>` and no script with `alert(1)` anywhere.
    pub async fn assert_no_injected_markup(&self) {
        for xpath in ["//b[text()='x']", "//script[contains(., 'alert(1)')]"] {
            let found = self
                .client
                .find_all(Locator::XPath(xpath))
                .await
                .unwrap_or_else(|e| panic!("cannot look for {xpath}: {e}"));
            assert!(
                found.is_empty(),
                "user text was rendered as HTML: {} element(s) match {xpath}",
                found.len()
            );
        }
    }
}

/// Reads an attribute, panicking on a WebDriver error.
pub async fn attr(el: &Element, name: &str) -> Option<String> {
    el.attr(name)
        .await
        .unwrap_or_else(|e| panic!("cannot read attribute {name}: {e}"))
}

/// Unwraps a result with context.
pub trait Expect<T> {
    fn or_panic(self, what: &str) -> T;
}

impl<T, E: Debug> Expect<T> for Result<T, E> {
    fn or_panic(self, what: &str) -> T {
        self.unwrap_or_else(|e| panic!("{what}: {e:?}"))
    }
}

impl<T> Expect<T> for Option<T> {
    fn or_panic(self, what: &str) -> T {
        self.unwrap_or_else(|| panic!("{what}"))
    }
}
