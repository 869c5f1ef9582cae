//! A real OpenLDAP for the directory suites: the testbed's slapd (Debian's, installed by
//! `cargo xtask test`) on free loopback ports — LDAPS, and plain LDAP that takes nothing before
//! StartTLS, with a certificate from a CA made here — with the people jdoe (Jane Doe), rsmith
//! (Robin Smith) and gone, whom an administrator locked for good (disabled), each with the
//! tests' password. Stopped, and its folder removed, when dropped.

pub use latchkey_testbed::slapd::{BASE, PEOPLE, READER_DN, SERVICE_DN, SERVICE_PASSWORD};
use latchkey_testbed::slapd::{Directory, Person, Transport};

use super::{PASSWORD, tls};

pub struct Slapd(Directory);

/// The people, as [`Slapd`] says.
const PEOPLE_HERE: [Person; 3] = [
    person("jdoe", "Jane Doe", ""),
    person("rsmith", "Robin Smith", ""),
    person("gone", "Gone Away", "pwdAccountLockedTime: 000001010000Z\n"),
];

const fn person<'a>(uid: &'a str, name: &'a str, extra: &'a str) -> Person<'a> {
    Person {
        uid,
        name,
        password: PASSWORD,
        extra,
    }
}

/// Writes a certificate from a new CA into the directory's folder.
fn certificate(folder: &std::path::Path) -> std::path::PathBuf {
    tls::localhost_certificate(folder, "server")
}

impl Slapd {
    /// Loads the people and starts slapd; waits until it answers.
    pub async fn start() -> Self {
        tokio::task::spawn_blocking(|| {
            let tls = Transport::Tls(&certificate);
            Self(Directory::start("latchkey-slapd", &PEOPLE_HERE, tls).unwrap())
        })
        .await
        .unwrap()
    }

    pub fn url(&self) -> String {
        self.0.url()
    }

    /// Plain LDAP, for StartTLS.
    pub fn starttls_url(&self) -> String {
        self.0.starttls_url().expect("the tests' slapd has TLS")
    }

    /// The values of `attribute` on `uid`'s entry (operational ones too), read as the
    /// directory's administrator with OpenLDAP's `ldapsearch`.
    pub fn values_of(&self, uid: &str, attribute: &str) -> Vec<String> {
        self.0.values_of(uid, attribute).unwrap()
    }

    /// Restarts with a certificate from a CA made anew, which nobody who trusted the old one
    /// trusts.
    pub async fn restart_with_a_new_certificate(&mut self) {
        self.stop();
        certificate(self.0.folder());
        self.start_again().await;
    }

    /// Server settings that point at this directory with `service` as the service account.
    pub fn settings_for(&self, args: &mut latchkey_server::config::ServeArgs, service: &str) {
        args.directory.kind = Some(latchkey_server::config::DirectoryKind::Ldap);
        args.directory.directory_url = Some(self.url());
        args.directory.directory_ca_file = self.0.ca_file.clone();
        args.directory.directory_bind_dn = Some(service.into());
        args.directory.directory_bind_password = Some(SERVICE_PASSWORD.into());
        args.directory.directory_base_dn = Some(PEOPLE.into());
        args.directory.directory_policy_dn = Some(latchkey_testbed::slapd::POLICY_DN.into());
    }

    /// Whether `uid` can bind with `password`: asked with OpenLDAP's own `ldapwhoami`, not
    /// through Latchkey.
    pub fn accepts(&self, uid: &str, password: &str) -> bool {
        self.0.accepts(uid, password)
    }

    /// Applies an LDIF change as the directory's administrator (to lock an account, say).
    pub fn change(&self, ldif: &str) {
        self.0.change(ldif).unwrap();
    }

    /// Locks `uid` out, as the password policy does after too many wrong passwords.
    pub fn lock(&self, uid: &str) {
        self.0.lock(uid).unwrap();
    }

    /// Stops the server (the directory going down); `start_again` brings it back on the same
    /// port with the same data.
    pub fn stop(&mut self) {
        self.0.stop();
    }

    pub async fn start_again(&mut self) {
        self.0.start_again().unwrap();
    }
}
