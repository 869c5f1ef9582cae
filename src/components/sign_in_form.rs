//! The sign-in form: username and password (or a Temporary Access Pass), checked in the browser
//! before anything is sent.

use latchkey_api::FieldError;
use latchkey_api::types::SignInRequest;
use latchkey_api::validation::validate_sign_in;
use leptos::prelude::*;

use super::error_summary::{ErrorSummary, Problem};
use super::text_field::TextField;
use crate::i18n::{self, t};

/// Calls `on_submit` with the form's values once they pass the browser's checks.
#[component]
pub fn SignInForm(
    /// Receives valid input.
    #[prop(into)]
    on_submit: Callback<SignInRequest>,
    /// Whether a sign-in is under way (the button says so and ignores clicks).
    #[prop(into)]
    pending: Signal<bool>,
    /// Why the server refused, if it did.
    #[prop(into)]
    refusal: Signal<Option<String>>,
    /// Fields the server refused.
    #[prop(into)]
    server_fields: Signal<Vec<FieldError>>,
    /// A Temporary Access Pass instead of the password.
    #[prop(optional)]
    access_pass: bool,
) -> impl IntoView {
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let browser_fields = RwSignal::new(Vec::<FieldError>::new());
    // The browser's findings while there are any; otherwise what the server last said.
    let shown_fields = Memo::new(move |_| {
        let browser = browser_fields.get();
        if browser.is_empty() {
            server_fields.get()
        } else {
            browser
        }
    });
    let message_for = move |name: &'static str| {
        Signal::derive(move || {
            shown_fields
                .get()
                .into_iter()
                .find(|error| error.field == name)
                .map(|error| error.message)
        })
    };
    let problems = Signal::derive(move || {
        let fields = shown_fields.get();
        let mut problems: Vec<Problem> = fields
            .into_iter()
            .map(|error| Problem {
                field_id: Some(error.field),
                message: error.message,
            })
            .collect();
        if problems.is_empty() {
            problems.extend(refusal.get().map(|message| Problem {
                field_id: None,
                message,
            }));
        }
        problems
    });
    let submit = move |event: web_sys::SubmitEvent| {
        event.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let form = SignInRequest {
            username: username.get_untracked().trim().to_string(),
            password: password.get_untracked(),
        };
        match validate_sign_in(&form) {
            Ok(()) => {
                browser_fields.set(Vec::new());
                on_submit.run(form);
            }
            Err(errors) => browser_fields.set(
                errors
                    .into_iter()
                    .map(|error| i18n::refusal(&error.field, error.code))
                    .collect(),
            ),
        }
    };
    view! {
        <form novalidate on:submit=submit>
            <ErrorSummary problems=problems/>
            <TextField
                id="username"
                label=t("label.username")
                autocomplete="username"
                value=username
                error=message_for("username")
            />
            <TextField
                id="password"
                label=t(if access_pass { "label.access_pass" } else { "label.password" })
                input_type="password"
                autocomplete=if access_pass { "one-time-code" } else { "current-password" }
                value=password
                error=message_for("password")
            />
            <div class="actions">
                <button
                    type="submit"
                    class="button"
                    aria-disabled=move || pending.get().then_some("true")
                >
                    {t("sign_in.button")}
                </button>
                {(!access_pass).then(|| view! { <a href="/reset">{t("sign_in.forgot")}</a> })}
            </div>
            <p class="visually-hidden" role="status">
                {move || pending.get().then(|| t("sign_in.pending"))}
            </p>
        </form>
    }
}
