//! Who the connection is really from, behind proxies (security.md 51): the one header the
//! operator names (`X-Forwarded-For`, `Forwarded` of RFC 7239, or `X-Real-IP`), believed only when
//! the connection comes from a trusted proxy, read from the right to the first address that is
//! not itself a trusted proxy; every other forwarding header is ignored. Requests a proxy says
//! came over plain HTTP (`X-Forwarded-Proto`, or `proto=` with `Forwarded`), when the portal's
//! address is `https://`, are sent there.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use ipnet::IpNet;

use crate::config::{ClientAddressHeader, Config};

/// Where a request came from, as far as the server can tell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Source {
    /// The person's address: the connection's, or the one a trusted proxy reported.
    pub address: IpAddr,
    /// Whether the person used HTTPS, when a trusted proxy said.
    pub https: Option<bool>,
}

/// Finds the request's [`Source`] for everything after it (limits, the audit log, logs), and
/// redirects to `public_url` what a trusted proxy says came over plain HTTP.
pub async fn find_source(
    State(config): State<Arc<Config>>,
    mut request: Request,
    next: Next,
) -> Response {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|info| info.0.ip());
    if let Some(peer) = peer {
        let origin = origin_of(
            peer,
            request.headers(),
            &config.trusted_proxies,
            config.client_address_header,
        );
        if origin.https == Some(false) && config.is_https() {
            let path = request
                .uri()
                .path_and_query()
                .map_or("/", |path| path.as_str());
            return to_https(&config.public_address(path));
        }
        request.extensions_mut().insert(origin);
    }
    next.run(request).await
}

/// A permanent redirect that keeps the method and body.
fn to_https(address: &str) -> Response {
    match HeaderValue::from_str(address) {
        Ok(location) => (
            StatusCode::PERMANENT_REDIRECT,
            [(header::LOCATION, location)],
        )
            .into_response(),
        Err(_) => StatusCode::BAD_REQUEST.into_response(),
    }
}

/// The origin of a request from `peer` with `headers`, believing proxies in `trusted` and only
/// what they say in `header` (with the scheme that goes with it).
pub fn origin_of(
    peer: IpAddr,
    headers: &HeaderMap,
    trusted: &[IpNet],
    header: ClientAddressHeader,
) -> Source {
    let is_trusted = |address: &IpAddr| trusted.iter().any(|range| range.contains(address));
    let mut origin = Source {
        address: peer,
        https: None,
    };
    if !is_trusted(&peer) {
        return origin;
    }
    let hops: Vec<Hop> = match header {
        ClientAddressHeader::Forwarded => values(headers, "forwarded")
            .iter()
            .map(|element| hop_of(element))
            .collect(),
        ClientAddressHeader::XForwardedFor | ClientAddressHeader::XRealIp => {
            // The scheme the nearest proxy reports, with or without an address.
            let https = values(headers, "x-forwarded-proto")
                .last()
                .map(|proto| proto.eq_ignore_ascii_case("https"));
            origin.https = https;
            let name = if header == ClientAddressHeader::XRealIp {
                "x-real-ip"
            } else {
                "x-forwarded-for"
            };
            values(headers, name)
                .iter()
                .map(|node| Hop {
                    address: node_address(node),
                    https,
                })
                .collect()
        }
    };
    for hop in hops.iter().rev() {
        // A hop that names no address ("unknown", an obfuscated name): the last proxy we trust
        // is as far as we can see.
        let Some(address) = hop.address else { break };
        origin = Source {
            address,
            https: hop.https,
        };
        if !is_trusted(&address) {
            break;
        }
    }
    origin
}

/// One step of the way: the address a proxy saw and the scheme it was reached with.
struct Hop {
    address: Option<IpAddr>,
    https: Option<bool>,
}

/// Every comma-separated value of every `name` header, in order. Quotes are not honoured: a
/// client's value with a quote left open would otherwise take in the addresses its proxies add
/// after it (no address, scheme or obfuscated node a proxy writes holds a comma).
fn values(headers: &HeaderMap, name: &str) -> Vec<String> {
    headers
        .get_all(name)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(|part| part.trim().to_string())
        .collect()
}

/// A `Forwarded` element: `for=192.0.2.60;proto=https;by=203.0.113.43`.
fn hop_of(element: &str) -> Hop {
    let mut hop = Hop {
        address: None,
        https: None,
    };
    for pair in element.split(';') {
        let Some((name, value)) = pair.split_once('=') else {
            continue;
        };
        let value = value.trim().trim_matches('"');
        match name.trim().to_ascii_lowercase().as_str() {
            "for" => hop.address = node_address(value),
            "proto" => hop.https = Some(value.eq_ignore_ascii_case("https")),
            _ => {}
        }
    }
    hop
}

