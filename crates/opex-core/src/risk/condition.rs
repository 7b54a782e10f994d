//! The condition grammar of a checklist question's risk rules, as AWS
//! Well-Architected lenses write them, and its parser, whose errors give the
//! character offset.
//!
//! The grammar, loosest binding first:
//!
//! ```text
//! condition := "default" | or
//! or        := and ( "||" and )*
//! and       := not ( "&&" not )*
//! not       := "!" not | "(" or ")" | choice-id
//! choice-id := [A-Za-z0-9_]+, one of the question's choices
//! ```

use std::collections::BTreeSet;
use std::fmt;

/// A parsed condition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Condition {
    /// `default`: always holds. Only ever a whole condition.
    Default,
    /// The choice with this id is ticked.
    Choice(String),
    Not(Box<Condition>),
    And(Box<Condition>, Box<Condition>),
    Or(Box<Condition>, Box<Condition>),
}

impl Condition {
    /// Whether the condition holds when exactly `ticked` are ticked.
    pub fn holds(&self, ticked: &BTreeSet<String>) -> bool {
        match self {
            Condition::Default => true,
            Condition::Choice(id) => ticked.contains(id),
            Condition::Not(c) => !c.holds(ticked),
            Condition::And(a, b) => a.holds(ticked) && b.holds(ticked),
            Condition::Or(a, b) => a.holds(ticked) || b.holds(ticked),
        }
    }
}

/// Written back with the fewest parentheses that keep its meaning, so a
/// test can see how a condition was grouped.
impl fmt::Display for Condition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Binding strength: || 1, && 2, ! and atoms 3.
        fn strength(c: &Condition) -> u8 {
            match c {
                Condition::Or(..) => 1,
                Condition::And(..) => 2,
                _ => 3,
            }
        }
        fn side(f: &mut fmt::Formatter<'_>, c: &Condition, min: u8) -> fmt::Result {
            if strength(c) < min {
                write!(f, "({c})")
            } else {
                write!(f, "{c}")
            }
        }
        match self {
            Condition::Default => f.write_str("default"),
            Condition::Choice(id) => f.write_str(id),
            Condition::Not(c) => {
                f.write_str("!")?;
                side(f, c, 3)
            }
            Condition::And(a, b) => {
                side(f, a, 2)?;
                f.write_str(" && ")?;
                side(f, b, 3)
            }
            Condition::Or(a, b) => {
                side(f, a, 1)?;
                f.write_str(" || ")?;
                side(f, b, 2)
            }
        }
    }
}

/// What is wrong with a condition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConditionErrorKind {
    /// Nothing but spaces.
    Empty,
    /// A `(` that is never closed.
    Unclosed,
    /// A `)` that closes no `(`.
    Unopened,
    /// A choice id the question does not have; with the ids it has.
    UnknownChoice { id: String, known: Vec<String> },
    /// An operator with nothing on one side, or `()`.
    EmptyOperand(&'static str),
    /// A token or character that cannot stand where it is.
    Stray { found: String, hint: &'static str },
    /// `default` inside a larger condition.
    DefaultInside,
}

/// A condition that does not parse: what, and where (in characters from the
/// start of the condition, counting from 0).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConditionError {
    pub offset: usize,
    pub kind: ConditionErrorKind,
}

impl fmt::Display for ConditionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = self.offset + 1;
        match &self.kind {
            ConditionErrorKind::Empty => f.write_str(
                "the condition is empty: write `default` or an expression over the question's choice ids",
            ),
            ConditionErrorKind::Unclosed => {
                write!(f, "the `(` at character {at} is never closed")
            }
            ConditionErrorKind::Unopened => {
                write!(f, "the `)` at character {at} closes no `(`")
            }
            ConditionErrorKind::UnknownChoice { id, known } => write!(
                f,
                "`{id}` at character {at} is not a choice of this question; its choices are {}",
                known.join(", ")
            ),
            ConditionErrorKind::EmptyOperand(what) => {
                write!(f, "{what} at character {at}")
            }
            ConditionErrorKind::Stray { found, hint } => {
                write!(f, "unexpected `{found}` at character {at}: {hint}")
            }
            ConditionErrorKind::DefaultInside => write!(
                f,
                "`default` at character {at} must be the whole condition, not part of one"
            ),
        }
    }
}

