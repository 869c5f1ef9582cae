//! An Active Directory domain controller: Debian's Samba, provisioned (`samba-tool domain
//! provision`, EXAMPLE.ORG) into a temporary folder of its own. It binds the LDAP ports 389 and
//! 636, so it runs in a network namespace of its own (`unshare --net`), where `socat` passes
//! LDAPS connections out through a Unix socket in its folder; another `socat` on a free
//! loopback port here leads to that socket. TLS with a self-signed certificate for 127.0.0.1
//! made by `openssl`. Stopped, and its folder removed, when dropped.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};

pub const DOMAIN: &str = "DC=example,DC=org";
/// Where people are: the base DN Latchkey is given.
pub const PEOPLE: &str = "OU=People,DC=example,DC=org";
const ADMIN_PASSWORD: &str = "Admin-velvet-otter-47";

/// The "Reset Password" extended right and the `lockoutTime` attribute, on User objects.
const RESET_PASSWORD: &str = "00299570-246d-11d0-a768-00aa006e0529";
const LOCKOUT_TIME: &str = "28630ebf-41d5-11d1-a9c1-0000f80367c1";
const USER_CLASS: &str = "bf967aba-0de6-11d0-a285-00aa003049e2";

pub struct DomainController {
    /// The namespace's shell, which became the inner relay; `None` while stopped.
    namespace: Option<Child>,
    /// The outer relay: loopback port → the namespace's socket.
    relay: Child,
    pub port: u16,
    folder: PathBuf,
    /// The certificate LDAPS presents, which clients are told to trust.
    pub ca_file: PathBuf,
}

impl DomainController {
    /// Provisions the domain, with the organisational units People and Services, in a new
    /// folder named after `name`; not started yet.
    pub fn provision(name: &str) -> anyhow::Result<Self> {
        let port = std::net::TcpListener::bind("127.0.0.1:0")?
            .local_addr()?
            .port();
        let folder = std::env::temp_dir().join(format!("{name}-{}-{port}", std::process::id()));
        let _ = std::fs::remove_dir_all(&folder);
        std::fs::create_dir_all(folder.join("run"))?;
        certificate(&folder)?;
        provision(&folder)?;
        let relay = Command::new("socat")
            .arg(format!("TCP-LISTEN:{port},bind=127.0.0.1,fork,reuseaddr"))
            .arg(format!(
                "UNIX-CONNECT:{}",
                folder.join("ldaps.sock").display()
            ))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .context("cannot start socat (Debian: apt-get install socat)")?;
        let domain = Self {
            namespace: None,
            relay,
            port,
            ca_file: folder.join("cert.pem"),
            folder,
        };
        for ou in ["OU=People", "OU=Services"] {
            domain.samba_tool(&["ou", "create", &format!("{ou},{DOMAIN}")])?;
        }
        Ok(domain)
    }

    /// A person in People: `CN=<given> <surname>`, with `name` as their account name and
    /// `name@example.org` as their work email.
    pub fn add_person(
        &self,
        name: &str,
        given: &str,
        surname: &str,
        password: &str,
    ) -> anyhow::Result<()> {
        self.samba_tool(&[
            "user",
            "create",
            name,
            password,
            &format!("--given-name={given}"),
            &format!("--surname={surname}"),
            &format!("--mail-address={name}@example.org"),
            "--userou=OU=People",
        ])
        .map(drop)
    }

    /// An account in Services (`CN=<name>,OU=Services,…`), given the rights docs/directory.md
    /// asks for on People when `may_reset`: "Reset password", and writing `lockoutTime`.
    pub fn add_service_account(
        &self,
        name: &str,
        password: &str,
        may_reset: bool,
    ) -> anyhow::Result<String> {
        self.samba_tool(&["user", "create", name, password, "--userou=OU=Services"])?;
        if may_reset {
            let shown = self.samba_tool(&["user", "show", name, "--attributes=objectSid"])?;
            let sid = shown
                .lines()
                .find_map(|line| line.strip_prefix("objectSid: "))
                .context("the account has no objectSid")?
                .trim()
                .to_string();
            self.samba_tool(&[
                "dsacl",
                "set",
                &format!("--objectdn={PEOPLE}"),
                &format!(
                    "--sddl=(OA;CI;CR;{RESET_PASSWORD};{USER_CLASS};{sid})\
                     (OA;CI;WP;{LOCKOUT_TIME};{USER_CLASS};{sid})"
                ),
            ])?;
        }
        Ok(format!("CN={name},OU=Services,{DOMAIN}"))
    }

    /// Sets the domain's password rules (`samba-tool domain passwordsettings set` options).
    pub fn password_settings(&self, options: &[&str]) -> anyhow::Result<()> {
        let mut args = vec!["domain", "passwordsettings", "set"];
        args.extend_from_slice(options);
        self.samba_tool(&args).map(drop)
    }

