//! What stands between the browser and the server: trusted proxies, the header they put the
//! client's address in, and the other origins whose pages may call the API.

use clap::Args;
use serde::{Deserialize, Serialize};

use super::default_name::default_name;

/// The proxies in front of the server, and the pages elsewhere that may call the API.
#[derive(Args, Serialize, Deserialize, Clone, Debug, Default)]
#[serde(default)]
pub struct Proxies {
    /// The proxies and load balancers in front of the server, comma-separated addresses or CIDR
    /// ranges, e.g. `10.0.0.0/8,::1`: only from these is the client address header believed
    /// [default: none, the connection's own address counts].
    #[arg(
        long,
        global = true,
        env = "LATCHKEY_TRUSTED_PROXIES",
        value_delimiter = ','
    )]
    pub trusted_proxies: Option<Vec<String>>,
    /// The one header a trusted proxy puts the client's address in: `x-forwarded-for`,
    /// `forwarded` or `x-real-ip`; every other forwarding header is ignored.
    #[arg(
        long,
        global = true,
        env = "LATCHKEY_CLIENT_ADDRESS_HEADER",
        default_value = default_name::<ClientAddressHeader>()
    )]
    pub client_address_header: Option<ClientAddressHeader>,
    /// Pages on other origins whose scripts may call the API with the person's cookie (when
    /// index.html's `latchkey-api` names this server from elsewhere), comma-separated, e.g.
    /// `https://sspr.contoso.com` [default: none, the API answers its own origin only].
    #[arg(
        long,
        global = true,
        env = "LATCHKEY_CORS_ORIGINS",
        value_delimiter = ','
    )]
    pub cors_origins: Option<Vec<String>>,
}

/// The header a trusted proxy puts the client's address in (security.md 51).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum ClientAddressHeader {
    /// `X-Forwarded-For`, with the scheme in `X-Forwarded-Proto` (nginx, Caddy, most balancers).
    #[default]
    XForwardedFor,
    /// `Forwarded` (RFC 7239), with the scheme in its `proto=`.
    Forwarded,
    /// `X-Real-IP`, with the scheme in `X-Forwarded-Proto`.
    XRealIp,
}
