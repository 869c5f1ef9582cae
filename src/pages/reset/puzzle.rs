//! Solving the reset's proof-of-work puzzle in the browser, a few thousand tries at a time so
//! the page stays responsive (SHA-256 in the WASM: one await per try through Web Crypto would
//! cost more than the whole search).

use latchkey_api::puzzle::solves;
use latchkey_api::types::ResetPuzzle;

/// Tries between yields to the browser.
const BATCH: u64 = 4096;

/// Lets the browser paint and handle input before the next batch.
async fn next_tick() {
    let tick = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(tick).await;
}

/// The first number that solves the puzzle.
pub async fn solve(puzzle: &ResetPuzzle) -> u64 {
    let mut next = 0u64;
    loop {
        let end = next + BATCH;
        while next < end {
            if solves(&puzzle.puzzle, next, puzzle.difficulty) {
                return next;
            }
            next += 1;
        }
        next_tick().await;
    }
}
