//! `/dev/outbox` (development mode only): every email and text "sent", newest first, with its
//! code — so every flow can be tried on one machine.

use std::time::Duration;

use latchkey_api::ErrorCode;
use latchkey_api::types::OutboxEntry;
use leptos::prelude::*;

use super::title::set_title;
use crate::api;
use crate::dates;
use crate::i18n::{t, tr};

/// "Text", "Call", "Email".
fn channel_label(channel: &str) -> String {
    t(match channel {
        "sms" => "outbox.text",
        "voice" => "outbox.call",
        _ => "outbox.email",
    })
}

#[component]
pub fn DevOutboxPage() -> impl IntoView {
    set_title(&t("footer.dev_outbox"));
    let messages = LocalResource::new(api::dev_outbox);
    // New codes appear without reloading the page.
    if let Ok(handle) = set_interval_with_handle(move || messages.refetch(), Duration::from_secs(3))
    {
        on_cleanup(move || handle.clear());
    }
    // Keyed by message, so a refresh leaves unchanged messages (and keyboard focus) alone.
    let list = Memo::new(move |_| match messages.get() {
        Some(Ok(list)) => list,
        _ => Vec::new(),
    });
    view! {
        <div class="card">
            <h1>{t("footer.dev_outbox")}</h1>
            <p class="lead">
                {t("outbox.lead")}
            </p>
            {move || match messages.get() {
                None => Some(view! { <p class="loading" role="status">{t("outbox.loading")}</p> }.into_any()),
                Some(Ok(list)) if list.is_empty() => Some(view! {
                    <p>{t("outbox.empty")}</p>
                }.into_any()),
                Some(Ok(_)) => None,
                Some(Err(failure)) if failure.is(ErrorCode::NotFound) => Some(view! {
                    <p role="alert">{t("outbox.not_development")}</p>
                }.into_any()),
                Some(Err(failure)) => Some(view! { <p role="alert">{failure.message()}</p> }.into_any()),
            }}
            <Show when=move || !list.get().is_empty()>
                <ol class="outbox" aria-label=t("outbox.list_label")>
                    <For each=move || list.get() key=|entry| entry.id.clone() let:entry>
                        {message(entry)}
                    </For>
                </ol>
            </Show>
        </div>
    }
}

fn message(entry: OutboxEntry) -> impl IntoView {
    let is_call = entry.channel == "voice";
    let id = entry.id.clone();
    view! {
        <li class="message">
            <p class="message-meta">
                <strong>{channel_label(&entry.channel)}</strong>
                " " {tr("outbox.to", &[("to", &entry.to)])} " · " <time>{dates::moment(entry.created_at)}</time>
            </p>
            <p class="message-subject">{entry.subject}</p>
            {entry.code.map(|code| view! { <p class="message-code">{t("outbox.code")} " " <strong dir="ltr">{code}</strong></p> })}
            <p class="message-body">{entry.body}</p>
            {is_call.then(|| view! { <CallControls id=id/> })}
        </li>
    }
}

/// {t("outbox.answer")} and {t("outbox.decline")} for a call, standing in for the person with the phone.
#[component]
fn CallControls(id: String) -> impl IntoView {
    let answer = Action::new_local(|id: &String| {
        let id = id.clone();
        async move { api::dev_answer_call(&id).await.map(|()| "outbox.answered") }
    });
    let decline = Action::new_local(|id: &String| {
        let id = id.clone();
        async move { api::dev_decline_call(&id).await.map(|()| "outbox.declined") }
    });
    let outcome = move || {
        let latest = answer.value().get().or_else(|| decline.value().get())?;
        Some(match latest {
            Ok(done) => t(done),
            Err(failure) => failure.message(),
        })
    };
    let (answer_id, decline_id) = (id.clone(), id);
    view! {
        <div class="actions">
            <button type="button" class="button" on:click=move |_| { answer.dispatch(answer_id.clone()); }>
                {t("outbox.answer")}
            </button>
            <button type="button" class="button button-secondary" on:click=move |_| { decline.dispatch(decline_id.clone()); }>
                {t("outbox.decline")}
            </button>
        </div>
        <p class="hint" role="status">{outcome}</p>
    }
}
