//! An opex bank becomes a lens the AWS tool accepts, checked by this
//! module's own validator before it is handed back.
//!
//! - Checklist questions go back as they came: ids, texts, choices and
//!   rules as written.
//! - A maturity question becomes a single select by convention: its
//!   description says "Choose the one statement that fits best."; level 1
//!   is the exclusive `<ID>_no` choice and levels 2-5 are `<ID>_L2` …
//!   `<ID>_L5`, each with the next step that reaches it as its improvement
//!   plan; the lowest level ticked sets the risk ([`maturity_rules`]).
//! - Pillars: each area with questions is one, while there are at most ten.
//!   Beyond ten, principles and pillars stay one each and the dimensions
//!   share the pillars left, in bank order, as evenly as they fit (the
//!   default bank: five principles, and its eight dimensions in four
//!   pairs). A pillar over 20 questions is split into parts.

use super::Lens;
use super::{
    LensChoice, LensError, LensQuestion, LensResource, LensRiskRule, MAX_DESCRIPTION, MAX_TITLE,
    Pillar, ReadOptions, SCHEMA_VERSION,
};
use crate::checklist::{Checklist, Resource, Risk};
use crate::levels::LEVEL_NAMES;
use crate::model::{Area, AreaKind, Bank, Question, cut};
use std::collections::HashMap;

/// The sentence that makes a lens question a single select.
pub const SINGLE_SELECT: &str = "Choose the one statement that fits best.";

/// The most pillars a lens has.
const MAX_PILLARS: usize = 10;
/// The most questions a pillar has.
const MAX_QUESTIONS: usize = 20;
/// The longest id opex makes (the AWS tool's limit on choice ids); a
/// question's own is shorter, to leave room for `_L5`.
const MAX_ID: usize = 64;
const MAX_QUESTION_ID: usize = 60;

/// A lens written from a bank: the lens, its JSON, and which areas went
/// into which pillar.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportedLens {
    pub lens: Lens,
    pub json: String,
    pub plan: Vec<PillarPlan>,
}

/// One pillar of an exported lens: the areas it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PillarPlan {
    pub pillar_id: String,
    pub name: String,
    /// The bank's area ids, in bank order.
    pub areas: Vec<String>,
    pub questions: usize,
}

/// The risk rules of an exported maturity question `qid`: the lowest level
/// ticked decides. Level 1 or 2 is high risk, level 3 medium, levels 4 and
/// 5 none. Rules are tried in order, so with levels 2 and 4 ticked the 2
/// decides.
pub fn maturity_rules(qid: &str) -> Vec<LensRiskRule> {
    vec![
        LensRiskRule {
            condition: format!("{qid}_no || {qid}_L2"),
            risk: Risk::High,
        },
        LensRiskRule {
            condition: format!("{qid}_L3"),
            risk: Risk::Medium,
        },
        LensRiskRule {
            condition: "default".into(),
            risk: Risk::None,
        },
    ]
}

/// Writes `bank` as a lens, and reads the result back through the lens
/// validator: what comes back passes it.
pub fn export(bank: &Bank) -> Result<ExportedLens, LensError> {
    let groups = plan(bank)?;
    let mut lens_ids: HashMap<String, &str> = HashMap::new();
    let mut pillar_ids: HashMap<String, String> = HashMap::new();
    let mut pillars = Vec::new();
    let mut plans = Vec::new();
    for g in &groups {
        let id = g.pillar_id();
        if let Some(other) = pillar_ids.insert(id.clone(), g.name()) {
            return Err(LensError::Unexportable(format!(
                "the pillars \"{other}\" and \"{}\" would both have the id `{id}`",
                g.name()
            )));
        }
        let several = g.areas.len() > 1;
        let mut questions = Vec::new();
        for q in &g.questions {
            let area = if several {
                bank.area(&q.area).map(|a| a.name.as_str())
            } else {
                None
            };
            let lq = match &q.checklist {
                Some(c) => checklist_question(q, c),
                None => maturity_question(q, area),
            };
            if let Some(other) = lens_ids.insert(lq.id.clone(), &q.id) {
                return Err(LensError::Unexportable(format!(
                    "the questions `{other}` and `{}` would both have the lens id `{}`",
                    q.id, lq.id
                )));
            }
            questions.push(lq);
        }
        plans.push(PillarPlan {
            pillar_id: id.clone(),
            name: g.name(),
            areas: g.areas.iter().map(|a| a.id.clone()).collect(),
            questions: questions.len(),
        });
        pillars.push(Pillar {
            id,
            name: g.name(),
            questions,
        });
    }
    let lens = Lens {
        schema_version: SCHEMA_VERSION.into(),
        name: fit(&bank.title, MAX_TITLE),
        description: fit(bank.description.as_deref().unwrap_or(""), MAX_DESCRIPTION),
        pillars,
    };
    let json = serde_json::to_string_pretty(&lens)
        .map_err(|e| LensError::Unexportable(format!("the lens cannot be written as JSON: {e}")))?
        + "\n";
    match super::read("the exported lens", json.as_bytes(), ReadOptions::default()) {
        Ok(_) => Ok(ExportedLens {
            lens,
            json,
            plan: plans,
        }),
        Err(LensError::Invalid(issues)) => Err(LensError::ExportInvalid(issues)),
        Err(e) => Err(e),
    }
}

