//! {t("review.title")} — asked when the organisation's
//! `reconfirm_days` have passed since the last review or change, as Entra does: {t("review.looks_good")}
//! confirms them, {t("action.change")} goes to the page to change them.

use latchkey_api::types::SecurityInfo;
use leptos::prelude::*;

use super::method_list::detail;
use crate::api;
use crate::components::{ErrorSummary, Problem};
use crate::i18n::{kind_name, t};
use crate::pages::proof::describe;

/// The review; `on_done(true)` after {t("review.looks_good")}, `on_done(false)` after {t("action.change")}.
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
        <h1>{t("review.title")}</h1>
        <ErrorSummary problems=problems/>
        <p class="lead">
            {t("review.lead")}
        </p>
        <ul class="review-list" role="list" aria-label=t("methods.list_label")>
            {info.methods.into_iter().map(|method| view! {
                <li>
                    <span class="method-kind">{kind_name(method.kind)}</span>
                    " "
                    <bdi class="method-detail">{detail(&method)}</bdi>
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
                {t("review.looks_good")}
            </button>
            <button type="button" class="button button-secondary" on:click=move |_| on_done.run(false)>
                {t("action.change")}
            </button>
        </div>
    }
}
