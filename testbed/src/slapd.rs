//! An OpenLDAP directory: Debian's `slapd` on free loopback ports, in a temporary folder of its
//! own, with the password policy overlay (`cn=default,ou=policies`), a service account that may
//! set passwords, one that may only read, an administrator (slapd's root DN) for the checks
//! made beside Latchkey, and the people it is given. Plain `ldap://` on loopback, or — given a
//! certificate — LDAPS and a plain port that takes nothing before StartTLS. Stopped, and its
//! folder removed, when dropped.

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};

pub const BASE: &str = "dc=example,dc=org";
/// Where people are: the base DN Latchkey is given.
pub const PEOPLE: &str = "ou=people,dc=example,dc=org";
/// The service account that may find people and set their passwords.
pub const SERVICE_DN: &str = "cn=latchkey,ou=services,dc=example,dc=org";
/// The password of both service accounts.
pub const SERVICE_PASSWORD: &str = "service-velvet-otter-47";
/// A service account that can find people but not change their passwords.
pub const READER_DN: &str = "cn=reader,ou=services,dc=example,dc=org";
/// The password policy every entry follows.
pub const POLICY_DN: &str = "cn=default,ou=policies,dc=example,dc=org";
const ADMIN_DN: &str = "cn=admin,dc=example,dc=org";
const ADMIN_PASSWORD: &str = "admin-velvet-otter-47";

const SLAPD: &str = "/usr/sbin/slapd";

/// Someone in People: `uid=<uid>`, `cn` and `displayName` `name`, mail `<uid>@example.org`.
#[derive(Clone, Copy, Debug)]
pub struct Person<'a> {
    pub uid: &'a str,
    /// "Given Surname".
    pub name: &'a str,
    pub password: &'a str,
    /// More attribute lines (`pwdAccountLockedTime: …\n`), or empty.
    pub extra: &'a str,
}

/// How clients reach the directory.
pub enum Transport<'a> {
    /// Plain LDAP on one port.
    Plain,
    /// LDAPS on one port and plain LDAP that takes nothing before StartTLS on another, with the
    /// certificate this writes into the folder it is given (`server.pem`, `server.key`, `ca.pem`)
    /// and whose CA file it returns.
    Tls(&'a dyn Fn(&Path) -> PathBuf),
}

#[derive(Debug)]
pub struct Directory {
    child: Child,
    /// LDAPS when started with TLS, else plain LDAP.
    pub port: u16,
    /// Plain LDAP, where StartTLS must come first (TLS only).
    pub plain_port: Option<u16>,
    folder: PathBuf,
    /// The CA that signed the certificate (TLS only).
    pub ca_file: Option<PathBuf>,
}

impl Directory {
    /// Loads the people and starts slapd in a new folder named after `name`; waits until it
    /// answers.
    pub fn start(name: &str, people: &[Person], transport: Transport) -> anyhow::Result<Self> {
        anyhow::ensure!(
            Path::new(SLAPD).exists(),
            "slapd is not installed: cargo xtask test installs it (apt-get install slapd ldap-utils)"
        );
        let port = free_port()?;
        let folder = std::env::temp_dir().join(format!("{name}-{}-{port}", std::process::id()));
        let _ = std::fs::remove_dir_all(&folder);
        std::fs::create_dir_all(folder.join("data"))?;
        let (plain_port, ca_file) = match transport {
            Transport::Plain => (None, None),
            Transport::Tls(certificate) => (Some(free_port()?), Some(certificate(&folder))),
        };
        std::fs::write(
            folder.join("slapd.conf"),
            config(&folder, ca_file.is_some()),
        )?;
        std::fs::write(folder.join("data.ldif"), data(people))?;
        let loaded = Command::new("/usr/sbin/slapadd")
            .arg("-f")
            .arg(folder.join("slapd.conf"))
            .arg("-l")
            .arg(folder.join("data.ldif"))
            .output()
            .context("cannot run slapadd")?;
        if !loaded.status.success() {
            bail!("slapadd: {}", String::from_utf8_lossy(&loaded.stderr));
        }
        let child = spawn(&folder, port, plain_port)?;
        let mut directory = Self {
            child,
            port,
            plain_port,
            folder,
            ca_file,
        };
        directory.wait_until_up()?;
        Ok(directory)
    }

