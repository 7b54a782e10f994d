//! The leadership report's data: one team's latest assessment read for a
//! director (where the team stands, what changed, the risks, what is being
//! done, how far to trust the numbers), as versioned JSON and as CSV. The
//! sentences of the summary come from rules over the data, never by hand.

use crate::summary::{date_label, summarize, targets_in_force};
use chrono::{DateTime, NaiveDate, Utc};
use opex_core::compare::is_real;
use opex_core::{AreaKind, ValueSource};
use opex_store::{ScoredAssessment, Store, StoreError};
use schemars::JsonSchema;
use serde::Serialize;

/// The version of the JSON format below; bump it on any incompatible change.
pub const REPORT_VERSION: u32 = 1;

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct AssessmentRef {
    pub id: i64,
    pub started_at: String,
    pub completed_at: Option<String>,
    /// "self" or "workshop".
    pub kind: String,
    pub profile: String,
    pub bank_id: String,
    pub bank_version: String,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct AreaScore {
    pub area: String,
    pub name: String,
    pub score: Option<f64>,
    pub change: Option<f64>,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct QuestionLine {
    pub id: String,
    pub prompt: String,
    /// The team value, 1-5; null when not applicable, unknown or unanswered.
    pub value: Option<f64>,
    /// consensus | median_of_votes | not_applicable | dont_know | unanswered
    pub source: String,
    /// Lowest and highest level voted, when two or more people voted.
    pub spread: Option<(u8, u8)>,
    /// The change since the previous assessment, when both have a value (a
    /// question that `replaces` another continues it).
    pub change: Option<f64>,
    /// Present only when the report was made with notes included.
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct AreaSection {
    pub area: String,
    pub name: String,
    /// "principle" or "dimension".
    pub kind: String,
    pub score: Option<f64>,
    pub previous: Option<f64>,
    pub change: Option<f64>,
    /// The change is at least the minimum change (see the methodology).
    pub real_change: bool,
    pub target: Option<f64>,
    pub gap_to_target: Option<f64>,
    pub questions: Vec<QuestionLine>,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ActionLine {
    pub title: String,
    pub owner: Option<String>,
    pub due_date: Option<String>,
    pub status: String,
    pub question: Option<String>,
    pub area: Option<String>,
    pub overdue: bool,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Participation {
    /// People who voted (1 for a self-assessment answered by a lead or a group).
    pub people: u32,
    pub questions: u32,
    pub answered: u32,
    pub not_applicable: u32,
    pub dont_know: u32,
    /// Unanswered or skipped.
    pub unanswered: u32,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Hotspot {
    pub question: String,
    pub prompt: String,
    pub lowest: u8,
    pub highest: u8,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct TrendPoint {
    pub assessment: i64,
    pub date: String,
    pub profile: String,
    pub overall: Option<f64>,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Methodology {
    /// The five level anchors, level 1 first.
    pub scale: Vec<String>,
    pub scoring: String,
    pub not_applicable: String,
    pub minimum_change: String,
    pub bank: String,
}

/// Everything the leadership report says, in one versioned document.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ReportData {
    pub version: u32,
    pub team: String,
    pub generated_at: String,
    pub assessment: AssessmentRef,
    pub previous: Option<AssessmentRef>,
    pub overall: Option<f64>,
    pub overall_change: Option<f64>,
    /// One sentence per finding, made by rules from the data.
    pub summary: Vec<String>,
    pub strongest: Vec<AreaScore>,
    pub weakest: Vec<AreaScore>,
    pub risers: Vec<AreaScore>,
    pub fallers: Vec<AreaScore>,
    pub open_actions: u32,
    pub overdue_actions: u32,
    pub participation: Participation,
    pub areas: Vec<AreaSection>,
    pub hotspots: Vec<Hotspot>,
    pub actions: Vec<ActionLine>,
    pub trend: Vec<TrendPoint>,
    pub methodology: Methodology,
    pub notes_included: bool,
}

fn aref(s: &ScoredAssessment) -> AssessmentRef {
    let a = &s.assessment;
    AssessmentRef {
        id: a.id,
        started_at: a.started_at.to_rfc3339(),
        completed_at: a.completed_at.map(|t| t.to_rfc3339()),
        kind: a.kind.clone(),
        profile: a.profile.clone(),
        bank_id: a.bank_id.clone(),
        bank_version: a.bank_version.clone(),
    }
}

fn source_word(s: ValueSource) -> &'static str {
    match s {
        ValueSource::Consensus => "consensus",
        ValueSource::MedianOfVotes(_) => "median_of_votes",
        ValueSource::NotApplicable => "not_applicable",
        ValueSource::DontKnow => "dont_know",
        ValueSource::Unanswered => "unanswered",
    }
}

fn list(scores: &[AreaScore]) -> String {
    scores
        .iter()
        .map(|a| {
            format!(
                "{} ({})",
                a.name,
                a.score.map_or("–".into(), |s| format!("{s:.1}"))
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Builds the report of `team_id`'s latest completed assessment (or the
/// latest before `until`). Notes are left out unless `include_notes`.
pub fn build(
    store: &Store,
    team_id: i64,
    until: Option<DateTime<Utc>>,
    include_notes: bool,
    now: DateTime<Utc>,
) -> Result<ReportData, StoreError> {
    build_period(store, team_id, None, until, include_notes, now)
}

/// As `build`, with the trend limited to assessments started from `from` on.
pub fn build_period(
    store: &Store,
    team_id: i64,
    from: Option<DateTime<Utc>>,
    until: Option<DateTime<Utc>>,
    include_notes: bool,
    now: DateTime<Utc>,
) -> Result<ReportData, StoreError> {
    let team = store.team(team_id)?;
    let completed: Vec<_> = store
        .assessments(team_id)?
        .into_iter()
        .filter(|a| a.is_complete() && until.is_none_or(|u| a.started_at <= u))
        .collect();
    let Some(last) = completed.last() else {
        return Err(StoreError::Invalid(format!(
            "team \"{}\" has no completed assessment to report on",
            team.name
        )));
    };
    let current = store.scored(last.id)?;
    let previous = match store.previous_completed(last)? {
        Some(p) => Some(store.scored(p.id)?),
        None => None,
    };
    let targets = targets_in_force(store, last)?;
    let summary = summarize(&current, previous.as_ref()).with_targets(&targets);

    let score_of = |r: &crate::AreaRow| AreaScore {
        area: r.id.clone(),
        name: r.name.clone(),
        score: r.mean,
        change: r.delta,
    };
    let mut ranked: Vec<&crate::AreaRow> =
        summary.areas.iter().filter(|a| a.mean.is_some()).collect();
    ranked.sort_by(|a, b| b.mean.unwrap_or(0.0).total_cmp(&a.mean.unwrap_or(0.0)));
    let k = if ranked.len() >= 6 {
        3
    } else {
        ranked.len() / 2
    };
    let strongest: Vec<AreaScore> = ranked.iter().take(k).map(|r| score_of(r)).collect();
    let weakest: Vec<AreaScore> = ranked.iter().rev().take(k).map(|r| score_of(r)).collect();
    let mut moves: Vec<&crate::AreaRow> = summary
        .areas
        .iter()
        .filter(|a| a.delta.is_some_and(|d| is_real(d, a.compared)))
        .collect();
    moves.sort_by(|a, b| b.delta.unwrap_or(0.0).total_cmp(&a.delta.unwrap_or(0.0)));
    let risers: Vec<AreaScore> = moves
        .iter()
        .filter(|a| a.delta > Some(0.0))
        .take(3)
        .map(|r| score_of(r))
        .collect();
    let fallers: Vec<AreaScore> = moves
        .iter()
        .rev()
        .filter(|a| a.delta < Some(0.0))
        .take(3)
        .map(|r| score_of(r))
        .collect();

    let today = now.date_naive();
    let actions: Vec<ActionLine> = store
        .actions(team_id)?
        .iter()
        .map(|a| {
            let live = a.status == "open" || a.status == "in_progress";
            let due = a
                .due_date
                .as_deref()
                .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
            ActionLine {
                title: a.title.clone(),
                owner: a.owner.clone(),
                due_date: a.due_date.clone(),
                status: a.status.clone(),
                question: a.question_id.clone(),
                area: a.area_id.clone(),
                overdue: live && due.is_some_and(|d| d < today),
            }
        })
        .collect();
    let open_actions = actions
        .iter()
        .filter(|a| a.status == "open" || a.status == "in_progress")
        .count() as u32;
    let overdue_actions = actions.iter().filter(|a| a.overdue).count() as u32;

    let o = &current.scores.overall;
    let participation = Participation {
        people: (current.voters as u32).max(u32::from(!current.consensus.is_empty())),
        questions: current.asked.len() as u32,
        answered: o.answered as u32,
        not_applicable: o.not_applicable as u32,
        dont_know: o.dont_know as u32,
        unanswered: o.unanswered as u32,
    };
    let hotspots: Vec<Hotspot> = o
        .contributions
        .iter()
        .filter_map(|c| {
            let (lo, hi) = c.spread?;
            (hi - lo >= opex_core::distribution::DISAGREEMENT_SPAN).then(|| Hotspot {
                question: c.question_id.clone(),
                prompt: current
                    .bank
                    .question(&c.question_id)
                    .map(|q| q.prompt.clone())
                    .unwrap_or_default(),
                lowest: lo,
                highest: hi,
            })
        })
        .collect();

    // The summary's sentences, one rule each.
    let mut lines = Vec::new();
    let when = date_label(&current.assessment);
    lines.push(match (summary.overall, summary.overall_delta, &summary.previous_label) {
        (Some(m), Some(d), Some(p)) if is_real(d, summary.areas.iter().map(|a| a.compared).sum()) => {
            format!("Overall maturity is {m:.1} of 5 on {when}, {} {:.1} since {p}.", if d > 0.0 { "up" } else { "down" }, d.abs())
        }
        (Some(m), Some(_), Some(p)) => format!("Overall maturity is {m:.1} of 5 on {when}, about the same as on {p}."),
        (Some(m), _, _) => format!("Overall maturity is {m:.1} of 5 on {when}: the first assessment, the baseline for what follows."),
        (None, _, _) => format!("No question was answered on {when}."),
    });
    if !strongest.is_empty() {
        lines.push(format!(
            "Strongest: {}. Weakest: {}.",
            list(&strongest),
            list(&weakest)
        ));
    }
    lines.push(match (risers.first(), fallers.first()) {
        (Some(r), Some(f)) => format!(
            "Biggest rise: {} (+{:.1}); biggest fall: {} (−{:.1}).",
            r.name,
            r.change.unwrap_or(0.0),
            f.name,
            f.change.unwrap_or(0.0).abs()
        ),
        (Some(r), None) => format!(
            "Biggest rise: {} (+{:.1}); no area fell beyond the minimum change.",
            r.name,
            r.change.unwrap_or(0.0)
        ),
        (None, Some(f)) => format!(
            "No area rose beyond the minimum change; biggest fall: {} (−{:.1}).",
            f.name,
            f.change.unwrap_or(0.0).abs()
        ),
        (None, None) if previous.is_some() => {
            "No area moved beyond the minimum change.".to_string()
        }
        (None, None) => "There is no earlier assessment to compare with.".to_string(),
    });
    lines.push(match (open_actions, overdue_actions) {
        (0, _) => "No improvement action is open.".to_string(),
        (n, 0) => format!(
            "{n} improvement action{} open, none overdue.",
            if n == 1 { " is" } else { "s are" }
        ),
        (n, d) => format!(
            "{n} improvement action{} open, {d} overdue.",
            if n == 1 { " is" } else { "s are" }
        ),
    });
    let trust = if participation.people < 3 {
        " Fewer than three people took part: read the scores with care."
    } else {
        ""
    };
    lines.push(format!(
        "{} {} took part; {} of {} questions were answered, {} not applicable, {} unanswered; the team disagreed on {} question{}.{trust}",
        participation.people,
        if participation.people == 1 { "person" } else { "people" },
        participation.answered,
        participation.questions,
        participation.not_applicable,
        participation.unanswered,
        hotspots.len(),
        if hotspots.len() == 1 { "" } else { "s" },
    ));

    let compared = previous.as_ref().map(|p| {
        opex_core::compare::compare(
            (&p.bank, &p.asked, &p.scores.overall.contributions),
            (
                &current.bank,
                &current.asked,
                &current.scores.overall.contributions,
            ),
        )
    });
    let question_change = |id: &str| {
        compared
            .as_ref()
            .and_then(|c| c.questions.iter().find(|q| q.question == id))
            .map(opex_core::compare::QuestionChange::delta)
    };
    let areas = summary
        .areas
        .iter()
        .map(|r| AreaSection {
            area: r.id.clone(),
            name: r.name.clone(),
            kind: if r.kind == AreaKind::Principle {
                "principle"
            } else {
                "dimension"
            }
            .into(),
            score: r.mean,
            previous: r.previous,
            change: r.delta,
            real_change: r.delta.is_some_and(|d| is_real(d, r.compared)),
            target: r.target,
            gap_to_target: r.gap(),
            questions: current
                .scores
                .area(&r.id)
                .map(|sc| {
                    sc.contributions
                        .iter()
                        .map(|c| QuestionLine {
                            id: c.question_id.clone(),
                            prompt: current
                                .bank
                                .question(&c.question_id)
                                .map(|q| q.prompt.clone())
                                .unwrap_or_default(),
                            value: c.value,
                            source: source_word(c.source).into(),
                            spread: c.spread,
                            change: question_change(&c.question_id),
                            note: if include_notes {
                                current
                                    .consensus
                                    .get(&c.question_id)
                                    .and_then(|a| a.response.note.clone())
                            } else {
                                None
                            },
                        })
                        .collect()
                })
                .unwrap_or_default(),
        })
        .collect();

    let trend = completed
        .iter()
        .filter(|a| from.is_none_or(|f| a.started_at >= f))
        .map(|a| {
            let s = store.scored(a.id)?;
            Ok(TrendPoint {
                assessment: a.id,
                date: a.started_at.to_rfc3339(),
                profile: a.profile.clone(),
                overall: s.scores.overall.mean,
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;

    Ok(ReportData {
        version: REPORT_VERSION,
        team: team.name.clone(),
        generated_at: now.to_rfc3339(),
        assessment: aref(&current),
        previous: previous.as_ref().map(aref),
        overall: summary.overall,
        overall_change: summary.overall_delta,
        summary: lines,
        strongest,
        weakest,
        risers,
        fallers,
        open_actions,
        overdue_actions,
        participation,
        areas,
        hotspots,
        actions,
        trend,
        methodology: Methodology {
            scale: ["1 Ad hoc (traditional)", "2 Emerging", "3 Defined", "4 Managed", "5 Optimising (modern)"]
                .iter()
                .map(|s| s.to_string())
                .collect(),
            scoring: "A question's value is the team's agreed answer, or else the median of the votes; an area, a phase and the overall score are the mean of their questions' values.".into(),
            not_applicable: "Not-applicable and don't-know answers are left out of every mean and counted apart.".into(),
            minimum_change: "A change counts as a rise or a fall only when it is at least half a level for an area measured on one question, or a quarter of a level over two or more.".into(),
            bank: format!("{} {} ({})", current.assessment.bank_title, current.assessment.bank_version, current.assessment.bank_id),
        },
        notes_included: include_notes,
    })
}

/// The report as pretty JSON.
pub fn to_json(r: &ReportData) -> String {
    serde_json::to_string_pretty(r).unwrap_or_default() + "\n"
}

/// The JSON Schema of the report format, generated from the types.
pub fn json_schema() -> String {
    serde_json::to_string_pretty(&schemars::schema_for!(ReportData)).unwrap_or_default() + "\n"
}

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
pub fn scores_csv(store: &Store, team_id: i64) -> Result<String, crate::ReportError> {
    let team = store.team(team_id)?;
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
    for a in store
        .assessments(team_id)?
        .iter()
        .filter(|a| a.is_complete())
    {
        let s = store.scored(a.id)?;
        for area in &s.bank.areas {
            let Some(sc) = s.scores.area(&area.id) else {
                continue;
            };
            if sc.contributions.is_empty() {
                continue;
            }
            w.write_record([
                csv_cell(&team.name),
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
pub fn answers_csv(
    store: &Store,
    assessment_id: i64,
    include_notes: bool,
) -> Result<String, crate::ReportError> {
    let s = store.scored(assessment_id)?;
    let anonymity = if s.assessment.kind == "workshop" {
        store.workshop(assessment_id)?.settings.anonymity
    } else {
        opex_store::workshop::Anonymity::Open
    };
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
            ])?;
        }
        if anonymity == opex_store::workshop::Anonymity::Anonymous {
            continue;
        }
        for (pid, v) in s.votes.get(qid).into_iter().flatten() {
            let who = match (anonymity, names.get(pid)) {
                (opex_store::workshop::Anonymity::Open, Some((_, n))) => n.clone(),
                (_, Some((i, _))) => format!("participant {i}"),
                (_, None) => "participant".into(),
            };
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
            ])?;
        }
    }
    Ok(String::from_utf8_lossy(
        &w.into_inner()
            .map_err(|e| crate::ReportError::Csv(e.to_string()))?,
    )
    .into_owned())
}

/// A file name made from a team name: letters, digits, `-` and `_` only, so a
/// team name never becomes a path (no `/`, `..` or NUL).
pub fn safe_file_name(team: &str) -> String {
    let mut out = String::new();
    for c in team.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_matches('-').chars().take(60).collect::<String>();
    if out.is_empty() { "team".into() } else { out }
}

/// The report as Markdown for a wiki, with its charts as SVG files written
/// beside it and linked relatively. Returns the Markdown and the files, as
/// (file name, SVG). `stem` names the chart files (use `safe_file_name`).
pub fn markdown(
    r: &ReportData,
    charts: &crate::Charts,
    drawn: &crate::history::TrendCharts,
    stem: &str,
) -> (String, Vec<(String, String)>) {
    use crate::workshop::escape_md as md;
    use std::fmt::Write;
    let f = |v: Option<f64>| v.map_or("–".to_string(), |v| format!("{v:.1}"));
    let files = vec![
        (format!("{stem}-radar.svg"), charts.radar.clone()),
        (format!("{stem}-trend.svg"), drawn.trend.clone()),
        (format!("{stem}-area-trends.svg"), drawn.areas.clone()),
        (format!("{stem}-phases.svg"), charts.phases.clone()),
        (format!("{stem}-spectrum.svg"), charts.spectrum.clone()),
    ];
    let mut out = String::new();
    let _ = writeln!(out, "# Operational maturity: {}\n", md(&r.team));
    for s in &r.summary {
        let _ = writeln!(out, "- {}", md(s));
    }
    let _ = writeln!(out, "\n![Radar of the areas]({})\n", files[0].0);
    let _ = writeln!(out, "![Overall score over time]({})\n", files[1].0);
    let _ = writeln!(out, "![Each area's score over time]({})\n", files[2].0);
    let _ = writeln!(
        out,
        "## Areas\n\n| Area | Score | Change | Target |\n|---|---|---|---|"
    );
    for a in &r.areas {
        let change = match a.change {
            Some(c) if a.real_change => format!("{c:+.1}"),
            Some(c) => format!("≈ {c:+.1} (noise)"),
            None => String::new(),
        };
        let _ = writeln!(
            out,
            "| {} | {} | {change} | {} |",
            md(&a.name),
            f(a.score),
            f(a.target)
        );
    }
    let _ = writeln!(
        out,
        "\n![Scores per phase]({})\n\n![Traditional to modern]({})\n",
        files[3].0, files[4].0
    );
    let _ = writeln!(out, "## Where the team disagreed\n");
    if r.hotspots.is_empty() {
        let _ = writeln!(out, "No question's votes spread over two or more levels.");
    }
    for h in &r.hotspots {
        let _ = writeln!(
            out,
            "- {} {} (votes {} to {})",
            md(&h.question),
            md(&h.prompt),
            h.lowest,
            h.highest
        );
    }
    let _ = writeln!(out, "\n## Actions\n");
    for a in &r.actions {
        let done = if a.status == "done" { "x" } else { " " };
        let _ = writeln!(
            out,
            "- [{done}] {} — {}{}, {}{}",
            md(&a.title),
            md(a.owner.as_deref().unwrap_or("no owner")),
            a.due_date
                .as_deref()
                .map(|d| format!(", due {}", md(d)))
                .unwrap_or_default(),
            md(&a.status.replace('_', " ")),
            if a.overdue { " **overdue**" } else { "" }
        );
    }
    let m = &r.methodology;
    let _ = writeln!(
        out,
        "\n## Methodology\n\n- Scale: {}\n- {}\n- {}\n- {}\n- Bank: {}",
        md(&m.scale.join(" · ")),
        md(&m.scoring),
        md(&m.not_applicable),
        md(&m.minimum_change),
        md(&m.bank)
    );
    (out, files)
}

#[derive(askama::Template)]
#[template(path = "leadership.html")]
struct LeadershipPage<'a> {
    r: &'a ReportData,
    label: &'a str,
    bank: &'a str,
    overall: String,
    overall_change: String,
    radar: &'a str,
    trend: &'a str,
    area_trends: &'a str,
    phases: &'a str,
    spectrum: &'a str,
    generated: String,
}

impl LeadershipPage<'_> {
    fn fmt(&self, v: &Option<f64>) -> String {
        v.map_or("–".to_string(), |v| format!("{v:.1}"))
    }
    fn change(&self, v: &Option<f64>) -> String {
        crate::html::fmt_change(*v)
    }
}

/// The leadership report as one self-contained HTML page: inline CSS and SVG,
/// no script, a print stylesheet. Askama escapes every piece of text.
pub fn html(
    r: &ReportData,
    charts: &crate::Charts,
    drawn: &crate::history::TrendCharts,
    label: &str,
    bank: &str,
) -> Result<String, crate::ReportError> {
    use askama::Template;
    let page = LeadershipPage {
        r,
        label,
        bank,
        overall: r.overall.map_or("–".into(), |v| format!("{v:.1}")),
        overall_change: crate::html::fmt_change(r.overall_change),
        radar: &charts.radar,
        trend: &drawn.trend,
        area_trends: &drawn.areas,
        phases: &charts.phases,
        spectrum: &charts.spectrum,
        generated: r.generated_at.clone(),
    };
    Ok(page.render()?)
}
