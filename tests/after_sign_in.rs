//! Browser tests of where sign-in leads: the browser's own URL parser reads `?next=`, so
//! addresses it would turn into another site (tabs and newlines dropped, backslashes read as
//! slashes) lead to the security info page instead.
#![cfg(target_arch = "wasm32")]

use latchkey::pages::after_sign_in;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn the_apps_own_pages_are_followed() {
    assert_eq!(after_sign_in(Some("/security-info")), "/security-info");
    assert_eq!(after_sign_in(Some("/reset?x=1#top")), "/reset?x=1#top");
    assert_eq!(after_sign_in(Some("/dev/outbox")), "/dev/outbox");
    assert_eq!(after_sign_in(None), "/security-info");
}

#[wasm_bindgen_test]
fn addresses_that_leave_the_site_lead_home() {
    for next in [
        "/\t/evil.example/x",
        "/\n/evil.example/x",
        "/\r/evil.example/x",
        "//evil.example",
        "/\\evil.example",
        "\\\\evil.example",
        "https://evil.example/security-info",
        "javascript:alert(1)",
        "data:text/html,hi",
        " //evil.example",
        "/%2F/evil.example",
        "/api/v1/session",
    ] {
        assert_eq!(after_sign_in(Some(next)), "/security-info", "{next:?}");
    }
}
