//! The one function that sends HTTP requests (gloo-net) and maps answers to types or [`Failure`].

use gloo_net::http::{Method, RequestBuilder};
use latchkey_api::ApiError;
use latchkey_api::routes::{CSRF_HEADER, CSRF_VALUE};
use serde::Serialize;
use serde::de::DeserializeOwned;
use web_sys::RequestCredentials;

use super::failure::Failure;
use crate::json;

/// Where the API lives: the `latchkey-api` meta tag of index.html, or this origin.
fn base_url() -> String {
    leptos::prelude::document()
        .query_selector("meta[name=latchkey-api]")
        .ok()
        .flatten()
        .and_then(|meta| meta.get_attribute("content"))
        .map(|url| url.trim().trim_end_matches('/').to_string())
        .unwrap_or_default()
}

/// Sends `body` (if any) as JSON to `path` and decodes the JSON answer.
pub async fn request<T: DeserializeOwned>(
    method: Method,
    path: &str,
    body: Option<&impl Serialize>,
) -> Result<T, Failure> {
    let builder = RequestBuilder::new(&format!("{}{path}", base_url()))
        .method(method)
        .header(CSRF_HEADER, CSRF_VALUE)
        .header("Accept", "application/json")
        // What the server sends the person (codes, notices) follows the page's language.
        .header("Accept-Language", crate::i18n::language().code())
        .credentials(RequestCredentials::Include);
    let request = match body {
        Some(body) => builder
            .header("Content-Type", "application/json")
            .body(json::write(body).ok_or(Failure::Server)?),
        None => builder.build(),
    }
    .map_err(|_| Failure::Server)?;
    let response = request.send().await.map_err(|_| Failure::Offline)?;
    let status = response.status();
    let text = response.text().await.map_err(|_| Failure::Offline)?;
    if response.ok() {
        let text = if text.is_empty() { "null" } else { &text };
        return json::read(text).ok_or(Failure::Server);
    }
    let retry_after = response
        .headers()
        .get("retry-after")
        .and_then(|value| value.trim().parse().ok());
    let body = json::read::<ApiError>(&text);
    Err(Failure::from_response(status, body, retry_after))
}
