//! A real Active Directory: Debian's Samba as a domain controller (`samba-tool domain
//! provision` into a folder of the test's own), installed by `cargo xtask test`. It binds the
//! LDAP ports 389 and 636, so it runs in a network namespace of its own (`unshare --net`),
//! where `socat` passes LDAPS connections out through a Unix socket in its folder; another
//! `socat` on a free loopback port here leads to that socket. LDAPS with a certificate from a CA
//! made here. People: jdoe (Jane Doe), grace (Grace Hopper), and gone (disabled); a service
//! account with "Reset password" and `lockoutTime` rights on their OU, and a reader without.
//! Stopped, and its folder removed, when dropped.

use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use super::{PASSWORD, free_port, tls};

pub const DOMAIN: &str = "DC=example,DC=org";
pub const PEOPLE: &str = "OU=People,DC=example,DC=org";
/// Jane Doe's entry.
pub const JDOE: &str = "CN=Jane Doe,OU=People,DC=example,DC=org";
pub const GRACE: &str = "CN=Grace Hopper,OU=People,DC=example,DC=org";
pub const SERVICE_DN: &str = "CN=latchkey,OU=Services,DC=example,DC=org";
/// A domain user who can read people but has no right to set their passwords.
pub const READER_DN: &str = "CN=reader,OU=Services,DC=example,DC=org";
pub const SERVICE_PASSWORD: &str = "Service-velvet-otter-47";
const ADMIN_PASSWORD: &str = "Admin-velvet-otter-47";

/// The "Reset Password" extended right and the `lockoutTime` attribute, on user objects.
const RESET_PASSWORD: &str = "00299570-246d-11d0-a768-00aa006e0529";
const LOCKOUT_TIME: &str = "28630ebf-41d5-11d1-a9c1-0000f80367c1";
const USER_CLASS: &str = "bf967aba-0de6-11d0-a285-00aa003049e2";

pub struct SambaDc {
    /// `unshare`, with Samba and the inner relay in its process group.
    namespace: Option<Child>,
    /// The outer relay: loopback port → the namespace's socket.
    relay: Child,
    pub port: u16,
    folder: PathBuf,
    pub ca_file: PathBuf,
}

impl SambaDc {
    /// Provisions a domain with the people, starts Samba, and waits until LDAPS answers.
    pub async fn start() -> Self {
        assert!(
            Path::new("/usr/sbin/samba").exists(),
            "Samba is not installed: cargo xtask test installs it (apt-get install samba \
             samba-ad-provision samba-dsdb-modules socat iproute2)"
        );
        let port = free_port();
        let folder =
            std::env::temp_dir().join(format!("latchkey-samba-{}-{port}", std::process::id()));
        std::fs::create_dir_all(folder.join("run")).unwrap();
        let ca_file = tls::localhost_certificate(&folder, "server");
        let key = folder.join("server.key");
        std::fs::set_permissions(&key, std::os::unix::fs::PermissionsExt::from_mode(0o600))
            .unwrap();
        provision(&folder);
        let relay = Command::new("socat")
            .arg(format!("TCP-LISTEN:{port},bind=127.0.0.1,fork,reuseaddr"))
            .arg(format!(
                "UNIX-CONNECT:{}",
                folder.join("ldaps.sock").display()
            ))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("socat: cargo xtask test installs it");
        let mut dc = Self {
            namespace: None,
            relay,
            port,
            folder,
            ca_file,
        };
        dc.add_people();
        dc.start_again().await;
        dc
    }

    fn add_people(&self) {
        for (name, given, surname) in [
            ("jdoe", "Jane", "Doe"),
            ("grace", "Grace", "Hopper"),
            ("gone", "Gone", "Away"),
        ] {
            self.samba_tool(&[
                "user",
                "create",
                name,
                PASSWORD,
                &format!("--given-name={given}"),
                &format!("--surname={surname}"),
                &format!("--mail-address={name}@example.org"),
                "--userou=OU=People",
            ]);
        }
        self.samba_tool(&["user", "disable", "gone"]);
        for service in ["latchkey", "reader"] {
            self.samba_tool(&[
                "user",
                "create",
                service,
                SERVICE_PASSWORD,
                "--userou=OU=Services",
            ]);
        }
        let sid = self.sid_of("latchkey");
        self.samba_tool(&[
            "dsacl",
            "set",
            &format!("--objectdn={PEOPLE}"),
            &format!(
                "--sddl=(OA;CI;CR;{RESET_PASSWORD};{USER_CLASS};{sid})\
                 (OA;CI;WP;{LOCKOUT_TIME};{USER_CLASS};{sid})"
            ),
        ]);
    }

    fn sid_of(&self, name: &str) -> String {
        let shown = self.samba_tool(&["user", "show", name, "--attributes=objectSid"]);
        shown
            .lines()
            .find_map(|line| line.strip_prefix("objectSid: "))
            .expect("objectSid")
            .trim()
            .to_string()
    }

