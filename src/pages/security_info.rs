//! `/security-info` (and `/`): the methods that prove who you are.

use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};

use super::set_title;
use crate::api::{self, Failure};
use crate::app::AppContext;

#[component]
pub fn SecurityInfoPage() -> impl IntoView {
    set_title("Security info");
    let context = expect_context::<AppContext>();
    let navigate = use_navigate();
    let location = use_location();
    let me = LocalResource::new(api::me);
    Effect::new(move || match me.get() {
        Some(Ok(user)) => context.me.set(Some(user)),
        Some(Err(Failure::SignedOut)) => {
            context.me.set(None);
            let here = location.pathname.get_untracked();
            navigate(&format!("/signin?next={here}"), Default::default());
        }
        _ => {}
    });
    view! {
        <div class="card">
            <h1>"Security info"</h1>
            {move || match me.get() {
                None => view! { <p class="loading" role="status">"Loading your security info…"</p> }.into_any(),
                Some(Ok(user)) => view! {
                    <p class="lead">
                        "These are the methods you use to sign in to your account or reset your password, "
                        {user.display_name}"."
                    </p>
                    <p>
                        "You haven't added any sign-in methods yet. Add a phone number or a personal "
                        "email address so that you can reset your password yourself if you forget it "
                        "or get locked out — without calling the helpdesk."
                    </p>
                }.into_any(),
                Some(Err(Failure::SignedOut)) => view! { <p role="status">"Taking you to sign in…"</p> }.into_any(),
                Some(Err(failure)) => view! {
                    <p role="alert">{failure.message()}</p>
                    <button type="button" class="button" on:click=move |_| me.refetch()>"Try again"</button>
                }.into_any(),
            }}
        </div>
    }
}
