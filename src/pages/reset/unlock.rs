//! "I know my password, but still can't sign in": once proven, a locked-out person can unlock
//! their account and keep their password instead of choosing a new one.

use leptos::prelude::*;

use crate::api::{self, Failure};
use crate::i18n::t;
use crate::pages::proof::describe;

/// The offer beside the new password, and its button.
#[component]
pub fn UnlockInstead(
    #[prop(into)] on_done: Callback<()>,
    /// What ends the reset instead of showing an error (it expired).
    #[prop(into)]
    ends: Callback<Failure, bool>,
) -> impl IntoView {
    let unlock = Action::new_local(|_: &()| api::unlock_account());
    let problem = RwSignal::new(None::<String>);
    Effect::new(move || match unlock.value().get() {
        Some(Ok(())) => on_done.run(()),
        Some(Err(failure)) if ends.run(failure.clone()) => {}
        Some(Err(failure)) => problem.set(Some(describe(&failure))),
        None => {}
    });
    view! {
        <section class="unlock-instead" aria-labelledby="unlock-heading">
            <h2 id="unlock-heading">{t("reset.unlock_heading")}</h2>
            <p>{t("reset.unlock_explain")}</p>
            {move || problem.get().map(|text| view! { <p class="error-summary" role="alert">{text}</p> })}
            <button
                type="button"
                class="button button-secondary"
                aria-disabled=move || unlock.pending().get().then_some("true")
                on:click=move |_| {
                    if !unlock.pending().get_untracked() {
                        problem.set(None);
                        unlock.dispatch(());
                    }
                }
            >
                {t("reset.unlock_button")}
            </button>
        </section>
    }
}
