//! The leadership report's data, built from what the caller loaded: the
//! summary's sentences come from rules over the data, never by hand.

use super::*;
use chrono::{DateTime, Utc};
use opex_core::action::{Action, ActionCounts};
use opex_core::compare::Change;
use opex_core::summary::summarize;
use opex_core::{AreaKind, ScoredAssessment, ValueSource};

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

/// What a leadership report is made from, loaded by the caller.
#[derive(Debug, Clone)]
pub struct LeadershipInput {
    pub team: String,
    /// The team's completed assessments up to the one reported on (the
    /// last), oldest first.
    pub completed: Vec<ScoredAssessment>,
    /// The period's start: earlier assessments are left off the trend.
    pub from: Option<DateTime<Utc>>,
    /// The targets in force when the reported assessment ran, (area, level).
    pub targets: Vec<(String, f64)>,
    /// The team's actions.
    pub actions: Vec<Action>,
    pub include_notes: bool,
    pub now: DateTime<Utc>,
}

impl LeadershipInput {
    /// The assessment reported on.
    pub fn current(&self) -> Result<&ScoredAssessment, crate::ReportError> {
        self.completed
            .last()
            .ok_or_else(|| crate::ReportError::NothingToReport(self.team.clone()))
    }

    /// The one before it, which every change is measured against.
    pub fn previous(&self) -> Option<&ScoredAssessment> {
        self.completed
            .len()
            .checked_sub(2)
            .map(|i| &self.completed[i])
    }

    /// The assessments on the trend: those of the period.
    pub fn trend(&self) -> impl Iterator<Item = &ScoredAssessment> {
        self.completed
            .iter()
            .filter(|s| self.from.is_none_or(|f| s.assessment.started_at >= f))
    }

    /// The assessment's charts and the trends over the period, as the app
    /// draws them.
    pub fn summary(&self) -> Result<opex_core::Summary, crate::ReportError> {
        Ok(summarize(self.current()?, self.previous()).with_targets(&self.targets))
    }
}

/// The radar, phases and spectrum of the reported assessment, and the team's
/// trends over the period (overall and per area), in the light theme.
pub fn visuals(
    input: &LeadershipInput,
) -> Result<(crate::Charts, crate::trends::TrendCharts), crate::ReportError> {
    let summary = input.summary()?;
    let charts = crate::charts(&summary, input.current()?, crate::Theme::Light)?;
    let runs: Vec<ScoredAssessment> = input.trend().cloned().collect();
    let drawn = crate::trends::trend_charts(
        &opex_core::timeline::history(&runs),
        &input.targets,
        crate::Theme::Light,
    )?;
    Ok((charts, drawn))
}

