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
//!
//! # Diagnostics (all warnings; the book still builds)
//!
//! | code  | meaning |
//! |-------|---------|
//! | GB101 | a raw HTML block was dropped (HTML comments are dropped silently) |
//! | GB102 | an inline HTML tag was dropped; the text around it is kept |
//! | GB103 | `<script>` or `<style>` was dropped together with its content |
//! | GB104 | a `javascript:`, `vbscript:` or `data:` link was dropped; its text is kept |
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
pub use inlines::{is_unsafe_url, UNSAFE_SCHEMES};
pub use markers::{leading_marker, AVOID_GLYPHS, CHECK_GLYPHS};
pub use sayings::{
    is_quotation, saying_lead_kind, AVOID_LEADS, CLOSING_QUOTES, OPENING_QUOTES, TRY_LEADS,
};

use crate::config;
use crate::diag::{Diagnostic, FileId, Span};
use crate::manuscript::Manuscript;
use crate::model::{plain_text, BlockKind, Chapter, Document, Inline, InlineKind};
use blocks::{FileParse, FootDef};
use chapters::PreambleTitle;
use std::collections::BTreeSet;

/// Parses every chapter of the manuscript into one [`Document`]. Diagnostics are the
/// problems found on the way (raw HTML dropped, `javascript:` links removed, …).
pub fn parse(ms: &Manuscript) -> (Document, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut parsed: Vec<(usize, FileParse)> = Vec::new();
    for (k, cs) in ms.chapters.iter().enumerate() {
        let Some(sf) = ms.sources.files.get(cs.file) else {
            continue;
        };
        let (mut fp, d) = blocks::parse_file(&sf.text, cs.body_start, cs.file);
        diags.extend(d);
        diags.extend(footnotes::undefined_refs(&mut fp.blocks, &sf.text, cs.file));
        for def in &mut fp.footnotes {
            diags.extend(footnotes::undefined_refs(
                &mut def.blocks,
                &sf.text,
                cs.file,
            ));
        }
        parsed.push((k, fp));
    }
    let front = ms
        .chapters
        .first()
        .map(|c| c.front.clone())
        .unwrap_or_default();
    let title_given = ms.config.title.is_some() || front.title.is_some();
    let fallback_title = first_heading_text(&parsed);
    let single = parsed.len() == 1
        && chapters::single_title_mode(ms.chapters.len(), title_given, &parsed[0].1.blocks);

    let meta = config::build_metadata(
        &ms.config,
        &front,
        fallback_title,
        ms.source_date_epoch,
        ms.newest_mtime,
    );

    let mut drafts = Vec::new();
    let mut defs_by_file: Vec<(FileId, Vec<FootDef>)> = Vec::new();
    for (k, fp) in parsed {
        let cs = &ms.chapters[k];
        let name = &ms.sources.get(cs.file).name;
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
        let mut blocks = fp.blocks;
        let mut level = 1;
        if single {
            if let Some(t) = chapters::take_title_heading(&mut blocks) {
                preamble = t;
            }
            level = 2;
        }
        let book_title = (k == 0).then_some(meta.title.as_str());
        let mut ds = chapters::split(cs.file, blocks, level, preamble, book_title);
        if single {
            ds.iter_mut()
                .for_each(|d| chapters::raise_headings(&mut d.blocks));
        }
        if ds.is_empty() {
            diags.push(
                Diagnostic::warning("GB110", format!("`{name}` has no content"))
                    .at(start)
                    .help("write the chapter, or remove the file from the manuscript"),
            );
        }
        drafts.extend(ds);
        defs_by_file.push((cs.file, fp.footnotes));
    }

    let mut ids = ids::Ids::default();
    let chapter_ids: Vec<String> = drafts
        .iter()
        .enumerate()
        .map(|(i, d)| chapter_id(i, if d.untitled { "opening" } else { &d.title_text }))
        .collect();
    chapter_ids.iter().for_each(|id| ids.reserve(id));
    let mut chapters: Vec<(FileId, Chapter)> = Vec::new();
    for (i, (d, id)) in drafts.into_iter().zip(chapter_ids).enumerate() {
        let heading_id = ids.claim(&d.explicit_id, &d.title_text, i, d.span, &mut diags);
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
        claim_heading_ids(&mut ch.blocks, i, &mut ids, &mut diags);
        chapters.push((d.file, ch));
    }

    for (file, defs) in &defs_by_file {
        place_footnotes(*file, defs, &mut chapters, &mut diags);
    }
    for (i, (_, ch)) in chapters.iter_mut().enumerate() {
        for f in &mut ch.footnotes {
            claim_heading_ids(&mut f.blocks, i, &mut ids, &mut diags);
        }
    }

    let mut files: Vec<(String, usize, String)> = Vec::new();
    for (i, (file, ch)) in chapters.iter().enumerate() {
        let name = &ms.sources.get(*file).name;
        if !files.iter().any(|(n, _, _)| n == name) {
            files.push((name.clone(), i, ch.heading_id.clone()));
        }
    }
    let mut chapters: Vec<Chapter> = chapters.into_iter().map(|(_, c)| c).collect();
    for ch in &mut chapters {
        let mut resolve = |i: &mut Inline| {
            if let InlineKind::Link { target, .. } = &mut i.kind {
                if let crate::model::LinkTarget::External(url) = target {
                    *target = ids.resolve(url, &files);
                }
            }
        };
        walk::inlines(&mut ch.title, &mut resolve);
        walk::all_inlines(&mut ch.blocks, &mut resolve);
        for f in &mut ch.footnotes {
            walk::all_inlines(&mut f.blocks, &mut resolve);
        }
    }

    let doc = Document {
        meta,
        chapters,
        assets: Vec::new(),
    };
    (doc, diags)
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
    diags: &mut Vec<Diagnostic>,
) {
    walk::all_blocks(blocks, &mut |b| {
        if let BlockKind::Heading { id, content, .. } = &mut b.kind {
            *id = ids.claim(id, plain_text(content).trim(), chapter, b.span, diags);
        }
    });
}

/// Numbers the footnotes of one file's chapters and places the definitions nobody refers to
/// in the chapter they were written in.
fn place_footnotes(
    file: FileId,
    defs: &[FootDef],
    chapters: &mut [(FileId, Chapter)],
    diags: &mut Vec<Diagnostic>,
) {
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
        diags.push(footnotes::unreferenced(def));
        let home = idxs
            .iter()
            .rev()
            .find(|&&i| chapters[i].1.span.start <= def.span.start)
            .or(idxs.first());
        if let Some(&i) = home {
            footnotes::append_unreferenced(&mut chapters[i].1, def, &by_label);
        }
    }
}
