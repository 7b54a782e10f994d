//! Loads a bank from its TOML sources and validates it, collecting every problem
//! with its file, line, column and field rather than stopping at the first.

use crate::error::{BankError, Issue};
use crate::locate::{Located, Seg, render};
use crate::model::{AreaKind, Bank, BankHead, LEVELS, QuestionFile};
pub use crate::read::read_sources;
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// One TOML file of a bank: its display name and its text. The first source of a
/// bank is its head (`bank.toml`); the rest hold only questions.
#[derive(Debug, Clone)]
pub struct Source {
    pub name: String,
    pub text: String,
}

/// The largest bank file opex reads, in bytes (4 MB). The default bank is
/// about a hundredth of that; the cap keeps a mistaken or hostile file from
/// filling memory, and it holds for picked files as well as for files on disk.
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// Loads a bank from a folder (`bank.toml` plus `questions/*.toml`) or one file.
pub fn load_path(path: &Path) -> Result<Bank, BankError> {
    load_sources(&read_sources(path)?)
}

/// Orders files a person picked (a `bank.toml` with its question files, or one
/// single-file bank) head first, the rest by name.
pub fn order_sources(mut files: Vec<Source>) -> Result<Vec<Source>, BankError> {
    let problem = |message: &str| {
        BankError::Invalid(vec![Issue {
            file: String::new(),
            line: 1,
            column: 1,
            field: String::new(),
            message: message.to_string(),
        }])
    };
    if files.len() <= 1 {
        return if files.is_empty() {
            Err(problem("no file was chosen"))
        } else {
            Ok(files)
        };
    }
    let is_head = |s: &Source| s.name.rsplit(['/', '\\']).next() == Some("bank.toml");
    match files.iter().filter(|s| is_head(s)).count() {
        0 => {
            return Err(problem(
                "several files were chosen but none is bank.toml: choose the bank's bank.toml together with its question files",
            ));
        }
        1 => {}
        _ => {
            return Err(problem(
                "more than one bank.toml was chosen: choose the files of one bank",
            ));
        }
    }
    files.sort_by(|a, b| {
        is_head(b)
            .cmp(&is_head(a))
            .then_with(|| a.name.cmp(&b.name))
    });
    Ok(files)
}

/// Parses and validates a bank from its sources (head first).
pub fn load_sources(sources: &[Source]) -> Result<Bank, BankError> {
    load_mapped(sources).map(|(bank, _)| bank)
}

/// Where each part of a loaded bank was written, so later checks (lint) can
/// name the file, line and column of what they find.
#[derive(Debug, Clone)]
pub struct SourceMap {
    /// The name of each source, and its parsed text with its line index.
    names: Vec<String>,
    located: Vec<Located>,
    /// Question id → (source index, index in that file's `questions`).
    origin: HashMap<String, (usize, usize)>,
}

impl SourceMap {
    /// Locates `path` within question `question` (or within the head file when
    /// `question` is `None`), as an issue carrying `message`.
    pub fn issue(&self, question: Option<&str>, path: &[Seg], message: String) -> Issue {
        let (src, full) = match question.and_then(|q| self.origin.get(q)) {
            Some(&(src, i)) => {
                let mut full = vec![Seg::from("questions"), Seg::Index(i)];
                full.extend_from_slice(path);
                (src, full)
            }
            None => (0, path.to_vec()),
        };
        let (Some(name), Some(loc)) = (self.names.get(src), self.located.get(src)) else {
            return Issue {
                file: String::new(),
                line: 1,
                column: 1,
                field: render(&full),
                message,
            };
        };
        let (line, column) = loc.span_of(&full).map_or((1, 1), |s| loc.line_col(s.start));
        Issue {
            file: name.clone(),
            line,
            column,
            field: render(&full),
            message,
        }
    }
}

