//! The error summary at the top of a form: a heading, then each problem, linked to its field
//! when it has one. It takes focus when it appears so screen readers announce it.

use leptos::html;
use leptos::prelude::*;

use crate::i18n::t;

/// One line of the summary: the message, and the ID of the field to jump to (if any).
#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    pub field_id: Option<String>,
    pub message: String,
}

/// Shows `problems` when there are any.
#[component]
pub fn ErrorSummary(#[prop(into)] problems: Signal<Vec<Problem>>) -> impl IntoView {
    let summary = NodeRef::<html::Div>::new();
    Effect::new(move || {
        if !problems.get().is_empty()
            && let Some(element) = summary.get()
        {
            let _ = element.focus();
        }
    });
    let focus_field = |id: String| {
        move |event: web_sys::MouseEvent| {
            event.prevent_default();
            if let Some(field) = document().get_element_by_id(&id) {
                use wasm_bindgen::JsCast;
                if let Ok(field) = field.dyn_into::<web_sys::HtmlElement>() {
                    let _ = field.focus();
                }
            }
        }
    };
    view! {
        <Show when=move || !problems.get().is_empty()>
            <div
                class="error-summary"
                role="alert"
                tabindex="-1"
                aria-labelledby="error-summary-title"
                node_ref=summary
            >
                <h2 id="error-summary-title">{t("error_summary.title")}</h2>
                <ul>
                    {move || {
                        problems
                            .get()
                            .into_iter()
                            .map(|problem| match problem.field_id {
                                Some(id) => {
                                    let href = format!("#{id}");
                                    view! {
                                        <li>
                                            <a href=href on:click=focus_field(id)>{problem.message}</a>
                                        </li>
                                    }
                                        .into_any()
                                }
                                None => view! { <li>{problem.message}</li> }.into_any(),
                            })
                            .collect_view()
                    }}
                </ul>
            </div>
        </Show>
    }
}

/// What a form shows as wrong: field errors (each field's `id` is its name) and a problem with
/// the whole step. One place turns them into the summary and each field's message.
#[derive(Clone, Copy)]
pub struct FormErrors {
    pub fields: RwSignal<Vec<latchkey_api::FieldError>>,
    pub problem: RwSignal<Option<String>>,
}

impl FormErrors {
    pub fn new() -> Self {
        Self {
            fields: RwSignal::new(Vec::new()),
            problem: RwSignal::new(None),
        }
    }

    /// Forgets every error (before a new try).
    pub fn clear(&self) {
        self.fields.set(Vec::new());
        self.problem.set(None);
    }

    /// The message for the field `id`, if it has one.
    pub fn message(&self, id: &'static str) -> Signal<Option<String>> {
        let fields = self.fields;
        Signal::derive(move || {
            fields
                .get()
                .into_iter()
                .find(|f| f.field == id)
                .map(|f| f.message)
        })
    }

    /// The error summary's lines: each field's, linked to it, then the step's.
    pub fn summary(&self) -> Signal<Vec<Problem>> {
        let (fields, problem) = (self.fields, self.problem);
        Signal::derive(move || {
            fields
                .get()
                .into_iter()
                .map(|f| Problem {
                    field_id: Some(f.field),
                    message: f.message,
                })
                .chain(problem.get().map(|message| Problem {
                    field_id: None,
                    message,
                }))
                .collect()
        })
    }
}

impl Default for FormErrors {
    fn default() -> Self {
        Self::new()
    }
}
