//! The book's chapters, one flow each, in order. A chapter's flow depends on nothing outside
//! it (where it starts, margins, folios and running heads come later), so when the book is
//! long enough to pay for a thread, the later chapters are laid out on a second thread with
//! their own shaping memo over the same faces. The result is the same either way.

use crate::model::Chapter;

use super::chapter::{chapter, ChapterFlow};
use super::cx::FlowCx;

/// Below this much chapter source, a second layout thread costs more than it saves: the
/// bundled guide (11 KB) builds faster on one, a 15,000-word book (119 KB) a third faster
/// on two.
pub(super) const PARALLEL_MIN_BYTES: usize = 32 * 1024;

/// The flow of every chapter, in order; on two threads when the chapters hold at least
/// `min_bytes` of source and a second core is there. The second thread's warnings join
/// `cx`'s after those of the first.
pub(super) fn chapter_flows(cx: &mut FlowCx, min_bytes: usize) -> Vec<ChapterFlow> {
    let doc = cx.doc;
    let n = doc.chapters.len();
    let weights: Vec<usize> = doc.chapters.iter().map(chapter_weight).collect();
    let total: usize = weights.iter().sum();
    // the first chapters, up to about half the book's text, stay on this thread
    let mut split = 0;
    let mut acc = 0;
    while split < n && 2 * acc + weights[split] <= total {
        acc += weights[split];
        split += 1;
    }
    let split = split.clamp(1, n.max(1));
    // (asked last: finding the usable cores reads files under /proc and /sys)
    let one_core = || std::thread::available_parallelism().map_or(1, |c| c.get()) < 2;
    if total < min_bytes || split >= n || one_core() {
        return (0..n).map(|c| chapter(cx, c)).collect();
    }
    let shared = cx.store.share();
    let (theme, measure, body_height, hyphenate, fillable) = (
        cx.theme,
        cx.measure,
        cx.body_height,
        cx.hyphenate,
        cx.fillable,
    );
    std::thread::scope(|s| {
        let later = s.spawn(move || {
            let store = shared.store();
            let mut other = FlowCx::new(&store, theme, doc, measure, body_height, hyphenate)
                .with_fields(fillable);
            let flows: Vec<ChapterFlow> = (split..n).map(|c| chapter(&mut other, c)).collect();
            (flows, other.take_diagnostics())
        });
        let mut flows: Vec<ChapterFlow> = (0..split).map(|c| chapter(cx, c)).collect();
        match later.join() {
            Ok((more, diags)) => {
                flows.extend(more);
                cx.warn_all(diags);
            }
            // a panic on the other thread: lay those chapters out here instead
            Err(_) => flows.extend((split..n).map(|c| chapter(cx, c))),
        }
        flows
    })
}

/// Bytes of manuscript a chapter spans: a stand-in for how long it takes to lay out.
fn chapter_weight(ch: &Chapter) -> usize {
    let blocks: usize = ch.blocks.iter().map(|b| b.span.end - b.span.start).sum();
    let notes: usize = ch.footnotes.iter().map(|f| f.span.end - f.span.start).sum();
    // a made-up document has empty spans: count its blocks
    blocks + notes + ch.blocks.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::FontFiles;
    use crate::testing::sample;
    use crate::theme::Theme;
    use crate::typeset::text::FontStore;

    /// Chapters laid out on a second thread (own shaping memo, paragraph ids per chapter)
    /// come out exactly as on one.
    #[test]
    fn chapters_laid_out_on_two_threads_match_one_thread() {
        let doc = sample::long_book(6, 900);
        let theme = Theme::default();
        let store = FontStore::new(&FontFiles::default_set()).unwrap();
        let pages = |min_bytes: usize| {
            let mut cx = FlowCx::new(&store, &theme, &doc, 300.0, 560.0, true);
            let pages = chapter_flows(&mut cx, min_bytes);
            (
                format!("{pages:?}"),
                format!("{:?}", cx.take_diagnostics()),
                pages.len(),
            )
        };
        let one = pages(usize::MAX);
        let two = pages(0);
        assert_eq!(one.2, 6);
        assert!(one.0.len() > 10_000);
        assert!(one == two, "the two-thread layout differs");
    }
}
