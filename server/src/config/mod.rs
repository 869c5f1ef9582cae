//! Server settings: each one a command-line flag, a `LATCHKEY_*` environment variable and a key
//! in the TOML file named by `LATCHKEY_CONFIG` — in that order of precedence, then the default —
//! declared once in `settings/`, and here checked and turned into the [`Config`] in force.

mod countries;
mod directory;
mod secret;
mod settings;
mod spending;

use std::net::SocketAddr;
use std::path::PathBuf;

use anyhow::Context;

pub use countries::Countries;
pub use directory::LdapSettings;
pub use latchkey_api::Language;
pub use secret::Secret;
use settings::defaulted;
pub use settings::{
    ClientAddressHeader, Delivery, Directory, DirectoryKind, Gateway, Keys, Limits, LogFormat,
    Messaging, Organisation, Proxies, ServeArgs, Server, Spending, Staff, parse_command_line,
};
pub use spending::SpendingRules;

/// How many sign-ins may wait for each hashing thread unless `password_hash_queue` says: at
/// ~21 ms a check, 32 keep the longest wait under a second, and a burst of a few dozen people
/// all get in.
pub const QUEUE_PER_THREAD: usize = 32;

/// The webhook gateway's address and signing secret.
#[derive(Clone, Debug)]
pub struct WebhookSettings {
    pub url: String,
    pub secret: Secret,
}

/// Twilio's account, token, sending number and API address.
#[derive(Clone, Debug)]
pub struct TwilioSettings {
    pub account_sid: String,
    pub auth_token: Secret,
    pub from: String,
    pub api_url: String,
}

/// The settings in force.
#[derive(Clone, Debug)]
pub struct Config {
    pub listen: SocketAddr,
    pub database_url: String,
    pub database_pool_size: u32,
    pub dist: PathBuf,
    pub development_mode: bool,
    pub organisation_name: String,
    pub helpdesk_url: String,
    pub public_url: Option<String>,
    pub organisation_domains: Vec<String>,
    pub default_country: Option<String>,
    /// The countries texts and calls may go to (security.md 61).
    pub sms_countries: Countries,
    pub voice_countries: Countries,
    /// Neither `default_country` nor a country list is set: texts and calls go to every
    /// country (the start-up log and the console warn).
    pub open_to_every_country: bool,
    pub methods_required: u32,
    /// May hold the relay's password, so it is a [`Secret`].
    pub smtp_url: Option<Secret>,
    pub smtp_ca_file: Option<PathBuf>,
    pub email_from: String,
    pub message_language: Language,
    pub sms_gateway: Option<Gateway>,
    pub voice_gateway: Option<Gateway>,
    /// Set when a channel uses the webhook gateway.
    pub webhook: Option<WebhookSettings>,
    /// Set when a channel uses Twilio.
    pub twilio: Option<TwilioSettings>,
    pub reset_puzzle_difficulty: u8,
    pub password_min_length: usize,
    pub password_hash_concurrency: usize,
    /// Sign-ins that may wait for a password check (security.md 56).
    pub password_hash_queue: usize,
    /// Connections served at once, if set lower than the open-file limit allows (security.md 55).
    pub max_connections: Option<usize>,
    /// The key that seals authenticator app seeds; the database keeps one in development mode.
    pub secret_key: Option<Secret>,
    pub reconfirm_days: u32,
    pub passkey_rp_id: String,
    pub passkey_origins: Vec<url::Url>,
    /// Checked for contrast when the settings are read.
    pub accent_colour: Option<String>,
    pub logo_url: Option<String>,
    pub helpdesk_text: String,
    pub sign_in_message: Option<String>,
    /// Proxies whose client address header is believed (security.md 51).
    pub trusted_proxies: Vec<ipnet::IpNet>,
    /// The one header the trusted proxies' client address is read from.
    pub client_address_header: ClientAddressHeader,
    /// Origins allowed to call the API from their pages, as `https://host[:port]` (security.md 39).
    pub cors_origins: Vec<String>,
    pub metrics_listen: Option<SocketAddr>,
    pub log_format: LogFormat,
    pub audit_retention_days: u32,
    /// Usernames given IT support's roles by configuration (lowercase).
    pub helpdesk_users: Vec<String>,
    pub admin_users: Vec<String>,
    /// The LDAP directory or Active Directory passwords live in; `None`: the built-in store.
    pub directory: Option<LdapSettings>,
    /// Daily caps, the budget and the automatic pause of texts and calls.
    pub spending: SpendingRules,
}

