//! Finding a person by username, name or work email. The search is in the address
//! (`?query=doe`), so Back from a person's page returns to the results.

use leptos::prelude::*;

use super::people_list::PeopleList;
use crate::api;
use crate::components::TextField;
use crate::i18n::{t, tr};
use crate::route::{self, use_address};

#[component]
pub fn FindPerson() -> impl IntoView {
    let address = use_address();
    let searched = Memo::new(move |_| address.query("query").filter(|q| !q.trim().is_empty()));
    let query = RwSignal::new(searched.get_untracked().unwrap_or_default());
    let error = RwSignal::new(None::<String>);
    let found = LocalResource::new(move || {
        let searched = searched.get();
        async move {
            match searched {
                Some(query) => api::admin::find_people(&query).await.map(Some),
                None => Ok(None),
            }
        }
    });
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let wanted = query.get_untracked();
        if wanted.trim().is_empty() {
            error.set(Some(t("helpdesk.query_missing")));
            if let Some(field) = document().get_element_by_id("query") {
                use wasm_bindgen::JsCast;
                let _ = field.unchecked_into::<web_sys::HtmlElement>().focus();
            }
            return;
        }
        error.set(None);
        let wanted = js_sys::encode_uri_component(wanted.trim());
        route::navigate(&format!("/helpdesk?query={wanted}"));
    };
    view! {
        <div class="card">
            <h1>{t("helpdesk.title")}</h1>
            <p class="lead">{t("helpdesk.lead")}</p>
            <form role="search" novalidate on:submit=submit>
                <TextField
                    id="query"
                    label=t("helpdesk.query")
                    autocomplete="off"
                    value=query
                    error=error
                    hint_id="query-hint"
                />
                <p class="hint" id="query-hint">{t("helpdesk.query_hint")}</p>
                <div class="actions">
                    <button type="submit" class="button">{t("helpdesk.find")}</button>
                </div>
            </form>
            {move || match (searched.get(), found.get()) {
                (Some(wanted), Some(Ok(Some(people)))) => {
                    let count = if people.is_empty() {
                        tr("helpdesk.none_found", &[("query", &wanted)])
                    } else {
                        tr("helpdesk.found", &[("count", &people.len().to_string())])
                    };
                    view! {
                        <div role="status"><h2>{count}</h2></div>
                        <PeopleList people=people/>
                    }
                    .into_any()
                }
                (Some(_), Some(Err(failure))) => view! {
                    <p role="alert">{super::failures::said(&failure)}</p>
                }
                .into_any(),
                _ => ().into_any(),
            }}
        </div>
    }
}
