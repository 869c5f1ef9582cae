//! Adding an authenticator app: the warning employees are given first, then the QR code (drawn
//! by the server) with the key in groups of four for people who cannot scan, and the first code
//! from the app, which registers it.

use latchkey_api::types::{AuthenticatorSetup, Channel, MethodInfo};
use latchkey_api::{ErrorCode, FieldError};
use leptos::prelude::*;

use super::verify::StepUpWhenAsked;
use crate::api::{self, Failure};
use crate::components::{CodeField, ErrorSummary, FormErrors, TextField};
use crate::context::AppContext;
use crate::i18n::t;
use crate::pages::proof::{code_shape_refusal, describe};

/// The steps after choosing "Authenticator app"; `on_added` gets the registered app.
#[component]
pub fn AddApp(
    #[prop(into)] on_added: Callback<MethodInfo>,
    #[prop(into)] on_cancel: Callback<()>,
) -> impl IntoView {
    let setup = RwSignal::new(None::<AuthenticatorSetup>);
    view! {
        {move || match setup.get() {
            None => view! { <AppWarning on_ready=Callback::new(move |s| setup.set(Some(s))) on_cancel=on_cancel/> }.into_any(),
            Some(ready) => view! { <ScanAndConfirm setup=ready on_added=on_added/> }.into_any(),
        }}
    }
}

/// The warning, an optional name, and {t("action.next")} (which makes the key).
#[component]
fn AppWarning(on_ready: Callback<AuthenticatorSetup>, on_cancel: Callback<()>) -> impl IntoView {
    let helpdesk = expect_context::<AppContext>().helpdesk_link();
    let name = RwSignal::new(String::new());
    let errors = FormErrors::new();
    let asked = RwSignal::new(false);
    let start = Action::new_local(|name: &String| {
        let name = name.clone();
        async move { api::start_authenticator(&name).await }
    });
    Effect::new(move || match start.value().get() {
        Some(Ok(setup)) => on_ready.run(setup),
        Some(Err(failure)) if failure.is(ErrorCode::VerificationRequired) => asked.set(true),
        Some(Err(Failure::Invalid(refused))) => errors.fields.set(refused),
        Some(Err(failure)) => errors.problem.set(Some(describe(&failure))),
        None => {}
    });
    let send = move || {
        if !start.pending().get_untracked() {
            errors.clear();
            start.dispatch(name.get_untracked());
        }
    };
    view! {
        <StepUpWhenAsked asked=asked retry=Callback::new(move |()| send())>
            <form novalidate on:submit=move |event: web_sys::SubmitEvent| {
                event.prevent_default();
                send();
            }>
                <ErrorSummary problems=errors.summary()/>
                <p>{t("app.explain")}</p>
                <p class="warning">
                    {t("app.warning")}
                </p>
                {helpdesk.map(|(url, text)| view! { <p><a href=url>{text}</a>" "{t("app.if_you_need_help")}</p> })}
                <TextField id="name" label=t("label.name_optional") autocomplete="off" value=name error=errors.message("name") hint_id="name-hint"/>
                <p class="hint" id="name-hint">{t("app.name_hint")}</p>
                <div class="actions">
                    <button type="submit" class="button" aria-disabled=move || start.pending().get().then_some("true")>{t("action.next")}</button>
                    <button type="button" class="button button-secondary" on:click=move |_| on_cancel.run(())>{t("action.cancel")}</button>
                </div>
            </form>
        </StepUpWhenAsked>
    }
}

/// The QR code, the key to type instead, and the app's first code.
#[component]
fn ScanAndConfirm(setup: AuthenticatorSetup, on_added: Callback<MethodInfo>) -> impl IntoView {
    let code = RwSignal::new(String::new());
    let fields = RwSignal::new(Vec::<FieldError>::new());
    let problem = RwSignal::new(None::<String>);
    let copied = RwSignal::new(false);
    let id = setup.id.clone();
    let confirm = Action::new_local(move |typed: &String| {
        let (id, typed) = (id.clone(), typed.clone());
        async move { api::confirm_authenticator(&id, &typed).await }
    });
    Effect::new(move || match confirm.value().get() {
        Some(Ok(method)) => on_added.run(method),
        Some(Err(Failure::Invalid(refused))) => fields.set(refused),
        Some(Err(failure)) => problem.set(Some(describe(&failure))),
        None => {}
    });
    let errors = FormErrors { fields, problem };
    let code_error = errors.message("code");
    let submit = move |event: web_sys::SubmitEvent| {
        event.prevent_default();
        if confirm.pending().get_untracked() {
            return;
        }
        errors.clear();
        let typed = code.get_untracked();
        if let Some(refused) = code_shape_refusal(Channel::App, &typed) {
            fields.set(vec![refused]);
            return;
        }
        confirm.dispatch(latchkey_api::validation::normalise_code(&typed));
    };
    let key = setup.key.clone();
    let copy = move |_| {
        copied.set(crate::clipboard::copy(&key.replace(' ', "")));
    };
    view! {
        <form novalidate on:submit=submit>
            <ErrorSummary problems=errors.summary()/>
            <p>{t("app.scan")}</p>
            <div class="qr-code" role="img" aria-label=t("app.qr_label") inner_html=setup.qr_svg></div>
            <p><a href=setup.uri>{t("app.open")}</a>" "{t("app.on_this_phone")}</p>
            <div class="manual-key">
                <h3>{t("app.manual_heading")}</h3>
                <dl class="key-details">
                    <dt>{t("app.account")}</dt>
                    <dd><bdi>{setup.account}</bdi></dd>
                    <dt>{t("app.issuer")}</dt>
                    <dd><bdi>{setup.issuer}</bdi></dd>
                    <dt>{t("app.secret_key")}</dt>
                    <dd dir="ltr"><code class="secret-key" id="secret-key">{setup.key.clone()}</code></dd>
                </dl>
                <p class="hint">{t("app.key_hint")}</p>
                <button type="button" class="button button-secondary" aria-describedby="secret-key" on:click=copy>{t("app.copy_key")}</button>
                <p class="visually-hidden" role="status">{move || copied.get().then(|| t("app.key_copied"))}</p>
            </div>
            <p>{t("app.enter_code")}</p>
            <CodeField value=code error=code_error label=t("label.code") numeric=true/>
            <div class="actions">
                <button type="submit" class="button" aria-disabled=move || confirm.pending().get().then_some("true")>{t("action.next")}</button>
            </div>
        </form>
    }
}
