//! Helpers the unit tests share: the CPU time of the calling thread, for
//! the timings that `--ignored` benches print (a loaded machine inflates
//! it less than wall time).

/// The CPU time (user + system) the calling thread has used, in
/// milliseconds, to the kernel's tick (10 ms); 0 where `/proc` does not
/// say (not Linux).
pub(crate) fn thread_cpu_ms() -> u64 {
    std::fs::read_to_string("/proc/thread-self/stat")
        .ok()
        .and_then(|s| {
            // The command name, in parentheses, may hold spaces.
            let rest = s.rsplit_once(')')?.1.to_string();
            let f: Vec<&str> = rest.split_whitespace().collect();
            // utime and stime, in ticks of 1/100 s.
            Some((f.get(11)?.parse::<u64>().ok()? + f.get(12)?.parse::<u64>().ok()?) * 10)
        })
        .unwrap_or(0)
}
