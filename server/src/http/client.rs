//! Who is asking: the client's IP address and user agent, for send limits and the audit log,
//! and the language of the page they are on, for what is sent to them.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::header;
use axum::http::request::Parts;
use latchkey_api::Language;

/// The request's origin as far as the server can tell.
#[derive(Clone, Debug)]
pub struct Client {
    pub ip: String,
    pub user_agent: String,
    /// The first language of `Accept-Language` that Latchkey speaks (the page sends its own).
    pub language: Option<Language>,
}

impl<S: Send + Sync> FromRequestParts<S> for Client {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let ip = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map_or_else(|| "unknown".to_string(), |info| info.0.ip().to_string());
        let user_agent = parts
            .headers
            .get(header::USER_AGENT)
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default()
            .chars()
            .take(256)
            .collect();
        let language = parts
            .headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|value| value.to_str().ok())
            .and_then(first_language_spoken);
        Ok(Self {
            ip,
            user_agent,
            language,
        })
    }
}

/// The first tag of an `Accept-Language` value ("de-AT,de;q=0.9,en;q=0.8") that Latchkey speaks.
fn first_language_spoken(header: &str) -> Option<Language> {
    header
        .split(',')
        .filter_map(|entry| entry.split(';').next())
        .find_map(|tag| Language::from_tag(tag.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_language_we_speak_is_taken() {
        assert_eq!(first_language_spoken("de"), Some(Language::German));
        assert_eq!(
            first_language_spoken("pt-BR, fr-CA;q=0.9, en;q=0.8"),
            Some(Language::French)
        );
        assert_eq!(first_language_spoken("pt, ja"), None);
        assert_eq!(first_language_spoken(""), None);
    }
}
