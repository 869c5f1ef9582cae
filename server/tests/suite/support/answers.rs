//! What an observer compares between two answers (security.md 10, 47): the status, every
//! header's name and value (only the cookie's random value, the request's ID and the body's
//! length blanked), and the whole body, where a reset's options (each name has its own) must
//! each look like any option of their kind (`*******23`, `j***@example.net`).

use axum::http::header;
use serde_json::{Value, json};

use super::Reply;

/// The answer as an observer may compare it with another name's.
pub fn whole_answer(reply: &Reply) -> Value {
    let mut headers: Vec<(String, String)> = reply
        .headers
        .iter()
        .map(|(name, value)| {
            let value = value.to_str().unwrap_or("<not text>");
            let value = match *name {
                // Each request's own ID, and a length that follows the options offered.
                _ if name == "x-request-id" => String::new(),
                header::CONTENT_LENGTH => String::new(),
                header::SET_COOKIE => blank_cookie_value(value),
                _ => value.to_string(),
            };
            (name.to_string(), value)
        })
        .collect();
    headers.sort();
    let mut body = reply.body.clone();
    if let Some(options) = body.get_mut("options") {
        // Which kinds a name has is its own; each option must look like any of its kind.
        let odd: Vec<Value> = options
            .as_array()
            .into_iter()
            .flatten()
            .filter(|option| !well_formed(option))
            .cloned()
            .collect();
        let offered = options
            .as_array()
            .is_some_and(|options| !options.is_empty());
        *options = match (offered, odd.is_empty()) {
            (true, true) => json!("each as any option of its kind"),
            (false, _) => json!("none offered"),
            (true, false) => Value::Array(odd),
        };
    }
    json!({"status": reply.status.as_u16(), "headers": headers, "body": body})
}

/// `name=<value>; attributes…` with the value blanked.
fn blank_cookie_value(cookie: &str) -> String {
    let (pair, attributes) = cookie.split_once(';').unwrap_or((cookie, ""));
    let name = pair.split_once('=').map_or(pair, |(name, _)| name);
    format!("{name}=…;{attributes}")
}

/// Whether an option has exactly the fields every option has, an ID naming its kind and channel,
/// and a hint as every hint of its kind looks: `*******23` for a phone, `j***@example.net` for an
/// email, nothing for the rest.
fn well_formed(option: &Value) -> bool {
    let text = |field: &str| option[field].as_str().unwrap_or_default();
    let (kind, channel, hint) = (text("kind"), text("channel"), text("hint"));
    let hint_looks_right = match kind {
        "phone" | "alternate_phone" => hint
            .strip_prefix("*******")
            .is_some_and(|last| last.len() == 2 && last.bytes().all(|b| b.is_ascii_digit())),
        "email" => {
            let mut letters = hint.chars();
            let first = letters.next().is_some_and(char::is_alphanumeric);
            let domain = letters.as_str().strip_prefix("***@").unwrap_or_default();
            first && domain.contains('.') && !domain.contains('@')
        }
        _ => hint.is_empty(),
    };
    let mut fields: Vec<&String> = option
        .as_object()
        .map(|o| o.keys().collect())
        .unwrap_or_default();
    fields.sort();
    fields == ["channel", "hint", "id", "kind"]
        && text("id") == format!("{kind}:{channel}")
        && hint_looks_right
}
