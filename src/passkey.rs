//! The browser's own passkey prompts (`navigator.credentials.create` and `.get`) with the JSON
//! forms the server speaks: the options are parsed by `PublicKeyCredential.parse…FromJSON` and
//! the answer comes back through `toJSON()` — no base64 or glue library in the app.

use js_sys::{Function, Object, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Why the browser gave no passkey.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PasskeyFailure {
    /// This browser cannot use passkeys.
    Unsupported,
    /// The person cancelled, the prompt timed out, or no passkey matched.
    Cancelled,
    /// The authenticator already holds a passkey for this account.
    AlreadyRegistered,
}

impl PasskeyFailure {
    /// What to tell the person.
    pub fn message(self) -> String {
        crate::i18n::t(match self {
            Self::Unsupported => "passkey.unsupported",
            Self::Cancelled => "passkey.cancelled",
            Self::AlreadyRegistered => "passkey.already_registered",
        })
    }
}

fn get(target: &JsValue, name: &str) -> Result<JsValue, PasskeyFailure> {
    Reflect::get(target, &JsValue::from_str(name))
        .ok()
        .filter(|value| !value.is_undefined() && !value.is_null())
        .ok_or(PasskeyFailure::Unsupported)
}

fn function(target: &JsValue, name: &str) -> Result<Function, PasskeyFailure> {
    get(target, name)?
        .dyn_into::<Function>()
        .map_err(|_| PasskeyFailure::Unsupported)
}

/// Runs one ceremony: `parser` reads the server's options, `method` of
/// `navigator.credentials` prompts, and the answer comes back as JSON.
async fn ceremony(
    options: &serde_json::Value,
    parser: &str,
    method: &str,
) -> Result<serde_json::Value, PasskeyFailure> {
    let window: JsValue = web_sys::window().ok_or(PasskeyFailure::Unsupported)?.into();
    let class = get(&window, "PublicKeyCredential")?;
    let parsed = crate::json::to_js(options).ok_or(PasskeyFailure::Unsupported)?;
    let public_key = function(&class, parser)?
        .call1(&class, &parsed)
        .map_err(|_| PasskeyFailure::Unsupported)?;
    let request = Object::new();
    Reflect::set(&request, &JsValue::from_str("publicKey"), &public_key)
        .map_err(|_| PasskeyFailure::Unsupported)?;
    let credentials = get(&get(&window, "navigator")?, "credentials")?;
    let promise: Promise = function(&credentials, method)?
        .call1(&credentials, &request)
        .map_err(|_| PasskeyFailure::Unsupported)?
        .dyn_into()
        .map_err(|_| PasskeyFailure::Unsupported)?;
    let credential = JsFuture::from(promise).await.map_err(|error| {
        let name = get(&error, "name").ok().and_then(|n| n.as_string());
        match name.as_deref() {
            Some("InvalidStateError") => PasskeyFailure::AlreadyRegistered,
            Some("NotSupportedError" | "SecurityError") => PasskeyFailure::Unsupported,
            _ => PasskeyFailure::Cancelled,
        }
    })?;
    let answer = function(&credential, "toJSON")?
        .call0(&credential)
        .map_err(|_| PasskeyFailure::Unsupported)?;
    serde_wasm_bindgen::from_value(answer).map_err(|_| PasskeyFailure::Unsupported)
}

/// Asks the browser to make a new passkey with the server's creation options.
pub async fn create(options: &serde_json::Value) -> Result<serde_json::Value, PasskeyFailure> {
    ceremony(options, "parseCreationOptionsFromJSON", "create").await
}

/// Asks the browser to prove a passkey with the server's request options.
pub async fn prove(options: &serde_json::Value) -> Result<serde_json::Value, PasskeyFailure> {
    ceremony(options, "parseRequestOptionsFromJSON", "get").await
}