    /// Runs `samba-tool` on the domain's database directly; returns what it printed.
    pub fn samba_tool(&self, args: &[&str]) -> String {
        let output = Command::new("samba-tool")
            .args(args)
            .arg("-H")
            .arg(self.folder.join("private/sam.ldb"))
            .arg("-s")
            .arg(self.folder.join("etc/smb.conf"))
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&output.stdout).into_owned();
        assert!(
            output.status.success(),
            "samba-tool {args:?}: {text}{}",
            String::from_utf8_lossy(&output.stderr)
        );
        text
    }

    /// Sets the domain's password rules (`samba-tool domain passwordsettings set` options).
    pub fn password_settings(&self, options: &[&str]) {
        let mut args = vec!["domain", "passwordsettings", "set"];
        args.extend_from_slice(options);
        self.samba_tool(&args);
    }

    pub fn url(&self) -> String {
        format!("ldaps://127.0.0.1:{}", self.port)
    }

    /// Server settings that point at this domain with `service` as the service account.
    pub fn settings_for(&self, args: &mut latchkey_server::config::ServeArgs, service: &str) {
        args.directory = Some(latchkey_server::config::DirectoryKind::ActiveDirectory);
        args.directory_url = Some(self.url());
        args.directory_ca_file = Some(self.ca_file.clone());
        args.directory_bind_dn = Some(service.into());
        args.directory_bind_password = Some(SERVICE_PASSWORD.into());
        args.directory_base_dn = Some(PEOPLE.into());
    }

    /// Whether `dn` can bind with `password`, asked with OpenLDAP's `ldapsearch`, not through
    /// Latchkey.
    pub fn accepts(&self, dn: &str, password: &str) -> bool {
        self.bind(dn, password).status.success()
    }

    /// A bind as `dn`, with what the domain controller answered.
    pub fn bind(&self, dn: &str, password: &str) -> std::process::Output {
        let url = self.url();
        Command::new("ldapsearch")
            .args(["-x", "-H", &url, "-D", dn, "-w", password])
            .args(["-b", "", "-s", "base", "1.1"])
            .env("LDAPTLS_CACERT", &self.ca_file)
            .output()
            .unwrap()
    }

    /// Stops the domain controller (the directory going down); the relay stays.
    pub fn stop(&mut self) {
        let Some(mut namespace) = self.namespace.take() else {
            return;
        };
        // The inner relay is in the namespace process's group; Samba makes a group of its own
        // and is found by its pid file.
        let pid_file = self.folder.join("run/samba.pid");
        let samba = std::fs::read_to_string(&pid_file).unwrap_or_default();
        let group = format!("-{}", namespace.id());
        let _ = Command::new("kill")
            .args(["-KILL", "--", &group, samba.trim()])
            .stderr(Stdio::null())
            .status();
        let _ = namespace.wait();
        let gone = Path::new("/proc").join(samba.trim());
        while !samba.trim().is_empty() && gone.exists() {
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        let _ = std::fs::remove_file(pid_file);
    }

    /// Starts Samba (again) in a new network namespace and waits until LDAPS answers.
    pub async fn start_again(&mut self) {
        let folder = self.folder.display().to_string();
        let script = format!(
            "ip link set lo up && \
             (samba -i -M single -s {folder}/etc/smb.conf --debug-stdout -d 1 \
                > {folder}/samba.log 2>&1 &) && \
             exec socat UNIX-LISTEN:{folder}/ldaps.sock,fork,unlink-early TCP:127.0.0.1:636"
        );
        let namespace = Command::new("unshare")
            .args(["--net", "--", "sh", "-c", &script])
            .process_group(0)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("unshare (util-linux)");
        self.namespace = Some(namespace);
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(90);
        while !self.bind("", "").status.success() {
            let log = std::fs::read_to_string(self.folder.join("samba.log")).unwrap_or_default();
            assert!(
                std::time::Instant::now() < deadline,
                "Samba did not start: {log}"
            );
            tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        }
    }
}

/// A new domain, EXAMPLE.ORG, whose files all live in `folder`, serving LDAP only, with TLS from
/// the test's CA.
fn provision(folder: &Path) {
    let here = folder.display();
    let options = [
        "server services = ldap".to_string(),
        "interfaces = lo".to_string(),
        "bind interfaces only = yes".to_string(),
        // A changed password stops working at once (AD keeps the old one for an hour over
        // NTLM, which Samba applies to LDAP binds too).
        "old password allowed period = 0".to_string(),
        format!("pid directory = {here}/run"),
        format!("ncalrpc dir = {here}/run/ncalrpc"),
        format!("winbindd socket directory = {here}/run/winbindd"),
        format!("log file = {here}/log.%m"),
        "tls enabled = yes".to_string(),
        format!("tls keyfile = {here}/server.key"),
        format!("tls certfile = {here}/server.pem"),
        format!("tls cafile = {here}/ca.pem"),
    ];
    let mut command = Command::new("samba-tool");
    command
        .args([
            "domain",
            "provision",
            "--server-role=dc",
            "--dns-backend=NONE",
        ])
        .args(["--realm=EXAMPLE.ORG", "--domain=EXAMPLE", "--host-name=dc1"])
        .arg(format!("--adminpass={ADMIN_PASSWORD}"))
        .arg(format!("--targetdir={here}"));
    let provisioned = command.output().unwrap();
    assert!(
        provisioned.status.success(),
        "samba-tool domain provision: {}",
        String::from_utf8_lossy(&provisioned.stderr)
    );
    // Written into the file, in place of what provisioning wrote for the same keys (it keeps
    // only some of the options it is given).
    let file = folder.join("etc/smb.conf");
    let key = |line: &str| {
        line.split('=')
            .next()
            .unwrap_or_default()
            .trim()
            .to_string()
    };
    let ours: Vec<String> = options.iter().map(|option| key(option)).collect();
    let kept: String = std::fs::read_to_string(&file)
        .unwrap()
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
    )
    .unwrap();
    for ou in ["OU=People", "OU=Services"] {
        let made = Command::new("samba-tool")
            .args(["ou", "create", &format!("{ou},{DOMAIN}"), "-H"])
            .arg(folder.join("private/sam.ldb"))
            .output()
            .unwrap();
        assert!(made.status.success(), "samba-tool ou create {ou}");
    }
}

impl Drop for SambaDc {
    fn drop(&mut self) {
        self.stop();
        let _ = self.relay.kill();
        let _ = self.relay.wait();
        let _ = std::fs::remove_dir_all(&self.folder);
    }
}
