//! The "Add a method" dialog: choose Phone, Alternate phone, Email, Authenticator app, Passkey or
//! Recovery codes; a phone or email is entered and proven with the code sent to it (or a call
//! answered with #), the others take their own steps; "registered successfully". "Change" on a
//! method opens the same dialog at the second step. Steps up with "Verify your identity" when
//! the server asks for it, then carries on. A phone in a country texts (or calls) don't go to is
//! refused in words naming the country, and the other methods are offered.

use latchkey_api::FieldError;
use latchkey_api::types::{Challenge, ChallengePassed, EnrollmentRequest, MethodInfo, MethodKind};
use latchkey_api::{ErrorCode, Problem};
use leptos::prelude::*;

use super::add_app::AddApp;
use super::add_passkey::AddPasskey;
use super::recovery_codes::NewRecoveryCodes;
use super::verify::StepUpWhenAsked;
use crate::api::{self, Failure, Flow, Proven};
use crate::components::{Dialog, MethodForm};
use crate::context::AppContext;
use crate::i18n::{kind_name, t, tr};
use crate::pages::proof::{ChallengeStep, describe};
use crate::unavailable::explained;

#[derive(Clone, PartialEq)]
enum Step {
    Choose,
    Details,
    Code(Challenge),
    Done(MethodInfo),
}

/// The dialog; `on_added` runs when it closes after a method was registered. With `changing`
/// set, it replaces that kind of method and skips the choice.
#[component]
pub fn AddMethod(
    open: RwSignal<bool>,
    changing: RwSignal<Option<MethodKind>>,
    /// Whether the person has recovery codes, which new ones replace.
    has_recovery_codes: bool,
    #[prop(into)] on_added: Callback<()>,
) -> impl IntoView {
    let step = RwSignal::new(Step::Choose);
    // Set when something changed without a "registered" step (new recovery codes).
    let changed = RwSignal::new(false);
    let kind = RwSignal::new(MethodKind::Phone);
    // Each opening starts from the beginning: the choice, or the details of the changed method.
    Effect::new(move || {
        if open.get() {
            match changing.get_untracked() {
                Some(changed) => {
                    kind.set(changed);
                    step.set(Step::Details);
                }
                None => {
                    kind.set(MethodKind::Phone);
                    step.set(Step::Choose);
                }
            }
        }
    });
    // The list refreshes once the dialog closes, so the success step stays on screen until then.
    Effect::new(move || {
        if !open.get() && (matches!(step.get_untracked(), Step::Done(_)) || changed.get_untracked())
        {
            step.set(Step::Choose);
            changed.set(false);
            on_added.run(());
        }
    });
    let title = Signal::derive(move || match step.get() {
        Step::Choose => t("add.title"),
        _ => kind_name(kind.get()),
    });
    view! {
        <Dialog title=title open=open id="add-method">
            {move || match step.get() {
                Step::Choose => view! { <ChooseMethod kind=kind step=step open=open/> }.into_any(),
                Step::Details => {
                    let added = Callback::new(move |method| step.set(Step::Done(method)));
                    let close = Callback::new(move |()| open.set(false));
                    match kind.get_untracked() {
                        MethodKind::AuthenticatorApp => view! { <AddApp on_added=added on_cancel=close/> }.into_any(),
                        MethodKind::Passkey => view! { <AddPasskey on_added=added on_cancel=close/> }.into_any(),
                        MethodKind::RecoveryCodes => view! {
                            <NewRecoveryCodes
                                replacing=has_recovery_codes
                                on_made=Callback::new(move |()| changed.set(true))
                                on_close=close
                            />
                        }.into_any(),
                        _ => view! { <MethodDetails kind=kind step=step open=open/> }.into_any(),
                    }
                }
                Step::Code(challenge) => view! {
                    <ChallengeStep
                        challenge=challenge
                        flow=Flow::Session
                        on_passed=Callback::new(move |proven| {
                            if let Proven::Session(ChallengePassed { method: Some(method) }) = proven {
                                step.set(Step::Done(method));
                            }
                        })
                    />
                }.into_any(),
                Step::Done(method) => {
                    // After an app or passkey, recovery codes are offered, for the day it's lost.
                    let offer_codes = method.kind.is_named() && !has_recovery_codes;
                    view! {
                        <p class="success" role="status">
                            {tr("add.registered", &[("method", &kind_name(method.kind))])}
                        </p>
                        <p><bdi>{method.detail}</bdi></p>
                        {offer_codes.then(|| view! {
                            <p>
                                {t("add.offer_codes")}
                            </p>
                        })}
                        <div class="actions">
                            <button type="button" class="button" on:click=move |_| open.set(false)>{t("action.done")}</button>
                            {offer_codes.then(|| view! {
                                <button
                                    type="button"
                                    class="button button-secondary"
                                    on:click=move |_| {
                                        changed.set(true);
                                        kind.set(MethodKind::RecoveryCodes);
                                        step.set(Step::Details);
                                    }
                                >
                                    {t("add.get_recovery_codes")}
                                </button>
                            })}
                        </div>
                    }.into_any()
                }
            }}
        </Dialog>
    }
}

