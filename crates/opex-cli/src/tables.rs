//! The text the team commands print for people: the list of teams, a team's
//! history and actions, and two assessments compared. Each function formats
//! what one opex-service call returned; nothing here reads the store.

use opex_core::Team;
use opex_core::action::Action;
use opex_core::compare::{QuestionChange, round1};
use opex_core::timeline::History;
use opex_service::team::Compared;
use opex_service::views::common::{AssessmentDto, TeamDto};
use std::fmt::Write;

/// User text as a terminal should show it: control characters (a newline,
/// an escape sequence's ESC) are written visibly (`\n`, `\u{1b}`), so a name
/// can neither forge lines nor drive the terminal.
pub fn visible(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// A score to one decimal, or a dash.
fn score(v: Option<f64>) -> String {
    v.map_or("–".into(), |v| format!("{v:.1}"))
}

/// The date of an RFC 3339 time, YYYY-MM-DD.
fn day(rfc3339: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(rfc3339).map_or_else(
        |_| rfc3339.chars().take(10).collect(),
        |t| t.format("%Y-%m-%d").to_string(),
    )
}

/// `opex list`: every team, then each assessment on its own line.
pub fn list(teams: &[TeamDto]) -> String {
    if teams.is_empty() {
        return "No teams yet. Create one in the app, or run `opex demo`.\n".into();
    }
    let mut out = String::new();
    for team in teams {
        let _ = write!(out, "{} (team {})", visible(&team.name), team.id);
        match &team.origin {
            Some(o) => {
                let _ = writeln!(out, "  imported from {}", visible(o));
            }
            None => out.push('\n'),
        }
        for a in &team.assessments {
            let _ = writeln!(out, "{}", assessment_line(a));
        }
    }
    out
}

fn assessment_line(a: &AssessmentDto) -> String {
    format!(
        "  #{:<4} {}  {:<11}  overall {}  {}{}{}  {} {}",
        a.id,
        day(&a.started_at),
        if a.completed_at.is_some() {
            "complete"
        } else {
            "in progress"
        },
        score(a.overall),
        a.coverage.label,
        if a.pulse { "  pulse" } else { "" },
        if a.coverage.partial { "  PARTIAL" } else { "" },
        a.bank_id,
        a.bank_version
    )
}

/// `opex history`: one row per completed assessment, one column per area
/// (A1, A2, … named below the table).
pub fn history(team: &Team, h: &History) -> String {
    let mut out = format!(
        "{}: {} completed assessments\n\n",
        visible(&team.name),
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
            score(p.overall)
        );
        for v in &p.areas {
            let _ = write!(out, " {:>5}", score(*v));
        }
        if !p.changed_areas.is_empty() {
            out.push_str("  † changed questions");
        }
        out.push('\n');
    }
    out.push('\n');
    for (i, (_, name)) in h.areas.iter().enumerate() {
        let _ = writeln!(out, "A{:<3} {}", i + 1, visible(name));
    }
    out
}

/// `opex actions`: one line per action.
pub fn actions(team: &Team, list: &[Action]) -> String {
    let mut out = format!("{}: {} actions\n", visible(&team.name), list.len());
    for a in list {
        let _ = writeln!(
            out,
            "  #{:<4} {:<12} {:<40} {:<12} {}",
            a.id,
            a.status.as_str(),
            visible(&a.title).chars().take(40).collect::<String>(),
            visible(a.owner.as_deref().unwrap_or("–")),
            a.due_date
                .map(|d| d.format("%Y-%m-%d").to_string())
                .unwrap_or_default()
        );
    }
    out
}

/// Question ids with their change, e.g. `MON-01 +2.0, OPS-03 +1.0`.
fn changes(list: &[QuestionChange]) -> String {
    list.iter()
        .map(|q| format!("{} {:+.1}", q.question, q.delta()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `opex compare`: each area before and after (marked when the change is
/// within the noise), then the questions that moved.
pub fn compare(c: &Compared) -> String {
    let (a, b, q) = (&c.earlier.assessment, &c.later.assessment, &c.questions);
    let mut out = format!(
        "#{} ({}) → #{} ({}): compared on {} questions answered in both\n\n",
        a.id,
        a.started_at.format("%Y-%m-%d"),
        b.id,
        b.started_at.format("%Y-%m-%d"),
        q.questions.len()
    );
    for r in &c.summary.areas {
        // The change is the difference of the two numbers beside it; the
        // scores on all questions follow when they differ.
        let Some(ch) = r.change else {
            let _ = writeln!(
                out,
                "  {:<36} {:>5} → {:>5}",
                visible(&r.name),
                score(r.previous_mean),
                score(r.mean)
            );
            continue;
        };
        let word = match ch.real {
            true => format!("{:+.1}", ch.delta),
            false => format!("{:+.1} (within noise)", ch.delta),
        };
        let differs =
            r.previous_mean.map(round1) != Some(ch.before) || r.mean.map(round1) != Some(ch.after);
        let full = if differs {
            format!(
                "  (all questions: {} → {})",
                score(r.previous_mean),
                score(r.mean)
            )
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "  {:<36} {:>5} → {:>5}  {word}{full}",
            visible(&r.name),
            score(Some(ch.before)),
            score(Some(ch.after))
        );
    }
    let _ = writeln!(out, "\nimproved: {}", changes(&q.improved));
    let _ = writeln!(out, "regressed: {}", changes(&q.regressed));
    if !q.new.is_empty() || !q.dropped.is_empty() {
        let _ = writeln!(
            out,
            "new: {} · dropped: {}",
            q.new.join(", "),
            q.dropped.join(", ")
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_scores_read_as_before() {
        assert_eq!(day("2026-03-01T10:00:00+00:00"), "2026-03-01");
        assert_eq!(day("garbage-in-garbage"), "garbage-in");
        assert_eq!(score(Some(3.26)), "3.3");
        assert_eq!(score(None), "–");
    }

    #[test]
    fn no_teams_points_to_the_demo() {
        assert_eq!(
            list(&[]),
            "No teams yet. Create one in the app, or run `opex demo`.\n"
        );
    }
}
