//! The workspace's dependency rules, as data, checked against the resolve graph of `cargo metadata`.
//!
//! A rule says that some workspace packages must not depend, through normal
//! dependencies and directly or not, on some other crates. Dev- and
//! build-dependencies do not count: they never reach what a package ships.

use std::collections::{HashMap, HashSet, VecDeque};
use std::fmt;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::error::{Context, Error, Result};
use crate::workspace::Workspace;

/// Where the shared crates live, relative to the workspace root.
const CRATES_DIR: &str = "crates";

/// The packages a person starts. Each is a thin shell over the crates under
/// `crates/` and none may build on another. The phone-voting server
/// (`crates/opex-phone`) runs inside the app, which hosts it; as a crate under
/// `crates/` it is held to their rule and knows nothing of tauri.
pub const FRONT_DOORS: &[&str] = &["opex-app", "opex-cli"];

/// The rules, checked in this order.
const RULES: &[Rule] = &[
    Rule {
        crates: Crates::UnderCratesDir,
        forbidden: Forbidden::Tauri,
        because: "the crates under crates/ are shared by every front door; \
                  only the app (src-tauri/) knows about tauri",
    },
    Rule {
        crates: Crates::Named("opex-report"),
        forbidden: Forbidden::Named("opex-store"),
        because: "reports render the data they are given; reading it from the store \
                  is the caller's job",
    },
    Rule {
        crates: Crates::FrontDoors,
        forbidden: Forbidden::Named("typst"),
        because: "PDFs are laid out by the renderer process (crates/opex-render), which \
                  both front doors start, so that neither carries Typst (tens of MB)",
    },
    Rule {
        crates: Crates::FrontDoors,
        forbidden: Forbidden::OtherFrontDoor,
        because: "front doors are peers; what they share belongs in a crate under crates/",
    },
];

/// One rule: none of `crates` may depend on anything `forbidden` names.
pub struct Rule {
    crates: Crates,
    forbidden: Forbidden,
    /// Why, for whoever breaks it.
    because: &'static str,
}

/// The workspace packages a rule is about.
#[derive(Clone, Copy)]
enum Crates {
    /// Every workspace package whose manifest is under `<workspace>/crates/`.
    UnderCratesDir,
    /// The workspace package of this name.
    Named(&'static str),
    /// Every package in the front-door list.
    FrontDoors,
}

/// What those packages must not depend on.
#[derive(Clone, Copy)]
enum Forbidden {
    /// `tauri` or any `tauri-*` crate.
    Tauri,
    /// The crate of this name.
    Named(&'static str),
    /// A front door other than the package itself.
    OtherFrontDoor,
}

impl Rule {
    /// The rule as a sentence: "… must not depend on …" when `holds` is false,
    /// "… does not depend on …" when it is true.
    fn sentence(&self, front_doors: &[&str], holds: bool) -> String {
        let forbidden = match self.forbidden {
            Forbidden::Tauri => "tauri or a tauri-* crate".to_owned(),
            Forbidden::Named(name) => name.to_owned(),
            Forbidden::OtherFrontDoor => "another front door".to_owned(),
        };
        let verb = if holds { "depends on" } else { "may depend on" };
        match self.crates {
            Crates::UnderCratesDir => format!("no crate under crates/ {verb} {forbidden}"),
            Crates::Named(name) if holds => format!("{name} does not depend on {forbidden}"),
            Crates::Named(name) => format!("{name} must not depend on {forbidden}"),
            Crates::FrontDoors => format!(
                "no front door ({}) {verb} {forbidden}",
                front_doors.join(", ")
            ),
        }
    }

