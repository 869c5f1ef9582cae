//! A labelled text input with its error message tied to it (`aria-invalid`, `aria-describedby`).

use leptos::prelude::*;

/// One text, email or password field.
#[component]
pub fn TextField(
    /// The input's `id` and `name`.
    id: &'static str,
    /// The visible label, which is also the accessible name.
    label: &'static str,
    /// The input's `type`.
    #[prop(default = "text")]
    input_type: &'static str,
    /// The `autocomplete` token, for password managers and autofill.
    autocomplete: &'static str,
    /// The field's value.
    value: RwSignal<String>,
    /// The error to show next to the field, if any.
    #[prop(into)]
    error: Signal<Option<String>>,
) -> impl IntoView {
    let message_id = format!("{id}-error");
    let described_by = {
        let message_id = message_id.clone();
        move || error.get().is_some().then(|| message_id.clone())
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
                                <span class="visually-hidden">"Error: "</span>
                                {message}
                            </p>
                        }
                    })
            }}
            <input
                id=id
                name=id
                type=input_type
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
