//! The packages `cargo xtask bundle` builds, checked as a user's machine
//! meets them: the .deb's fields, files and dependencies, lintian, the .rpm's
//! files and requirements, and the .deb installed into a throwaway root, with
//! the CLI run and the app started from its menu entry there.
//!
//! `OPEX_PACKAGES` names the folder holding one .deb and one .rpm;
//! `cargo xtask test` (debug build) and `cargo xtask bundle` (release) set it
//! and provide the display and session bus the app needs.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const VERSION: &str = env!("CARGO_PKG_VERSION");
const APP_ID: &str = "dev.opex.app";

/// What every package must hold, whatever else it adds (a man page per
/// subcommand, more icon sizes).
const EXPECTED: &[&str] = &[
    "usr/bin/opex",
    "usr/bin/opex-app",
    "usr/libexec/opex/opex-render",
    "usr/share/applications/dev.opex.app.desktop",
    "usr/share/icons/hicolor/16x16/apps/dev.opex.app.png",
    "usr/share/icons/hicolor/32x32/apps/dev.opex.app.png",
    "usr/share/icons/hicolor/48x48/apps/dev.opex.app.png",
    "usr/share/icons/hicolor/64x64/apps/dev.opex.app.png",
    "usr/share/icons/hicolor/128x128/apps/dev.opex.app.png",
    "usr/share/icons/hicolor/256x256/apps/dev.opex.app.png",
    "usr/share/icons/hicolor/512x512/apps/dev.opex.app.png",
    "usr/share/icons/hicolor/scalable/apps/dev.opex.app.svg",
    "usr/share/metainfo/dev.opex.app.metainfo.xml",
    "usr/share/man/man1/opex.1.gz",
    "usr/share/man/man1/opex-app.1.gz",
    "usr/share/man/man1/opex-report.1.gz",
    "usr/share/man/man1/opex-db-restore.1.gz",
    "usr/share/bash-completion/completions/opex",
    "usr/share/zsh/vendor-completions/_opex",
    "usr/share/fish/vendor_completions.d/opex.fish",
    "usr/share/doc/opex/copyright",
    "usr/share/doc/opex/changelog.gz",
    "usr/share/doc/opex/fonts/LICENSE-DejaVu.txt",
];

/// The .deb's own: lintian's overrides, with why each tag does not apply.
const DEB_ONLY: &str = "usr/share/lintian/overrides/opex";

/// Libraries the app links, as Debian names their packages.
const DEB_DEPENDS: &[&str] = &[
    "libc6",
    "libgtk-3-0",
    "libwebkit2gtk-4.1-0",
    "libjavascriptcoregtk-4.1-0",
    "libsoup-3.0-0",
    "libglib2.0-0",
];

/// The same, as RPM finds them in the binaries.
const RPM_REQUIRES: &[&str] = &[
    "libgtk-3.so.0()(64bit)",
    "libwebkit2gtk-4.1.so.0()(64bit)",
    "libjavascriptcoregtk-4.1.so.0()(64bit)",
    "libsoup-3.0.so.0()(64bit)",
];

/// The one file in `OPEX_PACKAGES` ending in `ext`.
fn package(ext: &str) -> PathBuf {
    let dir = std::env::var_os("OPEX_PACKAGES").map(PathBuf::from).expect(
        "OPEX_PACKAGES must name the folder of the packages: run `cargo xtask bundle` \
         or `cargo xtask test`, which build them first",
    );
    let found: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == ext))
        .collect();
    assert_eq!(found.len(), 1, "one .{ext} in {}: {found:?}", dir.display());
    found.into_iter().next().unwrap()
}

