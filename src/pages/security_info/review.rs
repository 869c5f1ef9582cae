//! "Are your security info details still current?" — asked when the organisation's
//! `reconfirm_days` have passed since the last review or change, as Entra does: "Looks good"
//! confirms them, "Change" goes to the page to change them.

use latchkey_api::types::SecurityInfo;
use leptos::prelude::*;

use super::method_list::detail;
use crate::api;
use crate::components::{ErrorSummary, Problem};
use crate::pages::proof::describe;

/// The review; `on_done(true)` after "Looks good", `on_done(false)` after "Change".
#[component]
pub fn Review(info: SecurityInfo, #[prop(into)] on_done: Callback<bool>) -> impl IntoView {
    let confirm = Action::new_local(|_: &()| api::reviewed());
    Effect::new(move || {
        if let Some(Ok(())) = confirm.value().get() {
            on_done.run(true);
        }
    });
    let problems = Signal::derive(move || match confirm.value().get() {
        Some(Err(failure)) => vec![Problem {
            field_id: None,
            message: describe(&failure),
        }],
        _ => Vec::new(),
    });
    view! {
        <h1>"Are your security info details still current?"</h1>
        <ErrorSummary problems=problems/>
        <p class="lead">
            "You use these to prove who you are and to reset your password. Check they're all "
            "still yours and still work."
        </p>
        <ul class="review-list" role="list" aria-label="Your methods">
            {info.methods.into_iter().map(|method| view! {
                <li>
                    <span class="method-kind">{method.kind.label()}</span>
                    " "
                    <span class="method-detail">{detail(&method)}</span>
                </li>
            }).collect_view()}
        </ul>
        <div class="actions">
            <button
                type="button"
                class="button"
                aria-disabled=move || confirm.pending().get().then_some("true")
                on:click=move |_| {
                    if !confirm.pending().get_untracked() {
                        confirm.dispatch(());
                    }
                }
            >
                "Looks good"
            </button>
            <button type="button" class="button button-secondary" on:click=move |_| on_done.run(false)>
                "Change"
            </button>
        </div>
    }
}