impl std::error::Error for ConditionError {}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    Id(String),
    And,
    Or,
    Not,
    Open,
    Close,
}

impl Tok {
    fn text(&self) -> &str {
        match self {
            Tok::Id(s) => s,
            Tok::And => "&&",
            Tok::Or => "||",
            Tok::Not => "!",
            Tok::Open => "(",
            Tok::Close => ")",
        }
    }
}

fn is_id_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

fn lex(s: &str) -> Result<Vec<(Tok, usize)>, ConditionError> {
    let chars: Vec<char> = s.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let stray = |hint| ConditionError {
            offset: i,
            kind: ConditionErrorKind::Stray {
                found: c.to_string(),
                hint,
            },
        };
        match c {
            ' ' | '\t' | '\r' | '\n' => i += 1,
            '(' | ')' | '!' => {
                out.push((
                    match c {
                        '(' => Tok::Open,
                        ')' => Tok::Close,
                        _ => Tok::Not,
                    },
                    i,
                ));
                i += 1;
            }
            '&' | '|' => {
                if chars.get(i + 1) != Some(&c) {
                    return Err(stray(if c == '&' {
                        "write `&&` for \"and\""
                    } else {
                        "write `||` for \"or\""
                    }));
                }
                out.push((if c == '&' { Tok::And } else { Tok::Or }, i));
                i += 2;
            }
            c if is_id_char(c) => {
                let start = i;
                while i < chars.len() && is_id_char(chars[i]) {
                    i += 1;
                }
                out.push((Tok::Id(chars[start..i].iter().collect()), start));
            }
            _ => {
                return Err(stray(
                    "a condition holds only choice ids, `!`, `&&`, `||` and parentheses",
                ));
            }
        }
    }
    Ok(out)
}

/// Parses `condition` over a question whose choice ids are `choices`.
pub fn parse(condition: &str, choices: &[&str]) -> Result<Condition, ConditionError> {
    parse_with(condition, Some(choices))
}

/// Parses `condition` taking any id for a choice: for a condition read
/// without its question (the loader has checked a bank's against theirs).
pub fn parse_any(condition: &str) -> Result<Condition, ConditionError> {
    parse_with(condition, None)
}

fn parse_with(condition: &str, choices: Option<&[&str]>) -> Result<Condition, ConditionError> {
    let toks = lex(condition)?;
    if toks.is_empty() {
        return Err(ConditionError {
            offset: 0,
            kind: ConditionErrorKind::Empty,
        });
    }
    if let [(Tok::Id(id), _)] = toks.as_slice()
        && id == "default"
    {
        return Ok(Condition::Default);
    }
    let mut p = Parser {
        toks,
        pos: 0,
        choices,
    };
    let c = p.or(None)?;
    match p.toks.get(p.pos) {
        None => Ok(c),
        Some((Tok::Close, at)) => Err(ConditionError {
            offset: *at,
            kind: ConditionErrorKind::Unopened,
        }),
        Some((t, at)) => Err(p.stray(t, *at, "join it to what comes before with `&&` or `||`")),
    }
}

struct Parser<'c> {
    toks: Vec<(Tok, usize)>,
    pos: usize,
    /// `None`: any id is a choice.
    choices: Option<&'c [&'c str]>,
}

