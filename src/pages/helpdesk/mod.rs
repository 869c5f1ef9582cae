//! `/helpdesk`: IT support's console — find a person (`/helpdesk?query=doe`), open their page
//! (`/helpdesk/people/{id}`), verify the caller, and help them. A part of the app of its own:
//! employees never download it.

mod actions;
mod caller;
mod find;
mod person;

use latchkey_api::ErrorCode;
use leptos::prelude::*;

use super::set_title;
use crate::api::{self, Failure};
use crate::i18n::{self, t};
use crate::parts::NotLoaded;
use crate::route::{self, use_address};
use find::FindPerson;
use person::PersonPage;

/// Where a person's page lives.
const PEOPLE: &str = "/helpdesk/people/";

/// The address of a person's page.
fn person_page(id: &str) -> String {
    format!("{PEOPLE}{id}")
}

/// The console's stylesheet (`style/helpdesk.css`), which employees never download.
const STYLESHEET: &str = "/helpdesk.css";

/// Adds the console's stylesheet to the page, once.
fn add_stylesheet() {
    let document = document();
    let present = document
        .query_selector(&format!("link[href='{STYLESHEET}']"))
        .ok()
        .flatten()
        .is_some();
    if present {
        return;
    }
    if let (Ok(link), Some(head)) = (document.create_element("link"), document.head()) {
        let _ = link.set_attribute("rel", "stylesheet");
        let _ = link.set_attribute("href", STYLESHEET);
        let _ = head.append_child(&link);
    }
}

/// The console, once its words (`locales/helpdesk/`, which employees never download) are in.
#[component]
pub fn HelpdeskPage() -> impl IntoView {
    add_stylesheet();
    let words = LocalResource::new(|| i18n::add_words("helpdesk"));
    move || match words.get() {
        None => view! { <p class="loading" role="status">{t("shell.loading")}</p> }.into_any(),
        Some(true) => view! { <Console/> }.into_any(),
        Some(false) => {
            view! { <NotLoaded retry=Callback::new(move |()| words.refetch())/> }.into_any()
        }
    }
}

#[component]
fn Console() -> impl IntoView {
    set_title(&t("helpdesk.title"));
    let address = use_address();
    // An empty search finds no one, but says whether this person may use the console.
    let access = LocalResource::new(|| api::admin::find_people(""));
    Effect::new(move || {
        if let Some(Err(Failure::SignedOut)) = access.get() {
            let here = address.path_untracked();
            route::navigate(&format!("/signin?next={here}"));
        }
    });
    let person = Memo::new(move |_| address.path().strip_prefix(PEOPLE).map(str::to_string));
    move || {
        match access.get() {
        None => view! {
            <div class="card"><h1>{t("helpdesk.title")}</h1><p class="loading" role="status">{t("shell.loading")}</p></div>
        }
        .into_any(),
        Some(Ok(_)) => match person.get() {
            Some(id) => view! { <PersonPage id=id/> }.into_any(),
            None => view! { <FindPerson/> }.into_any(),
        },
        Some(Err(failure)) => {
            let verify_first = failure.is(ErrorCode::VerificationRequired);
            view! {
                <div class="card">
                    <h1>{t("helpdesk.title")}</h1>
                    {if verify_first {
                        view! {
                            <p role="alert">{t("helpdesk.verify_first")}</p>
                            <p><a href="/security-info">{t("helpdesk.to_security_info")}</a></p>
                        }
                        .into_any()
                    } else if failure.is(ErrorCode::Forbidden) {
                        view! { <p role="alert">{t("error.forbidden")}</p> }.into_any()
                    } else {
                        view! {
                            <p role="alert">{failure.message()}</p>
                            <button type="button" class="button" on:click=move |_| access.refetch()>
                                {t("action.try_again")}
                            </button>
                        }
                        .into_any()
                    }}
                </div>
            }
            .into_any()
        }
    }
    }
}
