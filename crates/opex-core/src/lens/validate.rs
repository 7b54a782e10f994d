//! The published limits of the lens format (schemaVersion `2021-11-01`),
//! each broken one an error located by line, column and JSON path. With
//! `--lenient`, a question without a `default` rule gets `default` →
//! `NO_RISK` and a warning instead of an error.

use super::json::At;
use super::{
    CHOICE_ID, CHOICES, Lens, LensResource, LensRiskRule, MAX_DESCRIPTION, MAX_NAME, MAX_TITLE,
    PILLAR_ID, PILLARS, QUESTION_ID, QUESTIONS, RULES, ReadOptions, SCHEMA_VERSION,
};
use crate::checklist::Risk;
use crate::error::Issue;
use crate::locate::Seg;
use crate::risk::{Condition, parse};
use std::collections::HashMap;
use std::ops::RangeInclusive;

/// Checks `lens` against the format; returns the errors and adds the
/// warnings. A lenient read may change the lens (it adds `default` rules).
pub(crate) fn validate(
    lens: &mut Lens,
    at: &At,
    options: ReadOptions,
    warnings: &mut Vec<Issue>,
) -> Vec<Issue> {
    let mut c = Check {
        at,
        errors: Vec::new(),
    };
    if lens.schema_version != SCHEMA_VERSION {
        c.error(
            &["schemaVersion".into()],
            format!(
                "schemaVersion is \"{}\"; opex reads lenses of schemaVersion \"{SCHEMA_VERSION}\"",
                lens.schema_version
            ),
        );
    }
    c.length(&lens.name, 1..=MAX_NAME, &["name".into()], "the lens name");
    c.length(
        &lens.description,
        0..=MAX_DESCRIPTION,
        &["description".into()],
        "the lens description",
    );
    c.count(
        lens.pillars.len(),
        PILLARS,
        &["pillars".into()],
        "pillars",
        "a lens",
    );

    let mut pillar_ids: HashMap<&str, usize> = HashMap::new();
    let mut question_ids: HashMap<&str, (usize, usize)> = HashMap::new();
    for (p, pillar) in lens.pillars.iter().enumerate() {
        let path = [Seg::from("pillars"), Seg::Index(p)];
        let id_path = [&path[..], &["id".into()]].concat();
        if c.id(&pillar.id, PILLAR_ID, &id_path, "a pillar id")
            && let Some(first) = pillar_ids.insert(&pillar.id, p)
        {
            c.error(
                &id_path,
                format!(
                    "pillar id `{}` is also the id of pillars[{first}]; pillar ids are unique in a lens",
                    pillar.id
                ),
            );
        }
        c.length(
            &pillar.name,
            1..=MAX_TITLE,
            &[&path[..], &["name".into()]].concat(),
            "the pillar name",
        );
        let qs_path = [&path[..], &["questions".into()]].concat();
        c.count(
            pillar.questions.len(),
            QUESTIONS,
            &qs_path,
            "questions",
            "a pillar",
        );
        for (q, question) in pillar.questions.iter().enumerate() {
            let path = [&qs_path[..], &[Seg::Index(q)]].concat();
            let id_path = [&path[..], &["id".into()]].concat();
            if c.id(&question.id, QUESTION_ID, &id_path, "a question id")
                && let Some((fp, fq)) = question_ids.insert(&question.id, (p, q))
            {
                c.error(
                    &id_path,
                    format!(
                        "question id `{}` is also the id of pillars[{fp}].questions[{fq}]; question ids are unique in a lens",
                        question.id
                    ),
                );
            }
            c.length(
                &question.title,
                1..=MAX_TITLE,
                &[&path[..], &["title".into()]].concat(),
                "the question title",
            );
            if let Some(d) = &question.description {
                c.length(
                    d,
                    0..=MAX_DESCRIPTION,
                    &[&path[..], &["description".into()]].concat(),
                    "the question description",
                );
            }
            if let Some(r) = &question.helpful_resource {
                c.resource(r, &[&path[..], &["helpfulResource".into()]].concat());
            }
            let cs_path = [&path[..], &["choices".into()]].concat();
            c.count(
                question.choices.len(),
                CHOICES,
                &cs_path,
                "choices",
                "a question",
            );
            let mut choice_ids: HashMap<&str, usize> = HashMap::new();
            for (k, choice) in question.choices.iter().enumerate() {
                let path = [&cs_path[..], &[Seg::Index(k)]].concat();
                let id_path = [&path[..], &["id".into()]].concat();
                if c.id(&choice.id, CHOICE_ID, &id_path, "a choice id") {
                    if choice.id == "default" {
                        c.error(
                            &id_path,
                            "`default` cannot be a choice id: it is the risk rules' catch-all"
                                .into(),
                        );
                    } else if let Some(first) = choice_ids.insert(&choice.id, k) {
                        c.error(
                            &id_path,
                            format!(
                                "choice id `{}` is also the id of choices[{first}]; choice ids are unique in a question",
                                choice.id
                            ),
                        );
                    }
                }
                c.length(
                    &choice.title,
                    1..=MAX_TITLE,
                    &[&path[..], &["title".into()]].concat(),
                    "the choice title",
                );
                if let Some(r) = &choice.helpful_resource {
                    c.resource(r, &[&path[..], &["helpfulResource".into()]].concat());
                }
                match &choice.improvement_plan {
                    Some(r) => c.resource(r, &[&path[..], &["improvementPlan".into()]].concat()),
                    None if choice.is_none_of_these() => {}
                    None => c.error(
                        &[&path[..], &["improvementPlan".into()]].concat(),
                        format!(
                            "choice `{}` has no improvementPlan; only a \"None of these\" choice (id ending in `_no`) may go without",
                            choice.id
                        ),
                    ),
                }
                for (a, extra) in choice.additional_resources.iter().enumerate() {
                    let path = [&path[..], &["additionalResources".into(), Seg::Index(a)]].concat();
                    if extra.kind != "HELPFUL_RESOURCE" && extra.kind != "IMPROVEMENT_PLAN" {
                        c.error(
                            &[&path[..], &["type".into()]].concat(),
                            format!(
                                "`{}` is not a resource type: write HELPFUL_RESOURCE or IMPROVEMENT_PLAN",
                                extra.kind
                            ),
                        );
                    }
                    let content = [&path[..], &["content".into()]].concat();
                    if extra.content.is_empty() {
                        c.error(
                            &content,
                            "the content is empty: give at least one resource".into(),
                        );
                    }
                    for (i, r) in extra.content.iter().enumerate() {
                        c.resource(r, &[&content[..], &[Seg::Index(i)]].concat());
                    }
                }
            }
            let ids: Vec<&str> = question.choices.iter().map(|c| c.id.as_str()).collect();
            let rules_path = [&path[..], &["riskRules".into()]].concat();
            c.rules(&question.risk_rules, &ids, &rules_path);
        }
    }

    for (p, pillar) in lens.pillars.iter_mut().enumerate() {
        for (q, question) in pillar.questions.iter_mut().enumerate() {
            let ids: Vec<&str> = question.choices.iter().map(|c| c.id.as_str()).collect();
            let has_default = question
                .risk_rules
                .iter()
                .any(|r| parse(&r.condition, &ids) == Ok(Condition::Default));
            // No rules at all is already an error of its own.
            if has_default || question.risk_rules.is_empty() {
                continue;
            }
            let path = [
                Seg::from("pillars"),
                Seg::Index(p),
                "questions".into(),
                Seg::Index(q),
                "riskRules".into(),
            ];
            if !options.lenient {
                c.error(
                    &path,
                    format!(
                        "question `{}` has no `default` rule; a lens question needs one, last (--lenient reads it as `default` → NO_RISK)",
                        question.id
                    ),
                );
                continue;
            }
            // The same risk as `default` just before it decides nothing.
            let mut dropped = Vec::new();
            while question
                .risk_rules
                .last()
                .is_some_and(|r| r.risk == Risk::None)
            {
                if let Some(r) = question.risk_rules.pop() {
                    dropped.push(r.condition);
                }
            }
            question.risk_rules.push(LensRiskRule {
                condition: "default".into(),
                risk: Risk::None,
            });
            let also = match dropped.as_slice() {
                [] => String::new(),
                [one] => format!(
                    "; the NO_RISK rule `{one}` before it decides nothing any more and is left out"
                ),
                more => format!(
                    "; the NO_RISK rules {} before it decide nothing any more and are left out",
                    more.iter()
                        .map(|c| format!("`{c}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            warnings.push(at.issue(
                &path,
                format!(
                    "question `{}` has no `default` rule; --lenient adds `default` → NO_RISK{also}",
                    question.id
                ),
            ));
        }
    }
    c.errors
}

struct Check<'a, 't> {
    at: &'a At<'t>,
    errors: Vec<Issue>,
}

impl Check<'_, '_> {
    fn error(&mut self, path: &[Seg], message: String) {
        self.errors.push(self.at.issue(path, message));
    }

    /// `what` has between `range` characters.
    fn length(&mut self, s: &str, range: RangeInclusive<usize>, path: &[Seg], what: &str) {
        let n = s.chars().count();
        if n < *range.start() {
            let message = if n == 0 {
                format!("{what} is empty")
            } else {
                format!("{what} is {n} characters; at least {}", range.start())
            };
            self.error(path, message);
        } else if n > *range.end() {
            self.error(
                path,
                format!("{what} is {n} characters; at most {}", range.end()),
            );
        }
    }

    /// An id of letters, digits and `_`, of a length in `range`; whether
    /// it is one.
    fn id(&mut self, s: &str, range: RangeInclusive<usize>, path: &[Seg], what: &str) -> bool {
        let before = self.errors.len();
        if let Some(bad) = s.chars().find(|c| !c.is_ascii_alphanumeric() && *c != '_') {
            self.error(
                path,
                format!("{what} holds only letters, digits and `_`; `{s}` has `{bad}`"),
            );
        }
        self.length(s, range, path, what);
        self.errors.len() == before
    }

    fn count(
        &mut self,
        n: usize,
        range: RangeInclusive<usize>,
        path: &[Seg],
        things: &str,
        holder: &str,
    ) {
        if !range.contains(&n) {
            self.error(
                path,
                format!(
                    "{n} {things}; {holder} has {} to {}",
                    range.start(),
                    range.end()
                ),
            );
        }
    }

    fn resource(&mut self, r: &LensResource, path: &[Seg]) {
        self.length(
            &r.display_text,
            1..=MAX_DESCRIPTION,
            &[path, &["displayText".into()]].concat(),
            "the displayText",
        );
    }

    /// 1 to 3 rules whose conditions parse over the question's choices,
    /// with `default`, when there, last. (A missing `default` is the
    /// caller's, as `--lenient` may accept it.)
    fn rules(&mut self, rules: &[LensRiskRule], ids: &[&str], path: &[Seg]) {
        self.count(rules.len(), RULES, path, "risk rules", "a question");
        let mut default_at = None;
        for (i, rule) in rules.iter().enumerate() {
            let cpath = [path, &[Seg::Index(i), "condition".into()]].concat();
            match parse(&rule.condition, ids) {
                Ok(Condition::Default) => default_at = default_at.or(Some(i)),
                Ok(_) => {}
                Err(e) => {
                    let start = self.at.offset(&cpath);
                    let offset = self.at.raw(&cpath).map_or(start, |raw| {
                        // Point at the character, when no escape moves it.
                        let inner = raw.strip_prefix('"').unwrap_or("");
                        match inner.strip_prefix(rule.condition.as_str()) {
                            Some(rest) if rest.starts_with('"') => {
                                let bytes: usize = rule
                                    .condition
                                    .chars()
                                    .take(e.offset)
                                    .map(char::len_utf8)
                                    .sum();
                                start + 1 + bytes
                            }
                            _ => start,
                        }
                    });
                    self.errors.push(self.at.issue_at(
                        offset,
                        &cpath,
                        format!("the condition does not parse: {e}"),
                    ));
                }
            }
        }
        if let Some(i) = default_at
            && i + 1 != rules.len()
        {
            self.error(
                &[path, &[Seg::Index(i), "condition".into()]].concat(),
                format!(
                    "`default` is rule {} of {}: it must be the last, or the rules after it never apply",
                    i + 1,
                    rules.len()
                ),
            );
        }
    }
}
