//! The flow's context: what every step of the flow reads (the fonts, the theme, the document,
//! the measure and the text block's height, the theme's colours parsed once) and the little it
//! keeps as it goes (the chapter being laid out, paragraph ids, pending keeps, warnings),
//! passed to each step as a parameter; with how a block's text is set ([`Style`]) and where
//! ([`Region`], with its [`Band`]s), and the one way slots enter the flow ([`FlowCx::push_slot`]).

use super::anchors::{note_of, reference_anchor};
use super::slot::{FlowItem, Mark, Slot};
use crate::diag::Diagnostic;
use crate::model::Document;
use crate::theme::{parse_color, FontRole, Theme};
use crate::typeset::frame::{Field, FieldKind, LineKind, Rgb};
use crate::typeset::structure::{Extra, Role, StructNode, Tag, Tagger};
use crate::typeset::text::ParaAlign;
use crate::typeset::text::{FontStore, Link};

/// A decoration drawn over the full height of every slot of a block (a box's tint, a rule).
#[derive(Debug, Clone, Copy)]
pub struct Band {
    pub x: f32,
    pub w: f32,
    pub color: Rgb,
}

/// Where a block is set: its left edge within the text block, its width, its decorations.
#[derive(Debug, Clone)]
pub struct Region {
    pub x: f32,
    pub width: f32,
    pub bands: Vec<Band>,
}

impl Region {
    pub fn inset(&self, left: f32, right: f32) -> Region {
        Region {
            x: self.x + left,
            width: (self.width - left - right).max(1.0),
            bands: self.bands.clone(),
        }
    }

    /// [`Region::inset`] for one more level of nesting, but never narrower than `floor`:
    /// lists and quotes nested deeper than the page allows stop moving right, so their text
    /// keeps a measure it can be set in (one word a line at worst, not one letter).
    pub fn nest(&self, left: f32, right: f32, floor: f32) -> Region {
        let room = (self.width - floor).max(0.0);
        let want = left + right;
        if want <= room {
            return self.inset(left, right);
        }
        let k = if want > 0.0 { room / want } else { 0.0 };
        self.inset(left * k, right * k)
    }

    pub fn with_band(&self, band: Band) -> Region {
        let mut r = self.clone();
        r.bands.push(band);
        r
    }
}

/// How text of a block is set.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub size: f32,
    /// Baseline-to-baseline distance, pt.
    pub leading: f32,
    pub color: Rgb,
    pub role: FontRole,
    pub italic: bool,
    pub bold: bool,
    pub align: ParaAlign,
    pub hyphenate: bool,
    pub kind: LineKind,
}

/// Theme colours, parsed once (the theme was validated when loaded; bad values fall back).
#[derive(Debug, Clone, Copy)]
pub struct Palette {
    pub text: Rgb,
    pub heading: Rgb,
    pub link: Rgb,
    pub muted: Rgb,
    pub rule: Rgb,
    pub code_bg: Rgb,
}

pub fn color(s: &str) -> Rgb {
    parse_color(s).unwrap_or((0.0, 0.0, 0.0))
}

/// The flow's context for one book (or for the chapters one thread lays out).
pub struct FlowCx<'a> {
    pub(super) store: &'a FontStore,
    pub(super) theme: &'a Theme,
    pub(super) doc: &'a Document,
    /// Width of the text block.
    pub(super) measure: f32,
    /// Height of the text block.
    pub(super) body_height: f32,
    pub(super) hyphenate: bool,
    pub(super) pal: Palette,
    diags: Vec<Diagnostic>,
    /// Chapter being laid out (for footnote anchors).
    chapter: usize,
    next_para: u64,
    /// How many more text slots must be kept with what precedes them.
    pending_keep: u32,
    /// The structure elements of the part being laid out.
    tags: Tagger,
    /// The element each of the chapter's footnotes is referred to from first (its note
    /// element goes there in the reading order).
    note_owner: std::collections::BTreeMap<u32, Tag>,
    /// A link running on at the end of the last line set: the element the line belonged
    /// to, the target, the link's element.
    carry_link: Option<(Tag, Link, Tag)>,
    /// The level of the last heading element of the chapter (1: its title), so the tagged
    /// headings never skip a level even where the Markdown does.
    pub(super) heading_level: u8,
    /// Form fields over the write-in space (`--fillable`).
    pub(super) fillable: bool,
    /// The fields of the part so far: questions, blanks, tasks, notes pages.
    fields: [u32; 4],
}

