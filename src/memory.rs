//! What a heavy build tells the process's memory allocator. The library allocates through
//! whatever global allocator the binary chose and knows nothing of it; the binary may register
//! one hook, [`on_large_build`], that [`large_build`] calls before the layout of a manuscript
//! whose shape makes memory, not time, the cost to watch. The `guidebuild` binary uses it to
//! have mimalloc give freed memory back to the system at once rather than after a delay.
//!
//! Giving memory back at once costs time: on a 240,000-word book of ordinary chapters
//! (1.9 MB) the PDF took 0.56 s of CPU with the delay and 0.78 s without it, for 13 MB less. It
//! pays only where a manuscript holds far more layout per byte than prose does: a paragraph,
//! word or heading of tens of kilobytes (its line breaking frees large buffers while it makes
//! the next) or tens of thousands of tiny blocks (100,000 headings, 25,000 footnotes in 1 MB).
//! So the hook is called for a manuscript of [`LARGE_BUILD`] bytes or more with a block of
//! [`LONG_BLOCK`] bytes or at least [`DENSE_BLOCKS_PER_KB`] blocks and footnotes per KB.

use std::sync::OnceLock;

/// Source bytes (chapters and `guide.toml`) below which no build is heavy.
pub const LARGE_BUILD: usize = 256 * 1024;

/// Bytes of manuscript in one block (a paragraph, heading, list …) that make a build heavy.
pub const LONG_BLOCK: usize = 64 * 1024;

/// Blocks and footnotes per KB of source that make a build heavy (prose has 2–5).
pub const DENSE_BLOCKS_PER_KB: usize = 20;

static HOOK: OnceLock<fn()> = OnceLock::new();

/// Registers the hook a heavy build calls (the first registration wins).
pub fn on_large_build(hook: fn()) {
    let _ = HOOK.set(hook);
}

/// Whether a manuscript of `source_bytes` bytes, with `blocks` blocks and footnotes of which
/// the longest spans `longest` bytes, is heavy (see the module's text).
pub fn is_heavy(source_bytes: usize, blocks: usize, longest: usize) -> bool {
    source_bytes >= LARGE_BUILD
        && (longest >= LONG_BLOCK || blocks * 1024 >= DENSE_BLOCKS_PER_KB * source_bytes)
}

/// Calls the registered hook for a heavy build; call it before the build starts any helper
/// thread.
pub fn large_build(source_bytes: usize, blocks: usize, longest: usize) {
    if is_heavy(source_bytes, blocks, longest) {
        if let Some(hook) = HOOK.get() {
            hook();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_dense_or_long_large_manuscripts_are_heavy() {
        // a 1.9 MB book of ordinary chapters: about 4 blocks per KB, none long
        assert!(!is_heavy(1_900_000, 7_500, 6_000));
        // a small manuscript never is
        assert!(!is_heavy(100_000, 50_000, 100_000));
        // a word, URL or heading of a megabyte; 100,000 headings in 1.1 MB
        assert!(is_heavy(1_000_000, 1, 1_000_000));
        assert!(is_heavy(1_100_000, 100_000, 20));
    }
}
