//! The `.deb`: its control file (Depends from `dpkg-shlibdeps`), md5sums,
//! and the Debian-format texts the package carries (changelog, copyright,
//! description); `dpkg-deb` packs it.

use std::fs;
use std::path::{Path, PathBuf};

use super::changelog::{Release, wrap};
use super::tree::{remove_dir, write};
use super::{Build, DESCRIPTION, HOMEPAGE, MAINTAINER, PACKAGE, Packing, RENDERER, SUMMARY};
use crate::error::{Context, Error, Result};
use crate::workspace::Workspace;

impl Packing<'_> {
    /// Packs the stage's `files` as a .deb; returns its path.
    pub(super) fn deb(&self, files: &[String]) -> Result<PathBuf> {
        let (ws, stage, version) = (self.ws, self.stage, self.version);
        let arch = ws
            .cmd("dpkg")
            .arg("--print-architecture")
            .stdout()?
            .trim()
            .to_string();
        let control_dir = stage.join("DEBIAN");
        fs::create_dir_all(&control_dir)
            .context(|| format!("creating {}", control_dir.display()))?;
        let control = format!(
            "Package: {PACKAGE}\nVersion: {version}\nArchitecture: {arch}\nMaintainer: {MAINTAINER}\n\
             Installed-Size: {}\nDepends: {}\nSection: utils\nPriority: optional\n\
             Homepage: {HOMEPAGE}\nDescription: {SUMMARY}\n{}",
            installed_kib(stage, files)?,
            shlib_depends(ws, self.out, stage)?,
            debian_description()
        );
        write(&control_dir.join("control"), &control)?;
        let sums = ws.cmd("md5sum").args(files).current_dir(stage).stdout()?;
        write(&control_dir.join("md5sums"), &sums)?;

        let deb = self.out.join(format!("{PACKAGE}_{version}_{arch}.deb"));
        let compression = match self.build {
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
        fs::remove_dir_all(&control_dir)
            .context(|| format!("removing {}", control_dir.display()))?;
        Ok(deb)
    }
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

/// CHANGELOG.md as a Debian changelog, the form lintian reads.
pub(super) fn debian_changelog_text(ws: &Workspace, releases: &[Release]) -> Result<String> {
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
pub(super) fn copyright(mit: &str, dejavu: &str) -> Result<String> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bundle::tree::read;

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
