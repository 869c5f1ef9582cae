//! Browser tests of "Verify your identity": "Next" is offered only once the ways to verify are
//! there, so a press while they load is never swallowed (a flaky end-to-end run pressed it then,
//! and nothing happened).
#![cfg(target_arch = "wasm32")]

use latchkey::pages::VerifyIdentity;
use leptos::prelude::*;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

mod browser;
use browser::{mount, settle};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn next_is_offered_only_with_the_ways_to_verify() {
    let screen = mount(|| view! { <VerifyIdentity on_verified=Callback::new(|()| {})/> });
    // The ways to verify are still being fetched: nothing to press yet.
    assert!(screen.query_selector("button").unwrap().is_none());
    // Here they cannot be fetched (no server): the reason shows, and still no "Next".
    for _ in 0..50 {
        settle().await;
        if screen.query_selector("[role=alert]").unwrap().is_some() {
            break;
        }
    }
    assert!(screen.query_selector("[role=alert]").unwrap().is_some());
    assert!(screen.query_selector("button").unwrap().is_none());
}
