//! The `latchkey-server` binary: parses the command line and runs it.

fn main() -> anyhow::Result<()> {
    latchkey_server::cli::run()
}
