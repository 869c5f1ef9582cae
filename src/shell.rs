//! What the person did in index.html's static shell before the app started, carried into the
//! app: what they typed goes into the app's fields of the same IDs, and a "Sign in" they pressed
//! is pressed again, so that nothing is lost.

use wasm_bindgen::JsCast;
use web_sys::{Event, EventInit, HtmlElement, HtmlInputElement};

/// Waits until the app may take the shell's place: when the person is not in the shell's card
/// (its script says when, through `latchkeyShellFree`), so that it is not replaced under their
/// fingers. At once where the shell has no card.
pub async fn free() {
    let asked = js_sys::Reflect::get(&leptos::prelude::window(), &"latchkeyShellFree".into())
        .ok()
        .and_then(|asked| asked.dyn_into::<js_sys::Function>().ok())
        .and_then(|asked| asked.call0(&wasm_bindgen::JsValue::NULL).ok())
        .and_then(|answer| answer.dyn_into::<js_sys::Promise>().ok());
    if let Some(answer) = asked {
        let _ = wasm_bindgen_futures::JsFuture::from(answer).await;
    }
}

/// The shell's filled fields, by ID, the ID of the one with focus, and whether the person
/// pressed the shell's button (its script marks the card `data-wanted`).
pub struct Typed {
    values: Vec<(String, String)>,
    focused: Option<String>,
    submitted: bool,
}

/// What was typed in `shell`'s fields.
pub fn typed(shell: &HtmlElement) -> Typed {
    let mut values = Vec::new();
    if let Ok(inputs) = shell.query_selector_all("input[id]") {
        for index in 0..inputs.length() {
            let Some(input) = inputs
                .item(index)
                .and_then(|node| node.dyn_into::<HtmlInputElement>().ok())
            else {
                continue;
            };
            if !input.value().is_empty() {
                values.push((input.id(), input.value()));
            }
        }
    }
    let focused = leptos::prelude::document()
        .active_element()
        .filter(|element| shell.contains(Some(element)))
        .map(|element| element.id())
        .filter(|id| !id.is_empty());
    let submitted = shell
        .query_selector("[data-wanted]")
        .ok()
        .flatten()
        .is_some();
    Typed {
        values,
        focused,
        submitted,
    }
}

/// Types `typed` into the app's fields (as input events, so the app takes the values in), puts
/// focus back where it was, and presses the page's submit button if the person had pressed one.
pub fn type_again(typed: Typed) {
    let document = leptos::prelude::document();
    let input_event = {
        let init = EventInit::new();
        init.set_bubbles(true);
        Event::new_with_event_init_dict("input", &init)
    };
    for (id, value) in typed.values {
        let field = document
            .get_element_by_id(&id)
            .and_then(|element| element.dyn_into::<HtmlInputElement>().ok());
        if let (Some(field), Ok(event)) = (field, &input_event) {
            field.set_value(&value);
            let _ = field.dispatch_event(event);
        }
    }
    if let Some(field) = typed
        .focused
        .and_then(|id| document.get_element_by_id(&id))
        .and_then(|element| element.dyn_into::<HtmlElement>().ok())
    {
        let _ = field.focus();
    }
    if typed.submitted
        && let Some(button) = document
            .query_selector("#main form [type=submit]")
            .ok()
            .flatten()
            .and_then(|element| element.dyn_into::<HtmlElement>().ok())
    {
        button.click();
    }
}
