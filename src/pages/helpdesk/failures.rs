//! What the console says when something fails: the failure's words, "Try again", and the
//! request to verify again when the server asks for it.

use latchkey_api::ErrorCode;
use leptos::prelude::*;

use crate::api::Failure;
use crate::i18n::t;

/// Set when the server asks a staff member to verify again, as it does once their verification
/// is 15 minutes old (security.md 54): the console then asks for it in place of the screen, and
/// the screen comes back, loaded again, once it is done.
#[derive(Clone, Copy)]
pub struct VerifyAgain(pub RwSignal<bool>);

/// What `failure` says on a console screen; when it is the server asking to verify again, the
/// console asks for it.
pub fn said(failure: &Failure) -> String {
    if failure.is(ErrorCode::VerificationRequired)
        && let Some(VerifyAgain(asked)) = use_context::<VerifyAgain>()
    {
        asked.set(true);
    }
    failure.message()
}

/// What an action's `failure` says. A verification asked for there may be the caller's (it lasts
/// an hour) or the staff member's own: the person's page loads again (`reload`), which tells
/// which — it shows the caller unverified, or the console asks the staff member to verify.
pub fn said_after_action(failure: &Failure, reload: Callback<()>) -> String {
    if failure.is(ErrorCode::VerificationRequired) {
        reload.run(());
    }
    failure.message()
}

/// What went wrong, with Try again.
#[component]
pub fn Failed(failure: Failure, retry: Callback<()>) -> impl IntoView {
    view! {
        <p role="alert">{said(&failure)}</p>
        <button type="button" class="button" on:click=move |_| retry.run(())>
            {t("action.try_again")}
        </button>
    }
}

/// Something the console loads: "Loading…" meanwhile, `show` once it is in, and on failure
/// what went wrong with Try again (`retry`).
pub fn loaded<R>(
    loading: Option<Result<R, Failure>>,
    retry: Callback<()>,
    show: impl FnOnce(R) -> AnyView,
) -> AnyView {
    match loading {
        None => view! { <p class="loading" role="status">{t("shell.loading")}</p> }.into_any(),
        Some(Ok(loaded)) => show(loaded),
        Some(Err(failure)) => view! { <Failed failure=failure retry=retry/> }.into_any(),
    }
}
