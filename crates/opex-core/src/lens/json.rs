//! Reads a lens file's JSON into the lens types. jsonc-parser parses it
//! strictly (no comments, trailing commas, `NaN` or any other JSON5) into an
//! AST that keeps each value's byte range; the walk here records where each
//! JSON path starts, so every later check can name its line and column. A
//! wrong type, a missing or repeated key is an error; a key the format does
//! not have is a warning, and stays out of the bank.

use super::{Lens, LensAdditionalResource, LensChoice, LensError, LensQuestion, LensResource};
use super::{LensRiskRule, Pillar};
use crate::checklist::Risk;
use crate::error::Issue;
use crate::locate::{Seg, render};
use jsonc_parser::ast::{Object, Value};
use jsonc_parser::common::Ranged;
use jsonc_parser::{CollectOptions, ParseOptions, parse_to_ast};
use std::collections::HashMap;

/// Line starts of a text, to turn a byte offset into a line and a column
/// (1-based, the column in characters).
pub(crate) struct Lines<'t> {
    text: &'t str,
    starts: Vec<usize>,
}

impl<'t> Lines<'t> {
    pub(crate) fn new(text: &'t str) -> Lines<'t> {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Lines { text, starts }
    }

    pub(crate) fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let start = self.starts[line - 1];
        let column = self
            .text
            .get(start..offset)
            .map_or(1, |s| s.chars().count() + 1);
        (line, column)
    }
}

/// Where each JSON path of the file starts, to locate a problem.
pub(crate) struct At<'t> {
    file: String,
    lines: Lines<'t>,
    starts: HashMap<String, usize>,
}

impl At<'_> {
    /// The byte offset where `path` starts, or where the nearest enclosing
    /// value that is there starts (a missing key points at its object).
    pub(crate) fn offset(&self, path: &[Seg]) -> usize {
        (0..=path.len())
            .rev()
            .find_map(|n| self.starts.get(&render(&path[..n])).copied())
            .unwrap_or(0)
    }

    /// An issue about `path`, located at its start.
    pub(crate) fn issue(&self, path: &[Seg], message: String) -> Issue {
        self.issue_at(self.offset(path), path, message)
    }

    /// An issue about `path`, located at byte `offset`.
    pub(crate) fn issue_at(&self, offset: usize, path: &[Seg], message: String) -> Issue {
        let (line, column) = self.lines.line_col(offset);
        Issue {
            file: self.file.clone(),
            line,
            column,
            field: render(path),
            message,
        }
    }

    /// The raw text of the value at `path`, when it is there.
    pub(crate) fn raw(&self, path: &[Seg]) -> Option<&str> {
        let start = *self.starts.get(&render(path))?;
        let rest = self.lines.text.get(start..)?;
        Some(rest)
    }
}

/// A lens as read, with where each path starts and the keys left out.
pub(crate) struct Parsed<'t> {
    pub lens: Lens,
    pub at: At<'t>,
    pub unknown: Vec<Issue>,
}

/// Parses `text` strictly and walks it into a [`Lens`]; any syntax error,
/// wrong type or missing key is an error, all of them reported together.
pub(crate) fn parse<'t>(file: &str, text: &'t str) -> Result<Parsed<'t>, LensError> {
    // A byte-order mark is not JSON, but editors write one; it says nothing.
    let body_at = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let body = &text[body_at..];
    let lines = Lines::new(text);
    let strict = ParseOptions {
        allow_comments: false,
        allow_loose_object_property_names: false,
        allow_trailing_commas: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: false,
        allow_non_finite_numbers: false,
        allow_extended_string_escapes: false,
    };
    let mut walk = Walk {
        at: At {
            file: file.to_string(),
            lines,
            starts: HashMap::new(),
        },
        errors: Vec::new(),
        unknown: Vec::new(),
    };
    let root = match parse_to_ast(body, &CollectOptions::default(), &strict) {
        Ok(r) => r.value,
        Err(e) => {
            let range = e.range();
            let start = range.start + body_at;
            let found = body.get(range.start..range.end).unwrap_or("");
            let message = match found {
                "NaN" | "Infinity" | "-Infinity" => format!(
                    "`{found}` is not JSON (JSON has no NaN or Infinity): write the text in quotes, or a number"
                ),
                _ => format!("not JSON: {}", e.kind()),
            };
            let path = path_at(text, start);
            return Err(LensError::Invalid(vec![
                walk.at.issue_at(start, &path, message),
            ]));
        }
    };
    let Some(root) = root else {
        return Err(LensError::Invalid(vec![walk.at.issue_at(
            0,
            &[],
            "the file holds no JSON: a lens is a JSON object".into(),
        )]));
    };
    let lens = walk.lens(&root);
    if walk.errors.is_empty() {
        Ok(Parsed {
            lens,
            at: walk.at,
            unknown: walk.unknown,
        })
    } else {
        Err(LensError::Invalid(walk.errors))
    }
}

