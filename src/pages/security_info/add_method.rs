//! The "Add a method" dialog: choose Phone, Alternate phone or Email; enter it; prove it with the
//! code sent to it (or a call answered with #); "registered successfully". "Change" on a method
//! opens the same dialog at the second step. Steps up with "Verify your identity" when the
//! server asks for it, then carries on.

use latchkey_api::ErrorCode;
use latchkey_api::FieldError;
use latchkey_api::countries::check_phone_shape;
use latchkey_api::types::{Challenge, Channel, EnrollmentRequest, MethodInfo, MethodKind};
use latchkey_api::validation::{check_email, field_error};
use leptos::prelude::*;

use super::challenge::{ChallengeStep, describe};
use super::verify::VerifyIdentity;
use crate::api::{self, Failure};
use crate::components::{Dialog, ErrorSummary, Problem, TextField};
use crate::regions::{default_region, labelled_countries};

#[derive(Clone, PartialEq)]
enum Step {
    Choose,
    Details,
    VerifyFirst,
    Code(Challenge),
    Done(MethodInfo),
}

/// The dialog; `on_added` runs when it closes after a method was registered. With `changing`
/// set, it replaces that kind of method and skips the choice.
#[component]
pub fn AddMethod(
    open: RwSignal<bool>,
    changing: RwSignal<Option<MethodKind>>,
    #[prop(into)] on_added: Callback<()>,
) -> impl IntoView {
    let step = RwSignal::new(Step::Choose);
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
        if !open.get() && matches!(step.get_untracked(), Step::Done(_)) {
            step.set(Step::Choose);
            on_added.run(());
        }
    });
    let title = Signal::derive(move || match step.get() {
        Step::Choose => "Add a method".to_string(),
        _ => kind.get().label().to_string(),
    });
    view! {
        <Dialog title=title open=open id="add-method">
            {move || match step.get() {
                Step::Choose => view! { <ChooseMethod kind=kind step=step open=open/> }.into_any(),
                Step::Details | Step::VerifyFirst => view! { <MethodDetails kind=kind step=step open=open/> }.into_any(),
                Step::Code(challenge) => view! {
                    <ChallengeStep
                        challenge=challenge
                        on_passed=Callback::new(move |passed: latchkey_api::types::ChallengePassed| {
                            if let Some(method) = passed.method {
                                step.set(Step::Done(method));
                            }
                        })
                    />
                }.into_any(),
                Step::Done(method) => view! {
                    <p class="success" role="status">
                        {format!("{} registered successfully.", method.kind.label())}
                    </p>
                    <p>{method.detail}</p>
                    <div class="actions">
                        <button type="button" class="button" on:click=move |_| open.set(false)>"Done"</button>
                    </div>
                }.into_any(),
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
    let kinds = [
        MethodKind::Phone,
        MethodKind::AlternatePhone,
        MethodKind::Email,
    ];
    let choose = move |event: web_sys::SubmitEvent| {
        event.prevent_default();
        step.set(Step::Details);
    };
    view! {
        <form novalidate on:submit=choose>
            <p>"Which method would you like to add?"</p>
            <div class="field">
                <label for="method">"Method"</label>
                <select
                    id="method"
                    on:change=move |event| {
                        let value = event_target_value(&event);
                        if let Some(found) = kinds.iter().find(|k| k.label() == value) {
                            kind.set(*found);
                        }
                    }
                >
                    {kinds.map(|option| view! {
                        <option value=option.label() selected=move || kind.get() == option>{option.label()}</option>
                    })}
                </select>
            </div>
            <div class="actions">
                <button type="submit" class="button">"Add"</button>
                <button type="button" class="button button-secondary" on:click=move |_| open.set(false)>"Cancel"</button>
            </div>
        </form>
    }
}

/// The number or address, checked in the browser, then sent; the code step follows.
#[component]
fn MethodDetails(
    kind: RwSignal<MethodKind>,
    step: RwSignal<Step>,
    open: RwSignal<bool>,
) -> impl IntoView {
    let email = RwSignal::new(String::new());
    let number = RwSignal::new(String::new());
    let region = RwSignal::new(default_region().to_string());
    let by_call = RwSignal::new(false);
    let fields = RwSignal::new(Vec::<FieldError>::new());
    let problem = RwSignal::new(None::<String>);
    let start = Action::new_local(|request: &EnrollmentRequest| {
        let request = request.clone();
        async move { api::start_enrollment(&request).await }
    });
    let request = move || {
        let kind = kind.get_untracked();
        match kind {
            MethodKind::Email => EnrollmentRequest {
                kind,
                channel: Channel::Email,
                email: Some(email.get_untracked().trim().to_string()),
                country: None,
                number: None,
            },
            _ => EnrollmentRequest {
                kind,
                channel: if by_call.get_untracked() {
                    Channel::Voice
                } else {
                    Channel::Sms
                },
                email: None,
                country: Some(region.get_untracked()),
                number: Some(number.get_untracked()),
            },
        }
    };
    Effect::new(move || match start.value().get() {
        Some(Ok(challenge)) => step.set(Step::Code(challenge)),
        Some(Err(Failure::Invalid(refused))) => fields.set(refused),
        Some(Err(failure)) if failure.is(ErrorCode::VerificationRequired) => {
            step.set(Step::VerifyFirst)
        }
        Some(Err(failure)) => problem.set(Some(describe(&failure))),
        None => {}
    });
    let next = move |event: web_sys::SubmitEvent| {
        event.prevent_default();
        if start.pending().get_untracked() {
            return;
        }
        problem.set(None);
        let checked = match kind.get_untracked() {
            MethodKind::Email => check_email(email.get_untracked().trim())
                .map_err(|p| field_error("email", "email address", p)),
            _ => check_phone_shape(&region.get_untracked(), &number.get_untracked())
                .map_err(|p| field_error("number", "phone number", p)),
        };
        match checked {
            Ok(()) => {
                fields.set(Vec::new());
                start.dispatch(request());
            }
            Err(error) => fields.set(vec![error]),
        }
    };
    let message = move |name: &'static str| {
        Signal::derive(move || {
            fields
                .get()
                .into_iter()
                .find(|f| f.field == name)
                .map(|f| f.message)
        })
    };
    let problems = Signal::derive(move || {
        let mut list: Vec<Problem> = fields
            .get()
            .into_iter()
            .map(|f| Problem {
                field_id: Some(f.field),
                message: f.message,
            })
            .collect();
        list.extend(problem.get().map(|message| Problem {
            field_id: None,
            message,
        }));
        list
    });
    let countries = labelled_countries();
    view! {
        {move || (step.get() == Step::VerifyFirst).then(|| view! {
            <p>"Before you change your security info, verify your identity with a method you already have."</p>
            <VerifyIdentity on_verified=Callback::new(move |()| {
                step.set(Step::Details);
                start.dispatch(request());
            })/>
        })}
        <form novalidate on:submit=next hidden=move || step.get() == Step::VerifyFirst>
            <ErrorSummary problems=problems/>
            {move || match kind.get() {
                MethodKind::Email => view! {
                    <p>"Enter a personal email address — not your work address — where we can send you a code."</p>
                    <TextField id="email" label="Email" input_type="email" autocomplete="email" value=email error=message("email")/>
                }.into_any(),
                _ => {
                    let countries = countries.clone();
                    view! {
                        <p>"You can prove who you are by answering a call on your phone or by receiving a code in a text message."</p>
                        <div class="field">
                            <label for="country">"Country or region"</label>
                            <select id="country" autocomplete="tel-country-code" on:change=move |event| region.set(event_target_value(&event))>
                                {countries.into_iter().map(|(country, label)| view! {
                                    <option value=country.region selected=move || region.get() == country.region>{label}</option>
                                }).collect_view()}
                            </select>
                        </div>
                        <TextField id="number" label="Phone number" input_type="tel" autocomplete="tel-national" value=number error=message("number")/>
                        <fieldset class="choices">
                            <legend>"How should we reach you?"</legend>
                            <div class="choice">
                                <input
                                    type="radio"
                                    name="delivery"
                                    id="delivery-text"
                                    prop:checked=move || !by_call.get()
                                    on:change=move |_| by_call.set(false)
                                />
                                <label for="delivery-text">"Text me a code"</label>
                            </div>
                            <div class="choice">
                                <input
                                    type="radio"
                                    name="delivery"
                                    id="delivery-call"
                                    prop:checked=move || by_call.get()
                                    on:change=move |_| by_call.set(true)
                                />
                                <label for="delivery-call">"Call me"</label>
                            </div>
                        </fieldset>
                        <p class="hint">"Message and data rates may apply."</p>
                    }.into_any()
                }
            }}
            <div class="actions">
                <button type="submit" class="button" aria-disabled=move || start.pending().get().then_some("true")>"Next"</button>
                <button type="button" class="button button-secondary" on:click=move |_| open.set(false)>"Cancel"</button>
            </div>
        </form>
    }
}
