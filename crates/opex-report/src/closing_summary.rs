//! The closing summary of a workshop: where the team disagreed, the biggest gaps
//! against its last assessment, the actions captured and who took part. Shown
//! in the app and exported as Markdown for the team's wiki.

use crate::markdown::escape_md;
use opex_core::action::Action;
use opex_core::distribution::{Distribution, distribution};
use opex_core::summary::summarize;
use opex_core::workshop::{Anonymity, QuestionState, RoundVote, Workshop};
use opex_core::{Answer, ScoredAssessment};
use std::collections::HashMap;
use std::fmt::Write;

/// How many rows the "most disagreement" and "biggest gaps" lists keep.
pub const TOP: usize = 5;

#[derive(Debug, Clone, PartialEq)]
pub struct QuestionRow {
    pub id: String,
    /// What the question is called (`Question::name`).
    pub title: String,
    pub area: String,
    pub prompt: String,
    pub state: QuestionState,
    /// People (or anonymous votes) who voted in the current round.
    pub voted: usize,
    /// Names of who voted, in an open workshop only.
    pub voters: Vec<String>,
    pub distribution: Distribution,
    /// What the team agreed, in words.
    pub consensus: Option<String>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Gap {
    pub area: String,
    pub previous: f64,
    pub current: f64,
    pub delta: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct WorkshopSummary {
    pub team: String,
    pub date: String,
    pub bank: String,
    pub profile: String,
    pub anonymity: Anonymity,
    /// How many took part (0 in an anonymous workshop, which keeps no names).
    pub participants: usize,
    /// Names, in an open workshop only.
    pub names: Vec<String>,
    pub planned_minutes: u64,
    pub used_minutes: u64,
    pub questions: Vec<QuestionRow>,
    /// Indices into `questions`, most disagreement first.
    pub disagreements: Vec<usize>,
    pub gaps: Vec<Gap>,
    pub previous_label: Option<String>,
    pub actions: Vec<Action>,
}

fn answer_words(a: &Answer) -> String {
    match a {
        Answer::Level(l) => format!("level {l}"),
        Answer::NotApplicable { reason } => format!("not applicable ({reason})"),
        Answer::DontKnow => "don't know".to_string(),
    }
}

/// Builds the summary. `votes` holds each question's current-round votes.
pub fn workshop_summary(
    w: &Workshop,
    current: &ScoredAssessment,
    previous: Option<&ScoredAssessment>,
    votes: &HashMap<String, Vec<RoundVote>>,
    actions: Vec<Action>,
) -> WorkshopSummary {
    let open = w.settings.anonymity.shows_names();
    let names: HashMap<i64, &str> = w
        .participants
        .iter()
        .map(|p| (p.id, p.name.as_str()))
        .collect();
    let questions: Vec<QuestionRow> = w
        .questions
        .iter()
        .filter_map(|wq| {
            let q = w.bank.question(&wq.question_id)?;
            let round = votes.get(&q.id).map(Vec::as_slice).unwrap_or_default();
            let answers: Vec<Answer> = round.iter().map(|v| v.answer.clone()).collect();
            let consensus = current.consensus.get(&q.id);
            Some(QuestionRow {
                id: q.id.clone(),
                title: q.name(),
                area: w
                    .bank
                    .area(&q.area)
                    .map_or(q.area.clone(), |a| a.name.clone()),
                prompt: q.prompt.clone(),
                state: wq.state,
                voted: round.len(),
                voters: if open {
                    round
                        .iter()
                        .filter_map(|v| {
                            v.participant
                                .and_then(|p| names.get(&p))
                                .map(|n| n.to_string())
                        })
                        .collect()
                } else {
                    Vec::new()
                },
                distribution: distribution(&answers),
                consensus: consensus.map(|c| answer_words(&c.response.answer)),
                note: consensus.and_then(|c| c.response.note.clone()),
            })
        })
        .collect();
    let mut disagreements: Vec<usize> = (0..questions.len())
        .filter(|&i| questions[i].distribution.disagrees)
        .collect();
    let width = |i: &usize| {
        let d = &questions[*i].distribution;
        let range = d.range.map_or(0, |(lo, hi)| hi - lo);
        let iqr = d.iqr.map_or(0.0, |(a, b)| b - a);
        (range, (iqr * 10.0) as i64)
    };
    disagreements.sort_by_key(|i| std::cmp::Reverse(width(i)));
    disagreements.truncate(TOP);
    let summary = summarize(current, previous);
    let mut gaps: Vec<Gap> = summary
        .areas
        .iter()
        // Measured on the questions answered both times, so before + change =
        // after as shown, and only changes past the minimum-change rule count.
        .filter_map(|a| {
            let c = a.change.filter(|c| c.real)?;
            Some(Gap {
                area: a.name.clone(),
                previous: c.before,
                current: c.after,
                delta: c.delta,
            })
        })
        .collect();
    gaps.sort_by(|a, b| b.delta.abs().total_cmp(&a.delta.abs()));
    gaps.truncate(TOP);
    WorkshopSummary {
        team: current.assessment.team_name.clone(),
        date: current.assessment.date_label(),
        bank: format!(
            "{} {}",
            current.assessment.bank_title, current.assessment.bank_version
        ),
        profile: current.assessment.profile.clone(),
        anonymity: w.settings.anonymity,
        participants: w.participants.len(),
        names: if open {
            w.participants.iter().map(|p| p.name.clone()).collect()
        } else {
            Vec::new()
        },
        planned_minutes: w.planned_minutes(),
        used_minutes: w.used_minutes(),
        questions,
        disagreements,
        gaps,
        previous_label: summary.previous_label,
        actions,
    }
}

fn spread_words(d: &Distribution) -> String {
    let mut parts: Vec<String> = d
        .counts
        .iter()
        .enumerate()
        .filter(|(_, n)| **n > 0)
        .map(|(l, n)| format!("{n}×{}", l + 1))
        .collect();
    if d.not_applicable > 0 {
        parts.push(format!("{}×N/A", d.not_applicable));
    }
    if d.dont_know > 0 {
        parts.push(format!("{}×?", d.dont_know));
    }
    if parts.is_empty() {
        "no votes".into()
    } else {
        parts.join(", ")
    }
}

/// The summary as Markdown for a wiki page.
pub fn workshop_markdown(s: &WorkshopSummary) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Workshop: {} · {}\n", escape_md(&s.team), s.date);
    let who = match s.anonymity {
        Anonymity::Open if !s.names.is_empty() => s
            .names
            .iter()
            .map(|n| escape_md(n))
            .collect::<Vec<_>>()
            .join(", "),
        Anonymity::Anonymous => "anonymous votes".to_string(),
        _ => format!("{} participants (names not shown)", s.participants),
    };
    let done = s
        .questions
        .iter()
        .filter(|q| q.state == QuestionState::Agreed)
        .count();
    let skipped = s
        .questions
        .iter()
        .filter(|q| q.state == QuestionState::Skipped)
        .count();
    let _ = writeln!(
        out,
        "- Bank: {} ({} profile)",
        escape_md(&s.bank),
        escape_md(&s.profile)
    );
    let _ = writeln!(out, "- Who: {who}");
    let _ = writeln!(
        out,
        "- Questions: {done} agreed, {skipped} skipped, {} in all",
        s.questions.len()
    );
    let _ = writeln!(
        out,
        "- Time: {} of {} planned minutes\n",
        s.used_minutes, s.planned_minutes
    );

    let _ = writeln!(out, "## Where we disagreed\n");
    if s.disagreements.is_empty() {
        let _ = writeln!(out, "The votes never spread over more than one level.\n");
    }
    for &i in &s.disagreements {
        let q = &s.questions[i];
        let d = &q.distribution;
        let _ = writeln!(
            out,
            "- **{}** ({}) {}  ",
            escape_md(&q.title),
            escape_md(&q.id),
            escape_md(&q.prompt)
        );
        let _ = write!(out, "  votes {}", spread_words(d));
        if let (Some(m), Some((lo, hi))) = (d.median, d.range) {
            let _ = write!(out, "; median {m:.1}, range {lo}–{hi}");
        }
        if let Some(c) = &q.consensus {
            let _ = write!(out, "; agreed {}", escape_md(c));
        }
        let _ = writeln!(out);
    }

    let _ = writeln!(
        out,
        "\n## Biggest changes since {}\n",
        s.previous_label.as_deref().unwrap_or("the last assessment")
    );
    if s.gaps.is_empty() {
        let _ = writeln!(
            out,
            "{}\n",
            if s.previous_label.is_some() {
                "No area moved by 0.1 or more."
            } else {
                "This is the team's first completed assessment."
            }
        );
    }
    for g in &s.gaps {
        let arrow = if g.delta > 0.0 { "▲" } else { "▼" };
        let _ = writeln!(
            out,
            "- {}: {:.1} → {:.1} ({arrow} {:+.1})",
            escape_md(&g.area),
            g.previous,
            g.current,
            g.delta
        );
    }

    let _ = writeln!(out, "\n## Actions\n");
    if s.actions.is_empty() {
        let _ = writeln!(out, "No actions were captured.\n");
    }
    for a in &s.actions {
        let _ = write!(out, "- [ ] {}", escape_md(&a.title));
        if let Some(o) = &a.owner {
            let _ = write!(out, " — {}", escape_md(o));
        }
        if let Some(d) = &a.due_date {
            let _ = write!(out, ", due {}", d.format("%Y-%m-%d"));
        }
        if let Some(q) = &a.question_id {
            let _ = write!(out, " ({})", escape_md(q));
        }
        let _ = writeln!(out);
    }

    let _ = writeln!(out, "\n## Answers and participation\n");
    let _ = writeln!(out, "| Question | Agreed | Votes | Voted |");
    let _ = writeln!(out, "|---|---|---|---|");
    for q in &s.questions {
        let agreed = match (q.state, &q.consensus) {
            (QuestionState::Skipped, _) => "skipped".to_string(),
            (_, Some(c)) => escape_md(c),
            _ => "–".to_string(),
        };
        let voted = if q.voters.is_empty() {
            format!("{}", q.voted)
        } else {
            format!(
                "{} ({})",
                q.voted,
                q.voters
                    .iter()
                    .map(|n| escape_md(n))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        let note = q
            .note
            .as_ref()
            .map(|n| format!(" — {}", escape_md(n)))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "| **{}** ({}) {} | {agreed}{note} | {} | {voted} |",
            escape_md(&q.title),
            escape_md(&q.id),
            escape_md(&q.prompt),
            spread_words(&q.distribution)
        );
    }
    out
}
