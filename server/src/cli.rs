//! The command line: `latchkey-server [serve]`, `csp`, `user add|list|disable|enable`,
//! `db copy|backup`.

use clap::{Parser, Subcommand};

use crate::accounts;
use crate::config::{Config, ServeArgs, parse_command_line};
use crate::serve;

#[derive(Parser, Debug)]
#[command(
    name = "latchkey-server",
    version,
    about = "Latchkey self-service password reset server"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    settings: ServeArgs,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Run the server (the default).
    Serve,
    /// Print the Content-Security-Policy for the built SPA (for nginx or Caddy hosting dist/).
    Csp,
    /// Manage accounts.
    #[command(subcommand)]
    User(UserCommand),
    /// Database maintenance.
    #[command(subcommand)]
    Db(DbCommand),
    /// Temporary Access Passes, for people who lost every method.
    #[command(subcommand)]
    Tap(TapCommand),
    /// The audit log.
    #[command(subcommand)]
    Audit(AuditCommand),
}

#[derive(Subcommand, Debug)]
enum AuditCommand {
    /// Write every entry since a day as CSV to standard output.
    Export {
        /// The first day, UTC: 2026-11-01.
        #[arg(long)]
        since: String,
    },
}

#[derive(Subcommand, Debug)]
enum TapCommand {
    /// Make a pass for a person (replacing theirs) and print it once.
    Issue {
        /// The person's username or work email.
        username: String,
        /// How long it lasts: 10m to 8h.
        #[arg(long, default_value = "1h")]
        lifetime: String,
        /// Let it sign in more than once while it lasts.
        #[arg(long)]
        reusable: bool,
    },
}

#[derive(Subcommand, Debug)]
enum DbCommand {
    /// Copy every row into a new, empty database (e.g. from SQLite to PostgreSQL).
    Copy {
        /// The database to read, e.g. sqlite:latchkey.db
        #[arg(long)]
        from: String,
        /// The database to fill, e.g. postgres://latchkey@db.internal/latchkey
        #[arg(long)]
        to: String,
    },
    /// Write a consistent copy of the SQLite database to a new file, while the server runs.
    Backup {
        /// The new file, e.g. /backup/latchkey-2026-11-29.db
        #[arg(long)]
        to: std::path::PathBuf,
    },
}

#[derive(Subcommand, Debug)]
enum UserCommand {
    /// Create an account; the password is read from standard input.
    Add {
        /// Sign-in name: lowercase letters, digits, `.`, `_`, `-`.
        username: String,
        /// Work email address.
        #[arg(long)]
        email: String,
        /// The person's name as shown in the portal [default: the username].
        #[arg(long)]
        display_name: Option<String>,
        /// Read the password from standard input (the only way to give it).
        #[arg(long, required = true)]
        password_stdin: bool,
    },
    /// List every account.
    List,
    /// Disable an account: it signs in and resets like an unknown name, and its sessions end.
    Disable {
        /// The account's username.
        username: String,
    },
    /// Enable a disabled account again.
    Enable {
        /// The account's username.
        username: String,
    },
    /// Give IT support's role (helpdesk or admin) to an account, or take it (none).
    Role {
        /// The account's username.
        username: String,
        /// helpdesk, admin or none.
        role: String,
    },
}

/// Parses the command line and runs the command.
pub fn run() -> anyhow::Result<()> {
    let cli: Cli = parse_command_line(std::env::args_os()).unwrap_or_else(|error| error.exit());
    let config = Config::resolve(cli.settings)?;
    if let Some(Command::Csp) = cli.command {
        let index = config.dist.join("index.html");
        let html = std::fs::read_to_string(&index)
            .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", index.display()))?;
        println!(
            "{}",
            crate::page::content_security_policy(&html, config.logo_url.as_deref())
        );
        return Ok(());
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        match cli.command.unwrap_or(Command::Serve) {
            Command::Serve => serve::run(config).await,
            Command::Csp => Ok(()),
            Command::User(UserCommand::Add {
                username,
                email,
                display_name,
                password_stdin: _,
            }) => {
                let password = read_password_line().await?;
                let display_name = display_name.unwrap_or_else(|| username.clone());
                accounts::add_from_cli(&config, &username, &email, &display_name, &password).await
            }
            Command::User(UserCommand::List) => accounts::list_from_cli(&config).await,
            Command::User(UserCommand::Disable { username }) => {
                accounts::set_disabled_from_cli(&config, &username, true).await
            }
            Command::User(UserCommand::Enable { username }) => {
                accounts::set_disabled_from_cli(&config, &username, false).await
            }
            Command::User(UserCommand::Role { username, role }) => {
                accounts::set_role_from_cli(&config, &username, &role).await
            }
            Command::Tap(TapCommand::Issue {
                username,
                lifetime,
                reusable,
            }) => crate::access_pass::issue_from_cli(config, &username, &lifetime, reusable).await,
            Command::Audit(AuditCommand::Export { since }) => {
                crate::audit_export::export_from_cli(&config, &since).await
            }
            Command::Db(DbCommand::Copy { from, to }) => {
                let pool_size = config.database_pool_size;
                let source = crate::store::Store::connect(&from, pool_size).await?;
                let destination = crate::store::Store::connect(&to, pool_size).await?;
                let rows = crate::store::copy_all(&source, &destination).await?;
                println!("Copied {rows} rows from {from} to the new database.");
                Ok(())
            }
            Command::Db(DbCommand::Backup { to }) => {
                let store = crate::store::Store::connect(&config.database_url, 1).await?;
                store.back_up_to(&to).await?;
                println!("Backed up {} to {}.", config.database_url, to.display());
                Ok(())
            }
        }
    })
}

/// The first line of standard input, without its line ending.
async fn read_password_line() -> anyhow::Result<String> {
    use tokio::io::AsyncBufReadExt;
    let mut line = String::new();
    tokio::io::BufReader::new(tokio::io::stdin())
        .read_line(&mut line)
        .await?;
    Ok(line.trim_end_matches(['\r', '\n']).to_string())
}
