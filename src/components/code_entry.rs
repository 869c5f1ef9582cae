//! The code step: where the code went, textbox t("label.code"), {t("code.resend")} with its countdown, "Next".

use std::time::Duration;

use leptos::prelude::*;

use super::error_summary::{ErrorSummary, Problem};
use crate::dates::wait_in_words;
use crate::i18n::{t, tr};

/// Collects a code. The countdown restarts whenever `sent` changes (a new code was sent).
#[component]
pub fn CodeEntry(
    /// "+1 4255550123" or an email address, shown as where the code went.
    #[prop(into)]
    destination: Signal<String>,
    /// Seconds until a new code can be asked for, counted from each send.
    #[prop(into)]
    resend_after: Signal<u32>,
    /// Changes whenever a code is sent.
    #[prop(into)]
    sent: Signal<usize>,
    /// Receives the typed code (digits only).
    #[prop(into)]
    on_submit: Callback<String>,
    /// Asks for a new code.
    #[prop(into)]
    on_resend: Callback<()>,
    /// Why the code was refused, if it was.
    #[prop(into)]
    error: Signal<Option<String>>,
    /// A problem with the whole step (for example too many sends).
    #[prop(into)]
    problem: Signal<Option<String>>,
    #[prop(into)] pending: Signal<bool>,
    /// The label of the button that submits ("Next" or "Verify").
    #[prop(into, default = t("action.next"))]
    submit_label: String,
) -> impl IntoView {
    let code = RwSignal::new(String::new());
    let browser_error = RwSignal::new(None::<String>);
    let remaining = RwSignal::new(resend_after.get_untracked());
    // Each later send restarts the countdown and empties the box; the first run only starts
    // tracking, so nothing typed before it is lost.
    Effect::new(move |started: Option<()>| {
        sent.track();
        if started.is_some() {
            remaining.set(resend_after.get_untracked());
            code.set(String::new());
        }
    });
    if let Ok(handle) = set_interval_with_handle(
        move || remaining.update(|left| *left = left.saturating_sub(1)),
        Duration::from_secs(1),
    ) {
        on_cleanup(move || handle.clear());
    }
    let shown_error = Signal::derive(move || browser_error.get().or_else(|| error.get()));
    let problems = Signal::derive(move || {
        let mut list: Vec<Problem> = shown_error
            .get()
            .map(|message| Problem {
                field_id: Some("code".into()),
                message,
            })
            .into_iter()
            .collect();
        list.extend(problem.get().map(|message| Problem {
            field_id: None,
            message,
        }));
        list
    });
    let submit = move |event: web_sys::SubmitEvent| {
        event.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let digits = latchkey_api::validation::normalise_code(&code.get_untracked());
        if digits.len() != 6 {
            browser_error.set(Some(t("code.six_digits")));
            return;
        }
        browser_error.set(None);
        on_submit.run(digits);
    };
    let resend = move |_| {
        if remaining.get_untracked() == 0 && !pending.get_untracked() {
            browser_error.set(None);
            on_resend.run(());
        }
    };
    view! {
        <form novalidate on:submit=submit>
            <ErrorSummary problems=problems/>
            <p id="code-sent-to">{move || tr("code.sent_to", &[("destination", &destination.get())])}</p>
            <CodeField value=code error=shown_error label=t("label.code") numeric=true take_focus=true hint_id="code-sent-to"/>
            // The visible countdown ticks every second; screen readers hear only its start and end.
            <p class="hint" aria-hidden="true">
                {move || match remaining.get() {
                    0 => t("code.resend_now"),
                    left => tr("code.resend_in", &[("wait", &wait_in_words(left))]),
                }}
            </p>
            <p class="visually-hidden" aria-live="polite">
                {move || match remaining.get() {
                    0 => t("code.resend_ready"),
                    left if left == resend_after.get_untracked() => {
                        tr("code.sent_resend_in", &[("wait", &wait_in_words(left))])
                    }
                    _ => String::new(),
                }}
            </p>
            <div class="actions">
                <button type="submit" class="button" aria-disabled=move || pending.get().then_some("true")>
                    {submit_label}
                </button>
                <button
                    type="button"
                    class="button button-secondary"
                    aria-disabled=move || (remaining.get() > 0).then_some("true")
                    on:click=resend
                >
                    {t("code.resend")}
                </button>
            </div>
        </form>
    }
}

/// The one code box (`id="code"`): a numeric keyboard and one-time-code autofill for digits,
/// capitals without autocorrect for recovery codes; paste of "123 456" works.
#[component]
pub fn CodeField(
    value: RwSignal<String>,
    #[prop(into)] error: Signal<Option<String>>,
    #[prop(into)] label: String,
    /// Digits only (a sent code or an app's), or letters too (a recovery code).
    numeric: bool,
    /// Takes the focus when it appears (a step that is only this box), so typing can start at
    /// once; `hint_id` names the text that says where the code came from.
    #[prop(optional)]
    take_focus: bool,
    #[prop(optional)] hint_id: Option<&'static str>,
) -> impl IntoView {
    let input = NodeRef::<leptos::html::Input>::new();
    if take_focus {
        Effect::new(move || {
            if let Some(input) = input.get() {
                let _ = input.focus();
            }
        });
    }
    let described_by = move || {
        let ids: Vec<&str> = error
            .get()
            .map(|_| "code-error")
            .into_iter()
            .chain(hint_id)
            .collect();
        (!ids.is_empty()).then(|| ids.join(" "))
    };
    view! {
        <div class="field" class:field-error=move || error.get().is_some()>
            <label for="code">{label}</label>
            {move || error.get().map(|message| view! {
                <p class="field-message" id="code-error">
                    <span class="visually-hidden">{t("field.error_prefix")}</span>{message}
                </p>
            })}
            <input
                id="code"
                name="code"
                type="text"
                dir="ltr"
                class="code-input"
                class:code-input-long=!numeric
                inputmode=if numeric { "numeric" } else { "text" }
                autocomplete=if numeric { "one-time-code" } else { "off" }
                autocapitalize=if numeric { "none" } else { "characters" }
                spellcheck="false"
                maxlength=if numeric { "12" } else { "24" }
                aria-invalid=move || error.get().is_some().then_some("true")
                aria-describedby=described_by
                node_ref=input
                prop:value=move || value.get()
                on:input=move |event| value.set(event_target_value(&event))
            />
        </div>
    }
}
