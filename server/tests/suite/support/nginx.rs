//! A real nginx (Debian's, installed by `cargo xtask test`) on a free loopback port, balancing
//! between replicas and passing on the client's address as a deployment would, or serving the
//! SPA as the README's recipe says; stopped when dropped.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

pub struct Nginx {
    child: Child,
    pub port: u16,
    folder: PathBuf,
}

impl Nginx {
    /// Starts nginx in front of the servers on `upstreams` and waits until it answers.
    pub async fn start(upstreams: &[u16]) -> Self {
        let servers: String = upstreams
            .iter()
            .map(|upstream| format!("server 127.0.0.1:{upstream};"))
            .collect();
        Self::serving(|port| {
            format!(
                "upstream latchkey {{ {servers} }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://latchkey;
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
        }}
    }}"
            )
        })
        .await
    }

    /// Starts nginx with the `http` block's contents that `site` writes for a free port (such as
    /// the README's recipe), and waits until it answers.
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

    async fn wait_until_up(&mut self) {
        let log = self.folder.join("error.log");
        let explain = || std::fs::read_to_string(&log).unwrap_or_default();
        super::wait_until_listening(&mut self.child, self.port, "nginx", explain).await;
    }
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|out| out.stdout.starts_with(b"0\n"))
}

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.folder);
    }
}
