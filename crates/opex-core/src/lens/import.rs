//! A lens becomes an opex bank: each pillar an area of kind `pillar` (no
//! phase), each question a checklist question (prompt = title, guidance =
//! description, the lens's ids kept in `origin`, the opex id the lens's
//! question id); and a bank becomes the TOML files of a bank folder, read
//! back through the loader, so an imported bank is valid by the same rules
//! as every other.

use super::{Lens, LensError, LensResource};
use crate::checklist::{AdditionalResource, Checklist, Choice, LensOrigin, Resource, RiskRule};
use crate::loader::Source;
use crate::model::{Area, AreaKind, Bank, BankHead, Question, QuestionFile};

/// The bank a lens is: one pillar area per pillar, one checklist question
/// per question, in the lens's order. Its id and version come from the
/// lens name ("Amazon Cognito Best Practice Lens v1.0" is bank
/// `amazon-cognito-best-practice-lens` 1.0; a name without a version gives
/// 1.0), its title is the name.
pub fn to_bank(lens: &Lens) -> Bank {
    let (id, version) = id_and_version(&lens.name);
    let areas = lens
        .pillars
        .iter()
        .map(|p| Area {
            id: p.id.clone(),
            kind: AreaKind::Pillar,
            name: p.name.clone(),
            description: String::new(),
            traditional: None,
            modern: None,
        })
        .collect();
    let questions = lens
        .pillars
        .iter()
        .flat_map(|p| p.questions.iter().map(move |q| (p, q)))
        .map(|(p, q)| Question {
            id: q.id.clone(),
            title: None,
            area: p.id.clone(),
            phase: None,
            phase_reason: None,
            prompt: q.title.clone(),
            guidance: q.description.clone().unwrap_or_default(),
            discussion: None,
            levels: Vec::new(),
            next_steps: Vec::new(),
            dimensions: Vec::new(),
            wa_area: None,
            dora: Vec::new(),
            replaces: Vec::new(),
            checklist: Some(Checklist {
                choices: q
                    .choices
                    .iter()
                    .map(|c| Choice {
                        id: c.id.clone(),
                        title: c.title.clone(),
                        helpful_resource: c.helpful_resource.as_ref().map(resource),
                        improvement_plan: c.improvement_plan.as_ref().map(resource),
                        additional_resources: c
                            .additional_resources
                            .iter()
                            .map(|a| AdditionalResource {
                                kind: a.kind.clone(),
                                content: a.content.iter().map(resource).collect(),
                            })
                            .collect(),
                        none_of_these: c.is_none_of_these(),
                    })
                    .collect(),
                risk_rules: q
                    .risk_rules
                    .iter()
                    .map(|r| RiskRule {
                        condition: r.condition.clone(),
                        risk: r.risk,
                    })
                    .collect(),
                helpful_resource: q.helpful_resource.as_ref().map(resource),
                origin: Some(LensOrigin {
                    lens: lens.name.clone(),
                    pillar_id: p.id.clone(),
                    question_id: q.id.clone(),
                }),
                maturity: None,
            }),
        })
        .collect();
    Bank {
        id,
        version,
        title: lens.name.clone(),
        description: Some(lens.description.clone()),
        areas,
        profiles: Vec::new(),
        questions,
        changelog: Vec::new(),
    }
}

fn resource(r: &LensResource) -> Resource {
    Resource {
        display_text: r.display_text.clone(),
        url: r.url.clone(),
    }
}

/// A bank id (lower-case words joined by `-`) and a version from a lens
/// name whose last word may be a version (`v1.0`, `2.1.3`).
fn id_and_version(name: &str) -> (String, String) {
    let words: Vec<&str> = name.split_whitespace().collect();
    let is_version = |w: &str| {
        let v = w.strip_prefix(['v', 'V']).unwrap_or(w);
        !v.is_empty()
            && v.split('.')
                .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
    };
    let (words, version) = match words.split_last() {
        Some((last, rest)) if !rest.is_empty() && is_version(last) => (
            rest.to_vec(),
            last.trim_start_matches(['v', 'V']).to_string(),
        ),
        _ => (words, "1.0".to_string()),
    };
    let mut id = String::new();
    for c in words.join(" ").chars() {
        if c.is_ascii_alphanumeric() {
            id.push(c.to_ascii_lowercase());
        } else if !id.ends_with('-') && !id.is_empty() {
            id.push('-');
        }
    }
    let id: String = id.trim_end_matches('-').chars().take(64).collect();
    let id = id.trim_end_matches('-').to_string();
    (if id.is_empty() { "lens".into() } else { id }, version)
}

/// The files of a bank folder for `bank`: `bank.toml` with its identity and
/// areas, and one `questions/NN-<area>.toml` per area that has questions,
/// numbered in the bank's order.
pub fn bank_sources(bank: &Bank) -> Result<Vec<Source>, LensError> {
    let toml_error = |e: toml::ser::Error| {
        LensError::Unexportable(format!("the bank cannot be written as TOML: {e}"))
    };
    let head = BankHead {
        id: bank.id.clone(),
        version: bank.version.clone(),
        title: bank.title.clone(),
        description: bank.description.clone(),
        areas: bank.areas.clone(),
        profiles: bank.profiles.clone(),
        questions: Vec::new(),
        changelog: bank.changelog.clone(),
    };
    let mut out = vec![Source {
        name: "bank.toml".into(),
        text: toml::to_string(&head).map_err(toml_error)?,
    }];
    for (n, area) in bank.areas.iter().enumerate() {
        let questions: Vec<Question> = bank
            .questions
            .iter()
            .filter(|q| q.area == area.id)
            .cloned()
            .collect();
        if questions.is_empty() {
            continue;
        }
        let stem: String = area
            .id
            .chars()
            .take(64)
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        out.push(Source {
            name: format!("questions/{:02}-{stem}.toml", n + 1),
            text: toml::to_string(&QuestionFile { questions }).map_err(toml_error)?,
        });
    }
    Ok(out)
}

/// The bank a lens is, with its files, validated by the bank loader.
pub fn import(lens: &Lens) -> Result<(Bank, Vec<Source>), LensError> {
    let sources = bank_sources(&to_bank(lens))?;
    let bank = crate::loader::load_sources(&sources)?;
    Ok((bank, sources))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lens_name_gives_the_bank_id_and_version() {
        for (name, id, version) in [
            (
                "Amazon Cognito Best Practice Lens v1.0",
                "amazon-cognito-best-practice-lens",
                "1.0",
            ),
            (
                "Custom Lens - Amazon API Gateway & AWS Lambda Integration",
                "custom-lens-amazon-api-gateway-aws-lambda-integration",
                "1.0",
            ),
            ("Lens 2.1.3", "lens", "2.1.3"),
            ("v2", "v2", "1.0"),
            ("Überprüfung", "berpr-fung", "1.0"),
            ("—", "lens", "1.0"),
        ] {
            assert_eq!(
                id_and_version(name),
                (id.to_string(), version.to_string()),
                "{name}"
            );
        }
        let long = "word ".repeat(40);
        assert!(id_and_version(&long).0.len() <= 64);
        assert!(!id_and_version(&long).0.ends_with('-'));
    }
}
