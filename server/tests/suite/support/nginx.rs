//! A real nginx (Debian's, installed by `cargo xtask test`) on a free loopback port, balancing
//! between replicas as docs/deployment.md's recipe says, or serving the SPA as docs/deployment.md's static hosting
//! recipe says; stopped when dropped, its workers with it.

use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct Nginx {
    child: Child,
    pub port: u16,
    folder: PathBuf,
}

impl Nginx {
    /// Starts nginx in front of the servers on `upstreams` with docs/deployment.md's recipe, as
    /// written but for its addresses and TLS, and waits until it answers.
    pub async fn start(upstreams: &[u16]) -> Self {
        Self::start_with(upstreams, |recipe| recipe).await
    }

    /// The same, with the recipe as `change` leaves it (another client address header, say).
    pub async fn start_with(upstreams: &[u16], change: impl FnOnce(String) -> String) -> Self {
        let servers: String = upstreams
            .iter()
            .map(|upstream| format!("server 127.0.0.1:{upstream};\n"))
            .collect();
        let recipe = change(deployment_recipe());
        Self::serving(|port| {
            recipe
                .lines()
                .filter(|line| !line.contains("ssl_certificate"))
                .filter(|line| !line.trim_start().starts_with("server 10.0.0."))
                .collect::<Vec<_>>()
                .join("\n")
                .replace(
                    "upstream latchkey {",
                    &format!("upstream latchkey {{\n{servers}"),
                )
                .replace(
                    "listen 443 ssl http2;",
                    &format!("listen 127.0.0.1:{port};"),
                )
        })
        .await
    }

    /// Starts nginx with the `http` block's contents that `site` writes for a free port (such as
    /// the static hosting recipe), and waits until it answers.
    pub async fn serving(site: impl FnOnce(u16) -> String) -> Self {
        let binary = ["/usr/sbin/nginx", "/usr/local/sbin/nginx"]
            .into_iter()
            .find(|path| std::path::Path::new(path).exists())
            .expect("nginx is not installed: cargo xtask test installs it (apt-get install nginx)");
        let port = super::free_port();
        let folder =
            std::env::temp_dir().join(format!("latchkey-nginx-{}-{port}", std::process::id()));
        std::fs::create_dir_all(&folder).unwrap();
        let site = site(port);
        let here = folder.display();
        // Run as root (the test's user), nginx would switch its workers to `nobody`.
        let user = if is_root() { "user root root;" } else { "" };
        // Debian's file types, for files nginx serves itself (`application/wasm`).
        let types = if std::path::Path::new("/etc/nginx/mime.types").exists() {
            "include /etc/nginx/mime.types;"
        } else {
            ""
        };
        let conf = format!(
            "{user}
daemon off;
worker_processes 1;
pid {here}/nginx.pid;
error_log {here}/error.log warn;
events {{ worker_connections 256; }}
http {{
    {types}
    access_log off;
    client_body_temp_path {here}/body;
    proxy_temp_path {here}/proxy;
    fastcgi_temp_path {here}/fastcgi;
    uwsgi_temp_path {here}/uwsgi;
    scgi_temp_path {here}/scgi;
    {site}
}}
"
        );
        std::fs::write(folder.join("nginx.conf"), conf).unwrap();
        let child = Command::new(binary)
            // A group of its own, so that its workers can be stopped with it, whatever happens.
            .process_group(0)
            .arg("-p")
            .arg(&folder)
            .arg("-c")
            .arg(folder.join("nginx.conf"))
            .arg("-e")
            .arg(folder.join("error.log"))
            .stdout(Stdio::null())
            .spawn()
            .expect("nginx starts");
        let mut nginx = Self {
            child,
            port,
            folder,
        };
        nginx.wait_until_up().await;
        nginx
    }

    /// The master's process ID (its group's too).
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    async fn wait_until_up(&mut self) {
        let log = self.folder.join("error.log");
        let explain = || std::fs::read_to_string(&log).unwrap_or_default();
        super::wait_until_listening(&mut self.child, self.port, "nginx", explain).await;
    }
}

/// docs/deployment.md's nginx recipe for replicas, as written.
pub fn deployment_recipe() -> String {
    let recipe = recipe("docs/deployment.md", "```nginx\nupstream latchkey {");
    for written in ["listen 443 ssl http2;", "server 10.0.0.11:3000;"] {
        assert!(
            recipe.contains(written),
            "the recipe no longer says {written}"
        );
    }
    recipe
}

/// The code block of the repository's `file` (a path from its root) that starts with `opening`
/// (its fence included), without the fence.
pub fn recipe(file: &str, opening: &str) -> String {
    let path = format!("{}/../{file}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|_| panic!("{file} is readable"));
    let fence = opening.split('\n').next().unwrap_or_default().len() + 1;
    let start = text
        .find(opening)
        .unwrap_or_else(|| panic!("{file} has the recipe {opening:?}"))
        + fence;
    let length = text[start..].find("```").expect("the recipe ends");
    text[start..start + length].to_string()
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|out| out.stdout.starts_with(b"0\n"))
}

/// Sends `signal` (`-TERM`, `-KILL`) to `target` (a process ID, or `-ID` for its group).
fn signal(signal: &str, target: &str) {
    let _ = Command::new("kill")
        .args([signal, "--", target])
        .stderr(Stdio::null())
        .status();
}

impl Drop for Nginx {
    fn drop(&mut self) {
        // Told to stop, the master stops its workers and waits for them; killed, it would leave
        // them running with nobody to stop them.
        let master = self.child.id();
        signal("-TERM", &master.to_string());
        let deadline = Instant::now() + Duration::from_secs(10);
        while matches!(self.child.try_wait(), Ok(None)) && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
        }
        // Whatever of its group is left, if the master did not stop them in time.
        signal("-KILL", &format!("-{master}"));
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.folder);
    }
}
