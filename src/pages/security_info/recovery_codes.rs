//! Recovery codes: ten single-use codes made on request and shown this once, with {t("codes.download")}
//! (a .txt file) and {t("codes.print")}. A new set stops the old one working.

use latchkey_api::ErrorCode;
use leptos::prelude::*;

use super::verify::StepUpWhenAsked;
use crate::api;
use crate::components::{ErrorSummary, FormErrors};
use crate::context::AppContext;
use crate::i18n::{t, tr};
use crate::pages::proof::describe;

/// The recovery codes step; `on_made` runs once a new set exists, `on_close` when done.
#[component]
pub fn NewRecoveryCodes(
    /// Whether the person has a set already (which the new one replaces).
    replacing: bool,
    #[prop(into)] on_made: Callback<()>,
    #[prop(into)] on_close: Callback<()>,
) -> impl IntoView {
    let asked = RwSignal::new(false);
    let make = Action::new_local(|_: &()| api::new_recovery_codes());
    let codes = RwSignal::new(None::<Vec<String>>);
    let errors = FormErrors::new();
    let problem = errors.problem;
    Effect::new(move || match make.value().get() {
        Some(Ok(made)) => {
            codes.set(Some(made.codes));
            on_made.run(());
        }
        Some(Err(failure)) if failure.is(ErrorCode::VerificationRequired) => asked.set(true),
        Some(Err(failure)) => problem.set(Some(describe(&failure))),
        None => {}
    });
    let send = move || {
        if !make.pending().get_untracked() {
            problem.set(None);
            make.dispatch(());
        }
    };
    view! {
        {move || match codes.get() {
            Some(list) => view! { <ShowCodes codes=list on_close=on_close/> }.into_any(),
            None => view! {
                <StepUpWhenAsked asked=asked retry=Callback::new(move |()| send())>
                    <form novalidate on:submit=move |event: web_sys::SubmitEvent| {
                        event.prevent_default();
                        send();
                    }>
                        <ErrorSummary problems=errors.summary()/>
                        <p>{t("codes.explain")}</p>
                        {replacing.then(|| view! {
                            <p class="warning">{t("codes.replacing")}</p>
                        })}
                        <div class="actions">
                            <button type="submit" class="button" aria-disabled=move || make.pending().get().then_some("true")>
                                {t("codes.get")}
                            </button>
                            <button type="button" class="button button-secondary" on:click=move |_| on_close.run(())>{t("action.cancel")}</button>
                        </div>
                    </form>
                </StepUpWhenAsked>
            }.into_any(),
        }}
    }
}

/// The codes, this once, with ways to keep them.
#[component]
fn ShowCodes(codes: Vec<String>, on_close: Callback<()>) -> impl IntoView {
    let organisation = expect_context::<AppContext>()
        .organisation_name()
        .unwrap_or_default();
    let heading = tr("codes.file_heading", &[("organisation", &organisation)]);
    let text = format!(
        "{}\n\n{}\n\n{}\n",
        heading.trim(),
        t("codes.file_advice"),
        codes.join("\n")
    );
    let download = format!(
        "data:text/plain;charset=utf-8,{}",
        String::from(js_sys::encode_uri_component(&text))
    );
    let print = move |_| {
        if let Some(window) = web_sys::window() {
            let _ = window.print();
        }
    };
    view! {
        <p class="success" role="status">{t("codes.ready")}</p>
        <p>{t("codes.save_now")}</p>
        <ol class="recovery-codes" aria-label=t("codes.list_label")>
            {codes.into_iter().map(|code| view! { <li><code>{code}</code></li> }).collect_view()}
        </ol>
        <div class="actions">
            <a class="button button-secondary" href=download download="recovery-codes.txt">{t("codes.download")}</a>
            <button type="button" class="button button-secondary" on:click=print>{t("codes.print")}</button>
            <button type="button" class="button" on:click=move |_| on_close.run(())>{t("action.done")}</button>
        </div>
    }
}
