//! Adding an authenticator app: the warning employees are given first, then the QR code (drawn
//! by the server) with the key in groups of four for people who cannot scan, and the first code
//! from the app, which registers it.

use latchkey_api::types::{AuthenticatorSetup, MethodInfo};
use latchkey_api::{ErrorCode, FieldError};
use leptos::prelude::*;

use super::verify::StepUpWhenAsked;
use crate::api::{self, Failure};
use crate::app::AppContext;
use crate::components::{CodeField, ErrorSummary, FormErrors, TextField};
use crate::pages::proof::describe;

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

/// The warning, an optional name, and "Next" (which makes the key).
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
                <p>
                    "Use an authenticator app on your phone — Microsoft Authenticator, Google "
                    "Authenticator or any app that shows 6-digit codes."
                </p>
                <p class="warning">
                    "If you change phones or reinstall the app, you'll need to add it here again. "
                    "If you have no other method left by then, only the helpdesk can get you back in."
                </p>
                {helpdesk.map(|(url, text)| view! { <p><a href=url>{text}</a>" if you need help."</p> })}
                <TextField id="name" label="Name (optional)" autocomplete="off" value=name error=errors.message("name") hint_id="name-hint"/>
                <p class="hint" id="name-hint">"So you can tell your apps apart, for example \"Work phone\"."</p>
                <div class="actions">
                    <button type="submit" class="button" aria-disabled=move || start.pending().get().then_some("true")>"Next"</button>
                    <button type="button" class="button button-secondary" on:click=move |_| on_cancel.run(())>"Cancel"</button>
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
        let typed = latchkey_api::validation::normalise_code(&code.get_untracked());
        if typed.len() != 6 {
            let message = "Enter the 6-digit code your app shows.".to_string();
            let refused = latchkey_api::FieldError {
                field: "code".into(),
                code: latchkey_api::Problem::Required,
                message,
            };
            fields.set(vec![refused]);
            return;
        }
        confirm.dispatch(typed);
    };
    let key = setup.key.clone();
    let copy = move |_| {
        copied.set(copy_text(&key));
    };
    view! {
        <form novalidate on:submit=submit>
            <ErrorSummary problems=errors.summary()/>
            <p>"In the app, add an account and scan this QR code."</p>
            <div class="qr-code" role="img" aria-label="QR code for your authenticator app" inner_html=setup.qr_svg></div>
            <p><a href=setup.uri>"Open in my authenticator app"</a>" (on this phone)"</p>
            <div class="manual-key">
                <h3>"Can't scan it? Enter these details instead"</h3>
                <dl class="key-details">
                    <dt>"Account name"</dt>
                    <dd>{setup.account}</dd>
                    <dt>"Issuer"</dt>
                    <dd>{setup.issuer}</dd>
                    <dt>"Secret key"</dt>
                    <dd><code class="secret-key" id="secret-key">{setup.key.clone()}</code></dd>
                </dl>
                <p class="hint">"Choose a time-based key (TOTP) if the app asks. Spaces don't matter."</p>
                <button type="button" class="button button-secondary" aria-describedby="secret-key" on:click=copy>"Copy key"</button>
                <p class="visually-hidden" role="status">{move || copied.get().then_some("Key copied.")}</p>
            </div>
            <p>"Then enter the 6-digit code the app shows for this account."</p>
            <CodeField value=code error=code_error label="Code" numeric=true/>
            <div class="actions">
                <button type="submit" class="button" aria-disabled=move || confirm.pending().get().then_some("true")>"Next"</button>
            </div>
        </form>
    }
}

/// Puts `text` on the clipboard; whether the browser let us.
fn copy_text(text: &str) -> bool {
    use js_sys::{Function, Reflect};
    use wasm_bindgen::{JsCast, JsValue};
    let Some(window) = web_sys::window() else {
        return false;
    };
    let clipboard = Reflect::get(&window.navigator(), &JsValue::from_str("clipboard"))
        .ok()
        .filter(|c| !c.is_undefined());
    let write = clipboard.as_ref().and_then(|c| {
        Reflect::get(c, &JsValue::from_str("writeText"))
            .ok()
            .and_then(|f| f.dyn_into::<Function>().ok())
    });
    match (clipboard, write) {
        (Some(clipboard), Some(write)) => write
            .call1(&clipboard, &JsValue::from_str(&text.replace(' ', "")))
            .is_ok(),
        _ => false,
    }
}