    /// `ldaps://…` with TLS, else `ldap://…`.
    pub fn url(&self) -> String {
        let scheme = if self.ca_file.is_some() {
            "ldaps"
        } else {
            "ldap"
        };
        format!("{scheme}://127.0.0.1:{}", self.port)
    }

    /// Plain LDAP, for StartTLS (TLS only).
    pub fn starttls_url(&self) -> Option<String> {
        self.plain_port
            .map(|port| format!("ldap://127.0.0.1:{port}"))
    }

    /// The folder slapd runs in (its certificate's, with TLS).
    pub fn folder(&self) -> &Path {
        &self.folder
    }

    /// The values of `attribute` on `uid`'s entry (operational ones too), read as the
    /// directory's administrator with OpenLDAP's `ldapsearch`.
    pub fn values_of(&self, uid: &str, attribute: &str) -> anyhow::Result<Vec<String>> {
        let output = self
            .client("ldapsearch")
            .args(["-x", "-LLL", "-o", "ldif-wrap=no", "-H", &self.url()])
            .args(["-D", ADMIN_DN, "-w", ADMIN_PASSWORD, "-s", "base", "-b"])
            .arg(format!("uid={uid},{PEOPLE}"))
            .arg(attribute)
            .output()
            .context("cannot run ldapsearch")?;
        anyhow::ensure!(output.status.success(), "ldapsearch: {output:?}");
        let prefix = format!("{attribute}: ");
        Ok(String::from_utf8_lossy(&output.stdout)
            .lines()
            .filter_map(|line| line.strip_prefix(&prefix).map(str::to_string))
            .collect())
    }

    /// Whether `uid` can bind with `password`: asked with OpenLDAP's own `ldapwhoami`, not
    /// through Latchkey.
    pub fn accepts(&self, uid: &str, password: &str) -> bool {
        self.client("ldapwhoami")
            .args([
                "-x",
                "-H",
                &self.url(),
                "-D",
                &format!("uid={uid},{PEOPLE}"),
            ])
            .args(["-w", password])
            .output()
            .is_ok_and(|output| output.status.success())
    }

    /// Applies an LDIF change as the directory's administrator (to lock an account, say).
    pub fn change(&self, ldif: &str) -> anyhow::Result<()> {
        use std::io::Write;
        let mut child = self
            .client("ldapmodify")
            .args([
                "-x",
                "-H",
                &self.url(),
                "-D",
                ADMIN_DN,
                "-w",
                ADMIN_PASSWORD,
            ])
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .context("cannot run ldapmodify")?;
        child
            .stdin
            .take()
            .context("ldapmodify has an input")?
            .write_all(ldif.as_bytes())?;
        anyhow::ensure!(child.wait()?.success(), "ldapmodify failed: {ldif}");
        Ok(())
    }

    /// Locks `uid` out, as the password policy does after too many wrong passwords.
    pub fn lock(&self, uid: &str) -> anyhow::Result<()> {
        self.change(&format!(
            "dn: uid={uid},{PEOPLE}\nchangetype: modify\nadd: pwdAccountLockedTime\n\
             pwdAccountLockedTime: 20261129120000Z\n"
        ))
    }

    /// Stops the server (the directory going down); [`Directory::start_again`] brings it back on
    /// the same ports with the same data.
    pub fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    pub fn start_again(&mut self) -> anyhow::Result<()> {
        self.child = spawn(&self.folder, self.port, self.plain_port)?;
        self.wait_until_up()
    }

    /// One of OpenLDAP's client programs, trusting the directory's CA.
    fn client(&self, program: &str) -> Command {
        let mut command = Command::new(program);
        if let Some(ca_file) = &self.ca_file {
            command.env("LDAPTLS_CACERT", ca_file);
        }
        command
    }

