//! The dependency rules checked on small hand-written metadata graphs.
use super::*;
use serde_json::json;

const ROOT: &str = "/ws";

/// Name and directory under [`ROOT`]; `None` for a registry crate.
type Package = (&'static str, Option<&'static str>);

/// From, to, and the kind: `None` for a normal dependency.
type Edge = (&'static str, &'static str, Option<&'static str>);

const PACKAGES: &[Package] = &[
    ("opex-core", Some("crates/opex-core")),
    ("opex-store", Some("crates/opex-store")),
    ("opex-report", Some("crates/opex-report")),
    ("opex-query", Some("crates/opex-query")),
    ("opex-render", Some("crates/opex-render")),
    ("opex-service", Some("crates/opex-service")),
    ("opex-cli", Some("crates/opex-cli")),
    ("opex-app", Some("src-tauri")),
    ("opex-vote", Some("vote")),
    ("xtask", Some("xtask")),
    ("serde", None),
    ("ts-rs", None),
    ("tauri", None),
    ("tauri-runtime", None),
    ("typst", None),
];

/// A graph that keeps every rule, including both front doors sharing a crate.
const CLEAN: &[Edge] = &[
    ("opex-core", "serde", None),
    ("opex-store", "opex-core", None),
    ("opex-report", "opex-core", None),
    ("opex-service", "opex-store", None),
    ("opex-service", "opex-report", None),
    ("opex-render", "opex-report", None),
    ("opex-render", "typst", None),
    ("opex-cli", "opex-service", None),
    ("opex-app", "opex-service", None),
    ("opex-app", "tauri", None),
    ("opex-app", "ts-rs", None),
    ("opex-vote", "opex-service", None),
    ("tauri", "tauri-runtime", None),
    ("tauri", "serde", None),
    ("xtask", "serde", None),
];

fn id(name: &str, dir: Option<&str>) -> String {
    match dir {
        Some(dir) => format!("path+file://{ROOT}/{dir}#{name}@0.1.0"),
        None => format!("registry+https://github.com/rust-lang/crates.io-index#{name}@1.0.0"),
    }
}

/// `cargo metadata` JSON, shaped like the real thing, for `packages` and
/// `edges`; several edges between the same two packages become one
/// dependency with several kinds, as cargo writes it.
fn metadata(packages: &[Package], edges: &[Edge]) -> Value {
    let id_of = |name: &str| {
        let (_, dir) = packages
            .iter()
            .find(|(n, _)| *n == name)
            .expect("known package");
        id(name, *dir)
    };
    let package_json = packages.iter().map(|(name, dir)| {
        let manifest = match dir {
            Some(dir) => format!("{ROOT}/{dir}/Cargo.toml"),
            None => format!("/home/u/.cargo/registry/src/index/{name}-1.0.0/Cargo.toml"),
        };
        json!({ "name": name, "version": "0.1.0", "id": id(name, *dir), "manifest_path": manifest })
    });
    let members = packages
        .iter()
        .filter(|(_, dir)| dir.is_some())
        .map(|(name, dir)| id(name, *dir));
    let nodes = packages.iter().map(|(name, dir)| {
        let mut deps: Vec<(&str, Vec<Value>)> = Vec::new();
        for (_, to, kind) in edges.iter().filter(|(from, _, _)| from == name) {
            let dep_kind = json!({ "kind": kind, "target": null });
            match deps.iter_mut().find(|(t, _)| t == to) {
                Some((_, kinds)) => kinds.push(dep_kind),
                None => deps.push((to, vec![dep_kind])),
            }
        }
        let deps: Vec<Value> = deps
            .into_iter()
            .map(|(to, kinds)| {
                json!({ "name": to.replace('-', "_"), "pkg": id_of(to), "dep_kinds": kinds })
            })
            .collect();
        json!({ "id": id(name, *dir), "deps": deps, "features": [] })
    });
    json!({
        "packages": package_json.collect::<Vec<_>>(),
        "workspace_members": members.collect::<Vec<_>>(),
        "resolve": { "nodes": nodes.collect::<Vec<_>>(), "root": null },
        "workspace_root": ROOT,
        "version": 1,
    })
}

fn with_clean(extra: &[Edge]) -> Value {
    let edges: Vec<Edge> = CLEAN.iter().chain(extra).copied().collect();
    metadata(PACKAGES, &edges)
}

/// Every violation's path, as "a -> b -> c", sorted.
fn violations(metadata: &Value, front_doors: &[&str]) -> Result<Vec<String>> {
    let mut paths: Vec<String> = check_with(metadata, RULES, front_doors)?
        .into_iter()
        .flat_map(|outcome| outcome.violations)
        .map(|v| v.path.join(" -> "))
        .collect();
    paths.sort();
    Ok(paths)
}

#[test]
fn each_forbidden_dependency_is_found_and_only_those() -> Result<()> {
    let cases: &[(&str, &[Edge], &[&str])] = &[
        ("a clean graph", &[], &[]),
        (
            "dev- and build-dependencies do not count",
            &[
                ("opex-report", "opex-store", Some("dev")),
                ("opex-core", "tauri", Some("build")),
                ("opex-cli", "opex-app", Some("dev")),
            ],
            &[],
        ),
        (
            "a crate under crates/ on tauri",
            &[("opex-cli", "tauri", None)],
            &["opex-cli -> tauri"],
        ),
        (
            "a crate under crates/ on a tauri-* crate",
            &[("opex-cli", "tauri-runtime", None)],
            &["opex-cli -> tauri-runtime"],
        ),
        (
            "a crate under crates/ on tauri through a registry crate",
            &[
                ("opex-cli", "ts-rs", None),
                ("ts-rs", "tauri-runtime", None),
            ],
            &["opex-cli -> ts-rs -> tauri-runtime"],
        ),
        (
            "each crate under crates/ that reaches tauri is named",
            &[("opex-store", "tauri", None)],
            &[
                "opex-cli -> opex-service -> opex-store -> tauri",
                "opex-service -> opex-store -> tauri",
                "opex-store -> tauri",
            ],
        ),
        (
            "a normal dependency that is also a dev-dependency counts",
            &[
                ("opex-cli", "tauri", Some("dev")),
                ("opex-cli", "tauri", None),
            ],
            &["opex-cli -> tauri"],
        ),
        (
            "opex-report on opex-store",
            &[("opex-report", "opex-store", None)],
            &["opex-report -> opex-store"],
        ),
        (
            "opex-report on opex-store through another crate",
            &[
                ("opex-report", "opex-query", None),
                ("opex-query", "opex-store", None),
            ],
            &["opex-report -> opex-query -> opex-store"],
        ),
        (
            "the front doors on Typst through the reports",
            &[("opex-report", "typst", None)],
            &[
                "opex-app -> opex-service -> opex-report -> typst",
                "opex-cli -> opex-service -> opex-report -> typst",
            ],
        ),
        (
            "the CLI on Typst for its tests only",
            &[("opex-cli", "typst", Some("dev"))],
            &[],
        ),
        (
            "the app on the CLI",
            &[("opex-app", "opex-cli", None)],
            &["opex-app -> opex-cli"],
        ),
        (
            "the CLI on the app, and so on tauri",
            &[("opex-cli", "opex-app", None)],
            &["opex-cli -> opex-app", "opex-cli -> opex-app -> tauri"],
        ),
        (
            "a front door on another through a shared crate",
            &[
                ("opex-app", "opex-query", None),
                ("opex-query", "opex-cli", None),
            ],
            &["opex-app -> opex-query -> opex-cli"],
        ),
    ];
    for (case, extra, expected) in cases {
        let got = violations(&with_clean(extra), FRONT_DOORS)?;
        assert_eq!(got, *expected, "{case}");
    }
    Ok(())
}

#[test]
fn a_third_front_door_is_held_to_the_same_rule() -> Result<()> {
    let doors = ["opex-app", "opex-cli", "opex-vote"];
    assert_eq!(violations(&with_clean(&[]), &doors)?, Vec::<String>::new());
    let got = violations(&with_clean(&[("opex-vote", "opex-cli", None)]), &doors)?;
    assert_eq!(got, ["opex-vote -> opex-cli"]);
    Ok(())
}

#[test]
fn passing_rules_say_what_was_checked() -> Result<()> {
    let holds: Vec<String> = check(&with_clean(&[]))?
        .into_iter()
        .map(|outcome| outcome.holds)
        .collect();
    assert_eq!(
        holds,
        [
            "no crate under crates/ depends on tauri or a tauri-* crate",
            "opex-report does not depend on opex-store",
            "no front door (opex-app, opex-cli) depends on typst",
            "no front door (opex-app, opex-cli) depends on another front door",
        ]
    );
    Ok(())
}

#[test]
fn a_violation_names_the_crate_the_dependency_and_the_way() -> Result<()> {
    let outcomes = check(&with_clean(&[
        ("opex-report", "opex-query", None),
        ("opex-query", "opex-store", None),
        ("opex-app", "opex-cli", None),
    ]))?;
    let messages: Vec<String> = outcomes
        .iter()
        .flat_map(|outcome| &outcome.violations)
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        messages,
        [
            "opex-report depends on opex-store through opex-report -> opex-query -> \
             opex-store, but opex-report must not depend on opex-store: reports render \
             the data they are given; reading it from the store is the caller's job",
            "opex-app depends on opex-cli directly, but no front door (opex-app, \
             opex-cli) may depend on another front door: front doors are peers; what \
             they share belongs in a crate under crates/",
        ]
    );
    Ok(())
}

