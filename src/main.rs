//! The `guidebuild` binary: parses the command line and exits with the code `command::run` returns.

use clap::Parser;
use guidebuild::{app, cli::Cli, command};

fn main() -> std::process::ExitCode {
    no_huge_pages();
    guidebuild::memory::on_large_build(purge_at_once);
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            // --help and --version are not errors.
            return std::process::ExitCode::from(if e.use_stderr() { app::USAGE } else { app::OK });
        }
    };
    std::process::ExitCode::from(command::run(cli))
}

/// mimalloc: on the guide's build, page faults 1,587 → 906 and CPU 22.5 → 19.9 ms against the
/// system allocator (100 alternating runs).
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `purge_delay` option: how many milliseconds freed memory is kept before it goes
/// back to the system (1,000 by default in the v3 the crate builds). Number 15 in the option
/// list of both its v2 and v3.
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// For a heavy build (see `guidebuild::memory`): freed memory goes back at once. A
/// paragraph's line breaking frees large buffers while it allocates the next; with the delay,
/// both stay resident. Measured (`build`, both outputs): a 1 MB word 203 → 134 MB peak,
/// 100,000 headings 281 → 188 MB, at 0.01–0.4 s more. On prose it costs more than it saves
/// (a 240,000-word book's PDF: +36 % CPU for 13 MB), so ordinary books keep the default.
fn purge_at_once() {
    // SAFETY: sets one integer option; called before the build starts its helper thread,
    // as mimalloc asks (its option setters are not thread-safe).
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, 0) }
}

/// mimalloc asks for transparent huge pages on its arenas. Each first touch of one is a 2 MB
/// fault, which under a virtual machine is sometimes very slow: the guide's build had a p90 of
/// 43 ms with them against 21 ms without. A build this short has nothing to gain from them.
fn no_huge_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_THP_DISABLE only sets a flag of this process; no memory is passed.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

#[cfg(test)]
mod tests {
    use super::PURGE_DELAY;

    /// The option number names `purge_delay`: its default is mimalloc v3's 1,000 ms (unless
    /// the environment sets it), and setting it reads back.
    #[test]
    fn purge_delay_is_the_option_we_set() {
        // SAFETY: reads and sets one integer option; the test harness's other threads do not
        // touch mimalloc's options.
        unsafe {
            if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
                assert_eq!(libmimalloc_sys::mi_option_get(PURGE_DELAY), 1000);
            }
            super::purge_at_once();
            assert_eq!(libmimalloc_sys::mi_option_get(PURGE_DELAY), 0);
        }
    }
}
