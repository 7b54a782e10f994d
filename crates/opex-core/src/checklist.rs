//! The second kind of question: a checklist of practices to tick, with risk
//! rules, as AWS Well-Architected lenses ask them. Its result is a risk (high,
//! medium, none) and "k of n practices in place", never a 1-5 level unless the
//! bank opts in with an explicit mapping (`Checklist::maturity`).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A checklist question's choices and rules. Present on a question instead of
/// its five levels.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Checklist {
    /// The practices to tick, in the lens's order.
    pub choices: Vec<Choice>,
    /// Tried in order; the first whose condition holds decides. The last is
    /// `default`. Kept as written.
    pub risk_rules: Vec<RiskRule>,
    /// The question's helpful resource in the lens, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub helpful_resource: Option<Resource>,
    /// Where the question came from, for a faithful export back.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<LensOrigin>,
    /// The bank's explicit, documented mapping of each risk to a 1-5 value,
    /// when it opts in to the maturity average; absent, the question stays out
    /// of every maturity score.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maturity: Option<RiskMaturity>,
}

/// One practice of a checklist question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    /// The lens's choice id, unique within its question (`<question>_no` for
    /// "None of these").
    pub id: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub helpful_resource: Option<Resource>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub improvement_plan: Option<Resource>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub additional_resources: Vec<AdditionalResource>,
    /// The exclusive "None of these" choice: ticking it unticks the others.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub none_of_these: bool,
}

/// Plain text, with an optional link.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Resource {
    pub display_text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// A lens choice's further reading: helpful resources or improvement plans.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AdditionalResource {
    /// `HELPFUL_RESOURCE` or `IMPROVEMENT_PLAN`, as the lens says.
    pub kind: String,
    pub content: Vec<Resource>,
}

/// `condition` over the question's choice ids (`&&`, `||`, `!`, parentheses,
/// or `default`), and the risk it gives.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RiskRule {
    pub condition: String,
    pub risk: Risk,
}

/// A checklist question's result, as the AWS tool names it.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
pub enum Risk {
    #[serde(rename = "HIGH_RISK")]
    High,
    #[serde(rename = "MEDIUM_RISK")]
    Medium,
    #[serde(rename = "NO_RISK")]
    None,
}

impl Risk {
    /// How every screen and report names it.
    pub fn label(self) -> &'static str {
        match self {
            Risk::High => "high risk",
            Risk::Medium => "medium risk",
            Risk::None => "no risk",
        }
    }
}

/// Where a checklist question came from: the lens, its pillar and its own id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LensOrigin {
    pub lens: String,
    pub pillar_id: String,
    pub question_id: String,
}

/// An explicit mapping from risk to a maturity level (1-5), with the bank's
/// reason: with it, an answered checklist question counts in the maturity
/// scores as that level.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RiskMaturity {
    pub high: u8,
    pub medium: u8,
    pub none: u8,
    /// Why these values: shown in the methodology.
    pub why: String,
}

impl Checklist {
    /// The risk the ticked choices give, as AWS evaluates it: the rules in
    /// order, the first whose condition holds decides; `default` always holds.
    /// A condition that cannot be read holds for nothing (a loaded bank's
    /// conditions were checked when it was read). See [`crate::risk::risk_of`].
    pub fn risk(&self, ticked: &std::collections::BTreeSet<String>) -> Risk {
        crate::risk::risk_of(self, ticked)
    }

    /// "k of n practices in place": the ticked choices and all choices, the
    /// exclusive "none of these" counted in neither.
    pub fn in_place(&self, ticked: &std::collections::BTreeSet<String>) -> (usize, usize) {
        crate::risk::in_place(self, ticked)
    }
}

/// Whether a risk-rule condition holds for the ticked choice ids: `default`,
/// ids, `!`, `&&`, `||` and parentheses, `!` binding tightest and `||`
/// loosest (`crate::risk`'s grammar). `None` when the condition cannot be read.
pub fn condition_holds(
    condition: &str,
    ticked: &std::collections::BTreeSet<String>,
) -> Option<bool> {
    crate::risk::parse_any(condition)
        .ok()
        .map(|c| c.holds(ticked))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn holds(c: &str, ticked: &[&str]) -> Option<bool> {
        let t = ticked.iter().map(|s| s.to_string()).collect();
        condition_holds(c, &t)
    }

    #[test]
    fn conditions_read_with_not_tightest_and_or_loosest() {
        let table: &[(&str, &[&str], Option<bool>)] = &[
            ("default", &[], Some(true)),
            ("a", &["a"], Some(true)),
            ("a", &[], Some(false)),
            ("!a", &[], Some(true)),
            ("a && b", &["a"], Some(false)),
            ("a && b", &["a", "b"], Some(true)),
            ("a || b && c", &["a"], Some(true)),
            ("(a || b) && c", &["a"], Some(false)),
            ("!a && !b", &[], Some(true)),
            ("!(a || b)", &["b"], Some(false)),
            ("((a))", &["a"], Some(true)),
            ("(a", &["a"], None),
            ("a)", &["a"], None),
            ("a &", &["a"], None),
            ("a b", &["a"], None),
            ("", &[], None),
        ];
        for (c, t, want) in table {
            assert_eq!(holds(c, t), *want, "{c:?} with {t:?}");
        }
    }
}
