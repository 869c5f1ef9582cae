//! What the tests started and left running: the services the layers start (nginx and its
//! workers, slapd, Samba and its relays, PostgreSQL) that were not running before the run, and
//! that nothing still running from before started (so a machine's own PostgreSQL, spawning
//! workers of its own meanwhile, is not taken for the tests'). Listed loudly, then stopped.

use std::collections::HashSet;

use latchkey_testbed::processes::{self, Process};

/// The programs the tests start that could outlive them.
const WATCHED: &[&str] = &["nginx", "slapd", "samba", "socat", "postgres"];

/// The processes running when the run began.
pub struct Before(HashSet<u32>);

pub fn before() -> Before {
    Before(processes::all().iter().map(|process| process.pid).collect())
}

/// The watched processes the run started that still run now.
pub fn left(before: &Before) -> Vec<Process> {
    let me = std::process::id();
    processes::all()
        .into_iter()
        .filter(|process| process.running && WATCHED.contains(&process.name.as_str()))
        .filter(|process| !before.0.contains(&process.pid))
        // Orphans (adopted by the machine's first process), this run's own, or started by
        // another of this run's.
        .filter(|process| {
            process.parent == 1 || process.parent == me || !before.0.contains(&process.parent)
        })
        .collect()
}

/// Tells of each process `left` (with its command line) and stops it; whether there were none.
pub fn report_and_stop(left: &[Process]) -> bool {
    if left.is_empty() {
        return true;
    }
    eprintln!(
        "xtask: FAIL: {} process(es) the tests started are still running:",
        left.len()
    );
    for process in left {
        eprintln!(
            "  {} {} ({})",
            process.pid,
            process.name,
            processes::command_line(process.pid)
        );
    }
    for process in left {
        let _ = std::process::Command::new("kill")
            .args(["-KILL", "--", &process.pid.to_string()])
            .status();
    }
    eprintln!("xtask: they are stopped now; the test or helper that started them must stop them");
    false
}
