//! One-time codes: 6 digits from the OS's CSPRNG, stored only as a salted hash, valid 10 minutes,
//! void after 5 wrong tries, resend after 30 seconds (security.md 1–6).

use rand::Rng;
use sha2::{Digest, Sha256};

/// A code is accepted for this long after it is sent.
pub const LIFETIME: i64 = 10 * 60;
/// "Resend code" works after this long.
pub const RESEND_COOLDOWN: i64 = 30;
/// Wrong tries that void a code.
pub const MAX_FAILURES: i64 = 5;

/// A fresh code. `Debug` never shows it.
pub struct Code(String);

impl std::fmt::Debug for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Code(<redacted>)")
    }
}

impl Code {
    /// Six random digits (about 20 bits).
    pub fn generate() -> Self {
        Self(format!("{:06}", rand::rngs::OsRng.gen_range(0..1_000_000)))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

/// The stored form of a code: SHA-256 over the challenge ID and the code, so equal codes of
/// different challenges hash differently.
pub fn hash(challenge_id: &str, code: &str) -> String {
    Sha256::digest(format!("{challenge_id}:{code}").as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Compares in constant time.
pub fn matches(challenge_id: &str, typed: &str, stored_hash: &str) -> bool {
    let typed = hash(challenge_id, typed);
    typed.len() == stored_hash.len()
        && typed
            .bytes()
            .zip(stored_hash.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_six_digits_and_vary() {
        let codes: std::collections::HashSet<String> = (0..50)
            .map(|_| Code::generate().expose().to_string())
            .collect();
        assert!(codes.len() > 45, "50 codes should almost never repeat");
        assert!(
            codes
                .iter()
                .all(|c| c.len() == 6 && c.chars().all(|d| d.is_ascii_digit()))
        );
        assert_eq!(format!("{:?}", Code::generate()), "Code(<redacted>)");
    }

    #[test]
    fn hashes_are_bound_to_the_challenge() {
        let stored = hash("challenge-a", "123456");
        assert!(matches("challenge-a", "123456", &stored));
        assert!(!matches("challenge-b", "123456", &stored));
        assert!(!matches("challenge-a", "123457", &stored));
        assert!(!stored.contains("123456"));
    }
}
