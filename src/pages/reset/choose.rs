//! Choosing how to prove the next step: "Text my mobile phone", "Call my mobile phone", "Email
//! my alternate email"… A phone must be typed in full; the server sends nothing unless it
//! matches.

use latchkey_api::Problem as Refusal;
use latchkey_api::types::{
    Challenge, Channel, MethodKind, ResetOption, ResetStatus, ResetVerification,
};
use latchkey_api::validation::field_error;
use leptos::prelude::*;

use super::{is_expired, progress};
use crate::api::{self, Failure};
use crate::components::{Choices, ErrorSummary, FormErrors, TextField};
use crate::pages::proof::describe;

/// How an option reads.
fn option_label(option: &ResetOption) -> &'static str {
    match (option.kind, option.channel) {
        (MethodKind::Phone, Channel::Voice) => "Call my mobile phone",
        (MethodKind::Phone, _) => "Text my mobile phone",
        (MethodKind::AlternatePhone, Channel::Voice) => "Call my alternate phone",
        (MethodKind::AlternatePhone, _) => "Text my alternate phone",
        (MethodKind::Email, _) => "Email my alternate email",
        (MethodKind::AuthenticatorApp, _) => "Enter a code from my authenticator app",
        (MethodKind::Passkey, _) => "Use a passkey",
        (MethodKind::RecoveryCodes, _) => "Enter a recovery code",
    }
}

fn is_phone(kind: MethodKind) -> bool {
    matches!(kind, MethodKind::Phone | MethodKind::AlternatePhone)
}

#[component]
pub fn ChooseMethod(
    status: ResetStatus,
    #[prop(into)] on_sent: Callback<Challenge>,
    #[prop(into)] on_expired: Callback<()>,
) -> impl IntoView {
    let chosen = RwSignal::new(0usize);
    let number = RwSignal::new(String::new());
    let errors = FormErrors::new();
    let options = StoredValue::new(status.options.clone());
    let current = move || options.with_value(|all| all.get(chosen.get()).cloned());
    let send = Action::new_local(|request: &ResetVerification| {
        let request = request.clone();
        async move { api::start_reset_verification(&request).await }
    });
    Effect::new(move || match send.value().get() {
        Some(Ok(challenge)) => on_sent.run(challenge),
        Some(Err(failure)) if is_expired(&failure) => on_expired.run(()),
        Some(Err(Failure::Invalid(refused))) => errors.fields.set(refused),
        Some(Err(failure)) => errors.problem.set(Some(describe(&failure))),
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
        errors.clear();
        let is_phone = is_phone(option.kind);
        let typed = number.get_untracked().trim().to_string();
        if is_phone && typed.is_empty() {
            let required = field_error("number", "phone number", Refusal::Required);
            errors.fields.set(vec![required]);
            return;
        }
        send.dispatch(ResetVerification {
            option: option.id,
            number: is_phone.then_some(typed),
        });
    };
    let labels = status
        .options
        .iter()
        .map(|option| option_label(option).to_string())
        .collect();
    view! {
        <form novalidate on:submit=next>
            <ErrorSummary problems=errors.summary()/>
            <p class="progress">{progress(&status)}</p>
            <Choices legend="Choose the contact method we should use for verification:" name="reset-option" labels=labels chosen=chosen/>
            {move || current().map(|option| match option.kind {
                MethodKind::Email => view! {
                    <p>"We'll email a verification code to " <strong>{option.hint}</strong> "."</p>
                }.into_any(),
                MethodKind::AuthenticatorApp => view! {
                    <p>"Open your authenticator app for the code it shows now."</p>
                }.into_any(),
                MethodKind::Passkey => view! {
                    <p>"Your browser will ask for your passkey: your fingerprint, face, screen lock or security key."</p>
                }.into_any(),
                MethodKind::RecoveryCodes => view! {
                    <p>"Have your recovery codes to hand. Each code works once."</p>
                }.into_any(),
                MethodKind::Phone | MethodKind::AlternatePhone => view! {
                    <p>
                        "To protect your account, enter your whole phone number ("
                        <strong>{option.hint}</strong>
                        "). We'll only "
                        {if option.channel == Channel::Voice { "call" } else { "text" }}
                        " it if it matches the number we have."
                    </p>
                    <TextField id="number" label="Phone number" input_type="tel" autocomplete="tel" value=number error=errors.message("number")/>
                }.into_any(),
            })}
            <div class="actions">
                <button type="submit" class="button" aria-disabled=move || send.pending().get().then_some("true")>
                    {move || match current().map(|o| o.channel) {
                        Some(Channel::Voice) => "Call",
                        Some(Channel::Sms) => "Text",
                        Some(Channel::Email) => "Email",
                        _ => "Next",
                    }}
                </button>
            </div>
        </form>
    }
}
