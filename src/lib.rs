//! Latchkey's single-page app: sign-in, security info and password reset, rendered in the browser.

pub mod api; // the only module that talks HTTP
pub mod app; // layout, which page each path shows
pub mod clipboard; // copying text for the person
pub mod components; // reusable pieces that never call the API
pub mod context; // what every page shares: who is signed in, language, settings
pub mod dates; // dates and times in the person's format
pub mod i18n; // the page's words in the person's language
pub mod json; // JSON through the browser's own parser
pub mod language_picker; // the footer's choice of language
pub mod page_parts; // the pages downloaded as parts of their own
pub mod pages; // one module per route; each loads its own data
pub mod parts; // screens downloaded when first needed
pub mod passkey; // the browser's passkey prompts
pub mod regions; // country names and the default region, from the browser
pub mod route; // which screen the address shows
pub mod route_table; // the app's pages, their parts and the shell's words, declared once
mod shell;
pub mod unavailable; // why texts or calls cannot reach a phone now, in words // what was typed before the app started

/// Replaces the static shell in `index.html` with the running app, once the person's language
/// and the organisation's settings are loaded (both downloading alongside the app), so that the
/// app's first picture already has the organisation's name, look and message, as the shell does
/// — and, at `/signin`, once the person is not in the shell's card, where they may be typing.
/// What the person typed in the shell's fields meanwhile (at `/signin`, its sign-in card) is
/// typed into the app's fields of the same IDs, and the field they were in keeps focus.
pub fn start() {
    use leptos::prelude::*;
    use wasm_bindgen::JsCast;
    let settings = async {
        let (config, ()) = futures_util::future::join(api::config(), shell::free()).await;
        config.ok()
    };
    i18n::start_in_language(settings, |config| {
        let document = document();
        let root = document
            .get_element_by_id("app")
            .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
            .unwrap_or_else(|| document.body().expect("the page has a body"));
        let typed = shell::typed(&root);
        root.set_inner_html("");
        leptos::mount::mount_to(root, move || view! { <app::App config/> }).forget();
        shell::type_again(typed);
    });
}
