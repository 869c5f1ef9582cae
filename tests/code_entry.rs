//! Browser tests of the code step: a pasted "123 456" is accepted as six digits, a short code
//! is refused before any request, and "Resend code" waits for its countdown.
#![cfg(target_arch = "wasm32")]

use latchkey::components::CodeEntry;
use leptos::prelude::*;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{HtmlButtonElement, HtmlElement, HtmlInputElement};

mod browser;
use browser::{description_of, find, mount, settle, submit, type_into};

wasm_bindgen_test_configure!(run_in_browser);

fn mount_step() -> (HtmlElement, RwSignal<Vec<String>>, RwSignal<usize>) {
    let codes = RwSignal::new(Vec::new());
    let resends = RwSignal::new(0usize);
    let step = mount(move || {
        view! {
            <CodeEntry
                destination=Signal::derive(|| "+1 4255550123".to_string())
                resend_after=Signal::derive(|| 30u32)
                sent=Signal::derive(|| 0usize)
                on_submit=Callback::new(move |code| codes.update(|all| all.push(code)))
                on_resend=Callback::new(move |()| resends.update(|n| *n += 1))
                error=Signal::derive(|| None::<String>)
                problem=Signal::derive(|| None::<String>)
                pending=Signal::derive(|| false)
            />
        }
    });
    (step, codes, resends)
}

#[wasm_bindgen_test]
async fn the_code_field_is_made_for_one_time_codes() {
    let (step, _, _) = mount_step();
    let code: HtmlInputElement = find(&step, "#code");
    assert_eq!(code.get_attribute("inputmode").as_deref(), Some("numeric"));
    assert_eq!(
        code.get_attribute("autocomplete").as_deref(),
        Some("one-time-code")
    );
    assert!(step.text_content().unwrap().contains("+1 4255550123"));
}

#[wasm_bindgen_test]
async fn a_pasted_code_with_a_space_is_six_digits() {
    let (step, codes, _) = mount_step();
    type_into(&step, "code", " 123 456 ");
    submit(&step).await;
    assert_eq!(codes.get_untracked(), vec!["123456".to_string()]);
}

#[wasm_bindgen_test]
async fn a_short_code_is_refused_in_the_browser() {
    let (step, codes, _) = mount_step();
    type_into(&step, "code", "12345");
    submit(&step).await;
    assert!(codes.get_untracked().is_empty());
    assert!(
        description_of(&step, "code")
            .unwrap()
            .contains("Enter the 6-digit code.")
    );
    let code: HtmlInputElement = find(&step, "#code");
    assert_eq!(code.value(), "12345", "nothing typed is lost");
}

#[wasm_bindgen_test]
async fn resend_waits_for_its_countdown() {
    let (step, _, resends) = mount_step();
    settle().await;
    let resend: HtmlButtonElement = find(&step, "button[type=button]");
    assert_eq!(resend.text_content().as_deref(), Some("Resend code"));
    assert_eq!(
        resend.get_attribute("aria-disabled").as_deref(),
        Some("true")
    );
    resend.click();
    settle().await;
    assert_eq!(resends.get_untracked(), 0, "not before the countdown ends");
    let hint: HtmlElement = find(&step, ".hint");
    assert!(
        hint.text_content()
            .unwrap()
            .starts_with("You can ask for a new code in")
    );
}
