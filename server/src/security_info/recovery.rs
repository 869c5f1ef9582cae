//! Recovery codes: ten single-use codes of 80 random bits each, shown once and stored only as
//! hashes bound to their owner.

use rand::Rng;
use sha2::{Digest, Sha256};

/// Codes in a set.
pub const SET_SIZE: usize = 10;
/// At or below this many left, the page asks for a new set.
pub const RUNNING_LOW: u32 = 2;

/// Crockford's base32: no I, L, O or U, so nothing is misread.
const ALPHABET: &[u8] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// A new code: 16 characters (80 bits) in four groups, `7KQ2-M9XD-4RTB-H8WN`.
pub fn new_code() -> String {
    let mut rng = rand::rngs::OsRng;
    let characters: Vec<char> = (0..16)
        .map(|_| char::from(ALPHABET[rng.gen_range(0..ALPHABET.len())]))
        .collect();
    characters
        .chunks(4)
        .map(|group| group.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-")
}

/// A typed code as stored: capitals, without dashes or spaces, with the letters people confuse
/// for digits read as the digits (O → 0, I and L → 1).
pub fn normalise(typed: &str) -> String {
    typed
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            other => other,
        })
        .collect()
}

/// The stored form of a code: SHA-256 over its owner and the normalised code. 80 random bits
/// need no slow hash.
pub fn hash(user_id: &str, code: &str) -> String {
    hex::encode(Sha256::digest(
        format!("{user_id}:{}", normalise(code)).as_bytes(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_carry_80_bits_in_four_groups() {
        let code = new_code();
        assert_eq!(code.len(), 19);
        assert_eq!(code.split('-').count(), 4);
        assert!(
            code.chars()
                .all(|c| c == '-' || ALPHABET.contains(&(c as u8)))
        );
        let set: std::collections::HashSet<String> = (0..100).map(|_| new_code()).collect();
        assert_eq!(set.len(), 100);
    }

    #[test]
    fn typing_slips_do_not_matter_but_owners_do() {
        assert_eq!(
            hash("u", "7KQ2-M9XD-4RTB-H8WN"),
            hash("u", "7kq2 m9xd 4rtb h8wn")
        );
        assert_eq!(hash("u", "1100"), hash("u", "IL0O"));
        assert_ne!(
            hash("u", "7KQ2-M9XD-4RTB-H8WN"),
            hash("v", "7KQ2-M9XD-4RTB-H8WN")
        );
    }
}
