//! Will a run fit in memory? The estimate, in checked arithmetic, and the real limit.
//!
//! A run keeps every column: 8 bytes per quantity (and per evidence log-likelihood) per draw,
//! 1 byte per claim per draw, plus the summaries' scratch, which the caller gives per million
//! draws. [`Footprint::bytes`] counts this exactly in 128-bit integers and says when the count
//! does not fit in 64 bits, instead of saturating.
//!
//! The limit ([`limit`]) is the smallest of what applies to this process:
//!
//! ```text
//! MemAvailable          /proc/meminfo: memory the kernel can hand out without swapping
//! RLIMIT_AS             soft limit (`ulimit -v`) less the address space in use (VmSize)
//! RLIMIT_DATA           soft limit (`ulimit -d`) less the data segment in use (VmData)
//! cgroup v2             memory.max less memory.current (less inactive file cache), for this
//!                       process's cgroup and every ancestor
//! cgroup v1             memory.limit_in_bytes less memory.usage_in_bytes (same), likewise
//! isize::MAX            no allocation can be larger, whatever the machine
//! ```
//!
//! A run may take [`USABLE_PERCENT`] of it: the estimate leaves out code, thread stacks and
//! allocator overhead.

use std::fmt;
use std::path::{Path, PathBuf};

/// Share of the limit, in percent, a run's columns and scratch may take.
pub const USABLE_PERCENT: u64 = 90;

/// What a run needs per draw.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Footprint {
    /// Bytes of kept columns per draw.
    pub per_draw: u64,
    /// Bytes of scratch per million draws.
    pub scratch_per_million: u64,
}

impl Footprint {
    /// 8 bytes per quantity column, 1 per claim column, plus `scratch_per_million`.
    pub fn new(quantity_columns: usize, claim_columns: usize, scratch_per_million: u64) -> Self {
        let per_draw = (quantity_columns as u128) * 8 + claim_columns as u128;
        Footprint {
            per_draw: u64::try_from(per_draw).unwrap_or(u64::MAX),
            scratch_per_million,
        }
    }

    /// Bytes for `samples` draws; `None` if the count exceeds 2^64 − 1 bytes.
    pub fn bytes(&self, samples: u64) -> Option<u64> {
        let n = u128::from(samples);
        let scratch = (n * u128::from(self.scratch_per_million)).div_ceil(1_000_000);
        u64::try_from(n * u128::from(self.per_draw) + scratch).ok()
    }

    /// The largest number of draws whose bytes are at most `budget`.
    pub fn max_samples(&self, budget: u64) -> u64 {
        let per_million =
            u128::from(self.per_draw) * 1_000_000 + u128::from(self.scratch_per_million);
        if per_million == 0 {
            return u64::MAX;
        }
        let mut n = u64::try_from(u128::from(budget) * 1_000_000 / per_million).unwrap_or(u64::MAX);
        // The scratch is rounded up per run, so the floor above may be one draw too many.
        while n > 0 && self.bytes(n).is_none_or(|b| b > budget) {
            n -= 1;
        }
        n
    }
}

/// Where a memory limit comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LimitSource {
    /// `MemAvailable` in /proc/meminfo.
    MemAvailable,
    /// The soft `RLIMIT_AS`, less the address space in use.
    AddressSpace,
    /// The soft `RLIMIT_DATA`, less the data segment in use.
    DataSegment,
    /// A cgroup's memory limit, less its usage; the cgroup's folder.
    Cgroup(PathBuf),
    /// The largest allocation possible on this platform (`isize::MAX` bytes).
    Addressable,
}

impl fmt::Display for LimitSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LimitSource::MemAvailable => f.write_str("MemAvailable in /proc/meminfo"),
            LimitSource::AddressSpace => {
                f.write_str("the address-space limit RLIMIT_AS (`ulimit -v`), less what is in use")
            }
            LimitSource::DataSegment => {
                f.write_str("the data-segment limit RLIMIT_DATA (`ulimit -d`), less what is in use")
            }
            LimitSource::Cgroup(dir) => {
                write!(
                    f,
                    "the memory limit of cgroup {}, less its usage",
                    dir.display()
                )
            }
            LimitSource::Addressable => f.write_str("the largest allocation this platform allows"),
        }
    }
}

/// The memory a run may count on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limit {
    /// Bytes available.
    pub bytes: u64,
    /// Which limit binds.
    pub source: LimitSource,
}

/// Why a run does not fit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shortfall {
    /// Bytes the run needs; `None` if more than 2^64 − 1.
    pub need: Option<u64>,
    /// The binding limit.
    pub limit: Limit,
    /// The largest number of draws that fits (may be 0).
    pub fits: u64,
}

