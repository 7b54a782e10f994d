//! `cargo xtask bundle`: the `.deb` and `.rpm` packages of opex. It lays out
//! the installed tree itself, from the built binaries and
//! `src-tauri/packaging/`, and hands it to `dpkg-deb` and `rpmbuild`. The
//! Tauri CLI cannot bundle this workspace: it reads the `[package]` of the
//! `Cargo.toml` beside `tauri.conf.json`, and ours is a virtual manifest.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::error::{Context, Error, Result};
use crate::workspace::Workspace;

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
        &copyright(&read(&ws.root().join("LICENSE"))?, &fonts_licence)?,
    )?;
    write(
        &dest(&stage, "usr/share/doc/opex/fonts/LICENSE-DejaVu.txt")?,
        &fonts_licence,
    )?;
    let debian_changelog = dest(&stage, "usr/share/doc/opex/changelog")?;
    write(&debian_changelog, &debian_changelog_text(ws, &releases)?)?;
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
    let deb = deb(&packing, &deb_files)?;
    let rpm = rpm(&packing, &files)?;
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

/// Packs the stage's `files` as a .deb; returns its path.
fn deb(packing: &Packing, files: &[String]) -> Result<PathBuf> {
    let &Packing {
        ws,
        build,
        out,
        stage,
        version,
    } = packing;
    let arch = ws
        .cmd("dpkg")
        .arg("--print-architecture")
        .stdout()?
        .trim()
        .to_string();
    let control_dir = stage.join("DEBIAN");
    fs::create_dir_all(&control_dir).context(|| format!("creating {}", control_dir.display()))?;
    let control = format!(
        "Package: {PACKAGE}\nVersion: {version}\nArchitecture: {arch}\nMaintainer: {MAINTAINER}\n\
         Installed-Size: {}\nDepends: {}\nSection: utils\nPriority: optional\n\
         Homepage: {HOMEPAGE}\nDescription: {SUMMARY}\n{}",
        installed_kib(stage, files)?,
        shlib_depends(ws, out, stage)?,
        debian_description()
    );
    write(&control_dir.join("control"), &control)?;
    let sums = ws.cmd("md5sum").args(files).current_dir(stage).stdout()?;
    write(&control_dir.join("md5sums"), &sums)?;

    let deb = out.join(format!("{PACKAGE}_{version}_{arch}.deb"));
    let compression = match build {
        Build::Release => ["-Zxz", "-z9"],
        Build::Debug => ["-Zgzip", "-z1"],
    };
    ws.cmd("dpkg-deb")
        .args(["--root-owner-group"])
        .args(compression)
        .arg("--build")
        .arg(stage)
        .arg(&deb)
        .run()?;
    fs::remove_dir_all(&control_dir).context(|| format!("removing {}", control_dir.display()))?;
    Ok(deb)
}

/// What the binaries link, as Debian packages with their least versions:
/// `dpkg-shlibdeps` reads it from the ELF files and the system's shlibs.
fn shlib_depends(ws: &Workspace, out: &Path, stage: &Path) -> Result<String> {
    let dir = out.join("shlibdeps");
    remove_dir(&dir)?;
    write(
        &dir.join("debian/control"),
        &format!("Source: {PACKAGE}\n\nPackage: {PACKAGE}\nArchitecture: any\n"),
    )?;
    let mut cmd = ws.cmd("dpkg-shlibdeps");
    cmd.arg("-O").current_dir(&dir);
    for bin in ["usr/bin/opex-app", "usr/bin/opex", RENDERER] {
        cmd.arg(format!("-e{}", stage.join(bin).display()));
    }
    let printed = cmd.stdout()?;
    let depends = printed
        .lines()
        .find_map(|l| l.strip_prefix("shlibs:Depends="))
        .ok_or_else(|| Error::new(format!("dpkg-shlibdeps printed no Depends: {printed}")))?;
    Ok(depends.trim().to_string())
}