/// What a form field is over, for its name (`ch3.q2`, `ch3.blank1`, `ch3.task4`, `notes.page1`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldFor {
    Question,
    Blank,
    Task,
    NotesPage,
}

impl FieldFor {
    fn prefix(self) -> &'static str {
        match self {
            FieldFor::Question => "q",
            FieldFor::Blank => "blank",
            FieldFor::Task => "task",
            FieldFor::NotesPage => "page",
        }
    }
}

/// The longest tooltip a field gets, in characters (a question is rarely longer).
const TOOLTIP_AT_MOST: usize = 240;

impl<'a> FlowCx<'a> {
    pub fn new(
        store: &'a FontStore,
        theme: &'a Theme,
        doc: &'a Document,
        measure: f32,
        body_height: f32,
        hyphenate: bool,
    ) -> Self {
        let c = &theme.colors;
        FlowCx {
            store,
            theme,
            doc,
            measure,
            body_height,
            hyphenate,
            pal: Palette {
                text: color(&c.text),
                heading: color(&c.heading),
                link: color(&c.link),
                muted: color(&c.muted),
                rule: color(&c.rule),
                code_bg: color(&c.code_background),
            },
            diags: Vec::new(),
            chapter: 0,
            next_para: 0,
            pending_keep: 0,
            tags: Tagger::default(),
            note_owner: std::collections::BTreeMap::new(),
            carry_link: None,
            heading_level: 0,
            fillable: false,
            fields: [0; 4],
        }
    }

    /// The context for a fillable PDF (`on`): the flow puts form fields over the write-in
    /// space.
    pub fn with_fields(mut self, on: bool) -> Self {
        self.fillable = on;
        self
    }

    /// For a print shop's paper, where nothing can be clicked: links are set in the text's
    /// colour.
    pub fn on_paper(mut self, on: bool) -> Self {
        if on {
            self.pal.link = self.pal.text;
        }
        self
    }

    /// The name of the part being laid out, for its fields' names: `ch3` for the third
    /// titled chapter, `opening` for the book's untitled opening, `notes` past the chapters.
    fn part_name(&self) -> String {
        match self.doc.chapters.get(self.chapter) {
            Some(c) if c.untitled => "opening".to_string(),
            Some(_) => {
                let n = self.doc.chapters[..=self.chapter]
                    .iter()
                    .filter(|c| !c.untitled)
                    .count();
                format!("ch{n}")
            }
            None => "notes".to_string(),
        }
    }

    /// A form field over (`x0`, `y0`)–(`x1`, `y1`) of a slot, for a fillable PDF (else
    /// `None`): the next name of its kind in the part, the `tooltip` (white space made single
    /// spaces, cut short), and a `Form` element under `parent` (else the element open now).
    pub(super) fn field(
        &mut self,
        what: FieldFor,
        kind: FieldKind,
        (x0, y0, x1, y1): (f32, f32, f32, f32),
        tooltip: &str,
        parent: Option<Tag>,
    ) -> Option<Mark> {
        if !self.fillable {
            return None;
        }
        self.fields[what as usize] += 1;
        let count = self.fields[what as usize];
        let name = format!("{}.{}{count}", self.part_name(), what.prefix());
        let mut tip: String = tooltip.split_whitespace().collect::<Vec<_>>().join(" ");
        if let Some((at, _)) = tip.char_indices().nth(TOOLTIP_AT_MOST) {
            tip.truncate(at);
            tip.push('…');
        }
        let tag = self.add_element(Role::Form, parent, None);
        let color = match kind {
            FieldKind::Check { .. } => color(&self.theme.markers.check.color),
            FieldKind::Text { .. } => self.pal.text,
        };
        Some(Mark::Field(Box::new(Field {
            color,
            x0,
            y0,
            x1,
            y1,
            kind,
            name,
            tooltip: tip,
            tag,
        })))
    }

