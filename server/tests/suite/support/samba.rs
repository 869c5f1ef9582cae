//! A real Active Directory for the directory suites: the testbed's Samba domain controller
//! (Debian's Samba, installed by `cargo xtask test`, in a network namespace of its own), with
//! the people jdoe (Jane Doe), grace (Grace Hopper) and gone (disabled), each with the tests'
//! password; a service account with "Reset password" and `lockoutTime` rights on their OU, and
//! a reader without them. Stopped, and its folder removed, when dropped.

use latchkey_testbed::samba::DomainController;

use super::PASSWORD;

pub const JDOE: &str = "CN=Jane Doe,OU=People,DC=example,DC=org";
pub const GRACE: &str = "CN=Grace Hopper,OU=People,DC=example,DC=org";
pub const SERVICE_DN: &str = "CN=latchkey,OU=Services,DC=example,DC=org";
/// A domain user who can read people but has no right to set their passwords.
pub const READER_DN: &str = "CN=reader,OU=Services,DC=example,DC=org";
pub const SERVICE_PASSWORD: &str = "Service-velvet-otter-47";

pub struct SambaDc(pub DomainController);

impl SambaDc {
    /// Provisions the domain with the people and starts it.
    pub async fn start() -> Self {
        assert!(
            std::path::Path::new("/usr/sbin/samba").exists(),
            "Samba is not installed: cargo xtask test installs it (apt-get install samba \
             samba-ad-provision samba-dsdb-modules socat iproute2)"
        );
        tokio::task::spawn_blocking(|| {
            let mut domain = DomainController::provision("latchkey-samba").unwrap();
            for (name, given, surname) in [
                ("jdoe", "Jane", "Doe"),
                ("grace", "Grace", "Hopper"),
                ("gone", "Gone", "Away"),
            ] {
                domain.add_person(name, given, surname, PASSWORD).unwrap();
            }
            domain.samba_tool(&["user", "disable", "gone"]).unwrap();
            domain
                .add_service_account("latchkey", SERVICE_PASSWORD, true)
                .unwrap();
            domain
                .add_service_account("reader", SERVICE_PASSWORD, false)
                .unwrap();
            domain.start().unwrap();
            Self(domain)
        })
        .await
        .unwrap()
    }

    /// Runs `samba-tool` on the domain's database; what it printed.
    pub fn samba_tool(&self, args: &[&str]) -> String {
        self.0.samba_tool(args).unwrap()
    }

    /// Sets the domain's password rules (`samba-tool domain passwordsettings set` options).
    pub fn password_settings(&self, options: &[&str]) {
        self.0.password_settings(options).unwrap();
    }

    /// Server settings that point at this domain with `service` as the service account.
    pub fn settings_for(&self, args: &mut latchkey_server::config::ServeArgs, service: &str) {
        args.directory.kind = Some(latchkey_server::config::DirectoryKind::ActiveDirectory);
        args.directory.directory_url = Some(self.0.url());
        args.directory.directory_ca_file = Some(self.0.ca_file.clone());
        args.directory.directory_bind_dn = Some(service.into());
        args.directory.directory_bind_password = Some(SERVICE_PASSWORD.into());
        args.directory.directory_base_dn = Some(latchkey_testbed::samba::PEOPLE.into());
    }

    /// Whether `dn` can bind with `password`, asked with OpenLDAP's `ldapsearch`, not through
    /// Latchkey.
    pub fn accepts(&self, dn: &str, password: &str) -> bool {
        self.0.accepts(dn, password)
    }

    /// Stops the domain controller (the directory going down).
    pub fn stop(&mut self) {
        self.0.stop();
    }

    pub async fn start_again(&mut self) {
        self.0.start().unwrap();
    }
}
