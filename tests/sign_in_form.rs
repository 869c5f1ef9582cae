//! Browser tests of the sign-in form: the browser refuses bad input before any request, with the
//! error-summary pattern, and hands valid input to the page.
#![cfg(target_arch = "wasm32")]

use latchkey::components::SignInForm;
use latchkey_api::FieldError;
use latchkey_api::types::SignInRequest;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{HtmlElement, HtmlInputElement};

mod browser;
use browser::{find, mount, submit, type_into};

wasm_bindgen_test_configure!(run_in_browser);

/// Mounts a sign-in form into a fresh container; returns it and what the form submitted.
fn mount_form() -> (HtmlElement, RwSignal<Vec<SignInRequest>>) {
    let submitted = RwSignal::new(Vec::new());
    let container = mount(move || {
        view! {
            <SignInForm
                on_submit=Callback::new(move |form| submitted.update(|all| all.push(form)))
                pending=Signal::derive(|| false)
                refusal=Signal::derive(|| None::<String>)
                server_fields=Signal::derive(Vec::<FieldError>::new)
            />
        }
    });
    (container, submitted)
}

#[wasm_bindgen_test]
async fn an_empty_form_is_refused_with_a_summary_and_field_messages() {
    let (form, submitted) = mount_form();
    submit(&form).await;
    assert!(submitted.get_untracked().is_empty(), "nothing is sent");
    let summary: HtmlElement = find(&form, ".error-summary");
    assert_eq!(summary.get_attribute("role").as_deref(), Some("alert"));
    let links = summary.query_selector_all("a").unwrap();
    assert_eq!(links.length(), 2);
    let first: HtmlElement = links.item(0).unwrap().unchecked_into();
    assert_eq!(first.get_attribute("href").as_deref(), Some("#username"));
    assert_eq!(
        first.text_content().as_deref(),
        Some("Enter your username.")
    );
    for (id, message) in [
        ("username", "Enter your username."),
        ("password", "Enter your password."),
    ] {
        let input: HtmlInputElement = find(&form, &format!("#{id}"));
        assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
        let described_by = input.get_attribute("aria-describedby").unwrap();
        let description: HtmlElement = find(&form, &format!("#{described_by}"));
        assert!(description.text_content().unwrap().contains(message));
    }
    // The summary takes focus so screen readers announce it.
    let focused = document().active_element().unwrap();
    assert_eq!(focused.class_name(), "error-summary");
}

#[wasm_bindgen_test]
async fn fixing_one_field_leaves_only_the_other_message() {
    let (form, submitted) = mount_form();
    type_into(&form, "username", "demo");
    submit(&form).await;
    assert!(submitted.get_untracked().is_empty());
    let username: HtmlInputElement = find(&form, "#username");
    assert_eq!(username.get_attribute("aria-invalid"), None);
    assert_eq!(username.get_attribute("aria-describedby"), None);
    let password: HtmlInputElement = find(&form, "#password");
    assert_eq!(
        password.get_attribute("aria-invalid").as_deref(),
        Some("true")
    );
    assert_eq!(password.value(), "", "nothing typed is lost");
    assert_eq!(username.value(), "demo", "nothing typed is lost");
}

#[wasm_bindgen_test]
async fn an_overlong_password_is_refused_in_the_browser() {
    let (form, submitted) = mount_form();
    type_into(&form, "username", "demo");
    type_into(&form, "password", &"x".repeat(129));
    submit(&form).await;
    assert!(submitted.get_untracked().is_empty());
    let summary: HtmlElement = find(&form, ".error-summary");
    assert!(
        summary
            .text_content()
            .unwrap()
            .contains("Your password is too long.")
    );
}

#[wasm_bindgen_test]
async fn valid_input_is_handed_to_the_page_trimmed() {
    let (form, submitted) = mount_form();
    type_into(&form, "username", "  demo ");
    type_into(&form, "password", "velvet otter 47");
    submit(&form).await;
    assert_eq!(
        submitted.get_untracked(),
        vec![SignInRequest {
            username: "demo".into(),
            password: "velvet otter 47".into(),
        }]
    );
    assert!(form.query_selector(".error-summary").unwrap().is_none());
}
