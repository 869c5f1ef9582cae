//! A throwaway OpenLDAP directory with demo people, for `cargo xtask serve --directory openldap`
//! and the end-to-end suite: Debian's `slapd` (installed when missing) on a free loopback port
//! with the password policy overlay, in a temporary folder, stopped and removed when dropped.
//! Plain `ldap://` on loopback, which the server allows in development mode only; the server's
//! own tests cover LDAPS.

use std::process::Stdio;

use anyhow::{Context, bail};

use crate::local::{TempDir, free_port, wait_until_up};
use crate::process::{KillOnDrop, command};

const BASE: &str = "dc=example,dc=org";
pub const PEOPLE: &str = "ou=people,dc=example,dc=org";
const SERVICE_DN: &str = "cn=latchkey,ou=services,dc=example,dc=org";
const SERVICE_PASSWORD: &str = "service-velvet-otter-47";

/// The directory's people: (uid, name); each starts with the password given to `start`.
pub const DEMO_PEOPLE: &[(&str, &str)] = &[
    ("ada", "Ada Lovelace"),
    ("grace", "Grace Hopper"),
    ("alan", "Alan Turing"),
    ("katherine", "Katherine Johnson"),
];

/// The directory's person who is also an IT support admin (by the server's settings).
pub const DEMO_ADMIN: &str = "alan";

pub struct DemoDirectory {
    _slapd: KillOnDrop,
    pub port: u16,
    _folder: TempDir,
}

impl DemoDirectory {
    /// Loads the demo people, each with `password`, and starts slapd.
    pub fn start(password: &str) -> anyhow::Result<Self> {
        crate::tools::ensure_slapd()?;
        let folder = TempDir::new("latchkey-directory")?;
        let here = folder.0.display().to_string();
        std::fs::create_dir_all(folder.0.join("data"))?;
        std::fs::write(folder.0.join("slapd.conf"), config(&here))?;
        std::fs::write(folder.0.join("people.ldif"), people(password))?;
        let conf = folder.0.join("slapd.conf");
        let loaded = command("/usr/sbin/slapadd")
            .arg("-f")
            .arg(&conf)
            .arg("-l")
            .arg(folder.0.join("people.ldif"))
            .output()
            .context("cannot run slapadd")?;
        if !loaded.status.success() {
            bail!("slapadd: {}", String::from_utf8_lossy(&loaded.stderr));
        }
        let port = free_port()?;
        let slapd = command("/usr/sbin/slapd")
            .args(["-d", "0", "-h", &format!("ldap://127.0.0.1:{port}/"), "-f"])
            .arg(&conf)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .context("cannot start slapd")?;
        let slapd = KillOnDrop(slapd);
        wait_until_up(&format!("127.0.0.1:{port}"))?;
        Ok(Self {
            _slapd: slapd,
            port,
            _folder: folder,
        })
    }

    /// The server's settings for this directory.
    pub fn settings(&self) -> Vec<(&'static str, String)> {
        vec![
            ("LATCHKEY_DIRECTORY", "ldap".into()),
            (
                "LATCHKEY_DIRECTORY_URL",
                format!("ldap://127.0.0.1:{}", self.port),
            ),
            ("LATCHKEY_DIRECTORY_BIND_DN", SERVICE_DN.into()),
            ("LATCHKEY_DIRECTORY_BIND_PASSWORD", SERVICE_PASSWORD.into()),
            ("LATCHKEY_DIRECTORY_BASE_DN", PEOPLE.into()),
            ("LATCHKEY_ADMIN_USERS", DEMO_ADMIN.into()),
            (
                "LATCHKEY_DIRECTORY_POLICY_DN",
                format!("cn=default,ou=policies,{BASE}"),
            ),
        ]
    }
}

fn config(here: &str) -> String {
    format!(
        "include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/inetorgperson.schema
modulepath /usr/lib/ldap
moduleload back_mdb
moduleload ppolicy
pidfile {here}/slapd.pid
database mdb
maxsize 104857600
suffix \"{BASE}\"
directory {here}/data
overlay ppolicy
ppolicy_default \"cn=default,ou=policies,{BASE}\"
ppolicy_use_lockout
access to attrs=userPassword,pwdAccountLockedTime
  by dn.exact=\"{SERVICE_DN}\" write
  by self write
  by anonymous auth
  by * none
access to *
  by dn.exact=\"{SERVICE_DN}\" write
  by self read
  by * none
"
    )
}

fn people(password: &str) -> String {
    let mut ldif = format!(
        "dn: {BASE}\nobjectClass: dcObject\nobjectClass: organization\no: Example\ndc: example\n\n\
         dn: {PEOPLE}\nobjectClass: organizationalUnit\nou: people\n\n\
         dn: ou=services,{BASE}\nobjectClass: organizationalUnit\nou: services\n\n\
         dn: ou=policies,{BASE}\nobjectClass: organizationalUnit\nou: policies\n\n\
         dn: cn=default,ou=policies,{BASE}\nobjectClass: device\nobjectClass: pwdPolicy\n\
         cn: default\npwdAttribute: userPassword\npwdMinLength: 12\npwdInHistory: 3\n\
         pwdCheckQuality: 1\npwdLockout: TRUE\npwdMaxFailure: 20\n\n\
         dn: {SERVICE_DN}\nobjectClass: organizationalRole\nobjectClass: simpleSecurityObject\n\
         cn: latchkey\nuserPassword: {SERVICE_PASSWORD}\n\n"
    );
    for (uid, name) in DEMO_PEOPLE {
        let (first, last) = name.split_once(' ').unwrap_or((name, name));
        ldif.push_str(&format!(
            "dn: uid={uid},{PEOPLE}\nobjectClass: inetOrgPerson\nuid: {uid}\ncn: {name}\n\
             givenName: {first}\nsn: {last}\ndisplayName: {name}\nmail: {uid}@example.org\n\
             userPassword: {password}\n\n"
        ));
    }
    ldif
}