/// Runs `cmd`, which must succeed; returns its stdout.
fn run(cmd: &mut Command) -> String {
    let out = output(cmd);
    assert!(
        out.status.success(),
        "{cmd:?} failed ({}):\n{}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn output(cmd: &mut Command) -> Output {
    cmd.output()
        .unwrap_or_else(|e| panic!("{cmd:?} could not start: {e}"))
}

/// The files (not folders) of the .deb, relative to /, with their mode and owner.
fn deb_files(deb: &Path) -> Vec<(String, String, String)> {
    run(Command::new("dpkg-deb").arg("--contents").arg(deb))
        .lines()
        .filter(|l| !l.starts_with('d'))
        .map(|l| {
            let cells: Vec<&str> = l.split_whitespace().collect();
            let path = cells.last().unwrap().trim_start_matches("./").to_string();
            (path, cells[0].to_string(), cells[1].to_string())
        })
        .collect()
}

#[test]
fn the_deb_declares_what_it_needs_and_holds_every_file() {
    let deb = package("deb");
    let field = |name: &str| {
        run(Command::new("dpkg-deb").arg("--field").arg(&deb).arg(name))
            .trim()
            .to_string()
    };
    assert_eq!(field("Package"), "opex");
    assert_eq!(field("Version"), VERSION);
    assert_eq!(
        field("Architecture"),
        run(Command::new("dpkg").arg("--print-architecture")).trim()
    );
    let maintainer = field("Maintainer");
    assert!(
        maintainer.contains(" <") && maintainer.ends_with('>'),
        "{maintainer}"
    );
    let depends = field("Depends");
    let names: Vec<&str> = depends
        .split(',')
        .map(|d| d.split_whitespace().next().unwrap_or(""))
        .collect();
    for lib in DEB_DEPENDS {
        assert!(names.contains(lib), "Depends lacks {lib}: {depends}");
    }
    assert!(
        depends.contains("libwebkit2gtk-4.1-0 (>="),
        "no least WebKitGTK version: {depends}"
    );
    println!("Depends: {depends}");

    let files = deb_files(&deb);
    let paths: BTreeSet<&str> = files.iter().map(|(p, _, _)| p.as_str()).collect();
    for want in EXPECTED.iter().chain([&DEB_ONLY]) {
        assert!(paths.contains(want), "the .deb lacks {want}");
    }
    for (path, mode, owner) in &files {
        assert_eq!(owner, "root/root", "{path}");
        assert!(path.starts_with("usr/"), "{path} is outside /usr");
        let executable = path.starts_with("usr/bin/") || path.starts_with("usr/libexec/opex/");
        let expected = if executable {
            "-rwxr-xr-x"
        } else {
            "-rw-r--r--"
        };
        assert_eq!(mode, expected, "{path}");
    }
    println!(
        "{} files:\n{}",
        files.len(),
        paths.into_iter().collect::<Vec<_>>().join("\n")
    );
}

#[test]
fn lintian_finds_no_error() {
    let deb = package("deb");
    let out = output(
        Command::new("lintian")
            .args(["--fail-on", "error", "--tag-display-limit", "0", "--info"])
            .arg(&deb),
    );
    let report = String::from_utf8_lossy(&out.stdout);
    println!("lintian:\n{report}{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "lintian failed ({})", out.status);
    assert!(
        !report.lines().any(|l| l.starts_with("E: ")),
        "lintian errors:\n{report}"
    );
}

#[test]
fn the_rpm_holds_the_same_files_and_requires_the_same_libraries() {
    let (deb, rpm) = (package("deb"), package("rpm"));
    let query = |args: &[&str]| {
        run(Command::new("rpm")
            .args(["-qp", "--nosignature"])
            .args(args)
            .arg(&rpm))
    };
    assert_eq!(
        query(&["--qf", "%{NAME} %{VERSION}"]),
        format!("opex {VERSION}")
    );
    let owned_dirs = [
        "/usr/libexec/opex",
        "/usr/share/doc/opex",
        "/usr/share/doc/opex/fonts",
    ];
    let listed: BTreeSet<String> = query(&["-l"])
        .lines()
        .filter(|l| !owned_dirs.contains(l))
        .map(|l| l.trim_start_matches('/').to_string())
        .collect();
    // Fedora's zsh looks for completions in site-functions, Debian's in
    // vendor-completions; every other file is where the .deb has it.
    let expected: BTreeSet<String> = deb_files(&deb)
        .into_iter()
        .filter(|(p, _, _)| p != DEB_ONLY)
        .map(|(p, _, _)| {
            p.replace(
                "usr/share/zsh/vendor-completions/",
                "usr/share/zsh/site-functions/",
            )
        })
        .collect();
    assert_eq!(listed, expected);

    let requires = query(&["--requires"]);
    for lib in RPM_REQUIRES {
        assert!(
            requires.lines().any(|l| l.trim() == *lib),
            "the .rpm does not require {lib}:\n{requires}"
        );
    }
}

/// A throwaway root with the .deb installed in it, as `dpkg` installs it.
fn installed() -> tempfile::TempDir {
    let root = tempfile::tempdir().unwrap();
    let admin = root.path().join("var/lib/dpkg");
    for dir in ["info", "updates", "triggers"] {
        std::fs::create_dir_all(admin.join(dir)).unwrap();
    }
    std::fs::write(admin.join("status"), "").unwrap();
    // Its libraries are the machine's, not the empty root's: dpkg is told
    // not to look for them there. Lintian has checked the Depends above.
    run(Command::new("dpkg")
        .arg(format!("--root={}", root.path().display()))
        .args([
            "--force-depends",
            "--force-not-root",
            "--force-script-chrootless",
        ])
        .arg("--install")
        .arg(package("deb")));
    let listed = run(Command::new("dpkg")
        .arg(format!("--root={}", root.path().display()))
        .args(["--listfiles", "opex"]));
    for want in EXPECTED {
        assert!(
            listed.lines().any(|l| l == format!("/{want}")),
            "dpkg did not install /{want}:\n{listed}"
        );
        assert!(root.path().join(want).is_file(), "{want} is not there");
    }
    root
}

/// The installed `opex`, with a home of its own for its data.
fn opex(root: &Path, data: &Path) -> Command {
    let mut cmd = Command::new(root.join("usr/bin/opex"));
    cmd.env("XDG_DATA_HOME", data)
        .env_remove("OPEX_DB")
        .env_remove("OPEX_RENDER");
    cmd
}

#[test]
fn the_installed_cli_answers_and_writes_a_pdf_with_the_installed_renderer() {
    let root = installed();
    let data = tempfile::tempdir().unwrap();
    let version = run(opex(root.path(), data.path()).arg("--version"));
    let bank = version
        .lines()
        .nth(1)
        .and_then(|l| l.strip_prefix("question bank: opex "));
    assert!(
        version.starts_with(&format!("opex {VERSION}\n")),
        "{version}"
    );
    assert!(bank.is_some_and(|b| !b.is_empty()), "{version}");
    let db = version
        .lines()
        .find_map(|l| l.strip_prefix("database: "))
        .map(PathBuf::from)
        .unwrap();
    assert!(db.starts_with(data.path()), "{version}");
    assert!(!db.exists(), "--version created the database");

    let demo = run(opex(root.path(), data.path()).arg("demo"));
    assert!(demo.contains("Demo: Payments Platform"), "{demo}");
    assert!(db.is_file(), "the demo is not in {}", db.display());
    assert!(run(opex(root.path(), data.path()).arg("list")).contains("Demo: Payments Platform"));

    let pdf = data.path().join("report.pdf");
    run(opex(root.path(), data.path())
        .args([
            "report",
            "--team",
            "Demo: Payments Platform",
            "--format",
            "pdf",
            "--out",
        ])
        .arg(&pdf));
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF-"), "not a PDF");
    let text = run(Command::new("pdftotext").arg(&pdf).arg("-"));
    assert!(text.contains("Demo: Payments Platform"), "{text}");

    let help = run(Command::new(root.path().join("usr/bin/opex-app")).arg("--help"));
    assert!(help.contains("--db PATH"), "{help}");
    let app_version = run(Command::new(root.path().join("usr/bin/opex-app"))
        .arg("--version")
        .env("XDG_DATA_HOME", data.path())
        .env_remove("OPEX_DB"));
    assert_eq!(
        app_version.replacen("opex-app ", "opex ", 1),
        version,
        "the app and the CLI disagree"
    );
}

/// The value of `key` in the desktop entry's main group.
fn desktop_key(entry: &str, key: &str) -> String {
    entry
        .lines()
        .find_map(|l| l.strip_prefix(&format!("{key}=")))
        .unwrap_or_else(|| panic!("no {key}= in the desktop entry"))
        .to_string()
}

/// The X windows whose title is exactly `opex`.
fn opex_windows() -> Vec<String> {
    let out = output(Command::new("xdotool").args(["search", "--name", "^opex$"]));
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .map(str::to_string)
        .collect()
}

#[test]
fn the_app_starts_from_its_installed_menu_entry_and_shows_its_window() {
    assert!(
        std::env::var_os("DISPLAY").is_some(),
        "no display: run under xvfb-run (cargo xtask test does)"
    );
    assert!(opex_windows().is_empty(), "an opex window is already open");
    let root = installed();
    let data = tempfile::tempdir().unwrap();
    let entry_path = root
        .path()
        .join(format!("usr/share/applications/{APP_ID}.desktop"));
    let entry = std::fs::read_to_string(&entry_path).unwrap();
    assert_eq!(desktop_key(&entry, "Icon"), APP_ID);
    assert!(
        root.path()
            .join(format!("usr/share/icons/hicolor/256x256/apps/{APP_ID}.png"))
            .is_file()
    );

    // Launched as a menu launches it: GIO reads the entry and runs its Exec
    // line, found on PATH, which here leads into the throwaway root.
    let path = format!(
        "{}:{}",
        root.path().join("usr/bin").display(),
        std::env::var("PATH").unwrap_or_default()
    );
    // The app inherits gio's standard streams and outlives it, so they go
    // to a file, not to a pipe that would stay open until the app exits.
    let log = data.path().join("launch.log");
    let status = Command::new("gio")
        .arg("launch")
        .arg(&entry_path)
        .env("PATH", &path)
        .env("XDG_DATA_HOME", data.path())
        .env(
            "XDG_DATA_DIRS",
            format!("{}:/usr/share", root.path().join("usr/share").display()),
        )
        .env_remove("OPEX_DB")
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&log).unwrap())
        .stderr(std::fs::File::create(&log).unwrap())
        .status()
        .unwrap();
    let launched = || std::fs::read_to_string(&log).unwrap_or_default();
    assert!(
        status.success(),
        "gio launch failed ({status}): {}",
        launched()
    );

    let started = Instant::now();
    let window = loop {
        if let Some(w) = opex_windows().into_iter().next() {
            break w;
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "no opex window 60 s after launching the menu entry: {}",
            launched()
        );
        std::thread::sleep(Duration::from_millis(250));
    };
    let pid = run(Command::new("xdotool").args(["getwindowpid", &window]))
        .trim()
        .to_string();
    let stop = Stop(pid.clone());
    let exe = std::fs::read_link(format!("/proc/{pid}/exe")).unwrap();
    assert_eq!(
        exe,
        root.path().join("usr/bin/opex-app"),
        "another app's window"
    );

    // Docks match the window to the entry by its class; the window brings
    // its own icon too.
    let class = run(Command::new("xprop").args(["-id", &window, "WM_CLASS"]));
    // The icon's first two numbers are its width and height.
    let icon = run(Command::new("xprop").args([
        "-id",
        &window,
        "-f",
        "_NET_WM_ICON",
        "32c",
        "=$0,$1\n",
        "_NET_WM_ICON",
    ]));
    assert_eq!(
        icon.trim(),
        "_NET_WM_ICON(CARDINAL)=256,256",
        "the window's icon"
    );
    let wm_class = desktop_key(&entry, "StartupWMClass");
    assert!(
        class.contains(&format!("\"{wm_class}\"")),
        "StartupWMClass={wm_class}, but the window's is {class}"
    );

    // It opened its database in the user's data directory.
    let db = data.path().join("opex");
    while !std::fs::read_dir(&db).is_ok_and(|mut d| {
        d.any(|f| f.is_ok_and(|f| f.file_name().to_string_lossy().ends_with(".sqlite3")))
    }) {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the app made no database in {}",
            db.display()
        );
        std::thread::sleep(Duration::from_millis(250));
    }
    // Time to paint its home screen, then a picture of it for the record.
    std::thread::sleep(Duration::from_secs(3));
    let shot = package("deb").with_file_name("installed-app.png");
    run(Command::new("import").args(["-window", "root"]).arg(&shot));
    println!("screenshot: {}", shot.display());
    drop(stop);
}

/// Ends the app when the test ends, passed or not.
struct Stop(String);

impl Drop for Stop {
    fn drop(&mut self) {
        let _ = Command::new("kill").arg(&self.0).status();
        let started = Instant::now();
        while Path::new(&format!("/proc/{}", self.0)).exists()
            && started.elapsed() < Duration::from_secs(10)
        {
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}
