//! The development servers the end-to-end and fuzzing layers run against: the debug build on a
//! free port, with the accounts the specs sign in as.

use anyhow::Context;

use crate::process::{KillOnDrop, command, root};

/// The password the end-to-end suite signs in with as `demo`, and as each of the people below.
pub const E2E_DEMO_PASSWORD: &str = "e2e-velvet-otter-47";
/// Accounts for end-to-end specs that change security info, one per spec so they stay
/// independent: (username, display name).
const E2E_PEOPLE: &[(&str, &str)] = &[
    ("riley", "Riley Park"),
    ("morgan", "Morgan Lee"),
    ("casey", "Casey Diaz"),
    ("jordan", "Jordan Ito"),
    ("avery", "Avery Quinn"),
    ("sam", "Sam Okafor"),
    ("quinn", "Quinn Adler"),
    ("taylor", "Taylor Brooks"),
    ("emery", "Emery Stone"),
    ("drew", "Drew Marsh"),
    ("harper", "Harper Vale"),
    ("rowan", "Rowan Ash"),
    ("sky", "Sky Rivers"),
    ("blair", "Blair Hollis"),
    ("kai", "Kai Lindqvist"),
    ("alex", "Alex Moreno"),
    ("jamie", "Jamie Fox"),
    ("robin", "Robin Hale"),
    ("noor", "Noor Haddad"),
    ("amal", "Amal Nasser"),
    ("lena", "Lena Vogt"),
    ("omar", "Omar Haddad"),
    ("ines", "Ines Duarte"),
    ("mia", "Mia Krüger"),
    ("noah", "Noah Berg"),
    ("jules", "Jules Verne"),
    ("kim", "Kim Sato"),
    ("pat", "Pat Novak"),
    ("ren", "Ren Okada"),
    ("helen", "Helen Park"),
    ("cleo", "Cleo Ward"),
    ("ola", "Ola Berg"),
    ("ivo", "Ivo Brandt"),
    ("uma", "Uma Reyes"),
];

/// The second e2e server's look: an accent colour, a logo, the helpdesk link's words and a
/// message on the sign-in page.
const BRANDING: [(&str, &str); 4] = [
    ("LATCHKEY_ACCENT_COLOUR", "#0b5394"),
    ("LATCHKEY_LOGO_URL", "/favicon.svg"),
    ("LATCHKEY_HELPDESK_TEXT", "Call the IT Service Desk"),
    (
        "LATCHKEY_SIGN_IN_MESSAGE",
        "Planned maintenance on Saturday from 06:00 to 08:00.",
    ),
];

/// Starts the debug server in development mode on `address`, asking for `methods_required` (the
/// second server, with 2, also asks for a review after one day and wears the branding above).
pub fn start_server(
    database_url: &str,
    address: &str,
    methods_required: &str,
    log: &std::fs::File,
) -> anyhow::Result<KillOnDrop> {
    start_server_with(database_url, address, methods_required, log, &[])
}

/// The same, with more `LATCHKEY_*` settings.
pub fn start_server_with(
    database_url: &str,
    address: &str,
    methods_required: &str,
    log: &std::fs::File,
    settings: &[(&str, String)],
) -> anyhow::Result<KillOnDrop> {
    let server = command(
        root()
            .join("target/debug/latchkey-server")
            .to_str()
            .unwrap_or_default(),
    )
    .env("LATCHKEY_LISTEN", address)
    .env("LATCHKEY_DATABASE_URL", database_url)
    .env("LATCHKEY_DIST", root().join("dist"))
    .env("LATCHKEY_DEV", "true")
    .env("LATCHKEY_DEMO_PASSWORD", E2E_DEMO_PASSWORD)
    .env("LATCHKEY_METHODS_REQUIRED", methods_required)
    // Texts and calls go to the US only, as a new organisation's would go to its own country:
    // every spec's phones are American, and one adds a phone elsewhere to see it refused.
    .env("LATCHKEY_SMS_COUNTRIES", "US")
    .env("LATCHKEY_VOICE_COUNTRIES", "US")
    .env(
        "LATCHKEY_RECONFIRM_DAYS",
        if methods_required == "2" { "1" } else { "180" },
    )
    .envs(if methods_required == "2" {
        BRANDING.to_vec()
    } else {
        Vec::new()
    })
    .envs(settings.iter().map(|(name, value)| (*name, value.as_str())))
    .stdout(log.try_clone()?)
    .stderr(log.try_clone()?)
    .spawn()
    .context("cannot start the server")?;
    Ok(KillOnDrop(server))
}

/// The accounts of [`E2E_PEOPLE`], each with the end-to-end password.
pub fn add_people(database_url: &str) -> anyhow::Result<()> {
    let server = root().join("target/debug/latchkey-server");
    for (username, name) in E2E_PEOPLE {
        let email = format!("{username}@example.com");
        crate::local::add_account(
            &server,
            database_url,
            [username, name, &email, E2E_DEMO_PASSWORD],
        )?;
    }
    Ok(())
}
