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
    left_of(before, WATCHED)
}

/// The processes named in `watched` that the run started and that still run now.
fn left_of(before: &Before, watched: &[&str]) -> Vec<Process> {
    let me = std::process::id();
    processes::all()
        .into_iter()
        .filter(|process| process.running && watched.contains(&process.name.as_str()))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_the_run_started_and_left_is_found_and_stopped_and_nothing_older() {
        // `sleep` under a name of this test's own, which nothing else runs.
        let name = format!("left{}", std::process::id() % 100_000);
        let program = std::env::temp_dir().join(&name);
        std::fs::copy(which("sleep").expect("sleep is installed"), &program).unwrap();
        let mut older = std::process::Command::new(&program)
            .arg("31")
            .spawn()
            .unwrap();
        let before = before();
        // An orphan, as nginx's workers were once their master was killed.
        let orphan = std::process::Command::new("sh")
            .arg("-c")
            .arg(format!(
                "{} 32 >/dev/null 2>&1 & echo $!",
                program.display()
            ))
            .output()
            .unwrap();
        let orphan: u32 = String::from_utf8_lossy(&orphan.stdout)
            .trim()
            .parse()
            .unwrap();
        let left = left_of(&before, &[name.as_str()]);
        let pids: Vec<u32> = left.iter().map(|process| process.pid).collect();
        assert_eq!(pids, [orphan], "{left:?}");
        assert!(!report_and_stop(&left));
        std::thread::sleep(std::time::Duration::from_millis(300));
        assert!(!processes::is_running(orphan));
        assert!(left_of(&before, &[name.as_str()]).is_empty());
        older.kill().unwrap();
        older.wait().unwrap();
        std::fs::remove_file(program).unwrap();
    }

    /// Where `program` is on PATH.
    fn which(program: &str) -> Option<std::path::PathBuf> {
        std::env::var("PATH")
            .ok()?
            .split(':')
            .map(|folder| std::path::Path::new(folder).join(program))
            .find(|path| path.exists())
    }
}
