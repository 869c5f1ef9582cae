//! `/dev/outbox` (development mode only): every email and text "sent", newest first, with its
//! code — so every flow can be tried on one machine.

use std::time::Duration;

use latchkey_api::ErrorCode;
use latchkey_api::types::OutboxEntry;
use leptos::prelude::*;

use super::set_title;
use crate::api;

/// "Text", "Call", "Email".
fn channel_label(channel: &str) -> &'static str {
    match channel {
        "sms" => "Text",
        "voice" => "Call",
        _ => "Email",
    }
}

/// The time a message was sent, in the browser's language.
fn sent_at(seconds: i64) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(seconds as f64 * 1000.0));
    date.to_locale_string("default", &wasm_bindgen::JsValue::UNDEFINED)
        .into()
}

#[component]
pub fn DevOutboxPage() -> impl IntoView {
    set_title("Dev outbox");
    let messages = LocalResource::new(api::dev_outbox);
    // New codes appear without reloading the page.
    if let Ok(handle) = set_interval_with_handle(move || messages.refetch(), Duration::from_secs(3))
    {
        on_cleanup(move || handle.clear());
    }
    view! {
        <div class="card">
            <h1>"Dev outbox"</h1>
            <p class="lead">
                "Development mode: emails and texts land here instead of leaving this machine. "
                "The newest is first; the list refreshes by itself."
            </p>
            {move || match messages.get() {
                None => view! { <p class="loading" role="status">"Loading messages…"</p> }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! {
                    <p>"Nothing has been sent yet. Add a method on the security info page and its code appears here."</p>
                }.into_any(),
                Some(Ok(list)) => view! {
                    <ol class="outbox" aria-label="Messages, newest first">
                        {list.into_iter().map(message).collect_view()}
                    </ol>
                }.into_any(),
                Some(Err(failure)) if failure.is(ErrorCode::NotFound) => view! {
                    <p role="alert">"The dev outbox exists only while the server runs in development mode."</p>
                }.into_any(),
                Some(Err(failure)) => view! { <p role="alert">{failure.message()}</p> }.into_any(),
            }}
        </div>
    }
}

fn message(entry: OutboxEntry) -> impl IntoView {
    view! {
        <li class="message">
            <p class="message-meta">
                <strong>{channel_label(&entry.channel)}</strong>
                " to " {entry.to} " · " <time>{sent_at(entry.created_at)}</time>
            </p>
            <p class="message-subject">{entry.subject}</p>
            {entry.code.map(|code| view! { <p class="message-code">"Code: " <strong>{code}</strong></p> })}
            <p class="message-body">{entry.body}</p>
        </li>
    }
}
