//! Where passwords live: Latchkey's own accounts, an LDAP directory (OpenLDAP and the like) or
//! Active Directory — the settings that reach one, checked before the server starts
//! (security.md 43–44).

use std::net::IpAddr;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context, bail, ensure};

use super::secret::Secret;
use super::settings::{Directory, DirectoryKind, defaulted};

/// How to reach and read an LDAP directory.
#[derive(Clone, Debug)]
pub struct LdapSettings {
    /// `Ldap` or `ActiveDirectory`.
    pub kind: DirectoryKind,
    pub url: url::Url,
    pub starttls: bool,
    pub ca_file: Option<PathBuf>,
    pub bind_dn: String,
    pub bind_password: Secret,
    pub base_dn: String,
    /// With `{username}` where the typed name goes (escaped).
    pub user_filter: String,
    pub username_attribute: String,
    pub display_name_attribute: String,
    pub email_attribute: String,
    /// The attribute that never changes: `entryUUID`, or Active Directory's `objectGUID`.
    pub id_attribute: String,
    /// The password policy entry whose rules are shown before people type, and whose lockout
    /// Latchkey keeps clear of.
    pub policy_dn: Option<String>,
    pub pool_size: usize,
    pub timeout: Duration,
    /// How long the directory's word that a signed-in person may use Latchkey holds before it
    /// is asked again (security.md 53: at most 5 minutes).
    pub recheck: Duration,
    pub unlock_on_reset: bool,
    /// How far below the directory's lockout threshold Latchkey stops sending wrong passwords.
    pub lockout_margin: u32,
    /// Groups whose members get IT support's helpdesk and admin roles.
    pub helpdesk_group: Option<String>,
    pub admin_group: Option<String>,
}

const LDAP_FILTER: &str = "(&(objectClass=inetOrgPerson)(|(uid={username})(mail={username})))";
const AD_FILTER: &str = "(&(objectCategory=person)(objectClass=user)(|(sAMAccountName={username})\
                         (userPrincipalName={username})(mail={username})))";

/// The usual names of things in each kind of directory: filter, username, display name, work
/// email, stable ID.
fn defaults(kind: DirectoryKind) -> [&'static str; 5] {
    match kind {
        DirectoryKind::ActiveDirectory => [
            AD_FILTER,
            "sAMAccountName",
            "displayName",
            "mail",
            "objectGUID",
        ],
        _ => [LDAP_FILTER, "uid", "displayName", "mail", "entryUUID"],
    }
}