    /// Starts the part past the chapters: the notes pages.
    pub(super) fn begin_notes(&mut self) {
        self.begin_chapter(self.doc.chapters.len());
    }

    /// The document being set.
    pub fn doc(&self) -> &'a Document {
        self.doc
    }

    /// The theme's colours.
    pub fn palette(&self) -> &Palette {
        &self.pal
    }

    /// Adds a warning.
    pub(super) fn warn(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    /// Adds warnings.
    pub(super) fn warn_all(&mut self, ds: impl IntoIterator<Item = Diagnostic>) {
        self.diags.extend(ds);
    }

    /// The warnings gathered so far, in order, leaving none.
    pub fn take_diagnostics(&mut self) -> Vec<Diagnostic> {
        std::mem::take(&mut self.diags)
    }

    /// Starts laying out chapter `index`: its footnote anchors, and its paragraph ids, which
    /// are numbered per chapter so that chapters laid out on different threads still get ids
    /// unique in the book.
    pub(super) fn begin_chapter(&mut self, index: usize) {
        self.chapter = index;
        self.fields = [0; 4];
        self.next_para = (index as u64) << 32;
        self.begin_part(u32::try_from(index + 2).unwrap_or(u32::MAX));
        self.note_owner.clear();
    }

    /// Starts the structure of part `part` of the book (see [`Tagger::begin`]).
    pub(super) fn begin_part(&mut self, part: u32) {
        self.tags.begin(part);
        self.carry_link = None;
    }

    /// Opens a structure element under the one open now: the content made until it is
    /// closed is its own.
    pub(super) fn open(&mut self, role: Role) -> Tag {
        self.tags.open(role, None)
    }

    /// [`FlowCx::open`] with what the element says besides its content.
    pub(super) fn open_with(&mut self, role: Role, extra: Extra) -> Tag {
        self.tags.open(role, Some(extra))
    }

    /// A structure element under `parent` (else the one open now), not opened.
    pub(super) fn add_element(
        &mut self,
        role: Role,
        parent: Option<Tag>,
        extra: Option<Extra>,
    ) -> Tag {
        self.tags.add(role, parent, extra)
    }

    /// Opens an element made with [`FlowCx::add_element`].
    pub(super) fn reopen(&mut self, tag: Tag) {
        self.tags.reopen(tag);
    }

    /// Closes an element opened with [`FlowCx::open`].
    pub(super) fn close(&mut self, tag: Tag) {
        self.tags.close(tag);
    }

    /// The element the content made now belongs to.
    pub(super) fn tag(&self) -> Tag {
        self.tags.current()
    }

    /// The structure elements made since the part began, leaving none.
    pub fn take_structure(&mut self) -> Vec<StructNode> {
        self.tags.take()
    }

    /// The element note `n` of the chapter was first referred to from.
    pub(super) fn note_owner(&self, n: u32) -> Option<Tag> {
        self.note_owner.get(&n).copied()
    }

    /// The link element a line's link box belongs to: the one carried on from the line
    /// before when the box starts this line with the same target, else a new one. `runs_on`:
    /// the box ends the line, so the next line may carry it on.
    pub(super) fn link_element(&mut self, target: &Link, starts_line: bool, runs_on: bool) -> Tag {
        let owner = self.tag();
        let tag = match &self.carry_link {
            Some((o, t, tag)) if starts_line && *o == owner && t == target => *tag,
            _ => self.tags.add(Role::Link, None, None),
        };
        self.carry_link = runs_on.then(|| (owner, target.clone(), tag));
        tag
    }

    /// A line without links was set: no link runs on past it.
    pub(super) fn end_links(&mut self) {
        self.carry_link = None;
    }

    /// The chapter being laid out.
    pub(super) fn chapter(&self) -> usize {
        self.chapter
    }

    /// A fresh paragraph id (for widow/orphan bookkeeping).
    pub(super) fn take_para_id(&mut self) -> u64 {
        self.next_para += 1;
        self.next_para - 1
    }

    pub fn em(&self) -> f32 {
        self.theme.body_size
    }

    /// The body text style.
    pub fn body(&self) -> Style {
        let size = self.theme.body_size;
        Style {
            size,
            leading: size * self.theme.line_height,
            color: self.pal.text,
            role: FontRole::Body,
            italic: false,
            bold: false,
            align: ParaAlign::Justify,
            hyphenate: self.hyphenate,
            kind: LineKind::Body,
        }
    }

    /// Ragged, unhyphenated text in the heading face and colour: `size` on `leading` × size.
    pub(super) fn heading_style(&self, size: f32, leading: f32, kind: LineKind) -> Style {
        Style {
            size,
            leading: size * leading,
            color: self.pal.heading,
            role: FontRole::Heading,
            align: ParaAlign::Left,
            hyphenate: false,
            kind,
            ..self.body()
        }
    }

    /// How footnotes are set.
    pub(super) fn note_style(&self) -> Style {
        let size = self.em() * self.theme.footnote_scale;
        Style {
            size,
            leading: size * self.theme.line_height,
            kind: LineKind::Footnote,
            ..self.body()
        }
    }

    /// The whole measure, undecorated.
    pub(super) fn full(&self) -> Region {
        Region {
            x: 0.0,
            width: self.measure,
            bands: Vec::new(),
        }
    }

    /// Adds a slot to the flow, applying the bands of its region and any pending keep, and
    /// noting the footnotes it refers to (with an anchor for the way back).
    pub(super) fn push_slot(&mut self, out: &mut Vec<FlowItem>, mut slot: Slot, region: &Region) {
        for b in region.bands.iter().rev() {
            slot.marks.insert(
                0,
                Mark::Fill {
                    x: b.x,
                    y: 0.0,
                    w: b.w,
                    h: slot.height,
                    color: b.color,
                },
            );
        }
        for m in &slot.marks {
            if let Mark::Link { target, .. } = m {
                if let Some(n) = note_of(target, self.chapter) {
                    if !slot.notes.contains(&n) {
                        slot.notes.push(n);
                    }
                }
            }
        }
        for &n in &slot.notes {
            let owner = self.tags.current();
            self.note_owner.entry(n).or_insert(owner);
            let id = reference_anchor(self.chapter, n);
            if !slot.anchors.iter().any(|(a, _)| *a == id) {
                slot.anchors.push((id, 0.0));
            }
        }
        if self.pending_keep > 0 {
            slot.keep_with_next = true;
            if slot.has_text() {
                self.pending_keep -= 1;
            }
        }
        out.push(FlowItem::Slot(slot));
    }

    /// Vertical space: a plain space, or a strut when the region is decorated.
    pub(super) fn push_space(&mut self, out: &mut Vec<FlowItem>, h: f32, region: &Region) {
        if h <= 0.0 {
            return;
        }
        if region.bands.is_empty() {
            out.push(FlowItem::Space(h));
        } else {
            let slot = Slot {
                height: h,
                strut: true,
                ..Slot::default()
            };
            self.push_slot(out, slot, region);
        }
    }

    /// Keeps the next `n` text slots with what precedes them.
    pub(super) fn keep_next(&mut self, n: u32) {
        self.pending_keep = self.pending_keep.max(n);
    }

    /// Drops any keep still pending (at the end of a chapter's text).
    pub(super) fn clear_keep(&mut self) {
        self.pending_keep = 0;
    }
}