    fn wait_until_up(&mut self) -> anyhow::Result<()> {
        let deadline = Instant::now() + Duration::from_secs(60);
        while TcpStream::connect(("127.0.0.1", self.port)).is_err() {
            if let Some(status) = self.child.try_wait()? {
                bail!("slapd exited ({status})");
            }
            if Instant::now() > deadline {
                bail!("slapd did not start listening within 60 s");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        Ok(())
    }
}

impl Drop for Directory {
    fn drop(&mut self) {
        self.stop();
        let _ = std::fs::remove_dir_all(&self.folder);
    }
}

fn free_port() -> anyhow::Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// slapd in the foreground (`-d 0`) on `port` (LDAPS when there is a `plain_port` for StartTLS,
/// else plain LDAP), with the configuration in `folder`.
fn spawn(folder: &Path, port: u16, plain_port: Option<u16>) -> anyhow::Result<Child> {
    let urls = match plain_port {
        Some(plain_port) => format!("ldaps://127.0.0.1:{port}/ ldap://127.0.0.1:{plain_port}/"),
        None => format!("ldap://127.0.0.1:{port}/"),
    };
    Command::new(SLAPD)
        .args(["-d", "0", "-h", &urls, "-f"])
        .arg(folder.join("slapd.conf"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .context("cannot start slapd")
}

fn config(folder: &Path, tls: bool) -> String {
    let here = folder.display();
    let tls = if tls {
        format!(
            "TLSCACertificateFile {here}/ca.pem\nTLSCertificateFile {here}/server.pem\n\
             TLSCertificateKeyFile {here}/server.key\nsecurity tls=1\n"
        )
    } else {
        String::new()
    };
    format!(
        "include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/inetorgperson.schema
include /etc/ldap/schema/nis.schema
modulepath /usr/lib/ldap
moduleload back_mdb
moduleload ppolicy
pidfile {here}/slapd.pid
{tls}database mdb
maxsize 104857600
suffix \"{BASE}\"
rootdn \"{ADMIN_DN}\"
rootpw {ADMIN_PASSWORD}
directory {here}/data
overlay ppolicy
ppolicy_default \"{POLICY_DN}\"
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

fn data(people: &[Person]) -> String {
    let mut ldif = format!(
        "dn: {BASE}\nobjectClass: dcObject\nobjectClass: organization\no: Example\ndc: example\n\n\
         dn: {PEOPLE}\nobjectClass: organizationalUnit\nou: people\n\n\
         dn: ou=services,{BASE}\nobjectClass: organizationalUnit\nou: services\n\n\
         dn: ou=policies,{BASE}\nobjectClass: organizationalUnit\nou: policies\n\n\
         dn: {POLICY_DN}\nobjectClass: device\nobjectClass: pwdPolicy\n\
         cn: default\npwdAttribute: userPassword\npwdMinLength: 12\npwdInHistory: 3\n\
         pwdCheckQuality: 1\npwdLockout: TRUE\npwdMaxFailure: 20\n\n\
         dn: {SERVICE_DN}\nobjectClass: organizationalRole\nobjectClass: simpleSecurityObject\n\
         cn: latchkey\nuserPassword: {SERVICE_PASSWORD}\n\n\
         dn: {READER_DN}\nobjectClass: organizationalRole\nobjectClass: simpleSecurityObject\n\
         cn: reader\nuserPassword: {SERVICE_PASSWORD}\n\n"
    );
    for person in people {
        let Person {
            uid,
            name,
            password,
            extra,
        } = person;
        let (first, last) = name.split_once(' ').unwrap_or((name, name));
        ldif.push_str(&format!(
            "dn: uid={uid},{PEOPLE}\nobjectClass: inetOrgPerson\nuid: {uid}\ncn: {name}\n\
             givenName: {first}\nsn: {last}\ndisplayName: {name}\nmail: {uid}@example.org\n\
             userPassword: {password}\n{extra}\n"
        ));
    }
    ldif
}
