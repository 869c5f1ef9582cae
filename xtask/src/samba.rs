//! A throwaway Active Directory with demo people, for `cargo xtask serve --directory
//! active_directory` and the end-to-end suite: Debian's Samba as a domain controller
//! (installed when missing), provisioned into a temporary folder and run in a network namespace
//! of its own (it binds the LDAP ports 389 and 636), with `socat` passing LDAPS out through a
//! Unix socket to a free loopback port here. TLS with a self-signed certificate for 127.0.0.1
//! made by `openssl`. Stopped and removed when dropped.

use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};

use crate::local::{TempDir, free_port};
use crate::process::command;
use crate::serve::KillOnDrop;

pub const PEOPLE: &str = "OU=People,DC=example,DC=org";
const SERVICE_DN: &str = "CN=latchkey,OU=Services,DC=example,DC=org";
const SERVICE_PASSWORD: &str = "Service-velvet-otter-47";

/// The domain's people: (sAMAccountName, given name, surname); each starts with the password
/// given to `start`, and alan must change his at his first sign-in.
pub const DEMO_PEOPLE: &[(&str, &str, &str)] = &[
    ("ada", "Ada", "Lovelace"),
    ("grace", "Grace", "Hopper"),
    ("alan", "Alan", "Turing"),
];

pub struct DemoDomain {
    namespace: Child,
    _relay: KillOnDrop,
    pub port: u16,
    pub ca_file: std::path::PathBuf,
    folder: TempDir,
}