impl Config {
    /// IT support's role of `user`: the one stored (`latchkey-server user role`), the one the
    /// configuration names their username in, or the one the directory's groups give them —
    /// the strongest.
    pub fn role_of(&self, user: &crate::store::User) -> Option<crate::staff::Role> {
        use crate::staff::Role;
        let named = |names: &[String]| names.contains(&user.username);
        let has = |role| user.role == Some(role) || user.directory_role == Some(role);
        if has(Role::Admin) || named(&self.admin_users) {
            Some(Role::Admin)
        } else if has(Role::Helpdesk) || named(&self.helpdesk_users) {
            Some(Role::Helpdesk)
        } else {
            None
        }
    }

    /// The language of messages to `user`: the one they picked, else the language of the page
    /// they are using (`page`, when they are using one), else the organisation's.
    pub fn language_for(&self, user: &crate::store::User, page: Option<Language>) -> Language {
        user.language.or(page).unwrap_or(self.message_language)
    }

    /// Settings for tests: development mode, in-memory SQLite, no SPA folder.
    pub fn for_tests() -> Self {
        let mut args = ServeArgs::default();
        args.server.database_url = Some("sqlite::memory:".into());
        args.server.dev = Some(true);
        args.server.dist = Some(PathBuf::from("/nonexistent"));
        args.limits.password_hash_concurrency = Some(2);
        Self::resolve(args).expect("test settings are valid")
    }

