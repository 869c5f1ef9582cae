//! Browser tests of the page's languages: the form's refusals in the language in use, values
//! isolated inside right-to-left sentences, and waits and dates worded by the browser's `Intl`.
#![cfg(target_arch = "wasm32")]

use latchkey::components::SignInForm;
use latchkey::dates::wait_in_words;
use latchkey::i18n::{Language, language, t, tr};
use latchkey_api::FieldError;
use leptos::prelude::*;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::HtmlElement;

mod browser;
use browser::{find, mount_speaking, speak, submit};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn the_sign_in_form_refuses_in_german() {
    speak(Language::German);
    let form = mount_speaking(|| {
        view! {
            <SignInForm
                on_submit=Callback::new(|_| {})
                pending=Signal::derive(|| false)
                refusal=Signal::derive(|| None::<String>)
                server_fields=Signal::derive(Vec::<FieldError>::new)
            />
        }
    });
    let label: HtmlElement = find(&form, "label[for=username]");
    assert_eq!(label.text_content().as_deref(), Some("Benutzername"));
    submit(&form).await;
    let summary: HtmlElement = find(&form, ".error-summary");
    let text = summary.text_content().unwrap();
    assert!(text.contains("Es gibt ein Problem"), "{text}");
    assert!(text.contains("Benutzername: Bitte ausfüllen."), "{text}");
    assert!(text.contains("Kennwort: Bitte ausfüllen."), "{text}");
}

#[wasm_bindgen_test]
fn values_inside_arabic_sentences_keep_their_own_direction() {
    speak(Language::Arabic);
    assert_eq!(language(), Language::Arabic);
    let sentence = tr("code.sent_to", &[("destination", "+1 ••••••0147")]);
    assert!(
        sentence.contains("\u{2066}+1 ••••••0147\u{2069}"),
        "a number reads left to right: {sentence}"
    );
    let greeting = tr("security_info.greeting_named", &[("name", "أمل نصار")]);
    assert!(
        greeting.contains("\u{2068}أمل نصار\u{2069}"),
        "a name keeps its own direction: {greeting}"
    );
    speak(Language::English);
    assert_eq!(
        tr("code.sent_to", &[("destination", "+1 ••••••0147")]),
        "We sent a code to +1 ••••••0147. Enter it below."
    );
}

#[wasm_bindgen_test]
fn waits_are_worded_by_the_browser_in_the_language_in_use() {
    speak(Language::English);
    assert_eq!(wait_in_words(1), "1 second");
    assert_eq!(wait_in_words(45), "45 seconds");
    assert_eq!(wait_in_words(60), "1 minute");
    assert_eq!(wait_in_words(61), "2 minutes");
    assert_eq!(wait_in_words(86_400), "24 hours");
    speak(Language::German);
    assert_eq!(wait_in_words(45), "45 Sekunden");
    assert_eq!(wait_in_words(3600), "1 Stunde");
}

#[wasm_bindgen_test]
fn a_missing_key_shows_itself() {
    speak(Language::English);
    assert_eq!(t("no.such_key"), "no.such_key");
}
