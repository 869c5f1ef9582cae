//! The call step: "We're calling +1 4255550123 …" while the phone rings, following the call
//! until the person answers and presses #; a declined, missed or timed-out call says so and
//! offers "Call again".

use std::time::Duration;

use latchkey_api::types::{CallState, Challenge, DeliveryState};
use leptos::prelude::*;

use super::challenge::describe;
use crate::api::{self, Failure, Flow, Proven};
use crate::components::{ErrorSummary, Problem};

/// What to say about the call, and whether it has ended without #.
fn call_message(call: CallState, delivery: DeliveryState) -> (&'static str, bool) {
    match (call, delivery) {
        (CallState::Calling, DeliveryState::Failed) => (
            "We couldn't place the call. Select \"Call again\" to try again, or cancel and use another method.",
            true,
        ),
        (CallState::Calling, DeliveryState::Retrying) => (
            "We're having trouble placing the call. We'll keep trying for a few minutes.",
            false,
        ),
        (CallState::Calling, _) => ("Answer the call and press # to finish.", false),
        (CallState::Confirmed, _) => ("Call answered. Finishing…", false),
        (CallState::Declined, _) => (
            "The call was declined or ended before you pressed #. Select \"Call again\" to try again.",
            true,
        ),
        (CallState::NotAnswered, _) => (
            "You didn't answer the call. Select \"Call again\" to try again.",
            true,
        ),
        (CallState::TimedOut, _) => (
            "We didn't hear # from you within 2 minutes. Select \"Call again\" to try again.",
            true,
        ),
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
            {move || if ended() { "We called " } else { "We're calling " }}
            <strong>{move || current.get().destination}</strong>
            {move || if ended() { "." } else { " …" }}
        </p>
        <p
            class=move || if ended() { "warning" } else { "call-status" }
            role="status"
            aria-live="polite"
        >
            {move || call_message(call.get(), delivery.get()).0}
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
                    "Call again"
                </button>
            </div>
        })}
    }
}
