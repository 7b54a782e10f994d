//! Maps between byte offsets and field paths in a TOML source, so that every bank
//! error can name the file, line, column and field it is about.

use std::ops::Range;
use std::sync::Arc;
use toml_edit::{Array, ArrayOfTables, Document, InlineTable, Item, Table, Value};

/// One step of a field path: a key, or an index into an array.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seg {
    Key(String),
    Index(usize),
}

impl From<&str> for Seg {
    fn from(k: &str) -> Self {
        Seg::Key(k.to_string())
    }
}

impl From<usize> for Seg {
    fn from(i: usize) -> Self {
        Seg::Index(i)
    }
}

/// Renders a path the way a person reads it: `questions[3].levels[0]`.
pub fn render(path: &[Seg]) -> String {
    let mut out = String::new();
    for seg in path {
        match seg {
            Seg::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Seg::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

/// A borrowed node of a span-keeping TOML document.
#[derive(Clone, Copy)]
enum Node<'a> {
    Table(&'a Table),
    Inline(&'a InlineTable),
    Tables(&'a ArrayOfTables),
    Array(&'a Array),
    Scalar,
}

impl<'a> Node<'a> {
    fn of_item(item: &'a Item) -> Node<'a> {
        match item {
            Item::Table(t) => Node::Table(t),
            Item::ArrayOfTables(a) => Node::Tables(a),
            Item::Value(v) => Node::of_value(v),
            Item::None => Node::Scalar,
        }
    }

    fn of_value(v: &'a Value) -> Node<'a> {
        match v {
            Value::InlineTable(t) => Node::Inline(t),
            Value::Array(a) => Node::Array(a),
            _ => Node::Scalar,
        }
    }

    /// The child at `seg`, with the span that names it (the key for a field).
    fn child(self, seg: &Seg) -> Option<(Node<'a>, Option<Range<usize>>)> {
        match (self, seg) {
            (Node::Table(t), Seg::Key(k)) => t
                .get_key_value(k)
                .map(|(key, it)| (Node::of_item(it), key.span().or_else(|| it.span()))),
            (Node::Inline(t), Seg::Key(k)) => t
                .get_key_value(k)
                .map(|(key, v)| (Node::of_item(v), key.span().or_else(|| v.span()))),
            (Node::Tables(a), Seg::Index(i)) => a.get(*i).map(|t| (Node::Table(t), t.span())),
            (Node::Array(a), Seg::Index(i)) => a.get(*i).map(|v| (Node::of_value(v), v.span())),
            _ => None,
        }
    }

    /// Every child with its path step and the full span it covers.
    fn children(self) -> Vec<(Seg, Node<'a>, Option<Range<usize>>)> {
        match self {
            Node::Table(t) => t
                .iter()
                .filter_map(|(k, _)| {
                    let (key, it) = t.get_key_value(k)?;
                    Some((
                        Seg::Key(k.to_string()),
                        Node::of_item(it),
                        join(key.span(), it.span()),
                    ))
                })
                .collect(),
            Node::Inline(t) => t
                .iter()
                .filter_map(|(k, _)| {
                    let (key, v) = t.get_key_value(k)?;
                    Some((
                        Seg::Key(k.to_string()),
                        Node::of_item(v),
                        join(key.span(), v.span()),
                    ))
                })
                .collect(),
            Node::Tables(a) => a
                .iter()
                .enumerate()
                .map(|(i, t)| (Seg::Index(i), Node::Table(t), table_extent(t)))
                .collect(),
            Node::Array(a) => a
                .iter()
                .enumerate()
                .map(|(i, v)| (Seg::Index(i), Node::of_value(v), v.span()))
                .collect(),
            Node::Scalar => Vec::new(),
        }
    }
}

fn join(a: Option<Range<usize>>, b: Option<Range<usize>>) -> Option<Range<usize>> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.start.min(b.start)..a.end.max(b.end)),
        (a, b) => a.or(b),
    }
}

/// A `[[table]]`'s span covers its header; extend it over its key/value pairs.
fn table_extent(t: &Table) -> Option<Range<usize>> {
    t.iter().fold(t.span(), |acc, (k, _)| {
        let extra = t
            .get_key_value(k)
            .and_then(|(key, it)| join(key.span(), it.span()));
        join(acc, extra)
    })
}

/// The span covered by everything below a node.
fn extent(node: Node) -> Option<Range<usize>> {
    node.children()
        .into_iter()
        .fold(None, |acc, (_, child, span)| {
            join(join(acc, span), extent(child))
        })
}

/// Where each line of a text starts, and how many characters come before every
/// `CHUNK`-th byte, built once per file. A bank with thousands of problems asks
/// for thousands of lines and columns; scanning the text for each made 20,000
/// duplicate ids take minutes.
#[derive(Debug, Clone)]
pub(crate) struct LineIndex {
    /// Byte offset of the start of each line; the first is 0.
    line_starts: Vec<usize>,
    /// Characters in `text[..k * CHUNK]`, for every `k`.
    chars_before: Vec<usize>,
}

/// Bytes between two character-count checkpoints: a column costs at most this
/// much counting, however long its line.
const CHUNK: usize = 4096;

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let bytes = text.as_bytes();
        let line_starts = std::iter::once(0)
            .chain(
                bytes
                    .iter()
                    .enumerate()
                    .filter(|&(_, &b)| b == b'\n')
                    .map(|(i, _)| i + 1),
            )
            .collect();
        let mut chars_before = Vec::with_capacity(bytes.len() / CHUNK + 1);
        let mut total = 0;
        chars_before.push(0);
        for chunk in bytes.chunks(CHUNK) {
            total += count_chars(chunk);
            chars_before.push(total);
        }
        LineIndex {
            line_starts,
            chars_before,
        }
    }

    /// 1-based line and column (in characters) of a byte offset into `text`,
    /// the text this index was built from. An offset inside a character counts
    /// as that character; one past the end, as the end.
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_starts.partition_point(|&start| start <= offset);
        let start = self.line_starts[line.saturating_sub(1)];
        let column = self.char_index(text, offset) - self.char_index(text, start) + 1;
        (line.max(1), column)
    }

    /// How many characters come before byte `offset` (a character boundary).
    fn char_index(&self, text: &str, offset: usize) -> usize {
        let k = offset / CHUNK;
        self.chars_before[k] + count_chars(&text.as_bytes()[k * CHUNK..offset])
    }
}

/// Characters in a run of UTF-8 bytes: every byte but a continuation byte
/// starts one.
fn count_chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b & 0xC0 != 0x80).count()
}

