//! Which language the page speaks: the one the person picked (remembered in this browser), else
//! the first of the browser's languages we speak, else English — chosen by index.html's script
//! so that the words download alongside the app.

use leptos::prelude::*;

use super::{Language, add_set, added_sets, use_catalogue};

/// Where the picked language is remembered.
pub(super) const REMEMBERED: &str = "latchkey-language";

/// This browser's storage for the choice, when it allows one.
fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The language the person picked in this browser, if they did.
pub fn picked_language() -> Option<Language> {
    let tag = storage()?.get_item(REMEMBERED).ok().flatten()?;
    Language::from_tag(&tag)
}

/// The language to start in, which index.html's script chose (and began to download) from the
/// same rules: picked in this browser, else the browser's first we speak, else English.
fn initial_language() -> Language {
    document()
        .document_element()
        .and_then(|root| root.get_attribute("lang"))
        .and_then(|tag| Language::from_tag(&tag))
        .unwrap_or_default()
}

/// The text of a locale file (`/locales/en.json`, `/locales/helpdesk/en.json`), if it downloads.
async fn fetch_words(path: &str) -> Option<String> {
    let response = gloo_net::http::Request::get(path).send().await.ok()?;
    let text = response.text().await.ok()?;
    response.ok().then_some(text)
}

/// Downloads `language`'s sentences and puts them in use, with the page's `lang` and `dir`.
async fn load(language: Language) -> bool {
    let path = format!("/locales/{}.json", language.code());
    let Some(text) = fetch_words(&path).await else {
        return false;
    };
    if use_catalogue(language, &text).is_none() {
        return false;
    }
    if let Some(root) = document().document_element() {
        let _ = root.set_attribute("lang", language.code());
        let _ = root.set_attribute(
            "dir",
            if language.is_right_to_left() {
                "rtl"
            } else {
                "ltr"
            },
        );
    }
    true
}

/// Loads the starting language (English when it cannot be fetched) while `alongside` runs, then
/// runs `mount` with what `alongside` gave. When not even English loads, the static shell says
/// so in place of "Loading…" (or of the sign-in card it shows at `/signin`).
pub fn start_in_language<T>(
    alongside: impl Future<Output = T> + 'static,
    mount: impl FnOnce(T) + 'static,
) {
    wasm_bindgen_futures::spawn_local(async move {
        let words = async {
            let language = initial_language();
            load(language).await || load(Language::English).await
        };
        if let (true, given) = futures_util::future::join(words, alongside).await {
            mount(given);
            return;
        }
        let shell = document();
        for shown in ["loading", "sign-in"] {
            if let Some(element) = shell.get_element_by_id(shown) {
                let _ = element.set_attribute("hidden", "");
            }
        }
        if let Some(notice) = shell.get_element_by_id("not-loaded") {
            let _ = notice.remove_attribute("hidden");
        }
    });
}

/// Switches to `language` and remembers the choice in this browser; `true` once its sentences
/// are in use (the caller redraws the page).
pub async fn choose_language(language: Language) -> bool {
    if let Some(storage) = storage() {
        let _ = storage.set_item(REMEMBERED, language.code());
    }
    load(language).await
}

/// Adds the word set `name` (`locales/<name>/<code>.json`) in the page's language, for the
/// screens of a part of the app that only some people open; `true` once its sentences are in use.
/// A change of language redraws the page, and the part adds its set again in the new one.
pub async fn add_words(name: &'static str) -> bool {
    if added_sets().contains(&name) {
        return true;
    }
    let path = format!("/locales/{name}/{}.json", super::language().code());
    match fetch_words(&path).await {
        Some(text) => add_set(name, &text).is_some(),
        None => false,
    }
}
