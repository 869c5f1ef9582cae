//! Encryption at rest for authenticator app seeds (security.md 29): AES-256-GCM under the
//! server's secret key, each value bound to its owner so it cannot be moved to another account.

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;

/// The key; `Debug` never shows it.
#[derive(Clone)]
pub struct SealingKey(Aes256Gcm);

impl std::fmt::Debug for SealingKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SealingKey(<redacted>)")
    }
}

impl SealingKey {
    /// A key from 32 bytes in base64; `None` for anything else.
    pub fn from_base64(text: &str) -> Option<Self> {
        let bytes = STANDARD.decode(text.trim()).ok()?;
        (bytes.len() == 32).then(|| Self(Aes256Gcm::new_from_slice(&bytes).expect("32 bytes")))
    }

    /// `secret` encrypted for `owner`: base64 of a fresh 96-bit nonce and the ciphertext.
    pub fn seal(&self, owner: &str, secret: &[u8]) -> String {
        let nonce: [u8; 12] = rand::random();
        let sealed = self
            .0
            .encrypt(
                Nonce::from_slice(&nonce),
                Payload {
                    msg: secret,
                    aad: owner.as_bytes(),
                },
            )
            .expect("AES-GCM encrypts any short message");
        STANDARD.encode([nonce.as_slice(), &sealed].concat())
    }

    /// The secret sealed for `owner`; `None` if it was altered, or sealed for someone else or
    /// under another key.
    pub fn open(&self, owner: &str, sealed: &str) -> Option<Vec<u8>> {
        let bytes = STANDARD.decode(sealed).ok()?;
        if bytes.len() < 12 {
            return None;
        }
        let (nonce, ciphertext) = bytes.split_at(12);
        self.0
            .decrypt(
                Nonce::from_slice(nonce),
                Payload {
                    msg: ciphertext,
                    aad: owner.as_bytes(),
                },
            )
            .ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(byte: u8) -> SealingKey {
        SealingKey::from_base64(&STANDARD.encode([byte; 32])).unwrap()
    }

    #[test]
    fn opens_what_it_sealed_for_the_same_owner_only() {
        let sealed = key(1).seal("user-a", b"seed bytes");
        assert!(!sealed.contains("seed"));
        assert_eq!(key(1).open("user-a", &sealed).unwrap(), b"seed bytes");
        assert_eq!(key(1).open("user-b", &sealed), None);
        assert_eq!(key(2).open("user-a", &sealed), None);
        let mut altered = STANDARD.decode(&sealed).unwrap();
        *altered.last_mut().unwrap() ^= 1;
        assert_eq!(key(1).open("user-a", &STANDARD.encode(altered)), None);
    }

    #[test]
    fn each_seal_differs() {
        assert_ne!(key(1).seal("u", b"x"), key(1).seal("u", b"x"));
    }

    #[test]
    fn only_32_byte_keys_are_taken() {
        assert!(SealingKey::from_base64(&STANDARD.encode([0u8; 16])).is_none());
        assert!(SealingKey::from_base64("not base64!").is_none());
        assert!(format!("{:?}", key(1)).contains("redacted"));
    }
}
