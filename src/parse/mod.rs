//! Markdown → document model. One pulldown-cmark pass per chapter file (CommonMark plus GFM
//! tables, footnotes, strikethrough and task lists, smart punctuation and `{#id}` heading
//! attributes) builds owned blocks and inlines with source spans; then the files are cut into
//! chapters, ids are given out, footnotes numbered and internal links resolved.
//!
//! The guide's own blocks are recognised on the way: check and avoid lists by the marker glyph
//! of their items (`lists`), lead-ins kept with the list or sayings they introduce, and quoted
//! phrases to avoid or to try (`sayings`). Raw HTML never reaches the model.
//!
//! Choices worth knowing:
//! - each top-level `#` heading starts a chapter; content before a file's first one becomes a
//!   chapter titled by the front matter `title` or the humanised file name — but in the book's
//!   first file it is the book's opening, an untitled chapter (no heading, not in the contents)
//!   when chapter headings follow it or when that title is the book's own. A single-file book
//!   with no title in `guide.toml`/front matter and exactly one `#` heading takes that heading
//!   as the book title and cuts chapters at `##` instead (`chapters::single_title_mode`);
//! - marker glyphs are removed only when the list becomes a check or avoid list (more than half
//!   its items marked), or from the phrases of a sayings block; in a plain list they stay in
//!   the text;
//! - a sayings block's kind comes from its lead-in, not from the markers its phrases carry
//!   (those only decide after a lead-in the phrase tables do not know);
//! - relative links that are not a chapter file resolve to `Internal { chapter: None }` (the
//!   linter reports them), never to a broken file link in the book.
//! - the text is read as CommonMark says: a lone CR ends a line as LF and CRLF do (made LF
//!   byte for byte, so spans stay offsets into the file), a NUL character becomes U+FFFD
//!   silently (in the events, so spans keep their offsets), and a byte-order mark at the start
//!   of a file is not text (a file of only a BOM and white space has no content, GB110).
//!
//! # Diagnostics (all warnings; the book still builds)
//!
//! | code  | meaning |
//! |-------|---------|
//! | GB101 | a raw HTML block was dropped (HTML comments are dropped silently) |
//! | GB102 | an inline HTML tag was dropped; the text around it is kept |
//! | GB103 | `<script>` or `<style>` was dropped together with its content |
//! | GB104 | a link whose scheme is not `http:`, `https:`, `mailto:` or `tel:` (`file:`, `javascript:`, `data:`, …, or `//host`) was dropped, its text kept; so was an image whose address is a script |
//! | GB105 | an explicit heading id `{#id}` is used twice (the second gets `-2`) |
//! | GB106 | an explicit heading id is not a valid XML id (a slug is used instead) |
//! | GB107 | a footnote reference `[^x]` has no definition (kept as text) |
//! | GB108 | a footnote definition is never referred to (kept at the end of its chapter) |
//! | GB109 | a footnote label is defined twice (the first definition wins) |
//! | GB110 | a chapter file has no content |
//! | GB111 | nesting deeper than 48 levels (quotes, lists, emphasis) is flattened |
//! | GB112 | a saying's marker contradicts its lead-in (`✔` after "Avoid saying:"); the lead-in wins |

mod blocks;
mod chapters;
mod footnotes;
mod ids;
mod inlines;
mod lists;
mod markers;
mod sayings;
mod walk;

#[cfg(test)]
mod proptests;
#[cfg(test)]
mod tests;

pub use chapters::humanise_stem;
pub use ids::{chapter_id, github_slug, is_ncname, slugify};
pub use inlines::{holds_blank, is_allowed_link, is_unsafe_url, LINK_SCHEMES, UNSAFE_SCHEMES};
pub use markers::{leading_marker, AVOID_GLYPHS, CHECK_GLYPHS};
pub use sayings::{
    is_quotation, is_reflection_lead_in, saying_lead_kind, AVOID_LEADS, CLOSING_QUOTES,
    OPENING_QUOTES, TRY_LEADS,
};

use crate::config;
use crate::diag::{Diagnostic, FileId, Span, Warned};
use crate::manuscript::Manuscript;
use crate::model::{plain_text, BlockKind, Chapter, Document, Inline, InlineKind};
use blocks::{FileParse, FootDef};
use chapters::{Draft, PreambleTitle};
use std::collections::BTreeSet;

/// Parses every chapter of the manuscript into one [`Document`], with the warnings found on
/// the way (raw HTML dropped, `javascript:` links removed, …; see the table above).
///
/// The steps: each file's blocks (`parse_files`), the book's metadata, the files cut into
/// chapters (`cut_chapters`), ids given out and footnotes placed (`settle`), and internal
/// links resolved (`resolve_links`).
pub fn document(ms: &Manuscript) -> Warned<Document> {
    let mut out = Warned::clean(());
    let parsed = out.take(parse_files(ms));
    let (meta, single) = book_meta(ms, &parsed);
    let (drafts, defs_by_file) = out.take(cut_chapters(ms, parsed, single, &meta.title));
    let (chapters, ids) = out.take(settle(drafts, &defs_by_file));
    let chapters = resolve_links(ms, chapters, &ids);
    out.map(|()| Document {
        meta,
        chapters,
        assets: Vec::new(),
    })
}