    fn forbids(&self, dependency: &str, dependent: &str, front_doors: &[&str]) -> bool {
        match self.forbidden {
            Forbidden::Tauri => dependency == "tauri" || dependency.starts_with("tauri-"),
            Forbidden::Named(name) => dependency == name,
            Forbidden::OtherFrontDoor => {
                dependency != dependent && front_doors.contains(&dependency)
            }
        }
    }
}

/// What checking one rule found.
pub struct Outcome {
    /// The rule as a sentence that is true when it holds, for the "ok:" line.
    pub holds: String,
    /// The rule as a sentence saying what must not happen.
    pub rule: String,
    pub violations: Vec<Violation>,
}

/// A package that depends on a crate a rule forbids it.
#[derive(Debug)]
pub struct Violation {
    pub krate: String,
    pub dependency: String,
    /// Package names from `krate` to `dependency`, both included: a shortest
    /// chain of normal dependencies.
    pub path: Vec<String>,
    rule: String,
    because: &'static str,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} depends on {} ", self.krate, self.dependency)?;
        if self.path.len() <= 2 {
            f.write_str("directly")?;
        } else {
            write!(f, "through {}", self.path.join(" -> "))?;
        }
        write!(f, ", but {}: {}", self.rule, self.because)
    }
}

/// The `deps` step: reads the workspace's resolve graph from `cargo metadata`,
/// prints one line per rule and fails naming every broken one.
pub fn run(ws: &Workspace) -> Result<()> {
    let json = ws
        .cargo()
        .args(["metadata", "--format-version", "1"])
        .stdout()?;
    let metadata: Value = serde_json::from_str(&json)
        .context(|| "could not parse the JSON printed by `cargo metadata`".into())?;
    let outcomes = check(&metadata)?;

    let mut broken = Vec::new();
    for outcome in outcomes {
        if outcome.violations.is_empty() {
            println!("ok: {}", outcome.holds);
        } else {
            println!("BROKEN: {}", outcome.rule);
            broken.extend(outcome.violations);
        }
    }
    if broken.is_empty() {
        return Ok(());
    }
    let lines: Vec<String> = broken.iter().map(|v| format!("  {v}")).collect();
    Err(Error::new(format!(
        "{} forbidden dependenc{} (rules in xtask/src/deps.rs):\n{}",
        broken.len(),
        if broken.len() == 1 { "y" } else { "ies" },
        lines.join("\n")
    )))
}

/// Checks [`RULES`] with [`FRONT_DOORS`] against `cargo metadata --format-version 1`
/// output (with its resolve graph). An error means the metadata could not be read
/// or a rule names a package the workspace does not have; broken rules are in the
/// outcomes.
pub fn check(metadata: &Value) -> Result<Vec<Outcome>> {
    check_with(metadata, RULES, FRONT_DOORS)
}

fn check_with(metadata: &Value, rules: &[Rule], front_doors: &[&str]) -> Result<Vec<Outcome>> {
    let graph = Graph::read(metadata)?;
    rules
        .iter()
        .map(|rule| {
            let crates = graph.select(rule.crates, front_doors)?;
            let sentence = rule.sentence(front_doors, false);
            let mut violations = Vec::new();
            for id in crates {
                let name = graph.name(id);
                for path in graph.reachable(id, |dep| rule.forbids(dep, name, front_doors)) {
                    violations.push(Violation {
                        krate: name.to_owned(),
                        dependency: path.last().cloned().unwrap_or_default(),
                        path,
                        rule: sentence.clone(),
                        because: rule.because,
                    });
                }
            }
            violations.sort_by(|a, b| (&a.krate, &a.dependency).cmp(&(&b.krate, &b.dependency)));
            Ok(Outcome {
                holds: rule.sentence(front_doors, true),
                rule: sentence,
                violations,
            })
        })
        .collect()
}

/// The parts of `cargo metadata` the rules need, borrowed from its JSON.
struct Graph<'a> {
    root: PathBuf,
    /// Package id → name, for every package in the graph.
    names: HashMap<&'a str, &'a str>,
    /// Workspace members in `workspace_members` order: id and manifest path.
    members: Vec<(&'a str, &'a Path)>,
    /// Package id → the ids of its normal dependencies, in metadata order.
    normal: HashMap<&'a str, Vec<&'a str>>,
}

impl<'a> Graph<'a> {
    fn read(metadata: &'a Value) -> Result<Self> {
        let root = PathBuf::from(string(metadata, "workspace_root", "the metadata")?);

        let mut names = HashMap::new();
        let mut manifests = HashMap::new();
        for package in array(metadata, "packages", "the metadata")? {
            let id = string(package, "id", "a package")?;
            names.insert(id, string(package, "name", "a package")?);
            manifests.insert(
                id,
                Path::new(string(package, "manifest_path", "a package")?),
            );
        }

        let members = array(metadata, "workspace_members", "the metadata")?
            .iter()
            .map(|id| {
                let id = id
                    .as_str()
                    .ok_or_else(|| malformed("a workspace member is not a string"))?;
                let manifest = manifests.get(id).ok_or_else(|| {
                    malformed(&format!(
                        "workspace member `{id}` is not among the packages"
                    ))
                })?;
                Ok((id, *manifest))
            })
            .collect::<Result<Vec<_>>>()?;

        let resolve = metadata
            .get("resolve")
            .filter(|r| !r.is_null())
            .ok_or_else(|| malformed("there is no resolve graph (was --no-deps given?)"))?;
        let mut normal = HashMap::new();
        for node in array(resolve, "nodes", "the resolve graph")? {
            let id = string(node, "id", "a resolve node")?;
            let mut deps = Vec::new();
            for dep in array(node, "deps", "a resolve node")? {
                let kinds = array(dep, "dep_kinds", "a dependency of a resolve node")?;
                // `kind` is null for a normal dependency, "dev" or "build" otherwise;
                // one dependency can be several kinds, e.g. for different targets.
                if kinds
                    .iter()
                    .any(|k| k.get("kind").is_some_and(Value::is_null))
                {
                    deps.push(string(dep, "pkg", "a dependency of a resolve node")?);
                }
            }
            normal.insert(id, deps);
        }

        Ok(Self {
            root,
            names,
            members,
            normal,
        })
    }