/// The directory settings in force, from the merged settings: `None` for the built-in accounts.
pub fn resolve(
    settings: &Directory,
    development_mode: bool,
) -> anyhow::Result<Option<LdapSettings>> {
    let kind = defaulted(settings.kind);
    if kind == DirectoryKind::Builtin {
        return Ok(None);
    }
    let needed = |value: &Option<String>, key: &str| {
        value
            .clone()
            .filter(|value| !value.trim().is_empty())
            .with_context(|| format!("{key} is needed with directory = {}", name(kind)))
    };
    let text = needed(&settings.directory_url, "directory_url")?;
    let url = url::Url::parse(&text)
        .with_context(|| format!("directory_url {text:?} is not an ldaps:// or ldap:// address"))?;
    let starttls = defaulted(settings.directory_starttls);
    check_transport(&url, starttls, development_mode)?;
    let bind_password = match (
        &settings.directory_bind_password,
        &settings.directory_bind_password_file,
    ) {
        (Some(password), None) => password.clone(),
        (None, Some(file)) => {
            let text = std::fs::read_to_string(file).with_context(|| {
                format!(
                    "cannot read directory_bind_password_file {}",
                    file.display()
                )
            })?;
            Secret::new(text.trim_end_matches(['\r', '\n']))
        }
        (Some(_), Some(_)) => {
            bail!("give directory_bind_password or directory_bind_password_file, not both")
        }
        (None, None) => bail!(
            "directory_bind_password (or directory_bind_password_file) is needed with \
             directory = {}",
            name(kind)
        ),
    };
    let [filter, username, display_name, email, id] = defaults(kind);
    let user_filter = settings
        .directory_user_filter
        .clone()
        .unwrap_or_else(|| filter.into());
    ensure!(
        user_filter.contains("{username}"),
        "directory_user_filter must contain {{username}} where the typed name goes"
    );
    let pool_size = defaulted(settings.directory_pool_size);
    ensure!(pool_size > 0, "directory_pool_size must be at least 1");
    let timeout = defaulted(settings.directory_timeout_seconds);
    ensure!(
        (1..=60).contains(&timeout),
        "directory_timeout_seconds must be between 1 and 60 (it is {timeout})"
    );
    let recheck = defaulted(settings.directory_recheck_seconds);
    ensure!(
        (10..=300).contains(&recheck),
        "directory_recheck_seconds must be between 10 and 300 (it is {recheck})"
    );
    if let Some(file) = &settings.directory_ca_file {
        ensure!(
            file.exists(),
            "directory_ca_file {} does not exist",
            file.display()
        );
    }
    let attribute =
        |value: &Option<String>, default: &str| value.clone().unwrap_or_else(|| default.into());
    Ok(Some(LdapSettings {
        kind,
        url,
        starttls,
        ca_file: settings.directory_ca_file.clone(),
        bind_dn: needed(&settings.directory_bind_dn, "directory_bind_dn")?,
        bind_password,
        base_dn: needed(&settings.directory_base_dn, "directory_base_dn")?,
        user_filter,
        username_attribute: attribute(&settings.directory_username_attribute, username),
        display_name_attribute: attribute(&settings.directory_display_name_attribute, display_name),
        email_attribute: attribute(&settings.directory_email_attribute, email),
        id_attribute: attribute(&settings.directory_id_attribute, id),
        policy_dn: settings.directory_policy_dn.clone(),
        pool_size,
        timeout: Duration::from_secs(timeout),
        recheck: Duration::from_secs(recheck),
        unlock_on_reset: defaulted(settings.unlock_on_reset),
        lockout_margin: defaulted(settings.directory_lockout_margin),
        helpdesk_group: settings.directory_helpdesk_group.clone(),
        admin_group: settings.directory_admin_group.clone(),
    }))
}

fn name(kind: DirectoryKind) -> &'static str {
    match kind {
        DirectoryKind::Builtin => "builtin",
        DirectoryKind::Ldap => "ldap",
        DirectoryKind::ActiveDirectory => "active_directory",
    }
}

