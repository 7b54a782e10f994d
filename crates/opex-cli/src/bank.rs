//! The text `opex bank validate|lint|stats` prints: what opex-core found in a
//! bank, for a person. Banks need no store.

use opex_core::lint::Finding;
use opex_core::{AreaKind, Bank};
use std::fmt::Write;
use std::path::Path;

/// `opex bank validate`: the bank is valid, with its size.
pub fn valid(path: &Path, b: &Bank) -> String {
    let principles = b
        .areas
        .iter()
        .filter(|a| a.kind == AreaKind::Principle)
        .count();
    format!(
        "{}: bank `{}` {} is valid: {} areas ({} principles, {} dimensions), {} questions\n",
        path.display(),
        b.id,
        b.version,
        b.areas.len(),
        principles,
        b.areas.len() - principles,
        b.questions.len()
    )
}

/// `opex bank lint`: each finding on its own line, or that there are none.
pub fn lint(path: &Path, b: &Bank, findings: &[Finding]) -> String {
    let mut out = String::new();
    for f in findings {
        let _ = writeln!(out, "{f}");
    }
    if findings.is_empty() {
        let _ = writeln!(
            out,
            "{}: bank `{}` {}: no lint findings ({} questions)",
            path.display(),
            b.id,
            b.version,
            b.questions.len()
        );
    }
    out
}

/// `opex bank stats`: questions per area and phase, then per profile.
pub fn stats(b: &Bank) -> String {
    let st = opex_core::lint::stats(b);
    let mut out = format!(
        "bank `{}` {}: {} questions\n\n",
        b.id, b.version, st.questions
    );
    let _ = writeln!(
        out,
        "{:<22} {:<10} {:>5} {:>8} {:>8} {:>7}",
        "area", "kind", "total", "prepare", "operate", "evolve"
    );
    for (id, kind, total, [p, o, e]) in &st.areas {
        let kind = if *kind == AreaKind::Principle {
            "principle"
        } else {
            "dimension"
        };
        let _ = writeln!(out, "{id:<22} {kind:<10} {total:>5} {p:>8} {o:>8} {e:>7}");
    }
    let [p, o, e] = st.phases;
    let _ = writeln!(
        out,
        "{:<22} {:<10} {:>5} {p:>8} {o:>8} {e:>7}\n",
        "all", "", st.questions
    );
    let _ = writeln!(out, "{:<22} {:>5}", "profile", "questions");
    for (id, n) in &st.profiles {
        let _ = writeln!(out, "{id:<22} {n:>5}");
    }
    out
}
