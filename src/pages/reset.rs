//! `/reset`: "Get back into your account". Self-service reset is not available yet, so the page
//! says where to get help instead.

use leptos::prelude::*;

use super::set_title;
use crate::app::AppContext;

#[component]
pub fn ResetPage() -> impl IntoView {
    set_title("Get back into your account");
    let context = expect_context::<AppContext>();
    view! {
        <div class="card">
            <h1>"Get back into your account"</h1>
            <p>
                "Resetting your password yourself is coming soon. Until then, IT support can "
                "reset it for you."
            </p>
            <div class="actions">
                {move || context.helpdesk_url().map(|url| view! { <a class="button" href=url>"Contact IT Support"</a> })}
                <a href="/signin">"Back to sign in"</a>
            </div>
        </div>
    }
}
