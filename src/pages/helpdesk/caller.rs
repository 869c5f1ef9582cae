//! Verifying the caller before acting (PWM's pattern): a code sent to one of the person's
//! methods, or their authenticator app's code, which the caller reads out; or, for an admin,
//! "Verified another way" with the reason. Staff stay verified for that person for an hour.

use latchkey_api::types::{Challenge, Channel, MethodInfo, VerificationRequest};
use leptos::prelude::*;

use super::actions::note_refusal;
use crate::api::{self, Failure};
use crate::components::{Choices, CodeField, TextField};
use crate::context::AppContext;
use crate::i18n::{t, tr, way_to};

/// The ways a caller can prove who they are over the phone: a text, an email, or the code their
/// app shows.
fn caller_ways(methods: &[MethodInfo]) -> Vec<(VerificationRequest, String)> {
    methods
        .iter()
        .flat_map(|method| {
            method
                .kind
                .channels()
                .iter()
                .filter(|channel| matches!(channel, Channel::Sms | Channel::Email | Channel::App))
                .map(|&channel| {
                    let way = VerificationRequest {
                        method_id: method.id.clone(),
                        channel,
                    };
                    (way, way_to(channel, &method.detail))
                })
        })
        .collect()
}

#[component]
pub fn VerifyCaller(
    person: String,
    methods: Vec<MethodInfo>,
    /// The caller is verified: the page reloads the person.
    verified: Callback<()>,
) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let is_admin = move || {
        context
            .me
            .get()
            .is_some_and(|me| me.role.as_deref() == Some("admin"))
    };
    let chosen = RwSignal::new(0_usize);
    let challenge = RwSignal::new(None::<Challenge>);
    let code = RwSignal::new(String::new());
    let code_error = RwSignal::new(None::<String>);
    let problem = RwSignal::new(None::<String>);
    let person = StoredValue::new(person);
    let (requests, labels): (Vec<_>, Vec<_>) = caller_ways(&methods).into_iter().unzip();
    let no_ways = requests.is_empty();
    let requests = StoredValue::new(requests);
    let send = Action::new_local(move |(): &()| {
        let way = requests.with_value(|all| all.get(chosen.get_untracked()).cloned());
        async move {
            let way = way.ok_or(Failure::Server)?;
            api::admin::send_caller_code(&person.get_value(), &way).await
        }
    });
    Effect::new(move || match send.value().get() {
        Some(Ok(sent)) => {
            problem.set(None);
            code.set(String::new());
            challenge.set(Some(sent));
        }
        Some(Err(failure)) => problem.set(Some(super::failures::said(&failure))),
        None => {}
    });
    let check = Action::new_local(move |typed: &String| {
        let typed = typed.clone();
        let id = challenge.with_untracked(|sent| sent.as_ref().map(|c| c.id.clone()));
        let id = id.unwrap_or_default();
        async move { api::admin::check_caller_code(&person.get_value(), &id, &typed).await }
    });
    Effect::new(move || match check.value().get() {
        Some(Ok(())) => verified.run(()),
        Some(Err(failure)) => code_error.set(Some(super::failures::said(&failure))),
        None => {}
    });
    let submit_code = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let typed = code.get_untracked();
        if typed.trim().is_empty() {
            code_error.set(Some(t("helpdesk.code_missing")));
        } else if !check.pending().get_untracked() {
            code_error.set(None);
            check.dispatch(typed);
        }
    };
    view! {
        <p>{t("helpdesk.caller_explain")}</p>
        {if no_ways {
            view! { <p>{t("helpdesk.no_ways")}</p> }.into_any()
        } else {
            view! {
                <form novalidate on:submit=move |event| {
                    event.prevent_default();
                    if !send.pending().get_untracked() {
                        send.dispatch(());
                    }
                }>
                    <Choices legend=t("helpdesk.caller_way") name="caller-way" labels=labels chosen=chosen/>
                    <p class="notice" role="alert" hidden=move || problem.get().is_none()>{move || problem.get()}</p>
                    <div class="actions">
                        <button type="submit" class="button" aria-disabled=move || send.pending().get().then_some("true")>
                            {move || t(if challenge.get().is_some() { "helpdesk.send_again" } else { "helpdesk.send_code" })}
                        </button>
                    </div>
                </form>
                {move || challenge.get().map(|sent| view! {
                    <form novalidate on:submit=submit_code>
                        <p id="caller-code-hint" role="status">
                            {if sent.channel == Channel::App {
                                t("helpdesk.app_code_hint")
                            } else {
                                tr("helpdesk.code_hint", &[("destination", &sent.destination)])
                            }}
                        </p>
                        <CodeField
                            value=code
                            error=code_error
                            label=t("helpdesk.caller_code")
                            numeric=true
                            take_focus=true
                            hint_id="caller-code-hint"
                        />
                        <div class="actions">
                            <button type="submit" class="button" aria-disabled=move || check.pending().get().then_some("true")>
                                {t("helpdesk.check_code")}
                            </button>
                        </div>
                    </form>
                })}
            }
            .into_any()
        }}
        <Show when=is_admin>
            <AnotherWay person=person.get_value() verified=verified/>
        </Show>
    }
}