    /// Runs `samba-tool` on the domain's database directly; what it printed.
    pub fn samba_tool(&self, args: &[&str]) -> anyhow::Result<String> {
        let output = Command::new("samba-tool")
            .args(args)
            .arg("-H")
            .arg(self.folder.join("private/sam.ldb"))
            .arg("-s")
            .arg(self.folder.join("etc/smb.conf"))
            .output()
            .context("cannot run samba-tool")?;
        if !output.status.success() {
            bail!(
                "samba-tool {args:?}: {}{}",
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            );
        }
        Ok(String::from_utf8_lossy(&output.stdout).into_owned())
    }

    pub fn url(&self) -> String {
        format!("ldaps://127.0.0.1:{}", self.port)
    }

    /// Whether `dn` can bind with `password`, asked with OpenLDAP's `ldapsearch`.
    pub fn accepts(&self, dn: &str, password: &str) -> bool {
        Command::new("ldapsearch")
            .args(["-x", "-H", &self.url(), "-D", dn, "-w", password])
            .args(["-b", "", "-s", "base", "1.1"])
            .env("LDAPTLS_CACERT", &self.ca_file)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|status| status.success())
    }

    /// Starts Samba in a new network namespace, in this process's group (so Ctrl-C stops it
    /// too), and waits until LDAPS answers.
    pub fn start(&mut self) -> anyhow::Result<()> {
        let here = self.folder.display();
        let script = format!(
            "ip link set lo up && \
             (samba -i --no-process-group -M single -s {here}/etc/smb.conf --debug-stdout -d 1 \
                > {here}/samba.log 2>&1 &) && \
             exec socat UNIX-LISTEN:{here}/ldaps.sock,fork,unlink-early TCP:127.0.0.1:636"
        );
        let namespace = Command::new("unshare")
            .args(["--net", "--", "sh", "-c", &script])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .context("cannot start Samba in a network namespace (unshare --net)")?;
        self.namespace = Some(namespace);
        let deadline = Instant::now() + Duration::from_secs(90);
        while !self.accepts("", "") {
            if Instant::now() > deadline {
                let log =
                    std::fs::read_to_string(self.folder.join("samba.log")).unwrap_or_default();
                bail!("Samba did not answer LDAPS within 90 s: {log}");
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        Ok(())
    }

    /// Stops Samba (the directory going down); the outer relay stays, and `start` brings the
    /// same domain back on the same port.
    pub fn stop(&mut self) {
        let Some(mut namespace) = self.namespace.take() else {
            return;
        };
        let pid_file = self.folder.join("run/samba.pid");
        let samba = std::fs::read_to_string(&pid_file).unwrap_or_default();
        let samba = samba.trim();
        let _ = Command::new("kill")
            .args(["-KILL", "--", samba])
            .stderr(Stdio::null())
            .status();
        let _ = namespace.kill();
        let _ = namespace.wait();
        let deadline = Instant::now() + Duration::from_secs(10);
        while !samba.is_empty() && Path::new("/proc").join(samba).exists() {
            if Instant::now() > deadline {
                break;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = std::fs::remove_file(pid_file);
    }
}

impl Drop for DomainController {
    fn drop(&mut self) {
        self.stop();
        let _ = self.relay.kill();
        let _ = self.relay.wait();
        let _ = std::fs::remove_dir_all(&self.folder);
    }
}

/// A self-signed certificate for 127.0.0.1 and localhost (`cert.pem`, `key.pem`).
fn certificate(folder: &Path) -> anyhow::Result<()> {
    let made = Command::new("openssl")
        .args([
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "7",
        ])
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
    let provisioned = Command::new("samba-tool")
        .args([
            "domain",
            "provision",
            "--server-role=dc",
            "--dns-backend=NONE",
        ])
        .args(["--realm=EXAMPLE.ORG", "--domain=EXAMPLE", "--host-name=dc1"])
        .arg(format!("--adminpass={ADMIN_PASSWORD}"))
        .arg(format!("--targetdir={here}"))
        .output()
        .context("cannot run samba-tool (Debian: apt-get install samba samba-ad-provision)")?;
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
        // A changed password stops working at once (AD keeps the old one for an hour over NTLM,
        // which Samba applies to LDAP binds too).
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
    let key = |line: &str| {
        line.split('=')
            .next()
            .unwrap_or_default()
            .trim()
            .to_string()
    };
    let ours: Vec<String> = options.iter().map(|option| key(option)).collect();
    let kept: String = std::fs::read_to_string(&file)?
        .lines()
        .filter(|line| !ours.contains(&key(line)))
        .map(|line| format!("{line}\n"))
        .collect();
    let added: String = options
        .iter()
        .map(|option| format!("\t{option}\n"))
        .collect();
    std::fs::write(
        &file,
        kept.replacen("[global]\n", &format!("[global]\n{added}"), 1),
    )?;
    Ok(())
}
