//! Any unknown address.

use leptos::prelude::*;

use super::title::set_title;
use crate::i18n::t;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    set_title(&t("not_found.title"));
    view! {
        <div class="card">
            <h1>{t("not_found.title")}</h1>
            <p>{t("not_found.explain")}</p>
            <p><a href="/security-info">{t("not_found.home")}</a></p>
        </div>
    }
}