impl DemoDomain {
    /// Provisions EXAMPLE.ORG with the demo people, each with `password`, and starts it.
    pub fn start(password: &str) -> anyhow::Result<Self> {
        crate::tools::ensure_samba()?;
        let folder = TempDir::new("latchkey-domain")?;
        let here = folder.0.display().to_string();
        std::fs::create_dir_all(folder.0.join("run"))?;
        certificate(&folder.0)?;
        provision(&folder.0)?;
        let tool = |args: &[&str]| samba_tool(&folder.0, args);
        for ou in ["OU=People", "OU=Services"] {
            tool(&["ou", "create", &format!("{ou},DC=example,DC=org")])?;
        }
        for (name, given, surname) in DEMO_PEOPLE {
            tool(&[
                "user",
                "create",
                name,
                password,
                &format!("--given-name={given}"),
                &format!("--surname={surname}"),
                &format!("--mail-address={name}@example.org"),
                "--userou=OU=People",
            ])?;
        }
        tool(&[
            "user",
            "setpassword",
            "alan",
            &format!("--newpassword={password}"),
            "--must-change-at-next-login",
        ])?;
        tool(&[
            "user",
            "create",
            "latchkey",
            SERVICE_PASSWORD,
            "--userou=OU=Services",
        ])?;
        // The rights docs/directory.md asks for: "Reset password", and lockoutTime, on users.
        let shown = tool(&["user", "show", "latchkey", "--attributes=objectSid"])?;
        let sid = shown
            .lines()
            .find_map(|line| line.strip_prefix("objectSid: "))
            .context("the service account has no objectSid")?
            .trim()
            .to_string();
        let user = "bf967aba-0de6-11d0-a285-00aa003049e2";
        tool(&[
            "dsacl",
            "set",
            &format!("--objectdn={PEOPLE}"),
            &format!(
                "--sddl=(OA;CI;CR;00299570-246d-11d0-a768-00aa006e0529;{user};{sid})\
                 (OA;CI;WP;28630ebf-41d5-11d1-a9c1-0000f80367c1;{user};{sid})"
            ),
        ])?;
        tool(&[
            "domain",
            "passwordsettings",
            "set",
            "--min-pwd-length=12",
            "--complexity=on",
            "--history-length=3",
            "--min-pwd-age=0",
        ])?;
        let script = format!(
            "ip link set lo up && \
             (samba -i -M single -s {here}/etc/smb.conf --debug-stdout -d 1 \
                > {here}/samba.log 2>&1 &) && \
             exec socat UNIX-LISTEN:{here}/ldaps.sock,fork,unlink-early TCP:127.0.0.1:636"
        );
        let namespace = command("unshare")
            .args(["--net", "--", "sh", "-c", &script])
            .process_group(0)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .context("cannot start Samba in a network namespace (unshare --net)")?;
        let port = free_port()?;
        let relay = command("socat")
            .arg(format!("TCP-LISTEN:{port},bind=127.0.0.1,fork,reuseaddr"))
            .arg(format!("UNIX-CONNECT:{here}/ldaps.sock"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .context("cannot start socat")?;
        let domain = Self {
            namespace,
            _relay: KillOnDrop(relay),
            port,
            ca_file: folder.0.join("cert.pem"),
            folder,
        };
        domain.wait_until_up()?;
        Ok(domain)
    }

    fn wait_until_up(&self) -> anyhow::Result<()> {
        let deadline = Instant::now() + Duration::from_secs(90);
        while Instant::now() < deadline {
            if self.accepts("", "") {
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        let log = std::fs::read_to_string(self.folder.0.join("samba.log")).unwrap_or_default();
        bail!("Samba did not answer LDAPS within 90 s: {log}")
    }

    /// Whether `dn` binds with `password` (`ldapsearch`, not through Latchkey).
    fn accepts(&self, dn: &str, password: &str) -> bool {
        command("ldapsearch")
            .args(["-x", "-H", &self.url(), "-D", dn, "-w", password])
            .args(["-b", "", "-s", "base", "1.1"])
            .env("LDAPTLS_CACERT", &self.ca_file)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|status| status.success())
    }

    pub fn url(&self) -> String {
        format!("ldaps://127.0.0.1:{}", self.port)
    }

    /// The server's settings for this domain.
    pub fn settings(&self) -> Vec<(&'static str, String)> {
        vec![
            ("LATCHKEY_DIRECTORY", "active_directory".into()),
            ("LATCHKEY_DIRECTORY_URL", self.url()),
            (
                "LATCHKEY_DIRECTORY_CA_FILE",
                self.ca_file.display().to_string(),
            ),
            ("LATCHKEY_DIRECTORY_BIND_DN", SERVICE_DN.into()),
            ("LATCHKEY_DIRECTORY_BIND_PASSWORD", SERVICE_PASSWORD.into()),
            ("LATCHKEY_DIRECTORY_BASE_DN", PEOPLE.into()),
        ]
    }
}

impl Drop for DemoDomain {
    fn drop(&mut self) {
        // Samba makes a process group of its own: found by its pid file; the inner relay is in
        // the namespace's group.
        let samba = std::fs::read_to_string(self.folder.0.join("run/samba.pid")).unwrap_or_default();
        let group = format!("-{}", self.namespace.id());
        let _ = command("kill")
            .args(["-KILL", "--", &group, samba.trim()])
            .stderr(Stdio::null())
            .status();
        let _ = self.namespace.wait();
    }
}

/// A self-signed certificate for 127.0.0.1 (`cert.pem`, `key.pem`), which the server is told
/// to trust.
fn certificate(folder: &Path) -> anyhow::Result<()> {
    let made = command("openssl")
        .args(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "7"])
        .args(["-subj", "/CN=localhost"])
        .args(["-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"])
        .arg("-keyout")
        .arg(folder.join("key.pem"))
        .arg("-out")
        .arg(folder.join("cert.pem"))
        .output()
        .context("cannot run openssl")?;
    if !made.status.success() {
        bail!("openssl req: {}", String::from_utf8_lossy(&made.stderr));
    }
    // Samba will not use a key others can read.
    let private = std::os::unix::fs::PermissionsExt::from_mode(0o600);
    std::fs::set_permissions(folder.join("key.pem"), private)?;
    Ok(())
}

/// The domain EXAMPLE.ORG in `folder`, serving LDAP only, on the namespace's loopback.
fn provision(folder: &Path) -> anyhow::Result<()> {
    let here = folder.display();
    let provisioned = command("samba-tool")
        .args(["domain", "provision", "--server-role=dc", "--dns-backend=NONE"])
        .args(["--realm=EXAMPLE.ORG", "--domain=EXAMPLE", "--host-name=dc1"])
        .arg("--adminpass=Admin-velvet-otter-47")
        .arg(format!("--targetdir={here}"))
        .output()
        .context("cannot run samba-tool")?;
    if !provisioned.status.success() {
        bail!(
            "samba-tool domain provision: {}",
            String::from_utf8_lossy(&provisioned.stderr)
        );
    }
    // Provisioning keeps only some options it is given: these replace what it wrote.
    let options = [
        "server services = ldap".to_string(),
        "interfaces = lo".to_string(),
        "bind interfaces only = yes".to_string(),
        "old password allowed period = 0".to_string(),
        format!("pid directory = {here}/run"),
        format!("ncalrpc dir = {here}/run/ncalrpc"),
        format!("winbindd socket directory = {here}/run/winbindd"),
        format!("log file = {here}/log.%m"),
        "tls enabled = yes".to_string(),
        format!("tls keyfile = {here}/key.pem"),
        format!("tls certfile = {here}/cert.pem"),
        format!("tls cafile = {here}/cert.pem"),
    ];
    let file = folder.join("etc/smb.conf");
    let key = |line: &str| line.split('=').next().unwrap_or_default().trim().to_string();
    let ours: Vec<String> = options.iter().map(|option| key(option)).collect();
    let kept: String = std::fs::read_to_string(&file)?
        .lines()
        .filter(|line| !ours.contains(&key(line)))
        .map(|line| format!("{line}\n"))
        .collect();
    let added: String = options.iter().map(|option| format!("\t{option}\n")).collect();
    std::fs::write(
        &file,
        kept.replacen("[global]\n", &format!("[global]\n{added}"), 1),
    )?;
    Ok(())
}

/// `samba-tool` on the domain's database directly; what it printed.
fn samba_tool(folder: &Path, args: &[&str]) -> anyhow::Result<String> {
    let output = command("samba-tool")
        .args(args)
        .arg("-H")
        .arg(folder.join("private/sam.ldb"))
        .arg("-s")
        .arg(folder.join("etc/smb.conf"))
        .output()
        .context("cannot run samba-tool")?;
    if !output.status.success() {
        bail!(
            "samba-tool {args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}
