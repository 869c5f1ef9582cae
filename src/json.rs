//! JSON read and written by the browser's own `JSON.parse` and `JSON.stringify`, turned into
//! and from our types by serde-wasm-bindgen: a JSON parser of our own costs the WASM far more.

use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::JsValue;

/// `text` read as a `T`, if it is JSON of that shape.
pub fn read<T: DeserializeOwned>(text: &str) -> Option<T> {
    let value = js_sys::JSON::parse(text).ok()?;
    serde_wasm_bindgen::from_value(value).ok()
}

/// `value` as the JavaScript value JSON would make of it (maps as objects, missing as null).
pub fn to_js(value: &impl Serialize) -> Option<JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .ok()
}

/// `value` as JSON text.
pub fn write(value: &impl Serialize) -> Option<String> {
    js_sys::JSON::stringify(&to_js(value)?).ok()?.as_string()
}
