//! A real OpenLDAP (Debian's `slapd`, installed by `cargo xtask test`) on free loopback ports:
//! LDAPS, and plain LDAP that takes nothing before StartTLS, with a certificate from a CA made
//! here, the password policy overlay, a service account
//! that may set passwords and one that may only read, and a few people. Stopped, and its folder
//! removed, when dropped.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

use super::{PASSWORD, free_port, tls};

pub const BASE: &str = "dc=example,dc=org";
pub const PEOPLE: &str = "ou=people,dc=example,dc=org";
pub const SERVICE_DN: &str = "cn=latchkey,ou=services,dc=example,dc=org";
pub const SERVICE_PASSWORD: &str = "service-velvet-otter-47";
/// A service account that can find people but not change their passwords.
pub const READER_DN: &str = "cn=reader,ou=services,dc=example,dc=org";
const ADMIN_DN: &str = "cn=admin,dc=example,dc=org";
const ADMIN_PASSWORD: &str = "admin-velvet-otter-47";

pub struct Slapd {
    child: Child,
    pub port: u16,
    /// Plain LDAP, where StartTLS must come first.
    pub plain_port: u16,
    folder: PathBuf,
    pub ca_file: PathBuf,
}

/// The people: jdoe (Jane Doe), rsmith (Robin Smith), and gone, whom an administrator locked
/// for good (disabled). Each has the tests' password.
fn people() -> String {
    let person = |uid: &str, name: &str, extra: &str| {
        let (first, last) = name.split_once(' ').unwrap_or((name, name));
        format!(
            "dn: uid={uid},{PEOPLE}\nobjectClass: inetOrgPerson\nuid: {uid}\ncn: {name}\n\
             givenName: {first}\nsn: {last}\ndisplayName: {name}\nmail: {uid}@example.org\n\
             userPassword: {PASSWORD}\n{extra}\n"
        )
    };
    [
        person("jdoe", "Jane Doe", ""),
        person("rsmith", "Robin Smith", ""),
        person("gone", "Gone Away", "pwdAccountLockedTime: 000001010000Z\n"),
    ]
    .concat()
}

fn data() -> String {
    format!(
        "dn: {BASE}\nobjectClass: dcObject\nobjectClass: organization\no: Example\ndc: example\n\n\
         dn: {PEOPLE}\nobjectClass: organizationalUnit\nou: people\n\n\
         dn: ou=services,{BASE}\nobjectClass: organizationalUnit\nou: services\n\n\
         dn: ou=policies,{BASE}\nobjectClass: organizationalUnit\nou: policies\n\n\
         dn: cn=default,ou=policies,{BASE}\nobjectClass: device\nobjectClass: pwdPolicy\n\
         cn: default\npwdAttribute: userPassword\npwdMinLength: 12\npwdInHistory: 3\n\
         pwdCheckQuality: 1\npwdLockout: TRUE\npwdMaxFailure: 20\n\n\
         dn: {SERVICE_DN}\nobjectClass: organizationalRole\nobjectClass: simpleSecurityObject\n\
         cn: latchkey\nuserPassword: {SERVICE_PASSWORD}\n\n\
         dn: {READER_DN}\nobjectClass: organizationalRole\nobjectClass: simpleSecurityObject\n\
         cn: reader\nuserPassword: {SERVICE_PASSWORD}\n\n{}",
        people()
    )
}

fn config(folder: &std::path::Path) -> String {
    let here = folder.display();
    format!(
        "include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/inetorgperson.schema
include /etc/ldap/schema/nis.schema
modulepath /usr/lib/ldap
moduleload back_mdb
moduleload ppolicy
pidfile {here}/slapd.pid
TLSCACertificateFile {here}/ca.pem
TLSCertificateFile {here}/server.pem
TLSCertificateKeyFile {here}/server.key
security tls=1
database mdb
maxsize 104857600
suffix \"{BASE}\"
rootdn \"{ADMIN_DN}\"
rootpw {ADMIN_PASSWORD}
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
  by dn.exact=\"{READER_DN}\" read
  by self read
  by * none
"
    )
}

impl Slapd {
    /// Loads the people and starts slapd; waits until it answers.
    pub async fn start() -> Self {
        assert!(
            std::path::Path::new(SLAPD).exists(),
            "slapd is not installed: cargo xtask test installs it (apt-get install slapd ldap-utils)"
        );
        let (port, plain_port) = (free_port(), free_port());
        let folder =
            std::env::temp_dir().join(format!("latchkey-slapd-{}-{port}", std::process::id()));
        std::fs::create_dir_all(folder.join("data")).unwrap();
        let ca_file = tls::localhost_certificate(&folder, "server");
        std::fs::write(folder.join("slapd.conf"), config(&folder)).unwrap();
        std::fs::write(folder.join("data.ldif"), data()).unwrap();
        let loaded = Command::new("/usr/sbin/slapadd")
            .arg("-f")
            .arg(folder.join("slapd.conf"))
            .arg("-l")
            .arg(folder.join("data.ldif"))
            .output()
            .unwrap();
        assert!(
            loaded.status.success(),
            "slapadd: {}",
            String::from_utf8_lossy(&loaded.stderr)
        );
        let child = spawn(&folder, port, plain_port);
        let mut slapd = Self {
            child,
            port,
            plain_port,
            folder,
            ca_file,
        };
        slapd.wait_until_up().await;
        slapd
    }

