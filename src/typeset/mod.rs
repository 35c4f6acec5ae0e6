//! The typesetter: the document model in, pages of positioned items out, in three stages with
//! data flowing one way. `text` sets paragraphs (shaping, hyphenation, items, Knuth–Plass,
//! lines); `flow` turns the model's blocks into a vertical flow of slots with keep constraints
//! and each chapter's footnotes apart; `page` cuts the flow into pages (footnotes at the foot of
//! their reference's page; chapters on new pages or running on, see [`typeset`]) and composes
//! them into [`frame::PageFrame`]s with running heads, folios and resolved links. The PDF
//! writer (`crate::pdf`) turns frames into a file.

pub mod flow;
pub mod frame;
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
use crate::theme::{FontRole, Theme};

use flow::cx::{FlowItem, Layout, Slot};
use flow::notes::ChapterFlow;
use frame::{PageFrame, PageKind};
use page::compose::{compose, outline, roman, Geometry, OutlineEntry};
use page::paginate::{paginate, paginate_run_on, ChapterStart, PageBox};

pub use text::FontStore;

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
    pub hyphenation_exceptions: text::Exceptions,
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
            hyphenation_exceptions: text::Exceptions::new(&cfg.hyphenation_exceptions),
        }
    }
}

/// English text with the usual mix of letters, spaces and punctuation: the sample for the
/// average character width that decides the measure.
const SAMPLE: &str = "Trust is rebuilt slowly, through small promises kept again and again. \
Listen without defending yourself, name what you did, and ask what the other person needs.";

/// Characters per line the measure aims at (the range for comfortable reading is 60–75).
const TARGET_CHARS: f32 = 68.0;

/// The page geometry for a paper size, one- or two-sided printing and the theme's body text:
/// the same margin left and right on every page for one side, two parts inside to three
/// outside (mirrored) for two.
pub fn geometry(paper: Paper, sides: Sides, theme: &Theme, store: &FontStore) -> Geometry {
    let (width, height) = paper.size_pt();
    let body = theme.body_size;
    let sample = text::shape(store, SAMPLE, FontRole::Body, body);
    let avg = sample.width / SAMPLE.chars().count() as f32;
    // small pages keep room to hold and bind them and give up characters instead
    let min_inside = (width * 0.1).max(42.0);
    let min_outside = (width * 0.12).max(48.0);
    let measure = (TARGET_CHARS * avg)
        .min(width - min_inside - min_outside)
        .round();
    let spare = width - measure;
    let two_sided = sides == Sides::Two;
    let inside = if two_sided {
        // mirrored margins: two parts inside to three outside
        (spare * 0.4).max(min_inside).round()
    } else {
        spare / 2.0
    };
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
        two_sided,
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

/// Whether the chapters of a book run on under `chapter_break = "auto"`, from `lengths`, the
/// set height of each titled chapter (title, rule, text, end notes and foot notes, in pt; the
/// untitled opening not counted): they run on when the median of them (the mean of the two
/// middle ones for an even count) is less than `block`, one text block's height; otherwise
/// every chapter opens on a new page. A book without titled chapters runs on.
pub fn runs_on(lengths: &[f32], block: f32) -> bool {
    let mut l = lengths.to_vec();
    l.sort_by(f32::total_cmp);
    let n = l.len();
    if n == 0 {
        return true;
    }
    let median = if n % 2 == 1 {
        l[n / 2]
    } else {
        (l[n / 2 - 1] + l[n / 2]) / 2.0
    };
    median < block
}

/// Lines of body text above a chapter's title when chapters run on.
const RUN_ON_LINES: f32 = 2.0;

/// Lays out the whole book. Front matter: the title page; the imprint on its back when
/// printing on two sides, else folded to the title page's foot; the contents, for a book of at
/// least two titled chapters (with one there is nothing to find); and, when printing on two
/// sides or opening chapters on rectos, a blank to make the front matter even. The body: the
/// untitled opening first (no title), then the chapters as `chapter_break` says — each on a
/// new page (`page`), on a recto after a blank if need be (`recto`), running on after the
/// previous one with [`RUN_ON_LINES`] lines above the title (`none`), or as [`runs_on`]
/// decides (`auto`). No other blank page is ever added.
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
    let run_on = match opts.chapter_break {
        ChapterBreak::None => true,
        ChapterBreak::Page | ChapterBreak::Recto => false,
        ChapterBreak::Auto => {
            let lengths: Vec<f32> = flows
                .iter()
                .zip(&doc.chapters)
                .filter(|(_, ch)| !ch.untitled)
                .map(|(f, _)| f.length())
                .collect();
            runs_on(&lengths, geo.body_height)
        }
    };
    let recto = opts.chapter_break == ChapterBreak::Recto;
    let body = if run_on {
        let space = RUN_ON_LINES * lay.body().leading;
        run_on_pages(flows, doc, space, geo.body_height)
    } else {
        let mut body: Vec<PageBox> = Vec::new();
        for (c, mut flow) in flows.into_iter().enumerate() {
            // the front matter has an even number of pages: an even body index is a recto
            if recto && !body.len().is_multiple_of(2) {
                body.push(blank());
            }
            if !doc.chapters[c].untitled {
                flow.items.insert(0, FlowItem::Slot(sink(geo.body_height)));
            }
            body.extend(paginate(
                flow.items,
                geo.body_height,
                PageKind::ChapterOpening,
                PageKind::Body,
                Some(c),
                flow.notes,
            ));
        }
        body
    };
    let entries = flow::front::entries(&body, |p| (p + 1).to_string());
    let mut front = Vec::new();
    if geo.two_sided {
        front.push(lay.title_page(&geo, None));
        front.push(lay.imprint_page(&geo, opts.imprint.as_deref()));
    } else {
        let imprint = lay.imprint_lines(opts.imprint.as_deref());
        front.push(lay.title_page(&geo, Some(&imprint)));
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

/// The space that sinks a chapter's title on a page of its own.
fn sink(body_height: f32) -> Slot {
    Slot {
        height: (body_height * 0.14).round(),
        keep_with_next: true,
        ..Slot::default()
    }
}

/// The chapters set one after the other in one flow, `space` above each title (dropped at a
/// page top, like any space: a title there lines up with the text of the other pages), their
/// notes numbered apart so they can share pages.
fn run_on_pages(flows: Vec<ChapterFlow>, doc: &Document, space: f32, block: f32) -> Vec<PageBox> {
    let mut items: Vec<FlowItem> = Vec::new();
    let mut notes = flow::notes::FootNotes::default();
    let mut starts = Vec::new();
    for (c, mut flow) in flows.into_iter().enumerate() {
        if !doc.chapters[c].untitled {
            flow.items.insert(0, FlowItem::Space(space));
        }
        // chapter `c`'s note `n` becomes `c << 20 | n`
        flow.shift_notes((c as u32) << 20);
        let first = flow
            .items
            .iter()
            .position(|i| !i.discardable())
            .unwrap_or(0);
        if first < flow.items.len() {
            starts.push(ChapterStart {
                item: items.len() + first,
                chapter: c,
            });
        }
        items.extend(flow.items);
        notes.absorb(flow.notes);
    }
    paginate_run_on(items, block, notes, &starts)
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
    opts: &TypesetOptions,
) -> Result<(Vec<PageFrame>, Vec<Diagnostic>), Diagnostic> {
    let store = FontStore::new(fonts)?.with_exceptions(opts.hyphenation_exceptions.clone());
    let t = typeset(doc, theme, &store, opts);
    Ok((t.frames, t.diagnostics))
}
