//! The list of methods on the security info page: each with what identifies it (a number, an
//! address, an app's or passkey's name with when it was added and last used, how many recovery
//! codes are left) and what can be done with it.

use latchkey_api::types::{MethodInfo, MethodKind};
use leptos::prelude::*;

use crate::dates;

/// At or below this many recovery codes left, the list says to get new ones.
const RECOVERY_CODES_LOW: u32 = 2;

/// What identifies a method in the list, besides its kind.
pub fn detail(method: &MethodInfo) -> String {
    match method.kind {
        MethodKind::RecoveryCodes => {
            let left = method.codes_left.unwrap_or_default();
            format!("{left} of 10 codes left")
        }
        _ => method.detail.clone(),
    }
}

/// "Added Nov 3, 2026 · Last used Nov 27, 2026" for apps and passkeys.
fn dates_line(method: &MethodInfo) -> Option<String> {
    if !method.kind.is_named() {
        return None;
    }
    let added = format!("Added {}", dates::day(method.created_at));
    Some(match method.last_used_at {
        Some(used) => format!("{added} · Last used {}", dates::day(used)),
        None => format!("{added} · Not used yet"),
    })
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
        <ul class="methods" role="list" aria-label="Your methods">
            {methods.into_iter().map(|method| {
                let chosen = method.clone();
                let kind = method.kind;
                let shown = detail(&method);
                let named = format!("{} {}", kind.label().to_lowercase(), shown);
                let low = method.codes_left.filter(|left| *left <= RECOVERY_CODES_LOW);
                // The visible label, and the name a screen reader hears.
                let change = match kind {
                    MethodKind::RecoveryCodes => {
                        Some(("Get new codes", "Get new recovery codes".to_string()))
                    }
                    MethodKind::Phone | MethodKind::AlternatePhone | MethodKind::Email => {
                        Some(("Change", format!("Change {named}")))
                    }
                    MethodKind::AuthenticatorApp | MethodKind::Passkey => None,
                };
                view! {
                    <li class="method">
                        <span class="method-kind">{kind.label()}</span>
                        <span class="method-detail">
                            {shown}
                            {dates_line(&method).map(|line| view! { <span class="method-dates">{line}</span> })}
                            {low.map(|left| view! {
                                <span class="method-warning">
                                    {if left == 0 {
                                        "You've used every code. Get new codes.".to_string()
                                    } else {
                                        format!("Only {left} left. Get new codes before you run out.")
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
                                aria-label=format!("Delete {named}")
                                on:click=move |_| on_delete.run(chosen.clone())
                            >
                                "Delete"
                            </button>
                        </span>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}
