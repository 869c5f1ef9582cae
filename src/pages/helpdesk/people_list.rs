//! People as the console lists them: links to their pages.

use leptos::prelude::*;

/// Where a person's page lives.
pub const PEOPLE: &str = "/helpdesk/people/";

/// The address of a person's page.
pub fn person_page(id: &str) -> String {
    format!("{PEOPLE}{id}")
}

/// People as links to their pages, each with their username and work email. A directory's
/// person Latchkey has no record of yet links to a search for them, which makes it.
#[component]
pub fn PeopleList(people: Vec<latchkey_api::types::PersonSummary>) -> impl IntoView {
    let link = |person: &latchkey_api::types::PersonSummary| {
        if person.id.is_empty() {
            let username = js_sys::encode_uri_component(&person.username);
            format!("/helpdesk?query={username}")
        } else {
            person_page(&person.id)
        }
    };
    view! {
        <ul class="people" role="list">
            {people.into_iter().map(|person| {
                let href = link(&person);
                view! {
                <li>
                    <a href=href>{person.display_name}</a>
                    <span class="method-meta" dir="ltr">{format!("{} · {}", person.username, person.email)}</span>
                </li>
                }
            }).collect_view()}
        </ul>
    }
}
