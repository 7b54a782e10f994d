//! axe-core, the accessibility engine, run inside the real webview: the
//! violations of one screen, and the check that none is serious or critical.

use super::App;
use serde_json::Value;

/// axe-core's source, from the UI's dev dependencies (`npm ci` in `ui/`).
fn source() -> String {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../ui/node_modules/axe-core/axe.min.js"
    );
    std::fs::read_to_string(path).unwrap_or_else(|e| {
        panic!("cannot read {path}: {e}; run `cargo xtask setup` (npm ci in ui/)")
    })
}

/// One rule axe found broken, with where.
#[derive(Debug, Clone)]
pub struct Violation {
    pub rule: String,
    pub impact: String,
    pub help: String,
    pub nodes: Vec<String>,
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "[{}] {}: {}", self.impact, self.rule, self.help)?;
        for n in &self.nodes {
            writeln!(f, "    {n}")?;
        }
        Ok(())
    }
}

impl App {
    /// Runs axe on the page as it is now (WCAG 2.x A and AA and axe's best
    /// practices) and returns every violation.
    pub async fn axe(&self) -> Vec<Violation> {
        let loaded = self
            .client
            .execute(
                &format!("{}\n;return typeof window.axe;", source()),
                Vec::new(),
            )
            .await
            .unwrap_or_else(|e| panic!("cannot load axe-core into the page: {e}"));
        assert_eq!(loaded, Value::from("object"), "axe-core did not load");
        let result = self
            .client
            .execute_async(
                r#"const done = arguments[arguments.length - 1];
                window.axe
                  .run(document, {
                    resultTypes: ["violations"],
                    runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] },
                  })
                  .then((r) => done(r.violations.map((v) => ({
                    rule: v.id,
                    impact: v.impact || "",
                    help: v.help,
                    nodes: v.nodes.slice(0, 6).map((n) => n.target.join(" ") + " :: " + (n.failureSummary || "").replace(/\s+/g, " ")),
                  }))))
                  .catch((e) => done({ error: String(e) }));"#,
                Vec::new(),
            )
            .await
            .unwrap_or_else(|e| panic!("axe did not run: {e}"));
        if let Some(e) = result.get("error") {
            panic!("axe failed: {e}");
        }
        result
            .as_array()
            .unwrap_or_else(|| panic!("axe returned {result}"))
            .iter()
            .map(|v| Violation {
                rule: v["rule"].as_str().unwrap_or_default().into(),
                impact: v["impact"].as_str().unwrap_or_default().into(),
                help: v["help"].as_str().unwrap_or_default().into(),
                nodes: v["nodes"]
                    .as_array()
                    .map(|a| {
                        a.iter()
                            .filter_map(|n| n.as_str().map(String::from))
                            .collect()
                    })
                    .unwrap_or_default(),
            })
            .collect()
    }

    /// Runs axe and fails on any serious or critical violation, naming the
    /// screen; lesser ones are printed.
    pub async fn assert_accessible(&self, screen: &str) {
        let all = self.axe().await;
        let (grave, minor): (Vec<_>, Vec<_>) = all
            .into_iter()
            .partition(|v| v.impact == "serious" || v.impact == "critical");
        for v in &minor {
            eprintln!("axe on {screen} (not failing): {v}");
        }
        assert!(
            grave.is_empty(),
            "axe found {} serious or critical violation(s) on {screen}:\n{}",
            grave.len(),
            grave.iter().map(|v| v.to_string()).collect::<String>()
        );
    }
}
