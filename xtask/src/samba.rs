//! A throwaway Active Directory with demo people, for `cargo xtask serve --directory
//! active_directory` and the end-to-end suite: the testbed's Samba domain controller (Debian's
//! Samba, installed when missing, in a network namespace of its own), stopped and removed when
//! dropped.

use latchkey_testbed::samba::DomainController;
pub use latchkey_testbed::samba::PEOPLE;

const SERVICE_PASSWORD: &str = "Service-velvet-otter-47";

/// The domain's people: (sAMAccountName, given name, surname); each starts with the password
/// given to `start`, and alan must change his at his first sign-in.
pub const DEMO_PEOPLE: &[(&str, &str, &str)] = &[
    ("ada", "Ada", "Lovelace"),
    ("grace", "Grace", "Hopper"),
    ("alan", "Alan", "Turing"),
];

pub struct DemoDomain {
    domain: DomainController,
    service_dn: String,
}

impl DemoDomain {
    /// Provisions EXAMPLE.ORG with the demo people, each with `password`, and starts it.
    pub fn start(password: &str) -> anyhow::Result<Self> {
        crate::tools::ensure_samba()?;
        let mut domain = DomainController::provision("latchkey-domain")?;
        for (name, given, surname) in DEMO_PEOPLE {
            domain.add_person(name, given, surname, password)?;
        }
        domain.samba_tool(&[
            "user",
            "setpassword",
            "alan",
            &format!("--newpassword={password}"),
            "--must-change-at-next-login",
        ])?;
        let service_dn = domain.add_service_account("latchkey", SERVICE_PASSWORD, true)?;
        domain.password_settings(&[
            "--min-pwd-length=12",
            "--complexity=on",
            "--history-length=3",
            "--min-pwd-age=0",
        ])?;
        domain.start()?;
        Ok(Self { domain, service_dn })
    }

    pub fn url(&self) -> String {
        self.domain.url()
    }

    pub fn port(&self) -> u16 {
        self.domain.port
    }

    pub fn ca_file(&self) -> &std::path::Path {
        &self.domain.ca_file
    }

    /// The server's settings for this domain.
    pub fn settings(&self) -> Vec<(&'static str, String)> {
        vec![
            ("LATCHKEY_DIRECTORY", "active_directory".into()),
            ("LATCHKEY_DIRECTORY_URL", self.url()),
            (
                "LATCHKEY_DIRECTORY_CA_FILE",
                self.domain.ca_file.display().to_string(),
            ),
            ("LATCHKEY_DIRECTORY_BIND_DN", self.service_dn.clone()),
            ("LATCHKEY_DIRECTORY_BIND_PASSWORD", SERVICE_PASSWORD.into()),
            ("LATCHKEY_DIRECTORY_BASE_DN", PEOPLE.into()),
        ]
    }
}
