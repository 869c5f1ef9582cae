//! Log lines: for people (`text`) or one JSON object per line (`json`), filtered by
//! `LATCHKEY_LOG` (default `info`). No line ever holds a code, password, pass, session ID or
//! authenticator key: handlers log identifiers and outcomes only.

use tracing_subscriber::EnvFilter;

use crate::config::LogFormat;

/// The filter `LATCHKEY_LOG` sets, or `info` with the database driver's chatter left out.
fn filter() -> EnvFilter {
    EnvFilter::try_from_env("LATCHKEY_LOG").unwrap_or_else(|_| "info,sqlx=warn".into())
}

/// Sends this process's log lines to standard output in `format`.
pub fn start(format: LogFormat) {
    let lines = tracing_subscriber::fmt().with_env_filter(filter());
    match format {
        LogFormat::Text => lines.init(),
        LogFormat::Json => lines
            .json()
            .flatten_event(true)
            .with_current_span(true)
            .with_span_list(false)
            .init(),
    }
}