#[test]
fn a_rule_about_a_package_that_is_gone_is_an_error() {
    let without_report: Vec<Package> = PACKAGES
        .iter()
        .filter(|(name, _)| *name != "opex-report")
        .copied()
        .collect();
    let edges: Vec<Edge> = CLEAN
        .iter()
        .filter(|(from, to, _)| *from != "opex-report" && *to != "opex-report")
        .copied()
        .collect();
    let err = check(&metadata(&without_report, &edges))
        .err()
        .map(|e| e.to_string());
    assert!(
        err.as_deref()
            .is_some_and(|e| e.contains("names `opex-report`")),
        "{err:?}"
    );
}

#[test]
fn metadata_without_a_resolve_graph_is_an_error() {
    let mut no_resolve = with_clean(&[]);
    no_resolve["resolve"] = Value::Null;
    for bad in [json!({}), no_resolve] {
        let err = check(&bad).err().map(|e| e.to_string());
        assert!(
            err.as_deref()
                .is_some_and(|e| e.starts_with("unexpected `cargo metadata` output")),
            "{err:?}"
        );
    }
}

/// Trimmed from the real output of `cargo metadata --format-version 1`.
const REAL_SHAPE: &str = r#"{
  "packages": [
    {"name": "opex-core", "version": "0.1.0", "id": "path+file:///w/crates/opex-core#0.1.0",
     "dependencies": [], "manifest_path": "/w/crates/opex-core/Cargo.toml"},
    {"name": "opex-store", "version": "0.1.0", "id": "path+file:///w/crates/opex-store#0.1.0",
     "dependencies": [], "manifest_path": "/w/crates/opex-store/Cargo.toml"},
    {"name": "opex-report", "version": "0.1.0", "id": "path+file:///w/crates/opex-report#0.1.0",
     "dependencies": [], "manifest_path": "/w/crates/opex-report/Cargo.toml"},
    {"name": "opex-cli", "version": "0.1.0", "id": "path+file:///w/crates/opex-cli#0.1.0",
     "dependencies": [], "manifest_path": "/w/crates/opex-cli/Cargo.toml"},
    {"name": "opex-app", "version": "0.1.0", "id": "path+file:///w/src-tauri#opex-app@0.1.0",
     "dependencies": [], "manifest_path": "/w/src-tauri/Cargo.toml"},
    {"name": "tauri", "version": "2.9.5",
     "id": "registry+https://github.com/rust-lang/crates.io-index#tauri@2.9.5",
     "dependencies": [],
     "manifest_path": "/home/u/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/tauri-2.9.5/Cargo.toml"}
  ],
  "workspace_members": [
    "path+file:///w/crates/opex-core#0.1.0",
    "path+file:///w/crates/opex-store#0.1.0",
    "path+file:///w/crates/opex-report#0.1.0",
    "path+file:///w/crates/opex-cli#0.1.0",
    "path+file:///w/src-tauri#opex-app@0.1.0"
  ],
  "resolve": {
    "nodes": [
      {"id": "path+file:///w/crates/opex-core#0.1.0", "dependencies": [], "deps": [], "features": []},
      {"id": "path+file:///w/crates/opex-store#0.1.0",
       "dependencies": ["path+file:///w/crates/opex-core#0.1.0"],
       "deps": [{"name": "opex_core", "pkg": "path+file:///w/crates/opex-core#0.1.0",
                 "dep_kinds": [{"kind": null, "target": null}]}],
       "features": []},
      {"id": "path+file:///w/crates/opex-report#0.1.0",
       "dependencies": ["path+file:///w/crates/opex-core#0.1.0", "path+file:///w/crates/opex-store#0.1.0"],
       "deps": [{"name": "opex_core", "pkg": "path+file:///w/crates/opex-core#0.1.0",
                 "dep_kinds": [{"kind": null, "target": null}]},
                {"name": "opex_store", "pkg": "path+file:///w/crates/opex-store#0.1.0",
                 "dep_kinds": [{"kind": null, "target": null}]}],
       "features": []},
      {"id": "path+file:///w/crates/opex-cli#0.1.0",
       "dependencies": ["path+file:///w/crates/opex-report#0.1.0"],
       "deps": [{"name": "opex_report", "pkg": "path+file:///w/crates/opex-report#0.1.0",
                 "dep_kinds": [{"kind": null, "target": null}]}],
       "features": []},
      {"id": "path+file:///w/src-tauri#opex-app@0.1.0",
       "dependencies": ["path+file:///w/crates/opex-report#0.1.0",
                        "registry+https://github.com/rust-lang/crates.io-index#tauri@2.9.5"],
       "deps": [{"name": "opex_report", "pkg": "path+file:///w/crates/opex-report#0.1.0",
                 "dep_kinds": [{"kind": null, "target": null}]},
                {"name": "tauri", "pkg": "registry+https://github.com/rust-lang/crates.io-index#tauri@2.9.5",
                 "dep_kinds": [{"kind": null, "target": null}]}],
       "features": []},
      {"id": "registry+https://github.com/rust-lang/crates.io-index#tauri@2.9.5",
       "dependencies": [], "deps": [], "features": []}
    ],
    "root": null
  },
  "target_directory": "/w/target",
  "version": 1,
  "workspace_root": "/w",
  "metadata": null
}"#;

#[test]
fn reads_real_cargo_metadata_json() -> Result<()> {
    let metadata: Value = serde_json::from_str(REAL_SHAPE).context(|| "fixture".into())?;
    // Today's main: opex-report on opex-store is the one broken rule.
    assert_eq!(
        violations(&metadata, FRONT_DOORS)?,
        ["opex-report -> opex-store"]
    );
    Ok(())
}
