//! "Sign out everywhere": for a lost phone or laptop, ends every session after a confirmation.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::api;
use crate::app::AppContext;
use crate::components::Dialog;
use crate::pages::proof::describe;

/// The button and its confirmation dialog.
#[component]
pub fn SignOutEverywhere() -> impl IntoView {
    let context = expect_context::<AppContext>();
    let navigate = use_navigate();
    let open = RwSignal::new(false);
    let sign_out = Action::new_local(|_: &()| api::sign_out_everywhere());
    Effect::new(move || {
        if let Some(Ok(())) = sign_out.value().get() {
            open.set(false);
            context.me.set(None);
            navigate("/signin", Default::default());
        }
    });
    view! {
        <h2>"Lost a device?"</h2>
        <p>"If you lost a phone or a computer you were signed in on, sign out of every device at once."</p>
        <button type="button" class="button button-secondary" on:click=move |_| open.set(true)>
            "Sign out everywhere"
        </button>
        <Dialog title=Signal::derive(|| "Sign out everywhere?".to_string()) open=open id="sign-out-everywhere">
            <p>"Every device signed in to your account, including this one, will be signed out."</p>
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
                    "Sign out everywhere"
                </button>
                <button type="button" class="button button-secondary" on:click=move |_| open.set(false)>"Cancel"</button>
            </div>
        </Dialog>
    }
}
