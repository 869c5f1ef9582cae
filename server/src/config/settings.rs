//! The settings as given: each a command-line flag, a `LATCHKEY_*` environment variable and a key
//! in the TOML file named by `LATCHKEY_CONFIG`, in that order of precedence.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::Args;
use clap::builder::BoolishValueParser;
use serde::Deserialize;

use super::Secret;
use super::directory::DirectoryKind;
use crate::security_info::messages::Language;

/// The settings as given on the command line, in the environment or in the TOML file; each is
/// optional, and [`ServeArgs::or`] fills what one source left unset from the next.
#[derive(Args, Deserialize, Clone, Debug, Default)]
#[serde(default, deny_unknown_fields)]
pub struct ServeArgs {
    /// Address and port to listen on [default: 127.0.0.1:3000].
    #[arg(long, global = true, env = "LATCHKEY_LISTEN")]
    pub listen: Option<SocketAddr>,
    /// Database URL: `sqlite:PATH` (created if missing) or `postgres://…` [default: sqlite:latchkey.db].
    #[arg(long, global = true, env = "LATCHKEY_DATABASE_URL")]
    pub database_url: Option<String>,
    /// Folder of the built SPA to serve [default: dist].
    #[arg(long, global = true, env = "LATCHKEY_DIST")]
    pub dist: Option<PathBuf>,
    /// Most database connections this server keeps open [default: 8].
    #[arg(long, global = true, env = "LATCHKEY_DATABASE_POOL_SIZE")]
    pub database_pool_size: Option<u32>,
    /// Development mode: dev outbox, demo account, no HTTPS requirement.
    #[arg(long, global = true, env = "LATCHKEY_DEV", num_args = 0..=1,
          default_missing_value = "true", value_parser = BoolishValueParser::new())]
    pub dev: Option<bool>,
    /// A TOML file with any of these settings (keys as in `latchkey.example.toml`).
    #[arg(long, global = true, env = "LATCHKEY_CONFIG")]
    #[serde(skip)]
    pub config: Option<PathBuf>,
    /// The organisation's name, shown on every page [default: Contoso].
    #[arg(long, global = true, env = "LATCHKEY_ORGANISATION_NAME")]
    pub organisation_name: Option<String>,
    /// Where employees get help [default: mailto:helpdesk@example.com].
    #[arg(long, global = true, env = "LATCHKEY_HELPDESK_URL")]
    pub helpdesk_url: Option<String>,
    /// The address users reach the portal at; `https://` turns on `Secure` cookies and HSTS.
    #[arg(long, global = true, env = "LATCHKEY_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// The organisation's own email domains, comma-separated: refused as personal addresses
    /// [default: example.com in development mode, none otherwise].
    #[arg(
        long,
        global = true,
        env = "LATCHKEY_ORGANISATION_DOMAINS",
        value_delimiter = ','
    )]
    pub organisation_domains: Option<Vec<String>>,
    /// The country preselected for phone numbers, e.g. `US` [default: from the browser's language].
    #[arg(long, global = true, env = "LATCHKEY_DEFAULT_COUNTRY")]
    pub default_country: Option<String>,
    /// How many methods password reset needs: 1 or 2 [default: 1].
    #[arg(long, global = true, env = "LATCHKEY_METHODS_REQUIRED")]
    pub methods_required: Option<u32>,
    /// The SMTP relay for email, as a URL: `smtp://user:pass@host:587?tls=required` (STARTTLS)
    /// or `smtps://user:pass@host` (TLS). Unset: the dev outbox in development mode.
    #[arg(long, global = true, env = "LATCHKEY_SMTP_URL", hide_env_values = true)]
    pub smtp_url: Option<Secret>,
    /// A PEM file with the certificate of a CA to trust for the SMTP relay (an internal CA).
    #[arg(long, global = true, env = "LATCHKEY_SMTP_CA_FILE")]
    pub smtp_ca_file: Option<PathBuf>,
    /// The sender of every email [default: "<organisation> <no-reply@localhost>"].
    #[arg(long, global = true, env = "LATCHKEY_EMAIL_FROM")]
    pub email_from: Option<String>,
    /// The language of calls, and of emails and texts to people who have not picked one and
    /// whose page names none we speak: en, de, es, fr or ar [default: en].
    #[arg(long, global = true, env = "LATCHKEY_MESSAGE_LANGUAGE")]
    pub message_language: Option<Language>,
    /// Where texts go: `webhook` or `twilio` [default: the dev outbox in development mode].
    #[arg(long, global = true, env = "LATCHKEY_SMS_GATEWAY")]
    pub sms_gateway: Option<Gateway>,
    /// Where calls go: `webhook` or `twilio` [default: the dev outbox in development mode].
    #[arg(long, global = true, env = "LATCHKEY_VOICE_GATEWAY")]
    pub voice_gateway: Option<Gateway>,
    /// The webhook gateway's URL: texts and calls are POSTed to it as signed JSON.
    #[arg(long, global = true, env = "LATCHKEY_WEBHOOK_URL")]
    pub webhook_url: Option<String>,
    /// The secret that signs webhook requests and callbacks (HMAC-SHA256; 32 characters or more).
    #[arg(
        long,
        global = true,
        env = "LATCHKEY_WEBHOOK_SECRET",
        hide_env_values = true
    )]
    pub webhook_secret: Option<Secret>,
    /// Twilio's Account SID (`AC…`).
    #[arg(long, global = true, env = "LATCHKEY_TWILIO_ACCOUNT_SID")]
    pub twilio_account_sid: Option<String>,
    /// Twilio's Auth Token: authenticates requests to Twilio and checks its callbacks.
    #[arg(
        long,
        global = true,
        env = "LATCHKEY_TWILIO_AUTH_TOKEN",
        hide_env_values = true
    )]
    pub twilio_auth_token: Option<Secret>,
    /// The Twilio number texts and calls come from, in E.164 form.
    #[arg(long, global = true, env = "LATCHKEY_TWILIO_FROM")]
    pub twilio_from: Option<String>,
    /// Twilio's API address [default: https://api.twilio.com].
    #[arg(long, global = true, env = "LATCHKEY_TWILIO_API_URL")]
    pub twilio_api_url: Option<String>,
    /// How hard the browser's check before a reset is, in bits: each one doubles the work
    /// [default: 16, about a second on a phone].
    #[arg(long, global = true, env = "LATCHKEY_RESET_PUZZLE_DIFFICULTY")]
    pub reset_puzzle_difficulty: Option<u8>,
    /// The shortest password accepted, in characters [default: 12].
    #[arg(long, global = true, env = "LATCHKEY_PASSWORD_MIN_LENGTH")]
    pub password_min_length: Option<usize>,
    /// How many password hashes may run at once (each takes 19 MiB) [default: CPU count].
    #[arg(long, global = true, env = "LATCHKEY_PASSWORD_HASH_CONCURRENCY")]
    pub password_hash_concurrency: Option<usize>,
    /// How many sign-ins may wait for a password check; more are refused at once with 503 and
    /// Retry-After [default: 32 per hashing thread].
    #[arg(long, global = true, env = "LATCHKEY_PASSWORD_HASH_QUEUE")]
    pub password_hash_queue: Option<usize>,
    /// The most connections served at once [default: from the open-file limit].
    #[arg(long, global = true, env = "LATCHKEY_MAX_CONNECTIONS")]
    pub max_connections: Option<usize>,
    /// 32 random bytes in base64 (`openssl rand -base64 32`) that encrypt authenticator app
    /// keys. Needed outside development mode; keep it safe and never change it.
    #[arg(
        long,
        global = true,
        env = "LATCHKEY_SECRET_KEY",
        hide_env_values = true
    )]
    pub secret_key: Option<Secret>,
    /// Days after which signing in asks "Are your security info details still current?";
    /// 0 never asks [default: 180].
    #[arg(long, global = true, env = "LATCHKEY_RECONFIRM_DAYS")]
    pub reconfirm_days: Option<u32>,
    /// The domain passkeys are bound to; it can never change once passkeys exist
    /// [default: public_url's host, or localhost].
    #[arg(long, global = true, env = "LATCHKEY_PASSKEY_RP_ID")]
    pub passkey_rp_id: Option<String>,
    /// The addresses passkeys may be used from, comma-separated [default: public_url, or
    /// http://localhost:PORT in development mode].
    #[arg(
        long,
        global = true,
        env = "LATCHKEY_PASSKEY_ORIGINS",
        value_delimiter = ','
    )]
    pub passkey_origins: Option<Vec<String>>,
    /// The organisation's accent colour for links and buttons, e.g. #0b5394; it needs 4.5:1
    /// contrast on white [default: Latchkey's blue].
    #[arg(long, global = true, env = "LATCHKEY_ACCENT_COLOUR")]
    pub accent_colour: Option<String>,
    /// The organisation's logo, shown in the header: an https:// address or a path on this
    /// server [default: none, the name alone].
    #[arg(long, global = true, env = "LATCHKEY_LOGO_URL")]
    pub logo_url: Option<String>,
    /// The helpdesk link's text, in every language [default: "Contact IT Support" in the page's
    /// language].
    #[arg(long, global = true, env = "LATCHKEY_HELPDESK_TEXT")]
    pub helpdesk_text: Option<String>,
    /// A message shown on the sign-in page, e.g. planned maintenance [default: none].
    #[arg(long, global = true, env = "LATCHKEY_SIGN_IN_MESSAGE")]
    pub sign_in_message: Option<String>,
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
    /// `forwarded` or `x-real-ip`; every other forwarding header is ignored
    /// [default: x-forwarded-for].
    #[arg(long, global = true, env = "LATCHKEY_CLIENT_ADDRESS_HEADER")]
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
    /// Where Prometheus metrics are served, e.g. `127.0.0.1:9090` [default: not served].
    #[arg(long, global = true, env = "LATCHKEY_METRICS_LISTEN")]
    pub metrics_listen: Option<SocketAddr>,
    /// How log lines look: `text`, or `json` for one JSON object per line [default: text].
    #[arg(long, global = true, env = "LATCHKEY_LOG_FORMAT")]
    pub log_format: Option<LogFormat>,
    /// Days the audit log is kept [default: 400].
    #[arg(long, global = true, env = "LATCHKEY_AUDIT_RETENTION_DAYS")]
    pub audit_retention_days: Option<u32>,
    /// Usernames with IT support's helpdesk role, besides `latchkey-server user role`.
    #[arg(
        long,
        global = true,
        env = "LATCHKEY_HELPDESK_USERS",
        value_delimiter = ','
    )]
    pub helpdesk_users: Option<Vec<String>>,
    /// Usernames with IT support's admin role, besides `latchkey-server user role`.
    #[arg(
        long,
        global = true,
        env = "LATCHKEY_ADMIN_USERS",
        value_delimiter = ','
    )]
    pub admin_users: Option<Vec<String>>,
    /// Where passwords live: `builtin`, `ldap` or `active_directory` [default: builtin].
    #[arg(long, global = true, env = "LATCHKEY_DIRECTORY")]
    pub directory: Option<DirectoryKind>,
    /// The directory's address: `ldaps://host:636`, or `ldap://host` with directory_starttls.
    #[arg(long, global = true, env = "LATCHKEY_DIRECTORY_URL")]
    pub directory_url: Option<String>,
    /// Upgrade an `ldap://` connection with StartTLS [default: no].
    #[arg(long, global = true, env = "LATCHKEY_DIRECTORY_STARTTLS", num_args = 0..=1,
          default_missing_value = "true", value_parser = BoolishValueParser::new())]
    pub directory_starttls: Option<bool>,
    /// A PEM file with the CA certificate that signed the directory's (added to the system's).
    #[arg(long, global = true, env = "LATCHKEY_DIRECTORY_CA_FILE")]
    pub directory_ca_file: Option<PathBuf>,
    /// The service account that finds people and sets passwords.
    #[arg(long, global = true, env = "LATCHKEY_DIRECTORY_BIND_DN")]
    pub directory_bind_dn: Option<String>,
    /// The service account's password.
    #[arg(
        long,
        global = true,
        env = "LATCHKEY_DIRECTORY_BIND_PASSWORD",
        hide_env_values = true
    )]
    pub directory_bind_password: Option<Secret>,
    /// A file holding the service account's password (instead of directory_bind_password).
    #[arg(long, global = true, env = "LATCHKEY_DIRECTORY_BIND_PASSWORD_FILE")]
    pub directory_bind_password_file: Option<PathBuf>,
    /// Where people are searched for, e.g. `ou=people,dc=example,dc=org`.
    #[arg(long, global = true, env = "LATCHKEY_DIRECTORY_BASE_DN")]
    pub directory_base_dn: Option<String>,
    /// The search for a typed name, with `{username}` where it goes (escaped)
    /// [default: an inetOrgPerson by uid or mail].
    #[arg(long, global = true, env = "LATCHKEY_DIRECTORY_USER_FILTER")]
    pub directory_user_filter: Option<String>,
    /// The attribute holding the username [default: uid].
    #[arg(long, global = true, env = "LATCHKEY_DIRECTORY_USERNAME_ATTRIBUTE")]
    pub directory_username_attribute: Option<String>,
    /// The attribute holding the person's name [default: displayName].
    #[arg(long, global = true, env = "LATCHKEY_DIRECTORY_DISPLAY_NAME_ATTRIBUTE")]
    pub directory_display_name_attribute: Option<String>,
    /// The attribute holding the work email [default: mail].
    #[arg(long, global = true, env = "LATCHKEY_DIRECTORY_EMAIL_ATTRIBUTE")]
    pub directory_email_attribute: Option<String>,
    /// The attribute that never changes [default: entryUUID].
    #[arg(long, global = true, env = "LATCHKEY_DIRECTORY_ID_ATTRIBUTE")]
    pub directory_id_attribute: Option<String>,
    /// The directory's password policy entry (OpenLDAP's `ppolicy_default`), read for the rules
    /// people see before they type and for its lockout [default: none, Latchkey's rules alone,
    /// and a lockout after 5 wrong passwords assumed].
    #[arg(long, global = true, env = "LATCHKEY_DIRECTORY_POLICY_DN")]
    pub directory_policy_dn: Option<String>,
    /// Most connections to the directory at once [default: 4].
    #[arg(long, global = true, env = "LATCHKEY_DIRECTORY_POOL_SIZE")]
    pub directory_pool_size: Option<usize>,
    /// Seconds before a directory that does not answer is given up on [default: 5].
    #[arg(long, global = true, env = "LATCHKEY_DIRECTORY_TIMEOUT_SECONDS")]
    pub directory_timeout_seconds: Option<u64>,
    /// Seconds after which a signed-in person is looked up in the directory again: a person
    /// disabled, locked, expired or removed there loses every session (10 to 300) [default: 300].
    #[arg(long, global = true, env = "LATCHKEY_DIRECTORY_RECHECK_SECONDS")]
    pub directory_recheck_seconds: Option<u64>,
    /// A group whose members (nested groups too in Active Directory) get IT support's helpdesk
    /// role, e.g. `CN=IT Helpdesk,OU=Groups,DC=example,DC=org`.
    #[arg(long, global = true, env = "LATCHKEY_DIRECTORY_HELPDESK_GROUP")]
    pub directory_helpdesk_group: Option<String>,
    /// A group whose members get IT support's admin role.
    #[arg(long, global = true, env = "LATCHKEY_DIRECTORY_ADMIN_GROUP")]
    pub directory_admin_group: Option<String>,
    /// Unlock the account when a reset completes [default: yes].
    #[arg(long, global = true, env = "LATCHKEY_UNLOCK_ON_RESET", num_args = 0..=1,
          default_missing_value = "true", value_parser = BoolishValueParser::new())]
    pub unlock_on_reset: Option<bool>,
    /// Wrong passwords for a name that Latchkey keeps below the directory's lockout threshold:
    /// it stops sending them to the directory at the threshold minus this [default: 2].
    #[arg(long, global = true, env = "LATCHKEY_DIRECTORY_LOCKOUT_MARGIN")]
    pub directory_lockout_margin: Option<u32>,
}