/// Packs `stage` as an .rpm: the same files, but zsh's completion where
/// Fedora's zsh looks. rpmbuild finds what the binaries link itself
/// (`libwebkit2gtk-4.1.so.0()(64bit)` and so on). Returns its path.
fn rpm(packing: &Packing, files: &[String]) -> Result<PathBuf> {
    let &Packing {
        ws,
        build,
        out,
        stage,
        version,
    } = packing;
    let top = out.join("rpmbuild");
    remove_dir(&top)?;
    let mut list = String::new();
    for dir in [
        "usr/libexec/opex",
        "usr/share/doc/opex",
        "usr/share/doc/opex/fonts",
    ] {
        list.push_str(&format!("%dir /{dir}\n"));
    }
    for file in files {
        let file = if file == ZSH_DEB { ZSH_RPM } else { file };
        let attr = if file.starts_with("usr/share/doc/opex/copyright")
            || file.ends_with("LICENSE-DejaVu.txt")
        {
            "%license "
        } else if file.starts_with("usr/share/man/") {
            "%doc "
        } else {
            ""
        };
        list.push_str(&format!("{attr}/{file}\n"));
    }
    let spec = format!(
        "Name: {PACKAGE}\nVersion: {version}\nRelease: 1\nSummary: {summary}\nLicense: MIT\n\
         URL: {HOMEPAGE}\nPackager: {MAINTAINER}\n\n\
         # cargo built and stripped the binaries; rpmbuild only packs them.\n\
         %global debug_package %{{nil}}\n%global __os_install_post %{{nil}}\n\
         %define _build_id_links none\n\n\
         %description\n{description}\n\n\
         %install\ncp -a {stage}/. %{{buildroot}}/\n\
         mkdir -p %{{buildroot}}/{zsh_dir}\n\
         mv %{{buildroot}}/{ZSH_DEB} %{{buildroot}}/{ZSH_RPM}\n\
         rmdir %{{buildroot}}/usr/share/zsh/vendor-completions\n\
         rm -r %{{buildroot}}/usr/share/lintian\n\n\
         %files\n{list}",
        summary = capitalised(SUMMARY),
        description = DESCRIPTION.join("\n\n"),
        stage = stage.display(),
        zsh_dir = ZSH_RPM.trim_end_matches("/_opex"),
    );
    let spec_path = top.join("SPECS/opex.spec");
    write(&spec_path, &spec)?;
    let payload = match build {
        Build::Release => "w19.zstdio",
        Build::Debug => "w1.zstdio",
    };
    ws.cmd("rpmbuild")
        .arg("-bb")
        .arg("--define")
        .arg(format!("_topdir {}", top.display()))
        .arg("--define")
        .arg(format!("_rpmdir {}", out.display()))
        .arg("--define")
        .arg("_build_name_fmt %%{NAME}-%%{VERSION}-%%{RELEASE}.%%{ARCH}.rpm")
        .arg("--define")
        .arg(format!("_binary_payload {payload}"))
        .arg(&spec_path)
        .run()?;
    let arch = ws.cmd("uname").arg("-m").stdout()?.trim().to_string();
    let rpm = out.join(format!("{PACKAGE}-{version}-1.{arch}.rpm"));
    if !rpm.is_file() {
        return Err(Error::new(format!(
            "rpmbuild finished but {} is not there",
            rpm.display()
        )));
    }
    Ok(rpm)
}

/// One release in CHANGELOG.md: `## VERSION (YYYY-MM-DD)` and its lines.
#[derive(Debug, PartialEq)]
struct Release {
    version: String,
    date: String,
    /// Its items: each bullet, and each paragraph, as one line of text.
    items: Vec<String>,
}

/// The releases of CHANGELOG.md, newest first; an error names the line that
/// does not read as a release heading.
fn releases(changelog: &str) -> Result<Vec<Release>> {
    let mut releases: Vec<Release> = Vec::new();
    let mut paragraph = false;
    for (n, line) in changelog.lines().enumerate() {
        if let Some(heading) = line.strip_prefix("## ") {
            let parsed = heading.split_once(" (").and_then(|(v, rest)| {
                let date = rest.strip_suffix(')')?;
                let valid = date.len() == 10
                    && date.char_indices().all(|(i, c)| {
                        if i == 4 || i == 7 {
                            c == '-'
                        } else {
                            c.is_ascii_digit()
                        }
                    });
                valid.then(|| (v.trim().to_string(), date.to_string()))
            });
            let Some((version, date)) = parsed else {
                return Err(Error::new(format!(
                    "CHANGELOG.md, line {}: a release heading reads `## VERSION (YYYY-MM-DD)`, not `{line}`",
                    n + 1
                )));
            };
            releases.push(Release {
                version,
                date,
                items: Vec::new(),
            });
            paragraph = false;
            continue;
        }
        let Some(release) = releases.last_mut() else {
            continue;
        };
        let text = line.trim();
        if text.is_empty() {
            paragraph = false;
        } else if let Some(item) = text.strip_prefix("- ") {
            release.items.push(item.to_string());
            paragraph = true;
        } else if paragraph {
            if let Some(last) = release.items.last_mut() {
                last.push(' ');
                last.push_str(text);
            }
        } else {
            release.items.push(text.to_string());
            paragraph = true;
        }
    }
    if releases.is_empty() {
        return Err(Error::new(
            "CHANGELOG.md has no release: add `## VERSION (YYYY-MM-DD)` (RELEASING.md)",
        ));
    }
    Ok(releases)
}