    /// Merges flags and environment over the config file over the defaults, and checks the result.
    pub fn resolve(args: ServeArgs) -> anyhow::Result<Self> {
        let ServeArgs {
            server,
            organisation,
            delivery,
            limits,
            messaging,
            keys,
            proxies,
            staff,
            spending,
            directory,
            config: _,
        } = args.merged()?;
        let spending = spending::resolve(spending)?;
        let development_mode = defaulted(server.dev);
        let directory = directory::resolve(&directory, development_mode)?;
        let password_min_length = defaulted(limits.password_min_length);
        anyhow::ensure!(
            (8..=latchkey_api::validation::PASSWORD_MAX_LENGTH).contains(&password_min_length),
            "password_min_length must be between 8 and 128 (it is {password_min_length})"
        );
        let public_url = server.public_url;
        if let Some(url) = &public_url {
            anyhow::ensure!(
                url.starts_with("https://") || url.starts_with("http://"),
                "public_url must start with https:// or http:// (it is {url:?})"
            );
        }
        let concurrency = limits
            .password_hash_concurrency
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(2, |n| n.get()));
        anyhow::ensure!(
            concurrency > 0,
            "password_hash_concurrency must be at least 1"
        );
        let password_hash_queue = limits
            .password_hash_queue
            .unwrap_or(concurrency * QUEUE_PER_THREAD);
        anyhow::ensure!(
            limits.max_connections != Some(0),
            "max_connections must be at least 1"
        );
        let database_pool_size = defaulted(server.database_pool_size);
        anyhow::ensure!(
            database_pool_size > 0,
            "database_pool_size must be at least 1"
        );
        let methods_required = defaulted(limits.methods_required);
        anyhow::ensure!(
            (1..=2).contains(&methods_required),
            "methods_required must be 1 or 2 (it is {methods_required})"
        );
        let organisation_domains = organisation
            .organisation_domains
            .unwrap_or_else(|| {
                if development_mode {
                    vec!["example.com".into()]
                } else {
                    Vec::new()
                }
            })
            .into_iter()
            .map(|domain| domain.trim().trim_start_matches('@').to_lowercase())
            .filter(|domain| !domain.is_empty())
            // Compared with addresses as stored: in A-labels (security.md 41).
            .map(|domain| {
                idna::domain_to_ascii_strict(&domain).with_context(|| {
                    format!("organisation_domains: {domain:?} is not a domain name")
                })
            })
            .collect::<anyhow::Result<_>>()?;
        let organisation_name = defaulted(organisation.organisation_name);
        let email_from = delivery
            .email_from
            .unwrap_or_else(|| format!("{organisation_name} <no-reply@localhost>"));
        let default_country = organisation
            .default_country
            .map(|region| region.trim().to_uppercase());
        if let Some(region) = &default_country {
            anyhow::ensure!(
                latchkey_api::countries::find(region).is_some(),
                "default_country must be an ISO 3166 region with phone numbers, e.g. US (it is {region:?})"
            );
        }
        let open_to_every_country = default_country.is_none()
            && messaging.sms_countries.is_none()
            && messaging.voice_countries.is_none();
        let sms_countries = Countries::resolve(
            "sms_countries",
            messaging.sms_countries,
            default_country.as_deref(),
        )?;
        let voice_countries = Countries::resolve(
            "voice_countries",
            messaging.voice_countries,
            default_country.as_deref(),
        )?;
        let reset_puzzle_difficulty = defaulted(limits.reset_puzzle_difficulty);
        anyhow::ensure!(
            (1..=28).contains(&reset_puzzle_difficulty),
            "reset_puzzle_difficulty must be between 1 and 28 (it is {reset_puzzle_difficulty})"
        );
        let sms_gateway = delivery.sms_gateway;
        let voice_gateway = delivery.voice_gateway;
        let uses = |gateway| sms_gateway == Some(gateway) || voice_gateway == Some(gateway);
        let webhook = if uses(Gateway::Webhook) {
            let url = delivery.webhook_url.context(
                "webhook_url is needed when sms_gateway or voice_gateway is \"webhook\"",
            )?;
            anyhow::ensure!(
                url.starts_with("https://") || url.starts_with("http://"),
                "webhook_url must start with https:// or http:// (it is {url:?})"
            );
            let secret = delivery.webhook_secret.context(
                "webhook_secret is needed when sms_gateway or voice_gateway is \"webhook\"",
            )?;
            anyhow::ensure!(
                secret.expose().chars().count() >= 32,
                "webhook_secret must be at least 32 characters long"
            );
            Some(WebhookSettings { url, secret })
        } else {
            None
        };
        let twilio = if uses(Gateway::Twilio) {
            fn needed<T>(value: Option<T>, key: &str) -> anyhow::Result<T> {
                value.with_context(|| {
                    format!("{key} is needed when sms_gateway or voice_gateway is \"twilio\"")
                })
            }
            Some(TwilioSettings {
                account_sid: needed(delivery.twilio_account_sid, "twilio_account_sid")?,
                auth_token: needed(delivery.twilio_auth_token, "twilio_auth_token")?,
                from: needed(delivery.twilio_from, "twilio_from")?,
                api_url: defaulted(delivery.twilio_api_url)
                    .trim_end_matches('/')
                    .to_string(),
            })
        } else {
            None
        };
        let secret_key = keys.secret_key;
        if let Some(key) = &secret_key {
            anyhow::ensure!(
                crate::sealing::SealingKey::from_base64(key.expose()).is_some(),
                "secret_key must be 32 bytes in base64, e.g. from `openssl rand -base64 32`"
            );
        }
        let listen = defaulted(server.listen);
        let (passkey_rp_id, passkey_origins) = passkey_settings(
            keys.passkey_rp_id,
            keys.passkey_origins,
            public_url.as_deref(),
            development_mode.then_some(listen.port()),
        )?;
        let accent_colour = organisation
            .accent_colour
            .map(|colour: String| crate::branding::check_accent(&colour))
            .transpose()
            .map_err(anyhow::Error::msg)?;
        let logo_url = organisation.logo_url;
        if let Some(logo) = &logo_url {
            anyhow::ensure!(
                logo.starts_with("https://") || logo.starts_with('/'),
                "logo_url must be an https:// address or a path on this server (it is {logo:?})"
            );
        }
        let sign_in_message = organisation
            .sign_in_message
            .map(|message| message.trim().to_string())
            .filter(|message| !message.is_empty());
        anyhow::ensure!(
            sign_in_message
                .as_ref()
                .is_none_or(|m| m.chars().count() <= 500),
            "sign_in_message must be at most 500 characters"
        );
        // A gateway reports how a call ended by calling the portal back.
        anyhow::ensure!(
            voice_gateway.is_none() || public_url.is_some(),
            "public_url is needed with voice_gateway: the gateway reports call results to it"
        );
        let trusted_proxies = proxies
            .trusted_proxies
            .unwrap_or_default()
            .iter()
            .map(|text| trusted_proxy(text))
            .collect::<anyhow::Result<_>>()?;
        let cors_origins = proxies
            .cors_origins
            .unwrap_or_default()
            .iter()
            .map(|text| cors_origin(text))
            .collect::<anyhow::Result<_>>()?;
        let audit_retention_days = defaulted(limits.audit_retention_days);
        anyhow::ensure!(
            audit_retention_days >= 1,
            "audit_retention_days must be at least 1"
        );
        let usernames = |names: Option<Vec<String>>| -> Vec<String> {
            names
                .unwrap_or_default()
                .iter()
                .map(|name| name.trim().to_lowercase())
                .filter(|name| !name.is_empty())
                .collect()
        };
        let helpdesk_users = usernames(staff.helpdesk_users);
        let admin_users = usernames(staff.admin_users);
        Ok(Self {
            listen,
            database_url: defaulted(server.database_url),
            database_pool_size,
            dist: defaulted(server.dist),
            development_mode,
            organisation_name,
            helpdesk_url: defaulted(organisation.helpdesk_url),
            public_url,
            organisation_domains,
            default_country,
            sms_countries,
            voice_countries,
            open_to_every_country,
            methods_required,
            smtp_url: delivery.smtp_url,
            smtp_ca_file: delivery.smtp_ca_file,
            email_from,
            message_language: defaulted(organisation.message_language),
            sms_gateway,
            voice_gateway,
            webhook,
            twilio,
            reset_puzzle_difficulty,
            password_min_length,
            password_hash_concurrency: concurrency,
            password_hash_queue,
            max_connections: limits.max_connections,
            secret_key,
            reconfirm_days: defaulted(limits.reconfirm_days),
            passkey_rp_id,
            passkey_origins,
            accent_colour,
            logo_url,
            helpdesk_text: organisation.helpdesk_text.unwrap_or_default(),
            sign_in_message,
            trusted_proxies,
            client_address_header: defaulted(proxies.client_address_header),
            cors_origins,
            metrics_listen: server.metrics_listen,
            log_format: defaulted(server.log_format),
            audit_retention_days,
            helpdesk_users,
            admin_users,
            spending,
            directory,
        })
    }

    /// The countries texts (`sms`) or calls (`voice`) may reach; none for other channels.
    pub fn countries_reached_by(
        &self,
        channel: latchkey_api::types::Channel,
    ) -> Option<&Countries> {
        use latchkey_api::types::Channel;
        match channel {
            Channel::Sms => Some(&self.sms_countries),
            Channel::Voice => Some(&self.voice_countries),
            _ => None,
        }
    }

    /// Whether an address is at one of the organisation's own domains (or a subdomain).
    pub fn is_organisation_address(&self, email: &str) -> bool {
        let domain = email.rsplit('@').next().unwrap_or_default().to_lowercase();
        self.organisation_domains
            .iter()
            .any(|own| domain == *own || domain.ends_with(&format!(".{own}")))
    }

    /// The address a gateway calls back at for `path` (which starts with `/`).
    pub fn public_address(&self, path: &str) -> String {
        let base = self.public_url.as_deref().unwrap_or("http://localhost");
        format!("{}{path}", base.trim_end_matches('/'))
    }

    /// Whether users reach the portal over HTTPS (`Secure` cookies, `__Host-` prefix, HSTS).
    pub fn is_https(&self) -> bool {
        self.public_url
            .as_deref()
            .is_some_and(|url| url.starts_with("https://"))
    }
}

