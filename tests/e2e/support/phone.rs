//! Phones for the phone-voting tests: headless Chromium, each on its own
//! ChromeDriver with its own profile, emulating a phone's screen.

use super::driver::{Driver, on_path};
use super::{App, Case};
use serde_json::json;
use std::path::{Path, PathBuf};

/// A phone's screen in CSS pixels, and its colour scheme.
#[derive(Debug, Clone, Copy)]
pub struct Screen {
    pub width: u32,
    pub height: u32,
    pub dark: bool,
}

impl Case {
    /// A phone: headless Chromium emulating a phone's screen on its own
    /// ChromeDriver, with its own profile (its own cookies). `name` names its
    /// log and its screenshots (`<test>-phone-<name>-<step>.png`).
    pub async fn phone(&self, name: &str, screen: Screen) -> App {
        let log = self.dir.path().join(format!("phone-{name}.log"));
        let profile = self.dir.path().join(format!("phone-{name}-profile"));
        App::phone(self.test, name, screen, log, &profile).await
    }

    /// A phone on WebKit: WebKitGTK's MiniBrowser, driven by
    /// WebKitWebDriver, its window the phone's size.
    pub async fn webkit_phone(&self, name: &str, width: u32, height: u32) -> App {
        const MINIBROWSER: &str = "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser";
        assert!(
            Path::new(MINIBROWSER).is_file(),
            "{MINIBROWSER} is missing: it comes with libwebkit2gtk-4.1-0, which `cargo xtask setup` installs"
        );
        let log = self.dir.path().join(format!("phone-{name}.log"));
        let (driver, port) = Driver::webkitwebdriver(log).await;
        let mut caps = serde_json::Map::new();
        caps.insert("browserName".into(), json!("MiniBrowser"));
        caps.insert(
            "webkitgtk:browserOptions".into(),
            json!({ "binary": MINIBROWSER, "args": ["--automation"] }),
        );
        let client = driver.session(port, caps, "MiniBrowser (WebKit)").await;
        client
            .set_window_size(width, height)
            .await
            .unwrap_or_else(|e| panic!("cannot size the WebKit phone's window: {e}"));
        App {
            client,
            test: format!("{}-phone-{name}", self.test),
            driver,
        }
    }
}

impl App {
    /// Headless Chromium driven by ChromeDriver, as a phone: its screen
    /// emulated, a fresh profile, and none of Chromium's own network traffic.
    pub(super) async fn phone(
        test: &'static str,
        name: &str,
        screen: Screen,
        log: PathBuf,
        profile: &Path,
    ) -> App {
        let chromium = on_path("chromium")
            .unwrap_or_else(|| panic!("chromium is not on PATH: `cargo xtask setup` installs it"));
        let (driver, port) = Driver::chromedriver(log).await;
        let mut caps = serde_json::Map::new();
        caps.insert("browserName".into(), json!("chrome"));
        caps.insert(
            "goog:chromeOptions".into(),
            json!({
                "binary": chromium,
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                    "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync",
                    "--hide-scrollbars",
                    if screen.dark { "--force-dark-mode" } else { "--no-default-browser-check" },
                    format!("--user-data-dir={}", profile.display()),
                ],
                "mobileEmulation": {
                    "deviceMetrics": { "width": screen.width, "height": screen.height, "pixelRatio": 1, "touch": true },
                },
            }),
        );
        let client = driver.session(port, caps, "Chromium").await;
        App {
            client,
            test: format!("{test}-phone-{name}"),
            driver,
        }
    }
}
