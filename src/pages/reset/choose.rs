//! Choosing how to prove the next step: "Text my mobile phone", "Call my mobile phone", "Email
//! my alternate email"… A phone must be typed in full; the server sends nothing unless it
//! matches.

use latchkey_api::types::{
    Challenge, Channel, MethodKind, ResetOption, ResetStatus, ResetVerification,
};
use latchkey_api::validation::field_error;
use latchkey_api::{FieldError, Problem as Refusal};
use leptos::prelude::*;

use super::{is_expired, progress};
use crate::api::{self, Failure};
use crate::components::{Choices, ErrorSummary, Problem, TextField};
use crate::pages::proof::describe;

/// How an option reads.
fn option_label(option: &ResetOption) -> &'static str {
    match (option.kind, option.channel) {
        (MethodKind::Phone, Channel::Voice) => "Call my mobile phone",
        (MethodKind::Phone, _) => "Text my mobile phone",
        (MethodKind::AlternatePhone, Channel::Voice) => "Call my alternate phone",
        (MethodKind::AlternatePhone, _) => "Text my alternate phone",
        (MethodKind::Email, _) => "Email my alternate email",
    }
}

#[component]
pub fn ChooseMethod(
    status: ResetStatus,
    #[prop(into)] on_sent: Callback<Challenge>,
    #[prop(into)] on_expired: Callback<()>,
) -> impl IntoView {
    let chosen = RwSignal::new(0usize);
    let number = RwSignal::new(String::new());
    let fields = RwSignal::new(Vec::<FieldError>::new());
    let problem = RwSignal::new(None::<String>);
    let options = StoredValue::new(status.options.clone());
    let current = move || options.with_value(|all| all.get(chosen.get()).cloned());
    let send = Action::new_local(|request: &ResetVerification| {
        let request = request.clone();
        async move { api::start_reset_verification(&request).await }
    });
    Effect::new(move || match send.value().get() {
        Some(Ok(challenge)) => on_sent.run(challenge),
        Some(Err(failure)) if is_expired(&failure) => on_expired.run(()),
        Some(Err(Failure::Invalid(refused))) => fields.set(refused),
        Some(Err(failure)) => problem.set(Some(describe(&failure))),
        None => {}
    });
    let next = move |event: web_sys::SubmitEvent| {
        event.prevent_default();
        if send.pending().get_untracked() {
            return;
        }
        let Some(option) = options.with_value(|all| all.get(chosen.get_untracked()).cloned())
        else {
            return;
        };
        problem.set(None);
        let is_phone = option.kind != MethodKind::Email;
        let typed = number.get_untracked().trim().to_string();
        if is_phone && typed.is_empty() {
            fields.set(vec![field_error(
                "number",
                "phone number",
                Refusal::Required,
            )]);
            return;
        }
        fields.set(Vec::new());
        send.dispatch(ResetVerification {
            option: option.id,
            number: is_phone.then_some(typed),
        });
    };
    let number_error = Signal::derive(move || {
        fields
            .get()
            .into_iter()
            .find(|f| f.field == "number")
            .map(|f| f.message)
    });
    let problems = Signal::derive(move || {
        fields
            .get()
            .into_iter()
            .map(|f| Problem {
                field_id: (f.field == "number").then(|| "number".to_string()),
                message: f.message,
            })
            .chain(problem.get().map(|message| Problem {
                field_id: None,
                message,
            }))
            .collect::<Vec<_>>()
    });
    let labels = status
        .options
        .iter()
        .map(|option| option_label(option).to_string())
        .collect();
    view! {
        <form novalidate on:submit=next>
            <ErrorSummary problems=problems/>
            <p class="progress">{progress(&status)}</p>
            <Choices legend="Choose the contact method we should use for verification:" name="reset-option" labels=labels chosen=chosen/>
            {move || current().map(|option| match option.kind {
                MethodKind::Email => view! {
                    <p>"We'll email a verification code to " <strong>{option.hint}</strong> "."</p>
                }.into_any(),
                _ => view! {
                    <p>
                        "To protect your account, enter your whole phone number ("
                        <strong>{option.hint}</strong>
                        "). We'll only "
                        {if option.channel == Channel::Voice { "call" } else { "text" }}
                        " it if it matches the number we have."
                    </p>
                    <TextField id="number" label="Phone number" input_type="tel" autocomplete="tel" value=number error=number_error/>
                }.into_any(),
            })}
            <div class="actions">
                <button type="submit" class="button" aria-disabled=move || send.pending().get().then_some("true")>
                    {move || match current().map(|o| o.channel) {
                        Some(Channel::Voice) => "Call",
                        Some(Channel::Sms) => "Text",
                        _ => "Email",
                    }}
                </button>
            </div>
        </form>
    }
}
