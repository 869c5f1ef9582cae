//! What IT support does for a verified caller, each with the ticket for the audit log: a
//! Temporary Access Pass (made in a dialog, shown once there, with Copy), requiring
//! re-registration, signing out everywhere, unlocking, deleting one method. The server tells the
//! person of each.

use latchkey_api::types::{AccessPassRequest, IssuedAccessPass, MethodInfo};
use latchkey_api::validation::check_staff_note;
use leptos::prelude::*;

use crate::api;
use crate::components::{Dialog, TextField};
use crate::dates;
use crate::i18n::{kind_in_sentence, refusal, t, tr};

/// A pass's lifetimes to choose from, in minutes; an hour unless IT support picks another.
const LIFETIMES: [u32; 6] = [10, 30, 60, 120, 240, 480];
const DEFAULT_LIFETIME: u32 = 60;

/// What an action did: the sentence that says it is done, or why it was not.
pub type Outcome = Result<String, String>;

/// Why what IT support typed as `field` (`ticket`, `reason`) cannot be sent — it must be one
/// line of printable characters, at most 200 (security.md 58) — in the page's words.
pub fn note_refusal(field: &str, typed: &str) -> Option<String> {
    check_staff_note(typed.trim())
        .err()
        .map(|problem| refusal(field, problem).message)
}

/// Whether the person at the screen confirms `question` (the browser's own dialog).
pub fn confirmed(question: &str) -> bool {
    window().confirm_with_message(question).unwrap_or(false)
}

#[component]
pub fn Actions(
    person: String,
    /// The helpdesk ticket, shared with "Delete" on the methods.
    ticket: RwSignal<String>,
    /// What the last action did, said after the page loads the person again.
    outcome: RwSignal<Option<Outcome>>,
    /// Something changed: the page reloads the person.
    done: Callback<()>,
) -> impl IntoView {
    let person = StoredValue::new(person);
    // (the action's path, the sentence that says it is done)
    let act = Action::new_local(move |what: &(&'static str, &'static str)| {
        let (action, said) = *what;
        let ticket = ticket.get_untracked();
        async move {
            api::admin::act(&person.get_value(), action, &ticket)
                .await
                .map(|()| t(said))
        }
    });
    Effect::new(move || match act.value().get() {
        Some(Ok(said)) => {
            outcome.set(Some(Ok(said)));
            done.run(());
        }
        Some(Err(failure)) => outcome.set(Some(Err(super::failures::said_after_action(
            &failure, done,
        )))),
        None => {}
    });
    let ticket_error = RwSignal::new(None::<String>);
    // A button's handler: the action, the question to confirm first (if any), the sentence after.
    let run = move |action: &'static str, question: Option<&'static str>, said: &'static str| {
        move |_| {
            ticket_error.set(note_refusal("ticket", &ticket.get_untracked()));
            if act.pending().get_untracked()
                || ticket_error.with_untracked(Option::is_some)
                || question.is_some_and(|q| !confirmed(&t(q)))
            {
                return;
            }
            act.dispatch((action, said));
        }
    };
    view! {
        <TextField id="ticket" label=t("helpdesk.ticket") autocomplete="off" value=ticket error=ticket_error/>
        <h3>{t("helpdesk.pass")}</h3>
        <p>{t("helpdesk.pass_explain")}</p>
        <AccessPass person=person.get_value() ticket=ticket done=done/>
        <h3>{t("helpdesk.account")}</h3>
        <div class="actions">
            <button type="button" class="button button-secondary" on:click=run("sign-out-everywhere", None, "helpdesk.signed_out")>
                {t("helpdesk.sign_out_everywhere")}
            </button>
            <button type="button" class="button button-secondary" on:click=run("unlock", None, "helpdesk.unlocked")>
                {t("helpdesk.unlock")}
            </button>
            <button type="button" class="button button-danger" on:click=run("re-registration", Some("helpdesk.re_register_question"), "helpdesk.re_registered")>
                {t("helpdesk.re_register")}
            </button>
        </div>
        {move || outcome.get().map(|result| match result {
            Ok(said) => view! { <p class="success" role="status">{said}</p> }.into_any(),
            Err(message) => view! { <p class="notice" role="alert">{message}</p> }.into_any(),
        })}
    }
}

