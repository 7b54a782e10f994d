//! `cargo xtask bundle`: the `.deb` and `.rpm` packages of opex. It lays out
//! the installed tree itself, from the built binaries and
//! `src-tauri/packaging/`, and hands it to `dpkg-deb` and `rpmbuild`. The
//! Tauri CLI cannot bundle this workspace: it reads the `[package]` of the
//! `Cargo.toml` beside `tauri.conf.json`, and ours is a virtual manifest.
//!
//! This module lays the tree out; `deb` and `rpm` pack it, `changelog`
//! reads CHANGELOG.md and `tree` writes files with the modes packages need.

mod changelog;
mod deb;
mod rpm;
mod tree;

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::workspace::Workspace;
use changelog::{releases, workspace_version};
use tree::{copy, dest, files_in, read, relative_files, remove_dir, set_mode, size, write};

/// The package's name, in both formats.
const PACKAGE: &str = "opex";
/// The app's identifier (tauri.conf.json): the desktop entry, icon and
/// AppStream metadata are named after it.
const APP_ID: &str = "dev.opex.app";
const MAINTAINER: &str = "The opex authors <maintainers@opex.dev>";
const HOMEPAGE: &str = "https://opex.dev";
const SUMMARY: &str = "operational-maturity assessments for software teams";
/// The long description, one paragraph a line; each package format wraps it.
const DESCRIPTION: &[&str] = &[
    "opex walks a software team through an operational-maturity assessment: \
     the five Operational Excellence design principles, the Prepare, Operate \
     and Evolve phases, and eight dimensions from traditional operations to \
     modern practice.",
    "A facilitator runs it as a workshop, with every vote kept beside the \
     agreed answer; a lead repeats it every quarter; leadership gets a \
     two-page PDF. Everything stays in one local SQLite file, with daily \
     backups.",
    "This package holds the desktop app (opex-app), the opex command and the \
     PDF renderer both use.",
];
/// The sizes of the PNG icons, drawn from `src-tauri/icons/opex.svg`.
const ICON_SIZES: [u32; 9] = [16, 22, 24, 32, 48, 64, 128, 256, 512];
/// Debian's zsh looks here for completions that packages install; Fedora's
/// looks in site-functions.
const ZSH_DEB: &str = "usr/share/zsh/vendor-completions/_opex";
const ZSH_RPM: &str = "usr/share/zsh/site-functions/_opex";
/// Where the renderer goes: a helper of the other two, not a command
/// (opex_report::pdf looks for it in `../libexec/opex/` from the binaries).
const RENDERER: &str = "usr/libexec/opex/opex-render";

/// Which build goes into the packages.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Build {
    /// `cargo xtask bundle`: the release build, packed tightly.
    Release,
    /// CI: the debug build the e2e suite already made (stripped), packed
    /// fast, so the packaging is tested without a release build (10 to 20
    /// minutes on 2 cores).
    Debug,
}

impl Build {
    fn dir(self) -> &'static str {
        match self {
            Build::Release => "release",
            Build::Debug => "debug",
        }
    }
}

/// Where the packages of `build` are written.
pub fn out_dir(ws: &Workspace, build: Build) -> PathBuf {
    ws.target_dir().join("bundle").join(build.dir())
}

pub fn release(ws: &Workspace) -> Result<()> {
    bundle(ws, Build::Release)
}

pub fn debug(ws: &Workspace) -> Result<()> {
    bundle(ws, Build::Debug)
}

