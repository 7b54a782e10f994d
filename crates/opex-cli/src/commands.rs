//! The history, actions and compare commands: a table for people, JSON for
//! scripts (`--json`), over the same crates as the app's team page.

use crate::CliError;
use opex_core::compare::{compare as compare_runs, is_real};
use opex_report::history::history as team_history;
use opex_store::Store;
use opex_store::history::ActionStatus;
use serde_json::{Value, json};
use std::fmt::Write;

fn fmt(v: Option<f64>) -> String {
    v.map_or("–".into(), |v| format!("{v:.1}"))
}

fn pretty(v: &Value) -> String {
    serde_json::to_string_pretty(v).unwrap_or_default() + "\n"
}

pub fn history(store: &Store, team: &str, as_json: bool) -> Result<String, CliError> {
    let team = store.team_named(team)?;
    let runs = store
        .assessments(team.id)?
        .iter()
        .filter(|a| a.is_complete())
        .map(|a| store.scored(a.id))
        .collect::<Result<Vec<_>, _>>()?;
    let h = team_history(&runs);
    if as_json {
        let points: Vec<Value> = h
            .points
            .iter()
            .map(|p| {
                let areas: serde_json::Map<String, Value> = h
                    .areas
                    .iter()
                    .zip(&p.areas)
                    .map(|((id, _), v)| (id.clone(), json!(v)))
                    .collect();
                json!({
                    "assessment": p.assessment_id,
                    "started_at": p.at.to_rfc3339(),
                    "kind": p.kind,
                    "profile": p.profile,
                    "overall": p.overall,
                    "areas": areas,
                    "changed_areas": p.changed_areas,
                    "participants": p.participants,
                })
            })
            .collect();
        let areas: Vec<Value> = h
            .areas
            .iter()
            .map(|(id, name)| json!({ "id": id, "name": name }))
            .collect();
        return Ok(pretty(
            &json!({ "version": 1, "team": team.name, "areas": areas, "assessments": points }),
        ));
    }
    let mut out = format!(
        "{}: {} completed assessments\n\n",
        team.name,
        h.points.len()
    );
    let _ = write!(
        out,
        "{:<12} {:<9} {:<8} {:>7}",
        "date", "kind", "profile", "overall"
    );
    for (i, _) in h.areas.iter().enumerate() {
        let _ = write!(out, " {:>5}", format!("A{}", i + 1));
    }
    out.push('\n');
    for p in &h.points {
        let _ = write!(
            out,
            "{:<12} {:<9} {:<8} {:>7}",
            p.at.format("%Y-%m-%d"),
            p.kind,
            p.profile,
            fmt(p.overall)
        );
        for v in &p.areas {
            let _ = write!(out, " {:>5}", fmt(*v));
        }
        if !p.changed_areas.is_empty() {
            out.push_str("  † changed questions");
        }
        out.push('\n');
    }
    out.push('\n');
    for (i, (_, name)) in h.areas.iter().enumerate() {
        let _ = writeln!(out, "A{:<3} {name}", i + 1);
    }
    Ok(out)
}

pub fn actions(
    store: &Store,
    team: &str,
    status: Option<&str>,
    as_json: bool,
) -> Result<String, CliError> {
    let team = store.team_named(team)?;
    let status = status.map(ActionStatus::parse).transpose()?;
    let list = store.find_actions(team.id, status, None, None)?;
    if as_json {
        let rows: Vec<Value> = list
            .iter()
            .map(|a| {
                json!({
                    "id": a.id, "title": a.title, "owner": a.owner, "due_date": a.due_date, "status": a.status,
                    "question": a.question_id, "area": a.area_id, "notes": a.notes,
                    "created_at": a.created_at.to_rfc3339(), "done_at": a.done_at.map(|d| d.to_rfc3339()),
                })
            })
            .collect();
        return Ok(pretty(
            &json!({ "version": 1, "team": team.name, "actions": rows }),
        ));
    }
    let mut out = format!("{}: {} actions\n", team.name, list.len());
    for a in &list {
        let _ = writeln!(
            out,
            "  #{:<4} {:<12} {:<40} {:<12} {}",
            a.id,
            a.status,
            a.title.chars().take(40).collect::<String>(),
            a.owner.as_deref().unwrap_or("–"),
            a.due_date.as_deref().unwrap_or("")
        );
    }
    Ok(out)
}

pub fn compare(store: &Store, earlier: i64, later: i64, as_json: bool) -> Result<String, CliError> {
    let (a, b) = (store.scored(earlier)?, store.scored(later)?);
    let (a, b) = if a.assessment.started_at <= b.assessment.started_at {
        (a, b)
    } else {
        (b, a)
    };
    let c = compare_runs(
        (&a.bank, &a.asked, &a.scores.overall.contributions),
        (&b.bank, &b.asked, &b.scores.overall.contributions),
    );
    let summary = opex_report::summarize(&b, Some(&a));
    if as_json {
        let q = |x: &opex_core::compare::QuestionChange| json!({ "question": x.question, "before": x.before, "after": x.after, "delta": x.delta(), "changed_wording": x.changed_wording });
        let areas: Vec<Value> = summary
            .areas
            .iter()
            .map(|r| {
                json!({
                    "area": r.id, "before": r.previous, "after": r.mean, "delta": r.delta, "compared": r.compared,
                    "real": r.delta.is_some_and(|d| is_real(d, r.compared)),
                })
            })
            .collect();
        return Ok(pretty(&json!({
            "version": 1,
            "earlier": a.assessment.id,
            "later": b.assessment.id,
            "compared": c.questions.len(),
            "areas": areas,
            "improved": c.improved.iter().map(q).collect::<Vec<_>>(),
            "regressed": c.regressed.iter().map(q).collect::<Vec<_>>(),
            "new": c.new,
            "dropped": c.dropped,
        })));
    }
    let mut out = format!(
        "#{} ({}) → #{} ({}): compared on {} questions answered in both\n\n",
        a.assessment.id,
        a.assessment.started_at.format("%Y-%m-%d"),
        b.assessment.id,
        b.assessment.started_at.format("%Y-%m-%d"),
        c.questions.len()
    );
    for r in &summary.areas {
        let word = match r.delta {
            Some(d) if is_real(d, r.compared) => format!("{d:+.1}"),
            Some(d) => format!("{d:+.1} (noise)"),
            None => String::new(),
        };
        let _ = writeln!(
            out,
            "  {:<36} {:>5} → {:>5}  {word}",
            r.name,
            fmt(r.previous),
            fmt(r.mean)
        );
    }
    let _ = writeln!(
        out,
        "\nimproved: {}",
        c.improved
            .iter()
            .map(|q| format!("{} {:+.1}", q.question, q.delta()))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let _ = writeln!(
        out,
        "regressed: {}",
        c.regressed
            .iter()
            .map(|q| format!("{} {:+.1}", q.question, q.delta()))
            .collect::<Vec<_>>()
            .join(", ")
    );
    if !c.new.is_empty() || !c.dropped.is_empty() {
        let _ = writeln!(
            out,
            "new: {} · dropped: {}",
            c.new.join(", "),
            c.dropped.join(", ")
        );
    }
    Ok(out)
}