/// Passwords travel only over TLS: `ldaps://`, or `ldap://` with StartTLS; plain `ldap://` only
/// to this machine in development mode (security.md 43).
fn check_transport(url: &url::Url, starttls: bool, development_mode: bool) -> anyhow::Result<()> {
    match url.scheme() {
        "ldaps" => {
            ensure!(
                !starttls,
                "directory_starttls is for ldap:// addresses, not ldaps://"
            );
            Ok(())
        }
        "ldap" if starttls => Ok(()),
        "ldap" => {
            let loopback = match url.host() {
                Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
                Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
                // ldap:// is not a scheme the URL standard knows, so its host stays text.
                Some(url::Host::Domain(name)) => {
                    name == "localhost"
                        || name
                            .trim_matches(['[', ']'])
                            .parse::<IpAddr>()
                            .is_ok_and(|ip| ip.is_loopback())
                }
                None => false,
            };
            ensure!(
                loopback && development_mode,
                "directory_url {url} would send passwords unencrypted: use ldaps://, or ldap:// \
                 with directory_starttls = true (plain ldap:// is only for a directory on this \
                 machine in development mode)"
            );
            Ok(())
        }
        other => bail!("directory_url must start with ldaps:// or ldap:// (it is {other}://)"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::config::settings::ServeArgs;

    fn ldap(url: &str) -> Directory {
        Directory {
            kind: Some(DirectoryKind::Ldap),
            directory_url: Some(url.into()),
            directory_bind_dn: Some("cn=latchkey,ou=services,dc=example,dc=org".into()),
            directory_bind_password: Some("service-secret".into()),
            directory_base_dn: Some("ou=people,dc=example,dc=org".into()),
            ..Directory::default()
        }
    }

    /// The directory settings in force with `given` over the defaults.
    fn resolve(given: &Directory, development_mode: bool) -> anyhow::Result<Option<LdapSettings>> {
        let args = ServeArgs {
            directory: given.clone(),
            ..ServeArgs::default()
        };
        super::resolve(&args.merged()?.directory, development_mode)
    }

    #[test]
    fn the_builtin_store_needs_nothing() {
        assert!(resolve(&Directory::default(), false).unwrap().is_none());
    }

    #[test]
    fn passwords_never_travel_in_the_clear() {
        assert!(resolve(&ldap("ldaps://ldap.example.org:636"), false).is_ok());
        let mut starttls = ldap("ldap://ldap.example.org");
        starttls.directory_starttls = Some(true);
        assert!(resolve(&starttls, false).is_ok());
        let plain = resolve(&ldap("ldap://ldap.example.org"), false).unwrap_err();
        assert!(plain.to_string().contains("unencrypted"), "{plain}");
        let local_in_production = resolve(&ldap("ldap://127.0.0.1:3389"), false);
        assert!(local_in_production.is_err());
        assert!(resolve(&ldap("ldap://127.0.0.1:3389"), true).is_ok());
        assert!(resolve(&ldap("http://ldap.example.org"), true).is_err());
    }

    #[test]
    fn defaults_suit_openldap() {
        let settings = resolve(&ldap("ldaps://ldap.example.org"), false)
            .unwrap()
            .unwrap();
        assert_eq!(settings.id_attribute, "entryUUID");
        assert_eq!(settings.username_attribute, "uid");
        assert!(settings.user_filter.contains("(uid={username})"));
        assert!(settings.unlock_on_reset);
        assert_eq!(settings.lockout_margin, 2);
    }

    #[test]
    fn defaults_suit_active_directory() {
        let mut args = ldap("ldaps://dc1.example.org");
        args.kind = Some(DirectoryKind::ActiveDirectory);
        let settings = resolve(&args, false).unwrap().unwrap();
        assert_eq!(settings.id_attribute, "objectGUID");
        assert_eq!(settings.username_attribute, "sAMAccountName");
        assert_eq!(
            settings.user_filter,
            "(&(objectCategory=person)(objectClass=user)(|(sAMAccountName={username})\
             (userPrincipalName={username})(mail={username})))"
        );
    }

    #[test]
    fn signed_in_people_are_looked_up_again_within_five_minutes() {
        let settings = resolve(&ldap("ldaps://ldap.example.org"), false)
            .unwrap()
            .unwrap();
        assert_eq!(settings.recheck, Duration::from_secs(300));
        let mut sooner = ldap("ldaps://ldap.example.org");
        sooner.directory_recheck_seconds = Some(60);
        let settings = resolve(&sooner, false).unwrap().unwrap();
        assert_eq!(settings.recheck, Duration::from_secs(60));
        for beyond in [5, 301] {
            let mut args = ldap("ldaps://ldap.example.org");
            args.directory_recheck_seconds = Some(beyond);
            let error = resolve(&args, false).unwrap_err().to_string();
            assert!(error.contains("directory_recheck_seconds"), "{error}");
        }
    }

    #[test]
    fn missing_or_doubled_settings_are_named() {
        let mut no_base = ldap("ldaps://ldap.example.org");
        no_base.directory_base_dn = None;
        let error = resolve(&no_base, false).unwrap_err().to_string();
        assert!(error.contains("directory_base_dn"), "{error}");
        let mut both = ldap("ldaps://ldap.example.org");
        both.directory_bind_password_file = Some("/etc/latchkey/bind".into());
        let error = resolve(&both, false).unwrap_err().to_string();
        assert!(error.contains("not both"), "{error}");
        let mut no_placeholder = ldap("ldaps://ldap.example.org");
        no_placeholder.directory_user_filter = Some("(uid=jdoe)".into());
        assert!(resolve(&no_placeholder, false).is_err());
    }

    #[test]
    fn the_bind_password_can_come_from_a_file() {
        let file = std::env::temp_dir().join(format!("latchkey-bind-{}", std::process::id()));
        std::fs::write(&file, "from-a-file\n").unwrap();
        let mut args = ldap("ldaps://ldap.example.org");
        args.directory_bind_password = None;
        args.directory_bind_password_file = Some(file.clone());
        let settings = resolve(&args, false).unwrap().unwrap();
        assert_eq!(settings.bind_password.expose(), "from-a-file");
        std::fs::remove_file(file).unwrap();
    }
}
