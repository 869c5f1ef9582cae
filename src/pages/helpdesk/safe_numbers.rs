//! The safe list: numbers that are never capped or paused (the chief executive's phone), each
//! with Remove, and a form to add one. The browser checks the number's shape for its country
//! first; what the server refuses shows on its field, and the form keeps what was typed.

use latchkey_api::FieldError;
use latchkey_api::countries::check_phone_shape;
use latchkey_api::messaging::{NewSafeNumber, SafeNumber};
use latchkey_api::validation::check_staff_note;
use leptos::prelude::*;

use super::actions::confirmed;
use super::failures::said;
use super::list_outcome::ListOutcome;
use crate::api::{self, Failure};
use crate::components::{ErrorSummary, FormErrors, TextField};
use crate::context::AppContext;
use crate::dates;
use crate::i18n::{refusal, t, tr};
use crate::regions::{default_region, labelled_countries};

/// What is wrong with a number to add, field by field: its shape for the country, and the note
/// (optional, one line of at most 200 characters). Empty when it may be sent.
pub fn check_safe_number(new: &NewSafeNumber) -> Vec<FieldError> {
    let number = check_phone_shape(&new.country, &new.number).map_err(|p| refusal("number", p));
    let note = new.note.trim();
    let note = match note.is_empty() {
        true => Ok(()),
        false => check_staff_note(note).map_err(|p| refusal("note", p)),
    };
    [number, note].into_iter().filter_map(Result::err).collect()
}

/// The list and the form; `numbers` follows what the admin adds and removes.
#[component]
pub fn SafeNumbers(numbers: RwSignal<Vec<SafeNumber>>) -> impl IntoView {
    let outcome = ListOutcome::new();
    let remove = Action::new_local(move |number: &SafeNumber| {
        let number = number.clone();
        async move {
            api::admin::remove_safe_number(&number.id)
                .await
                .map(|()| number)
        }
    });
    Effect::new(move || match remove.value().get() {
        Some(Ok(removed)) => {
            numbers.update(|list| list.retain(|n| n.id != removed.id));
            outcome.done(
                tr("helpdesk.safe_removed", &[("number", &removed.number)]),
                true,
            );
        }
        Some(Err(failure)) => outcome.failed(&failure),
        None => {}
    });
    let ask = move |number: SafeNumber| {
        move |_| {
            let question = tr(
                "helpdesk.remove_safe_question",
                &[("number", &number.number)],
            );
            if remove.pending().get_untracked() || !confirmed(&question) {
                return;
            }
            remove.dispatch(number.clone());
        }
    };
    let added = Callback::new(move |number: SafeNumber| {
        outcome.done(
            tr("helpdesk.safe_added", &[("number", &number.number)]),
            false,
        );
        numbers.update(|list| list.push(number));
    });
    view! {
        <section aria-labelledby="safe-title">
            <h2 id="safe-title" tabindex="-1" node_ref=outcome.heading>{t("helpdesk.safe_list")}</h2>
            <p>{t("helpdesk.safe_explain")}</p>
            {outcome.said()}
            {move || {
                let list = numbers.get();
                if list.is_empty() {
                    return view! { <p>{t("helpdesk.safe_empty")}</p> }.into_any();
                }
                view! {
                    <ul class="people" role="list">
                        {list.into_iter().map(|number| {
                            let added = tr("helpdesk.safe_added_by", &[
                                ("who", &number.added_by),
                                ("when", &dates::moment(number.added_at)),
                            ]);
                            view! {
                                <li>
                                    <strong dir="ltr">{number.number.clone()}</strong>
                                    <bdi class="note">{number.note.clone()}</bdi>
                                    <span class="method-meta">{added}</span>
                                    <button type="button" class="button button-secondary" on:click=ask(number.clone())>
                                        {t("helpdesk.remove_safe")}
                                        <span class="visually-hidden">{format!(" ({})", number.number)}</span>
                                    </button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }
                .into_any()
            }}
            <AddSafeNumber added=added/>
        </section>
    }
}

/// The form that adds a number; `added` receives what the server saved.
#[component]
pub fn AddSafeNumber(added: Callback<SafeNumber>) -> impl IntoView {
    let configured = use_context::<AppContext>()
        .and_then(|context| context.settings())
        .and_then(|config| config.default_country);
    let region = RwSignal::new(default_region(configured.as_deref()).to_string());
    let number = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let errors = FormErrors::new();
    let save = Action::new_local(move |new: &NewSafeNumber| {
        let new = new.clone();
        async move { api::admin::add_safe_number(&new).await }
    });
    Effect::new(move || match save.value().get() {
        Some(Ok(saved)) => {
            number.set(String::new());
            note.set(String::new());
            added.run(saved);
        }
        Some(Err(Failure::Invalid(refused))) => errors.fields.set(refused),
        Some(Err(failure)) => errors.problem.set(Some(said(&failure))),
        None => {}
    });
    let submit = move |event: web_sys::SubmitEvent| {
        event.prevent_default();
        if save.pending().get_untracked() {
            return;
        }
        let new = NewSafeNumber {
            country: region.get_untracked(),
            number: number.get_untracked().trim().to_string(),
            note: note.get_untracked().trim().to_string(),
        };
        let refused = check_safe_number(&new);
        errors.clear();
        if refused.is_empty() {
            save.dispatch(new);
        } else {
            errors.fields.set(refused);
        }
    };
    view! {
        <form class="add-safe-number" novalidate on:submit=submit aria-labelledby="add-safe-title">
            <h3 id="add-safe-title">{t("helpdesk.add_safe_number")}</h3>
            <ErrorSummary problems=errors.summary()/>
            <div class="field">
                <label for="country">{t("label.country")}</label>
                <select id="country" name="country" autocomplete="off" on:change=move |event| region.set(event_target_value(&event))>
                    {labelled_countries().into_iter().map(|(country, label)| view! {
                        <option value=country.region selected=move || region.get() == country.region>{label}</option>
                    }).collect_view()}
                </select>
            </div>
            <TextField id="number" label=t("label.phone_number") input_type="tel" left_to_right=true autocomplete="off" value=number error=errors.message("number")/>
            <TextField id="note" label=t("helpdesk.whose_number") autocomplete="off" value=note error=errors.message("note")/>
            <div class="actions">
                <button type="submit" class="button" aria-disabled=move || save.pending().get().then_some("true")>{t("helpdesk.add_to_safe_list")}</button>
            </div>
        </form>
    }
}
