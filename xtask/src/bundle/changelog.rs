//! CHANGELOG.md read as releases, the workspace's version, and the text
//! helpers the package formats share.

use crate::error::{Error, Result};

/// One release in CHANGELOG.md: `## VERSION (YYYY-MM-DD)` and its lines.
#[derive(Debug, PartialEq)]
pub(super) struct Release {
    pub(super) version: String,
    pub(super) date: String,
    /// Its items: each bullet, and each paragraph, as one line of text.
    pub(super) items: Vec<String>,
}

/// The releases of CHANGELOG.md, newest first; an error names the line that
/// does not read as a release heading.
pub(super) fn releases(changelog: &str) -> Result<Vec<Release>> {
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

/// Words of `text` in lines of at most `width` characters (a longer word
/// gets a line of its own).
pub(super) fn wrap(text: &str, width: usize) -> Vec<String> {
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

pub(super) fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// `version` of `[workspace.package]` in the root Cargo.toml.
pub(super) fn workspace_version(cargo_toml: &str) -> Result<String> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bundle::tree::read;
    use crate::workspace::Workspace;

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
}