/// A trusted proxy's address or range: `10.0.0.0/8`, `::1/128`, or one address alone.
fn trusted_proxy(text: &str) -> anyhow::Result<ipnet::IpNet> {
    let text = text.trim();
    text.parse::<ipnet::IpNet>()
        .or_else(|_| text.parse::<std::net::IpAddr>().map(ipnet::IpNet::from))
        .map(|range| range.trunc())
        .with_context(|| {
            format!("trusted_proxies: {text:?} is not an address or a range like 10.0.0.0/8")
        })
}

/// An origin allowed to call the API from its pages: `https://host` or `http://host:port`, as a
/// browser sends it in `Origin` (never `null` nor `*`, never a path).
fn cors_origin(text: &str) -> anyhow::Result<String> {
    let text = text.trim();
    let url = url::Url::parse(text).ok();
    let origin = url
        .as_ref()
        .filter(|url| matches!(url.scheme(), "https" | "http"))
        // A name (in A-labels) or an address: no wildcard.
        .filter(|url| {
            url.host_str().is_some_and(|host| {
                host.chars()
                    .all(|c| c.is_ascii_alphanumeric() || ".-[]:".contains(c))
            })
        })
        .filter(|url| url.path() == "/" && url.query().is_none() && url.fragment().is_none())
        .filter(|url| url.username().is_empty() && url.password().is_none())
        .map(|url| url.origin().ascii_serialization());
    origin.with_context(|| {
        format!("cors_origins: {text:?} is not an origin like https://sspr.contoso.com")
    })
}

