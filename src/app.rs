//! The app: shared state, layout (header, footer) and the routes.

use latchkey_api::types::{Me, PublicConfig};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api;
use crate::i18n::{self, Language, t, tr};
use crate::language_picker::LanguagePicker;
use crate::pages::{NotFoundPage, SignInPage};
use crate::parts::{self, Part};
use crate::route::{self, provide_address};

/// Who is signed in, as far as the app knows, and the organisation's settings.
#[derive(Clone, Copy)]
pub struct AppContext {
    pub me: RwSignal<Option<Me>>,
    /// The page's language; a change redraws the page in it.
    pub language: RwSignal<Language>,
    /// The organisation's public settings, once they have loaded (or failed to).
    pub config: RwSignal<Option<Result<PublicConfig, api::Failure>>>,
    /// The username and password that sign-in proved right but expired: `/change-password`
    /// changes it without a session, and without asking for it again. Forgotten once changed
    /// or when the page is left.
    pub expired: RwSignal<Option<(String, String)>>,
}

impl AppContext {
    /// The organisation's name once loaded.
    pub fn organisation_name(&self) -> Option<String> {
        self.settings().map(|config| config.organisation_name)
    }

    /// The helpdesk link as the organisation words it: (address, text).
    pub fn helpdesk_link(&self) -> Option<(String, String)> {
        self.settings()
            .map(|config| (config.helpdesk_url, config.helpdesk_text))
            .map(|(url, text)| {
                let text = if text.is_empty() {
                    t("footer.contact_support")
                } else {
                    text
                };
                (url, text)
            })
    }

    /// The organisation's public settings once loaded.
    pub fn settings(&self) -> Option<PublicConfig> {
        self.config.get().and_then(Result::ok)
    }
}

/// The whole app.
#[component]
pub fn App() -> impl IntoView {
    let context = AppContext {
        me: RwSignal::new(None),
        language: RwSignal::new(i18n::language()),
        config: RwSignal::new(None),
        expired: RwSignal::new(None),
    };
    provide_context(context);
    // Loaded once, by a plain task: a resource would bring its machinery into the main module,
    // which every first load downloads.
    spawn_local(async move { context.config.set(Some(api::config().await)) });
    // The organisation's accent, once known, for links and buttons of the light theme.
    Effect::new(move || {
        if let Some(colour) = context.settings().and_then(|config| config.accent_colour) {
            set_root_property("--brand-accent", &colour);
        }
    });
    let address = provide_address();
    let path = Memo::new(move |_| address.path());
    move || {
        context.language.track();
        view! {
            <Header/>
            <main id="main" class="page" tabindex="-1">
                {move || match path.get().as_str() {
                    "/" => {
                        route::redirect("/security-info");
                        ().into_any()
                    }
                    "/signin" => view! { <SignInPage/> }.into_any(),
                    "/security-info" => view! { <Part load=parts::security_info/> }.into_any(),
                    "/reset" => view! { <Part load=parts::reset/> }.into_any(),
                    "/change-password" => view! { <Part load=parts::change_password/> }.into_any(),
                    "/dev/outbox" => view! { <Part load=parts::dev_outbox/> }.into_any(),
                    console if console == "/helpdesk" || console.starts_with("/helpdesk/") => {
                        view! { <Part load=parts::helpdesk/> }.into_any()
                    }
                    _ => view! { <NotFoundPage/> }.into_any(),
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
                    {move || context.settings().and_then(|c| c.logo_url).map(|logo| view! {
                        <img class="brand-logo" src=logo alt="" height="32"/>
                    })}
                    {move || context.organisation_name().unwrap_or_else(|| "Latchkey".into())}
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

/// The helpdesk link and the language picker on every page. It appears once the organisation's
/// settings have loaded (or failed to), whole, so its links arriving never move the page.
#[component]
fn Footer() -> impl IntoView {
    let context = expect_context::<AppContext>();
    view! {
        <Show when=move || context.config.get().is_some()>
            <footer class="site-footer">
                <div class="masthead-inner">
                    <span>{t("footer.need_help")}</span>
                    {move || context.helpdesk_link().map(|(url, text)| view! { <a href=url>{text}</a> })}
                    <Show when=move || context.settings().is_some_and(|c| c.development_mode)>
                        <a href="/dev/outbox">{t("footer.dev_outbox")}</a>
                    </Show>
                    <LanguagePicker/>
                </div>
            </footer>
        </Show>
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