fn bundle(ws: &Workspace, build: Build) -> Result<()> {
    let version = workspace_version(&read(&ws.root().join("Cargo.toml"))?)?;
    let changelog = read(&ws.root().join("CHANGELOG.md"))?;
    let releases = releases(&changelog)?;
    let newest = &releases[0];
    if newest.version != version {
        return Err(Error::new(format!(
            "CHANGELOG.md's newest entry is {} but Cargo.toml's version is {version}: \
             add an entry for {version} (RELEASING.md)",
            newest.version
        )));
    }

    let out = out_dir(ws, build);
    let stage = out.join("root");
    remove_dir(&stage)?;
    let bins = ws.target_dir().join(build.dir());
    let packaging = ws.root().join("src-tauri/packaging");

    // The binaries, stripped (a release build already is).
    for (name, to) in [
        ("opex-app", "usr/bin/opex-app"),
        ("opex", "usr/bin/opex"),
        ("opex-render", RENDERER),
    ] {
        let from = bins.join(name);
        if !from.is_file() {
            return Err(Error::new(format!(
                "{} is missing: build it first (cargo xtask bundle builds the release binaries)",
                from.display()
            )));
        }
        let to = dest(&stage, to)?;
        ws.cmd("strip")
            .args(["--remove-section=.comment", "-o"])
            .arg(&to)
            .arg(&from)
            .run()?;
        set_mode(&to, 0o755)?;
    }
    let opex = stage.join("usr/bin/opex");

    // Man pages: the CLI writes its own, one per subcommand.
    let man = stage.join("usr/share/man/man1");
    ws.cmd(&opex)
        .arg("man-pages")
        .arg("--out")
        .arg(&man)
        .run()?;
    let app_page = read(&packaging.join("opex-app.1"))?.replace("@VERSION@", &version);
    write(&man.join("opex-app.1"), &app_page)?;
    for page in files_in(&man)? {
        set_mode(&page, 0o644)?;
        ws.cmd("gzip").args(["-9nf"]).arg(&page).run()?;
    }

    // Shell completions.
    for (shell, to) in [
        ("bash", "usr/share/bash-completion/completions/opex"),
        ("zsh", ZSH_DEB),
        ("fish", "usr/share/fish/vendor_completions.d/opex.fish"),
    ] {
        let script = ws.cmd(&opex).args(["completions", shell]).stdout()?;
        write(&dest(&stage, to)?, &script)?;
    }

    // The menu entry, its icons and the software centre's metadata.
    let desktop = dest(&stage, &format!("usr/share/applications/{APP_ID}.desktop"))?;
    copy(&packaging.join(format!("{APP_ID}.desktop")), &desktop)?;
    ws.cmd("desktop-file-validate").arg(&desktop).run()?;
    let svg = ws.root().join("src-tauri/icons/opex.svg");
    for size in ICON_SIZES {
        let png = dest(
            &stage,
            &format!("usr/share/icons/hicolor/{size}x{size}/apps/{APP_ID}.png"),
        )?;
        ws.cmd("rsvg-convert")
            .args(["-w", &size.to_string(), "-h", &size.to_string(), "-o"])
            .arg(&png)
            .arg(&svg)
            .run()?;
        set_mode(&png, 0o644)?;
    }
    copy(
        &svg,
        &dest(
            &stage,
            &format!("usr/share/icons/hicolor/scalable/apps/{APP_ID}.svg"),
        )?,
    )?;
    let metainfo = dest(&stage, &format!("usr/share/metainfo/{APP_ID}.metainfo.xml"))?;
    write(
        &metainfo,
        &read(&packaging.join(format!("{APP_ID}.metainfo.xml")))?
            .replace("@VERSION@", &version)
            .replace("@DATE@", &newest.date),
    )?;
    ws.cmd("appstreamcli")
        .args(["validate", "--no-net"])
        .arg(&metainfo)
        .run()?;

    // The licences (opex's, and the fonts' the renderer embeds) and the changelog.
    let fonts_licence = read(
        &ws.root()
            .join("crates/opex-render/fonts/LICENSE-DejaVu.txt"),
    )?;
    write(
        &dest(&stage, "usr/share/doc/opex/copyright")?,
        &deb::copyright(&read(&ws.root().join("LICENSE"))?, &fonts_licence)?,
    )?;
    write(
        &dest(&stage, "usr/share/doc/opex/fonts/LICENSE-DejaVu.txt")?,
        &fonts_licence,
    )?;
    let debian_changelog = dest(&stage, "usr/share/doc/opex/changelog")?;
    write(
        &debian_changelog,
        &deb::debian_changelog_text(ws, &releases)?,
    )?;
    ws.cmd("gzip").args(["-9nf"]).arg(&debian_changelog).run()?;

    let files = relative_files(&stage)?;
    // Lintian's overrides mean nothing to an .rpm.
    let overrides = "usr/share/lintian/overrides/opex";
    copy(
        &packaging.join("lintian-overrides"),
        &dest(&stage, overrides)?,
    )?;
    let mut deb_files = files.clone();
    deb_files.push(overrides.to_string());
    deb_files.sort();
    let packing = Packing {
        ws,
        build,
        out: &out,
        stage: &stage,
        version: &version,
    };
    let deb = packing.deb(&deb_files)?;
    let rpm = packing.rpm(&files)?;
    println!(
        "\nbundle: {} ({})\nbundle: {} ({})",
        deb.display(),
        size(&deb)?,
        rpm.display(),
        size(&rpm)?
    );
    Ok(())
}

/// What both package formats are made from.
struct Packing<'a> {
    ws: &'a Workspace,
    build: Build,
    /// Where the packages are written.
    out: &'a Path,
    /// The installed tree, laid out.
    stage: &'a Path,
    version: &'a str,
}