    fn name(&self, id: &'a str) -> &'a str {
        self.names.get(id).copied().unwrap_or(id)
    }

    fn is_under_crates_dir(&self, manifest: &Path) -> bool {
        manifest
            .strip_prefix(&self.root)
            .is_ok_and(|relative| relative.starts_with(CRATES_DIR))
    }

    /// The ids of the workspace packages a rule is about. A rule about no
    /// package at all is out of date, and an error rather than a pass.
    fn select(&self, crates: Crates, front_doors: &[&str]) -> Result<Vec<&'a str>> {
        let member = |name: &str| self.members.iter().find(|(id, _)| self.name(id) == name);
        let stale = |name: &str| {
            Error::new(format!(
                "xtask/src/deps.rs names `{name}`, which is not a package of this \
                 workspace: update the dependency rules"
            ))
        };
        match crates {
            Crates::UnderCratesDir => {
                let ids: Vec<_> = self
                    .members
                    .iter()
                    .filter(|(_, manifest)| self.is_under_crates_dir(manifest))
                    .map(|(id, _)| *id)
                    .collect();
                if ids.is_empty() {
                    return Err(Error::new(format!(
                        "no workspace package lives under {}: update the rules in \
                         xtask/src/deps.rs",
                        self.root.join(CRATES_DIR).display()
                    )));
                }
                Ok(ids)
            }
            Crates::Named(name) => Ok(vec![member(name).ok_or_else(|| stale(name))?.0]),
            Crates::FrontDoors => front_doors
                .iter()
                .map(|name| member(name).map(|(id, _)| *id).ok_or_else(|| stale(name)))
                .collect(),
        }
    }

    /// Every package reachable from `start` through normal dependencies for which
    /// `forbidden(name)` holds, each as a shortest path of names from `start`.
    /// The search does not go past a forbidden package, so a tauri dependency
    /// is reported as `tauri`, not also as everything tauri pulls in.
    fn reachable(&self, start: &'a str, forbidden: impl Fn(&str) -> bool) -> Vec<Vec<String>> {
        let mut parent: HashMap<&str, &str> = HashMap::new();
        let mut seen = HashSet::from([start]);
        let mut queue = VecDeque::from([start]);
        let mut found = Vec::new();
        while let Some(id) = queue.pop_front() {
            for &dep in self.normal.get(id).map(Vec::as_slice).unwrap_or_default() {
                if !seen.insert(dep) {
                    continue;
                }
                parent.insert(dep, id);
                if forbidden(self.name(dep)) {
                    let mut path = vec![self.name(dep).to_owned()];
                    let mut at = dep;
                    while let Some(&up) = parent.get(at) {
                        path.push(self.name(up).to_owned());
                        at = up;
                    }
                    path.reverse();
                    found.push(path);
                } else {
                    queue.push_back(dep);
                }
            }
        }
        found
    }
}

fn malformed(what: &str) -> Error {
    Error::new(format!("unexpected `cargo metadata` output: {what}"))
}

fn string<'a>(value: &'a Value, key: &str, what: &str) -> Result<&'a str> {
    value
        .get(key)
        .and_then(Value::as_str)
        .ok_or_else(|| malformed(&format!("{what} has no string `{key}`")))
}

fn array<'a>(value: &'a Value, key: &str, what: &str) -> Result<&'a [Value]> {
    value
        .get(key)
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .ok_or_else(|| malformed(&format!("{what} has no array `{key}`")))
}

#[cfg(test)]
mod tests;