/// A parsed TOML source that keeps the spans of its keys and values, and the
/// index of its lines. It owns its text, so a `SourceMap` can keep it and
/// locate later findings without parsing the file again.
#[derive(Debug, Clone)]
pub struct Located {
    text: Arc<str>,
    lines: LineIndex,
    doc: Option<Document<Arc<str>>>,
}

impl Located {
    pub fn new(text: &str) -> Self {
        let text: Arc<str> = Arc::from(text);
        Located {
            lines: LineIndex::new(&text),
            doc: Document::parse(Arc::clone(&text)).ok(),
            text,
        }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        self.lines.line_col(&self.text, offset)
    }

    /// The span naming the field at `path`: its key where it has one, else its
    /// value. For a path that does not exist (a missing field), the span of its
    /// deepest existing ancestor.
    pub fn span_of(&self, path: &[Seg]) -> Option<Range<usize>> {
        let doc = self.doc.as_ref()?;
        let mut node = Node::of_item(doc.as_item());
        let mut best = None;
        for seg in path {
            match node.child(seg) {
                Some((next, span)) => {
                    best = span.or(best);
                    node = next;
                }
                None => break,
            }
        }
        best
    }

    /// The deepest field path whose span contains `offset`.
    pub fn path_at(&self, offset: usize) -> Vec<Seg> {
        let mut path = Vec::new();
        let Some(doc) = self.doc.as_ref() else {
            return path;
        };
        let mut node = Node::of_item(doc.as_item());
        'walk: loop {
            for (seg, child, span) in node.children() {
                let span = join(span, extent(child));
                if span.is_some_and(|s| s.start <= offset && offset < s.end.max(s.start + 1)) {
                    path.push(seg);
                    node = child;
                    continue 'walk;
                }
            }
            break;
        }
        path
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SRC: &str = "id = \"x\"\n\n[[questions]]\nid = \"A\"\nlevels = [\"a\", \"b\"]\n\n[[questions]]\nid = \"B\"\n";

    #[test]
    fn span_of_names_the_key_line() {
        let loc = Located::new(SRC);
        let span = loc
            .span_of(&["questions".into(), 1.into(), "id".into()])
            .unwrap();
        assert_eq!(loc.line_col(span.start), (8, 1));
        let span = loc
            .span_of(&["questions".into(), 0.into(), "levels".into(), 1.into()])
            .unwrap();
        assert_eq!(loc.line_col(span.start), (5, 16));
    }

    #[test]
    fn missing_field_falls_back_to_its_table() {
        let loc = Located::new(SRC);
        let span = loc
            .span_of(&["questions".into(), 1.into(), "prompt".into()])
            .unwrap();
        assert_eq!(loc.line_col(span.start).0, 7);
    }

    /// Offsets of a text with long lines, several-byte characters across the
    /// index's checkpoints, and `\r\n`, against a walk through the text: every
    /// offset near a checkpoint or a line's ends, and a sample of the rest.
    #[test]
    fn the_line_index_agrees_with_a_walk_through_the_text() {
        let mut text = String::new();
        for n in 0..30 {
            text.push_str(&"aé𝄞".repeat(n * 97));
            text.push_str(if n % 3 == 0 { "\r\n" } else { "\n" });
        }
        text.push_str("last line, no newline");
        let index = LineIndex::new(&text);
        let near = |offset: usize, c: char| {
            let past = offset % CHUNK;
            !(8..=CHUNK - 8).contains(&past) || c == '\n' || c == '\r' || offset.is_multiple_of(101)
        };
        let (mut line, mut column, mut checked) = (1, 1, 0);
        for (offset, c) in text.char_indices() {
            if near(offset, c) {
                assert_eq!(index.line_col(&text, offset), (line, column), "at {offset}");
                // An offset inside a character names that character.
                for inside in offset + 1..offset + c.len_utf8() {
                    assert_eq!(index.line_col(&text, inside), (line, column), "at {inside}");
                }
                checked += 1;
            }
            (line, column) = if c == '\n' {
                (line + 1, 1)
            } else {
                (line, column + 1)
            };
        }
        assert!(
            checked > 1000 && text.len() > 20 * CHUNK,
            "{checked} offsets checked"
        );
        assert_eq!(index.line_col(&text, text.len()), (line, column));
        assert_eq!(index.line_col(&text, text.len() + 10), (line, column));
        assert_eq!(LineIndex::new("").line_col("", 0), (1, 1));
    }

    #[test]
    fn path_at_finds_the_deepest_field() {
        let loc = Located::new(SRC);
        let offset = SRC.find("\"b\"").unwrap();
        assert_eq!(render(&loc.path_at(offset)), "questions[0].levels[1]");
    }
}
