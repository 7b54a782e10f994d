//! The phone page's files: `phone.html` of the app's built UI and the files it
//! loads, found by following the names each one mentions. Nothing else of the
//! UI is served.

use std::collections::HashMap;
use std::sync::Arc;

/// Where the built UI's files come from: the app's embedded assets, or a
/// folder in tests.
pub trait Page: Send + Sync + 'static {
    /// The bytes and media type of a file, by its path from the UI's root
    /// ("phone.html", "assets/phone-3f2a.js").
    fn file(&self, path: &str) -> Option<(Vec<u8>, String)>;
}

/// The page and the files it needs, read once when a session starts.
pub struct Files {
    files: HashMap<String, (Vec<u8>, String)>,
}

/// The names a text file mentions that may be files beside it in `assets/`:
/// runs of name characters that end in a known extension.
fn mentioned(text: &str) -> Vec<String> {
    const EXTENSIONS: &[&str] = &[".js", ".css", ".woff2", ".woff", ".svg", ".png", ".ttf"];
    let is_name = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.');
    text.split(|c: char| !is_name(c))
        .filter(|w| EXTENSIONS.iter().any(|e| w.ends_with(e)) && !w.starts_with('.'))
        .map(|w| format!("assets/{w}"))
        .collect()
}

impl Files {
    pub fn new(page: Arc<dyn Page>) -> std::io::Result<Files> {
        let Some(html) = page.file("phone.html") else {
            return Err(std::io::Error::new(
                std::io::ErrorKind::NotFound,
                "the phone page (phone.html) is not in the app's UI: build the UI with `npm --prefix ui run build`",
            ));
        };
        let mut files = HashMap::from([("phone.html".to_string(), html)]);
        let mut todo = vec!["phone.html".to_string()];
        while let Some(path) = todo.pop() {
            let text = String::from_utf8_lossy(&files[&path].0).into_owned();
            for name in mentioned(&text) {
                if files.contains_key(&name) {
                    continue;
                }
                if let Some(file) = page.file(&name) {
                    files.insert(name.clone(), file);
                    todo.push(name);
                }
            }
        }
        Ok(Files { files })
    }

    pub fn get(&self, path: &str) -> Option<&(Vec<u8>, String)> {
        self.files.get(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Fake;
    impl Page for Fake {
        fn file(&self, path: &str) -> Option<(Vec<u8>, String)> {
            let text = match path {
                "phone.html" => {
                    r#"<script type="module" src="./assets/phone-1.js"></script><link href="./assets/phone-2.css">"#
                }
                "assets/phone-1.js" => r#"import "./shared-3.js";"#,
                "assets/shared-3.js" => "export const x = 1;",
                "assets/phone-2.css" => "body{}",
                "assets/index-9.js" => "the app's own code",
                _ => return None,
            };
            Some((text.as_bytes().to_vec(), "text/plain".into()))
        }
    }

    #[test]
    fn only_the_page_and_what_it_loads_are_served() {
        let f = Files::new(Arc::new(Fake)).unwrap_or_else(|e| panic!("{e}"));
        for served in [
            "phone.html",
            "assets/phone-1.js",
            "assets/shared-3.js",
            "assets/phone-2.css",
        ] {
            assert!(f.get(served).is_some(), "{served}");
        }
        assert!(f.get("assets/index-9.js").is_none());
        assert!(f.get("index.html").is_none());
    }
}
