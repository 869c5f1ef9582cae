//! Browser tests of the phone and email form: numbers that cannot exist in the chosen country
//! and malformed addresses are refused before any request, with the message tied to the field;
//! valid input goes to the page with the chosen way to reach the phone.
#![cfg(target_arch = "wasm32")]

use latchkey::components::MethodForm;
use latchkey_api::types::{Channel, EnrollmentRequest, MethodKind};
use latchkey_api::{FieldError, Problem};
use leptos::prelude::*;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{HtmlElement, HtmlInputElement, HtmlSelectElement};

mod browser;
use browser::{description_of, find, mount, settle, submit, type_into};

wasm_bindgen_test_configure!(run_in_browser);

struct Mounted {
    form: HtmlElement,
    sent: RwSignal<Vec<EnrollmentRequest>>,
    server_fields: RwSignal<Vec<FieldError>>,
}

fn mount_form(kind: MethodKind) -> Mounted {
    let sent = RwSignal::new(Vec::new());
    let server_fields = RwSignal::new(Vec::new());
    let form = mount(move || {
        view! {
            <MethodForm
                kind=kind
                on_submit=Callback::new(move |request| sent.update(|all| all.push(request)))
                on_cancel=Callback::new(|()| {})
                server_fields=server_fields
                problem=Signal::derive(|| None::<String>)
                pending=Signal::derive(|| false)
            />
        }
    });
    Mounted {
        form,
        sent,
        server_fields,
    }
}

async fn choose_country(form: &HtmlElement, region: &str) {
    let select: HtmlSelectElement = find(form, "#country");
    select.set_value(region);
    select
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    settle().await;
}

#[wasm_bindgen_test]
async fn a_number_too_short_for_the_country_is_refused_in_the_browser() {
    let m = mount_form(MethodKind::Phone);
    choose_country(&m.form, "US").await;
    type_into(&m.form, "number", "555 01");
    submit(&m.form).await;
    assert!(m.sent.get_untracked().is_empty(), "nothing is sent");
    let number: HtmlInputElement = find(&m.form, "#number");
    assert_eq!(
        number.get_attribute("aria-invalid").as_deref(),
        Some("true")
    );
    assert!(
        description_of(&m.form, "number")
            .unwrap()
            .contains("valid for the country or region")
    );
    assert_eq!(number.value(), "555 01", "nothing typed is lost");
    let summary: HtmlElement = find(&m.form, ".error-summary a");
    assert_eq!(summary.get_attribute("href").as_deref(), Some("#number"));
}

#[wasm_bindgen_test]
async fn a_valid_number_goes_by_text_unless_call_me_is_chosen() {
    let m = mount_form(MethodKind::AlternatePhone);
    choose_country(&m.form, "GB").await;
    type_into(&m.form, "number", "07700 900123");
    submit(&m.form).await;
    let text: HtmlInputElement = find(&m.form, "#delivery-0");
    assert!(text.checked(), "\"Text me a code\" is the default");
    find::<HtmlInputElement>(&m.form, "#delivery-1").click();
    settle().await;
    submit(&m.form).await;
    let sent = m.sent.get_untracked();
    assert_eq!(sent.len(), 2);
    assert_eq!(sent[0].kind, MethodKind::AlternatePhone);
    assert_eq!(sent[0].country.as_deref(), Some("GB"));
    assert_eq!(sent[0].number.as_deref(), Some("07700 900123"));
    assert_eq!(sent[0].channel, Channel::Sms);
    assert_eq!(sent[1].channel, Channel::Voice);
    assert!(m.form.query_selector(".error-summary").unwrap().is_none());
}

#[wasm_bindgen_test]
async fn the_servers_refusal_is_shown_on_the_field() {
    let m = mount_form(MethodKind::Phone);
    choose_country(&m.form, "US").await;
    type_into(&m.form, "number", "425 555 0123");
    submit(&m.form).await;
    m.server_fields
        .set(vec![latchkey_api::validation::field_error(
            "number",
            "phone number",
            Problem::InvalidPhoneNumber,
        )]);
    settle().await;
    let number: HtmlInputElement = find(&m.form, "#number");
    assert_eq!(
        number.get_attribute("aria-invalid").as_deref(),
        Some("true")
    );
}

#[wasm_bindgen_test]
async fn an_email_must_look_like_an_address() {
    let m = mount_form(MethodKind::Email);
    type_into(&m.form, "email", "jane at example");
    submit(&m.form).await;
    assert!(m.sent.get_untracked().is_empty());
    assert!(description_of(&m.form, "email").is_some());
    type_into(&m.form, "email", "  jane@example.net ");
    submit(&m.form).await;
    let sent = m.sent.get_untracked();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].email.as_deref(), Some("jane@example.net"));
    assert_eq!(sent[0].channel, Channel::Email);
}
