//! Proving a challenge with something the person holds: the code an authenticator app shows, a
//! recovery code, or a passkey through the browser's own prompt. Nothing is sent, so there is
//! no "Resend code".

use latchkey_api::types::{Challenge, Channel};
use latchkey_api::{FieldError, Problem as Refusal};
use leptos::prelude::*;

use super::describe::describe;
use crate::api::{self, Failure, Flow, Proven};
use crate::components::{CodeField, ErrorSummary, FormErrors};
use crate::i18n::{refusal_saying, t};
use crate::passkey;

/// Characters in a recovery code, without its dashes.
const RECOVERY_CODE_LENGTH: usize = 16;

/// Why a typed code (in the box `id="code"`) has the wrong shape for its kind, if it has: an
/// app's 6 digits or a recovery code's 16 characters.
pub fn code_shape_refusal(channel: Channel, typed: &str) -> Option<FieldError> {
    let wrong = if channel == Channel::RecoveryCode {
        let characters = typed.chars().filter(char::is_ascii_alphanumeric).count();
        (characters != RECOVERY_CODE_LENGTH).then_some("problem.recovery_code_shape")
    } else {
        let digits = latchkey_api::validation::normalise_code(typed);
        (digits.len() != 6).then_some("problem.app_code_shape")
    };
    wrong.map(|key| refusal_saying("code", Refusal::Invalid, key))
}

/// The code step for an app's code or a recovery code.
#[component]
pub fn HeldCodeStep(
    challenge: Challenge,
    flow: Flow,
    #[prop(into)] on_passed: Callback<Proven>,
    submit_label: String,
) -> impl IntoView {
    let channel = challenge.channel;
    let code = RwSignal::new(String::new());
    let errors = FormErrors::new();
    let submit = Action::new_local(move |typed: &String| {
        let (id, typed) = (challenge.id.clone(), typed.clone());
        async move { api::submit_code(flow, &id, &typed).await }
    });
    Effect::new(move || match submit.value().get() {
        Some(Ok(passed)) => on_passed.run(passed),
        Some(Err(Failure::Invalid(fields))) => errors.fields.set(fields),
        Some(Err(failure)) => errors.problem.set(Some(describe(&failure))),
        None => {}
    });
    let send = move |event: web_sys::SubmitEvent| {
        event.prevent_default();
        if submit.pending().get_untracked() {
            return;
        }
        let typed = code.get_untracked();
        errors.clear();
        if let Some(refused) = code_shape_refusal(channel, &typed) {
            errors.fields.set(vec![refused]);
            return;
        }
        submit.dispatch(typed);
    };
    let (intro, label, numeric) = if channel == Channel::RecoveryCode {
        (t("held.recovery_intro"), t("label.recovery_code"), false)
    } else {
        (t("held.app_intro"), t("label.code"), true)
    };
    view! {
        <form novalidate on:submit=send>
            <ErrorSummary problems=errors.summary()/>
            <p id="code-intro">{intro}</p>
            <CodeField value=code error=errors.message("code") label=label numeric=numeric take_focus=true hint_id="code-intro"/>
            <div class="actions">
                <button type="submit" class="button" aria-disabled=move || submit.pending().get().then_some("true")>
                    {submit_label}
                </button>
            </div>
        </form>
    }
}

/// The passkey step: the browser's prompt, then the server's check of its answer.
#[component]
pub fn PasskeyStep(
    challenge: Challenge,
    flow: Flow,
    #[prop(into)] on_passed: Callback<Proven>,
    submit_label: String,
) -> impl IntoView {
    let options = challenge.passkey_request.clone().unwrap_or_default();
    let errors = FormErrors::new();
    let problem = errors.problem;
    let tried = RwSignal::new(false);
    let prove = Action::new_local(move |_: &()| {
        let (id, options) = (challenge.id.clone(), options.clone());
        async move {
            match passkey::prove(&options).await {
                Ok(answer) => api::submit_passkey(flow, &id, answer)
                    .await
                    .map_err(|f| describe(&f)),
                Err(failure) => Err(failure.message()),
            }
        }
    });
    Effect::new(move || match prove.value().get() {
        Some(Ok(passed)) => on_passed.run(passed),
        Some(Err(message)) => problem.set(Some(message)),
        None => {}
    });
    let start = move |event: web_sys::SubmitEvent| {
        event.prevent_default();
        if !prove.pending().get_untracked() {
            problem.set(None);
            tried.set(true);
            prove.dispatch(());
        }
    };
    view! {
        <form novalidate on:submit=start>
            <ErrorSummary problems=errors.summary()/>
            <p>{t("held.passkey_intro")}</p>
            <p class="visually-hidden" role="status">
                {move || prove.pending().get().then(|| t("held.passkey_waiting"))}
            </p>
            <div class="actions">
                <button type="submit" class="button" aria-disabled=move || prove.pending().get().then_some("true")>
                    {move || if tried.get() && problem.get().is_some() { t("action.try_again") } else { submit_label.clone() }}
                </button>
            </div>
        </form>
    }
}