/// "Create Temporary Access Pass": a dialog that asks how long it lasts and whether it is for
/// one sign-in, then shows the pass once, with Copy and Done.
#[component]
fn AccessPass(person: String, ticket: RwSignal<String>, done: Callback<()>) -> impl IntoView {
    let open = RwSignal::new(false);
    let lifetime = RwSignal::new(DEFAULT_LIFETIME);
    let one_time = RwSignal::new(true);
    let pass = RwSignal::new(None::<IssuedAccessPass>);
    let problem = RwSignal::new(None::<String>);
    let copied = RwSignal::new(false);
    let make = Action::new_local(move |(): &()| {
        let wanted = AccessPassRequest {
            lifetime_minutes: lifetime.get_untracked(),
            reusable: !one_time.get_untracked(),
            ticket: ticket.get_untracked(),
        };
        let person = person.clone();
        async move { api::admin::make_access_pass(&person, &wanted).await }
    });
    Effect::new(move || match make.value().get() {
        Some(Ok(issued)) => {
            problem.set(None);
            copied.set(false);
            pass.set(Some(issued));
        }
        Some(Err(failure)) => problem.set(Some(super::failures::said_after_action(&failure, done))),
        None => {}
    });
    // Shown once: closing the dialog forgets the pass, and the next one starts afresh.
    Effect::new(move || {
        if !open.get() {
            pass.set(None);
            problem.set(None);
        }
    });
    let create = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let refused = note_refusal("ticket", &ticket.get_untracked());
        if refused.is_some() {
            problem.set(refused);
        } else if !make.pending().get_untracked() {
            make.dispatch(());
        }
    };
    view! {
        <div class="actions">
            <button type="button" class="button" on:click=move |_| open.set(true)>{t("helpdesk.make_pass")}</button>
        </div>
        <Dialog title=Signal::derive(|| t("helpdesk.pass")) open=open id="access-pass-dialog">
            {move || match pass.get() {
                None => view! {
                    <form novalidate on:submit=create>
                        <div class="field">
                            <label for="lifetime">{t("helpdesk.lifetime")}</label>
                            <select id="lifetime" on:change=move |event| {
                                if let Ok(minutes) = event_target_value(&event).parse() {
                                    lifetime.set(minutes);
                                }
                            }>
                                {LIFETIMES.into_iter().map(|minutes| view! {
                                    <option value=minutes.to_string() selected=minutes == lifetime.get_untracked()>
                                        {dates::wait_in_words(minutes * 60)}
                                    </option>
                                }).collect_view()}
                            </select>
                        </div>
                        <div class="choice">
                            <input type="checkbox" id="one-time" prop:checked=move || one_time.get() on:change=move |event| one_time.set(event_target_checked(&event))/>
                            <label for="one-time">{t("helpdesk.one_time")}</label>
                        </div>
                        <p class="notice" role="alert" hidden=move || problem.get().is_none()>{move || problem.get()}</p>
                        <div class="actions">
                            <button type="submit" class="button" aria-disabled=move || make.pending().get().then_some("true")>
                                {t("helpdesk.create")}
                            </button>
                        </div>
                    </form>
                }
                .into_any(),
                Some(issued) => {
                    let text = issued.pass.clone();
                    view! {
                        <div class="access-pass" role="status">
                            <p>{t("helpdesk.pass_is")}</p>
                            <p class="pass" dir="ltr" id="access-pass">{issued.pass.clone()}</p>
                            <p>{tr("helpdesk.pass_until", &[("time", &dates::moment(issued.expires_at))])}</p>
                        </div>
                        <div class="actions">
                            <button type="button" class="button button-secondary" aria-describedby="access-pass" on:click=move |_| copied.set(crate::clipboard::copy(&text))>
                                {t("helpdesk.copy_pass")}
                            </button>
                            <button type="button" class="button" on:click=move |_| open.set(false)>{t("action.done")}</button>
                            <span role="status">{move || copied.get().then(|| t("helpdesk.copied"))}</span>
                        </div>
                    }
                    .into_any()
                }
            }}
        </Dialog>
    }
}

/// "Delete" beside one of the person's methods, once the caller is verified.
#[component]
pub fn RemoveMethod(
    person: String,
    method: MethodInfo,
    ticket: RwSignal<String>,
    done: Callback<()>,
) -> impl IntoView {
    let named = format!("{} {}", kind_in_sentence(method.kind), method.detail);
    let question = tr("helpdesk.remove_question", &[("method", &named)]);
    let failure = RwSignal::new(None::<String>);
    let remove = Action::new_local(move |(): &()| {
        let (person, method) = (person.clone(), method.id.clone());
        let ticket = ticket.get_untracked();
        async move { api::admin::delete_method(&person, &method, &ticket).await }
    });
    Effect::new(move || match remove.value().get() {
        Some(Ok(())) => done.run(()),
        Some(Err(failure_now)) => {
            failure.set(Some(super::failures::said_after_action(&failure_now, done)))
        }
        None => {}
    });
    view! {
        <button
            type="button"
            class="button button-secondary"
            aria-label=tr("helpdesk.remove_named", &[("method", &named)])
            on:click=move |_| {
                failure.set(note_refusal("ticket", &ticket.get_untracked()));
                if failure.with_untracked(Option::is_none)
                    && !remove.pending().get_untracked()
                    && confirmed(&question)
                {
                    remove.dispatch(());
                }
            }
        >
            {t("helpdesk.remove")}
        </button>
        <span class="notice" role="alert" hidden=move || failure.get().is_none()>{move || failure.get()}</span>
    }
}
