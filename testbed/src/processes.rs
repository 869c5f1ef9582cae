//! The processes on this machine, read from /proc: who started whom and whether each still runs,
//! so that the tests and `cargo xtask test` can tell what they left running.

/// One process, as /proc says.
#[derive(Clone, Debug)]
pub struct Process {
    pub pid: u32,
    pub parent: u32,
    /// Its program's name (at most 15 characters, as the kernel keeps it).
    pub name: String,
    /// Neither gone nor a zombie.
    pub running: bool,
}

/// Every process there is now.
pub fn all() -> Vec<Process> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .filter_map(|entry| entry.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter_map(process)
        .collect()
}

/// Process `pid`, if it is there.
pub fn process(pid: u32) -> Option<Process> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The name is in parentheses and may hold spaces and parentheses: the fields follow the last.
    let (before, after) = stat.rsplit_once(')')?;
    let name = before.split_once('(')?.1.to_string();
    let mut fields = after.split_whitespace();
    let state = fields.next()?;
    let parent = fields.next()?.parse().ok()?;
    Some(Process {
        pid,
        parent,
        name,
        running: state != "Z" && state != "X",
    })
}

/// Whether process `pid` is running.
pub fn is_running(pid: u32) -> bool {
    process(pid).is_some_and(|process| process.running)
}

/// The command line process `pid` was started with (or shows now: some programs rewrite it),
/// its arguments separated by spaces.
pub fn command_line(pid: u32) -> String {
    let raw = std::fs::read(format!("/proc/{pid}/cmdline")).unwrap_or_default();
    String::from_utf8_lossy(&raw)
        .split('\0')
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_child_is_seen_with_its_parent_and_running_until_it_ends() {
        let mut child = std::process::Command::new("sleep")
            .arg("30")
            .spawn()
            .unwrap();
        // The kernel names the program before it lays out its arguments: wait for both.
        let started = std::time::Instant::now();
        while command_line(child.id()) != "sleep 30" && started.elapsed().as_secs() < 10 {
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        assert_eq!(command_line(child.id()), "sleep 30");
        let found = all();
        let sleeping = found.iter().find(|p| p.pid == child.id()).unwrap();
        assert_eq!(sleeping.name, "sleep");
        assert_eq!(sleeping.parent, std::process::id());
        assert!(sleeping.running);
        child.kill().unwrap();
        // Ended but not yet waited for: a zombie, which runs no more.
        std::thread::sleep(std::time::Duration::from_millis(200));
        assert!(!is_running(child.id()));
        child.wait().unwrap();
        assert!(process(child.id()).is_none());
    }
}
