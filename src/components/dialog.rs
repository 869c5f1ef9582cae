//! A modal dialog on the browser's own `<dialog>`: focus moves in and stays in (Tab from the last
//! control wraps to the first, Shift+Tab the other way), Escape or the close button closes it,
//! and focus returns to whatever opened it.

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
    // Tab wraps inside the dialog instead of leaving the page for the browser's toolbar.
    let keep_focus = move |event: web_sys::KeyboardEvent| {
        if event.key() != "Tab" {
            return;
        }
        let Some(element) = dialog.get() else { return };
        let controls = focusable_controls(&element);
        let (Some(first), Some(last)) = (controls.first(), controls.last()) else {
            return;
        };
        let active = document().active_element();
        let at = |control: &web_sys::HtmlElement| {
            active
                .as_ref()
                .is_some_and(|a| a == control.as_ref() as &web_sys::Element)
        };
        let next = match (event.shift_key(), at(first), at(last)) {
            (true, true, _) => last,
            (false, _, true) => first,
            _ => return,
        };
        event.prevent_default();
        let _ = next.focus();
    };
    let title_id = format!("{id}-title");
    let labelled_by = title_id.clone();
    view! {
        <dialog node_ref=dialog class="dialog" aria-labelledby=labelled_by on:close=closed on:keydown=keep_focus>
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

/// The controls in `dialog` that Tab can reach, in order: shown, enabled, not taken out of the
/// tab order.
fn focusable_controls(dialog: &web_sys::HtmlDialogElement) -> Vec<web_sys::HtmlElement> {
    use wasm_bindgen::JsCast;
    const CONTROLS: &str = "a[href], button, input, select, textarea, [tabindex]";
    let Ok(found) = dialog.query_selector_all(CONTROLS) else {
        return Vec::new();
    };
    (0..found.length())
        .filter_map(|i| found.item(i)?.dyn_into::<web_sys::HtmlElement>().ok())
        .filter(|control| {
            control.tab_index() >= 0
                && !control.has_attribute("disabled")
                && control.offset_parent().is_some()
        })
        .collect()
}
