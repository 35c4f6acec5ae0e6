//! The typesetter: the document model in, pages of positioned items out, in three stages with
//! data flowing one way. `text` sets paragraphs (shaping, hyphenation, items, Knuth–Plass,
//! lines); `flow` turns the model's blocks into a vertical flow of slots with keep constraints
//! and each chapter's footnotes apart; `page` cuts the flow into pages (footnotes at the foot of
//! their reference's page; chapters on new pages or running on, see [`typeset`]) and composes
//! them into [`frame::PageFrame`]s with running heads, folios and resolved links. The PDF
//! writer (`crate::pdf`) turns frames into a file.

pub mod flow;
pub mod frame;
pub mod geometry;
pub mod page;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_pages;
pub mod text;

use crate::config::{ChapterBreak, Imprint, Paper, Sides};
use crate::diag::Diagnostic;
use crate::fonts::FontFiles;
use crate::model::Document;
use crate::theme::Theme;

use flow::cx::Layout;
use flow::notes::ChapterFlow;
use frame::{PageFrame, PageKind};
use page::body::blank;
use page::compose::{compose, outline, roman, OutlineEntry};
use page::paginate::paginate;
use page::paginate::PageBox;

pub use geometry::{geometry, Geometry};
pub use text::store::FontStore;

#[derive(Debug, Clone)]
pub struct TypesetOptions {
    pub paper: Paper,
    pub hyphenate: bool,
    /// Where chapters start (see [`typeset`]): `Recto` opens every chapter on a recto (an odd
    /// page), with a true blank before it if need be; only it and `sides: Two` add blanks.
    pub chapter_break: ChapterBreak,
    /// Symmetric margins (`One`) or mirrored inside/outside margins (`Two`).
    pub sides: Sides,
    /// The imprint page's last line, if the author wants one.
    pub imprint: Option<String>,
    /// `[pdf] hyphenation_exceptions`.
    pub hyphenation_exceptions: text::hyphen::Exceptions,
}

impl TypesetOptions {
    /// The options `guide.toml`'s `[pdf]` table asks for, `paper` (from `--paper`) first.
    pub fn from_config(cfg: &crate::config::PdfConfig, paper: Option<Paper>) -> TypesetOptions {
        TypesetOptions {
            paper: paper.or(cfg.paper).unwrap_or_default(),
            hyphenate: cfg.hyphenate.unwrap_or(true),
            chapter_break: match (cfg.chapter_break, cfg.recto_chapters) {
                (Some(b), _) => b,
                (None, Some(true)) => ChapterBreak::Recto,
                (None, _) => ChapterBreak::Auto,
            },
            sides: cfg.sides.unwrap_or_default(),
            imprint: Imprint::line(cfg.imprint.as_ref()),
            hyphenation_exceptions: text::hyphen::Exceptions::new(&cfg.hyphenation_exceptions),
        }
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

/// Lays out the whole book: the page geometry, each chapter's flow, the body's pages (the
/// untitled opening first, then the chapters as `chapter_break` says: [`page::body`]), the
/// front matter (which needs the body's page numbers for its contents), the page labels
/// (roman, then arabic) and the frames. No blank page is ever added but those `recto` and
/// two-sided printing ask for.
pub fn typeset(doc: &Document, theme: &Theme, store: &FontStore, opts: &TypesetOptions) -> Typeset {
    let geo = geometry(opts.paper, opts.sides, theme, store);
    let mut lay = Layout::new(
        store,
        theme,
        doc,
        geo.measure,
        geo.body_height,
        opts.hyphenate,
    );
    let flows = chapter_flows(&mut lay, opts.hyphenate, PARALLEL_MIN_BYTES);
    let leading = lay.body().leading;
    let body = page::body::body_pages(flows, doc, opts.chapter_break, leading, geo.body_height);
    let front = front_matter(&mut lay, &body, &geo, opts);
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

/// The front matter: the title page; the imprint on its back when printing on two sides, else
/// folded to the title page's foot; the contents, for a book of at least two titled chapters
/// (with one there is nothing to find); and, when printing on two sides or opening chapters
/// on rectos, a blank to make the front matter even.
fn front_matter(
    lay: &mut Layout,
    body: &[PageBox],
    geo: &Geometry,
    opts: &TypesetOptions,
) -> Vec<PageBox> {
    let recto = opts.chapter_break == ChapterBreak::Recto;
    let entries = flow::front::entries(body, |p| (p + 1).to_string());
    let mut front = Vec::new();
    if geo.two_sided {
        front.push(lay.title_page(geo, None));
        front.push(lay.imprint_page(geo, opts.imprint.as_deref()));
    } else {
        let imprint = lay.imprint_lines(opts.imprint.as_deref());
        front.push(lay.title_page(geo, Some(&imprint)));
    }
    if entries.iter().filter(|e| e.level <= 1).count() >= 2 {
        let contents = lay.contents(&entries);
        front.extend(paginate(
            contents,
            geo.body_height,
            PageKind::Contents,
            PageKind::Contents,
            None,
            flow::notes::FootNotes::default(),
        ));
    }
    // the first chapter opens on a recto
    if (geo.two_sided || recto) && !front.len().is_multiple_of(2) {
        front.push(blank());
    }
    front
}

/// The flow of every chapter, in order. A chapter's flow depends on nothing outside it
/// (where it starts, margins, folios and running heads come later), so when the book is long
/// enough to pay for a thread, the later chapters are laid out on a second thread with their
/// own shaping memo over the same faces. The result is the same either way.
fn chapter_flows(lay: &mut Layout, hyphenate: bool, min_bytes: usize) -> Vec<ChapterFlow> {
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
        return (0..n).map(|c| lay.chapter(c)).collect();
    }
    let shared = lay.store.share();
    let (theme, measure, body_height) = (lay.theme, lay.measure, lay.body_height);
    std::thread::scope(|s| {
        let later = s.spawn(move || {
            let store = shared.store();
            let mut other = Layout::new(&store, theme, doc, measure, body_height, hyphenate);
            let flows: Vec<ChapterFlow> = (split..n).map(|c| other.chapter(c)).collect();
            (flows, other.diags)
        });
        let mut flows: Vec<ChapterFlow> = (0..split).map(|c| lay.chapter(c)).collect();
        match later.join() {
            Ok((more, diags)) => {
                flows.extend(more);
                lay.diags.extend(diags);
            }
            // a panic on the other thread: lay those chapters out here instead
            Err(_) => flows.extend((split..n).map(|c| lay.chapter(c))),
        }
        flows
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
    opts: &TypesetOptions,
) -> Result<(Vec<PageFrame>, Vec<Diagnostic>), Diagnostic> {
    let store = FontStore::for_options(fonts, opts)?;
    let t = typeset(doc, theme, &store, opts);
    Ok((t.frames, t.diagnostics))
}
