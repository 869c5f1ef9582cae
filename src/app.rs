//! The app: layout (header, footer) and which page each path shows.

use latchkey_api::types::PublicConfig;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api;
use crate::context::AppContext;
use crate::i18n::{self, t, tr};
use crate::language_picker::LanguagePicker;
use crate::page_parts;
use crate::pages::{NotFoundPage, SignInPage};
use crate::parts::Part;
use crate::route::{self, provide_address};
use crate::route_table::{self, Shows};

/// The whole app.
#[component]
pub fn App(
    /// The organisation's public settings, loaded before the app starts; `None` if they could not
    /// be.
    config: Option<PublicConfig>,
) -> impl IntoView {
    // The organisation's accent, for links and buttons of the light theme.
    if let Some(colour) = config.as_ref().and_then(|c| c.accent_colour.as_deref()) {
        set_root_property("--brand-accent", colour);
    }
    let context = AppContext {
        me: RwSignal::new(None),
        language: RwSignal::new(i18n::language()),
        config: StoredValue::new(config),
        expired: RwSignal::new(None),
    };
    provide_context(context);
    let address = provide_address();
    let path = Memo::new(move |_| address.path());
    move || {
        context.language.track();
        view! {
            <Header/>
            <main id="main" class="page" tabindex="-1">
                {move || match route_table::page(&path.get()).map(|page| &page.shows) {
                    Some(Shows::Redirect(to)) => {
                        route::redirect(to);
                        ().into_any()
                    }
                    Some(Shows::SignIn) => view! { <SignInPage/> }.into_any(),
                    Some(Shows::Part(split)) => match page_parts::page(split) {
                        Some(load) => view! { <Part load/> }.into_any(),
                        None => view! { <NotFoundPage/> }.into_any(),
                    },
                    None => view! { <NotFoundPage/> }.into_any(),
                }}
            </main>
            <Footer/>
        }
    }
}

/// The organisation's name, and {t("header.sign_out")} when someone is signed in.
#[component]
fn Header() -> impl IntoView {
    let context = expect_context::<AppContext>();
    let failure = RwSignal::new(None::<String>);
    let signing_out = RwSignal::new(false);
    let sign_out = move || {
        signing_out.set(true);
        spawn_local(async move {
            let result = api::sign_out().await;
            signing_out.set(false);
            match result {
                Ok(()) => {
                    context.me.set(None);
                    failure.set(None);
                    route::navigate("/signin");
                }
                Err(error) => failure.set(Some(tr(
                    "header.still_signed_in",
                    &[("reason", &error.message())],
                ))),
            }
        });
    };
    view! {
        <header class="masthead">
            <div class="masthead-inner">
                <span class="brand">
                    {context.settings().and_then(|c| c.logo_url).map(|logo| view! {
                        <img class="brand-logo" src=logo alt="" height="32"/>
                    })}
                    {context.organisation_name().unwrap_or_else(|| "Latchkey".into())}
                </span>
                {move || context.me.get().and_then(|me| me.role).map(|_| view! {
                    <a class="masthead-link" href="/helpdesk">{t("header.helpdesk")}</a>
                })}
                <Show when=move || context.me.get().is_some()>
                    <button
                        type="button"
                        class="button button-secondary"
                        aria-disabled=move || signing_out.get().then_some("true")
                        on:click=move |_| {
                            if !signing_out.get_untracked() {
                                sign_out();
                            }
                        }
                    >
                        {t("header.sign_out")}
                    </button>
                </Show>
            </div>
            <p class="page notice" role="alert" hidden=move || failure.get().is_none()>
                {move || failure.get()}
            </p>
        </header>
    }
}

/// The helpdesk link and the language picker on every page.
#[component]
fn Footer() -> impl IntoView {
    let context = expect_context::<AppContext>();
    let development = context.settings().is_some_and(|c| c.development_mode);
    view! {
        <footer class="site-footer">
            <div class="masthead-inner">
                <span>{t("footer.need_help")}</span>
                {context.helpdesk_link().map(|(url, text)| view! { <a href=url>{text}</a> })}
                {development.then(|| view! { <a href="/dev/outbox">{t("footer.dev_outbox")}</a> })}
                <LanguagePicker/>
            </div>
        </footer>
    }
}

/// Sets a CSS custom property on the page's root element (through the CSSOM, which the
/// Content-Security-Policy allows, unlike a `style` attribute).
fn set_root_property(name: &str, value: &str) {
    use wasm_bindgen::JsCast;
    if let Some(root) = document()
        .document_element()
        .and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = root.style().set_property(name, value);
    }
}
