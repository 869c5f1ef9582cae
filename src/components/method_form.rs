//! The details of a phone or email to add: {t("label.country")}, t("label.phone_number") and how to reach
//! it, or t("label.email"). The browser checks them first (the compact per-country table, the address's
//! shape); only a request that passes goes to `on_submit`.

use latchkey_api::FieldError;
use latchkey_api::countries::check_phone_shape;
use latchkey_api::types::{Channel, EnrollmentRequest, MethodKind};
use latchkey_api::validation::check_email;
use leptos::prelude::*;

use super::choices::Choices;
use super::error_summary::{ErrorSummary, Problem};
use super::text_field::TextField;
use crate::i18n::{refusal, t};
use crate::regions::{default_region, labelled_countries};

/// The form for `kind`; server refusals come back in `server_fields` and `problem`.
#[component]
pub fn MethodForm(
    kind: MethodKind,
    /// Receives a request the browser found valid.
    #[prop(into)]
    on_submit: Callback<EnrollmentRequest>,
    #[prop(into)] on_cancel: Callback<()>,
    /// Fields the server refused.
    #[prop(into)]
    server_fields: Signal<Vec<FieldError>>,
    /// A problem with the whole step (for example too many codes sent).
    #[prop(into)]
    problem: Signal<Option<String>>,
    #[prop(into)] pending: Signal<bool>,
    /// The organisation's preselected country, if it set one.
    #[prop(default = None)]
    default_country: Option<String>,
    /// What to offer under the problems instead (other methods, when the number can't be used).
    #[prop(optional, into)]
    instead: ViewFn,
) -> impl IntoView {
    let email = RwSignal::new(String::new());
    let number = RwSignal::new(String::new());
    let region = RwSignal::new(default_region(default_country.as_deref()).to_string());
    // 0: "Text me a code" (the default), 1: "Call me".
    let reach_by = RwSignal::new(0usize);
    let browser_fields = RwSignal::new(None::<Vec<FieldError>>);
    // The browser's findings stand until the next submit; then the server's.
    let fields =
        Signal::derive(move || browser_fields.get().unwrap_or_else(|| server_fields.get()));
    let submit = move |event: web_sys::SubmitEvent| {
        event.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let (checked, request) = match kind {
            MethodKind::Email => {
                let address = email.get_untracked().trim().to_string();
                let checked = check_email(&address).map_err(|p| refusal("email", p));
                (
                    checked,
                    EnrollmentRequest {
                        kind,
                        channel: Channel::Email,
                        email: Some(address),
                        country: None,
                        number: None,
                    },
                )
            }
            _ => {
                let (country, typed) = (region.get_untracked(), number.get_untracked());
                let checked = check_phone_shape(&country, &typed).map_err(|p| refusal("number", p));
                let channel = if reach_by.get_untracked() == 1 {
                    Channel::Voice
                } else {
                    Channel::Sms
                };
                (
                    checked,
                    EnrollmentRequest {
                        kind,
                        channel,
                        email: None,
                        country: Some(country),
                        number: Some(typed),
                    },
                )
            }
        };
        match checked {
            Ok(()) => {
                browser_fields.set(None);
                on_submit.run(request);
            }
            Err(error) => browser_fields.set(Some(vec![error])),
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
    let details = match kind {
        MethodKind::Email => view! {
            <p>{t("method.email_explain")}</p>
            <TextField id="email" label=t("label.email") input_type="email" left_to_right=true autocomplete="email" value=email error=message("email")/>
        }
        .into_any(),
        _ => view! {
            <p>{t("method.phone_explain")}</p>
            <div class="field">
                <label for="country">{t("label.country")}</label>
                <select id="country" autocomplete="tel-country-code" on:change=move |event| region.set(event_target_value(&event))>
                    {labelled_countries().into_iter().map(|(country, label)| view! {
                        <option value=country.region selected=move || region.get() == country.region>{label}</option>
                    }).collect_view()}
                </select>
            </div>
            <TextField id="number" label=t("label.phone_number") input_type="tel" left_to_right=true autocomplete="tel-national" value=number error=message("number")/>
            <Choices
                legend=t("method.reach_legend")
                name="delivery"
                labels=vec![t("method.text_me"), t("method.call_me")]
                chosen=reach_by
            />
            <p class="hint">{t("method.rates")}</p>
        }
        .into_any(),
    };
    view! {
        <form novalidate on:submit=submit>
            <ErrorSummary problems=problems/>
            {move || instead.run()}
            {details}
            <div class="actions">
                <button type="submit" class="button" aria-disabled=move || pending.get().then_some("true")>{t("action.next")}</button>
                <button type="button" class="button button-secondary" on:click=move |_| on_cancel.run(())>{t("action.cancel")}</button>
            </div>
        </form>
    }
}