/// Every chapter file's blocks and footnote definitions (by index into `ms.chapters`), with
/// references to footnotes that are never defined reported (GB107).
fn parse_files(ms: &Manuscript) -> Warned<Vec<(usize, FileParse)>> {
    let mut out = Warned::clean(Vec::new());
    let prompts = sayings::Prompts {
        words: &ms.config.theme.reflection.words,
        lines: ms
            .config
            .workbook
            .lines
            .unwrap_or(crate::model::ANSWER_LINES),
    };
    for (k, cs) in ms.chapters.iter().enumerate() {
        let Some(sf) = ms.sources.files.get(cs.file) else {
            continue;
        };
        let mut fp = out.take(blocks::parse_file(
            &sf.text,
            cs.body_start,
            cs.file,
            prompts,
        ));
        out.extend(footnotes::undefined_refs(&mut fp.blocks, &sf.text, cs.file));
        for def in &mut fp.footnotes {
            out.extend(footnotes::undefined_refs(
                &mut def.blocks,
                &sf.text,
                cs.file,
            ));
        }
        out.value.push((k, fp));
    }
    out
}

/// The book's metadata, and whether it is a single-file book whose one `#` heading is the
/// title (then chapters are cut at `##`).
fn book_meta(ms: &Manuscript, parsed: &[(usize, FileParse)]) -> (crate::model::Metadata, bool) {
    let front = ms
        .chapters
        .first()
        .map(|c| c.front.clone())
        .unwrap_or_default();
    let title_given = ms.config.title.is_some() || front.title.is_some();
    let single = parsed.len() == 1
        && chapters::single_title_mode(ms.chapters.len(), title_given, &parsed[0].1.blocks);
    let meta = config::build_metadata(
        &ms.config,
        &front,
        first_heading_text(parsed),
        ms.source_date_epoch,
        ms.newest_mtime,
    );
    (meta, single)
}

/// Each file's footnote definitions, by file.
type DefsByFile = Vec<(FileId, Vec<FootDef>)>;

/// Cuts every file into chapters (a file with none is reported, GB110), keeping each file's
/// footnote definitions for `settle`.
fn cut_chapters(
    ms: &Manuscript,
    parsed: Vec<(usize, FileParse)>,
    single: bool,
    book_title: &str,
) -> Warned<(Vec<Draft>, DefsByFile)> {
    let mut out = Warned::clean((Vec::new(), Vec::new()));
    for (k, fp) in parsed {
        let cs = &ms.chapters[k];
        let name = &ms.sources.get(cs.file).name;
        let start = Span::new(cs.file, cs.body_start, cs.body_start);
        let book_title = (k == 0).then_some(book_title);
        let drafts = file_chapters(cs, name, fp.blocks, single, book_title);
        if drafts.is_empty() {
            out.warn(
                Diagnostic::warning("GB110", format!("`{name}` has no content"))
                    .at(start)
                    .help("write the chapter, or remove the file from the manuscript"),
            );
        }
        out.value.0.extend(drafts);
        out.value.1.push((cs.file, fp.footnotes));
    }
    out
}

/// The chapters of one file (`name` as in `Sources`): content before its first chapter
/// heading is titled by the front matter or the file name, unless it is the book's opening.
fn file_chapters(
    cs: &crate::manuscript::ChapterSource,
    name: &str,
    mut blocks: Vec<crate::model::Block>,
    single: bool,
    book_title: Option<&str>,
) -> Vec<Draft> {
    let stem = std::path::Path::new(name)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let start = Span::new(cs.file, cs.body_start, cs.body_start);
    let title = cs
        .front
        .title
        .clone()
        .unwrap_or_else(|| humanise_stem(&stem));
    let mut preamble = PreambleTitle {
        title: vec![Inline::text(title, start)],
        explicit_id: String::new(),
        span: start,
    };
    let mut level = 1;
    if single {
        if let Some(t) = chapters::take_title_heading(&mut blocks) {
            preamble = t;
        }
        level = 2;
    }
    let mut drafts = chapters::split(cs.file, blocks, level, preamble, book_title);
    if single {
        drafts
            .iter_mut()
            .for_each(|d| chapters::raise_headings(&mut d.blocks));
    }
    drafts
}

