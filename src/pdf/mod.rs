//! PDF backend: a small typesetting engine. Stages, one module each, data flowing one way:
//! `layout` (+ `blocks`, `display`, `toc`, `notes`) turns the model into a flow of slots with
//! keep constraints and a chapter's footnotes apart, using `para` (shaping, hyphenation,
//! Knuth–Plass) for every paragraph; `paginate` cuts the flow into pages (footnotes at the foot
//! of their reference's page, a blank before a chapter that would open on a verso); `compose` places them in frames with running heads,
//! folios and resolved links; `emit` writes the frames with printpdf (subset fonts, positioned
//! glyphs); `nav` adds the outline, page labels and metadata with lopdf. `dump` prints frames
//! for golden tests.

pub mod audit;
pub mod blocks;
pub mod chapter;
pub mod compose;
pub mod display;
pub mod dump;
pub mod emit;
pub mod fonts;
pub mod frame;
pub mod hyphen;
pub mod image;
pub mod layout;
pub mod linebreak;
pub mod lines;
pub mod nav;
pub mod notes;
pub mod paginate;
pub mod para;
#[doc(hidden)]
pub mod sample;
pub mod shape;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_pages;
#[cfg(test)]
mod text_bench;
pub mod text_deco;
#[cfg(test)]
mod text_deco_tests;
pub(crate) mod text_firstfit;
pub(crate) mod text_items;
pub(crate) mod text_kern;
pub mod text_prose;
#[cfg(test)]
mod text_tests;
pub(crate) mod text_tuning;
pub(crate) mod text_words;
#[cfg(test)]
mod text_wrap_tests;
pub mod toc;

use crate::config::{ChapterBreak, Imprint, Paper, Sides};
use crate::diag::Diagnostic;
use crate::fonts::FontFiles;
use crate::model::Document;
use crate::theme::{FontRole, Theme};
use crate::Rendered;

use compose::{compose, outline, roman, Geometry, OutlineEntry};
use fonts::FontStore;
use frame::{PageFrame, PageKind};
use layout::Layout;
use paginate::{paginate, PageBox};

pub use dump::dump;

#[derive(Debug, Clone)]
pub struct PdfOptions {
    pub paper: Paper,
    pub hyphenate: bool,
    /// Where chapters start: `Recto` opens every chapter on a recto (an odd page), with a
    /// true blank before it if need be.
    pub chapter_break: ChapterBreak,
    /// Symmetric margins (`One`) or mirrored inside/outside margins (`Two`).
    pub sides: Sides,
    /// The imprint page's last line, if the author wants one.
    pub imprint: Option<String>,
    /// `[pdf] hyphenation_exceptions`.
    pub hyphenation_exceptions: hyphen::Exceptions,
}

impl PdfOptions {
    /// The options `guide.toml`'s `[pdf]` table asks for, `paper` (from `--paper`) first.
    pub fn from_config(cfg: &crate::config::PdfConfig, paper: Option<Paper>) -> PdfOptions {
        PdfOptions {
            paper: paper.or(cfg.paper).unwrap_or_default(),
            hyphenate: cfg.hyphenate.unwrap_or(true),
            chapter_break: match (cfg.chapter_break, cfg.recto_chapters) {
                (Some(b), _) => b,
                (None, Some(true)) => ChapterBreak::Recto,
                (None, _) => ChapterBreak::Auto,
            },
            sides: cfg.sides.unwrap_or_default(),
            imprint: Imprint::line(cfg.imprint.as_ref()),
            hyphenation_exceptions: hyphen::Exceptions::new(&cfg.hyphenation_exceptions),
        }
    }
}

/// English text with the usual mix of letters, spaces and punctuation: the sample for the
/// average character width that decides the measure.
const SAMPLE: &str = "Trust is rebuilt slowly, through small promises kept again and again. \
Listen without defending yourself, name what you did, and ask what the other person needs.";

/// Characters per line the measure aims at (the range for comfortable reading is 60–75).
const TARGET_CHARS: f32 = 68.0;

/// The page geometry for a paper size and the theme's body text.
pub fn geometry(paper: Paper, theme: &Theme, store: &FontStore) -> Geometry {
    let (width, height) = paper.size_pt();
    let body = theme.body_size;
    let sample = shape::shape(store, SAMPLE, FontRole::Body, body);
    let avg = sample.width / SAMPLE.chars().count() as f32;
    // small pages keep room to hold and bind them and give up characters instead
    let min_inside = (width * 0.1).max(42.0);
    let min_outside = (width * 0.12).max(48.0);
    let measure = (TARGET_CHARS * avg)
        .min(width - min_inside - min_outside)
        .round();
    // mirrored margins: two parts inside to three outside
    let spare = width - measure;
    let inside = (spare * 0.4).max(min_inside).round();
    let outside = spare - inside;
    let top = (height * 0.095).round();
    let bottom = (height * 0.12).round();
    Geometry {
        width,
        height,
        measure,
        inside,
        outside,
        top,
        bottom,
        body_height: height - top - bottom,
        chars_per_line: measure / avg,
    }
}

/// Everything typesetting produced, before emission.
pub struct Typeset {
    pub frames: Vec<PageFrame>,
    pub outline: Vec<OutlineEntry>,
    /// Number of front-matter (roman-numbered) pages.
    pub front_pages: usize,
    pub geometry: Geometry,
    pub diagnostics: Vec<Diagnostic>,
}

