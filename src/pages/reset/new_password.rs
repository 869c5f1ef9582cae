//! The new password: t("label.new_password") and t("label.confirm_password"), a show-password toggle, paste
//! allowed, and live requirements. Length and matching are checked here; common passwords and
//! personal words by the server, a moment after typing stops (security.md 25–27).

use std::time::Duration;

use latchkey_api::types::PasswordCheck;
use latchkey_api::validation::check_password_length;
use latchkey_api::{FieldError, Problem as Refusal};
use leptos::prelude::*;

use super::is_expired;
use crate::api::{self, Failure};
use crate::app::AppContext;
use crate::components::{ErrorSummary, FormErrors, TextField};
use crate::i18n::{field_message, refusal, refusal_saying, t, tr};
use crate::pages::proof::describe;

/// How long typing must pause before the server checks the password.
const PAUSE: Duration = Duration::from_millis(400);

/// One live requirement: met, not met, or not known yet.
fn requirement(met: Option<bool>, text: String) -> impl IntoView {
    let (class, state) = match met {
        Some(true) => ("requirement requirement-met", t("password.met")),
        Some(false) => ("requirement requirement-unmet", t("password.not_met")),
        None => ("requirement", String::new()),
    };
    view! {
        <li class=class><span class="visually-hidden">{state}</span>{text}</li>
    }
}

#[component]
pub fn ChooseNewPassword(
    #[prop(into)] on_done: Callback<()>,
    #[prop(into)] on_expired: Callback<()>,
) -> impl IntoView {
    let min_length = expect_context::<AppContext>()
        .settings()
        .map_or(latchkey_api::validation::PASSWORD_MIN_LENGTH, |c| {
            c.password_min_length
        });
    let password = RwSignal::new(String::new());
    let confirm = RwSignal::new(String::new());
    let show = RwSignal::new(false);
    let errors = FormErrors::new();
    let verdict = RwSignal::new(None::<PasswordCheck>);
    let check = Action::new_local(|candidate: &String| {
        let candidate = candidate.clone();
        async move {
            (
                candidate.clone(),
                api::check_reset_password(&candidate).await,
            )
        }
    });
    // Checks the password once typing pauses; an answer for older text is ignored.
    Effect::new(move || {
        let typed = password.get();
        verdict.set(None);
        if typed.is_empty() {
            return;
        }
        if let Ok(handle) = set_timeout_with_handle(
            move || {
                if password.get_untracked() == typed {
                    check.dispatch(typed.clone());
                }
            },
            PAUSE,
        ) {
            on_cleanup(move || handle.clear());
        }
    });
    // Only the live hint: a late answer (say, for a reset that {t("password.finish")} just completed) never
    // moves the page; {t("password.finish")} reports an expired reset itself.
    Effect::new(move || {
        if let Some((checked, Ok(answer))) = check.value().get()
            && checked == password.get_untracked()
        {
            verdict.set(Some(answer));
        }
    });
    let finish = Action::new_local(|new: &String| {
        let new = new.clone();
        async move { api::set_reset_password(&new).await }
    });
    Effect::new(move || match finish.value().get() {
        Some(Ok(())) => on_done.run(()),
        Some(Err(failure)) if is_expired(&failure) => on_expired.run(()),
        // The server names the field `password`; here it is `new-password`.
        Some(Err(Failure::Invalid(refused))) => errors.fields.set(
            refused
                .into_iter()
                .map(|f| FieldError {
                    field: "new-password".into(),
                    ..f
                })
                .collect(),
        ),
        Some(Err(failure)) => errors.problem.set(Some(describe(&failure))),
        None => {}
    });
    let submit = move |event: web_sys::SubmitEvent| {
        event.prevent_default();
        if finish.pending().get_untracked() {
            return;
        }
        errors.clear();
        let (new, again) = (password.get_untracked(), confirm.get_untracked());
        let mut refused = Vec::new();
        if let Err(why) = check_password_length(&new, min_length) {
            refused.push(refusal("new-password", why));
        }
        if new != again {
            refused.push(refusal_saying(
                "confirm-password",
                Refusal::Invalid,
                "password.mismatch",
            ));
        }
        if refused.is_empty() {
            finish.dispatch(new);
        } else {
            errors.fields.set(refused);
        }
    };
    let input_type = Signal::derive(move || if show.get() { "text" } else { "password" });
    let long_enough = move || {
        let typed = password.get();
        (!typed.is_empty()).then(|| check_password_length(&typed, min_length).is_ok())
    };
    let server_verdict = move || verdict.get().map(|v| v.acceptable);
    let server_reason = move || {
        verdict
            .get()
            .and_then(|v| v.problems.into_iter().next())
            .map(|p| field_message(&p))
            .unwrap_or_else(|| t("password.not_common"))
    };
    let matching = move || {
        let again = confirm.get();
        (!again.is_empty()).then(|| again == password.get())
    };
    view! {
        <form novalidate on:submit=submit>
            <ErrorSummary problems=errors.summary()/>
            <p class="lead">{t("password.lead")}</p>
            <TextField
                id="new-password"
                label=t("label.new_password")
                input_type=input_type
                autocomplete="new-password"
                value=password
                error=errors.message("new-password")
                hint_id="password-requirements"
            />
            <TextField
                id="confirm-password"
                label=t("label.confirm_password")
                input_type=input_type
                autocomplete="new-password"
                value=confirm
                error=errors.message("confirm-password")
            />
            <div class="choice">
                <input type="checkbox" id="show-password" prop:checked=move || show.get() on:change=move |_| show.update(|s| *s = !*s)/>
                <label for="show-password">{t("password.show")}</label>
            </div>
            <ul class="requirements" id="password-requirements" aria-live="polite">
                {move || requirement(long_enough(), tr("password.min_length", &[("count", &min_length.to_string())]))}
                {move || requirement(server_verdict(), server_reason())}
                {move || requirement(matching(), t("password.both_match"))}
            </ul>
            <div class="actions">
                <button type="submit" class="button" aria-disabled=move || finish.pending().get().then_some("true")>{t("password.finish")}</button>
            </div>
        </form>
    }
}