/// CHANGELOG.md as a Debian changelog, the form lintian reads.
fn debian_changelog_text(ws: &Workspace, releases: &[Release]) -> Result<String> {
    let mut text = String::new();
    for r in releases {
        let date = ws
            .cmd("date")
            .args(["-u", "-R", "-d"])
            .arg(format!("{} 12:00", r.date))
            .stdout()?;
        text.push_str(&format!(
            "{PACKAGE} ({}) unstable; urgency=medium\n\n",
            r.version
        ));
        for item in &r.items {
            for (i, line) in wrap(item, 74).iter().enumerate() {
                text.push_str(if i == 0 { "  * " } else { "    " });
                text.push_str(line);
                text.push('\n');
            }
        }
        text.push_str(&format!("\n -- {MAINTAINER}  {}\n\n", date.trim()));
    }
    Ok(text)
}

/// The Description's long part: each paragraph wrapped, lines led by a
/// space, paragraphs parted by " .".
fn debian_description() -> String {
    DESCRIPTION
        .iter()
        .map(|p| {
            wrap(p, 78)
                .iter()
                .map(|l| format!(" {l}\n"))
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join(" .\n")
}

/// The package's copyright file (machine-readable, DEP-5): opex under MIT,
/// and the DejaVu fonts the renderer embeds under their own licence, taken
/// from their licence file.
fn copyright(mit: &str, dejavu: &str) -> Result<String> {
    let fonts = dejavu
        .split_once("\nFiles: *\n")
        .and_then(|(_, rest)| rest.split_once("\nFiles: debian/*"))
        .map(|(stanza, _)| stanza.trim_end())
        .ok_or_else(|| {
            Error::new(
                "crates/opex-render/fonts/LICENSE-DejaVu.txt no longer has the `Files: *` \
                 stanza the copyright file quotes",
            )
        })?;
    let mit_body = mit
        .lines()
        .skip_while(|l| !l.starts_with("Permission"))
        .map(|l| {
            if l.trim().is_empty() {
                " .".to_string()
            } else {
                format!(" {l}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    Ok(format!(
        "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n\
         Upstream-Name: opex\nUpstream-Contact: {MAINTAINER}\nSource: {HOMEPAGE}\n\n\
         Files: *\nCopyright: 2026 The opex authors\nLicense: MIT\n{mit_body}\n\n\
         Files: {RENDERER}\n\
         Comment: opex-render embeds DejaVu Sans and DejaVu Sans Bold, to lay out\n \
         the PDF reports. Their licence is also in\n \
         /usr/share/doc/opex/fonts/LICENSE-DejaVu.txt.\n{fonts}\n"
    ))
}

/// Words of `text` in lines of at most `width` characters (a longer word
/// gets a line of its own).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// `version` of `[workspace.package]` in the root Cargo.toml.
fn workspace_version(cargo_toml: &str) -> Result<String> {
    cargo_toml
        .split("[workspace.package]")
        .nth(1)
        .and_then(|section| {
            section
                .lines()
                .take_while(|l| !l.starts_with('['))
                .find_map(|l| l.strip_prefix("version = "))
        })
        .map(|v| v.trim().trim_matches('"').to_string())
        .ok_or_else(|| Error::new("Cargo.toml has no `version` in [workspace.package]"))
}

/// The size the package's files take once installed, in KiB, as dpkg counts it.
fn installed_kib(stage: &Path, files: &[String]) -> Result<u64> {
    let mut kib = 0;
    for f in files {
        let len = fs::metadata(stage.join(f))
            .context(|| format!("reading {f}"))?
            .len();
        kib += len.div_ceil(1024);
    }
    Ok(kib)
}

/// Every file under `root`, as sorted paths relative to it.
fn relative_files(root: &Path) -> Result<Vec<String>> {
    let mut out = Vec::new();
    let mut dirs = vec![root.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in fs::read_dir(&dir).context(|| format!("listing {}", dir.display()))? {
            let path = entry
                .context(|| format!("listing {}", dir.display()))?
                .path();
            if path.is_dir() {
                dirs.push(path);
            } else if let Ok(rel) = path.strip_prefix(root) {
                out.push(rel.to_string_lossy().into_owned());
            }
        }
    }
    out.sort();
    Ok(out)
}

fn files_in(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).context(|| format!("listing {}", dir.display()))? {
        out.push(
            entry
                .context(|| format!("listing {}", dir.display()))?
                .path(),
        );
    }
    out.sort();
    Ok(out)
}

/// `rel` under `stage`, with its folders made (mode 755).
fn dest(stage: &Path, rel: &str) -> Result<PathBuf> {
    let path = stage.join(rel);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).context(|| format!("creating {}", parent.display()))?;
        let mut dir = parent;
        while dir.starts_with(stage) {
            set_mode(dir, 0o755)?;
            match dir.parent() {
                Some(up) => dir = up,
                None => break,
            }
        }
    }
    Ok(path)
}

fn read(path: &Path) -> Result<String> {
    fs::read_to_string(path).context(|| format!("reading {}", path.display()))
}

/// Writes `text` to `path` (its folder made), mode 644.
fn write(path: &Path, text: &str) -> Result<()> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).context(|| format!("creating {}", parent.display()))?;
    }
    fs::write(path, text).context(|| format!("writing {}", path.display()))?;
    set_mode(path, 0o644)
}

