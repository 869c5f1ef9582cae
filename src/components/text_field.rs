//! A labelled text input with its error message tied to it (`aria-invalid`, `aria-describedby`).

use leptos::prelude::*;

use crate::i18n::t;

/// One text, email or password field.
#[component]
pub fn TextField(
    /// The input's `id` and `name`.
    id: &'static str,
    /// The visible label, which is also the accessible name.
    #[prop(into)]
    label: String,
    /// The input's `type` (it may change: a password shown as text).
    #[prop(into, default = Signal::stored("text"))]
    input_type: Signal<&'static str>,
    /// The `autocomplete` token, for password managers and autofill.
    autocomplete: &'static str,
    /// The field's value.
    value: RwSignal<String>,
    /// The error to show next to the field, if any.
    #[prop(into)]
    error: Signal<Option<String>>,
    /// Written left to right whatever the page's language (numbers, addresses).
    #[prop(optional)]
    left_to_right: bool,
    /// The ID of a hint that describes the field too (for example its requirements).
    #[prop(optional)]
    hint_id: Option<&'static str>,
) -> impl IntoView {
    let message_id = format!("{id}-error");
    let described_by = {
        let message_id = message_id.clone();
        move || {
            let ids: Vec<&str> = error
                .get()
                .map(|_| message_id.as_str())
                .into_iter()
                .chain(hint_id)
                .collect();
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    view! {
        <div class="field" class:field-error=move || error.get().is_some()>
            <label for=id>{label}</label>
            {move || {
                error
                    .get()
                    .map(|message| {
                        view! {
                            <p class="field-message" id=message_id.clone()>
                                <span class="visually-hidden">{t("field.error_prefix")}</span>
                                {message}
                            </p>
                        }
                    })
            }}
            <input
                id=id
                name=id
                type=move || input_type.get()
                dir=left_to_right.then_some("ltr")
                autocomplete=autocomplete
                spellcheck="false"
                autocapitalize="none"
                aria-invalid=move || error.get().is_some().then_some("true")
                aria-describedby=described_by
                prop:value=move || value.get()
                on:input=move |event| value.set(event_target_value(&event))
            />
        </div>
    }
}
