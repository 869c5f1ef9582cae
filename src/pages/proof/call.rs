//! The call step: "We're calling +1 4255550123 …" while the phone rings, following the call
//! until the person answers and presses #; a declined, missed or timed-out call says so and
//! offers {t("call.again")}.

use std::time::Duration;

use latchkey_api::types::{CallState, Challenge, DeliveryState};
use leptos::prelude::*;

use super::describe::describe;
use crate::api::{self, Failure, Flow, Proven};
use crate::components::{ErrorSummary, Problem};
use crate::i18n::{t, tr};

/// What to say about the call, and whether it has ended without #.
fn call_message(call: CallState, delivery: DeliveryState) -> (&'static str, bool) {
    // The key of the sentence, and whether the call has ended.
    match (call, delivery) {
        (CallState::Calling, DeliveryState::Failed) => ("call.failed", true),
        (CallState::Calling, DeliveryState::Retrying) => ("call.trouble", false),
        (CallState::Calling, _) => ("call.answer", false),
        (CallState::Confirmed, _) => ("call.answered", false),
        (CallState::Declined, _) => ("call.declined", true),
        (CallState::NotAnswered, _) => ("call.not_answered", true),
        (CallState::TimedOut, _) => ("call.timed_out", true),
    }
}

/// The call step for `challenge`; `on_passed` runs once the call was answered with #.
#[component]
pub fn CallStep(
    challenge: Challenge,
    flow: Flow,
    #[prop(into)] on_passed: Callback<Proven>,
) -> impl IntoView {
    let current = RwSignal::new(challenge);
    let call = RwSignal::new(CallState::Calling);
    let delivery = RwSignal::new(DeliveryState::Sending);
    let problem = RwSignal::new(None::<String>);
    let check = Action::new_local(move |_: &()| {
        let id = current.get_untracked().id;
        async move { api::challenge_status(flow, &id).await }
    });
    let complete = Action::new_local(move |_: &()| {
        let id = current.get_untracked().id;
        async move { api::complete_call(flow, &id).await }
    });
    let call_again = Action::new_local(move |_: &()| {
        let id = current.get_untracked().id;
        async move { api::resend_code(flow, &id).await }
    });
    if let Ok(handle) = set_interval_with_handle(
        move || {
            let ringing = call.get_untracked() == CallState::Calling
                && delivery.get_untracked() != DeliveryState::Failed;
            if ringing && !check.pending().get_untracked() && !call_again.pending().get_untracked()
            {
                check.dispatch(());
            }
        },
        Duration::from_secs(2),
    ) {
        on_cleanup(move || handle.clear());
    }
    Effect::new(move || match check.value().get() {
        Some(Ok(status)) => {
            delivery.set(status.delivery);
            let state = status.call.unwrap_or(CallState::Calling);
            call.set(state);
            if state == CallState::Confirmed && complete.value().get_untracked().is_none() {
                complete.dispatch(());
            }
        }
        Some(Err(Failure::Offline)) => problem.set(Some(Failure::Offline.message())),
        _ => {}
    });
    Effect::new(move || match complete.value().get() {
        Some(Ok(passed)) => on_passed.run(passed),
        Some(Err(failure)) => problem.set(Some(describe(&failure))),
        None => {}
    });
    Effect::new(move || match call_again.value().get() {
        Some(Ok(challenge)) => {
            current.set(challenge);
            call.set(CallState::Calling);
            delivery.set(DeliveryState::Sending);
            problem.set(None);
        }
        Some(Err(failure)) => problem.set(Some(describe(&failure))),
        None => {}
    });
    let problems = Signal::derive(move || {
        problem
            .get()
            .map(|message| Problem {
                field_id: None,
                message,
            })
            .into_iter()
            .collect::<Vec<_>>()
    });
    let ended = move || call_message(call.get(), delivery.get()).1;
    view! {
        <ErrorSummary problems=problems/>
        <p>
            {move || {
                let key = if ended() { "call.called" } else { "call.calling" };
                tr(key, &[("destination", &current.get().destination)])
            }}
        </p>
        <p
            class=move || if ended() { "warning" } else { "call-status" }
            role="status"
            aria-live="polite"
        >
            {move || t(call_message(call.get(), delivery.get()).0)}
        </p>
        {move || ended().then(|| view! {
            <div class="actions">
                <button
                    type="button"
                    class="button"
                    aria-disabled=move || call_again.pending().get().then_some("true")
                    on:click=move |_| {
                        if !call_again.pending().get_untracked() {
                            call_again.dispatch(());
                        }
                    }
                >
                    {t("call.again")}
                </button>
            </div>
        })}
    }
}