/// An admin's "Verified another way": the person has nothing left to send a code to, and the
/// reason (required) says how they were verified.
#[component]
fn AnotherWay(person: String, verified: Callback<()>) -> impl IntoView {
    let reason = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let confirm = Action::new_local(move |reason: &String| {
        let (person, reason) = (person.clone(), reason.clone());
        async move { api::admin::verified_another_way(&person, &reason).await }
    });
    Effect::new(move || match confirm.value().get() {
        Some(Ok(())) => verified.run(()),
        Some(Err(failure)) => error.set(Some(super::failures::said(&failure))),
        None => {}
    });
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let typed = reason.get_untracked();
        if typed.trim().is_empty() {
            error.set(Some(t("helpdesk.reason_missing")));
        } else if let Some(refused) = note_refusal("reason", &typed) {
            error.set(Some(refused));
        } else if !confirm.pending().get_untracked() {
            error.set(None);
            confirm.dispatch(typed);
        }
    };
    view! {
        <form class="another-way" novalidate on:submit=submit>
            <h3>{t("helpdesk.another_way")}</h3>
            <p id="another-way-hint">{t("helpdesk.another_way_explain")}</p>
            <TextField id="reason" label=t("helpdesk.reason") autocomplete="off" value=reason error=error hint_id="another-way-hint"/>
            <div class="actions">
                <button type="submit" class="button button-secondary" aria-disabled=move || confirm.pending().get().then_some("true")>
                    {t("helpdesk.confirm_another_way")}
                </button>
            </div>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use latchkey_api::types::MethodKind;

    use super::*;

    fn method(id: &str, kind: MethodKind) -> MethodInfo {
        MethodInfo {
            id: id.into(),
            kind,
            detail: format!("{id} detail"),
            created_at: 0,
            last_used_at: None,
            codes_left: None,
            texts_unavailable: None,
            calls_unavailable: None,
        }
    }

    #[test]
    fn a_caller_proves_it_by_a_text_an_email_or_their_app_never_a_call_passkey_or_code() {
        let methods = [
            method("phone", MethodKind::Phone),
            method("mail", MethodKind::Email),
            method("app", MethodKind::AuthenticatorApp),
            method("key", MethodKind::Passkey),
            method("codes", MethodKind::RecoveryCodes),
        ];
        let ways: Vec<(String, Channel)> = caller_ways(&methods)
            .into_iter()
            .map(|(way, _)| (way.method_id, way.channel))
            .collect();
        assert_eq!(
            ways,
            [
                ("phone".to_string(), Channel::Sms),
                ("mail".to_string(), Channel::Email),
                ("app".to_string(), Channel::App),
            ]
        );
    }
}
