//! Any unknown address.

use leptos::prelude::*;

use super::set_title;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    set_title("Page not found");
    view! {
        <div class="card">
            <h1>"Page not found"</h1>
            <p>"If you typed the address, check it is correct. If you followed a link, it may be out of date."</p>
            <p><a href="/security-info">"Go to your security info"</a></p>
        </div>
    }
}
