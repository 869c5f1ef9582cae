//! `/helpdesk/messaging` (admins): "Texts and calls" — today's sends, proofs and spend per
//! country and channel with their caps, the day's budget, the countries paused with Resume, and
//! the safe list; a warning when texts and calls may go to every country (security.md 61).

use latchkey_api::messaging::MessagingOverview;
use leptos::prelude::*;

use super::failures::loaded;
use super::messaging_figures::{BudgetMeter, CountryTable, country_rows};
use super::messaging_paused::Paused;
use super::safe_numbers::SafeNumbers;
use crate::api;
use crate::i18n::t;
use crate::pages::title::set_title;

/// The page's address.
pub const MESSAGING: &str = "/helpdesk/messaging";

#[component]
pub fn Messaging() -> impl IntoView {
    set_title(&t("helpdesk.messaging"));
    let overview = LocalResource::new(api::admin::messaging);
    view! {
        <div class="card messaging">
            <h1>{t("helpdesk.messaging")}</h1>
            {move || loaded(overview.get(), Callback::new(move |()| overview.refetch()), |overview| view! {
                <TextsAndCalls overview=overview/>
            }.into_any())}
        </div>
    }
}

/// The page's content for `overview`; it then follows what the admin resumes, adds and removes.
#[component]
pub fn TextsAndCalls(overview: MessagingOverview) -> impl IntoView {
    let countries = RwSignal::new(overview.countries);
    let safe_numbers = RwSignal::new(overview.safe_numbers);
    view! {
        {overview.open_to_every_country.then(|| view! { <OpenToEveryCountry/> })}
        <BudgetMeter budget=overview.budget spent=overview.spent/>
        <section aria-labelledby="today-title">
            <h2 id="today-title">{t("helpdesk.today_by_country")}</h2>
            {move || view! { <CountryTable rows=country_rows(&countries.get())/> }}
        </section>
        <Paused countries=countries/>
        <SafeNumbers numbers=safe_numbers/>
    }
}

/// Neither `default_country` nor a country list is set: what that means, and how to close it.
#[component]
fn OpenToEveryCountry() -> impl IntoView {
    view! {
        <div class="notice warning" role="note" aria-labelledby="open-title">
            <h2 id="open-title">{t("helpdesk.open_to_every_country")}</h2>
            <p>{t("helpdesk.open_explain")}</p>
            <p>{t("helpdesk.open_how_to_close")}</p>
        </div>
    }
}
