//! "Verify your identity": choose one of your methods, get a code, enter it. Opens the security
//! info page after a password-only sign-in, and steps up a change inside a dialog.

use latchkey_api::types::{Challenge, VerificationRequest};
use leptos::prelude::*;

use crate::api::{self, Flow};
use crate::components::{Choices, ErrorSummary, Problem};
use crate::i18n::{t, way_to};
use crate::pages::proof::{ChallengeStep, describe};
use crate::unavailable::reason;

/// The step-up inside a dialog: verify first, then `on_verified` carries on with the change.
#[component]
pub fn StepUp(#[prop(into)] on_verified: Callback<()>) -> impl IntoView {
    view! {
        <p>{t("verify.step_up")}</p>
        <VerifyIdentity on_verified=on_verified/>
    }
}

/// Shows `children` — a change's form — unless the server `asked` for a verification first:
/// then "Verify your identity" in its place, and `retry` carries on once it is done.
#[component]
pub fn StepUpWhenAsked(
    asked: RwSignal<bool>,
    #[prop(into)] retry: Callback<()>,
    children: Children,
) -> impl IntoView {
    view! {
        {move || asked.get().then(|| view! {
            <StepUp on_verified=Callback::new(move |()| {
                asked.set(false);
                retry.run(());
            })/>
        })}
        <div hidden=move || asked.get()>{children()}</div>
    }
}

/// The whole verification; `on_verified` runs when a code was right.
#[component]
pub fn VerifyIdentity(#[prop(into)] on_verified: Callback<()>) -> impl IntoView {
    let options = LocalResource::new(api::verification_options);
    // The server lists the ways that can't reach their phone now last, so the first can.
    let chosen = RwSignal::new(0usize);
    let challenge = RwSignal::new(None::<Challenge>);
    let start = Action::new_local(|request: &VerificationRequest| {
        let request = request.clone();
        async move { api::start_verification(&request).await }
    });
    Effect::new(move || {
        if let Some(Ok(started)) = start.value().get() {
            challenge.set(Some(started));
        }
    });
    let problems = Signal::derive(move || match start.value().get() {
        Some(Err(failure)) => vec![Problem {
            field_id: None,
            message: describe(&failure),
        }],
        _ => Vec::new(),
    });
    let next = move |event: web_sys::SubmitEvent| {
        event.prevent_default();
        let Some(Ok(list)) = options.get_untracked() else {
            return;
        };
        // A way that can't reach its phone now is shown, never sent for.
        let option = list.get(chosen.get_untracked());
        if let Some(option) = option.filter(|option| option.unavailable.is_none()) {
            start.dispatch(VerificationRequest {
                method_id: option.method_id.clone(),
                channel: option.channel,
            });
        }
    };
    view! {
        {move || match challenge.get() {
            Some(started) => view! {
                <ChallengeStep
                    challenge=started
                    flow=Flow::Session
                    submit_label=t("action.verify")
                    on_passed=Callback::new(move |_| on_verified.run(()))
                />
            }.into_any(),
            None => view! {
                <form novalidate on:submit=next>
                    <ErrorSummary problems=problems/>
                    // "Next" appears with the choices: pressed before they were loaded, it
                    // would do nothing.
                    {move || options.get().map(|loaded| match loaded {
                        Ok(list) => {
                            let unavailable: Vec<Option<String>> = list
                                .iter()
                                .map(|o| o.unavailable.as_ref().map(|why| reason(o.channel, why)))
                                .collect();
                            view! {
                            <Choices
                                legend=t("verify.legend")
                                name="verify-option"
                                labels=list.iter().map(|o| way_to(o.channel, &o.masked)).collect()
                                chosen=chosen
                                unavailable=unavailable
                            />
                            <div class="actions">
                                <button type="submit" class="button" aria-disabled=move || start.pending().get().then_some("true")>
                                    {t("action.next")}
                                </button>
                            </div>
                            }.into_any()
                        }
                        Err(failure) => view! { <p role="alert">{describe(&failure)}</p> }.into_any(),
                    })}
                </form>
            }.into_any(),
        }}
    }
}
