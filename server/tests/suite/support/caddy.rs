//! A real Caddy (Debian's, installed by `cargo xtask test`) on a free loopback port, in front of
//! replicas as docs/deployment.md's recipe says, over plain HTTP and without its admin endpoint;
//! stopped when dropped.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

pub struct Caddy {
    child: Child,
    pub port: u16,
    folder: PathBuf,
}

impl Caddy {
    /// Starts Caddy in front of the servers on `upstreams` with docs/deployment.md's recipe, as
    /// written but for its addresses, and waits until it answers.
    pub async fn start(upstreams: &[u16]) -> Self {
        let recipe = super::nginx::recipe("docs/deployment.md", "```caddy\nsspr.contoso.com {");
        let written = "reverse_proxy 10.0.0.11:3000 10.0.0.12:3000 10.0.0.13:3000 {";
        assert!(
            recipe.contains(written),
            "the recipe no longer says {written}"
        );
        let port = super::free_port();
        let servers: Vec<String> = upstreams
            .iter()
            .map(|upstream| format!("127.0.0.1:{upstream}"))
            .collect();
        let site = recipe
            .replace("sspr.contoso.com {", &format!("http://127.0.0.1:{port} {{"))
            .replace(written, &format!("reverse_proxy {} {{", servers.join(" ")));
        let folder =
            std::env::temp_dir().join(format!("latchkey-caddy-{}-{port}", std::process::id()));
        std::fs::create_dir_all(&folder).unwrap();
        let file = folder.join("Caddyfile");
        std::fs::write(
            &file,
            format!("{{\n\tadmin off\n\tauto_https off\n}}\n{site}"),
        )
        .unwrap();
        let child = Command::new("caddy")
            .args(["run", "--adapter", "caddyfile", "--config"])
            .arg(&file)
            // Caddy keeps its state under these: this test's folder, not the machine's.
            .env("XDG_DATA_HOME", &folder)
            .env("XDG_CONFIG_HOME", &folder)
            .env("HOME", &folder)
            .stdout(Stdio::null())
            .stderr(Stdio::from(
                std::fs::File::create(folder.join("caddy.log")).unwrap(),
            ))
            .spawn()
            .expect("caddy is not installed: cargo xtask test installs it (apt-get install caddy)");
        let mut caddy = Self {
            child,
            port,
            folder,
        };
        let log = caddy.folder.join("caddy.log");
        let explain = || std::fs::read_to_string(&log).unwrap_or_default();
        super::wait_until_listening(&mut caddy.child, port, "caddy", explain).await;
        caddy
    }
}

impl Drop for Caddy {
    fn drop(&mut self) {
        // One process: no workers to leave behind.
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.folder);
    }
}
