//! Secrets: the session token in every link (192 bits, compared in constant
//! time) and the random id in each phone's cookie.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use subtle::ConstantTimeEq;

/// Random bytes, URL-safe: `n` bytes give `n * 8` bits.
fn random(n: usize) -> std::io::Result<String> {
    let mut bytes = vec![0u8; n];
    getrandom::fill(&mut bytes).map_err(|e| std::io::Error::other(e.to_string()))?;
    Ok(URL_SAFE_NO_PAD.encode(bytes))
}

/// The secret a voting session's links carry: 24 random bytes, 192 bits.
#[derive(Clone)]
pub struct Token(String);

impl Token {
    pub fn new() -> std::io::Result<Token> {
        random(24).map(Token)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether `candidate` is this token, in time that does not depend on
    /// where the two first differ.
    pub fn matches(&self, candidate: &str) -> bool {
        // Lengths are public (every token has the same length); the bytes are not.
        self.0.as_bytes().ct_eq(candidate.as_bytes()).into()
    }
}

impl std::fmt::Debug for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Token(…)")
    }
}

/// A phone's cookie value: 16 random bytes, 128 bits, known only to the
/// phone and the server.
pub fn phone_id() -> std::io::Result<String> {
    random(16)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_matches_itself_only() {
        let t = Token::new().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(t.as_str().len(), 32, "24 bytes in base64url");
        assert!(t.matches(t.as_str()));
        let mut other = t.as_str().to_string();
        other.replace_range(31.., if other.ends_with('A') { "B" } else { "A" });
        assert!(!t.matches(&other));
        assert!(!t.matches(&t.as_str()[..31]));
        assert!(!t.matches(""));
        let u = Token::new().unwrap_or_else(|e| panic!("{e}"));
        assert!(!t.matches(u.as_str()), "two sessions, two tokens");
        assert_eq!(format!("{t:?}"), "Token(…)", "never printed");
    }

    #[test]
    fn phone_ids_are_128_bits_and_differ() {
        let a = phone_id().unwrap_or_else(|e| panic!("{e}"));
        let b = phone_id().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(a.len(), 22);
        assert_ne!(a, b);
    }
}