/// The address in a node: `192.0.2.43`, `192.0.2.43:47011`, `[2001:db8::17]:4711`, `2001:db8::17`;
/// `None` for `unknown` and obfuscated names.
fn node_address(node: &str) -> Option<IpAddr> {
    let node = node.trim().trim_matches('"');
    if let Some(rest) = node.strip_prefix('[') {
        return rest.split(']').next()?.parse().ok();
    }
    node.parse().ok().or_else(|| {
        let (host, port) = node.rsplit_once(':')?;
        port.parse::<u16>().ok()?;
        host.parse::<std::net::Ipv4Addr>().ok().map(IpAddr::V4)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(*name, value.parse().unwrap());
        }
        map
    }

    fn ranges(list: &[&str]) -> Vec<IpNet> {
        list.iter().map(|range| range.parse().unwrap()).collect()
    }

    fn address(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn headers_from_an_untrusted_peer_change_nothing() {
        let forged = headers(&[
            ("x-forwarded-for", "203.0.113.9"),
            ("forwarded", "for=203.0.113.9;proto=https"),
            ("x-real-ip", "203.0.113.9"),
            ("x-forwarded-proto", "https"),
        ]);
        for header in [
            ClientAddressHeader::XForwardedFor,
            ClientAddressHeader::Forwarded,
            ClientAddressHeader::XRealIp,
        ] {
            let origin = origin_of(
                address("198.51.100.4"),
                &forged,
                &ranges(&["10.0.0.0/8"]),
                header,
            );
            assert_eq!(
                origin,
                Source {
                    address: address("198.51.100.4"),
                    https: None
                },
                "{header:?}"
            );
            let nobody_trusted = origin_of(address("10.0.0.2"), &forged, &[], header);
            assert_eq!(nobody_trusted.address, address("10.0.0.2"), "{header:?}");
        }
    }

    #[test]
    fn the_right_most_untrusted_address_is_the_person() {
        let trusted = ranges(&["10.0.0.0/8", "::1/128"]);
        // The person typed a forged address in front; two of our proxies appended theirs.
        let chain = headers(&[
            ("x-forwarded-for", "6.6.6.6, 198.51.100.7"),
            ("x-forwarded-for", "10.1.2.3"),
            ("x-forwarded-proto", "http, https"),
        ]);
        let xff = ClientAddressHeader::XForwardedFor;
        let origin = origin_of(address("10.0.0.1"), &chain, &trusted, xff);
        assert_eq!(origin.address, address("198.51.100.7"));
        assert_eq!(origin.https, Some(true));
        let scheme_alone = headers(&[("x-forwarded-proto", "http")]);
        let origin = origin_of(address("10.0.0.1"), &scheme_alone, &trusted, xff);
        assert_eq!(origin.address, address("10.0.0.1"));
        assert_eq!(origin.https, Some(false));
        let every_hop_ours = headers(&[("x-forwarded-for", "10.9.9.9")]);
        assert_eq!(
            origin_of(address("::1"), &every_hop_ours, &trusted, xff).address,
            address("10.9.9.9")
        );
    }

    /// Each header names a different person, and each says another scheme.
    fn all_three() -> HeaderMap {
        headers(&[
            ("x-forwarded-for", "192.0.2.1"),
            ("x-forwarded-proto", "https"),
            ("forwarded", "for=192.0.2.2;proto=http"),
            ("x-real-ip", "192.0.2.3"),
        ])
    }

    #[test]
    fn only_the_header_the_operator_names_is_read() {
        let trusted = ranges(&["127.0.0.1/32"]);
        let from_nginx = |header| origin_of(address("127.0.0.1"), &all_three(), &trusted, header);
        assert_eq!(
            from_nginx(ClientAddressHeader::XForwardedFor),
            Source {
                address: address("192.0.2.1"),
                https: Some(true)
            }
        );
        assert_eq!(
            from_nginx(ClientAddressHeader::Forwarded),
            Source {
                address: address("192.0.2.2"),
                https: Some(false)
            }
        );
        assert_eq!(
            from_nginx(ClientAddressHeader::XRealIp),
            Source {
                address: address("192.0.2.3"),
                https: Some(true)
            }
        );
        assert_eq!(
            ClientAddressHeader::default(),
            ClientAddressHeader::XForwardedFor
        );
    }

    #[test]
    fn a_header_the_operator_did_not_name_changes_nothing() {
        use ClientAddressHeader::{Forwarded, XForwardedFor, XRealIp};
        let trusted = ranges(&["127.0.0.1/32"]);
        let nginx = address("127.0.0.1");
        // What nginx passes on untouched from a client that wrote it, whatever its form; the
        // scheme of a header that is not read is not read either.
        for (header, name, forged) in [
            (XForwardedFor, "forwarded", "for=203.0.113.9;proto=http"),
            (XForwardedFor, "forwarded", "for=\"[2001:db8::9]\""),
            (XForwardedFor, "x-real-ip", "203.0.113.9"),
            (Forwarded, "x-forwarded-for", "203.0.113.9"),
            (Forwarded, "x-real-ip", "2001:db8::9"),
            (Forwarded, "x-forwarded-proto", "http"),
            (XRealIp, "x-forwarded-for", "203.0.113.9"),
            (XRealIp, "forwarded", "for=203.0.113.9"),
        ] {
            let origin = origin_of(nginx, &headers(&[(name, forged)]), &trusted, header);
            assert_eq!(
                origin,
                Source {
                    address: nginx,
                    https: None
                },
                "{header:?} {name}: {forged}"
            );
        }
    }

    #[test]
    fn forwarded_is_read_in_every_node_form_from_the_right() {
        let trusted = ranges(&["127.0.0.1/32"]);
        let read = |value: &str| {
            origin_of(
                address("127.0.0.1"),
                &headers(&[("forwarded", value)]),
                &trusted,
                ClientAddressHeader::Forwarded,
            )
        };
        let chain = read(
            "for=192.0.2.60;proto=http;by=203.0.113.43, for=\"[2001:db8:cafe::17]:4711\";proto=https",
        );
        assert_eq!(chain.address, address("2001:db8:cafe::17"));
        assert_eq!(chain.https, Some(true));
        assert_eq!(
            read("For=\"192.0.2.43:47011\"").address,
            address("192.0.2.43")
        );
    }

    #[test]
    fn a_quote_a_client_leaves_open_takes_in_nothing_its_proxy_adds() {
        let trusted = ranges(&["127.0.0.1/32"]);
        let cases = [
            (
                ClientAddressHeader::XForwardedFor,
                "x-forwarded-for",
                "[203.0.113.9]\", 127.0.0.2",
            ),
            (
                ClientAddressHeader::XForwardedFor,
                "x-forwarded-for",
                "\"2001:db8::1, 127.0.0.2",
            ),
            (
                ClientAddressHeader::Forwarded,
                "forwarded",
                "for=\"[2001:db8::1], for=127.0.0.2",
            ),
            (
                ClientAddressHeader::XRealIp,
                "x-real-ip",
                "\"203.0.113.9, 127.0.0.2",
            ),
        ];
        for (header, name, value) in cases {
            let origin = origin_of(
                address("127.0.0.1"),
                &headers(&[(name, value)]),
                &trusted,
                header,
            );
            assert_eq!(origin.address, address("127.0.0.2"), "{name}: {value}");
        }
    }

    #[test]
    fn x_real_ip_is_read_from_the_right_too() {
        let trusted = ranges(&["127.0.0.1/32", "10.0.0.0/8"]);
        let chain = headers(&[
            ("x-real-ip", "6.6.6.6"),
            ("x-real-ip", "198.51.100.7, 10.0.0.9"),
        ]);
        let origin = origin_of(
            address("127.0.0.1"),
            &chain,
            &trusted,
            ClientAddressHeader::XRealIp,
        );
        assert_eq!(origin.address, address("198.51.100.7"));
    }

    #[test]
    fn an_unknown_hop_stops_at_the_last_trusted_proxy() {
        let trusted = ranges(&["127.0.0.1/32", "10.0.0.0/8"]);
        let hidden = headers(&[("forwarded", "for=192.0.2.1, for=unknown, for=10.0.0.5")]);
        assert_eq!(
            origin_of(
                address("127.0.0.1"),
                &hidden,
                &trusted,
                ClientAddressHeader::Forwarded
            )
            .address,
            address("10.0.0.5")
        );
        let garbage = headers(&[("x-forwarded-for", "not-an-address")]);
        assert_eq!(
            origin_of(
                address("127.0.0.1"),
                &garbage,
                &trusted,
                ClientAddressHeader::XForwardedFor
            )
            .address,
            address("127.0.0.1")
        );
    }
}
