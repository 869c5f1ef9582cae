//! How many connections the process's open-file limit leaves room for (security.md 55): the soft
//! limit is raised to the hard one at start, then room is kept for everything else that opens
//! files (the database, the directory, mail, logs, metrics) and for a file per request.

/// Descriptors kept for the database pool, the directory's connections, SMTP, logs, the metrics
/// listener, SQLite's journal files and the runtime's own.
const HEADROOM: u64 = 256;

/// The most connections to serve at once: what the open-file limit allows (after raising it),
/// or `setting` if lower. `reserve` more are served beyond it, for the health checks.
pub fn connection_cap(setting: Option<usize>, reserve: usize) -> usize {
    cap_for(raise_limit(), setting, reserve)
}

/// Each connection may hold its socket and a file it is sending (the SPA's assets), so two
/// descriptors each; `None` is no limit.
fn cap_for(open_files: Option<u64>, setting: Option<usize>, reserve: usize) -> usize {
    let room = open_files.map_or(usize::MAX, |limit| {
        let room = limit.saturating_sub(HEADROOM) / 2;
        usize::try_from(room)
            .unwrap_or(usize::MAX)
            .saturating_sub(reserve)
    });
    setting.unwrap_or(usize::MAX).min(room).max(1)
}

/// Raises the soft open-file limit to the hard one; the soft limit in force afterwards.
#[cfg(unix)]
fn raise_limit() -> Option<u64> {
    use rustix::process::{Resource, Rlimit, getrlimit, setrlimit};
    let limit = getrlimit(Resource::Nofile);
    if limit.current != limit.maximum {
        let raised = Rlimit {
            current: limit.maximum,
            maximum: limit.maximum,
        };
        if let Err(error) = setrlimit(Resource::Nofile, raised) {
            tracing::warn!(%error, "cannot raise the open-file limit to its hard limit");
        }
    }
    getrlimit(Resource::Nofile).current
}

#[cfg(not(unix))]
fn raise_limit() -> Option<u64> {
    None
}

#[cfg(test)]
mod tests {
    use super::cap_for;

    #[test]
    fn the_cap_leaves_room_below_the_open_file_limit() {
        // 1 024 descriptors: 256 kept, two per connection, 16 for the health checks' reserve.
        assert_eq!(cap_for(Some(1024), None, 16), 368);
        assert_eq!(cap_for(Some(1024), Some(100), 16), 100);
        assert_eq!(cap_for(Some(1024), Some(5000), 16), 368);
        assert_eq!(cap_for(None, Some(5000), 16), 5000);
        assert_eq!(cap_for(Some(64), None, 16), 1);
    }
}
