//! A count of the typesetter's work, for the tests that check its cost grows no faster than
//! its input: the line breaker's candidate lines, the first-fit breaker's steps, the glyphs
//! scanned or visited while breaking an over-wide word, the bytes shaped, and the paginator's
//! steps. Counted per thread, and only in test builds (`testing`); elsewhere [`add`] does
//! nothing.

#[cfg(any(test, feature = "testing"))]
thread_local! {
    static WORK: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// Counts `n` units of work on this thread.
#[inline(always)]
pub(crate) fn add(n: usize) {
    #[cfg(any(test, feature = "testing"))]
    WORK.with(|w| w.set(w.get().saturating_add(n as u64)));
    #[cfg(not(any(test, feature = "testing")))]
    let _ = n;
}

/// The work counted on this thread since the last call, leaving zero.
#[cfg(any(test, feature = "testing"))]
pub fn take() -> u64 {
    WORK.with(|w| w.replace(0))
}
