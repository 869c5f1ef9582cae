//! A throwaway OpenLDAP directory with demo people, for `cargo xtask serve --directory openldap`
//! and the end-to-end suite: the testbed's slapd (Debian's, installed when missing) on a free
//! loopback port with the password policy overlay, stopped and removed when dropped. Plain
//! `ldap://` on loopback, which the server allows in development mode only; the server's own
//! tests cover LDAPS.

pub use latchkey_testbed::slapd::PEOPLE;
use latchkey_testbed::slapd::{
    Directory, POLICY_DN, Person, SERVICE_DN, SERVICE_PASSWORD, Transport,
};

/// The directory's people: (uid, name); each starts with the password given to `start`.
pub const DEMO_PEOPLE: &[(&str, &str)] = &[
    ("ada", "Ada Lovelace"),
    ("grace", "Grace Hopper"),
    ("alan", "Alan Turing"),
    ("katherine", "Katherine Johnson"),
];

/// The directory's person who is also an IT support admin (by the server's settings).
pub const DEMO_ADMIN: &str = "alan";

pub struct DemoDirectory(Directory);

impl DemoDirectory {
    /// Loads the demo people, each with `password`, and starts slapd.
    pub fn start(password: &str) -> anyhow::Result<Self> {
        crate::tools::ensure_slapd()?;
        let people: Vec<Person> = DEMO_PEOPLE
            .iter()
            .map(|&(uid, name)| Person {
                uid,
                name,
                password,
                extra: "",
            })
            .collect();
        Directory::start("latchkey-directory", &people, Transport::Plain).map(Self)
    }

    /// `ldap://127.0.0.1:<port>`.
    pub fn url(&self) -> String {
        self.0.url()
    }

    pub fn port(&self) -> u16 {
        self.0.port
    }

    /// The server's settings for this directory.
    pub fn settings(&self) -> Vec<(&'static str, String)> {
        vec![
            ("LATCHKEY_DIRECTORY", "ldap".into()),
            ("LATCHKEY_DIRECTORY_URL", self.url()),
            ("LATCHKEY_DIRECTORY_BIND_DN", SERVICE_DN.into()),
            ("LATCHKEY_DIRECTORY_BIND_PASSWORD", SERVICE_PASSWORD.into()),
            ("LATCHKEY_DIRECTORY_BASE_DN", PEOPLE.into()),
            ("LATCHKEY_ADMIN_USERS", DEMO_ADMIN.into()),
            ("LATCHKEY_DIRECTORY_POLICY_DN", POLICY_DN.into()),
        ]
    }
}