#[component]
fn ChooseMethod(
    kind: RwSignal<MethodKind>,
    step: RwSignal<Step>,
    open: RwSignal<bool>,
) -> impl IntoView {
    let kinds = MethodKind::ALL;
    let choose = move |event: web_sys::SubmitEvent| {
        event.prevent_default();
        step.set(Step::Details);
    };
    view! {
        <form novalidate on:submit=choose>
            <p>{t("add.which")}</p>
            <div class="field">
                <label for="method">{t("add.method_label")}</label>
                <select
                    id="method"
                    on:change=move |event| {
                        let value = event_target_value(&event);
                        if let Some(found) = value.parse::<usize>().ok().and_then(|i| kinds.get(i)) {
                            kind.set(*found);
                        }
                    }
                >
                    {kinds.iter().enumerate().map(|(index, &option)| view! {
                        <option value=index.to_string() selected=move || kind.get() == option>{kind_name(option)}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="actions">
                <button type="submit" class="button">{t("action.add")}</button>
                <button type="button" class="button button-secondary" on:click=move |_| open.set(false)>{t("action.cancel")}</button>
            </div>
        </form>
    }
}

/// The number or address (checked in the browser by the form), then sent; the code step
/// follows, after a step-up if the server asks for one.
#[component]
fn MethodDetails(
    kind: RwSignal<MethodKind>,
    step: RwSignal<Step>,
    open: RwSignal<bool>,
) -> impl IntoView {
    let fields = RwSignal::new(Vec::<FieldError>::new());
    let asked = RwSignal::new(false);
    let problem = RwSignal::new(None::<String>);
    // Set when the number's country doesn't take the channel asked for.
    let closed = RwSignal::new(false);
    let last = StoredValue::new(None::<EnrollmentRequest>);
    let default_country = expect_context::<AppContext>()
        .settings()
        .and_then(|config| config.default_country);
    let start = Action::new_local(|request: &EnrollmentRequest| {
        let request = request.clone();
        async move { api::start_enrollment(&request).await }
    });
    Effect::new(move || match start.value().get() {
        Some(Ok(challenge)) => step.set(Step::Code(challenge)),
        Some(Err(Failure::Invalid(refused))) => {
            let refused = match last.get_value() {
                Some(request) => explained(refused, &request),
                None => refused,
            };
            closed.set(refused.iter().any(|f| f.code == Problem::CountryClosed));
            fields.set(refused);
        }
        Some(Err(failure)) if failure.is(ErrorCode::VerificationRequired) => asked.set(true),
        Some(Err(failure)) => problem.set(Some(describe(&failure))),
        None => {}
    });
    let send = move |request: EnrollmentRequest| {
        problem.set(None);
        fields.set(Vec::new());
        closed.set(false);
        last.set_value(Some(request.clone()));
        start.dispatch(request);
    };
    let retry = Callback::new(move |()| {
        if let Some(request) = last.get_value() {
            send(request);
        }
    });
    view! {
        <StepUpWhenAsked asked=asked retry=retry>
            {move || view! {
                <MethodForm
                    kind=kind.get()
                    on_submit=Callback::new(send)
                    on_cancel=Callback::new(move |()| open.set(false))
                    server_fields=fields
                    problem=problem
                    pending=start.pending()
                    default_country=default_country.clone()
                    instead=move || closed.get().then(|| view! { <OtherMethods kind=kind step=step/> })
                />
            }}
        </StepUpWhenAsked>
    }
}

/// Instead of a phone its country can't take: every other kind the dialog offers, one button
/// each, opening that kind's step.
#[component]
fn OtherMethods(kind: RwSignal<MethodKind>, step: RwSignal<Step>) -> impl IntoView {
    let others = MethodKind::ALL
        .into_iter()
        .filter(|other| !matches!(other, MethodKind::Phone | MethodKind::AlternatePhone));
    view! {
        <div class="other-methods">
            <p id="other-methods">{t("unavailable.other_methods")}</p>
            <ul class="other-methods-list" role="list" aria-labelledby="other-methods">
                {others.map(|other| view! {
                    <li>
                        <button
                            type="button"
                            class="button button-secondary"
                            on:click=move |_| {
                                kind.set(other);
                                step.set(Step::Details);
                            }
                        >
                            {kind_name(other)}
                        </button>
                    </li>
                }).collect_view()}
            </ul>
        </div>
    }
}
