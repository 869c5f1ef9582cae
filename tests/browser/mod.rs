//! What the browser tests share: mounting a component, finding and typing into elements, and
//! letting the browser settle after an event.
#![allow(dead_code)]

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{HtmlButtonElement, HtmlElement, HtmlInputElement};

/// Puts a language's sentences (its locale file) in use, as the app does when it starts.
pub fn speak(language: latchkey::i18n::Language) {
    let json = match language {
        latchkey::i18n::Language::German => include_str!("../../locales/de.json"),
        latchkey::i18n::Language::Arabic => include_str!("../../locales/ar.json"),
        _ => include_str!("../../locales/en.json"),
    };
    latchkey::i18n::use_catalogue(language, json).unwrap();
}

/// Mounts `view` into a fresh container in the page, in English; returns the container.
pub fn mount<V: IntoView + 'static>(view: impl FnOnce() -> V + 'static) -> HtmlElement {
    speak(latchkey::i18n::Language::English);
    mount_speaking(view)
}

/// Mounts `view` in whatever language is in use.
pub fn mount_speaking<V: IntoView + 'static>(view: impl FnOnce() -> V + 'static) -> HtmlElement {
    let container: HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&container).unwrap();
    leptos::mount::mount_to(container.clone(), view).forget();
    container
}

pub fn find<T: JsCast>(container: &HtmlElement, selector: &str) -> T {
    container
        .query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no element matches {selector}"))
        .unchecked_into()
}

/// Types `text` into the input `#id`, as a person would (an `input` event).
pub fn type_into(container: &HtmlElement, id: &str, text: &str) {
    let input: HtmlInputElement = find(container, &format!("#{id}"));
    input.set_value(text);
    let event = web_sys::Event::new("input").unwrap();
    input.dispatch_event(&event).unwrap();
}

/// Lets the browser run the effects and rendering an event set off.
pub async fn settle() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 20)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

/// Clicks the form's submit button and waits for the page to settle.
pub async fn submit(container: &HtmlElement) {
    find::<HtmlButtonElement>(container, "button[type=submit]").click();
    settle().await;
}

/// The elements that describe `#id` (its `aria-describedby`), as one text.
pub fn description_of(container: &HtmlElement, id: &str) -> Option<String> {
    let input: HtmlElement = find(container, &format!("#{id}"));
    let described_by = input.get_attribute("aria-describedby")?;
    let texts: Vec<String> = described_by
        .split_whitespace()
        .filter_map(|id| find::<HtmlElement>(container, &format!("#{id}")).text_content())
        .collect();
    Some(texts.join(" "))
}
