//! The proof-of-work check before a reset: a number `n` solves a puzzle when SHA-256 of
//! `"{puzzle}:{n}"` starts with `difficulty` zero bits. Solving takes about 2^difficulty hashes;
//! checking takes one. Shared so the browser and the server count the same way.

use sha2::{Digest, Sha256};

/// How many leading zero bits a hash has.
pub fn leading_zero_bits(hash: &[u8]) -> u32 {
    let mut bits = 0;
    for byte in hash {
        if *byte == 0 {
            bits += 8;
        } else {
            return bits + byte.leading_zeros();
        }
    }
    bits
}

/// Whether `solution` solves `puzzle` at `difficulty`.
pub fn solves(puzzle: &str, solution: u64, difficulty: u8) -> bool {
    let hash = Sha256::digest(format!("{puzzle}:{solution}").as_bytes());
    leading_zero_bits(&hash) >= u32::from(difficulty)
}

/// The smallest number that solves `puzzle` at `difficulty`.
pub fn solve(puzzle: &str, difficulty: u8) -> u64 {
    (0..).find(|&n| solves(puzzle, n, difficulty)).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_bits_are_counted_across_bytes() {
        assert_eq!(leading_zero_bits(&[0x80]), 0);
        assert_eq!(leading_zero_bits(&[0x01]), 7);
        assert_eq!(leading_zero_bits(&[0x00, 0x00, 0x10]), 19);
        assert_eq!(leading_zero_bits(&[0x00, 0x00]), 16);
    }

    #[test]
    fn a_solution_solves_and_its_neighbour_rarely_does() {
        let solution = solve("v1.example", 12);
        assert!(solves("v1.example", solution, 12));
        assert!((0..solution).all(|n| !solves("v1.example", n, 12)));
        assert!(!solves("v1.other", solution, 24));
    }
}
