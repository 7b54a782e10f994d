//! The risk rules of a checklist question, as AWS Well-Architected lenses
//! write them: the evaluation AWS does (rules in order, the first that holds
//! decides, `default` last), "k of n practices in place", and the checks the
//! bank loader runs on a checklist question. The condition grammar and its
//! parser are in `condition.rs`.

mod condition;

pub use condition::*;

use crate::checklist::{Checklist, Risk};
use crate::locate::Seg;
use std::collections::{BTreeSet, HashSet};
/// The question's choice ids, in order.
pub fn choice_ids(c: &Checklist) -> Vec<&str> {
    c.choices.iter().map(|c| c.id.as_str()).collect()
}

/// The risk of checklist `c` when exactly `ticked` are ticked, as AWS
/// computes it: the rules in order, the first whose condition holds
/// decides. A rule that does not parse (only a bank that skipped
/// validation has one) never holds, and when no rule holds the risk is
/// none, which is how `--lenient` reads a question without a `default`
/// rule. `Checklist::risk` is this.
pub fn risk_of(c: &Checklist, ticked: &BTreeSet<String>) -> Risk {
    let ids = choice_ids(c);
    c.risk_rules
        .iter()
        .find(|r| parse(&r.condition, &ids).is_ok_and(|c| c.holds(ticked)))
        .map_or(Risk::None, |r| r.risk)
}

/// "k of n practices in place": the ticked practices of `c` and all of
/// them. The "none of these" choice is not a practice.
pub fn in_place(c: &Checklist, ticked: &BTreeSet<String>) -> (usize, usize) {
    let practices = c.choices.iter().filter(|c| !c.none_of_these);
    let n = practices.clone().count();
    let k = practices.filter(|c| ticked.contains(&c.id)).count();
    (k, n)
}

/// What the bank loader finds wrong with a checklist question, each with
/// its path below the question: no choices, an empty or repeated choice
/// id, no rules, a condition that does not parse or names another
/// question's choice, a missing `default`, or a `default` that is not last.
pub(crate) fn problems(c: &Checklist) -> Vec<(Vec<Seg>, String)> {
    let mut out = Vec::new();
    let at = |tail: &[Seg]| {
        let mut p = vec![Seg::from("checklist")];
        p.extend_from_slice(tail);
        p
    };
    if c.choices.is_empty() {
        out.push((
            at(&["choices".into()]),
            "a checklist question needs at least one choice".to_string(),
        ));
    }
    let mut seen = HashSet::new();
    for (i, choice) in c.choices.iter().enumerate() {
        let path = at(&["choices".into(), Seg::Index(i), "id".into()]);
        if choice.id.trim().is_empty() {
            out.push((path, "a choice id must not be empty".into()));
        } else if choice.id == "default" {
            out.push((
                path,
                "`default` cannot be a choice id: it is the risk rules' catch-all".into(),
            ));
        } else if !seen.insert(choice.id.as_str()) {
            out.push((
                path,
                format!("duplicate choice id `{}` in this question", choice.id),
            ));
        }
    }
    if c.risk_rules.is_empty() {
        out.push((
            at(&["risk_rules".into()]),
            "a checklist question needs its risk rules, the last one `default`".into(),
        ));
        return out;
    }
    let ids = choice_ids(c);
    let mut default_at = None;
    for (i, rule) in c.risk_rules.iter().enumerate() {
        match parse(&rule.condition, &ids) {
            Ok(Condition::Default) => default_at = default_at.or(Some(i)),
            Ok(_) => {}
            Err(e) => out.push((
                at(&["risk_rules".into(), Seg::Index(i), "condition".into()]),
                e.to_string(),
            )),
        }
    }
    let last = c.risk_rules.len() - 1;
    match default_at {
        None => out.push((
            at(&["risk_rules".into()]),
            "no rule is `default`: the last rule must be `default`, the risk when no other holds"
                .into(),
        )),
        Some(i) if i != last => out.push((
            at(&["risk_rules".into(), Seg::Index(i), "condition".into()]),
            format!(
                "`default` is rule {} of {}: it must be the last, or the rules after it never apply",
                i + 1,
                last + 1
            ),
        )),
        Some(_) => {}
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checklist::{Choice, RiskRule};

    const IDS: &[&str] = &["a", "b", "c", "d", "q_no"];

    fn checklist(rules: &[(&str, Risk)]) -> Checklist {
        Checklist {
            choices: IDS
                .iter()
                .map(|id| Choice {
                    id: id.to_string(),
                    title: id.to_string(),
                    helpful_resource: None,
                    improvement_plan: None,
                    additional_resources: Vec::new(),
                    none_of_these: id.ends_with("_no"),
                })
                .collect(),
            risk_rules: rules
                .iter()
                .map(|(c, r)| RiskRule {
                    condition: c.to_string(),
                    risk: *r,
                })
                .collect(),
            helpful_resource: None,
            origin: None,
            maturity: None,
        }
    }

    #[test]
    fn the_first_rule_that_holds_decides() {
        let c = checklist(&[
            ("a && b", Risk::None),
            ("a || b", Risk::Medium),
            ("default", Risk::High),
        ]);
        let t = |ids: &[&str]| ids.iter().map(|s| s.to_string()).collect::<BTreeSet<_>>();
        for (ticked, risk) in [
            (&["a", "b"][..], Risk::None),
            (&["a"][..], Risk::Medium),
            (&["b", "c"][..], Risk::Medium),
            (&["c"][..], Risk::High),
            (&["q_no"][..], Risk::High),
        ] {
            assert_eq!(risk_of(&c, &t(ticked)), risk, "{ticked:?}");
        }
        // No rule holds and no default: none, as --lenient reads it.
        let c = checklist(&[("a", Risk::High)]);
        assert_eq!(risk_of(&c, &t(&["b"])), Risk::None);
        assert_eq!(risk_of(&c, &t(&["a"])), Risk::High);
        // "None of these" is not a practice.
        let c = checklist(&[("default", Risk::None)]);
        assert_eq!(in_place(&c, &t(&[])), (0, 4));
        assert_eq!(in_place(&c, &t(&["a", "c"])), (2, 4));
        assert_eq!(in_place(&c, &t(&["q_no"])), (0, 4));
    }

    #[test]
    fn the_loader_checks_rules_and_choices() {
        let messages = |c: &Checklist| -> Vec<String> {
            problems(c)
                .into_iter()
                .map(|(p, m)| format!("{}: {m}", crate::locate::render(&p)))
                .collect()
        };
        assert!(messages(&checklist(&[("a", Risk::High), ("default", Risk::None)])).is_empty());
        assert_eq!(
            messages(&checklist(&[("a", Risk::High)])),
            [
                "checklist.risk_rules: no rule is `default`: the last rule must be `default`, the risk when no other holds"
            ]
        );
        assert_eq!(
            messages(&checklist(&[("default", Risk::None), ("a", Risk::High)])),
            [
                "checklist.risk_rules[0].condition: `default` is rule 1 of 2: it must be the last, or the rules after it never apply"
            ]
        );
        assert_eq!(
            messages(&checklist(&[
                ("a && z", Risk::High),
                ("default", Risk::None)
            ])),
            [
                "checklist.risk_rules[0].condition: `z` at character 6 is not a choice of this question; its choices are a, b, c, d, q_no"
            ]
        );
        let mut dup = checklist(&[("default", Risk::None)]);
        dup.choices[1].id = "a".into();
        assert_eq!(
            messages(&dup),
            ["checklist.choices[1].id: duplicate choice id `a` in this question"]
        );
    }
}
