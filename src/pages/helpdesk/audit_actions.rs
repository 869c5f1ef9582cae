//! The audit log's actions in the reader's words: each code the server records, the key of its
//! name in the console's words, an entry's "What" cell, who did it and the result.

use latchkey_api::types::Actor;
use leptos::prelude::*;

use crate::i18n::t;

/// Every action the server records, as (code, key of its name), in the order the filter lists
/// them.
pub const ACTIONS: [(&str, &str); 29] = [
    ("password_reset", "helpdesk.action.password_reset"),
    ("account_unlocked", "helpdesk.action.account_unlocked"),
    (
        "account_unlock_failed",
        "helpdesk.action.account_unlock_failed",
    ),
    ("password_changed", "helpdesk.action.password_changed"),
    (
        "password_change_failed",
        "helpdesk.action.password_change_failed",
    ),
    ("method_added", "helpdesk.action.method_added"),
    ("method_changed", "helpdesk.action.method_changed"),
    ("method_deleted", "helpdesk.action.method_deleted"),
    (
        "default_method_changed",
        "helpdesk.action.default_method_changed",
    ),
    (
        "recovery_codes_renewed",
        "helpdesk.action.recovery_codes_renewed",
    ),
    (
        "security_info_reviewed",
        "helpdesk.action.security_info_reviewed",
    ),
    (
        "signed_out_everywhere",
        "helpdesk.action.signed_out_everywhere",
    ),
    (
        "re_registration_required",
        "helpdesk.action.re_registration_required",
    ),
    ("access_pass_issued", "helpdesk.action.access_pass_issued"),
    (
        "signed_in_with_access_pass",
        "helpdesk.action.signed_in_with_access_pass",
    ),
    ("delivery_failed", "helpdesk.action.delivery_failed"),
    (
        "passkey_counter_went_back",
        "helpdesk.action.passkey_counter_went_back",
    ),
    ("person_viewed", "helpdesk.action.person_viewed"),
    ("caller_verified", "helpdesk.action.caller_verified"),
    ("staff_access_pass", "helpdesk.action.staff_access_pass"),
    (
        "staff_method_deleted",
        "helpdesk.action.staff_method_deleted",
    ),
    (
        "staff_re_registration",
        "helpdesk.action.staff_re_registration",
    ),
    (
        "staff_signed_out_everywhere",
        "helpdesk.action.staff_signed_out_everywhere",
    ),
    ("staff_unlocked", "helpdesk.action.staff_unlocked"),
    (
        "staff_action_refused",
        "helpdesk.action.staff_action_refused",
    ),
    ("messaging_paused", "helpdesk.action.messaging_paused"),
    ("messaging_resumed", "helpdesk.action.messaging_resumed"),
    ("safe_number_added", "helpdesk.action.safe_number_added"),
    ("safe_number_removed", "helpdesk.action.safe_number_removed"),
];

/// The key of an entry's result: refused (IT support asked for what it may not do), failed (an
/// unlock, a password change or a message that did not go through), or done.
pub fn result_key(code: &str) -> &'static str {
    if code.ends_with("_refused") {
        "helpdesk.result_refused"
    } else if code.ends_with("_failed") {
        "helpdesk.result_failed"
    } else {
        "helpdesk.result_done"
    }
}

/// Who did it: a staff member by username, "IT support" for one the reader is not told of, else
/// the person themselves (`person`, their username).
pub fn who(actor: &Actor, person: &str) -> String {
    match actor {
        Actor::Staff(username) => username.clone(),
        Actor::ItSupport => t("helpdesk.it_support"),
        Actor::Person => person.to_string(),
    }
}

/// An action's name in the page's language; a code this console does not know shows itself.
pub fn action_name(code: &str) -> String {
    ACTIONS
        .iter()
        .find(|(known, _)| *known == code)
        .map_or_else(|| code.to_string(), |(_, key)| t(key))
}

/// An entry's "What" cell: the action's name, and what the server wrote of it (in English, as
/// recorded) below.
#[component]
pub fn WhatHappened(action: String, detail: String) -> impl IntoView {
    view! {
        <td>
            <strong>{action_name(&action)}</strong>
            {(!detail.is_empty()).then(|| view! { <br/><span class="detail">{detail}</span> })}
        </td>
    }
}

/// An entry's ticket or reason cell: what the staff member wrote, as they wrote it, in its own
/// direction.
#[component]
pub fn Note(note: Option<String>) -> impl IntoView {
    view! { <td class="note"><bdi>{note}</bdi></td> }
}
