//! "Default sign-in method" and its "Change" dialog: the way to verify offered first. Steps up
//! first when the server asks, like every change to security info.

use latchkey_api::ErrorCode;
use latchkey_api::types::DefaultMethod;
use leptos::prelude::*;

use super::verify::StepUp;
use crate::api;
use crate::components::{Choices, Dialog, first_available};
use crate::i18n::t;
use crate::pages::proof::describe;

/// One way to verify, how it reads ("Text +1 4255550123"), and why it can't be taken now.
pub type Way = (DefaultMethod, String, Option<String>);

/// The dialog listing every way; `on_changed` runs once a new default is saved.
#[component]
pub fn ChangeDefaultMethod(
    open: RwSignal<bool>,
    ways: Vec<Way>,
    current: Option<DefaultMethod>,
    #[prop(into)] on_changed: Callback<()>,
) -> impl IntoView {
    let unavailable: Vec<Option<String>> = ways.iter().map(|(_, _, why)| why.clone()).collect();
    let chosen = RwSignal::new(
        current
            .and_then(|now| ways.iter().position(|(way, _, _)| *way == now))
            .unwrap_or_else(|| first_available(&unavailable)),
    );
    let unavailable = StoredValue::new(unavailable);
    let stepping_up = RwSignal::new(false);
    let ways = StoredValue::new(ways);
    let save = Action::new_local(|way: &DefaultMethod| {
        let way = way.clone();
        async move { api::set_default_method(&way).await }
    });
    let confirm = move || {
        if let Some((way, _, _)) = ways.with_value(|all| all.get(chosen.get_untracked()).cloned()) {
            save.dispatch(way);
        }
    };
    Effect::new(move || match save.value().get() {
        Some(Ok(())) => {
            open.set(false);
            on_changed.run(());
        }
        Some(Err(failure)) if failure.is(ErrorCode::VerificationRequired) => stepping_up.set(true),
        _ => {}
    });
    let submit = move |event: web_sys::SubmitEvent| {
        event.prevent_default();
        if !save.pending().get_untracked() {
            confirm();
        }
    };
    view! {
        <Dialog title=t("default.title") open=open id="default-method">
            {move || if stepping_up.get() {
                view! {
                    <StepUp on_verified=Callback::new(move |()| {
                        stepping_up.set(false);
                        confirm();
                    })/>
                }.into_any()
            } else {
                view! {
                    <form novalidate on:submit=submit>
                        {move || match save.value().get() {
                            Some(Err(failure)) if !failure.is(ErrorCode::VerificationRequired) => {
                                Some(view! { <p class="error-summary" role="alert">{describe(&failure)}</p> })
                            }
                            _ => None,
                        }}
                        <Choices
                            legend=t("default.legend")
                            name="default-way"
                            labels=ways.with_value(|all| all.iter().map(|(_, label, _)| label.clone()).collect())
                            chosen=chosen
                            unavailable=unavailable.get_value()
                        />
                        <div class="actions">
                            <button type="submit" class="button" aria-disabled=move || save.pending().get().then_some("true")>
                                {t("action.confirm")}
                            </button>
                            <button type="button" class="button button-secondary" on:click=move |_| open.set(false)>
                                {t("action.cancel")}
                            </button>
                        </div>
                    </form>
                }.into_any()
            }}
        </Dialog>
    }
}
