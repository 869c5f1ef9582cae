//! A modal dialog on the browser's own `<dialog>`: focus moves in and stays in, Escape or the
//! close button closes it, and focus returns to whatever opened it.

use leptos::html;
use leptos::prelude::*;

use crate::i18n::t;

/// Shows `children` in a modal while `open` is true; its accessible name is `title`.
#[component]
pub fn Dialog(
    /// The heading, which names the dialog.
    #[prop(into)]
    title: Signal<String>,
    /// Whether the dialog is shown; set to false when the person closes it.
    open: RwSignal<bool>,
    /// A unique ID for the heading.
    id: &'static str,
    children: ChildrenFn,
) -> impl IntoView {
    let dialog = NodeRef::<html::Dialog>::new();
    let opener = StoredValue::new_local(None::<web_sys::HtmlElement>);
    Effect::new(move || {
        let Some(element) = dialog.get() else { return };
        if open.get() && !element.open() {
            use wasm_bindgen::JsCast;
            opener.set_value(
                document()
                    .active_element()
                    .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok()),
            );
            let _ = element.show_modal();
        } else if !open.get() && element.open() {
            element.close();
        }
    });
    let closed = move |_| {
        open.set(false);
        if let Some(opener) = opener.get_value() {
            let _ = opener.focus();
        }
    };
    let title_id = format!("{id}-title");
    let labelled_by = title_id.clone();
    view! {
        <dialog node_ref=dialog class="dialog" aria-labelledby=labelled_by on:close=closed>
            <h2 id=title_id class="dialog-title">{move || title.get()}</h2>
            <Show when=move || open.get()>{children()}</Show>
            // Escape closes it too, but not every phone has an Escape key. It sits last, so that
            // focus starts at the dialog's first field; the style puts it in the corner.
            <button type="button" class="dialog-close" aria-label=t("dialog.close") on:click=move |_| open.set(false)>
                <span aria-hidden="true">"×"</span>
            </button>
        </dialog>
    }
}