impl ServeArgs {
    /// These settings, with the ones left unset taken from `file`.
    pub fn or(self, file: Self) -> Self {
        Self {
            listen: self.listen.or(file.listen),
            database_url: self.database_url.or(file.database_url),
            dist: self.dist.or(file.dist),
            database_pool_size: self.database_pool_size.or(file.database_pool_size),
            dev: self.dev.or(file.dev),
            organisation_name: self.organisation_name.or(file.organisation_name),
            helpdesk_url: self.helpdesk_url.or(file.helpdesk_url),
            public_url: self.public_url.or(file.public_url),
            organisation_domains: self.organisation_domains.or(file.organisation_domains),
            default_country: self.default_country.or(file.default_country),
            methods_required: self.methods_required.or(file.methods_required),
            smtp_url: self.smtp_url.or(file.smtp_url),
            smtp_ca_file: self.smtp_ca_file.or(file.smtp_ca_file),
            email_from: self.email_from.or(file.email_from),
            message_language: self.message_language.or(file.message_language),
            sms_gateway: self.sms_gateway.or(file.sms_gateway),
            voice_gateway: self.voice_gateway.or(file.voice_gateway),
            webhook_url: self.webhook_url.or(file.webhook_url),
            webhook_secret: self.webhook_secret.or(file.webhook_secret),
            twilio_account_sid: self.twilio_account_sid.or(file.twilio_account_sid),
            twilio_auth_token: self.twilio_auth_token.or(file.twilio_auth_token),
            twilio_from: self.twilio_from.or(file.twilio_from),
            twilio_api_url: self.twilio_api_url.or(file.twilio_api_url),
            reset_puzzle_difficulty: self
                .reset_puzzle_difficulty
                .or(file.reset_puzzle_difficulty),
            password_min_length: self.password_min_length.or(file.password_min_length),
            password_hash_concurrency: self
                .password_hash_concurrency
                .or(file.password_hash_concurrency),
            password_hash_queue: self.password_hash_queue.or(file.password_hash_queue),
            max_connections: self.max_connections.or(file.max_connections),
            secret_key: self.secret_key.or(file.secret_key),
            reconfirm_days: self.reconfirm_days.or(file.reconfirm_days),
            passkey_rp_id: self.passkey_rp_id.or(file.passkey_rp_id),
            passkey_origins: self.passkey_origins.or(file.passkey_origins),
            accent_colour: self.accent_colour.or(file.accent_colour),
            logo_url: self.logo_url.or(file.logo_url),
            helpdesk_text: self.helpdesk_text.or(file.helpdesk_text),
            sign_in_message: self.sign_in_message.or(file.sign_in_message),
            trusted_proxies: self.trusted_proxies.or(file.trusted_proxies),
            client_address_header: self.client_address_header.or(file.client_address_header),
            cors_origins: self.cors_origins.or(file.cors_origins),
            metrics_listen: self.metrics_listen.or(file.metrics_listen),
            log_format: self.log_format.or(file.log_format),
            audit_retention_days: self.audit_retention_days.or(file.audit_retention_days),
            helpdesk_users: self.helpdesk_users.or(file.helpdesk_users),
            admin_users: self.admin_users.or(file.admin_users),
            directory: self.directory.or(file.directory),
            directory_url: self.directory_url.or(file.directory_url),
            directory_starttls: self.directory_starttls.or(file.directory_starttls),
            directory_ca_file: self.directory_ca_file.or(file.directory_ca_file),
            directory_bind_dn: self.directory_bind_dn.or(file.directory_bind_dn),
            directory_bind_password: self
                .directory_bind_password
                .or(file.directory_bind_password),
            directory_bind_password_file: self
                .directory_bind_password_file
                .or(file.directory_bind_password_file),
            directory_base_dn: self.directory_base_dn.or(file.directory_base_dn),
            directory_user_filter: self.directory_user_filter.or(file.directory_user_filter),
            directory_username_attribute: self
                .directory_username_attribute
                .or(file.directory_username_attribute),
            directory_display_name_attribute: self
                .directory_display_name_attribute
                .or(file.directory_display_name_attribute),
            directory_email_attribute: self
                .directory_email_attribute
                .or(file.directory_email_attribute),
            directory_id_attribute: self.directory_id_attribute.or(file.directory_id_attribute),
            directory_policy_dn: self.directory_policy_dn.or(file.directory_policy_dn),
            directory_pool_size: self.directory_pool_size.or(file.directory_pool_size),
            directory_timeout_seconds: self
                .directory_timeout_seconds
                .or(file.directory_timeout_seconds),
            directory_recheck_seconds: self
                .directory_recheck_seconds
                .or(file.directory_recheck_seconds),
            directory_helpdesk_group: self
                .directory_helpdesk_group
                .or(file.directory_helpdesk_group),
            directory_admin_group: self.directory_admin_group.or(file.directory_admin_group),
            unlock_on_reset: self.unlock_on_reset.or(file.unlock_on_reset),
            directory_lockout_margin: self
                .directory_lockout_margin
                .or(file.directory_lockout_margin),
            config: self.config,
        }
    }

    /// These settings over the ones in the file they name, if they name one.
    pub fn with_file(self) -> anyhow::Result<Self> {
        match &self.config {
            Some(path) => {
                let file = read_file(path)?;
                Ok(self.or(file))
            }
            None => Ok(self),
        }
    }
}

/// A service that delivers texts and calls.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Gateway {
    /// Signed JSON POSTs to `webhook_url`; call results come back signed.
    Webhook,
    /// Twilio's Messages and Voice APIs.
    Twilio,
}

/// The header a trusted proxy puts the client's address in (security.md 51).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, clap::ValueEnum)]
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

/// How log lines look.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// Lines for people.
    #[default]
    Text,
    /// One JSON object per line, for a log collector.
    Json,
}

fn read_file(path: &Path) -> anyhow::Result<ServeArgs> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read the config file {}", path.display()))?;
    toml::from_str(&text).with_context(|| format!("the config file {} is invalid", path.display()))
}