/// Checks that `samples` draws of `footprint` fit in [`USABLE_PERCENT`] of `limit`.
///
/// # Errors
/// A [`Shortfall`] with the need, the limit and the largest count that fits.
pub fn check(footprint: &Footprint, samples: u64, limit: &Limit) -> Result<(), Shortfall> {
    let budget = limit.bytes / 100 * USABLE_PERCENT + limit.bytes % 100 * USABLE_PERCENT / 100;
    let need = footprint.bytes(samples);
    match need {
        Some(n) if n <= budget => Ok(()),
        _ => Err(Shortfall {
            need,
            limit: limit.clone(),
            fits: footprint.max_samples(budget),
        }),
    }
}

/// The smallest memory limit that applies to this process (see the module docs).
pub fn limit() -> Limit {
    let mut limits = vec![Limit {
        bytes: isize::MAX as u64,
        source: LimitSource::Addressable,
    }];
    let read = |p: &str| std::fs::read_to_string(p).ok();
    if let Some(kb) = read("/proc/meminfo").and_then(|t| kib_field(&t, "MemAvailable")) {
        limits.push(Limit {
            bytes: kb.saturating_mul(1024),
            source: LimitSource::MemAvailable,
        });
    }
    let status = read("/proc/self/status").unwrap_or_default();
    limits.extend(rlimits(&status));
    if let Some(cgroups) = read("/proc/self/cgroup") {
        limits.extend(cgroup_limits(Path::new("/sys/fs/cgroup"), &cgroups));
    }
    limits
        .into_iter()
        .min_by_key(|l| l.bytes)
        .expect("at least the addressable limit")
}

