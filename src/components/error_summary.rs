//! The error summary at the top of a form: a heading, then each problem, linked to its field
//! when it has one. It takes focus when it appears so screen readers announce it.

use leptos::html;
use leptos::prelude::*;

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
                <h2 id="error-summary-title">"There is a problem"</h2>
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