/// Where passkeys work: the domain they are bound to and the addresses they may be used from.
fn passkey_settings(
    rp_id: Option<String>,
    origins: Option<Vec<String>>,
    public_url: Option<&str>,
    development_port: Option<u16>,
) -> anyhow::Result<(String, Vec<url::Url>)> {
    let origins: Vec<String> = match (origins, public_url, development_port) {
        (Some(origins), _, _) => origins,
        (None, Some(public), _) => vec![public.trim_end_matches('/').to_string()],
        (None, None, Some(port)) => vec![format!("http://localhost:{port}")],
        (None, None, None) => vec!["http://localhost".into()],
    };
    let origins = origins
        .iter()
        .map(|origin| {
            url::Url::parse(origin.trim())
                .with_context(|| format!("passkey_origins: {origin:?} is not an address"))
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    let rp_id = match rp_id {
        Some(id) => id.trim().to_lowercase(),
        None => origins
            .first()
            .and_then(|origin| origin.host_str())
            .unwrap_or("localhost")
            .to_string(),
    };
    for origin in &origins {
        let host = origin.host_str().unwrap_or_default();
        anyhow::ensure!(
            host == rp_id || host.ends_with(&format!(".{rp_id}")),
            "passkey_rp_id {rp_id:?} must be the host of every passkey origin or a parent \
             domain of it ({origin} is not)"
        );
    }
    Ok((rp_id, origins))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Settings with what `set` sets given, and nothing else.
    fn settings(set: impl FnOnce(&mut ServeArgs)) -> ServeArgs {
        let mut args = ServeArgs::default();
        set(&mut args);
        args
    }

    #[test]
    fn defaults_match_the_documentation() {
        let config = Config::resolve(ServeArgs::default()).unwrap();
        assert_eq!(config.listen.to_string(), "127.0.0.1:3000");
        assert_eq!(config.database_url, "sqlite:latchkey.db");
        assert_eq!(config.dist, PathBuf::from("dist"));
        assert!(!config.development_mode);
        assert_eq!(config.password_min_length, 12);
        assert!(!config.is_https());
        assert_eq!(config.reconfirm_days, 180);
        assert!(config.secret_key.is_none());
    }

    #[test]
    fn an_accent_colour_that_fails_contrast_is_refused_at_start_up() {
        let pale = Config::resolve(settings(|args| {
            args.organisation.accent_colour = Some("#7fb3ff".into())
        }));
        assert!(pale.unwrap_err().to_string().contains("contrast"));
        let dark = Config::resolve(settings(|args| {
            args.organisation.accent_colour = Some("#0B5394".into())
        }))
        .unwrap();
        assert_eq!(dark.accent_colour.as_deref(), Some("#0b5394"));
        let logo = Config::resolve(settings(|args| {
            args.organisation.logo_url = Some("http://insecure.example/logo.png".into())
        }));
        assert!(logo.unwrap_err().to_string().contains("logo_url"));
    }

    #[test]
    fn passkeys_are_bound_to_the_public_address_or_localhost() {
        let development = Config::resolve(settings(|args| args.server.dev = Some(true))).unwrap();
        assert_eq!(development.passkey_rp_id, "localhost");
        assert_eq!(
            development.passkey_origins[0].as_str(),
            "http://localhost:3000/"
        );
        let public = Config::resolve(settings(|args| {
            args.server.public_url = Some("https://sspr.contoso.com/".into())
        }))
        .unwrap();
        assert_eq!(public.passkey_rp_id, "sspr.contoso.com");
        let parent = Config::resolve(settings(|args| {
            args.server.public_url = Some("https://sspr.contoso.com".into());
            args.keys.passkey_rp_id = Some("contoso.com".into());
        }));
        assert!(parent.is_ok(), "a parent domain may be the relying party");
        let elsewhere = Config::resolve(settings(|args| {
            args.server.public_url = Some("https://sspr.contoso.com".into());
            args.keys.passkey_rp_id = Some("fabrikam.com".into());
        }));
        assert!(elsewhere.unwrap_err().to_string().contains("passkey_rp_id"));
    }

    #[test]
    fn flags_win_over_the_file_and_the_file_over_defaults() {
        let dir = std::env::temp_dir().join(format!("latchkey-config-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("latchkey.toml");
        std::fs::write(
            &file,
            "listen = \"127.0.0.1:4000\"\norganisation_name = \"Fabrikam\"\npublic_url = \"https://sspr.fabrikam.example\"\n",
        )
        .unwrap();
        let config = Config::resolve(settings(|args| {
            args.config = Some(file.clone());
            args.organisation.organisation_name = Some("Northwind".into());
        }))
        .unwrap();
        assert_eq!(config.listen.to_string(), "127.0.0.1:4000");
        assert_eq!(config.organisation_name, "Northwind");
        assert!(config.is_https());
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn defaults_the_command_line_leaves_unset_stay_below_the_file() {
        #[derive(clap::Parser)]
        struct Line {
            #[command(flatten)]
            settings: ServeArgs,
        }
        let dir = std::env::temp_dir().join(format!("latchkey-layers-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("latchkey.toml");
        std::fs::write(&file, "database_pool_size = 3\nlog_format = \"json\"\n").unwrap();
        let line: Line = parse_command_line([
            "latchkey-server".as_ref(),
            "--config".as_ref(),
            file.as_os_str(),
            "--reconfirm-days".as_ref(),
            "7".as_ref(),
        ])
        .unwrap();
        let config = Config::resolve(line.settings).unwrap();
        assert_eq!(config.database_pool_size, 3);
        assert_eq!(config.log_format, LogFormat::Json);
        assert_eq!(config.reconfirm_days, 7);
        assert_eq!(config.audit_retention_days, 400);
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn the_example_file_is_valid() {
        let example =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../latchkey.example.toml");
        Config::resolve(settings(|args| args.config = Some(example))).unwrap();
    }

    #[test]
    fn bad_settings_are_refused_with_a_reason() {
        let short = Config::resolve(settings(|args| args.limits.password_min_length = Some(4)));
        assert!(
            short
                .unwrap_err()
                .to_string()
                .contains("password_min_length")
        );
        let url = Config::resolve(settings(|args| {
            args.server.public_url = Some("sspr.example".into())
        }));
        assert!(url.unwrap_err().to_string().contains("public_url"));
        let country = Config::resolve(settings(|args| {
            args.organisation.default_country = Some("Atlantis".into())
        }));
        assert!(country.unwrap_err().to_string().contains("default_country"));
    }

    #[test]
    fn texts_and_calls_go_to_the_default_country_alone_unless_opened() {
        let open = Config::resolve(settings(|_| ())).unwrap();
        assert!(open.open_to_every_country);
        assert_eq!(open.sms_countries, Countries::Every);
        let german = Config::resolve(settings(|args| {
            args.organisation.default_country = Some("de".into())
        }))
        .unwrap();
        assert!(!german.open_to_every_country);
        assert_eq!(german.sms_countries, Countries::Only(vec!["DE".into()]));
        assert_eq!(german.voice_countries, Countries::Only(vec!["DE".into()]));
        let listed = Config::resolve(settings(|args| {
            args.messaging.voice_countries = Some(vec!["*".into()])
        }))
        .unwrap();
        assert!(
            !listed.open_to_every_country,
            "a list set says so on purpose"
        );
        let unknown = Config::resolve(settings(|args| {
            args.messaging.sms_countries = Some(vec!["DE".into(), "Atlantis".into()])
        }));
        assert!(unknown.unwrap_err().to_string().contains("sms_countries"));
    }

    #[test]
    fn gateways_need_their_settings() {
        let webhook = Config::resolve(settings(|args| {
            args.delivery.sms_gateway = Some(Gateway::Webhook)
        }));
        assert!(webhook.unwrap_err().to_string().contains("webhook_url"));
        let short_secret = Config::resolve(settings(|args| {
            args.delivery.sms_gateway = Some(Gateway::Webhook);
            args.delivery.webhook_url = Some("https://gateway.example".into());
            args.delivery.webhook_secret = Some("short".into());
        }));
        assert!(short_secret.unwrap_err().to_string().contains("32"));
        let twilio = Config::resolve(settings(|args| {
            args.delivery.voice_gateway = Some(Gateway::Twilio);
            args.delivery.twilio_account_sid = Some("AC123".into());
        }));
        assert!(
            twilio
                .unwrap_err()
                .to_string()
                .contains("twilio_auth_token")
        );
        let no_callback = Config::resolve(settings(|args| {
            args.delivery.voice_gateway = Some(Gateway::Twilio);
            args.delivery.twilio_account_sid = Some("AC123".into());
            args.delivery.twilio_auth_token = Some("token".into());
            args.delivery.twilio_from = Some("+14255550100".into());
        }));
        assert!(no_callback.unwrap_err().to_string().contains("public_url"));
    }

    #[test]
    fn yes_and_no_are_written_every_way_people_write_them() {
        #[derive(clap::Parser)]
        struct Line {
            #[command(flatten)]
            settings: ServeArgs,
        }
        let dev = |given: &[&str]| {
            let line: Line =
                parse_command_line(std::iter::once("latchkey-server").chain(given.iter().copied()))
                    .map_err(|error| error.to_string())?;
            Ok::<_, String>(line.settings.server.dev)
        };
        for yes in ["1", "true", "yes", "on", "TRUE", "Yes"] {
            assert_eq!(dev(&["--dev", yes]), Ok(Some(true)), "{yes}");
        }
        for no in ["0", "false", "no", "off"] {
            assert_eq!(dev(&["--dev", no]), Ok(Some(false)), "{no}");
        }
        assert_eq!(dev(&["--dev"]), Ok(Some(true)));
        assert_eq!(dev(&[]), Ok(None));
        assert!(dev(&["--dev", "maybe"]).is_err());
    }

    #[test]
    fn organisation_domains_are_compared_in_a_labels() {
        let config = Config::resolve(settings(|args| {
            args.organisation.organisation_domains = Some(vec!["@Bücher.Example".into()])
        }))
        .unwrap();
        assert_eq!(config.organisation_domains, ["xn--bcher-kva.example"]);
        assert!(config.is_organisation_address("jane@xn--bcher-kva.example"));
    }

    #[test]
    fn trusted_proxies_are_addresses_or_ranges() {
        let config = Config::resolve(settings(|args| {
            args.proxies.trusted_proxies = Some(vec![
                "127.0.0.1/32".into(),
                " ::1 ".into(),
                "10.1.2.3/8".into(),
            ])
        }))
        .unwrap();
        let shown: Vec<String> = config
            .trusted_proxies
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(shown, ["127.0.0.1/32", "::1/128", "10.0.0.0/8"]);
        let wrong = Config::resolve(settings(|args| {
            args.proxies.trusted_proxies = Some(vec!["nginx.internal".into()])
        }));
        assert!(wrong.unwrap_err().to_string().contains("trusted_proxies"));
    }

    #[test]
    fn the_client_address_header_is_one_of_three_and_nothing_else() {
        #[derive(clap::Parser)]
        struct Line {
            #[command(flatten)]
            settings: ServeArgs,
        }
        let given = |value: &str| {
            let line: Line =
                parse_command_line(["latchkey-server", "--client-address-header", value])
                    .map_err(|error| error.to_string())?;
            Ok::<_, String>(line.settings.proxies.client_address_header)
        };
        assert_eq!(
            given("x-forwarded-for"),
            Ok(Some(ClientAddressHeader::XForwardedFor))
        );
        assert_eq!(given("forwarded"), Ok(Some(ClientAddressHeader::Forwarded)));
        assert_eq!(given("x-real-ip"), Ok(Some(ClientAddressHeader::XRealIp)));
        let refused = given("true-client-ip").unwrap_err();
        for named in [
            "client-address-header",
            "x-forwarded-for",
            "forwarded",
            "x-real-ip",
        ] {
            assert!(refused.contains(named), "{named} not in {refused}");
        }
        let config = Config::resolve(ServeArgs::default()).unwrap();
        assert_eq!(
            config.client_address_header,
            ClientAddressHeader::XForwardedFor
        );
        // In the file too, the same three names.
        let dir = std::env::temp_dir().join(format!("latchkey-header-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("latchkey.toml");
        let from_file = |value: &str| {
            std::fs::write(&file, format!("client_address_header = \"{value}\"\n")).unwrap();
            Config::resolve(settings(|args| args.config = Some(file.clone())))
                .map(|config| config.client_address_header)
                .map_err(|error| format!("{error:#}"))
        };
        assert_eq!(from_file("x-real-ip"), Ok(ClientAddressHeader::XRealIp));
        let refused = from_file("X-Client-IP").unwrap_err();
        for named in ["client_address_header", "x-forwarded-for", "x-real-ip"] {
            assert!(refused.contains(named), "{named} not in {refused}");
        }
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn cors_origins_are_origins_and_never_null_or_any() {
        let config = Config::resolve(settings(|args| {
            args.proxies.cors_origins = Some(vec![
                "https://Portal.Example.com/".into(),
                " http://localhost:8080 ".into(),
            ])
        }))
        .unwrap();
        assert_eq!(
            config.cors_origins,
            ["https://portal.example.com", "http://localhost:8080"]
        );
        for wrong in [
            "null",
            "*",
            "https://*.example.com",
            "portal.example.com",
            "https://portal.example.com/app",
            "ftp://portal.example.com",
            "https://user@portal.example.com",
        ] {
            let refused = Config::resolve(settings(|args| {
                args.proxies.cors_origins = Some(vec![wrong.into()])
            }));
            assert!(
                refused.unwrap_err().to_string().contains("cors_origins"),
                "{wrong}"
            );
        }
    }

    #[test]
    fn secrets_never_show_in_debug_output() {
        let args = settings(|args| {
            args.delivery.sms_gateway = Some(Gateway::Twilio);
            args.delivery.twilio_account_sid = Some("AC123".into());
            args.delivery.twilio_auth_token = Some("very-secret-token".into());
            args.delivery.twilio_from = Some("+14255550100".into());
            args.keys.secret_key = Some("BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc=".into());
            args.delivery.smtp_url = Some("smtp://mailer:relay-password@mail.example.com".into());
            args.delivery.webhook_secret = Some("a-webhook-secret-of-32-characters-ok".into());
        });
        let settings = format!("{args:?}");
        let config = format!("{:?}", Config::resolve(args).unwrap());
        for shown in [settings, config] {
            for secret in [
                "very-secret-token",
                "BwcHBwcH",
                "relay-password",
                "webhook-secret",
            ] {
                assert!(!shown.contains(secret), "{secret} in {shown}");
            }
        }
    }
}