/// Builds the report of the input's last completed assessment. Notes are left
/// out unless `include_notes`.
pub fn build(input: &LeadershipInput) -> Result<ReportData, crate::ReportError> {
    let current = input.current()?;
    let previous = input.previous();
    let include_notes = input.include_notes;
    let now = input.now;
    let summary = input.summary()?;

    let score_of = |r: &opex_core::AreaRow| AreaScore {
        area: r.id.clone(),
        name: r.name.clone(),
        score: r.mean,
        before: r.change.map(|c| c.before),
        after: r.change.map(|c| c.after),
        change: r.change.map(|c| c.delta),
    };
    let delta = |r: &&opex_core::AreaRow| r.change.map_or(0.0, |c| c.delta);
    let mut ranked: Vec<&opex_core::AreaRow> =
        summary.areas.iter().filter(|a| a.mean.is_some()).collect();
    ranked.sort_by(|a, b| b.mean.unwrap_or(0.0).total_cmp(&a.mean.unwrap_or(0.0)));
    let k = if ranked.len() >= 6 {
        3
    } else {
        ranked.len() / 2
    };
    let strongest: Vec<AreaScore> = ranked.iter().take(k).map(|r| score_of(r)).collect();
    let weakest: Vec<AreaScore> = ranked.iter().rev().take(k).map(|r| score_of(r)).collect();
    let mut moves: Vec<&opex_core::AreaRow> = summary
        .areas
        .iter()
        .filter(|a| a.change.is_some_and(|c| c.real))
        .collect();
    moves.sort_by(|a, b| delta(b).total_cmp(&delta(a)));
    let risers: Vec<AreaScore> = moves
        .iter()
        .filter(|a| delta(a) > 0.0)
        .take(3)
        .map(|r| score_of(r))
        .collect();
    let fallers: Vec<AreaScore> = moves
        .iter()
        .rev()
        .filter(|a| delta(a) < 0.0)
        .take(3)
        .map(|r| score_of(r))
        .collect();

    let today = now.date_naive();
    let actions: Vec<ActionLine> = input
        .actions
        .iter()
        .map(|a| ActionLine {
            title: a.title.clone(),
            owner: a.owner.clone(),
            due_date: a.due_date.map(|d| d.format("%Y-%m-%d").to_string()),
            status: a.status.as_str().into(),
            question: a.question_id.clone(),
            area: a.area_id.clone(),
            overdue: a.is_overdue(today),
        })
        .collect();
    let counts = ActionCounts::of(&input.actions, &[], today);
    let open_actions = counts.open as u32;
    let overdue_actions = counts.overdue as u32;

    let o = &current.scores.overall;
    let coverage = current.coverage();
    let participation = Participation {
        people: current.people() as u32,
        questions: current.asked.len() as u32,
        answered: o.answered as u32,
        not_applicable: o.not_applicable as u32,
        dont_know: o.dont_know as u32,
        unanswered: o.unanswered as u32,
        coverage_percent: coverage.percent() as u32,
        partial: coverage.is_partial(),
        pulse: current.is_pulse(),
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
    // First, what was assessed and how much of it was answered: a partial
    // one says so before any score.
    lines.push(current.coverage_sentence());
    // A change is told with the before and after it was measured on.
    let both = |c: &Change| {
        format!(
            "{:.1} to {:.1} on the {} question{} answered both times",
            c.before,
            c.after,
            c.compared,
            if c.compared == 1 { "" } else { "s" }
        )
    };
    lines.push(match (summary.overall, summary.overall_change, &summary.previous_label) {
        (Some(m), Some(c), Some(p)) if c.real => {
            format!("Overall maturity is {m:.1} of 5; since {p} it went {} {:.1}, from {}.", if c.delta > 0.0 { "up" } else { "down" }, c.delta.abs(), both(&c))
        }
        (Some(m), Some(c), Some(p)) => format!("Overall maturity is {m:.1} of 5, about the same as on {p} ({}, within noise).", both(&c)),
        (Some(m), _, _) => format!("Overall maturity is {m:.1} of 5: the first assessment, the baseline for what follows."),
        (None, _, _) => "No question was answered, so there is no score.".to_string(),
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
        "{} {} took part; {} don't know, {} unanswered; the team disagreed on {} question{}.{trust}",
        participation.people,
        if participation.people == 1 { "person" } else { "people" },
        participation.dont_know,
        participation.unanswered,
        hotspots.len(),
        if hotspots.len() == 1 { "" } else { "s" },
    ));

    // An assessment of a lens's checklists alone has no maturity score: its
    // findings are its risks, said first, with the actions kept.
    let maturity = current.coverage().asked > 0;
    if !maturity {
        let actions = lines.iter().rev().nth(1).cloned();
        lines = risk_sentences(current, previous);
        lines.extend(actions);
    }

    let compared = previous.map(|p| {
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
            previous: r.change.map(|c| c.before),
            after: r.change.map(|c| c.after),
            change: r.change.map(|c| c.delta),
            real_change: r.change.is_some_and(|c| c.real),
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
                            breadth: current
                                .breadth(&c.question_id)
                                .map(|b| b.phrase().to_string()),
                            checks: current
                                .level_checks(&c.question_id, c.value)
                                .into_iter()
                                .map(|l| CheckLine {
                                    text: l.text,
                                    ticked: l.ticked,
                                })
                                .collect(),
                        })
                        .collect()
                })
                .unwrap_or_default(),
        })
        .collect();

    let trend = input
        .trend()
        .map(|s| TrendPoint {
            assessment: s.assessment.id,
            date: s.assessment.started_at.to_rfc3339(),
            profile: s.assessment.profile.clone(),
            overall: s.scores.overall.mean,
        })
        .collect();

    Ok(ReportData {
        version: REPORT_VERSION,
        team: input.team.clone(),
        generated_at: now.to_rfc3339(),
        assessment: aref(current),
        previous: previous.map(aref),
        overall: summary.overall,
        overall_before: summary.overall_change.map(|c| c.before),
        overall_after: summary.overall_change.map(|c| c.after),
        overall_change: summary.overall_change.map(|c| c.delta),
        overall_real_change: summary.overall_change.is_some_and(|c| c.real),
        summary: lines,
        maturity,
        strongest,
        weakest,
        risers,
        fallers,
        open_actions,
        overdue_actions,
        participation,
        areas,
        hotspots,
        risks: current
            .risks()
            .iter()
            .map(|r| AreaRiskLine {
                area: r.area.clone(),
                name: r.name.clone(),
                high: r.high as u32,
                medium: r.medium as u32,
                none: r.none as u32,
                unanswered: r.unanswered as u32,
                questions: r
                    .questions
                    .iter()
                    .map(|q| RiskQuestionLine {
                        id: q.question_id.clone(),
                        title: current
                            .bank
                            .question(&q.question_id)
                            .map_or_else(|| q.question_id.clone(), |x| x.name()),
                        risk: q
                            .risk
                            .map_or("not answered", opex_core::checklist::Risk::label)
                            .to_string(),
                        in_place: q.in_place as u32,
                        practices: q.practices as u32,
                    })
                    .collect(),
            })
            .collect(),
        actions,
        trend,
        methodology: Methodology {
            scale: opex_core::levels::LEVEL_NAMES
                .iter()
                .enumerate()
                .map(|(i, name)| match i {
                    0 => format!("1 {name} (traditional)"),
                    4 => format!("5 {name} (modern)"),
                    _ => format!("{} {name}", i + 1),
                })
                .collect(),
            scoring: "A question's value is the team's agreed answer, or else the median of the votes; an area, a phase and the overall score are the mean of their questions' values.".into(),
            not_applicable: "Not-applicable and don't-know answers are left out of every mean and counted apart.".into(),
            checklists: checklist_method(current),
            evidence: "Each level has checks a stranger could verify; a team is at the highest level whose checks all hold. Ticked checks and breadth (an answer true for one, some, most or all of the team's services) are shown beside the value and never folded into any score.".into(),
            minimum_change: "A change counts as a rise or a fall only when it is at least half a level for an area measured on one question, or a quarter of a level over two or more.".into(),
            bank: format!("{} {} ({})", current.assessment.bank_title, current.assessment.bank_version, current.assessment.bank_id),
        },
        notes_included: include_notes,
    })
}

