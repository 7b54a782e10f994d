//! Markdown for wikis: user text escaped so that nothing in it can start
//! markup. Written by hand because the Markdown crates parse or render
//! Markdown; none escapes user text into it.

/// Escapes text for Markdown: no character of user text can start markup,
/// and raw HTML is shown as text.
pub fn escape_md(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\n' | '\r' => out.push(' '),
            // User text never starts a line here (it always follows a list
            // marker, a heading's words or a table cell's bar), so only what
            // can open markup in the middle of a line is escaped.
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            // Break GFM autolinks (`https://…`, `www.…`) so a URL stays text.
            ':' if out.ends_with("http") || out.ends_with("https") => out.push_str("\\:"),
            '.' if out.ends_with("www") => out.push_str("\\."),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_escaping_leaves_no_markup() {
        let e = escape_md("<script>alert(1)</script> **bold** [x](http://y) | # h\n- item");
        assert!(!e.contains('<') && !e.contains("**") && !e.contains('\n'));
        assert!(e.contains("\\[x\\](http\\://y)"), "a link cannot form: {e}");
        assert_eq!(
            escape_md("SCALE-01 in-flight"),
            "SCALE-01 in-flight",
            "hyphens mid-line stay as written"
        );
        assert!(
            e.contains("&lt;script&gt;") && e.contains("\\*\\*bold\\*\\*") && e.contains("\\|")
        );
    }
}