/// `s` whole when it fits in `max` characters, else cut at a word.
fn fit(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        cut(s, max)
    }
}

/// `s` as a lens id: letters, digits and `_` (anything else becomes `_`),
/// at most `max` characters, at least 3.
fn lens_id(s: &str, max: usize) -> String {
    let mut id: String = s
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .take(max)
        .collect();
    while id.chars().count() < 3 {
        id.push('_');
    }
    id
}

/// Areas that share a pillar, and the questions (of a part, when split).
struct Group<'b> {
    areas: Vec<&'b Area>,
    questions: Vec<&'b Question>,
    /// (part, parts) when the areas' questions are split.
    part: Option<(usize, usize)>,
}

impl Group<'_> {
    fn pillar_id(&self) -> String {
        let base = match self.areas.as_slice() {
            [a] if a.kind == AreaKind::Pillar => a.id.clone(),
            areas => areas
                .iter()
                .map(|a| a.id.as_str())
                .collect::<Vec<_>>()
                .join("_and_"),
        };
        match self.part {
            None => lens_id(&base, MAX_ID),
            Some((n, _)) => {
                let suffix = format!("_{n}");
                lens_id(&base, MAX_ID - suffix.len()) + &suffix
            }
        }
    }

    fn name(&self) -> String {
        let names = self
            .areas
            .iter()
            .map(|a| a.name.as_str())
            .collect::<Vec<_>>()
            .join(" & ");
        match self.part {
            None => fit(&names, MAX_TITLE),
            Some((n, of)) => {
                let suffix = format!(" ({n} of {of})");
                fit(&names, MAX_TITLE - suffix.len()) + &suffix
            }
        }
    }
}

/// The pillars `bank`'s areas go into (see the module's doc).
fn plan(bank: &Bank) -> Result<Vec<Group<'_>>, LensError> {
    let of =
        |a: &Area| -> Vec<&Question> { bank.questions.iter().filter(|q| q.area == a.id).collect() };
    let used: Vec<&Area> = bank.areas.iter().filter(|a| !of(a).is_empty()).collect();
    let sets: Vec<Vec<&Area>> = if used.len() <= MAX_PILLARS {
        used.iter().map(|a| vec![*a]).collect()
    } else {
        let (dims, own): (Vec<&Area>, Vec<&Area>) =
            used.iter().partition(|a| a.kind == AreaKind::Dimension);
        let slots = MAX_PILLARS.saturating_sub(own.len());
        if slots == 0 {
            return Err(LensError::Unexportable(format!(
                "its {} principles and pillars take a pillar each, which leaves none for its {} dimensions; a lens has at most {MAX_PILLARS} pillars",
                own.len(),
                dims.len()
            )));
        }
        let size = dims.len().div_ceil(slots);
        let mut sets: Vec<Vec<&Area>> = own.iter().map(|a| vec![*a]).collect();
        sets.extend(dims.chunks(size).map(<[&Area]>::to_vec));
        let rank = |a: &Area| bank.areas.iter().position(|b| b.id == a.id);
        sets.sort_by_key(|s| s.first().and_then(|a| rank(a)));
        sets
    };
    let mut groups = Vec::new();
    for areas in sets {
        let questions: Vec<&Question> = areas.iter().flat_map(|a| of(a)).collect();
        let parts = questions.len().div_ceil(MAX_QUESTIONS);
        if parts <= 1 {
            groups.push(Group {
                areas,
                questions,
                part: None,
            });
            continue;
        }
        let per = questions.len().div_ceil(parts);
        for (n, chunk) in questions.chunks(per).enumerate() {
            groups.push(Group {
                areas: areas.clone(),
                questions: chunk.to_vec(),
                part: Some((n + 1, parts)),
            });
        }
    }
    if groups.len() > MAX_PILLARS {
        return Err(LensError::Unexportable(format!(
            "it needs {} pillars (at most {MAX_QUESTIONS} questions each) and a lens has at most {MAX_PILLARS}",
            groups.len()
        )));
    }
    Ok(groups)
}

