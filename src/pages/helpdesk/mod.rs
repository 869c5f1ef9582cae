//! `/helpdesk`: IT support's console — find a person (`/helpdesk?query=doe`), open their page
//! (`/helpdesk/people/{id}`), verify the caller, and help them; the audit log
//! (`/helpdesk/audit`) and, for admins, the reports (`/helpdesk/reports`) and texts and calls
//! (`/helpdesk/messaging`). A part of the app of its own: employees never download it.

mod actions;
mod audit;
mod audit_actions;
mod caller;
mod chart;
mod failures;
mod find;
mod list_outcome;
mod messaging;
mod messaging_figures;
mod messaging_paused;
mod people_list;
mod person;
mod reports;
mod safe_numbers;

use latchkey_api::ErrorCode;
use latchkey_api::types::Me;
use leptos::prelude::*;

use super::title::set_title;
use crate::api::{self, Failure};
use crate::context::AppContext;
use crate::i18n::{self, t};
use crate::parts::NotLoaded;
use crate::route::{self, use_address};
use audit::{AUDIT, AuditLog};
use failures::{Failed, VerifyAgain};
use find::FindPerson;
use messaging::{MESSAGING, Messaging};
use people_list::PEOPLE;
use person::PersonPage;
use reports::{REPORTS, Reports};

pub use messaging::TextsAndCalls;
pub use messaging_figures::{CountryRow, country_rows, proven_sends};
pub use safe_numbers::check_safe_number;

use super::security_info::verify::VerifyIdentity;

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

/// The console's screens, by address.
#[derive(Clone, PartialEq)]
enum Screen {
    Find,
    Person(String),
    Audit,
    Reports,
    Messaging,
    Unknown,
}

impl Screen {
    fn at(path: &str) -> Self {
        match path {
            "/helpdesk" | "/helpdesk/" => Self::Find,
            AUDIT => Self::Audit,
            REPORTS => Self::Reports,
            MESSAGING => Self::Messaging,
            _ => match path.strip_prefix(PEOPLE) {
                Some(id) if !id.is_empty() && !id.contains('/') => Self::Person(id.to_string()),
                _ => Self::Unknown,
            },
        }
    }
}

/// Who is signed in, once they have been checked to be staff (an empty search finds no one,
/// but is refused to anyone else). The header knows who it is as soon as the first answer
/// comes, so that someone refused here can still sign out.
async fn staff_member(context: AppContext) -> Result<Me, Failure> {
    let me = api::me().await?;
    context.me.set(Some(me.clone()));
    api::admin::find_people("").await?;
    Ok(me)
}

/// "Verify your identity" again, in place of the console's screen.
#[component]
fn VerifyingAgain(asked: RwSignal<bool>) -> impl IntoView {
    view! {
        <div class="card">
            <h1>{t("verify.title")}</h1>
            <VerifyToHelp on_verified=Callback::new(move |()| asked.set(false))/>
        </div>
    }
}

/// Staff verify with one of their methods here, and `on_verified` carries on; staff without a
/// method are sent to security info to add one.
#[component]
fn VerifyToHelp(on_verified: Callback<()>) -> impl IntoView {
    let options = LocalResource::new(api::verification_options);
    move || match options.get() {
        None => view! { <p class="loading" role="status">{t("shell.loading")}</p> }.into_any(),
        Some(Ok(ways)) if !ways.is_empty() => view! {
            <p>{t("helpdesk.verify_again")}</p>
            <VerifyIdentity on_verified=on_verified/>
        }
        .into_any(),
        Some(_) => view! {
            <p role="alert">{t("helpdesk.verify_first")}</p>
            <p><a href="/security-info">{t("helpdesk.to_security_info")}</a></p>
        }
        .into_any(),
    }
}

#[component]
fn Console() -> impl IntoView {
    set_title(&t("helpdesk.title"));
    let context = expect_context::<AppContext>();
    let asked = RwSignal::new(false);
    provide_context(VerifyAgain(asked));
    let address = use_address();
    let access = LocalResource::new(move || staff_member(context));
    Effect::new(move || {
        if let Some(Err(Failure::SignedOut)) = access.get() {
            let here = address.path_untracked();
            route::navigate(&format!("/signin?next={here}"));
        }
    });
    let screen = Memo::new(move |_| Screen::at(&address.path()));
    move || {
        match access.get() {
        None => view! {
            <div class="card"><h1>{t("helpdesk.title")}</h1><p class="loading" role="status">{t("shell.loading")}</p></div>
        }
        .into_any(),
        Some(Ok(me)) => {
            let admin = me.role.as_deref() == Some("admin");
            view! {
                <Sections admin=admin screen=screen/>
                {move || if asked.get() {
                    view! { <VerifyingAgain asked=asked/> }.into_any()
                } else { match screen.get() {
                    Screen::Find => view! { <FindPerson/> }.into_any(),
                    Screen::Person(id) => view! { <PersonPage id=id/> }.into_any(),
                    Screen::Audit => view! { <AuditLog/> }.into_any(),
                    Screen::Reports if admin => view! { <Reports/> }.into_any(),
                    Screen::Messaging if admin => view! { <Messaging/> }.into_any(),
                    Screen::Reports | Screen::Messaging => view! { <NoAccess/> }.into_any(),
                    Screen::Unknown => view! { <crate::pages::NotFoundPage/> }.into_any(),
                }}}
            }
            .into_any()
        }
        Some(Err(failure)) => view! { <Refused failure=failure retry=Callback::new(move |()| access.refetch())/> }
            .into_any(),
    }
    }
}

/// The console's sections: finding people, the audit log and, for admins, the reports and
/// texts and calls.
#[component]
fn Sections(admin: bool, screen: Memo<Screen>) -> impl IntoView {
    let link = move |href: &'static str, key: &'static str, current: fn(&Screen) -> bool| {
        view! {
            <a href=href aria-current=move || current(&screen.get()).then_some("page")>{t(key)}</a>
        }
    };
    view! {
        <nav class="console-sections" aria-label=t("helpdesk.sections")>
            {link("/helpdesk", "helpdesk.find_people", |s| matches!(s, Screen::Find | Screen::Person(_)))}
            {link(AUDIT, "helpdesk.audit", |s| *s == Screen::Audit)}
            {admin.then(|| link(REPORTS, "helpdesk.reports", |s| *s == Screen::Reports))}
            {admin.then(|| link(MESSAGING, "helpdesk.messaging", |s| *s == Screen::Messaging))}
        </nav>
    }
}

/// Why the console is not for this person (not staff, not verified yet), or what went wrong.
#[component]
fn Refused(failure: Failure, retry: Callback<()>) -> impl IntoView {
    if failure.is(ErrorCode::Forbidden) {
        return view! { <NoAccess/> }.into_any();
    }
    let message = if failure.is(ErrorCode::VerificationRequired) {
        view! { <VerifyToHelp on_verified=retry/> }.into_any()
    } else {
        view! { <Failed failure=failure retry=retry/> }.into_any()
    };
    view! {
        <div class="card">
            <h1>{t("helpdesk.title")}</h1>
            {message}
        </div>
    }
    .into_any()
}

/// The page for someone without the role it needs.
#[component]
fn NoAccess() -> impl IntoView {
    set_title(&t("helpdesk.no_access"));
    view! {
        <div class="card">
            <h1>{t("helpdesk.no_access")}</h1>
            <p>{t("helpdesk.no_access_explain")}</p>
        </div>
    }
}
