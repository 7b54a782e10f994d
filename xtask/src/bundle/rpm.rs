//! The `.rpm`: a spec listing the laid-out files, built by `rpmbuild`, which
//! finds the libraries the binaries need by itself.

use std::path::PathBuf;

use super::changelog::capitalised;
use super::tree::{remove_dir, write};
use super::{
    Build, DESCRIPTION, HOMEPAGE, MAINTAINER, PACKAGE, Packing, SUMMARY, ZSH_DEB, ZSH_RPM,
};
use crate::error::{Error, Result};

/// Packs `stage` as an .rpm: the same files, but zsh's completion where
/// Fedora's zsh looks. rpmbuild finds what the binaries link itself
/// (`libwebkit2gtk-4.1.so.0()(64bit)` and so on). Returns its path.
impl Packing<'_> {
    pub(super) fn rpm(&self, files: &[String]) -> Result<PathBuf> {
        let (ws, out, version) = (self.ws, self.out, self.version);
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
            stage = self.stage.display(),
            zsh_dir = ZSH_RPM.trim_end_matches("/_opex"),
        );
        let spec_path = top.join("SPECS/opex.spec");
        write(&spec_path, &spec)?;
        let payload = match self.build {
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
}