fn copy(from: &Path, to: &Path) -> Result<()> {
    fs::copy(from, to).context(|| format!("copying {} to {}", from.display(), to.display()))?;
    set_mode(to, 0o644)
}

fn set_mode(path: &Path, mode: u32) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(mode))
        .context(|| format!("setting the mode of {}", path.display()))
}

fn remove_dir(dir: &Path) -> Result<()> {
    match fs::remove_dir_all(dir) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => {
            Err(Error::new(format!("removing {}: {e}", dir.display())))
        }
        _ => Ok(()),
    }
}

fn size(path: &Path) -> Result<String> {
    let bytes = fs::metadata(path)
        .context(|| format!("reading {}", path.display()))?
        .len();
    Ok(format!("{:.1} MiB", bytes as f64 / f64::from(1 << 20)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_changelog_reads_as_releases_newest_first() -> Result<()> {
        let text = "# Changelog\n\nIntro.\n\n## 0.2.0 (2027-01-05)\n\nA paragraph\nover two lines.\n\n- one\n  continued\n- two\n\n## 0.1.0 (2026-12-02)\n\n- first\n";
        let r = releases(text)?;
        assert_eq!(r.len(), 2);
        assert_eq!(
            (r[0].version.as_str(), r[0].date.as_str()),
            ("0.2.0", "2027-01-05")
        );
        assert_eq!(
            r[0].items,
            ["A paragraph over two lines.", "one continued", "two"]
        );
        assert_eq!(r[1].items, ["first"]);
        let bad = releases("## 0.1.0 - 2026-12-02\n")
            .err()
            .map(|e| e.to_string());
        assert!(bad.is_some_and(|e| e.contains("line 1")));
        assert!(releases("# Changelog\n").is_err());
        Ok(())
    }

    #[test]
    fn the_committed_changelog_leads_with_the_workspace_version() -> Result<()> {
        let ws = Workspace::locate()?;
        let version = workspace_version(&read(&ws.root().join("Cargo.toml"))?)?;
        let r = releases(&read(&ws.root().join("CHANGELOG.md"))?)?;
        assert_eq!(r[0].version, version, "RELEASING.md: add a CHANGELOG entry");
        Ok(())
    }

    #[test]
    fn the_copyright_quotes_both_licences() -> Result<()> {
        let ws = Workspace::locate()?;
        let text = copyright(
            &read(&ws.root().join("LICENSE"))?,
            &read(
                &ws.root()
                    .join("crates/opex-render/fonts/LICENSE-DejaVu.txt"),
            )?,
        )?;
        assert!(text.contains("License: MIT\n Permission is hereby granted"));
        assert!(text.contains("License: bitstream-vera\n"));
        assert!(text.contains(&format!("Files: {RENDERER}\n")));
        assert!(!text.contains("Files: debian/*"));
        assert!(copyright("x", "no stanza").is_err());
        Ok(())
    }

    #[test]
    fn descriptions_wrap_within_their_lines() {
        let d = debian_description();
        assert!(
            d.lines().all(|l| l.starts_with(' ') && l.len() <= 80),
            "{d}"
        );
        assert_eq!(d.matches("\n .\n").count(), DESCRIPTION.len() - 1);
        assert_eq!(wrap("a bb ccc", 4), ["a bb", "ccc"]);
    }
}
