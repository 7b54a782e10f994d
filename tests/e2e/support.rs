//! Helpers for the real-webview suite: a private database per test, launching
//! the app under WebDriver, waiting on the UI, clicking, typing, pressing keys,
//! saving screenshots, and reading the test's database. The processes behind
//! a launch are in [`driver`].

pub mod axe;
mod cli;
mod driver;
mod phone;
pub mod window;

use crate::selectors::testid;
use driver::{Driver, POLL};
use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::elements::Element;
use fantoccini::error::CmdError;
use fantoccini::{Client, Locator};
use rusqlite::{Connection, OpenFlags};
use serde_json::json;
use std::fmt::Debug;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use tempfile::TempDir;

pub use {cli::opex_cli, driver::Tools, phone::Screen};

/// How long an explicit wait on the UI may take.
pub const TIMEOUT: Duration = Duration::from_secs(10);

/// One app at a time: the tests share the display and the machine has two cores.
static ONE_APP_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// One test's setting: the tools, its turn on the display (held until the
/// case is dropped, after the test's apps) and a private directory with the
/// database file. Declare it before any [`App`], so that the apps are stopped
/// (and their logs printed on a panic) before the directory goes.
pub struct Case {
    pub tools: Tools,
    pub db: PathBuf,
    pub dir: TempDir,
    test: &'static str,
    _one_app: tokio::sync::MutexGuard<'static, ()>,
}

impl Case {
    /// Finds the tools (panicking if any is missing), waits for the other
    /// tests' apps to close and makes a fresh directory. `test` names the
    /// screenshots.
    pub async fn new(test: &'static str) -> Case {
        let tools = Tools::find();
        let one_app = ONE_APP_AT_A_TIME.lock().await;
        let dir = tempfile::Builder::new()
            .prefix("opex-e2e-")
            .tempdir()
            .unwrap_or_else(|e| panic!("cannot create a temporary directory: {e}"));
        let db = dir.path().join("opex.sqlite3");
        Case {
            tools,
            db,
            dir,
            test,
            _one_app: one_app,
        }
    }

    /// Launches the app on the case's database; `log` names the file
    /// (`<log>.log` in the case's directory) that collects the output of
    /// tauri-driver, WebKitWebDriver and the app.
    pub async fn launch(&self, log: &str) -> App {
        let log = self.dir.path().join(format!("{log}.log"));
        App::launch(&self.tools, self.test, &self.db, log).await
    }

