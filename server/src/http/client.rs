//! Who is asking: the client's IP address (behind trusted proxies, the one they report) and user
//! agent, for send limits and the audit log, and the language of the page they are on, for what
//! is sent to them.

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts};

use super::forwarded::Origin;
use axum::http::header;
use axum::http::request::Parts;
use latchkey_api::Language;

/// The request's origin as far as the server can tell.
#[derive(Clone, Debug)]
pub struct Client {
    /// The address in full, for the audit log.
    pub ip: String,
    /// What per-address limits count: the address itself for IPv4, its /64 for IPv6 (one
    /// subscriber usually holds a whole /64, so counting single addresses would count nothing).
    pub network: String,
    pub user_agent: String,
    /// The first language of `Accept-Language` that Latchkey speaks (the page sends its own).
    pub language: Option<Language>,
}

impl Client {
    /// `latchkey-server` run by an administrator: what the audit log records instead of an
    /// address.
    pub fn command_line() -> Self {
        Self {
            ip: "command line".into(),
            network: "command line".into(),
            user_agent: "latchkey-server".into(),
            language: None,
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Client {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let address = match parts.extensions.get::<Origin>() {
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

/// The network an address is counted in: an IPv4 address alone (an IPv4-mapped IPv6 address
/// as IPv4), an IPv6 address's /64.
fn network_of(address: IpAddr) -> String {
    match address {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let prefix = u128::from(v6) & !((1u128 << 64) - 1);
                format!("{}/64", std::net::Ipv6Addr::from(prefix))
            }
        },
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
    fn ipv6_addresses_count_per_64_and_ipv4_per_address() {
        let network = |text: &str| network_of(text.parse().unwrap());
        assert_eq!(network("2001:db8:1:2:aaaa::1"), "2001:db8:1:2::/64");
        assert_eq!(
            network("2001:db8:1:2:ffff:ffff:ffff:ffff"),
            "2001:db8:1:2::/64"
        );
        assert_ne!(network("2001:db8:1:3::1"), network("2001:db8:1:2::1"));
        assert_eq!(network("203.0.113.7"), "203.0.113.7");
        assert_eq!(network("::ffff:203.0.113.7"), "203.0.113.7");
    }

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
