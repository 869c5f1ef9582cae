//! A person's page in the console: who they are, their methods, whether they can reset, their
//! sign-in wait and sessions, their recent activity (who did what, and the ticket, each in its
//! own column); verifying the caller, then helping them.
//! Opening it is audited by the server.

use latchkey_api::ErrorCode;
use latchkey_api::types::PersonDetails;
use leptos::prelude::*;

use super::actions::{Actions, Outcome, RemoveMethod};
use super::audit_actions::{Note, WhatHappened, who};
use super::caller::VerifyCaller;
use crate::api;
use crate::dates;
use crate::i18n::{kind_name, t, tr};
use crate::pages::title::set_title;

#[component]
pub fn PersonPage(id: String) -> impl IntoView {
    let details = LocalResource::new({
        let id = id.clone();
        move || {
            let id = id.clone();
            async move { api::admin::person(&id).await }
        }
    });
    let refresh = Callback::new(move |()| details.refetch());
    // Kept here, outside the person's page, which redraws when they load again after an action:
    // the ticket typed and what the last action did.
    let ticket = RwSignal::new(String::new());
    let outcome = RwSignal::new(None::<Outcome>);
    move || {
        match details.get() {
        None => view! { <div class="card"><p class="loading" role="status">{t("shell.loading")}</p></div> }
            .into_any(),
        Some(Ok(person)) => {
            view! { <Person person=person refresh=refresh ticket=ticket outcome=outcome/> }.into_any()
        }
        Some(Err(failure)) => {
            let message = if failure.is(ErrorCode::NotFound) {
                t("helpdesk.no_such_person")
            } else {
                super::failures::said(&failure)
            };
            view! {
                <div class="card">
                    <p><a href="/helpdesk">{t("helpdesk.back")}</a></p>
                    <p role="alert">{message}</p>
                </div>
            }
            .into_any()
        }
    }
    }
}

#[component]
fn Person(
    person: PersonDetails,
    refresh: Callback<()>,
    ticket: RwSignal<String>,
    outcome: RwSignal<Option<Outcome>>,
) -> impl IntoView {
    set_title(&person.display_name);
    let verified_until = person.caller_verified_until;
    let verified = verified_until.is_some();
    let wait = if person.sign_in_wait_seconds > 0 {
        tr(
            "helpdesk.held_back",
            &[(
                "wait",
                &dates::wait_in_words(person.sign_in_wait_seconds as u32),
            )],
        )
    } else {
        t("helpdesk.not_held_back")
    };
    let facts = [
        (t("helpdesk.username"), person.username.clone()),
        (t("helpdesk.work_email"), person.email.clone()),
        (
            t("helpdesk.can_reset"),
            t(if person.can_reset {
                "helpdesk.yes"
            } else {
                "helpdesk.not_yet"
            }),
        ),
        (t("helpdesk.sign_in"), wait),
        (t("helpdesk.sessions"), person.sessions.to_string()),
    ];
    let id = person.id.clone();
    let username = person.username.clone();
    view! {
        <div class="card">
            <p><a href="/helpdesk">{t("helpdesk.back")}</a></p>
            <h1>{person.display_name.clone()}</h1>
            <dl class="facts">
                {facts.into_iter().map(|(name, value)| view! { <dt>{name}</dt><dd>{value}</dd> }).collect_view()}
            </dl>
            <h2>{t("helpdesk.methods")}</h2>
            {if person.methods.is_empty() {
                view! { <p>{t("helpdesk.no_methods")}</p> }.into_any()
            } else {
                view! {
                    <ul class="methods" role="list">
                        {person.methods.clone().into_iter().map(|method| {
                            let meta = match method.last_used_at {
                                Some(used) => tr("methods.last_used", &[("day", &dates::day(used))]),
                                None => t("methods.not_used"),
                            };
                            view! {
                                <li class="method">
                                    <span class="method-kind">{kind_name(method.kind)}</span>
                                    <span class="method-detail">
                                        <bdi>{method.detail.clone()}</bdi>" · "{meta}
                                    </span>
                                    {verified.then(|| view! {
                                        <span class="method-actions">
                                            <RemoveMethod person=id.clone() method=method ticket=ticket done=refresh/>
                                        </span>
                                    })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }
                .into_any()
            }}
            <h2>{t("helpdesk.caller")}</h2>
            {match verified_until {
                Some(until) => view! {
                    <p class="success" role="status">
                        {tr("helpdesk.caller_verified", &[("time", &dates::moment(until))])}
                    </p>
                    <Actions person=person.id.clone() ticket=ticket outcome=outcome done=refresh/>
                }
                .into_any(),
                None => view! {
                    <VerifyCaller person=person.id.clone() methods=person.methods.clone() verified=refresh/>
                }
                .into_any(),
            }}
            <h2>{t("helpdesk.activity")}</h2>
            {if person.activity.is_empty() {
                view! { <p>{t("helpdesk.no_activity")}</p> }.into_any()
            } else {
                view! {
                    <div class="table-scroll" role="region" aria-label=t("helpdesk.activity") tabindex="0">
                        <table class="activity">
                            <thead>
                                <tr>
                                    <th scope="col">{t("helpdesk.when")}</th>
                                    <th scope="col">{t("helpdesk.who")}</th>
                                    <th scope="col">{t("helpdesk.what")}</th>
                                    <th scope="col">{t("helpdesk.note")}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {person.activity.into_iter().map(|entry| view! {
                                    <tr>
                                        <td>{dates::moment(entry.at)}</td>
                                        <td><bdi>{who(&entry.actor, &username)}</bdi></td>
                                        <WhatHappened action=entry.action detail=entry.detail/>
                                        <Note note=entry.note/>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }
                .into_any()
            }}
        </div>
    }
}
