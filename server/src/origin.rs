//! Who is asking, in the flows' terms: the address (in full, and the network limits count), the
//! browser, and the language of the page they are on. The HTTP layer finds it; the flows record it.

use std::net::IpAddr;

use latchkey_api::Language;

use crate::clock::Timestamp;
use crate::config::Config;

/// The request's origin as far as the server can tell.
#[derive(Clone, Debug)]
pub struct Origin {
    /// The address in full, for the audit log.
    pub ip: String,
    /// What per-address limits count: the address itself for IPv4, its /64 for IPv6 (one
    /// subscriber usually holds a whole /64, so counting single addresses would count nothing).
    pub network: String,
    pub user_agent: String,
    /// The first language of `Accept-Language` that Latchkey speaks (the page sends its own).
    pub language: Option<Language>,
}

impl Origin {
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

/// The network an address is counted in: an IPv4 address alone (an IPv4-mapped IPv6 address
/// as IPv4), an IPv6 address's /64.
pub fn network_of(address: IpAddr) -> String {
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

/// An action under way: who asked, when, and under which settings; what every flow is given.
#[derive(Clone, Copy)]
pub struct Context<'a> {
    pub config: &'a Config,
    pub origin: &'a Origin,
    pub now: Timestamp,
}

impl Context<'_> {
    /// The language to write to `user` in: theirs, else the page's, else the organisation's.
    pub fn language_for(&self, user: &crate::store::User) -> Language {
        self.config.language_for(user, self.origin.language)
    }
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
}
