//! Adding a passkey: an optional name, then the browser's own prompt (fingerprint, face, screen
//! lock or security key), then the server's check of the new credential.

use latchkey_api::ErrorCode;
use latchkey_api::types::MethodInfo;
use leptos::prelude::*;

use super::verify::StepUpWhenAsked;
use crate::api::{self, Failure};
use crate::components::{ErrorSummary, FormErrors, TextField};
use crate::i18n::t;
use crate::pages::proof::describe;
use crate::passkey;

/// Why adding the passkey stopped.
#[derive(Clone)]
enum Stopped {
    Api(Failure),
    Browser(passkey::PasskeyFailure),
}

/// The steps after choosing "Passkey"; `on_added` gets the registered passkey.
#[component]
pub fn AddPasskey(
    #[prop(into)] on_added: Callback<MethodInfo>,
    #[prop(into)] on_cancel: Callback<()>,
) -> impl IntoView {
    let name = RwSignal::new(String::new());
    let errors = FormErrors::new();
    let asked = RwSignal::new(false);
    let add = Action::new_local(|name: &String| {
        let name = name.clone();
        async move {
            let setup = api::start_passkey(&name).await.map_err(Stopped::Api)?;
            let answer = passkey::create(&setup.options)
                .await
                .map_err(Stopped::Browser)?;
            api::finish_passkey(&setup.id, answer)
                .await
                .map_err(Stopped::Api)
        }
    });
    Effect::new(move || match add.value().get() {
        Some(Ok(method)) => on_added.run(method),
        Some(Err(Stopped::Api(failure))) if failure.is(ErrorCode::VerificationRequired) => {
            asked.set(true)
        }
        // The name has a box for its refusal; the passkey's answer has none, so the form says it.
        Some(Err(Stopped::Api(Failure::Invalid(refused))))
            if refused.iter().any(|f| f.field != "passkey") =>
        {
            errors.fields.set(refused)
        }
        Some(Err(Stopped::Api(failure))) => errors.problem.set(Some(describe(&failure))),
        Some(Err(Stopped::Browser(failure))) => errors.problem.set(Some(failure.message())),
        None => {}
    });
    let send = move || {
        if !add.pending().get_untracked() {
            errors.clear();
            add.dispatch(name.get_untracked());
        }
    };
    let refused_before = move || errors.problem.get().is_some();
    view! {
        <StepUpWhenAsked asked=asked retry=Callback::new(move |()| send())>
            <form novalidate on:submit=move |event: web_sys::SubmitEvent| {
                event.prevent_default();
                send();
            }>
                <ErrorSummary problems=errors.summary()/>
                <p>{t("passkey.explain")}</p>
                <TextField id="name" label=t("label.name_optional") autocomplete="off" value=name error=errors.message("name") hint_id="passkey-name-hint"/>
                <p class="hint" id="passkey-name-hint">{t("passkey.name_hint")}</p>
                <p class="visually-hidden" role="status">
                    {move || add.pending().get().then(|| t("passkey.follow_prompt"))}
                </p>
                <div class="actions">
                    <button type="submit" class="button" aria-disabled=move || add.pending().get().then_some("true")>
                        {move || if refused_before() { t("action.try_again") } else { t("action.next") }}
                    </button>
                    <button type="button" class="button button-secondary" on:click=move |_| on_cancel.run(())>{t("action.cancel")}</button>
                </div>
            </form>
        </StepUpWhenAsked>
    }
}
