//! Entering the code of a challenge: submits and resends through the API, reports each outcome.
//! A challenge by call goes to the call step instead, and one answered with something the
//! person holds to its own step.

use std::time::Duration;

use latchkey_api::types::{Challenge, Channel, DeliveryState};
use leptos::prelude::*;

use super::call::CallStep;
use super::describe::describe;
use super::held::{HeldCodeStep, PasskeyStep};
use crate::api::{self, Failure, Flow, Proven};
use crate::components::CodeEntry;
use crate::i18n::t;

/// The code step for `challenge` of `flow` (or the call step); `on_passed` runs once the code
/// is right.
#[component]
pub fn ChallengeStep(
    challenge: Challenge,
    flow: Flow,
    #[prop(into)] on_passed: Callback<Proven>,
    #[prop(into, default = t("action.next"))] submit_label: String,
) -> impl IntoView {
    match challenge.channel {
        Channel::Voice => {
            return view! { <CallStep challenge=challenge flow=flow on_passed=on_passed/> }
                .into_any();
        }
        Channel::Passkey => {
            return view! {
                <PasskeyStep challenge=challenge flow=flow on_passed=on_passed submit_label=submit_label/>
            }
            .into_any();
        }
        Channel::App | Channel::RecoveryCode => {
            return view! {
                <HeldCodeStep challenge=challenge flow=flow on_passed=on_passed submit_label=submit_label/>
            }
            .into_any();
        }
        Channel::Sms | Channel::Email => {}
    }
    let current = RwSignal::new(challenge);
    let sent = RwSignal::new(0usize);
    let field_error = RwSignal::new(None::<String>);
    let problem = RwSignal::new(None::<String>);
    let submit = Action::new_local(move |code: &String| {
        let id = current.get_untracked().id;
        let code = code.clone();
        async move { api::submit_code(flow, &id, &code).await }
    });
    let resend = Action::new_local(move |_: &()| {
        let id = current.get_untracked().id;
        async move { api::resend_code(flow, &id).await }
    });
    // Follows the message until it is sent, so a failed send is said rather than waited for.
    let delivery = RwSignal::new(DeliveryState::Sending);
    let check = Action::new_local(move |_: &()| {
        let id = current.get_untracked().id;
        async move { api::challenge_status(flow, &id).await }
    });
    if let Ok(handle) = set_interval_with_handle(
        move || {
            let unsettled = matches!(
                delivery.get_untracked(),
                DeliveryState::Sending | DeliveryState::Retrying
            );
            if unsettled && !check.pending().get_untracked() {
                check.dispatch(());
            }
        },
        Duration::from_secs(2),
    ) {
        on_cleanup(move || handle.clear());
    }
    Effect::new(move || {
        if let Some(Ok(status)) = check.value().get() {
            delivery.set(status.delivery);
        }
    });
    Effect::new(move || match submit.value().get() {
        Some(Ok(passed)) => on_passed.run(passed),
        Some(Err(Failure::Invalid(fields))) => {
            field_error.set(fields.into_iter().next().map(|f| f.message));
            problem.set(None);
        }
        Some(Err(failure)) => problem.set(Some(describe(&failure))),
        None => {}
    });
    Effect::new(move || match resend.value().get() {
        Some(Ok(challenge)) => {
            current.set(challenge);
            sent.update(|n| *n += 1);
            delivery.set(DeliveryState::Sending);
            field_error.set(None);
            problem.set(None);
        }
        Some(Err(Failure::Invalid(fields))) => {
            field_error.set(fields.into_iter().next().map(|f| f.message));
        }
        Some(Err(failure)) => problem.set(Some(describe(&failure))),
        None => {}
    });
    let pending = Signal::derive(move || submit.pending().get() || resend.pending().get());
    view! {
        <CodeEntry
            destination=Signal::derive(move || current.get().destination)
            resend_after=Signal::derive(move || current.get().resend_after_seconds)
            sent=sent
            on_submit=Callback::new(move |code| {
                submit.dispatch(code);
            })
            on_resend=Callback::new(move |()| {
                resend.dispatch(());
            })
            error=field_error
            problem=problem
            pending=pending
            submit_label=submit_label
        />
        {move || match delivery.get() {
            DeliveryState::Retrying => Some(view! {
                <p class="warning" role="status">
                    {t("code.sending_trouble")}
                </p>
            }.into_any()),
            DeliveryState::Failed => Some(view! {
                <p class="warning" role="alert">
                    {t("code.send_failed")}
                </p>
            }.into_any()),
            _ => None,
        }}
        <p class="visually-hidden" role="status">
            {move || {
                resend
                    .value()
                    .get()
                    .is_some_and(|r| r.is_ok())
                    .then(|| t("code.new_on_its_way"))
            }}
        </p>
    }
    .into_any()
}
