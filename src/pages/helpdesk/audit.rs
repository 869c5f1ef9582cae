//! `/helpdesk/audit`: the whole installation's audit log, newest first, 50 to a page, filtered
//! by person, staff member, action and days. The filters are the address's query
//! (`?person=ada&action=password_reset&page=2`), which the API takes as it is, so a filtered
//! page can be bookmarked and its CSV download holds the same entries.

use latchkey_api::routes;
use latchkey_api::types::AuditLine;
use leptos::prelude::*;

use super::audit_actions::{ACTIONS, Note, WhatHappened, action_name, result_key, who};
use super::failures::loaded;
use crate::api;
use crate::components::TextField;
use crate::dates;
use crate::i18n::{t, tr};
use crate::pages::title::set_title;
use crate::route::{self, use_address};

/// The audit log's address.
pub const AUDIT: &str = "/helpdesk/audit";

/// The filters' keys in the query, in the form's order.
const FILTERS: [&str; 5] = ["person", "staff", "action", "from", "to"];

/// The query string of these filter values (empty ones left out) and, after the first, a page.
fn query_of(values: &[(&str, String)], page: u32) -> String {
    let mut pairs: Vec<String> = values
        .iter()
        .filter(|(_, value)| !value.trim().is_empty())
        .map(|(key, value)| format!("{key}={}", js_sys::encode_uri_component(value.trim())))
        .collect();
    if page > 1 {
        pairs.push(format!("page={page}"));
    }
    pairs.join("&")
}

#[component]
pub fn AuditLog() -> impl IntoView {
    set_title(&t("helpdesk.audit"));
    let address = use_address();
    // What the address asks for: the filters' values and the page.
    let shown = Memo::new(move |_| {
        let values: Vec<(&str, String)> = FILTERS
            .iter()
            .map(|key| (*key, address.query(key).unwrap_or_default()))
            .collect();
        let page = address
            .query("page")
            .and_then(|page| page.parse::<u32>().ok())
            .unwrap_or(1)
            .max(1);
        (values, page)
    });
    // The form starts with what the address asks for.
    let field = |key: &str| RwSignal::new(address.query_untracked(key).unwrap_or_default());
    let (person, staff, action, from, to) = (
        field("person"),
        field("staff"),
        field("action"),
        field("from"),
        field("to"),
    );
    let days_error = RwSignal::new(None::<String>);
    let entries = LocalResource::new(move || {
        let (values, page) = shown.get();
        async move { api::admin::audit_log(&query_of(&values, page)).await }
    });
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let (first, last) = (from.get_untracked(), to.get_untracked());
        // Days are `2026-11-30`, so their order is their text's.
        if !first.is_empty() && !last.is_empty() && first > last {
            days_error.set(Some(t("helpdesk.days_reversed")));
            return;
        }
        days_error.set(None);
        let values = [
            ("person", person.get_untracked()),
            ("staff", staff.get_untracked()),
            ("action", action.get_untracked()),
            ("from", first),
            ("to", last),
        ];
        route::navigate(&format!("{AUDIT}?{}", query_of(&values, 1)));
    };
    let page_link = move |page: u32| {
        let (values, _) = shown.get();
        format!("{AUDIT}?{}", query_of(&values, page))
    };
    let download = move || {
        let (values, _) = shown.get();
        format!("{}?{}", routes::ADMIN_AUDIT_CSV, query_of(&values, 1))
    };
    let no_error = Signal::stored(None::<String>);
    view! {
        <div class="card">
            <h1>{t("helpdesk.audit")}</h1>
            <form class="filters" novalidate on:submit=submit>
                <TextField id="person" label=t("helpdesk.filter_person") autocomplete="off" value=person error=no_error/>
                <TextField id="staff" label=t("helpdesk.filter_staff") autocomplete="off" value=staff error=no_error/>
                <div class="field">
                    <label for="action">{t("helpdesk.filter_action")}</label>
                    <select id="action" name="action" on:change=move |event| action.set(event_target_value(&event))>
                        <option value="" selected=action.get_untracked().is_empty()>{t("helpdesk.any_action")}</option>
                        {ACTIONS.iter().map(|(code, _)| view! {
                            <option value=*code selected=action.get_untracked() == *code>{action_name(code)}</option>
                        }).collect_view()}
                    </select>
                </div>
                <TextField id="from" label=t("helpdesk.from") input_type="date" autocomplete="off" value=from error=no_error/>
                <TextField id="to" label=t("helpdesk.to") input_type="date" autocomplete="off" value=to error=days_error/>
                <div class="actions">
                    <button type="submit" class="button">{t("helpdesk.show")}</button>
                    <a href=download download="latchkey-audit.csv">{t("helpdesk.download_csv")}</a>
                </div>
            </form>
            {move || loaded(entries.get(), Callback::new(move |()| entries.refetch()), |found| {
                    let page = found.page;
                    view! {
                        <div role="status"><h2>{tr("helpdesk.page", &[("page", &page.to_string())])}</h2></div>
                        <Entries entries=found.entries/>
                        <nav class="actions" aria-label=t("helpdesk.pages")>
                            {(page > 1).then(|| view! { <a href=page_link(page - 1)>{t("helpdesk.newer")}</a> })}
                            {found.more.then(|| view! { <a href=page_link(page + 1)>{t("helpdesk.older")}</a> })}
                        </nav>
                    }
                    .into_any()
            })}
        </div>
    }
}

/// The entries of one page, as a table (scrolled sideways on a phone).
#[component]
fn Entries(entries: Vec<AuditLine>) -> impl IntoView {
    if entries.is_empty() {
        return view! { <p>{t("helpdesk.no_entries")}</p> }.into_any();
    }
    view! {
        <div class="table-scroll" role="region" aria-label=t("helpdesk.audit") tabindex="0">
            <table class="audit-entries">
                <thead>
                    <tr>
                        <th scope="col">{t("helpdesk.when")}</th>
                        <th scope="col">{t("helpdesk.who")}</th>
                        <th scope="col">{t("helpdesk.person")}</th>
                        <th scope="col">{t("helpdesk.filter_action")}</th>
                        <th scope="col">{t("helpdesk.note")}</th>
                        <th scope="col">{t("helpdesk.result")}</th>
                        <th scope="col">{t("helpdesk.client")}</th>
                    </tr>
                </thead>
                <tbody>
                    {entries.into_iter().map(|entry| {
                        let who = who(&entry.actor, &entry.person);
                        let result = t(result_key(&entry.action));
                        view! {
                            <tr>
                                <td>{dates::moment(entry.at)}</td>
                                <td><bdi>{who}</bdi></td>
                                <td dir="ltr">{entry.person}</td>
                                <WhatHappened action=entry.action detail=entry.detail/>
                                <Note note=entry.note/>
                                <td>{result}</td>
                                <td dir="ltr">{entry.client}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}
