//! The proof-of-work puzzle before a reset: the server signs `v1.{issued}.{nonce}.{difficulty}`
//! with its key; the browser finds a solution (see `latchkey_api::puzzle`); the server checks the
//! signature, the age (five minutes) and the solution, and refuses a puzzle used before.

use hmac::Mac;
use latchkey_api::puzzle::solves;
use rand::RngCore;

use super::ResetKey;
use crate::clock::Timestamp;

/// A puzzle is good for this many seconds.
pub const PUZZLE_LIFETIME: i64 = 300;

/// A new signed puzzle.
pub fn issue(key: &ResetKey, now: Timestamp, difficulty: u8) -> String {
    let mut nonce = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut nonce);
    let body = format!("v1.{now}.{}.{difficulty}", hex::encode(nonce));
    let signature = hex::encode(key.mac(body.as_bytes()).finalize().into_bytes());
    format!("{body}.{signature}")
}

/// Why a puzzle was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// Not signed by this installation, or altered.
    Forged,
    /// Older than five minutes (or from the future).
    Stale,
    /// The solution does not solve it.
    Unsolved,
}

/// Checks a puzzle and its solution (but not whether it was used before: the store says that).
pub fn check(key: &ResetKey, puzzle: &str, solution: u64, now: Timestamp) -> Result<(), Refusal> {
    let (body, signature) = puzzle.rsplit_once('.').ok_or(Refusal::Forged)?;
    let signature = hex::decode(signature).map_err(|_| Refusal::Forged)?;
    key.mac(body.as_bytes())
        .verify_slice(&signature)
        .map_err(|_| Refusal::Forged)?;
    let parts: Vec<&str> = body.split('.').collect();
    let [_, issued, _, difficulty] = parts[..] else {
        return Err(Refusal::Forged);
    };
    let issued: Timestamp = issued.parse().map_err(|_| Refusal::Forged)?;
    let difficulty: u8 = difficulty.parse().map_err(|_| Refusal::Forged)?;
    if now - issued > PUZZLE_LIFETIME || issued - now > 30 {
        return Err(Refusal::Stale);
    }
    if solves(puzzle, solution, difficulty) {
        Ok(())
    } else {
        Err(Refusal::Unsolved)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use latchkey_api::puzzle::solve;

    #[test]
    fn a_solved_fresh_puzzle_passes_and_anything_else_is_refused() {
        let key = ResetKey::new(vec![1; 32]);
        let puzzle = issue(&key, 1_000, 8);
        let solution = solve(&puzzle, 8);
        assert_eq!(check(&key, &puzzle, solution, 1_000 + 299), Ok(()));
        assert_eq!(
            check(&key, &puzzle, solution, 1_000 + 301),
            Err(Refusal::Stale)
        );
        let wrong = (0..).find(|&n| !solves(&puzzle, n, 8)).unwrap();
        assert_eq!(check(&key, &puzzle, wrong, 1_000), Err(Refusal::Unsolved));
        let other_key = ResetKey::new(vec![2; 32]);
        assert_eq!(
            check(&other_key, &puzzle, solution, 1_000),
            Err(Refusal::Forged)
        );
        // Lowering the difficulty breaks the signature.
        let easier = puzzle.replacen(".8.", ".1.", 1);
        assert_eq!(check(&key, &easier, 0, 1_000), Err(Refusal::Forged));
        assert_eq!(check(&key, "nonsense", 0, 1_000), Err(Refusal::Forged));
    }
}
