//! Deleting a method, after a confirmation that says what it means (and, for the last method,
//! that password reset will stop working). Steps up first when the server asks.

use latchkey_api::ErrorCode;
use latchkey_api::types::MethodInfo;
use leptos::prelude::*;

use super::verify::StepUp;
use crate::api;
use crate::components::Dialog;
use crate::i18n::{kind_in_sentence, t, tr};
use crate::pages::proof::describe;

/// The confirmation dialog for `method` (open while it is `Some`).
#[component]
pub fn DeleteMethod(
    method: RwSignal<Option<MethodInfo>>,
    /// Whether this is the user's only method.
    #[prop(into)]
    is_last: Signal<bool>,
    #[prop(into)] on_deleted: Callback<()>,
) -> impl IntoView {
    // Open while a method is chosen; closing (Cancel, Escape) forgets the choice. Each side is
    // set only when it differs, so the two never wake each other in a loop.
    let open = RwSignal::new(false);
    Effect::new(move || {
        let chosen = method.with(Option::is_some);
        if open.get_untracked() != chosen {
            open.set(chosen);
        }
    });
    Effect::new(move || {
        if !open.get() && method.with_untracked(Option::is_some) {
            method.set(None);
        }
    });
    let stepping_up = RwSignal::new(false);
    let delete = Action::new_local(|id: &String| {
        let id = id.clone();
        async move { api::delete_method(&id).await }
    });
    let confirm = move || {
        if let Some(chosen) = method.get_untracked() {
            delete.dispatch(chosen.id);
        }
    };
    Effect::new(move || match delete.value().get() {
        Some(Ok(())) => {
            open.set(false);
            on_deleted.run(());
        }
        Some(Err(failure)) if failure.is(ErrorCode::VerificationRequired) => stepping_up.set(true),
        _ => {}
    });
    let title = Signal::derive(move || {
        method
            .get()
            .map(|m| tr("delete.title", &[("method", &kind_in_sentence(m.kind))]))
            .unwrap_or_default()
    });
    view! {
        <Dialog title=title open=open id="delete-method">
            {move || if stepping_up.get() {
                view! {
                    <StepUp on_verified=Callback::new(move |()| {
                        stepping_up.set(false);
                        confirm();
                    })/>
                }.into_any()
            } else {
                view! {
                    <p>
                        {move || tr("delete.explain", &[("method", &method.get().map(|m| m.detail).unwrap_or_default())])}
                    </p>
                    <Show when=move || is_last.get()>
                        <p class="warning">
                            {t("delete.last_method")}
                        </p>
                    </Show>
                    {move || match delete.value().get() {
                        Some(Err(failure)) if !failure.is(ErrorCode::VerificationRequired) => {
                            Some(view! { <p class="error-summary" role="alert">{describe(&failure)}</p> })
                        }
                        _ => None,
                    }}
                    <div class="actions">
                        <button
                            type="button"
                            class="button button-danger"
                            aria-disabled=move || delete.pending().get().then_some("true")
                            on:click=move |_| confirm()
                        >
                            {t("action.delete")}
                        </button>
                        <button type="button" class="button button-secondary" on:click=move |_| open.set(false)>
                            {t("action.cancel")}
                        </button>
                    </div>
                }.into_any()
            }}
        </Dialog>
    }
}
