//! `cargo xtask setup`: installs what a fresh Debian/Ubuntu machine lacks (system
//! packages, the UI's npm dependencies, tauri-driver), and only checks when
//! everything is already there.

use std::fs;
use std::io;
use std::path::Path;
use std::time::SystemTime;

use crate::error::{Context, Error, Result};
use crate::workspace::Workspace;

/// What building, running and testing the app needs from the system.
const APT_PACKAGES: &[&str] = &[
    // Building the Tauri app.
    "libwebkit2gtk-4.1-dev",
    "build-essential",
    "file",
    "libxdo-dev",
    "libssl-dev",
    "libayatana-appindicator3-dev",
    "librsvg2-dev",
    // A display for the e2e suite. We install without recommends, and xvfb-run
    // cannot start without xauth, which xvfb only recommends.
    "xvfb",
    "xauth",
    // WebKitGTK only recommends Mesa, but under Xvfb it needs Mesa's software
    // renderer to draw.
    "libgl1-mesa-dri",
    // WebKitWebDriver, which tauri-driver drives.
    "webkit2gtk-driver",
    // The phones of the phone-voting e2e test: headless Chromium sessions
    // driven by ChromeDriver, on loopback.
    "chromium",
    "chromium-driver",
    // A session bus for the e2e suite (dbus-run-session): the app's
    // single-instance check finds the running app on it.
    "dbus-daemon",
    // Waiting for a window and taking screenshots.
    "xdotool",
    "imagemagick",
    // Checking and viewing reports: pdftotext/pdftoppm, qpdf --check, rsvg-convert,
    // and a font so rendered text is real text.
    "poppler-utils",
    "qpdf",
    "fonts-dejavu-core",
    "librsvg2-bin",
    // System fonts the PDF falls back to for scripts its embedded DejaVu Sans
    // lacks, which opex-report's tests require: Chinese, Japanese and Korean
    // in one small font (1.5 MB, where fonts-noto-cjk is 54 MB), Devanagari,
    // and colour emoji.
    "fonts-wqy-microhei",
    "fonts-lohit-deva",
    "fonts-noto-color-emoji",
    // `cargo xtask bench`: its whole-process script (tests/bench/scale.py)
    // and the raw-SQLite baseline it times.
    "python3",
    "sqlite3",
    // `cargo xtask bundle` and its checks: dpkg-shlibdeps (dpkg-dev, with
    // build-essential), rpmbuild, the desktop entry's and AppStream's
    // validators, lintian, `gio launch` for the menu entry and xprop for the
    // window's class.
    "rpm",
    "desktop-file-utils",
    "appstream",
    "lintian",
    "libglib2.0-bin",
    "x11-utils",
];

/// The oldest Node.js major version the UI toolchain (Vite 8) runs on.
const NODE_MAJOR: u32 = 20;

pub fn run(ws: &Workspace) -> Result<()> {
    apt_packages(ws)?;
    node_and_npm(ws)?;
    ui_dependencies(ws)?;
    tauri_driver(ws)?;
    println!("setup: everything is installed");
    Ok(())
}

fn apt_packages(ws: &Workspace) -> Result<()> {
    if !ws.cmd("dpkg-query").arg("--version").succeeds() {
        return Err(Error::new(format!(
            "`dpkg-query` was not found: `cargo xtask setup` knows Debian and Ubuntu only. \
             Install the equivalents of these packages by hand: {}",
            APT_PACKAGES.join(" ")
        )));
    }
    let missing: Vec<&str> = APT_PACKAGES
        .iter()
        .copied()
        .filter(|package| !is_installed(ws, package))
        .collect();
    if missing.is_empty() {
        println!(
            "setup: all {} system packages are installed",
            APT_PACKAGES.len()
        );
        return Ok(());
    }

    println!("setup: installing system packages: {}", missing.join(" "));
    let sudo = !is_root(ws)?;
    apt_get(ws, sudo, &["update"])?;
    let mut install = vec!["install", "-y", "--no-install-recommends"];
    install.extend(&missing);
    apt_get(ws, sudo, &install)
}