/// The value in KiB of `key` in /proc/meminfo or /proc/self/status text (`Key:  123 kB`).
fn kib_field(text: &str, key: &str) -> Option<u64> {
    let line = text.lines().find(|l| l.split(':').next() == Some(key))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

#[cfg(unix)]
fn rlimits(status: &str) -> Vec<Limit> {
    use rustix::process::{getrlimit, Resource};
    let mut out = Vec::new();
    for (resource, used, source) in [
        (Resource::As, "VmSize", LimitSource::AddressSpace),
        (Resource::Data, "VmData", LimitSource::DataSegment),
    ] {
        if let Some(soft) = getrlimit(resource).current {
            let used = kib_field(status, used).unwrap_or(0).saturating_mul(1024);
            out.push(Limit {
                bytes: soft.saturating_sub(used),
                source,
            });
        }
    }
    out
}

#[cfg(not(unix))]
fn rlimits(_status: &str) -> Vec<Limit> {
    Vec::new()
}

/// Limits of this process's cgroups (v2 and v1), from the text of /proc/self/cgroup, with the
/// cgroup file systems mounted under `root` (normally /sys/fs/cgroup).
fn cgroup_limits(root: &Path, proc_cgroup: &str) -> Vec<Limit> {
    let mut out = Vec::new();
    for line in proc_cgroup.lines() {
        let mut parts = line.splitn(3, ':');
        let (Some(id), Some(controllers), Some(path)) = (parts.next(), parts.next(), parts.next())
        else {
            continue;
        };
        let rel = path.trim_start_matches('/');
        if id == "0" && controllers.is_empty() {
            // cgroup v2: mounted at the root itself, or at root/unified in hybrid setups.
            for mount in [root.to_path_buf(), root.join("unified")] {
                if mount.join("cgroup.controllers").exists() {
                    out.extend(walk(&mount, rel, &V2));
                    break;
                }
            }
        } else if controllers.split(',').any(|c| c == "memory") {
            out.extend(walk(&root.join("memory"), rel, &V1));
        }
    }
    out
}

/// The file names of one cgroup version's memory controller.
struct Files {
    limit: &'static str,
    usage: &'static str,
    inactive_file: &'static str,
}

const V2: Files = Files {
    limit: "memory.max",
    usage: "memory.current",
    inactive_file: "inactive_file",
};

const V1: Files = Files {
    limit: "memory.limit_in_bytes",
    usage: "memory.usage_in_bytes",
    inactive_file: "total_inactive_file",
};

/// Limits of the cgroup at `mount/rel` and of each ancestor up to `mount`. In a cgroup
/// namespace the path may not exist under the mount: then the mount's own files are read.
fn walk(mount: &Path, rel: &str, files: &Files) -> Vec<Limit> {
    let mut dir = mount.join(rel);
    if !dir.is_dir() {
        dir = mount.to_path_buf();
    }
    let mut out = Vec::new();
    loop {
        out.extend(headroom(&dir, files));
        if dir == mount || !dir.pop() || !dir.starts_with(mount) {
            break;
        }
    }
    out
}

/// A cgroup's limit less its usage, where usage leaves out inactive file cache (reclaimable).
/// `None` where there is no limit ("max", or v1's near-2^63 "unlimited").
fn headroom(dir: &Path, files: &Files) -> Option<Limit> {
    let read = |name: &str| std::fs::read_to_string(dir.join(name)).ok();
    let limit: u64 = read(files.limit)?.trim().parse().ok()?;
    if limit >= 1 << 62 {
        return None;
    }
    let usage: u64 = read(files.usage)
        .and_then(|t| t.trim().parse().ok())
        .unwrap_or(0);
    let inactive = read("memory.stat")
        .and_then(|t| {
            t.lines().find_map(|l| {
                l.strip_prefix(files.inactive_file)?
                    .strip_prefix(' ')?
                    .trim()
                    .parse()
                    .ok()
            })
        })
        .unwrap_or(0u64);
    Some(Limit {
        bytes: limit.saturating_sub(usage.saturating_sub(inactive)),
        source: LimitSource::Cgroup(dir.to_path_buf()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn bytes_are_exact_and_never_saturate() {
        let f = Footprint::new(5, 2, 1_600_000);
        assert_eq!(f.per_draw, 42);
        assert_eq!(f.bytes(1_000_000), Some(42_000_000 + 1_600_000));
        assert_eq!(f.bytes(1), Some(42 + 2), "scratch rounds up");
        assert_eq!(f.bytes(u64::MAX), None);
        assert_eq!(f.bytes(0), Some(0));
    }

    #[test]
    fn the_largest_count_that_fits_does_fit_and_one_more_does_not() {
        for f in [
            Footprint::new(5, 2, 1_600_000),
            Footprint::new(1, 0, 0),
            Footprint::new(300, 40, 25_600_000),
        ] {
            for budget in [0, 1, 43, 1 << 20, 5_000_000_000, u64::MAX] {
                let n = f.max_samples(budget);
                assert!(f.bytes(n).is_some_and(|b| b <= budget), "{f:?} {budget}");
                if n < u64::MAX {
                    assert!(f.bytes(n + 1).is_none_or(|b| b > budget), "{f:?} {budget}");
                }
            }
        }
    }

    #[test]
    fn check_reports_the_need_the_limit_and_what_fits() {
        let f = Footprint::new(5, 2, 1_600_000);
        let limit = Limit {
            bytes: 6_000_000 * 1024,
            source: LimitSource::AddressSpace,
        };
        assert!(check(&f, 1_000_000, &limit).is_ok());
        let e = check(&f, 1_000_000_000, &limit).unwrap_err();
        assert_eq!(e.need, Some(43_600_000_000));
        assert_eq!(e.limit, limit);
        let budget = 6_000_000 * 1024 / 100 * 90;
        assert!(e.fits > 0 && f.bytes(e.fits).unwrap() <= budget);
        let e = check(&f, u64::MAX, &limit).unwrap_err();
        assert_eq!(e.need, None, "overflow is said, not saturated");
        assert!(e.fits < 1_000_000_000, "never an impossible count");
    }

    #[test]
    fn reads_proc_fields() {
        let meminfo =
            "MemTotal:       24000000 kB\nMemFree:  100 kB\nMemAvailable:   22756952 kB\n";
        assert_eq!(kib_field(meminfo, "MemAvailable"), Some(22_756_952));
        assert_eq!(kib_field(meminfo, "Mem"), None);
        let status = "Name:\tshellcount\nVmSize:\t  123456 kB\nVmData:\t 789 kB\n";
        assert_eq!(kib_field(status, "VmSize"), Some(123_456));
        assert_eq!(kib_field(status, "VmData"), Some(789));
    }

    #[test]
    fn reads_cgroup_v2_and_v1_limits_up_the_tree() {
        let root = tempfile::TempDir::new().unwrap();
        let r = root.path();
        // v2 at the root: a limit on the parent binds; the leaf has none.
        fs::write(r.join("cgroup.controllers"), "memory\n").unwrap();
        fs::create_dir_all(r.join("a/b")).unwrap();
        fs::write(r.join("a/memory.max"), "1000000\n").unwrap();
        fs::write(r.join("a/memory.current"), "300000\n").unwrap();
        fs::write(r.join("a/memory.stat"), "anon 1\ninactive_file 100000\n").unwrap();
        fs::write(r.join("a/b/memory.max"), "max\n").unwrap();
        // v1 under root/memory.
        fs::create_dir_all(r.join("memory/x")).unwrap();
        fs::write(r.join("memory/x/memory.limit_in_bytes"), "5000\n").unwrap();
        fs::write(r.join("memory/x/memory.usage_in_bytes"), "1000\n").unwrap();
        fs::write(
            r.join("memory/memory.limit_in_bytes"),
            "9223372036854771712\n",
        )
        .unwrap();
        let limits = cgroup_limits(r, "4:memory:/x\n3:cpu:/y\n0::/a/b\n");
        assert_eq!(
            limits,
            [
                Limit {
                    bytes: 4000,
                    source: LimitSource::Cgroup(r.join("memory/x"))
                },
                Limit {
                    bytes: 800_000,
                    source: LimitSource::Cgroup(r.join("a"))
                },
            ]
        );
    }

    #[test]
    fn the_limit_is_positive_and_at_most_addressable() {
        let l = limit();
        assert!(l.bytes > 0 && l.bytes <= isize::MAX as u64, "{l:?}");
    }
}
