//! Choosing a new password, at the end of a reset or to change one's own: the new password twice
//! (and, for a change, the current one), a show-password toggle, paste allowed, and live
//! requirements. Length and matching are checked here; common passwords and personal words by
//! the server, a moment after typing stops (security.md 25–27); the directory's own rules when
//! the password is submitted.

use std::time::Duration;

use latchkey_api::types::PasswordCheck;
use latchkey_api::validation::{check_password_length, mixes_enough_kinds};
use latchkey_api::{FieldError, Problem as Refusal};
use leptos::prelude::*;

use crate::api::{self, Failure};
use crate::components::{ErrorSummary, FormErrors, TextField};
use crate::context::AppContext;
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

/// What the new password is for.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// The last step of a reset: "Finish".
    Reset,
    /// The signed-in person's change: their current password first, "Change password".
    Change,
    /// A password the directory found expired at sign-in (`AppContext::expired`, which holds
    /// the current one sign-in proved): the new one only, without a session, signing in once
    /// changed.
    Expired,
}

/// The form, for `purpose`; `on_done` when the password is set.
#[component]
pub fn ChooseNewPassword(
    purpose: Purpose,
    #[prop(into)] on_done: Callback<()>,
    /// What ends the form instead of showing an error (a reset that expired).
    #[prop(into)]
    ends: Callback<Failure, bool>,
) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let settings = context.settings();
    let min_length = settings
        .as_ref()
        .map_or(latchkey_api::validation::PASSWORD_MIN_LENGTH, |c| {
            c.password_min_length
        });
    // The directory's history, which only the directory can check: said, never ticked.
    let history = settings.as_ref().and_then(|c| c.password_history);
    // Active Directory's complexity: three kinds of characters, ticked as they are typed.
    let complexity = settings.is_some_and(|c| c.password_complexity);
    let current = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let confirm = RwSignal::new(String::new());
    let show = RwSignal::new(false);
    let errors = FormErrors::new();
    let verdict = RwSignal::new(None::<PasswordCheck>);
    let check = Action::new_local(move |candidate: &String| {
        let candidate = candidate.clone();
        async move {
            let verdict = match purpose {
                Purpose::Reset => api::check_reset_password(&candidate).await,
                Purpose::Change | Purpose::Expired => api::check_password(&candidate).await,
            };
            (candidate, verdict)
        }
    });
    // Checks the password once typing pauses; an answer for older text is ignored. Without a
    // session (an expired password) the server checks it when it is submitted.
    Effect::new(move || {
        let typed = password.get();
        verdict.set(None);
        if typed.is_empty() || purpose == Purpose::Expired {
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
    // Only the live hint: a late answer (say, for a reset that "Finish" just completed) never
    // moves the page; submitting reports an expired reset itself.
    Effect::new(move || {
        if let Some((checked, Ok(answer))) = check.value().get()
            && checked == password.get_untracked()
        {
            verdict.set(Some(answer));
        }
    });
    let finish = Action::new_local(move |(old, new): &(String, String)| {
        let (old, new) = (old.clone(), new.clone());
        async move {
            match purpose {
                Purpose::Reset => api::set_reset_password(&new).await,
                Purpose::Change => api::change_password(&old, &new).await,
                Purpose::Expired => {
                    let (username, old) = context.expired.get_untracked().unwrap_or_default();
                    let me = api::change_expired_password(&username, &old, &new).await?;
                    context.me.set(Some(me));
                    Ok(())
                }
            }
        }
    });
    Effect::new(move || match finish.value().get() {
        Some(Ok(())) => on_done.run(()),
        Some(Err(failure)) if ends.run(failure.clone()) => {}
        // The server names the fields `password` and `current`; here they are `new-password`
        // and `current-password`.
        Some(Err(Failure::Invalid(refused))) => errors.fields.set(
            refused
                .into_iter()
                .map(|f| FieldError {
                    field: if f.field == "current" {
                        "current-password".into()
                    } else {
                        "new-password".into()
                    },
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
        if purpose == Purpose::Change && current.get_untracked().is_empty() {
            refused.push(refusal("current-password", Refusal::Required));
        }
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
            finish.dispatch((current.get_untracked(), new));
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
    let mixed = move || {
        let typed = password.get();
        (!typed.is_empty()).then(|| mixes_enough_kinds(&typed))
    };
    let matching = move || {
        let again = confirm.get();
        (!again.is_empty()).then(|| again == password.get())
    };
    view! {
        <form novalidate on:submit=submit>
            <ErrorSummary problems=errors.summary()/>
            <p class="lead">{t("password.lead")}</p>
            {(purpose == Purpose::Change).then(|| view! {
                <TextField
                    id="current-password"
                    label=t("label.current_password")
                    input_type=input_type
                    autocomplete="current-password"
                    value=current
                    error=errors.message("current-password")
                />
            })}
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
                {complexity.then(|| view! { {move || requirement(mixed(), t("password.three_kinds"))} })}
                {history.map(|count| requirement(None, tr("password.history", &[("count", &count.to_string())])))}
                {move || requirement(matching(), t("password.both_match"))}
            </ul>
            <div class="actions">
                <button type="submit" class="button" aria-disabled=move || finish.pending().get().then_some("true")>
                    {t(match purpose {
                        Purpose::Reset => "password.finish",
                        Purpose::Change | Purpose::Expired => "change_password.button",
                    })}
                </button>
            </div>
        </form>
    }
}
