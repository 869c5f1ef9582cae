//! {t("sign_out_everywhere.button")}: for a lost phone or laptop, ends every session after a confirmation.

use leptos::prelude::*;

use crate::api;
use crate::components::Dialog;
use crate::context::AppContext;
use crate::i18n::t;
use crate::pages::proof::describe;

/// The button and its confirmation dialog.
#[component]
pub fn SignOutEverywhere() -> impl IntoView {
    let context = expect_context::<AppContext>();
    let open = RwSignal::new(false);
    let sign_out = Action::new_local(|_: &()| api::sign_out_everywhere());
    Effect::new(move || {
        if let Some(Ok(())) = sign_out.value().get() {
            open.set(false);
            context.me.set(None);
            crate::route::navigate("/signin");
        }
    });
    view! {
        <h2>{t("sign_out_everywhere.heading")}</h2>
        <p>{t("sign_out_everywhere.explain")}</p>
        <button type="button" class="button button-secondary" on:click=move |_| open.set(true)>
            {t("sign_out_everywhere.button")}
        </button>
        <Dialog title=Signal::derive(|| t("sign_out_everywhere.title")) open=open id="sign-out-everywhere">
            <p>{t("sign_out_everywhere.confirm")}</p>
            {move || sign_out.value().get().and_then(Result::err).map(|failure| view! {
                <p class="error-summary" role="alert">{describe(&failure)}</p>
            })}
            <div class="actions">
                <button
                    type="button"
                    class="button"
                    aria-disabled=move || sign_out.pending().get().then_some("true")
                    on:click=move |_| {
                        if !sign_out.pending().get_untracked() {
                            sign_out.dispatch(());
                        }
                    }
                >
                    {t("sign_out_everywhere.button")}
                </button>
                <button type="button" class="button button-secondary" on:click=move |_| open.set(false)>{t("action.cancel")}</button>
            </div>
        </Dialog>
    }
}
