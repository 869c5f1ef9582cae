//! Finds who is asking ([`Origin`]) in a request: the client's address (behind trusted proxies,
//! the one they report), its user agent, and the first language of `Accept-Language` we speak.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, FromRequestParts};

use super::forwarded::Source;
use axum::http::header;
use axum::http::request::Parts;
use latchkey_api::Language;

use crate::origin::{Origin, network_of};

impl<S: Send + Sync> FromRequestParts<S> for Origin {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let address = match parts.extensions.get::<Source>() {
            Some(origin) => Some(origin.address),
            None => parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|info| info.0.ip()),
        };
        let ip = address.map_or_else(|| "unknown".to_string(), |ip| ip.to_string());
        let network = address.map_or_else(|| "unknown".to_string(), network_of);
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
            network,
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
