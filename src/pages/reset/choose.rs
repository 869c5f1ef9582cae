//! Choosing how to prove the next step: "Text my mobile phone", "Call my mobile phone", "Email
//! my alternate email"… A phone must be typed in full; the server sends nothing unless it
//! matches.

use latchkey_api::Problem as Refusal;
use latchkey_api::types::{
    Challenge, Channel, MethodKind, ResetOption, ResetStatus, ResetVerification,
};
use leptos::prelude::*;

use super::progress::{is_expired, progress};
use crate::api::{self, Failure};
use crate::components::{Choices, ErrorSummary, FormErrors, TextField};
use crate::i18n::{refusal, t, tr};
use crate::pages::proof::describe;

/// How an option reads.
fn option_label(option: &ResetOption) -> String {
    t(match (option.kind, option.channel) {
        (MethodKind::Phone, Channel::Voice) => "reset.call_mobile",
        (MethodKind::Phone, _) => "reset.text_mobile",
        (MethodKind::AlternatePhone, Channel::Voice) => "reset.call_alternate",
        (MethodKind::AlternatePhone, _) => "reset.text_alternate",
        (MethodKind::Email, _) => "reset.email_alternate",
        (MethodKind::AuthenticatorApp, _) => "reset.app",
        (MethodKind::Passkey, _) => "way.passkey",
        (MethodKind::RecoveryCodes, _) => "reset.recovery_code",
    })
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
            let required = refusal("number", Refusal::Required);
            errors.fields.set(vec![required]);
            return;
        }
        send.dispatch(ResetVerification {
            option: option.id,
            number: is_phone.then_some(typed),
        });
    };
    let labels = status.options.iter().map(option_label).collect();
    view! {
        <form novalidate on:submit=next>
            <ErrorSummary problems=errors.summary()/>
            <p class="progress">{progress(&status)}</p>
            <Choices legend=t("reset.choose_legend") name="reset-option" labels=labels chosen=chosen/>
            {move || current().map(|option| match option.kind {
                MethodKind::Email => view! {
                    <p>{tr("reset.email_hint", &[("hint", &option.hint)])}</p>
                }.into_any(),
                MethodKind::AuthenticatorApp => view! {
                    <p>{t("reset.app_hint")}</p>
                }.into_any(),
                MethodKind::Passkey => view! {
                    <p>{t("held.passkey_intro")}</p>
                }.into_any(),
                MethodKind::RecoveryCodes => view! {
                    <p>{t("reset.codes_hint")}</p>
                }.into_any(),
                MethodKind::Phone | MethodKind::AlternatePhone => view! {
                    <p>
                        {tr(
                            if option.channel == Channel::Voice { "reset.whole_number_call" } else { "reset.whole_number_text" },
                            &[("hint", &option.hint)],
                        )}
                    </p>
                    <TextField id="number" label=t("label.phone_number") input_type="tel" left_to_right=true autocomplete="tel" value=number error=errors.message("number")/>
                }.into_any(),
            })}
            <div class="actions">
                <button type="submit" class="button" aria-disabled=move || send.pending().get().then_some("true")>
                    {move || match current().map(|o| o.channel) {
                        Some(Channel::Voice) => t("reset.call"),
                        Some(Channel::Sms) => t("reset.text"),
                        Some(Channel::Email) => t("reset.email"),
                        _ => t("action.next"),
                    }}
                </button>
            </div>
        </form>
    }
}