fn is_installed(ws: &Workspace, package: &str) -> bool {
    ws.cmd("dpkg-query")
        .args(["-W", "-f=${Status}", package])
        .probe_stdout()
        .is_some_and(|status| status.contains("install ok installed"))
}

fn is_root(ws: &Workspace) -> Result<bool> {
    let uid = ws
        .cmd("id")
        .arg("-u")
        .probe_stdout()
        .ok_or_else(|| Error::new("could not find out the user id with `id -u`"))?;
    Ok(uid.trim() == "0")
}

fn apt_get(ws: &Workspace, sudo: bool, args: &[&str]) -> Result<()> {
    // `sudo` resets the environment, so pass the variable through `env`.
    let mut cmd = if sudo { ws.cmd("sudo") } else { ws.cmd("env") };
    cmd.args(["DEBIAN_FRONTEND=noninteractive", "apt-get"])
        .args(args)
        .run()
}

fn node_and_npm(ws: &Workspace) -> Result<()> {
    let how = format!(
        "Install Node.js {NODE_MAJOR} or newer, which ships npm: on Debian 13 with \
         `sudo apt-get install nodejs npm`; on Debian 12 or Ubuntu (whose own nodejs is \
         too old) from NodeSource's node_{NODE_MAJOR}.x apt repository or with \
         `nvm install {NODE_MAJOR}`. Then run `cargo xtask setup` again."
    );
    let version = ws
        .cmd("node")
        .arg("--version")
        .probe_stdout()
        .ok_or_else(|| {
            Error::new(format!(
                "Node.js was not found (`node --version` failed). {how}"
            ))
        })?;
    match node_major(&version) {
        Some(major) if major >= NODE_MAJOR => {}
        _ => {
            return Err(Error::new(format!(
                "Node.js {} is too old. {how}",
                version.trim()
            )));
        }
    }
    if !ws.cmd("npm").arg("--version").succeeds() {
        return Err(Error::new(format!(
            "npm was not found (`npm --version` failed) though Node.js {} is. {how}",
            version.trim()
        )));
    }
    println!("setup: Node.js {} and npm are installed", version.trim());
    Ok(())
}

/// `v20.19.2` → 20.
fn node_major(version: &str) -> Option<u32> {
    version
        .trim()
        .strip_prefix('v')?
        .split('.')
        .next()?
        .parse()
        .ok()
}

fn ui_dependencies(ws: &Workspace) -> Result<()> {
    let ui = ws.root().join("ui");
    let lock = ui.join("package-lock.json");
    let lock_time =
        modified(&lock)?.ok_or_else(|| Error::new(format!("{} is missing", lock.display())))?;
    // npm writes node_modules/.package-lock.json on every install, so its time is
    // that of the last install; the directory's own time is the fallback.
    let node_modules = ui.join("node_modules");
    let installed_time = match modified(&node_modules.join(".package-lock.json"))? {
        Some(time) => Some(time),
        None => modified(&node_modules)?,
    };
    if installed_time.is_some_and(|installed| installed >= lock_time) {
        println!("setup: ui/node_modules is up to date");
        return Ok(());
    }
    ws.cmd("npm").args(["--prefix", "ui", "ci"]).run()
}

fn modified(path: &Path) -> Result<Option<SystemTime>> {
    match fs::metadata(path) {
        Ok(meta) => meta
            .modified()
            .map(Some)
            .context(|| format!("could not read the time of {}", path.display())),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Error::new(format!(
            "could not read {}: {e}",
            path.display()
        ))),
    }
}

fn tauri_driver(ws: &Workspace) -> Result<()> {
    // tauri-driver has no --version flag (it rejects it), but --help exits 0.
    if ws.cmd("tauri-driver").arg("--help").succeeds() {
        println!("setup: tauri-driver is installed");
        return Ok(());
    }
    ws.cargo()
        .args(["install", "tauri-driver", "--version", "^2", "--locked"])
        .run()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn node_major_reads_the_major_version() {
        for (input, expect) in [
            ("v20.19.2\n", Some(20)),
            ("v22.1.0", Some(22)),
            ("v8.0.0", Some(8)),
            ("20.1.0", None),
            ("", None),
        ] {
            assert_eq!(node_major(input), expect, "{input:?}");
        }
    }
}
