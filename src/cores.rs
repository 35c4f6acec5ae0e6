//! Where a build's helper thread runs. On a two-core machine Linux often starts a new thread
//! on the core of the thread that made it; one of the two then waits for the next
//! load-balancing tick (3–4 ms measured here) while the other core idles, which is a quarter
//! of a small book's build. [`spawn_apart`] starts the helper on another core than its
//! maker's and then hands it back every core it may use, so the scheduler stays free to move
//! it later. Elsewhere than Linux, and with a single usable core, it is a plain spawn.

use std::thread::JoinHandle;

/// Spawns `f` on a named thread, placed on another core than the calling thread's when the
/// process may use more than one.
pub fn spawn_apart<F, T>(name: &str, f: F) -> std::io::Result<JoinHandle<T>>
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    // The cores the new thread inherits, which both moves below give back to it (so that
    // however the two interleave, it ends with exactly these).
    let place = imp::current_core().zip(imp::allowed(imp::this_thread()));
    let handle = std::thread::Builder::new()
        .name(name.to_string())
        .spawn(move || {
            // The new thread may run first, in its maker's place: step aside at once.
            if let Some((core, allowed)) = place {
                if imp::current_core() == Some(core) {
                    imp::move_off(imp::this_thread(), core, &allowed);
                }
            }
            f()
        })?;
    // Or it may be queued behind its maker on the same core: move it from here.
    if let Some((core, allowed)) = place {
        imp::move_off(imp::handle_of(&handle), core, &allowed);
    }
    Ok(handle)
}

#[cfg(target_os = "linux")]
mod imp {
    use std::os::unix::thread::JoinHandleExt;

    pub type Thread = libc::pthread_t;
    pub type CoreSet = libc::cpu_set_t;

    /// The core this thread runs on now.
    pub fn current_core() -> Option<usize> {
        // SAFETY: sched_getcpu takes no arguments and only reads the caller's state.
        let c = unsafe { libc::sched_getcpu() };
        usize::try_from(c).ok()
    }

    pub fn this_thread() -> Thread {
        // SAFETY: pthread_self cannot fail.
        unsafe { libc::pthread_self() }
    }

    pub fn handle_of<T>(h: &std::thread::JoinHandle<T>) -> Thread {
        h.as_pthread_t() as Thread
    }

    /// The cores `t` may run on.
    pub fn allowed(t: Thread) -> Option<CoreSet> {
        // SAFETY: cpu_set_t is plain data (all-zero is the empty set), and the size passed is
        // the size of the set written to; `t` is a live thread (its handle is held).
        unsafe {
            let mut set: libc::cpu_set_t = std::mem::zeroed();
            let rc = libc::pthread_getaffinity_np(t, std::mem::size_of_val(&set), &mut set);
            (rc == 0).then_some(set)
        }
    }

    fn set_allowed(t: Thread, set: &CoreSet) -> bool {
        // SAFETY: as in `allowed`; the set is only read.
        unsafe { libc::pthread_setaffinity_np(t, std::mem::size_of_val(set), set) == 0 }
    }

    /// Moves `t` off `core` (the kernel migrates it at once when the core is no longer
    /// allowed), then lets it run on `all` again.
    pub fn move_off(t: Thread, core: usize, all: &CoreSet) {
        // SAFETY: the CPU_* helpers only read or write bits inside the set.
        let others = unsafe {
            if core >= libc::CPU_SETSIZE as usize
                || !libc::CPU_ISSET(core, all)
                || libc::CPU_COUNT(all) < 2
            {
                return;
            }
            let mut others = *all;
            libc::CPU_CLR(core, &mut others);
            others
        };
        if set_allowed(t, &others) {
            set_allowed(t, all);
        }
    }
}

#[cfg(not(target_os = "linux"))]
mod imp {
    pub type Thread = ();
    pub type CoreSet = ();
    pub fn current_core() -> Option<usize> {
        None
    }
    pub fn allowed(_: Thread) -> Option<CoreSet> {
        None
    }
    pub fn this_thread() -> Thread {}
    pub fn handle_of<T>(_: &std::thread::JoinHandle<T>) -> Thread {}
    pub fn move_off(_: Thread, _: usize, _: &CoreSet) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_helper_runs_and_returns_its_result() {
        let h = spawn_apart("helper", || (1..=10).sum::<u32>()).unwrap();
        assert_eq!(h.join().unwrap(), 55);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn the_helper_ends_with_every_core_its_maker_had() {
        let before = imp::allowed(imp::this_thread()).unwrap();
        let (go, wait) = std::sync::mpsc::channel::<()>();
        let h = spawn_apart("helper", move || {
            // read only once the maker is done placing it
            wait.recv().unwrap();
            imp::allowed(imp::this_thread()).unwrap()
        })
        .unwrap();
        go.send(()).unwrap();
        let mine = h.join().unwrap();
        // SAFETY: CPU_EQUAL only reads both sets.
        assert!(unsafe { libc::CPU_EQUAL(&before, &mine) });
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn moving_off_a_core_leaves_the_allowed_cores_as_they_were() {
        let me = imp::this_thread();
        let before = imp::allowed(me).unwrap();
        if let Some(core) = imp::current_core() {
            imp::move_off(me, core, &before);
        }
        let after = imp::allowed(me).unwrap();
        // SAFETY: CPU_EQUAL only reads both sets.
        assert!(unsafe { libc::CPU_EQUAL(&before, &after) });
    }
}