/// Loads a bank folder or file, with the map of where everything was written.
pub fn load_path_mapped(path: &Path) -> Result<(Bank, SourceMap), BankError> {
    load_mapped(&read_sources(path)?)
}

/// Parses and validates a bank, keeping the map of where everything was written.
pub fn load_mapped(sources: &[Source]) -> Result<(Bank, SourceMap), BankError> {
    let Some((head_src, rest)) = sources.split_first() else {
        return Err(BankError::Invalid(vec![Issue {
            file: String::new(),
            line: 1,
            column: 1,
            field: String::new(),
            message: "a bank needs at least its bank.toml".into(),
        }]));
    };
    // A file over the cap is refused before it is parsed at all.
    let too_big: Vec<Issue> = sources
        .iter()
        .filter(|s| s.text.len() as u64 > MAX_FILE_BYTES)
        .map(|s| Issue {
            file: s.name.clone(),
            line: 1,
            column: 1,
            field: String::new(),
            message: format!(
                "the file is {} bytes, more than the {MAX_FILE_BYTES} bytes (4 MB) a bank file may hold",
                s.text.len()
            ),
        })
        .collect();
    if !too_big.is_empty() {
        return Err(BankError::Invalid(too_big));
    }
    let located: Vec<Located> = sources.iter().map(|s| Located::new(&s.text)).collect();
    let mut issues = Vec::new();

    let head: Option<BankHead> = parse(head_src, &located[0], &mut issues);
    let files: Vec<Option<QuestionFile>> = rest
        .iter()
        .zip(&located[1..])
        .map(|(src, loc)| parse(src, loc, &mut issues))
        .collect();
    let Some(head) = head else {
        return Err(BankError::Invalid(issues));
    };
    if !issues.is_empty() {
        return Err(BankError::Invalid(issues));
    }

    // Where each merged question came from: (source index, index within its file).
    let mut origin = Vec::new();
    let mut questions = Vec::new();
    for (i, q) in head.questions.iter().enumerate() {
        origin.push((0, i));
        questions.push(q.clone());
    }
    for (f, file) in files.iter().enumerate() {
        for (i, q) in file.iter().flat_map(|f| &f.questions).enumerate() {
            origin.push((f + 1, i));
            questions.push(q.clone());
        }
    }
    // Questions are ordered by their area's place in the bank, then as written,
    // so the order never depends on how the files are named or listed.
    let area_rank = |area: &str| {
        head.areas
            .iter()
            .position(|a| a.id == area)
            .unwrap_or(usize::MAX)
    };
    let mut order: Vec<usize> = (0..questions.len()).collect();
    order.sort_by_key(|&n| area_rank(&questions[n].area));
    let origin: Vec<(usize, usize)> = order.iter().map(|&n| origin[n]).collect();
    let questions: Vec<_> = order.iter().map(|&n| questions[n].clone()).collect();
    let bank = Bank {
        id: head.id,
        version: head.version,
        title: head.title,
        description: head.description,
        areas: head.areas,
        profiles: head.profiles,
        questions,
        changelog: head.changelog,
    };

    let mut at = |src: usize, path: Vec<Seg>, message: String| {
        let loc = &located[src];
        let (line, column) = loc.span_of(&path).map_or((1, 1), |s| loc.line_col(s.start));
        issues.push(Issue {
            file: sources[src].name.clone(),
            line,
            column,
            field: render(&path),
            message,
        });
    };
    let q_path = |n: usize, field: &[Seg]| -> (usize, Vec<Seg>) {
        let (src, i) = origin[n];
        let mut path = vec![Seg::from("questions"), Seg::Index(i)];
        path.extend_from_slice(field);
        (src, path)
    };

    for (field, value) in [
        ("id", &bank.id),
        ("version", &bank.version),
        ("title", &bank.title),
    ] {
        if value.trim().is_empty() {
            at(
                0,
                vec![field.into()],
                format!("`{field}` must not be empty"),
            );
        }
    }

    let mut area_ids = HashSet::new();
    for (i, area) in bank.areas.iter().enumerate() {
        let path = |f: &str| vec![Seg::from("areas"), Seg::Index(i), f.into()];
        if area.id.trim().is_empty() {
            at(0, path("id"), "an area id must not be empty".into());
        } else if !area_ids.insert(area.id.as_str()) {
            at(0, path("id"), format!("duplicate area id `{}`", area.id));
        }
        if area.name.trim().is_empty() {
            at(0, path("name"), "an area name must not be empty".into());
        }
        if area.kind == AreaKind::Dimension {
            for (f, pole) in [("traditional", &area.traditional), ("modern", &area.modern)] {
                if pole.as_deref().is_none_or(|p| p.trim().is_empty()) {
                    at(
                        0,
                        path(f),
                        format!("dimension `{}` must name its {f} pole", area.id),
                    );
                }
            }
        }
    }
    if bank.areas.is_empty() {
        at(
            0,
            vec![],
            "a bank needs at least one [[areas]] entry".into(),
        );
    }

    let mut first_seen: HashMap<&str, usize> = HashMap::new();
    for (n, q) in bank.questions.iter().enumerate() {
        if q.id.trim().is_empty() {
            let (s, p) = q_path(n, &["id".into()]);
            at(s, p, "a question id must not be empty".into());
        } else if let Some(&first) = first_seen.get(q.id.as_str()) {
            let (fs, fi) = origin[first];
            let first_line = {
                let (_, p) = q_path(first, &["id".into()]);
                located[fs]
                    .span_of(&p)
                    .map_or(1, |s| located[fs].line_col(s.start).0)
            };
            let (s, p) = q_path(n, &["id".into()]);
            at(
                s,
                p,
                format!(
                    "duplicate question id `{}` (first defined at {}:{first_line}, questions[{fi}])",
                    q.id, sources[fs].name
                ),
            );
        } else {
            first_seen.insert(q.id.as_str(), n);
        }
        match bank.area(&q.area) {
            None => {
                let (s, p) = q_path(n, &["area".into()]);
                at(
                    s,
                    p,
                    format!(
                        "unknown area `{}`; the bank's areas are: {}",
                        q.area,
                        list(&area_ids)
                    ),
                );
            }
            Some(area) if area.kind == AreaKind::Principle && q.phase.is_none() => {
                let (s, p) = q_path(n, &["phase".into()]);
                at(
                    s,
                    p,
                    format!(
                        "question `{}` belongs to principle `{}` and needs a phase (prepare, operate or evolve)",
                        q.id, q.area
                    ),
                );
            }
            Some(_) => {}
        }
        if q.prompt.trim().is_empty() {
            let (s, p) = q_path(n, &["prompt".into()]);
            at(s, p, format!("question `{}` has an empty prompt", q.id));
        }
        // A lens question's description is optional, so its guidance may be empty.
        if q.guidance.trim().is_empty() && q.checklist.is_none() {
            let (s, p) = q_path(n, &["guidance".into()]);
            at(s, p, format!("question `{}` has empty guidance", q.id));
        }
        match &q.checklist {
            None if q.levels.len() != LEVELS => {
                let (s, p) = q_path(n, &["levels".into()]);
                at(
                    s,
                    p,
                    format!(
                        "question `{}` has {} levels; it needs exactly {LEVELS}",
                        q.id,
                        q.levels.len()
                    ),
                );
            }
            Some(_) if !q.levels.is_empty() => {
                let (s, p) = q_path(n, &["levels".into()]);
                at(
                    s,
                    p,
                    format!(
                        "question `{}` is a checklist, so it has no levels (`levels = []`): its choices are what a team ticks",
                        q.id
                    ),
                );
            }
            _ => {}
        }
        for (path, message) in q.checklist.iter().flat_map(crate::risk::problems) {
            let (s, p) = q_path(n, &path);
            at(s, p, message);
        }
        for (l, level) in q.levels.iter().enumerate() {
            if level.text.trim().is_empty() {
                let (s, p) = q_path(n, &["levels".into(), Seg::Index(l)]);
                at(s, p, format!("level {} of `{}` is empty", l + 1, q.id));
            }
        }
        for (d, dim) in q.dimensions.iter().enumerate() {
            if bank.area(dim).is_none_or(|a| a.kind != AreaKind::Dimension) {
                let (s, p) = q_path(n, &["dimensions".into(), Seg::Index(d)]);
                at(s, p, format!("`{dim}` is not a dimension of this bank"));
            }
        }
    }
    let question_ids: HashSet<&str> = bank.questions.iter().map(|q| q.id.as_str()).collect();
    for (n, q) in bank.questions.iter().enumerate() {
        for (r, old) in q.replaces.iter().enumerate() {
            if question_ids.contains(old.as_str()) {
                let (s, p) = q_path(n, &["replaces".into(), Seg::Index(r)]);
                at(
                    s,
                    p,
                    format!(
                        "`{}` replaces `{old}`, which is still in the bank; ids are never reused",
                        q.id
                    ),
                );
            }
        }
    }

    let mut profile_ids = HashSet::new();
    for (i, profile) in bank.profiles.iter().enumerate() {
        let path = |f: &[Seg]| {
            let mut p = vec![Seg::from("profiles"), Seg::Index(i)];
            p.extend_from_slice(f);
            p
        };
        if profile.id == "full" {
            at(
                0,
                path(&["id".into()]),
                "the profile id `full` is reserved: it always means every question".into(),
            );
        } else if !profile_ids.insert(profile.id.as_str()) {
            at(
                0,
                path(&["id".into()]),
                format!("duplicate profile id `{}`", profile.id),
            );
        }
        for (j, qid) in profile.questions.iter().enumerate() {
            if !question_ids.contains(qid.as_str()) {
                at(
                    0,
                    path(&["questions".into(), Seg::Index(j)]),
                    format!(
                        "profile `{}` names question `{qid}`, which is not in the bank",
                        profile.id
                    ),
                );
            }
        }
    }

    if issues.is_empty() {
        let map = SourceMap {
            names: sources.iter().map(|s| s.name.clone()).collect(),
            located,
            origin: bank
                .questions
                .iter()
                .zip(&origin)
                .map(|(q, o)| (q.id.clone(), *o))
                .collect(),
        };
        Ok((bank, map))
    } else {
        Err(BankError::Invalid(issues))
    }
}

fn list(ids: &HashSet<&str>) -> String {
    let mut v: Vec<&str> = ids.iter().copied().collect();
    v.sort_unstable();
    v.join(", ")
}

/// Deserializes one source, turning a syntax or shape error into a located issue.
fn parse<T: serde::de::DeserializeOwned>(
    src: &Source,
    loc: &Located,
    issues: &mut Vec<Issue>,
) -> Option<T> {
    // TOML allows no NUL anywhere; the parser's own words for one ("key with
    // no value") point past it and name the wrong problem.
    if let Some(at) = src.text.find('\0') {
        let (line, column) = loc.line_col(at);
        issues.push(Issue {
            file: src.name.clone(),
            line,
            column,
            field: String::new(),
            message:
                "the file holds a NUL byte (\\0), which a TOML file cannot; is it a text file?"
                    .into(),
        });
        return None;
    }
    match toml::from_str::<T>(&src.text) {
        Ok(v) => Some(v),
        Err(e) => {
            let offset = e.span().map_or(0, |s| s.start);
            let (line, column) = loc.line_col(offset);
            issues.push(Issue {
                file: src.name.clone(),
                line,
                column,
                field: render(&loc.path_at(offset)),
                message: e.message().trim().to_string(),
            });
            None
        }
    }
}