fn resource(r: &Resource) -> LensResource {
    LensResource {
        display_text: r.display_text.clone(),
        url: r.url.clone(),
    }
}

/// A checklist question, back as its lens had it.
fn checklist_question(q: &Question, c: &Checklist) -> LensQuestion {
    let id = c
        .origin
        .as_ref()
        .map_or_else(|| lens_id(&q.id, MAX_ID), |o| o.question_id.clone());
    LensQuestion {
        id,
        title: q.prompt.clone(),
        description: (!q.guidance.is_empty()).then(|| q.guidance.clone()),
        helpful_resource: c.helpful_resource.as_ref().map(resource),
        choices: c
            .choices
            .iter()
            .map(|ch| LensChoice {
                id: ch.id.clone(),
                title: ch.title.clone(),
                helpful_resource: ch.helpful_resource.as_ref().map(resource),
                improvement_plan: ch.improvement_plan.as_ref().map(resource),
                additional_resources: ch
                    .additional_resources
                    .iter()
                    .map(|a| super::LensAdditionalResource {
                        kind: a.kind.clone(),
                        content: a.content.iter().map(resource).collect(),
                    })
                    .collect(),
            })
            .collect(),
        risk_rules: c
            .risk_rules
            .iter()
            .map(|r| LensRiskRule {
                condition: r.condition.clone(),
                risk: r.risk,
            })
            .collect(),
    }
}

/// A maturity question as a single select by convention. `area` names the
/// question's area when its pillar holds several.
fn maturity_question(q: &Question, area: Option<&str>) -> LensQuestion {
    let id = lens_id(&q.id, MAX_QUESTION_ID);
    let prompt = q.prompt.trim();
    let title = fit(prompt, MAX_TITLE);
    let mut description = String::new();
    if title != prompt {
        description.push_str(prompt);
        description.push_str("\n\n");
    }
    description.push_str(SINGLE_SELECT);
    if let Some(area) = area {
        description.push_str(&format!(" Area: {area}."));
    }
    if !q.guidance.trim().is_empty() {
        description.push_str("\n\n");
        description.push_str(q.guidance.trim());
    }
    let choices = q
        .levels
        .iter()
        .enumerate()
        .map(|(k, level)| {
            let n = k + 1;
            let name = LEVEL_NAMES.get(k).copied().unwrap_or("");
            let mut help = level.text.trim().to_string();
            if !level.checks.is_empty() {
                help.push_str("\n\nChecks:");
                for c in &level.checks {
                    help.push_str("\n- ");
                    help.push_str(c.trim());
                }
            }
            let plan = (n > 1).then(|| {
                let step = q
                    .next_steps
                    .get(k - 1)
                    .map(|s| s.trim())
                    .filter(|s| !s.is_empty())
                    .map_or_else(
                        || format!("Reach level {n}: {}", level.text.trim()),
                        str::to_string,
                    );
                LensResource {
                    display_text: fit(&step, MAX_DESCRIPTION),
                    url: None,
                }
            });
            LensChoice {
                id: if n == 1 {
                    format!("{id}_no")
                } else {
                    format!("{id}_L{n}")
                },
                title: fit(
                    &format!("Level {n} ({name}): {}", level.text.trim()),
                    MAX_TITLE,
                ),
                helpful_resource: Some(LensResource {
                    display_text: fit(&help, MAX_DESCRIPTION),
                    url: None,
                }),
                improvement_plan: plan,
                additional_resources: Vec::new(),
            }
        })
        .collect();
    LensQuestion {
        risk_rules: maturity_rules(&id),
        id,
        title,
        description: Some(fit(&description, MAX_DESCRIPTION)),
        helpful_resource: q
            .discussion
            .as_deref()
            .map(str::trim)
            .filter(|d| !d.is_empty())
            .map(|d| LensResource {
                display_text: fit(&format!("To discuss: {d}"), MAX_DESCRIPTION),
                url: None,
            }),
        choices,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_letters_digits_and_underscores() {
        assert_eq!(lens_id("OPS-CODE-01", 60), "OPS_CODE_01");
        assert_eq!(lens_id("a", 60), "a__");
        assert_eq!(lens_id(&"x".repeat(80), 60).len(), 60);
        assert_eq!(lens_id("é-1", 60), "__1");
    }
}