    async fn wait_until_up(&mut self) {
        super::wait_until_listening(&mut self.child, self.port, "slapd", String::new).await;
    }

    pub fn url(&self) -> String {
        format!("ldaps://127.0.0.1:{}", self.port)
    }

    /// Plain LDAP, for StartTLS.
    pub fn starttls_url(&self) -> String {
        format!("ldap://127.0.0.1:{}", self.plain_port)
    }

    /// The values of `attribute` on `uid`'s entry (operational ones too), read as the
    /// directory's administrator with OpenLDAP's `ldapsearch`.
    pub fn values_of(&self, uid: &str, attribute: &str) -> Vec<String> {
        let output = Command::new("ldapsearch")
            .args(["-x", "-LLL", "-o", "ldif-wrap=no", "-H", &self.url()])
            .args(["-D", ADMIN_DN, "-w", ADMIN_PASSWORD, "-s", "base", "-b"])
            .arg(format!("uid={uid},{PEOPLE}"))
            .arg(attribute)
            .env("LDAPTLS_CACERT", &self.ca_file)
            .output()
            .unwrap();
        assert!(output.status.success(), "ldapsearch: {output:?}");
        let prefix = format!("{attribute}: ");
        String::from_utf8_lossy(&output.stdout)
            .lines()
            .filter_map(|line| line.strip_prefix(&prefix).map(str::to_string))
            .collect()
    }

    /// Restarts with a certificate from a CA made anew, which nobody who trusted the old one
    /// trusts (`ca_file` names the new CA).
    pub async fn restart_with_a_new_certificate(&mut self) {
        self.stop();
        tls::localhost_certificate(&self.folder, "server");
        self.start_again().await;
    }

    /// Server settings that point at this directory with `service` as the service account.
    pub fn settings_for(&self, args: &mut latchkey_server::config::ServeArgs, service: &str) {
        args.directory.kind = Some(latchkey_server::config::DirectoryKind::Ldap);
        args.directory.directory_url = Some(self.url());
        args.directory.directory_ca_file = Some(self.ca_file.clone());
        args.directory.directory_bind_dn = Some(service.into());
        args.directory.directory_bind_password = Some(SERVICE_PASSWORD.into());
        args.directory.directory_base_dn = Some(PEOPLE.into());
        args.directory.directory_policy_dn = Some(format!("cn=default,ou=policies,{BASE}"));
    }

    /// Whether `uid` can bind with `password`: asked with OpenLDAP's own `ldapwhoami`, not
    /// through Latchkey.
    pub fn accepts(&self, uid: &str, password: &str) -> bool {
        Command::new("ldapwhoami")
            .args([
                "-x",
                "-H",
                &self.url(),
                "-D",
                &format!("uid={uid},{PEOPLE}"),
                "-w",
                password,
            ])
            .env("LDAPTLS_CACERT", &self.ca_file)
            .output()
            .unwrap()
            .status
            .success()
    }

    /// Applies an LDIF change as the directory's administrator (to lock an account, say).
    pub fn change(&self, ldif: &str) {
        use std::io::Write;
        let mut child = Command::new("ldapmodify")
            .args([
                "-x",
                "-H",
                &self.url(),
                "-D",
                ADMIN_DN,
                "-w",
                ADMIN_PASSWORD,
            ])
            .env("LDAPTLS_CACERT", &self.ca_file)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(ldif.as_bytes())
            .unwrap();
        assert!(child.wait().unwrap().success(), "ldapmodify failed: {ldif}");
    }

    /// Locks `uid` out, as the password policy does after too many wrong passwords.
    pub fn lock(&self, uid: &str) {
        self.change(&format!(
            "dn: uid={uid},{PEOPLE}\nchangetype: modify\nadd: pwdAccountLockedTime\n\
             pwdAccountLockedTime: 20261129120000Z\n"
        ));
    }

    /// Stops the server (the directory going down); `start_again` brings it back on the same
    /// port with the same data.
    pub fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    pub async fn start_again(&mut self) {
        self.child = spawn(&self.folder, self.port, self.plain_port);
        self.wait_until_up().await;
    }
}

const SLAPD: &str = "/usr/sbin/slapd";

/// slapd in the foreground (`-d 0`) on `port` (LDAPS) and `plain_port` (StartTLS), with the
/// configuration in `folder`.
fn spawn(folder: &std::path::Path, port: u16, plain_port: u16) -> Child {
    let urls = format!("ldaps://127.0.0.1:{port}/ ldap://127.0.0.1:{plain_port}/");
    Command::new(SLAPD)
        .args(["-d", "0", "-h", &urls, "-f"])
        .arg(folder.join("slapd.conf"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

impl Drop for Slapd {
    fn drop(&mut self) {
        self.stop();
        let _ = std::fs::remove_dir_all(&self.folder);
    }
}
