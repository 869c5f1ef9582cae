//! The list of methods on the security info page: each with what identifies it (a number, an
//! address, an app's or passkey's name with when it was added and last used, how many recovery
//! codes are left, texts or calls that can't reach a phone now and why) and what can be done
//! with it.

use latchkey_api::types::{Channel, MethodInfo, MethodKind};
use leptos::prelude::*;

use crate::dates;
use crate::i18n::{kind_in_sentence, kind_name, t, tr};
use crate::unavailable::reason;

/// At or below this many recovery codes left, the list says to get new ones.
const RECOVERY_CODES_LOW: u32 = 2;

/// What identifies a method in the list, besides its kind.
pub fn detail(method: &MethodInfo) -> String {
    match method.kind {
        MethodKind::RecoveryCodes => {
            let left = method.codes_left.unwrap_or_default();
            tr(
                "methods.codes_left",
                &[("left", &left.to_string()), ("total", "10")],
            )
        }
        _ => method.detail.clone(),
    }
}

/// "Added Nov 3, 2026 · Last used Nov 27, 2026" for apps and passkeys.
fn dates_line(method: &MethodInfo) -> Option<String> {
    if !method.kind.is_named() {
        return None;
    }
    let added = tr("methods.added", &[("day", &dates::day(method.created_at))]);
    let used = match method.last_used_at {
        Some(used) => tr("methods.last_used", &[("day", &dates::day(used))]),
        None => t("methods.not_used"),
    };
    Some(format!("{added} · {used}"))
}

/// Why texts, and why calls, can't reach a phone now ("Texts to numbers in Austria aren't
/// available").
fn unavailable_lines(method: &MethodInfo) -> Vec<String> {
    [
        (Channel::Sms, &method.texts_unavailable),
        (Channel::Voice, &method.calls_unavailable),
    ]
    .into_iter()
    .filter_map(|(channel, why)| why.as_ref().map(|why| reason(channel, why)))
    .collect()
}

#[component]
pub fn MethodList(
    methods: Vec<MethodInfo>,
    /// "Change" on a phone or email, or "Get new codes": opens the dialog for that kind.
    #[prop(into)]
    on_change: Callback<MethodKind>,
    #[prop(into)] on_delete: Callback<MethodInfo>,
) -> impl IntoView {
    view! {
        <ul class="methods" role="list" aria-label=t("methods.list_label")>
            {methods.into_iter().map(|method| {
                let chosen = method.clone();
                let kind = method.kind;
                let shown = detail(&method);
                let named = format!("{} {}", kind_in_sentence(kind), shown);
                let low = method.codes_left.filter(|left| *left <= RECOVERY_CODES_LOW);
                // The visible label, and the name a screen reader hears.
                let change = match kind {
                    MethodKind::RecoveryCodes => {
                        Some((t("methods.new_codes"), t("methods.new_codes_heard")))
                    }
                    MethodKind::Phone | MethodKind::AlternatePhone | MethodKind::Email => {
                        Some((t("action.change"), tr("methods.change_heard", &[("method", &named)])))
                    }
                    MethodKind::AuthenticatorApp | MethodKind::Passkey => None,
                };
                view! {
                    <li class="method">
                        <span class="method-kind">{kind_name(kind)}</span>
                        <span class="method-detail">
                            <bdi>{shown}</bdi>
                            {dates_line(&method).map(|line| view! { <span class="method-dates">{line}</span> })}
                            {unavailable_lines(&method).into_iter().map(|line| view! {
                                <span class="method-warning method-unavailable">{line}</span>
                            }).collect_view()}
                            {low.map(|left| view! {
                                <span class="method-warning">
                                    {if left == 0 {
                                        t("methods.codes_used_up")
                                    } else {
                                        tr("methods.codes_low", &[("left", &left.to_string())])
                                    }}
                                </span>
                            })}
                        </span>
                        <span class="method-actions">
                            {change.map(|(label, heard)| view! {
                                <button
                                    type="button"
                                    class="button button-secondary"
                                    aria-label=heard
                                    on:click=move |_| on_change.run(kind)
                                >
                                    {label}
                                </button>
                            })}
                            <button
                                type="button"
                                class="button button-secondary"
                                aria-label=tr("methods.delete_heard", &[("method", &named)])
                                on:click=move |_| on_delete.run(chosen.clone())
                            >
                                {t("action.delete")}
                            </button>
                        </span>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}