/// The JSON path at byte `offset` of a text that may not parse as a whole,
/// from the brackets, keys and commas before it. Used only for a syntax
/// error, where there is no tree to ask.
fn path_at(text: &str, offset: usize) -> Vec<Seg> {
    enum Frame {
        Object { key: Option<String>, in_value: bool },
        Array(usize),
    }
    let mut stack: Vec<Frame> = Vec::new();
    let mut chars = text.get(..offset).unwrap_or(text).chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                let mut s = String::new();
                while let Some(c) = chars.next() {
                    match c {
                        '"' => break,
                        '\\' => {
                            if let Some(e) = chars.next() {
                                s.push(e);
                            }
                        }
                        c => s.push(c),
                    }
                }
                if let Some(Frame::Object {
                    key,
                    in_value: false,
                }) = stack.last_mut()
                {
                    *key = Some(s);
                }
            }
            ':' => {
                if let Some(Frame::Object { in_value, .. }) = stack.last_mut() {
                    *in_value = true;
                }
            }
            ',' => match stack.last_mut() {
                Some(Frame::Object { key, in_value }) => {
                    *key = None;
                    *in_value = false;
                }
                Some(Frame::Array(i)) => *i += 1,
                None => {}
            },
            '{' => stack.push(Frame::Object {
                key: None,
                in_value: false,
            }),
            '[' => stack.push(Frame::Array(0)),
            '}' | ']' => {
                stack.pop();
            }
            _ => {}
        }
    }
    stack
        .into_iter()
        .filter_map(|f| match f {
            Frame::Object {
                key: Some(k),
                in_value: true,
            } => Some(Seg::Key(k)),
            Frame::Object { .. } => None,
            Frame::Array(i) => Some(Seg::Index(i)),
        })
        .collect()
}

fn join(path: &[Seg], seg: impl Into<Seg>) -> Vec<Seg> {
    let mut p = path.to_vec();
    p.push(seg.into());
    p
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::StringLit(_) => "a string",
        Value::NumberLit(_) => "a number",
        Value::BooleanLit(_) => "true or false",
        Value::Object(_) => "an object",
        Value::Array(_) => "an array",
        Value::NullKeyword(_) => "null",
    }
}

/// An object's known keys and their values, and where the object starts.
struct Fields<'v> {
    start: usize,
    values: HashMap<&'v str, &'v Value<'v>>,
}

struct Walk<'t> {
    at: At<'t>,
    errors: Vec<Issue>,
    unknown: Vec<Issue>,
}

