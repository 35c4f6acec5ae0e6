//! Test support: recording every paragraph set on this thread (its pieces and spec), so that
//! measurements can set a document's paragraphs again on their own.

use crate::typeset::text::piece::{ParaSpec, Piece};
use std::cell::RefCell;

/// Paragraphs set: their pieces and spec.
pub type Recorded = Vec<(Vec<Piece>, ParaSpec)>;

thread_local! {
    /// When `Some`, every paragraph set on this thread is recorded.
    static RECORD: RefCell<Option<Recorded>> = const { RefCell::new(None) };
}

/// Records the paragraph, if recording.
pub(super) fn note(pieces: &[Piece], spec: &ParaSpec) {
    RECORD.with(|r| {
        if let Some(v) = r.borrow_mut().as_mut() {
            v.push((pieces.to_vec(), spec.clone()));
        }
    });
}

/// Runs `f`, and returns what it returned with the paragraphs set meanwhile on this thread.
pub fn record_paragraphs<R>(f: impl FnOnce() -> R) -> (R, Recorded) {
    let outer = RECORD.with(|r| r.borrow_mut().replace(Vec::new()));
    let out = f();
    let recorded = RECORD.with(|r| std::mem::replace(&mut *r.borrow_mut(), outer));
    (out, recorded.unwrap_or_default())
}