impl Parser<'_> {
    fn stray(&self, t: &Tok, at: usize, hint: &'static str) -> ConditionError {
        ConditionError {
            offset: at,
            kind: ConditionErrorKind::Stray {
                found: t.text().to_string(),
                hint,
            },
        }
    }

    /// `before` is the operator this expression stands after (its token
    /// and offset), or `None` at the start.
    fn or(&mut self, before: Option<(Tok, usize)>) -> Result<Condition, ConditionError> {
        let mut left = self.and(before)?;
        while let Some((Tok::Or, at)) = self.toks.get(self.pos).cloned() {
            self.pos += 1;
            let right = self.and(Some((Tok::Or, at)))?;
            left = Condition::Or(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn and(&mut self, before: Option<(Tok, usize)>) -> Result<Condition, ConditionError> {
        let mut left = self.not(before)?;
        while let Some((Tok::And, at)) = self.toks.get(self.pos).cloned() {
            self.pos += 1;
            let right = self.not(Some((Tok::And, at)))?;
            left = Condition::And(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn not(&mut self, before: Option<(Tok, usize)>) -> Result<Condition, ConditionError> {
        let Some((tok, at)) = self.toks.get(self.pos).cloned() else {
            return Err(self.missing(before, None));
        };
        match tok {
            Tok::Not => {
                self.pos += 1;
                Ok(Condition::Not(Box::new(self.not(Some((Tok::Not, at)))?)))
            }
            Tok::Open => {
                self.pos += 1;
                let inner = self.or(Some((Tok::Open, at)))?;
                match self.toks.get(self.pos).cloned() {
                    Some((Tok::Close, _)) => {
                        self.pos += 1;
                        Ok(inner)
                    }
                    None => Err(ConditionError {
                        offset: at,
                        kind: ConditionErrorKind::Unclosed,
                    }),
                    Some((t, at)) => Err(self.stray(
                        &t,
                        at,
                        "join it to what comes before with `&&` or `||`, or close the `(` first",
                    )),
                }
            }
            Tok::Id(id) => {
                self.pos += 1;
                if id == "default" {
                    return Err(ConditionError {
                        offset: at,
                        kind: ConditionErrorKind::DefaultInside,
                    });
                }
                if let Some(choices) = self.choices
                    && !choices.contains(&id.as_str())
                {
                    return Err(ConditionError {
                        offset: at,
                        kind: ConditionErrorKind::UnknownChoice {
                            id,
                            known: choices.iter().map(|s| s.to_string()).collect(),
                        },
                    });
                }
                Ok(Condition::Choice(id))
            }
            Tok::And | Tok::Or | Tok::Close => Err(self.missing(before, Some((tok, at)))),
        }
    }

    /// The error for an operand that is not there: `next` is what stands
    /// in its place (nothing, `)`, `&&` or `||`).
    fn missing(&self, before: Option<(Tok, usize)>, next: Option<(Tok, usize)>) -> ConditionError {
        let empty = |what, offset| ConditionError {
            offset,
            kind: ConditionErrorKind::EmptyOperand(what),
        };
        match (before, next) {
            (Some((Tok::Open, at)), Some((Tok::Close, _))) => {
                empty("the `()` holds nothing: it opens", at)
            }
            (Some((Tok::Open, at)), None) => ConditionError {
                offset: at,
                kind: ConditionErrorKind::Unclosed,
            },
            (Some((Tok::Not, at)), _) => empty("`!` has nothing after it: it stands", at),
            (Some((Tok::And, at)), _) => empty("`&&` has nothing on its right: it stands", at),
            (Some((Tok::Or, at)), _) => empty("`||` has nothing on its right: it stands", at),
            (_, Some((Tok::And, at))) => empty("`&&` has nothing on its left: it stands", at),
            (_, Some((Tok::Or, at))) => empty("`||` has nothing on its left: it stands", at),
            (_, Some((Tok::Close, at))) => ConditionError {
                offset: at,
                kind: ConditionErrorKind::Unopened,
            },
            // Only reached at the very start of an empty condition, which
            // `parse` answers before calling the parser.
            _ => ConditionError {
                offset: 0,
                kind: ConditionErrorKind::Empty,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const IDS: &[&str] = &["a", "b", "c", "d", "q_no"];

    /// Parses `input` and checks it is grouped as `expect` (written back
    /// with the fewest parentheses) or fails with `expect` as
    /// "offset: message".
    fn check(input: &str, expect: &str) {
        let got = match parse(input, IDS) {
            Ok(c) => c.to_string(),
            Err(e) => format!("{}: {e}", e.offset),
        };
        assert_eq!(got, expect, "condition {input:?}");
    }

    #[test]
    fn the_grammar_parses_with_not_above_and_above_or() {
        for (input, expect) in [
            ("default", "default"),
            ("  default ", "default"),
            ("a", "a"),
            ("a && b", "a && b"),
            ("a || b", "a || b"),
            ("a || b && c", "a || b && c"),
            ("a && b || c", "a && b || c"),
            ("(a || b) && c", "(a || b) && c"),
            ("a && (b || c)", "a && (b || c)"),
            ("!a && b", "!a && b"),
            ("!(a && b)", "!(a && b)"),
            ("!!a", "!!a"),
            ("(((a)))", "a"),
            ("(!a) || (!b) || (!c)", "!a || !b || !c"),
            ("a&&b||!c", "a && b || !c"),
            ("a && b && c && d", "a && b && c && d"),
            (
                "(a && (b || c)) || (d && q_no)",
                "a && (b || c) || d && q_no",
            ),
        ] {
            check(input, expect);
        }
    }

    #[test]
    fn parse_any_takes_any_id_and_nothing_else_changes() {
        assert_eq!(
            parse_any("x && !y").map(|c| c.to_string()),
            Ok("x && !y".into())
        );
        assert_eq!(parse_any("default"), Ok(Condition::Default));
        assert_eq!(parse_any("x y").map_err(|e| e.offset), Err(2));
        assert_eq!(parse_any("x || default").map_err(|e| e.offset), Err(5));
    }

    #[test]
    fn precedence_decides_the_truth() {
        // a || b && c is a || (b && c): with only a ticked it holds.
        let ticked = |ids: &[&str]| ids.iter().map(|s| s.to_string()).collect::<BTreeSet<_>>();
        let holds = |c: &str, t: &[&str]| {
            parse(c, IDS)
                .unwrap_or_else(|e| panic!("{e}"))
                .holds(&ticked(t))
        };
        for (cond, t, expect) in [
            ("a || b && c", &["a"][..], true),
            ("(a || b) && c", &["a"][..], false),
            ("!a && b", &["b"][..], true),
            ("!(a && b)", &["b"][..], true),
            ("!(a && b)", &["a", "b"][..], false),
            ("!a || b", &["a"][..], false),
            ("a && !b || c", &["a", "b", "c"][..], true),
            ("a && !(b || c)", &["a", "c"][..], false),
            ("default", &[][..], true),
        ] {
            assert_eq!(holds(cond, t), expect, "{cond} with {t:?}");
        }
    }

    #[test]
    fn every_error_names_its_offset() {
        for (input, expect) in [
            (
                "",
                "0: the condition is empty: write `default` or an expression over the question's choice ids",
            ),
            (
                "   ",
                "0: the condition is empty: write `default` or an expression over the question's choice ids",
            ),
            ("(a && b", "0: the `(` at character 1 is never closed"),
            (
                "a && (b || (c)",
                "5: the `(` at character 6 is never closed",
            ),
            ("a && b)", "6: the `)` at character 7 closes no `(`"),
            (")", "0: the `)` at character 1 closes no `(`"),
            (
                "a && x",
                "5: `x` at character 6 is not a choice of this question; its choices are a, b, c, d, q_no",
            ),
            (
                "a &&",
                "2: `&&` has nothing on its right: it stands at character 3",
            ),
            (
                "|| a",
                "0: `||` has nothing on its left: it stands at character 1",
            ),
            (
                "a && || b",
                "2: `&&` has nothing on its right: it stands at character 3",
            ),
            (
                "(a ||) && b",
                "3: `||` has nothing on its right: it stands at character 4",
            ),
            ("!", "0: `!` has nothing after it: it stands at character 1"),
            (
                "a && ()",
                "5: the `()` holds nothing: it opens at character 6",
            ),
            (
                "a b",
                "2: unexpected `b` at character 3: join it to what comes before with `&&` or `||`",
            ),
            (
                "(a) (b)",
                "4: unexpected `(` at character 5: join it to what comes before with `&&` or `||`",
            ),
            (
                "(a b)",
                "3: unexpected `b` at character 4: join it to what comes before with `&&` or `||`, or close the `(` first",
            ),
            (
                "a & b",
                "2: unexpected `&` at character 3: write `&&` for \"and\"",
            ),
            (
                "a | b",
                "2: unexpected `|` at character 3: write `||` for \"or\"",
            ),
            (
                "a && b-c",
                "6: unexpected `-` at character 7: a condition holds only choice ids, `!`, `&&`, `||` and parentheses",
            ),
            (
                "default || a",
                "0: `default` at character 1 must be the whole condition, not part of one",
            ),
            (
                "a || default",
                "5: `default` at character 6 must be the whole condition, not part of one",
            ),
            // Offsets count characters, not bytes.
            (
                "é",
                "0: unexpected `é` at character 1: a condition holds only choice ids, `!`, `&&`, `||` and parentheses",
            ),
        ] {
            check(input, expect);
        }
    }
}