impl Walk<'_> {
    fn error(&mut self, offset: usize, path: &[Seg], message: String) {
        self.errors.push(self.at.issue_at(offset, path, message));
    }

    /// Records where `v` starts, under `path`.
    fn seen(&mut self, v: &Value, path: &[Seg]) {
        self.at.starts.insert(render(path), v.start());
    }

    fn wrong(&mut self, v: &Value, path: &[Seg], expected: &str) {
        let message = format!("expected {expected}, found {}", kind(v));
        self.error(v.start(), path, message);
    }

    /// The known keys of the object `v`; unknown keys are noted, repeated
    /// keys are errors.
    fn object<'v>(&mut self, v: &'v Value<'v>, path: &[Seg], known: &[&str]) -> Option<Fields<'v>> {
        self.seen(v, path);
        let Value::Object(Object { properties, range }) = v else {
            self.wrong(v, path, "an object");
            return None;
        };
        let mut values = HashMap::new();
        for p in properties {
            let key = p.name.as_str();
            let key_path = join(path, key);
            if !known.contains(&key) {
                self.unknown.push(self.at.issue_at(
                    p.range.start,
                    &key_path,
                    format!("`{key}` is not in the lens format; it is left out of the bank"),
                ));
            } else if values.insert(key, &p.value).is_some() {
                self.error(
                    p.range.start,
                    &key_path,
                    format!("`{key}` appears twice in this object; keep one"),
                );
            }
        }
        Some(Fields {
            start: range.start,
            values,
        })
    }

    /// The value of `key`; when it is missing and `required`, an error.
    fn get<'v>(
        &mut self,
        f: &Fields<'v>,
        key: &str,
        path: &[Seg],
        required: bool,
    ) -> Option<&'v Value<'v>> {
        let v = f.values.get(key).copied();
        if v.is_none() && required {
            self.error(f.start, &join(path, key), format!("`{key}` is missing"));
        }
        v
    }

    fn string_value(&mut self, v: &Value, path: &[Seg]) -> String {
        self.seen(v, path);
        match v {
            Value::StringLit(s) => s.value.to_string(),
            _ => {
                self.wrong(v, path, "a string");
                String::new()
            }
        }
    }

    fn string(&mut self, f: &Fields, key: &str, path: &[Seg]) -> String {
        match self.get(f, key, path, true) {
            Some(v) => self.string_value(v, &join(path, key)),
            None => String::new(),
        }
    }

    fn opt_string(&mut self, f: &Fields, key: &str, path: &[Seg]) -> Option<String> {
        let v = self.get(f, key, path, false)?;
        Some(self.string_value(v, &join(path, key)))
    }

    fn array<'v>(&mut self, v: &'v Value<'v>, path: &[Seg]) -> &'v [Value<'v>] {
        self.seen(v, path);
        match v {
            Value::Array(a) => &a.elements,
            _ => {
                self.wrong(v, path, "an array");
                &[]
            }
        }
    }

    fn lens(&mut self, root: &Value) -> Lens {
        let f = self.object(
            root,
            &[],
            &["schemaVersion", "name", "description", "pillars"],
        );
        let Some(f) = f else {
            return Lens {
                schema_version: String::new(),
                name: String::new(),
                description: String::new(),
                pillars: Vec::new(),
            };
        };
        let schema_version = self.string(&f, "schemaVersion", &[]);
        let name = self.string(&f, "name", &[]);
        let description = self.string(&f, "description", &[]);
        let pillars = match self.get(&f, "pillars", &[], true) {
            Some(v) => {
                let path = vec![Seg::from("pillars")];
                let items = self.array(v, &path);
                items
                    .iter()
                    .enumerate()
                    .map(|(i, p)| self.pillar(p, &join(&path, i)))
                    .collect()
            }
            None => Vec::new(),
        };
        Lens {
            schema_version,
            name,
            description,
            pillars,
        }
    }

    fn pillar(&mut self, v: &Value, path: &[Seg]) -> Pillar {
        let mut p = Pillar {
            id: String::new(),
            name: String::new(),
            questions: Vec::new(),
        };
        let Some(f) = self.object(v, path, &["id", "name", "questions"]) else {
            return p;
        };
        p.id = self.string(&f, "id", path);
        p.name = self.string(&f, "name", path);
        if let Some(v) = self.get(&f, "questions", path, true) {
            let qpath = join(path, "questions");
            let items = self.array(v, &qpath);
            p.questions = items
                .iter()
                .enumerate()
                .map(|(i, q)| self.question(q, &join(&qpath, i)))
                .collect();
        }
        p
    }

    fn question(&mut self, v: &Value, path: &[Seg]) -> LensQuestion {
        let mut q = LensQuestion {
            id: String::new(),
            title: String::new(),
            description: None,
            helpful_resource: None,
            choices: Vec::new(),
            risk_rules: Vec::new(),
        };
        let known = [
            "id",
            "title",
            "description",
            "helpfulResource",
            "choices",
            "riskRules",
        ];
        let Some(f) = self.object(v, path, &known) else {
            return q;
        };
        q.id = self.string(&f, "id", path);
        q.title = self.string(&f, "title", path);
        q.description = self.opt_string(&f, "description", path);
        q.helpful_resource = self.opt_resource(&f, "helpfulResource", path);
        if let Some(v) = self.get(&f, "choices", path, true) {
            let cpath = join(path, "choices");
            let items = self.array(v, &cpath);
            q.choices = items
                .iter()
                .enumerate()
                .map(|(i, c)| self.choice(c, &join(&cpath, i)))
                .collect();
        }
        if let Some(v) = self.get(&f, "riskRules", path, true) {
            let rpath = join(path, "riskRules");
            let items = self.array(v, &rpath);
            q.risk_rules = items
                .iter()
                .enumerate()
                .filter_map(|(i, r)| self.rule(r, &join(&rpath, i)))
                .collect();
        }
        q
    }

    fn choice(&mut self, v: &Value, path: &[Seg]) -> LensChoice {
        let mut c = LensChoice {
            id: String::new(),
            title: String::new(),
            helpful_resource: None,
            improvement_plan: None,
            additional_resources: Vec::new(),
        };
        let known = [
            "id",
            "title",
            "helpfulResource",
            "improvementPlan",
            "additionalResources",
        ];
        let Some(f) = self.object(v, path, &known) else {
            return c;
        };
        c.id = self.string(&f, "id", path);
        c.title = self.string(&f, "title", path);
        c.helpful_resource = self.opt_resource(&f, "helpfulResource", path);
        c.improvement_plan = self.opt_resource(&f, "improvementPlan", path);
        if let Some(v) = self.get(&f, "additionalResources", path, false) {
            let apath = join(path, "additionalResources");
            let items = self.array(v, &apath);
            c.additional_resources = items
                .iter()
                .enumerate()
                .map(|(i, a)| self.additional(a, &join(&apath, i)))
                .collect();
        }
        c
    }

    fn opt_resource(&mut self, f: &Fields, key: &str, path: &[Seg]) -> Option<LensResource> {
        let v = self.get(f, key, path, false)?;
        Some(self.resource(v, &join(path, key)))
    }

    fn resource(&mut self, v: &Value, path: &[Seg]) -> LensResource {
        let mut r = LensResource {
            display_text: String::new(),
            url: None,
        };
        if let Some(f) = self.object(v, path, &["displayText", "url"]) {
            r.display_text = self.string(&f, "displayText", path);
            r.url = self.opt_string(&f, "url", path);
        }
        r
    }

    fn additional(&mut self, v: &Value, path: &[Seg]) -> LensAdditionalResource {
        let mut a = LensAdditionalResource {
            kind: String::new(),
            content: Vec::new(),
        };
        let Some(f) = self.object(v, path, &["type", "content"]) else {
            return a;
        };
        a.kind = self.string(&f, "type", path);
        if let Some(v) = self.get(&f, "content", path, true) {
            let cpath = join(path, "content");
            let items = self.array(v, &cpath);
            a.content = items
                .iter()
                .enumerate()
                .map(|(i, r)| self.resource(r, &join(&cpath, i)))
                .collect();
        }
        a
    }

    fn rule(&mut self, v: &Value, path: &[Seg]) -> Option<LensRiskRule> {
        let f = self.object(v, path, &["condition", "risk"])?;
        let condition = self.string(&f, "condition", path);
        let rv = self.get(&f, "risk", path, true)?;
        let rpath = join(path, "risk");
        let risk = self.string_value(rv, &rpath);
        let risk = match risk.as_str() {
            "HIGH_RISK" => Risk::High,
            "MEDIUM_RISK" => Risk::Medium,
            "NO_RISK" => Risk::None,
            other => {
                if matches!(rv, Value::StringLit(_)) {
                    self.error(
                        rv.start(),
                        &rpath,
                        format!("`{other}` is not a risk: write HIGH_RISK, MEDIUM_RISK or NO_RISK"),
                    );
                }
                return None;
            }
        };
        Some(LensRiskRule { condition, risk })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters_and_lines_start_at_one() {
        let l = Lines::new("ab\né\"x\n");
        assert_eq!(l.line_col(0), (1, 1));
        assert_eq!(l.line_col(1), (1, 2));
        assert_eq!(l.line_col(3), (2, 1));
        assert_eq!(l.line_col(5), (2, 2)); // after the two bytes of é
        assert_eq!(l.line_col(100), (3, 1));
    }

    #[test]
    fn a_syntax_error_is_placed_on_its_path() {
        let text = r#"{"a": [1, {"b": "x,]", "c": NaN}], "d": 1}"#;
        let at = text.find("NaN").unwrap_or(0);
        assert_eq!(render(&path_at(text, at)), "a[1].c");
        assert_eq!(render(&path_at(text, text.find("\"d\"").unwrap_or(0))), "");
        let text = r#"{"s": "a \"q\": {", "t": [true, "#;
        assert_eq!(render(&path_at(text, text.len())), "t[1]");
    }
}