/// Lays out the whole book.
pub fn typeset(doc: &Document, theme: &Theme, store: &FontStore, opts: &PdfOptions) -> Typeset {
    let geo = geometry(opts.paper, theme, store);
    let mut lay = Layout::new(
        store,
        theme,
        doc,
        geo.measure,
        geo.body_height,
        opts.hyphenate,
    );
    let mut body: Vec<PageBox> = Vec::new();
    for chapter in chapter_pages(&mut lay, opts.hyphenate, PARALLEL_MIN_BYTES) {
        // the front matter has an even number of pages: an even body index is a recto
        if opts.chapter_break == ChapterBreak::Recto && !body.len().is_multiple_of(2) {
            body.push(blank());
        }
        body.extend(chapter);
    }
    let entries = toc::entries(&body, |p| (p + 1).to_string());
    let mut front = vec![
        lay.title_page(&geo),
        lay.imprint_page(&geo, opts.imprint.as_deref()),
    ];
    let contents = lay.contents(&entries);
    front.extend(paginate(
        contents,
        geo.body_height,
        PageKind::Contents,
        PageKind::Contents,
        None,
        notes::FootNotes::default(),
    ));
    // the first chapter opens on a recto
    if !front.len().is_multiple_of(2) {
        front.push(blank());
    }
    let front_pages = front.len();
    let mut labels: Vec<String> = (1..=front_pages).map(roman).collect();
    labels.extend((1..=body.len()).map(|n| n.to_string()));
    let mut pages = front;
    pages.extend(body);
    let outline = outline(&pages, &geo);
    let frames = compose(&mut lay, pages, &labels, &geo);
    Typeset {
        frames,
        outline,
        front_pages,
        geometry: geo,
        diagnostics: dedup(lay.diags),
    }
}

/// The pages of every chapter, in order. A chapter's pages depend on nothing outside it
/// (margins, folios and running heads come later, in `compose`), so when the book is long
/// enough to pay for a thread, the later chapters are laid out on a second thread with their
/// own shaping memo over the same faces. The result is the same either way.
fn chapter_pages(lay: &mut Layout, hyphenate: bool, min_bytes: usize) -> Vec<Vec<PageBox>> {
    let doc = lay.doc;
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
        return (0..n).map(|c| one_chapter(lay, c)).collect();
    }
    let shared = lay.store.share();
    let (theme, measure, body_height) = (lay.theme, lay.measure, lay.body_height);
    std::thread::scope(|s| {
        let later = s.spawn(move || {
            let store = shared.store();
            let mut other = Layout::new(&store, theme, doc, measure, body_height, hyphenate);
            let pages: Vec<Vec<PageBox>> = (split..n).map(|c| one_chapter(&mut other, c)).collect();
            (pages, other.diags)
        });
        let mut pages: Vec<Vec<PageBox>> = (0..split).map(|c| one_chapter(lay, c)).collect();
        match later.join() {
            Ok((more, diags)) => {
                pages.extend(more);
                lay.diags.extend(diags);
            }
            // a panic on the other thread: lay those chapters out here instead
            Err(_) => pages.extend((split..n).map(|c| one_chapter(lay, c))),
        }
        pages
    })
}

/// Below this much chapter source, a second layout thread costs more than it saves: the
/// bundled guide (11 KB) builds faster on one, a 15,000-word book (119 KB) a third faster
/// on two.
const PARALLEL_MIN_BYTES: usize = 32 * 1024;

/// Bytes of manuscript a chapter spans: a stand-in for how long it takes to lay out.
fn chapter_weight(ch: &crate::model::Chapter) -> usize {
    let blocks: usize = ch.blocks.iter().map(|b| b.span.end - b.span.start).sum();
    let notes: usize = ch.footnotes.iter().map(|f| f.span.end - f.span.start).sum();
    // a made-up document has empty spans: count its blocks
    blocks + notes + ch.blocks.len()
}

fn one_chapter(lay: &mut Layout, c: usize) -> Vec<PageBox> {
    let flow = lay.chapter(c);
    paginate(
        flow.items,
        lay.body_height,
        PageKind::ChapterOpening,
        PageKind::Body,
        Some(c),
        flow.notes,
    )
}

/// A true blank page: no running head, no folio (it still counts in the page labels).
fn blank() -> PageBox {
    PageBox {
        kind: PageKind::Blank,
        chapter: None,
        slots: Vec::new(),
    }
}

/// Drops repeated diagnostics (the same message at the same place).
fn dedup(diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = Vec::with_capacity(diags.len());
    for d in diags {
        if !out
            .iter()
            .any(|o| o.code == d.code && o.span == d.span && o.message == d.message)
        {
            out.push(d);
        }
    }
    out
}

/// The frames of the typeset book and the warnings found on the way (for tests and dumps).
pub fn layout_frames(
    doc: &Document,
    theme: &Theme,
    fonts: &FontFiles,
    opts: &PdfOptions,
) -> Result<(Vec<PageFrame>, Vec<Diagnostic>), Diagnostic> {
    let store = FontStore::for_options(fonts, opts)?;
    let t = typeset(doc, theme, &store, opts);
    Ok((t.frames, t.diagnostics))
}

/// Renders the document as PDF bytes.
pub fn render(
    doc: &Document,
    theme: &Theme,
    fonts: &FontFiles,
    opts: &PdfOptions,
) -> Result<Rendered, Diagnostic> {
    let store = FontStore::for_options(fonts, opts)?;
    let t = typeset(doc, theme, &store, opts);
    let lo = emit::emit(&t.frames, &store, &doc.assets, &doc.meta.title)?;
    let heights: Vec<f32> = t.frames.iter().map(|f| f.height).collect();
    drop(t.frames);
    let bytes = nav::finish(lo, &doc.meta, &t.outline, t.front_pages, &heights)?;
    Ok(Rendered {
        bytes,
        diagnostics: t.diagnostics,
    })
}