/// Gives every chapter and heading its unique id and numbers and places the footnotes: the
/// chapters (with the file each came from) and the ids, for resolving links.
fn settle(
    drafts: Vec<Draft>,
    defs_by_file: &DefsByFile,
) -> Warned<(Vec<(FileId, Chapter)>, ids::Ids)> {
    let mut out = Warned::clean(());
    let mut ids = ids::Ids::default();
    let chapter_ids: Vec<String> = drafts
        .iter()
        .enumerate()
        .map(|(i, d)| chapter_id(i, if d.untitled { "opening" } else { &d.title_text }))
        .collect();
    chapter_ids.iter().for_each(|id| ids.reserve(id));
    let mut chapters: Vec<(FileId, Chapter)> = Vec::new();
    for (i, (d, id)) in drafts.into_iter().zip(chapter_ids).enumerate() {
        let heading_id = out.take(ids.claim(&d.explicit_id, &d.title_text, i, d.span));
        let mut ch = Chapter {
            untitled: d.untitled,
            id,
            title: d.title,
            title_text: d.title_text,
            heading_id,
            span: d.span,
            blocks: d.blocks,
            footnotes: Vec::new(),
        };
        out.extend(claim_heading_ids(&mut ch.blocks, i, &mut ids));
        chapters.push((d.file, ch));
    }
    for (file, defs) in defs_by_file {
        out.extend(place_footnotes(*file, defs, &mut chapters));
    }
    for (i, (_, ch)) in chapters.iter_mut().enumerate() {
        for f in &mut ch.footnotes {
            out.extend(claim_heading_ids(&mut f.blocks, i, &mut ids));
        }
    }
    out.map(|()| (chapters, ids))
}

/// Points every link at what it names: a heading, a chapter file, or the outside world.
fn resolve_links(
    ms: &Manuscript,
    chapters: Vec<(FileId, Chapter)>,
    ids: &ids::Ids,
) -> Vec<Chapter> {
    let mut files: Vec<(String, usize, String)> = Vec::new();
    for (i, (file, ch)) in chapters.iter().enumerate() {
        let name = &ms.sources.get(*file).name;
        if !files.iter().any(|(n, _, _)| n == name) {
            files.push((name.clone(), i, ch.heading_id.clone()));
        }
    }
    let mut resolved = Vec::with_capacity(chapters.len());
    for (file, mut ch) in chapters {
        let from = &ms.sources.get(file).name;
        let mut resolve = |i: &mut Inline| {
            if let InlineKind::Link { target, .. } = &mut i.kind {
                if let crate::model::LinkTarget::External(url) = target {
                    *target = ids.resolve(url, from, &files);
                }
            }
        };
        walk::inlines(&mut ch.title, &mut resolve);
        walk::all_inlines(&mut ch.blocks, &mut resolve);
        for f in &mut ch.footnotes {
            walk::all_inlines(&mut f.blocks, &mut resolve);
        }
        resolved.push(ch);
    }
    resolved
}

/// The text of the book's first `#` heading (or, failing that, its first heading).
fn first_heading_text(parsed: &[(usize, FileParse)]) -> Option<String> {
    let headings = || {
        parsed
            .iter()
            .flat_map(|(_, fp)| &fp.blocks)
            .filter_map(|b| match &b.kind {
                BlockKind::Heading { level, content, .. } => {
                    Some((*level, plain_text(content).trim().to_string()))
                }
                _ => None,
            })
    };
    let first = |want: Option<u8>| {
        headings()
            .find(|(l, t)| want.is_none_or(|w| *l == w) && !t.is_empty())
            .map(|(_, t)| t)
    };
    first(Some(1)).or_else(|| first(None))
}

/// Gives every heading inside `blocks` its final, unique id.
fn claim_heading_ids(
    blocks: &mut [crate::model::Block],
    chapter: usize,
    ids: &mut ids::Ids,
) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    walk::all_blocks(blocks, &mut |b| {
        if let BlockKind::Heading { id, content, .. } = &mut b.kind {
            let claimed = ids.claim(id, plain_text(content).trim(), chapter, b.span);
            warnings.extend(claimed.warnings);
            *id = claimed.value;
        }
    });
    warnings
}

/// Numbers the footnotes of one file's chapters and places the definitions nobody refers to
/// in the chapter they were written in.
fn place_footnotes(
    file: FileId,
    defs: &[FootDef],
    chapters: &mut [(FileId, Chapter)],
) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    let idxs: Vec<usize> = (0..chapters.len())
        .filter(|&i| chapters[i].0 == file)
        .collect();
    let by_label = footnotes::by_label(defs);
    for &i in &idxs {
        footnotes::number_chapter(&mut chapters[i].1, &by_label);
    }
    let used: BTreeSet<String> = idxs
        .iter()
        .flat_map(|&i| chapters[i].1.footnotes.iter().map(|f| f.label.clone()))
        .collect();
    for def in defs.iter().filter(|d| !used.contains(&d.label)) {
        warnings.push(footnotes::unreferenced(def));
        let home = idxs
            .iter()
            .rev()
            .find(|&&i| chapters[i].1.span.start <= def.span.start)
            .or(idxs.first());
        if let Some(&i) = home {
            footnotes::append_unreferenced(&mut chapters[i].1, def, &by_label);
        }
    }
    warnings
}
