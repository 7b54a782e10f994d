//! The leadership report's tables as CSV: scores per assessment and area, and
//! every answer and vote. Cells that could run as spreadsheet formulas are
//! neutralised.

use opex_core::ScoredAssessment;
use opex_core::workshop::Anonymity;

/// Neutralises spreadsheet formulas: a cell that starts with `= + - @`, a tab
/// or a carriage return is prefixed with an apostrophe.
pub fn csv_cell(s: &str) -> String {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{s}"),
        _ => s.to_string(),
    }
}

fn num(v: Option<f64>) -> String {
    v.map_or(String::new(), |v| format!("{v:.2}"))
}

/// One row per assessment × area: the team's scores over time.
pub fn scores_csv(
    team: &str,
    completed: &[ScoredAssessment],
) -> Result<String, crate::ReportError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "team",
        "assessment",
        "date",
        "profile",
        "area",
        "area_name",
        "score",
        "answered",
        "applicable",
    ])?;
    for s in completed {
        let a = &s.assessment;
        for area in &s.bank.areas {
            let Some(sc) = s.scores.area(&area.id) else {
                continue;
            };
            if sc.contributions.is_empty() {
                continue;
            }
            w.write_record([
                csv_cell(team),
                a.id.to_string(),
                a.started_at.format("%Y-%m-%d").to_string(),
                csv_cell(&a.profile),
                csv_cell(&area.id),
                csv_cell(&area.name),
                num(sc.mean),
                sc.answered.to_string(),
                sc.applicable.to_string(),
            ])?;
        }
    }
    Ok(String::from_utf8_lossy(
        &w.into_inner()
            .map_err(|e| crate::ReportError::Csv(e.to_string()))?,
    )
    .into_owned())
}

/// One row per answer: the team's agreed answer to each question and, unless
/// the workshop was anonymous, each vote (named only in an open workshop).
/// `anonymity` is the workshop's (a self-assessment's is `Open`).
/// A breadth as its word (one, some, most, all), or empty.
fn breadth_cell(b: Option<opex_core::Breadth>) -> String {
    b.map(|b| b.as_str().to_string()).unwrap_or_default()
}

pub fn answers_csv(
    s: &ScoredAssessment,
    anonymity: Anonymity,
    include_notes: bool,
) -> Result<String, crate::ReportError> {
    let names: std::collections::HashMap<i64, (usize, String)> = s
        .participants
        .iter()
        .enumerate()
        .map(|(i, p)| (p.id, (i + 1, p.name.clone())))
        .collect();
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "assessment",
        "question",
        "area",
        "who",
        "answer",
        "level",
        "reason",
        "note",
        "breadth",
    ])?;
    let answer_cols = |a: &opex_core::Answer| match a {
        opex_core::Answer::Level(l) => ("level".to_string(), l.to_string(), String::new()),
        opex_core::Answer::NotApplicable { reason } => {
            ("not_applicable".to_string(), String::new(), reason.clone())
        }
        opex_core::Answer::DontKnow => ("dont_know".to_string(), String::new(), String::new()),
    };
    for qid in &s.asked {
        let area = s
            .bank
            .question(qid)
            .map(|q| q.area.clone())
            .unwrap_or_default();
        if let Some(c) = s.consensus.get(qid) {
            let (kind, level, reason) = answer_cols(&c.response.answer);
            let note = if include_notes {
                c.response.note.clone().unwrap_or_default()
            } else {
                String::new()
            };
            w.write_record([
                s.assessment.id.to_string(),
                csv_cell(qid),
                csv_cell(&area),
                "team".into(),
                kind,
                level,
                csv_cell(&reason),
                csv_cell(&note),
                breadth_cell(c.response.breadth),
            ])?;
        }
        for (pid, v) in s.votes.get(qid).into_iter().flatten() {
            let who = match names.get(pid) {
                Some((i, n)) => anonymity.attribution(*i, n),
                None => anonymity.keeps_names().then(|| "participant".into()),
            };
            let Some(who) = who else { continue };
            let (kind, level, reason) = answer_cols(&v.response.answer);
            w.write_record([
                s.assessment.id.to_string(),
                csv_cell(qid),
                csv_cell(&area),
                csv_cell(&who),
                kind,
                level,
                csv_cell(&reason),
                String::new(),
                breadth_cell(v.response.breadth),
            ])?;
        }
    }
    Ok(String::from_utf8_lossy(
        &w.into_inner()
            .map_err(|e| crate::ReportError::Csv(e.to_string()))?,
    )
    .into_owned())
}