/// The summary of an assessment of checklists alone: what was answered, the
/// risks, and how the high risks moved since the previous one.
fn risk_sentences(current: &ScoredAssessment, previous: Option<&ScoredAssessment>) -> Vec<String> {
    let total = |s: &ScoredAssessment| {
        s.risks().iter().fold((0, 0, 0, 0), |t, a| {
            (
                t.0 + a.high,
                t.1 + a.medium,
                t.2 + a.none,
                t.3 + a.unanswered,
            )
        })
    };
    let (high, medium, none, open) = total(current);
    let asked = high + medium + none + open;
    let mut out = vec![format!(
        "A review of {asked} checklist question{} on {}: {} answered{}.",
        if asked == 1 { "" } else { "s" },
        current.assessment.date_label(),
        asked - open,
        if open > 0 {
            format!(", {open} not answered")
        } else {
            String::new()
        }
    )];
    out.push(format!(
        "{high} high risk{}, {medium} medium; {none} without risk.",
        if high == 1 { "" } else { "s" }
    ));
    if let Some(p) = previous {
        let (before, ..) = total(p);
        out.push(match high.cmp(&before) {
            std::cmp::Ordering::Less => format!(
                "High risks fell from {before} to {high} since {}.",
                p.assessment.date_label()
            ),
            std::cmp::Ordering::Greater => format!(
                "High risks rose from {before} to {high} since {}.",
                p.assessment.date_label()
            ),
            std::cmp::Ordering::Equal => format!(
                "As many high risks as on {} ({high}).",
                p.assessment.date_label()
            ),
        });
    }
    out
}

/// The methodology's word on checklist questions: scored apart as risks, or
/// mapped to levels as the bank says, with its reason.
fn checklist_method(current: &ScoredAssessment) -> Option<String> {
    let lists: Vec<&opex_core::checklist::Checklist> = current
        .asked
        .iter()
        .filter_map(|id| current.bank.question(id)?.checklist.as_ref())
        .collect();
    if lists.is_empty() {
        return None;
    }
    let mapped: Vec<&opex_core::checklist::RiskMaturity> =
        lists.iter().filter_map(|c| c.maturity.as_ref()).collect();
    let apart = "Checklist questions (from an AWS Well-Architected lens) are scored as the AWS tool scores them: the first risk rule that holds gives high, medium or no risk";
    Some(match mapped.first() {
        None => format!("{apart}. They are counted per area and kept out of every maturity score."),
        Some(m) => format!(
            "{apart}. The bank maps {} of these {} questions into the maturity scores as levels (high risk {}, medium {}, none {}), because: {}",
            mapped.len(),
            lists.len(),
            m.high,
            m.medium,
            m.none,
            m.why.trim()
        ),
    })
}
