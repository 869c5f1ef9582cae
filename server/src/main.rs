//! The `latchkey-server` binary: parses the command line and runs it.

use std::process::ExitCode;

fn main() -> ExitCode {
    match latchkey_server::cli::run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("latchkey-server: {error:#}");
            ExitCode::FAILURE
        }
    }
}
