//! Self-service password reset rules (security.md 10–17): a proof-of-work check first, then one
//! or two verifications with different methods, then the new password. An unknown, disabled or
//! method-less name goes through the same screens with decoy options.

pub mod decoys;
pub mod error;
pub mod finish;
pub mod flow;
pub mod notices;
pub mod options;
pub mod puzzle;
pub mod start;
pub mod verify;

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// A reset must be finished within this many seconds of starting.
pub const LIFETIME: i64 = 15 * 60;

/// Whether these methods let their owner finish a reset that asks for `methods_required`
/// steps: each step takes a different kind of method.
pub fn can_finish(methods: &[crate::store::StoredMethod], methods_required: u32) -> bool {
    let kinds: std::collections::HashSet<_> = methods.iter().map(|m| m.kind).collect();
    kinds.len() as u64 >= u64::from(methods_required)
}

/// The installation's secret behind decoys and puzzles, kept in the database so every replica
/// has the same one. `Debug` never shows it.
#[derive(Clone)]
pub struct ResetKey(Vec<u8>);

impl std::fmt::Debug for ResetKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ResetKey(<redacted>)")
    }
}

impl ResetKey {
    pub fn new(bytes: Vec<u8>) -> Self {
        Self(bytes)
    }

    /// HMAC-SHA256 of `message` under this key.
    pub fn mac(&self, message: &[u8]) -> Hmac<Sha256> {
        let mut mac =
            Hmac::<Sha256>::new_from_slice(&self.0).expect("HMAC takes keys of any length");
        mac.update(message);
        mac
    }

    /// The key a typed name is counted and remembered under: the same for "JDoe " and "jdoe",
    /// and never the name itself.
    pub fn name_key(&self, name: &str) -> String {
        let name = name.trim().to_lowercase();
        hex::encode(
            self.mac(format!("name:{name}").as_bytes())
                .finalize()
                .into_bytes(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_keyed_without_case_or_spaces() {
        let key = ResetKey::new(vec![7; 32]);
        assert_eq!(key.name_key(" JDoe "), key.name_key("jdoe"));
        assert_ne!(key.name_key("jdoe"), key.name_key("jdoe2"));
        assert_ne!(
            key.name_key("jdoe"),
            ResetKey::new(vec![8; 32]).name_key("jdoe")
        );
        assert!(!format!("{key:?}").contains('7'));
    }
}