    /// The database, read-only (see [`open_read_only`]).
    pub fn read(&self) -> Connection {
        open_read_only(&self.db)
    }
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

/// Whitespace runs (line breaks between inline elements) become one space.
pub fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A running app under WebDriver. Dropping it (e.g. on panic) kills every
/// process it started; [`App::quit`] closes it properly.
pub struct App {
    pub client: Client,
    test: String,
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
        // `driver` is dropped (and every process killed) if this panics.
        let client = driver.session(port, caps, "the app").await;
        App {
            client,
            test: test.to_string(),
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
    /// for the failure message. Missing, stale and not-yet-interactable
    /// elements count as "not yet".
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
                // Not there yet, gone, or there but not yet usable (a dialog
                // still opening): look again.
                // WebKitWebDriver also answers "Could not parse element
                // attribute" for an element being replaced as it is read.
                Err(e)
                    if e.is_no_such_element()
                        || e.is_stale_element_reference()
                        || e.is_element_not_interactable()
                        || e.to_string().contains("Could not parse element attribute") =>
                {
                    format!("{e} {e:?}")
                }
                Err(e) => panic!("while waiting for {what}: {e} {e:?}"),
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
            // Centred first, as a person scrolls: WebDriver's own scrolling
            // puts the element at the very bottom, under any sticky footer.
            let arg = serde_json::to_value(&el).map_err(|e| CmdError::NotJson(e.to_string()))?;
            self.client
                .execute(
                    "arguments[0].scrollIntoView({ block: 'center', inline: 'nearest' });",
                    vec![arg],
                )
                .await?;
            match el.click().await {
                Ok(()) => Ok(Ok(())),
                Err(e) if e.is_element_not_interactable() => Ok(Err(format!("{e} {e:?}"))),
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
                Err(e) if e.is_element_not_interactable() => Ok(Err(format!("{e} {e:?}"))),
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

    /// Waits until the input with this `data-testid` holds more than
    /// whitespace (a value the app pre-filled); returns the value.
    pub async fn wait_prefilled(&self, id: &str) -> String {
        let css = testid(id);
        self.until(&format!("a pre-filled value in {css}"), async || {
            let value = self
                .client
                .find(Locator::Css(&css))
                .await?
                .prop("value")
                .await?
                .unwrap_or_default();
            Ok(if value.trim().is_empty() {
                Err("empty".to_string())
            } else {
                Ok(value)
            })
        })
        .await
    }

    /// Waits until the checkbox or radio matching `css` is checked.
    pub async fn wait_checked(&self, css: &str) {
        self.until(&format!("{css} to be checked"), async || {
            let checked = self
                .client
                .find(Locator::Css(css))
                .await?
                .prop("checked")
                .await?;
            Ok(if checked.as_deref() == Some("true") {
                Ok(())
            } else {
                Err(format!("checked={checked:?}"))
            })
        })
        .await;
    }

    /// Waits until exactly `n` elements match `css`.
    pub async fn wait_count(&self, css: &str, n: usize) {
        self.until(&format!("{n} element(s) matching {css}"), async || {
            let found = self.client.find_all(Locator::Css(css)).await?.len();
            Ok(if found == n {
                Ok(())
            } else {
                Err(format!("{found} element(s)"))
            })
        })
        .await;
    }

    /// Waits until the element matching `css` is enabled, then clicks it.
    pub async fn click_when_enabled(&self, css: &str) {
        self.until(&format!("{css} to be enabled"), async || {
            let enabled = self
                .client
                .find(Locator::Css(css))
                .await?
                .is_enabled()
                .await?;
            Ok(if enabled {
                Ok(())
            } else {
                Err("disabled".to_string())
            })
        })
        .await;
        self.click_css(css).await;
    }

    /// The markup of the `<svg>` inside the first element matching `css`, once
    /// there is one (the charts are drawn as inline SVG).
    /// Waits for the results' overall score and returns it as shown: one
    /// decimal, from 1.0 to 5.0 ("3.1").
    pub async fn overall_score(&self) -> String {
        self.until("an overall score like 3.1", async || {
            let text = self
                .client
                .find(Locator::Css(&testid("results-overall")))
                .await?
                .text()
                .await?;
            let text = text.trim().to_string();
            let b = text.as_bytes();
            let shape =
                b.len() == 3 && b[0].is_ascii_digit() && b[1] == b'.' && b[2].is_ascii_digit();
            Ok(match text.parse::<f64>() {
                Ok(x) if shape && (1.0..=5.0).contains(&x) => Ok(text),
                _ => Err(format!("{text:?}")),
            })
        })
        .await
    }

    pub async fn svg_markup(&self, css: &str) -> String {
        self.until(&format!("an <svg> inside {css}"), async || {
            let el = self.client.find(Locator::Css(css)).await?;
            let svg = el.find(Locator::Css("svg")).await?;
            Ok(Ok(svg.html(false).await?))
        })
        .await
    }

    /// Runs `script` (a function body that returns a value) in the page.
    pub async fn js(&self, script: &str) -> serde_json::Value {
        self.client
            .execute(script, Vec::new())
            .await
            .unwrap_or_else(|e| panic!("the script failed: {e}\n{script}"))
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
        // What the DOM holds is painted first: two animation frames.
        let _ = self
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];\n\
                 requestAnimationFrame(() => requestAnimationFrame(() => done(true)));",
                Vec::new(),
            )
            .await;
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
