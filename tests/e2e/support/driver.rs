//! The processes behind a test: finding the app, the display and tauri-driver,
//! starting tauri-driver (which starts WebKitWebDriver, which starts the app) in
//! a process group of its own, and stopping that whole group.

use std::fs::File;
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// How long tauri-driver, WebKitWebDriver and the app may take to come up.
pub const STARTUP_TIMEOUT: Duration = Duration::from_secs(30);
/// How long the processes may take to exit after SIGTERM before SIGKILL.
const EXIT_TIMEOUT: Duration = Duration::from_secs(5);
/// How often a wait looks again.
pub const POLL: Duration = Duration::from_millis(50);

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

pub fn on_path(name: &str) -> Option<PathBuf> {
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
pub struct Driver {
    child: Child,
    log: PathBuf,
    stopped: bool,
}

impl Driver {
    pub async fn start(tools: &Tools, db: &Path, log: PathBuf) -> (Driver, u16) {
        let (port, native_port) = free_ports();
        let mut cmd = Command::new(&tools.tauri_driver);
        cmd.arg("--port")
            .arg(port.to_string())
            .arg("--native-port")
            .arg(native_port.to_string())
            // The app is started by WebKitWebDriver, which tauri-driver starts:
            // both pass their environment on.
            .env("OPEX_DB", db);
        // tauri-driver forwards to WebKitWebDriver, so both must be listening.
        (Driver::spawn(cmd, log, &[port, native_port]).await, port)
    }

    /// ChromeDriver for one phone: Debian's `chromedriver`, which starts
    /// Debian's Chromium.
    pub async fn chromedriver(log: PathBuf) -> (Driver, u16) {
        let chromedriver = on_path("chromedriver").unwrap_or_else(|| {
            panic!("chromedriver is not on PATH: `cargo xtask setup` installs chromium-driver")
        });
        let (port, _) = free_ports();
        let mut cmd = Command::new(chromedriver);
        cmd.arg(format!("--port={port}"))
            .arg("--allowed-ips=127.0.0.1");
        (Driver::spawn(cmd, log, &[port]).await, port)
    }

    /// WebKitWebDriver for one phone on WebKit (the engine of every iPhone
    /// browser): it starts WebKitGTK's MiniBrowser.
    pub async fn webkitwebdriver(log: PathBuf) -> (Driver, u16) {
        let driver = on_path("WebKitWebDriver").unwrap_or_else(|| {
            panic!("WebKitWebDriver is not on PATH: `cargo xtask setup` installs webkit2gtk-driver")
        });
        let (port, _) = free_ports();
        let mut cmd = Command::new(driver);
        cmd.arg(format!("--port={port}"));
        (Driver::spawn(cmd, log, &[port]).await, port)
    }

    /// Starts `cmd` in a process group of its own, its output in `log`, and
    /// waits until it listens on every one of `ports`.
    async fn spawn(mut cmd: Command, log: PathBuf, ports: &[u16]) -> Driver {
        let out =
            File::create(&log).unwrap_or_else(|e| panic!("cannot create {}: {e}", log.display()));
        let err = out
            .try_clone()
            .unwrap_or_else(|e| panic!("cannot reopen {}: {e}", log.display()));
        let child = cmd
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err)
            .process_group(0)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {cmd:?}: {e}"));
        let mut driver = Driver {
            child,
            log,
            stopped: false,
        };
        let start = Instant::now();
        while !ports.iter().all(|p| accepts(*p)) {
            if let Ok(Some(status)) = driver.child.try_wait() {
                panic!("{cmd:?} exited early ({status}):\n{}", driver.log_text());
            }
            if start.elapsed() > STARTUP_TIMEOUT {
                panic!(
                    "{cmd:?} did not listen on ports {ports:?} within {STARTUP_TIMEOUT:?}:\n{}",
                    driver.log_text()
                );
            }
            tokio::time::sleep(POLL).await;
        }
        driver
    }

    /// A WebDriver session with `caps` on the driver listening on `port`;
    /// `what` names the browser in the failure, with the driver's log.
    pub async fn session(
        &self,
        port: u16,
        caps: serde_json::Map<String, serde_json::Value>,
        what: &str,
    ) -> fantoccini::Client {
        let mut builder = fantoccini::ClientBuilder::new(
            hyper_util::client::legacy::connect::HttpConnector::new(),
        );
        builder.capabilities(caps);
        let url = format!("http://127.0.0.1:{port}");
        match tokio::time::timeout(STARTUP_TIMEOUT, builder.connect(&url)).await {
            Ok(Ok(client)) => client,
            Ok(Err(e)) => panic!("no WebDriver session on {what}: {e}\n{}", self.log_text()),
            Err(_) => panic!(
                "no WebDriver session on {what} within {STARTUP_TIMEOUT:?}\n{}",
                self.log_text()
            ),
        }
    }

    fn pgid(&self) -> u32 {
        self.child.id()
    }

    pub fn log_text(&self) -> String {
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
    pub async fn stop(&mut self) {
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
