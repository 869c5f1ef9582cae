//! Where the server listens, what it serves, its database, and how it logs and is watched.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::Args;
use clap::builder::BoolishValueParser;
use serde::{Deserialize, Serialize};

use super::default_name::default_name;

/// Where the server listens, what it serves and from which database.
#[derive(Args, Serialize, Deserialize, Clone, Debug, Default)]
#[serde(default)]
pub struct Server {
    /// Address and port to listen on.
    #[arg(
        long,
        global = true,
        env = "LATCHKEY_LISTEN",
        default_value = "127.0.0.1:3000"
    )]
    pub listen: Option<SocketAddr>,
    /// Database URL: `sqlite:PATH` (created if missing) or `postgres://…`.
    #[arg(
        long,
        global = true,
        env = "LATCHKEY_DATABASE_URL",
        default_value = "sqlite:latchkey.db"
    )]
    pub database_url: Option<String>,
    /// Folder of the built SPA to serve.
    #[arg(long, global = true, env = "LATCHKEY_DIST", default_value = "dist")]
    pub dist: Option<PathBuf>,
    /// Most database connections this server keeps open.
    #[arg(
        long,
        global = true,
        env = "LATCHKEY_DATABASE_POOL_SIZE",
        default_value = "8"
    )]
    pub database_pool_size: Option<u32>,
    /// Development mode: dev outbox, demo account, no HTTPS requirement.
    #[arg(long, global = true, env = "LATCHKEY_DEV", num_args = 0..=1, default_value = "false",
          default_missing_value = "true", value_parser = BoolishValueParser::new())]
    pub dev: Option<bool>,
    /// The address users reach the portal at; `https://` turns on `Secure` cookies and HSTS.
    #[arg(long, global = true, env = "LATCHKEY_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// Where Prometheus metrics are served, e.g. `127.0.0.1:9090` [default: not served].
    #[arg(long, global = true, env = "LATCHKEY_METRICS_LISTEN")]
    pub metrics_listen: Option<SocketAddr>,
    /// How log lines look: `text`, or `json` for one JSON object per line.
    #[arg(
        long,
        global = true,
        env = "LATCHKEY_LOG_FORMAT",
        default_value = default_name::<LogFormat>()
    )]
    pub log_format: Option<LogFormat>,
}

/// How log lines look.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// Lines for people.
    #[default]
    Text,
    /// One JSON object per line, for a log collector.
    Json,
}
