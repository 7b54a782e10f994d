//! The five maturity levels: their names, shown on every screen and report,
//! and the next step a question suggests for a team at a given level.

use crate::Question;

/// The levels' names, level 1 first: from traditional and ad hoc to modern
/// and optimising.
pub const LEVEL_NAMES: [&str; 5] = ["Ad hoc", "Emerging", "Defined", "Managed", "Optimising"];

/// The name of level `level` (1-5).
pub fn level_name(level: u8) -> Option<&'static str> {
    LEVEL_NAMES.get(usize::from(level).checked_sub(1)?).copied()
}

/// The names as owned strings, for view models.
pub fn level_names() -> Vec<String> {
    LEVEL_NAMES.iter().map(|s| s.to_string()).collect()
}

/// The step up from a team value of `value`: the next step of the level the
/// team has fully reached (a median of 2.5 is level 2). Level 5 has none.
pub fn next_step(question: &Question, value: f64) -> Option<&str> {
    let level = (value.floor() as usize).clamp(1, 5);
    question.next_steps.get(level - 1).map(String::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_by_level() {
        let table = [
            (0, None),
            (1, Some("Ad hoc")),
            (3, Some("Defined")),
            (5, Some("Optimising")),
            (6, None),
        ];
        for (level, expect) in table {
            assert_eq!(level_name(level), expect, "{level}");
        }
        assert_eq!(level_names().len(), 5);
    }

    #[test]
    fn the_next_step_is_the_one_above_the_level_reached() {
        let bank = crate::default_bank().unwrap_or_else(|e| panic!("{e}"));
        let q = &bank.questions[0];
        assert_eq!(q.next_steps.len(), 4, "levels 1-4 each have a next step");
        let step = |i: usize| Some(q.next_steps[i].as_str());
        let table = [
            (1.0, step(0)),
            (1.5, step(0)),
            (2.0, step(1)),
            (2.5, step(1)),
            (4.0, step(3)),
            (4.5, step(3)),
            (5.0, None),
            (0.0, step(0)),
        ];
        for (value, expect) in table {
            assert_eq!(next_step(q, value), expect, "{value}");
        }
    }
}
