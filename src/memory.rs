//! What a large build tells the process's memory allocator. The library allocates through
//! whatever global allocator the binary chose and knows nothing of it; the binary may register
//! one hook, [`on_large_build`], that [`large_build`] calls before a build of a manuscript of
//! [`LARGE_BUILD`] bytes or more starts its layout. The `guidebuild` binary uses it to have
//! mimalloc give freed memory back to the system at once rather than after a delay, which
//! keeps the peak of a megabyte manuscript near what it really holds, at a cost in time that
//! a small book, built in milliseconds, would notice and a large one does not.

use std::sync::OnceLock;

/// Source bytes (chapters and `guide.toml`) from which a build counts as large.
pub const LARGE_BUILD: usize = 256 * 1024;

static HOOK: OnceLock<fn()> = OnceLock::new();

/// Registers the hook a large build calls (the first registration wins).
pub fn on_large_build(hook: fn()) {
    let _ = HOOK.set(hook);
}

/// Calls the registered hook when `source_bytes` make a large build; call it before the
/// build starts any helper thread.
pub fn large_build(source_bytes: usize) {
    if source_bytes >= LARGE_BUILD {
        if let Some(hook) = HOOK.get() {
            hook();
        }
    }
}
