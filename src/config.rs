//! `guide.toml` and YAML front matter: the serde schema (unknown keys refused with the nearest
//! known key suggested), value checks, and the merge of both into the book's [`Metadata`]
//! (dates from the config or `SOURCE_DATE_EPOCH`, never the clock; an identifier derived from
//! the metadata when none is given).

use crate::diag::{Diagnostic, FileId, Span};
use crate::model::Metadata;
use crate::theme::Theme;
use serde::Deserialize;
use std::collections::BTreeMap;

/// One author or several.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum Authors {
    One(String),
    Many(Vec<String>),
}

impl Authors {
    pub fn to_vec(&self) -> Vec<String> {
        match self {
            Authors::One(a) => vec![a.clone()],
            Authors::Many(v) => v.clone(),
        }
    }
}

/// Printed page sizes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
pub enum Paper {
    #[default]
    #[serde(rename = "letter", alias = "Letter", alias = "us-letter")]
    Letter,
    #[serde(rename = "a4", alias = "A4")]
    A4,
    #[serde(rename = "a5", alias = "A5")]
    A5,
    /// 6 × 9 in (US trade).
    #[serde(rename = "6x9", alias = "trade")]
    Trade,
    /// 5.5 × 8.5 in (half a Letter sheet: a booklet's pages on Letter).
    #[serde(rename = "5.5x8.5", alias = "statement", alias = "half-letter")]
    Statement,
    /// 5 × 8 in, a print-on-demand trim.
    #[serde(rename = "5x8")]
    FiveByEight,
    /// 5.25 × 8 in, a print-on-demand trim.
    #[serde(rename = "5.25x8")]
    Digest,
}

impl Paper {
    /// Width and height in points.
    pub fn size_pt(self) -> (f32, f32) {
        match self {
            Paper::Letter => (612.0, 792.0),
            Paper::A4 => (595.276, 841.89),
            Paper::A5 => (419.528, 595.276),
            Paper::Trade => (432.0, 648.0),
            Paper::Statement => (396.0, 612.0),
            Paper::FiveByEight => (360.0, 576.0),
            Paper::Digest => (378.0, 576.0),
        }
    }

    /// The page of a booklet printed two-up on this sheet: half of it, turned (Letter →
    /// 5.5 × 8.5 in, A4 → A5). `None` for a sheet no home printer takes.
    pub fn booklet_page(self) -> Option<Paper> {
        match self {
            Paper::Letter => Some(Paper::Statement),
            Paper::A4 => Some(Paper::A5),
            _ => None,
        }
    }

    /// Why a booklet cannot be printed on this sheet, if it cannot ([`Paper::booklet_page`]).
    pub fn no_booklet(self) -> Option<String> {
        self.booklet_page().is_none().then(|| {
            format!(
                "a booklet is printed on letter or a4 sheets, not {}",
                self.name()
            )
        })
    }

    /// The name `--paper` and guide.toml give it.
    pub fn name(self) -> &'static str {
        match self {
            Paper::Letter => "letter",
            Paper::A4 => "a4",
            Paper::A5 => "a5",
            Paper::Trade => "6x9",
            Paper::Statement => "5.5x8.5",
            Paper::FiveByEight => "5x8",
            Paper::Digest => "5.25x8",
        }
    }

    pub fn parse(s: &str) -> Option<Paper> {
        match s.to_ascii_lowercase().as_str() {
            "letter" | "us-letter" => Some(Paper::Letter),
            "a4" => Some(Paper::A4),
            "a5" => Some(Paper::A5),
            "6x9" | "trade" => Some(Paper::Trade),
            "5.5x8.5" | "statement" | "half-letter" => Some(Paper::Statement),
            "5x8" => Some(Paper::FiveByEight),
            "5.25x8" => Some(Paper::Digest),
            _ => None,
        }
    }
}

/// Where a chapter starts (`[pdf] chapter_break`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum ChapterBreak {
    /// Short chapters run on (with generous space above their heading), long ones open a
    /// new page; see `typeset::page::body::runs_on` for the rule.
    #[default]
    Auto,
    /// Every chapter on a new page.
    Page,
    /// Every chapter on a right-hand page, with a blank left-hand page before it if need be.
    Recto,
    /// Chapters run on after the previous one.
    None,
}

/// What a PDF is for (`--for`, `[pdf] for`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Edition {
    /// One page per sheet, to read on screen or print at home.
    #[default]
    Home,
    /// A saddle-stitched booklet: pages half the sheet, imposed two-up in folding order.
    Booklet,
    /// A paperback interior for Amazon KDP.
    Kdp,
    /// A paperback interior for IngramSpark (PDF/X-1a:2001).
    #[serde(rename = "ingramspark", alias = "ingram")]
    IngramSpark,
}

/// Every edition's name, as `--for` takes it.
pub const EDITION_NAMES: &str = "home, booklet, kdp or ingramspark";

impl Edition {
    pub fn parse(s: &str) -> Option<Edition> {
        match s.to_ascii_lowercase().as_str() {
            "home" => Some(Edition::Home),
            "booklet" => Some(Edition::Booklet),
            "kdp" => Some(Edition::Kdp),
            "ingramspark" | "ingram" => Some(Edition::IngramSpark),
            _ => None,
        }
    }

    /// The print-on-demand service the edition is for, if it is a print-shop interior.
    pub fn service(self) -> Option<Service> {
        match self {
            Edition::Kdp => Some(Service::Kdp),
            Edition::IngramSpark => Some(Service::IngramSpark),
            Edition::Home | Edition::Booklet => None,
        }
    }
}

/// A print-on-demand service, with the file requirements it publishes (KDP's "Set Trim
/// Size, Bleed, and Margins" and "Save Your Manuscript File" help pages; IngramSpark's file
/// creation guide). Lengths are in points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Service {
    Kdp,
    IngramSpark,
}

/// 72 points to the inch.
const INCH: f32 = 72.0;

impl Service {
    pub fn name(self) -> &'static str {
        match self {
            Service::Kdp => "KDP",
            Service::IngramSpark => "IngramSpark",
        }
    }

    /// The edition's name as `--for` takes it, and as its file name ends (`-kdp.pdf`).
    pub fn id(self) -> &'static str {
        match self {
            Service::Kdp => "kdp",
            Service::IngramSpark => "ingramspark",
        }
    }

    /// The smallest inside margin (gutter) for a book of `pages` pages: KDP 0.375 in up to
    /// 150 pages, 0.5 to 300, 0.625 to 500, 0.75 to 700, 0.875 beyond; IngramSpark 0.5 in
    /// up to 150, 0.625 to 400, 0.75 to 600, 0.875 beyond.
    pub fn gutter(self, pages: usize) -> f32 {
        let steps: &[(usize, f32)] = match self {
            Service::Kdp => &[(150, 0.375), (300, 0.5), (500, 0.625), (700, 0.75)],
            Service::IngramSpark => &[(150, 0.5), (400, 0.625), (600, 0.75)],
        };
        let inches = steps
            .iter()
            .find(|(up_to, _)| pages <= *up_to)
            .map_or(0.875, |s| s.1);
        inches * INCH
    }

    /// How near the trim anything printed may come on the outside, top and bottom: KDP
    /// 0.25 in (0.375 in with bleed), IngramSpark 0.5 in on every side, folios included.
    pub fn safe(self, bleed: bool) -> f32 {
        match (self, bleed) {
            (Service::Kdp, false) => 0.25 * INCH,
            (Service::Kdp, true) => 0.375 * INCH,
            (Service::IngramSpark, _) => 0.5 * INCH,
        }
    }

    /// The fewest pages the service prints as a paperback (KDP 24, IngramSpark 18).
    pub fn min_pages(self) -> usize {
        match self {
            Service::Kdp => 24,
            Service::IngramSpark => 18,
        }
    }

    /// The thinnest line that prints reliably: KDP 0.75 pt, IngramSpark 0.25 pt.
    pub fn min_line(self) -> f32 {
        match self {
            Service::Kdp => 0.75,
            Service::IngramSpark => 0.25,
        }
    }
}

/// The smallest type a print shop prints legibly, pt (both services say 7).
pub const MIN_TYPE_PT: f32 = 7.0;
/// The least resolution of an image at its printed size, pixels per inch.
pub const MIN_PPI: f32 = 300.0;
/// The bleed beyond the trim on the outside, top and bottom, when `bleed = true`: 0.125 in.
pub const BLEED: f32 = 0.125 * INCH;
/// The least tint of grey that prints as grey rather than as white paper (10 %).
pub const MIN_TINT: f32 = 0.10;

/// `[pdf.print]`: a print-shop interior's options.
#[derive(Debug, Clone, PartialEq, Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct PrintConfig {
    /// The trim size (default `6x9`); `--paper` overrides it. `[pdf] paper` is the home
    /// edition's and does not apply.
    pub trim: Option<Paper>,
    /// Pages 0.125 in larger than the trim on the outside, top and bottom (default false).
    pub bleed: Option<bool>,
    /// A colour interior in CMYK (default false: black and white, DeviceGray).
    pub color: Option<bool>,
}

/// A print-shop interior, as the typesetter and the writer need it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PrintShop {
    pub service: Service,
    pub bleed: bool,
    pub color: bool,
}

impl PrintShop {
    /// How far the page extends beyond the trim on the outside, top and bottom, pt.
    pub fn bleed(&self) -> f32 {
        if self.bleed {
            BLEED
        } else {
            0.0
        }
    }
}

/// `[pdf.booklet]`: how a booklet is imposed.
#[derive(Debug, Clone, PartialEq, Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct BookletConfig {
    /// Thickness of one sheet, mm, for the creep (shingling) of the inner sheets (default
    /// 0.1, 80 g/m² office paper).
    pub paper_mm: Option<f32>,
    /// Short fold marks at the centre of each sheet, top and bottom (default true).
    pub marks: Option<bool>,
}

/// 80 g/m² office paper is about 0.1 mm thick.
pub const DEFAULT_PAPER_MM: f32 = 0.1;

/// One-sided (symmetric margins) or two-sided (mirrored inside/outside margins) printing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Sides {
    #[default]
    One,
    Two,
}

/// `[pdf] imprint`: the line "Typeset with guidebuild." on the imprint page (`true`), none
/// (`false`, the default), or a text of the author's own.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum Imprint {
    On(bool),
    Text(String),
}

impl Imprint {
    /// The line to print, if any.
    pub fn line(imprint: Option<&Imprint>) -> Option<String> {
        match imprint {
            Some(Imprint::On(true)) => Some("Typeset with guidebuild.".into()),
            Some(Imprint::Text(t)) if !t.trim().is_empty() => Some(t.trim().to_string()),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct PdfConfig {
    pub paper: Option<Paper>,
    /// What the PDF is for (default `home`); `--for` overrides it.
    #[serde(rename = "for")]
    pub edition: Option<Edition>,
    pub booklet: BookletConfig,
    /// A print-shop interior's bleed and colour (`--for kdp`, `--for ingramspark`).
    pub print: PrintConfig,
    /// Hyphenate justified text (default true).
    pub hyphenate: Option<bool>,
    /// Open every chapter on a right-hand page (default false). `true` is the same as
    /// `chapter_break = "recto"`.
    pub recto_chapters: Option<bool>,
    /// Where chapters start (default `auto`).
    pub chapter_break: Option<ChapterBreak>,
    /// `one` (default): symmetric margins; `two`: mirrored inside/outside margins.
    pub sides: Option<Sides>,
    /// The imprint line (default: none).
    pub imprint: Option<Imprint>,
    /// Form fields over the write-in space (default false); `--fillable` overrides it.
    pub fillable: Option<bool>,
    /// Words hyphenated the author's way, hyphens at the allowed breaks ("strike-through");
    /// a word written without hyphens is never hyphenated. Like LaTeX's `\hyphenation`.
    pub hyphenation_exceptions: Vec<String>,
    /// The same words as read, once, when guide.toml is parsed.
    #[serde(skip)]
    pub exceptions: HyphenationExceptions,
}

/// The author's hyphenation of some words (`[pdf] hyphenation_exceptions`), read once when
/// guide.toml is: each word's letters, lower-cased, and the number of letters before each
/// allowed break.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HyphenationExceptions(BTreeMap<String, Vec<usize>>);

/// What is wrong with a hyphenation exception.
#[derive(Debug, Clone, PartialEq)]
pub enum ExceptionError {
    LoneHyphen,
    NotALetter(char),
    Empty,
    EndsWithHyphen,
}

impl std::fmt::Display for ExceptionError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ExceptionError::LoneHyphen => write!(f, "has a hyphen that is not between two letters"),
            ExceptionError::NotALetter(c) => write!(
                f,
                "has `{c}`: only letters, apostrophes and hyphens belong in an exception"
            ),
            ExceptionError::Empty => write!(f, "is empty"),
            ExceptionError::EndsWithHyphen => write!(f, "ends with a hyphen"),
        }
    }
}

impl HyphenationExceptions {
    /// Reads the words as written in guide.toml; the first bad one is the error, with itself.
    pub fn parse(words: &[String]) -> Result<HyphenationExceptions, (String, ExceptionError)> {
        let mut map = BTreeMap::new();
        for w in words {
            let (key, breaks) = Self::parse_word(w).map_err(|e| (w.clone(), e))?;
            map.insert(key, breaks);
        }
        Ok(HyphenationExceptions(map))
    }

    /// `strike-through` → `("strikethrough", [6])`.
    pub fn parse_word(word: &str) -> Result<(String, Vec<usize>), ExceptionError> {
        let mut key = String::new();
        let mut breaks = Vec::new();
        let mut chars = 0;
        let mut after_hyphen = true;
        for c in word.trim().chars() {
            if c == '-' {
                if after_hyphen {
                    return Err(ExceptionError::LoneHyphen);
                }
                breaks.push(chars);
                after_hyphen = true;
            } else if c.is_alphabetic() || c == '\'' || c == '\u{2019}' {
                key.extend(c.to_lowercase());
                chars += 1;
                after_hyphen = false;
            } else {
                return Err(ExceptionError::NotALetter(c));
            }
        }
        if key.is_empty() {
            return Err(ExceptionError::Empty);
        }
        if after_hyphen {
            return Err(ExceptionError::EndsWithHyphen);
        }
        Ok((key, breaks))
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The letters before each allowed break of the word whose lower-cased letters are `key`.
    pub fn breaks(&self, key: &str) -> Option<&[usize]> {
        self.0.get(key).map(Vec::as_slice)
    }
}

/// What the command line asks of the PDF: its paper, its edition and whether it is
/// fillable, each overriding guide.toml when given.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PdfChoice {
    pub paper: Option<Paper>,
    pub edition: Option<Edition>,
    pub fillable: Option<bool>,
}

/// The PDF's options, resolved once from `[pdf]` (every default applied, the exceptions as
/// read) and the `--paper` given on the command line, for the typesetter.
#[derive(Debug, Clone)]
pub struct TypesetOptions {
    /// The page's paper (for a booklet, half the sheet).
    pub paper: Paper,
    /// A booklet's imposition, when the PDF is one.
    pub booklet: Option<Booklet>,
    /// The print shop the PDF is an interior for, when it is one.
    pub print: Option<PrintShop>,
    pub hyphenate: bool,
    /// Where chapters start: `Recto` opens every chapter on a recto (an odd page), with a true
    /// blank before it if need be; only it and `sides: Two` add blanks.
    pub chapter_break: ChapterBreak,
    /// Symmetric margins (`One`) or mirrored inside/outside margins (`Two`).
    pub sides: Sides,
    /// The imprint page's last line, if the author wants one.
    pub imprint: Option<String>,
    /// `[pdf] hyphenation_exceptions`.
    pub hyphenation_exceptions: HyphenationExceptions,
    /// Form fields over the write-in space (`--fillable`, `[pdf] fillable`).
    pub fillable: bool,
    /// Ruled notes pages at the end (`[workbook] notes_pages`).
    pub notes_pages: u16,
}

/// How a booklet is imposed: on what sheet, the creep per sheet and the fold marks.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Booklet {
    pub sheet: Paper,
    /// Thickness of one sheet, pt.
    pub sheet_thickness: f32,
    pub marks: bool,
}

impl TypesetOptions {
    /// The options `guide.toml` asks for (its `[pdf]` and `[workbook]` tables), `paper`
    /// (from `--paper`) first. A booklet on a sheet that takes none, or a fillable booklet,
    /// is set as a home edition here; the build refuses it first
    /// ([`TypesetOptions::for_edition`]).
    pub fn from_config(cfg: &GuideConfig, paper: Option<Paper>) -> TypesetOptions {
        let asked = PdfChoice {
            paper,
            ..PdfChoice::default()
        };
        TypesetOptions::for_edition(cfg, asked).unwrap_or_else(|_| {
            let home = PdfChoice {
                paper,
                edition: Some(Edition::Home),
                fillable: Some(false),
            };
            TypesetOptions::for_edition(cfg, home).expect("a home edition has any paper")
        })
    }

    /// Like [`TypesetOptions::from_config`], for what the command line asks (`--paper`,
    /// `--for`, `--fillable`), else what `[pdf]` does. A booklet's `paper` is its sheet: its
    /// pages are half of it and two-sided unless `sides` says otherwise. A booklet on a
    /// sheet that has no booklet page (`a5`, `6x9`) is an error (GB008), and so is a
    /// fillable booklet or print-shop interior (GB009: they are for paper). A print-shop
    /// interior's `paper` is its trim (`[pdf.print] trim`, default 6 × 9 in, the most
    /// common); it is two-sided
    /// with every chapter on a recto, whatever `[pdf]` says.
    pub fn for_edition(cfg: &GuideConfig, asked: PdfChoice) -> Result<TypesetOptions, Diagnostic> {
        let pdf = &cfg.pdf;
        let edition = asked.edition.or(pdf.edition).unwrap_or_default();
        let print = edition.service().map(|service| PrintShop {
            service,
            bleed: pdf.print.bleed.unwrap_or(false),
            color: pdf.print.color.unwrap_or(false),
        });
        let sheet = match print {
            Some(_) => asked.paper.or(pdf.print.trim).unwrap_or(Paper::Trade),
            None => asked.paper.or(pdf.paper).unwrap_or_default(),
        };
        let fillable = asked.fillable.or(pdf.fillable).unwrap_or(false);
        if fillable && edition != Edition::Home {
            let what = match print {
                Some(p) => format!("a {} interior", p.service.name()),
                None => "a booklet".into(),
            };
            return Err(Diagnostic::error(
                "GB009",
                format!("{what} cannot be fillable: its pages are for paper"),
            )
            .help("make the fillable PDF as the home edition (`--for home --fillable`), the print edition apart"));
        }
        let booklet = match edition {
            Edition::Booklet => {
                if let Some(why) = sheet.no_booklet() {
                    return Err(Diagnostic::error("GB008", why).help(
                        "give `--paper letter` or `--paper a4`: the booklet's pages are half the sheet",
                    ));
                }
                Some(Booklet {
                    sheet,
                    sheet_thickness: pdf.booklet.paper_mm.unwrap_or(DEFAULT_PAPER_MM) * 72.0 / 25.4,
                    marks: pdf.booklet.marks.unwrap_or(true),
                })
            }
            _ => None,
        };
        let page = booklet
            .and_then(|b| b.sheet.booklet_page())
            .unwrap_or(sheet);
        let sides = match (pdf.sides, booklet, print) {
            (_, _, Some(_)) => Sides::Two,
            (Some(s), _, _) => s,
            (None, Some(_), _) => Sides::Two,
            (None, None, None) => Sides::One,
        };
        let chapter_break = match (pdf.chapter_break, pdf.recto_chapters) {
            _ if print.is_some() => ChapterBreak::Recto,
            (Some(b), _) => b,
            (None, Some(true)) => ChapterBreak::Recto,
            (None, _) => ChapterBreak::Auto,
        };
        Ok(TypesetOptions {
            paper: page,
            booklet,
            print,
            hyphenate: pdf.hyphenate.unwrap_or(true),
            chapter_break,
            sides,
            imprint: Imprint::line(pdf.imprint.as_ref()),
            hyphenation_exceptions: pdf.exceptions.clone(),
            fillable,
            notes_pages: cfg.workbook.notes_pages.unwrap_or(0),
        })
    }
}

/// The whole of `guide.toml`.
#[derive(Debug, Clone, PartialEq, Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct GuideConfig {
    pub title: Option<String>,
    pub subtitle: Option<String>,
    #[serde(alias = "authors")]
    pub author: Option<Authors>,
    #[serde(alias = "lang")]
    pub language: Option<String>,
    pub date: Option<String>,
    pub identifier: Option<String>,
    pub description: Option<String>,
    pub keywords: Vec<String>,
    pub publisher: Option<String>,
    pub rights: Option<String>,
    /// Cover image, relative to the manuscript folder.
    pub cover: Option<String>,
    /// Chapter files in reading order; default: every `.md` file in name order.
    pub chapters: Option<Vec<String>>,
    pub pdf: PdfConfig,
    pub check: CheckConfig,
    pub workbook: WorkbookConfig,
    pub theme: Theme,
}

/// `[workbook]`: the write-in space of a workbook.
#[derive(Debug, Clone, PartialEq, Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct WorkbookConfig {
    /// Ruled answer lines under each reflection question (default 3); a lead-in's own
    /// "(N lines)" wins for its list.
    pub lines: Option<u8>,
    /// Ruled notes pages added at the end of the PDF (default 0).
    pub notes_pages: Option<u16>,
}

/// The most notes pages `[workbook] notes_pages` may add.
pub const NOTES_PAGES_MAX: u16 = 100;

/// `[check]`: style rules the author turns on (off by default: they are choices, not slips).
#[derive(Debug, Clone, PartialEq, Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct CheckConfig {
    /// Report a block of phrases to avoid that no block of phrases to try follows (GB211).
    pub avoid_needs_try: bool,
}

/// YAML front matter as pandoc, Jekyll and Hugo users write it. Other keys are ignored (those
/// tools' own keys, like `layout`, are common and harmless).
#[derive(Debug, Clone, PartialEq, Deserialize, Default)]
#[serde(default)]
pub struct FrontMatter {
    pub title: Option<String>,
    pub subtitle: Option<String>,
    #[serde(alias = "authors")]
    pub author: Option<Authors>,
    #[serde(alias = "language")]
    pub lang: Option<String>,
    /// `YYYY-MM-DD` (or a longer ISO timestamp); a day that does not exist is refused.
    #[serde(deserialize_with = "strict_date")]
    pub date: Option<String>,
    pub description: Option<String>,
    pub keywords: Option<Vec<String>>,
}

/// A front matter `date` that is a real day (`2026-02-30` is refused where it is written).
fn strict_date<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let date = Option::<String>::deserialize(d)?;
    match &date {
        Some(s) if parse_date(s).is_none() => Err(serde::de::Error::custom(format!(
            "date `{s}` is not a date; write it as YYYY-MM-DD"
        ))),
        _ => Ok(date),
    }
}

/// How deeply front matter may nest (maps, lists, flow brackets); deeper is refused before
/// the YAML parser sees it, so hostile nesting costs one pass over the text.
pub const MAX_FRONT_MATTER_DEPTH: usize = 32;

/// Splits YAML front matter (`---` … `---` or `...`, after an optional byte-order mark) off
/// the start of a chapter: where the Markdown body starts and the front matter read. Nesting
/// deeper than [`MAX_FRONT_MATTER_DEPTH`] and bad YAML or values are GB012 where they are.
pub fn front_matter(text: &str, file: FileId) -> Result<(usize, FrontMatter), Diagnostic> {
    let bom = if text.starts_with('\u{FEFF}') { 3 } else { 0 };
    let first = text[bom..].split_inclusive('\n').next().unwrap_or("");
    if first.trim_end() != "---" {
        return Ok((0, FrontMatter::default()));
    }
    let yaml_start = bom + first.len();
    let mut offset = yaml_start;
    for line in text[yaml_start..].split_inclusive('\n') {
        let t = line.trim_end();
        if t == "---" || t == "..." {
            let yaml = &text[yaml_start..offset];
            let body_start = offset + line.len();
            if yaml.trim().is_empty() {
                return Ok((body_start, FrontMatter::default()));
            }
            let fm = read_front_matter(yaml, Span::new(file, yaml_start, yaml_start))?;
            return Ok((body_start, fm));
        }
        offset += line.len();
    }
    // An opening `---` with no close is a thematic break, not front matter.
    Ok((0, FrontMatter::default()))
}

/// Reads the YAML between the `---` lines; `at` is where it starts in the file.
fn read_front_matter(yaml: &str, at: Span) -> Result<FrontMatter, Diagnostic> {
    let here = |off: usize| Span::new(at.file, at.start + off, at.start + off);
    if let Some(off) = too_deep(yaml, MAX_FRONT_MATTER_DEPTH) {
        return Err(Diagnostic::error(
            "GB012",
            format!("front matter nests deeper than {MAX_FRONT_MATTER_DEPTH} levels"),
        )
        .at(here(off))
        .help("front matter holds the chapter's title, author, date and the like: flatten it"));
    }
    serde_norway::from_str(yaml).map_err(|e| {
        // a value refused after reading (a bad date) is placed at the start of its mapping
        let off = (e.to_string().starts_with("date `"))
            .then(|| top_level_key(yaml, "date"))
            .flatten()
            .or(e.location().map(|l| l.index()))
            .unwrap_or(0);
        Diagnostic::error("GB012", format!("front matter is not valid YAML: {e}"))
            .at(here(off))
            .help("front matter is YAML between two `---` lines at the top of the file")
    })
}

/// Where a top-level `key:` is written in YAML, if it is.
fn top_level_key(yaml: &str, key: &str) -> Option<usize> {
    let mut offset = 0;
    for line in yaml.split_inclusive('\n') {
        if line
            .strip_prefix(key)
            .is_some_and(|rest| rest.trim_start().starts_with(':'))
        {
            return Some(offset);
        }
        offset += line.len();
    }
    None
}

/// Where YAML first nests deeper than `limit` (block indentation, `- ` items and flow
/// brackets counted together), if it does: one pass, quotes and comments skipped.
fn too_deep(yaml: &str, limit: usize) -> Option<usize> {
    let mut indents: Vec<usize> = Vec::new();
    let mut flow = 0usize;
    let mut quote: Option<char> = None;
    let mut offset = 0;
    for line in yaml.split_inclusive('\n') {
        let here = offset;
        offset += line.len();
        let mut col = line.len() - line.trim_start_matches(' ').len();
        let rest = line[col..].trim_end();
        if flow == 0 && quote.is_none() && !rest.is_empty() && !rest.starts_with('#') {
            while indents.last().is_some_and(|&i| i > col) {
                indents.pop();
            }
            if indents.last() != Some(&col) {
                indents.push(col);
            }
            let mut item = rest;
            while let Some(after) = item
                .strip_prefix('-')
                .filter(|a| a.is_empty() || a.starts_with(' '))
            {
                let gap = after.len() - after.trim_start().len();
                if indents.len() >= limit {
                    return Some(here + col);
                }
                col += 1 + gap;
                indents.push(col);
                item = after.trim_start();
            }
            if indents.len() > limit {
                return Some(here + col);
            }
        }
        // the last character that was not a space: a quote opens a quoted scalar only where
        // a value starts (a quote inside a plain scalar, as in `Don't`, is a letter)
        let mut prev = None;
        let mut escaped = false;
        for (i, c) in line.char_indices() {
            if let Some(q) = quote {
                match c {
                    _ if escaped => escaped = false,
                    '\\' if q == '"' => escaped = true,
                    _ if c == q => quote = None,
                    _ => {}
                }
                continue;
            }
            let value_starts = prev.is_none_or(|p| matches!(p, ':' | '-' | '[' | '{' | ',' | '?'));
            match c {
                '\'' | '"' if value_starts => quote = Some(c),
                '#' if value_starts || line[..i].ends_with([' ', '\t']) => break,
                '[' | '{' => {
                    flow += 1;
                    if indents.len() + flow > limit {
                        return Some(here + i);
                    }
                }
                ']' | '}' => flow = flow.saturating_sub(1),
                _ => {}
            }
            if !c.is_whitespace() {
                prev = Some(c);
            }
        }
    }
    None
}

/// Every key `guide.toml` accepts at its top level (for suggestions).
pub const TOP_KEYS: &[&str] = &[
    "title",
    "subtitle",
    "author",
    "authors",
    "language",
    "lang",
    "date",
    "identifier",
    "description",
    "keywords",
    "publisher",
    "rights",
    "cover",
    "chapters",
    "pdf",
    "check",
    "workbook",
    "theme",
];

/// Parses `guide.toml`. Errors carry the span of the offending key or value.
pub fn parse_guide_toml(text: &str, file: FileId) -> Result<GuideConfig, Diagnostic> {
    let mut cfg: GuideConfig = toml::from_str(text).map_err(|e| toml_error(&e, text, file))?;
    cfg.pdf.exceptions = check_values(&cfg, text, file)?;
    Ok(cfg)
}

fn toml_error(e: &toml::de::Error, text: &str, file: FileId) -> Diagnostic {
    let msg = e.message().trim().to_string();
    let span = e
        .span()
        .map(|r| Span::new(file, r.start, r.end.max(r.start)));
    let mut d = if let Some(rest) = msg.strip_prefix("unknown field `") {
        let name = rest.split('`').next().unwrap_or("");
        let expected: Vec<&str> = rest.split('`').skip(2).step_by(2).collect();
        let mut d = Diagnostic::error("GB010", format!("unknown key `{name}` in guide.toml"));
        match nearest(name, &expected) {
            Some(s) => d = d.help(format!("did you mean `{s}`?")),
            None if !expected.is_empty() => {
                d = d.help(format!("known keys here: {}", expected.join(", ")))
            }
            None => {}
        }
        d
    } else {
        Diagnostic::error("GB011", format!("guide.toml: {msg}"))
            .help("see the README's `guide.toml` section for the accepted keys and values")
    };
    if let Some(s) = span {
        // Point at the key itself rather than the whole table when we can find it.
        d = d.at(trim_span(s, text));
    } else {
        d = d.in_file("guide.toml");
    }
    d
}

fn trim_span(s: Span, text: &str) -> Span {
    let slice = &text[s.start.min(text.len())..s.end.min(text.len())];
    let lead = slice.len() - slice.trim_start().len();
    let trimmed = slice.trim();
    Span::new(s.file, s.start + lead, s.start + lead + trimmed.len())
}

/// The known name closest to `name`, if it is close enough to be a likely typo.
pub fn nearest<'a>(name: &str, known: &[&'a str]) -> Option<&'a str> {
    known
        .iter()
        .map(|k| (strsim::damerau_levenshtein(name, k), *k))
        .filter(|(d, k)| *d <= 2.max(k.len() / 3))
        .min()
        .map(|(_, k)| k)
}

/// The span of `key = value` in guide.toml for a dotted key path (`theme.heading_sizes[2]`,
/// `pdf.hyphenation_exceptions`, `date`): the line under the right table, narrowed to the
/// entry when the path ends in an index and the array is on that line. Failing that, the
/// first line that sets the path's last key.
pub fn value_span(text: &str, path: &str, file: FileId) -> Option<Span> {
    let (path, index) = match path.strip_suffix(']').and_then(|p| p.rsplit_once('[')) {
        Some((p, i)) => (p, i.parse::<usize>().ok()),
        None => (path, None),
    };
    let last = path.rsplit('.').next().unwrap_or(path);
    let mut table = String::new();
    let (mut exact, mut loose) = (None, None);
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let here = offset;
        offset += line.len();
        let t = line.trim();
        if let Some(header) = t.strip_prefix('[') {
            let header = header.trim_start_matches('[');
            table = dotted(header.split(']').next().unwrap_or(""));
            continue;
        }
        let Some((key, _)) = t.split_once('=') else {
            continue;
        };
        let key = dotted(key);
        let full = if table.is_empty() {
            key.clone()
        } else {
            format!("{table}.{key}")
        };
        let start = here + (line.len() - line.trim_start().len());
        let span = Span::new(file, start, start + t.len());
        if full == path {
            exact = Some(span);
            break;
        }
        if loose.is_none() && key.rsplit('.').next() == Some(last) {
            loose = Some(span);
        }
    }
    let span = exact.or(loose)?;
    Some(
        index
            .and_then(|i| array_entry(text, span, i))
            .unwrap_or(span),
    )
}

/// A dotted key as written (`a . "b"`), without spaces or quotes.
fn dotted(key: &str) -> String {
    key.split('.')
        .map(|p| p.trim().trim_matches('"').trim_matches('\''))
        .collect::<Vec<_>>()
        .join(".")
}

/// The span of entry `i` of the array `key = [a, b, …]` whose first line is `line` (the
/// array may go on over several lines; strings may hold commas and brackets; a comment ends at
/// the line's end).
fn array_entry(text: &str, line: Span, i: usize) -> Option<Span> {
    let from = line.start + text[line.start..line.end].find('=')? + 1;
    let open = from + text[from..].find('[')? + 1;
    let (mut depth, mut n) = (0usize, 0);
    let (mut quote, mut escaped, mut comment) = (None, false, false);
    // the first and past-the-last byte of the entry's text, comments and spaces left out
    let mut entry: Option<(usize, usize)> = None;
    for (k, c) in text[open..].char_indices().map(|(k, c)| (open + k, c)) {
        let mut part_of_entry = true;
        match (quote, c) {
            _ if comment => {
                comment = c != '\n';
                part_of_entry = false;
            }
            (Some(_), _) if escaped => escaped = false,
            (Some('"'), '\\') => escaped = true,
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '#') => {
                comment = true;
                part_of_entry = false;
            }
            (None, '[' | '{') => depth += 1,
            (None, ']' | '}') if depth > 0 => depth -= 1,
            (None, ',' | ']') => {
                if n == i {
                    return entry.map(|(s, e)| Span::new(line.file, s, e));
                }
                if c == ']' {
                    return None;
                }
                n += 1;
                entry = None;
                part_of_entry = false;
            }
            _ => {}
        }
        if part_of_entry && (quote.is_some() || !c.is_whitespace()) {
            let end = k + c.len_utf8();
            entry = Some(entry.map_or((k, end), |(s, _)| (s, end)));
        }
    }
    None
}

/// Checks the values serde cannot; gives back the hyphenation exceptions, read.
fn check_values(
    cfg: &GuideConfig,
    text: &str,
    file: FileId,
) -> Result<HyphenationExceptions, Diagnostic> {
    let bad = |key: &str, msg: String, help: &str| {
        let d = Diagnostic::error(
            "GB011",
            format!("bad value for `{key}` in guide.toml: {msg}"),
        )
        .help(help.to_string());
        match value_span(text, key, file) {
            Some(s) => d.at(s),
            None => d.in_file("guide.toml"),
        }
    };
    if let Some(date) = &cfg.date {
        if parse_date(date).is_none() {
            return Err(bad(
                "date",
                format!("`{date}` is not a date"),
                "write it as YYYY-MM-DD",
            ));
        }
    }
    if let Some(lang) = &cfg.language {
        if !valid_lang(lang) {
            return Err(bad(
                "language",
                format!("`{lang}` is not a language tag"),
                "use a BCP 47 tag such as `en` or `en-US`",
            ));
        }
    }
    if let Some(title) = &cfg.title {
        if title.trim().is_empty() {
            return Err(bad("title", "it is empty".into(), "give the book a title"));
        }
    }
    let exceptions =
        HyphenationExceptions::parse(&cfg.pdf.hyphenation_exceptions).map_err(|(word, why)| {
            bad(
                "pdf.hyphenation_exceptions",
                format!("`{word}` {why}"),
                "write each word with hyphens where it may break, e.g. \"strike-through\"",
            )
        })?;
    if let Some(mm) = cfg.pdf.booklet.paper_mm {
        if !(0.0..=1.0).contains(&mm) {
            return Err(bad(
                "pdf.booklet.paper_mm",
                format!("{mm} is not a sheet's thickness in mm"),
                "give a number from 0 to 1 (office paper is about 0.1)",
            ));
        }
    }
    if let (Some(Edition::Booklet), Some(why)) =
        (cfg.pdf.edition, cfg.pdf.paper.and_then(Paper::no_booklet))
    {
        return Err(bad(
            "pdf.paper",
            why,
            "set `paper` to \"letter\" or \"a4\": the booklet's pages are half of it",
        ));
    }
    if let Some(n) = cfg.workbook.lines {
        if !(1..=crate::model::ANSWER_LINES_MAX).contains(&n) {
            return Err(bad(
                "workbook.lines",
                format!("{n} is not a number of answer lines"),
                &format!("give a number from 1 to {}", crate::model::ANSWER_LINES_MAX),
            ));
        }
    }
    if let Some(n) = cfg.workbook.notes_pages {
        if n > NOTES_PAGES_MAX {
            return Err(bad(
                "workbook.notes_pages",
                format!("{n} notes pages is more than a workbook needs"),
                &format!("give a number from 0 to {NOTES_PAGES_MAX}"),
            ));
        }
    }
    if let Some(w) = cfg
        .theme
        .reflection
        .words
        .iter()
        .find(|w| w.trim().is_empty())
    {
        return Err(bad(
            "theme.reflection.words",
            format!("`{w}` is empty"),
            "give each word as the lead-in begins, e.g. \"Ponder\"",
        ));
    }
    if let Some((key, msg)) = cfg.theme.validate().into_iter().next() {
        return Err(bad(
            &key,
            msg,
            "fix the theme value or remove it to use the default",
        ));
    }
    Ok(exceptions)
}

pub fn valid_lang(lang: &str) -> bool {
    let mut parts = lang.split('-');
    let first = parts.next().unwrap_or("");
    (2..=3).contains(&first.len())
        && first.chars().all(|c| c.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// Days since 1970-01-01 of a `YYYY-MM-DD` date (also accepts a longer ISO timestamp, using its date).
pub fn parse_date(s: &str) -> Option<i64> {
    crate::date::parse_ymd(s)
}

/// `YYYY-MM-DD` of a Unix timestamp.
pub fn format_date(ts: i64) -> String {
    let (y, m, d) = crate::date::civil_from_days(crate::date::split_timestamp(ts).0);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Merges `guide.toml`, the first chapter's front matter and a fallback title into the
/// book's metadata. `source_date_epoch` is the value of `SOURCE_DATE_EPOCH` if set;
/// `newest_mtime` the newest chapter file's modification time (the stamp when no date is
/// given at all).
pub fn build_metadata(
    cfg: &GuideConfig,
    front: &FrontMatter,
    fallback_title: Option<String>,
    source_date_epoch: Option<i64>,
    newest_mtime: Option<i64>,
) -> Metadata {
    let title = cfg
        .title
        .clone()
        .or_else(|| front.title.clone())
        .or(fallback_title)
        .unwrap_or_else(|| "Untitled".to_string());
    let authors = cfg
        .author
        .as_ref()
        .or(front.author.as_ref())
        .map(|a| a.to_vec())
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| vec!["Anonymous".to_string()]);
    let lang = cfg
        .language
        .clone()
        .or_else(|| front.lang.clone().filter(|l| valid_lang(l)))
        .unwrap_or_else(|| "en".to_string());
    let date_days = cfg
        .date
        .as_deref()
        .or(front.date.as_deref())
        .and_then(parse_date);
    let published = match (date_days, source_date_epoch) {
        (Some(days), _) => Some(days * 86400),
        (None, Some(epoch)) => Some(epoch),
        (None, None) => None,
    };
    let timestamp = published.or(newest_mtime).unwrap_or(0);
    let identifier = cfg
        .identifier
        .as_deref()
        .map(|s| s.trim_start_matches("urn:uuid:").to_string())
        .unwrap_or_else(|| {
            let seed = format!("guidebuild\n{}\n{}\n{}", title, authors.join("\n"), lang);
            uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, seed.as_bytes()).to_string()
        });
    Metadata {
        subtitle: cfg.subtitle.clone().or_else(|| front.subtitle.clone()),
        description: cfg
            .description
            .clone()
            .or_else(|| front.description.clone()),
        keywords: if cfg.keywords.is_empty() {
            front.keywords.clone().unwrap_or_default()
        } else {
            cfg.keywords.clone()
        },
        publisher: cfg.publisher.clone(),
        rights: cfg.rights.clone(),
        date: published.map(format_date),
        title,
        authors,
        lang,
        timestamp,
        identifier,
        cover: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_key_suggests_nearest_and_points_at_it() {
        let text = "title = \"T\"\nsubtitel = \"S\"\n";
        let d = parse_guide_toml(text, 0).unwrap_err();
        assert_eq!(d.code, "GB010");
        assert!(d.message.contains("`subtitel`"), "{}", d.message);
        assert_eq!(d.help.as_deref(), Some("did you mean `subtitle`?"));
        let s = d.span.unwrap();
        assert_eq!(&text[s.start..s.end], "subtitel");
    }

    #[test]
    fn bad_hyphenation_exception_is_named_where_it_is() {
        let text = "title = \"T\"\n[pdf]\nhyphenation_exceptions = [\"ok-word\", \"bad-\"]\n";
        let d = parse_guide_toml(text, 0).unwrap_err();
        assert_eq!(d.code, "GB011");
        assert!(
            d.message.contains("`bad-` ends with a hyphen"),
            "{}",
            d.message
        );
        let s = d.span.unwrap();
        assert!(
            text[s.start..s.end].contains("bad-"),
            "{:?}",
            &text[s.start..s.end]
        );
        let ok = "[pdf]\nhyphenation_exceptions = [\"strike-through\"]\n";
        let cfg = parse_guide_toml(ok, 0).unwrap();
        assert_eq!(cfg.pdf.hyphenation_exceptions, vec!["strike-through"]);
    }

    #[test]
    fn unknown_nested_theme_key_is_found() {
        let text = "[theme]\nbody_sise = 11.0\n";
        let d = parse_guide_toml(text, 0).unwrap_err();
        assert_eq!(d.help.as_deref(), Some("did you mean `body_size`?"));
    }

    #[test]
    fn bad_date_and_colour_are_named() {
        let d = parse_guide_toml("date = \"28/11/2026\"\n", 0).unwrap_err();
        assert!(d.message.contains("`date`"));
        let d = parse_guide_toml("[theme.colors]\nlink = \"blue\"\n", 0).unwrap_err();
        assert!(d.message.contains("theme.colors.link"), "{}", d.message);
    }

    /// The text a diagnostic's span covers.
    fn spanned<'a>(text: &'a str, d: &Diagnostic) -> &'a str {
        let s = d.span.expect("a span");
        &text[s.start..s.end]
    }

    #[test]
    fn a_day_that_does_not_exist_is_refused_in_guide_toml() {
        let text = "title = \"T\"\ndate = \"2026-02-30\"\n";
        let d = parse_guide_toml(text, 0).unwrap_err();
        assert_eq!(d.code, "GB011");
        assert!(
            d.message.contains("`2026-02-30` is not a date"),
            "{}",
            d.message
        );
        assert_eq!(spanned(text, &d), "date = \"2026-02-30\"");
        assert!(parse_guide_toml("date = \"2024-02-29\"\n", 0).is_ok());
    }

    #[test]
    fn theme_numbers_that_are_not_finite_or_in_range_are_refused_where_written() {
        let text = "title = \"T\"\n[theme]\nheading_sizes = [22, nan, 12.5, 11, 10.5, 10.5]\n";
        let d = parse_guide_toml(text, 0).unwrap_err();
        assert_eq!(d.code, "GB011");
        assert!(
            d.message.contains("theme.heading_sizes[1]"),
            "{}",
            d.message
        );
        assert!(d.message.contains("not a finite number"), "{}", d.message);
        assert_eq!(spanned(text, &d), "nan");
        for (line, key) in [
            ("code_scale = inf", "theme.code_scale"),
            ("code_scale = -inf", "theme.code_scale"),
            ("list_indent = -2.0", "theme.list_indent"),
            ("list_indent = 1e30", "theme.list_indent"),
            ("paragraph_spacing = 50.0", "theme.paragraph_spacing"),
            ("paragraph_spacing = nan", "theme.paragraph_spacing"),
            ("body_size = nan", "theme.body_size"),
            ("line_height = inf", "theme.line_height"),
            ("footnote_scale = -0.5", "theme.footnote_scale"),
        ] {
            let text = format!("[theme]\n{line}\n");
            let d = parse_guide_toml(&text, 0).unwrap_err();
            assert_eq!(d.code, "GB011", "{line}");
            assert!(
                d.message.contains(&format!("`{key}`")),
                "{line}: {}",
                d.message
            );
            assert_eq!(spanned(&text, &d), line);
        }
        let ok = "[theme]\nheading_sizes = [30, 20, 14, 12, 11, 10]\ncode_scale = 0.9\n";
        assert!(parse_guide_toml(ok, 0).is_ok());
    }

    #[test]
    fn a_value_is_found_under_its_own_table() {
        let text =
            "[theme.markers.check]\ncolor = \"#000000\"\n[theme.sayings.avoid]\ncolor = \"red\"\n";
        let d = parse_guide_toml(text, 0).unwrap_err();
        assert!(
            d.message.contains("theme.sayings.avoid.color"),
            "{}",
            d.message
        );
        assert_eq!(d.span.unwrap().start, text.find("color = \"red").unwrap());
        // an entry of an array over several lines, strings with commas in them
        let list = "chapters = [\n  \"a, b.md\",  # first\n  \"c.md\"\n]\n";
        let at = value_span(list, "chapters[1]", 0).unwrap();
        assert_eq!(&list[at.start..at.end], "\"c.md\"");
        let at = value_span(list, "chapters[0]", 0).unwrap();
        assert_eq!(&list[at.start..at.end], "\"a, b.md\"");
        // a path no line sets falls back to the first line with its last key, or none
        assert_eq!(
            value_span("a = 1\n", "theme.a", 0).map(|s| s.start),
            Some(0)
        );
        assert_eq!(value_span("a = 1\n", "b", 0), None);
    }

    #[test]
    fn a_print_shop_interior_is_two_sided_on_its_own_trim_with_chapters_on_rectos() {
        let text = "[pdf]\npaper = \"letter\"\nsides = \"one\"\nchapter_break = \"auto\"\n\
                    [pdf.print]\nbleed = true\n";
        let cfg = parse_guide_toml(text, 0).unwrap();
        let asked = |edition, paper| PdfChoice {
            paper,
            edition: Some(edition),
            fillable: None,
        };
        let kdp = TypesetOptions::for_edition(&cfg, asked(Edition::Kdp, None)).unwrap();
        // `[pdf] paper` is the home edition's: the trim is 6x9 unless asked
        assert_eq!(
            (kdp.paper, kdp.sides, kdp.chapter_break),
            (Paper::Trade, Sides::Two, ChapterBreak::Recto)
        );
        let shop = kdp.print.unwrap();
        assert_eq!(
            (shop.service, shop.bleed, shop.color),
            (Service::Kdp, true, false)
        );
        assert_eq!(shop.bleed(), 9.0);
        let ingram =
            TypesetOptions::for_edition(&cfg, asked(Edition::IngramSpark, Some(Paper::Digest)))
                .unwrap();
        assert_eq!(ingram.paper.size_pt(), (378.0, 576.0));
        // the home edition keeps what [pdf] says
        let home = TypesetOptions::for_edition(&cfg, asked(Edition::Home, None)).unwrap();
        assert_eq!(
            (home.paper, home.sides, home.print),
            (Paper::Letter, Sides::One, None)
        );
        // and a print-shop interior is never fillable
        let fillable = PdfChoice {
            fillable: Some(true),
            ..asked(Edition::Kdp, None)
        };
        let err = TypesetOptions::for_edition(&cfg, fillable).unwrap_err();
        assert_eq!(err.code, "GB009");
        assert_eq!(Edition::parse("IngramSpark"), Some(Edition::IngramSpark));
        assert_eq!(Edition::parse("kdp"), Some(Edition::Kdp));
    }

    #[test]
    fn the_gutter_tables_step_with_the_page_count() {
        let inches = |s: Service, n| s.gutter(n) / 72.0;
        for (n, kdp, ingram) in [
            (24, 0.375, 0.5),
            (150, 0.375, 0.5),
            (151, 0.5, 0.625),
            (300, 0.5, 0.625),
            (301, 0.625, 0.625),
            (400, 0.625, 0.625),
            (401, 0.625, 0.75),
            (500, 0.625, 0.75),
            (501, 0.75, 0.75),
            (600, 0.75, 0.75),
            (601, 0.75, 0.875),
            (700, 0.75, 0.875),
            (701, 0.875, 0.875),
        ] {
            assert_eq!(inches(Service::Kdp, n), kdp, "KDP, {n} pages");
            assert_eq!(
                inches(Service::IngramSpark, n),
                ingram,
                "IngramSpark, {n} pages"
            );
        }
    }

    #[test]
    fn booklet_options_are_read_once_and_checked_where_written() {
        let text = "[pdf]\nfor = \"booklet\"\npaper = \"a4\"\n[pdf.booklet]\npaper_mm = 0.2\n";
        let cfg = parse_guide_toml(text, 0).unwrap();
        let o = TypesetOptions::for_edition(
            &cfg,
            PdfChoice {
                paper: None,
                edition: None,
                fillable: None,
            },
        )
        .unwrap();
        let b = o.booklet.unwrap();
        assert_eq!(
            (o.paper, b.sheet, o.sides),
            (Paper::A5, Paper::A4, Sides::Two)
        );
        assert!((b.sheet_thickness - 0.2 * 72.0 / 25.4).abs() < 1e-5 && b.marks);
        // `--for home` wins over the file; `--paper` names the sheet
        let home = TypesetOptions::for_edition(
            &cfg,
            PdfChoice {
                paper: None,
                edition: Some(Edition::Home),
                fillable: None,
            },
        )
        .unwrap();
        assert_eq!(
            (home.paper, home.booklet, home.sides),
            (Paper::A4, None, Sides::One)
        );
        let letter = TypesetOptions::for_edition(
            &cfg,
            PdfChoice {
                paper: Some(Paper::Letter),
                edition: None,
                fillable: None,
            },
        )
        .unwrap();
        assert_eq!(letter.paper, Paper::Statement);
        let d = TypesetOptions::for_edition(
            &cfg,
            PdfChoice {
                paper: Some(Paper::Trade),
                edition: None,
                fillable: None,
            },
        )
        .unwrap_err();
        assert_eq!(d.code, "GB008");
        assert!(d.message.contains("not 6x9"), "{}", d.message);
        for (bad, key, what) in [
            (
                "[pdf.booklet]\npaper_mm = 3.0\n",
                "pdf.booklet.paper_mm",
                "paper_mm = 3.0",
            ),
            (
                "[pdf.booklet]\npaper_mm = nan\n",
                "pdf.booklet.paper_mm",
                "paper_mm = nan",
            ),
            (
                "[pdf]\nfor = \"booklet\"\npaper = \"a5\"\n",
                "pdf.paper",
                "paper = \"a5\"",
            ),
        ] {
            let d = parse_guide_toml(bad, 0).unwrap_err();
            assert_eq!(d.code, "GB011", "{bad}");
            assert!(
                d.message.contains(&format!("`{key}`")),
                "{bad}: {}",
                d.message
            );
            assert_eq!(spanned(bad, &d), what);
        }
        let d = parse_guide_toml("[pdf]\nfor = \"leaflet\"\n", 0).unwrap_err();
        assert_eq!(d.code, "GB011");
    }

    #[test]
    fn front_matter_dates_are_checked_where_written() {
        let text = "---\ntitle: A\ndate: 2026-02-30\n---\n# x\n";
        let d = front_matter(text, 0).unwrap_err();
        assert_eq!(d.code, "GB012");
        assert!(d.message.contains("2026-02-30"), "{}", d.message);
        let at = d.span.unwrap().start;
        assert_eq!(text[..at].matches('\n').count() + 1, 3, "{}", d.message);
        let leap = "---\ndate: \"2024-02-29\"\n---\nx";
        let (start, fm) = front_matter(leap, 0).unwrap();
        assert_eq!(
            (&leap[start..], fm.date.as_deref()),
            ("x", Some("2024-02-29"))
        );
    }

    #[test]
    fn deep_front_matter_is_refused_before_it_is_parsed() {
        let n = 100_000;
        let flow = format!("---\nk: {}{}\n---\n", "[".repeat(n), "]".repeat(n));
        let items = format!("---\nk:\n{}x\n---\n", "- ".repeat(n));
        let mut indented = String::from("---\n");
        for i in 0..200 {
            indented.push_str(&format!("{}k{i}:\n", " ".repeat(2 * i)));
        }
        indented.push_str("---\n");
        for text in [&flow, &items, &indented] {
            let d = front_matter(text, 0).unwrap_err();
            assert_eq!(d.code, "GB012");
            assert!(
                d.message
                    .contains(&format!("deeper than {MAX_FRONT_MATTER_DEPTH} levels")),
                "{}",
                d.message
            );
            assert!(d.span.is_some());
        }
        // the ordinary shapes, quotes and comments included, are not deep
        let fine = "---\ntitle: \"Don't [panic\" # a [[[[ comment\nauthor: Don't {x\ntags:\n  - a\n  - [b, {c: d}]\nparams:\n  nested:\n    deeper: 1\n---\nbody\n";
        let (_, fm) = front_matter(fine, 0).unwrap();
        assert_eq!(fm.title.as_deref(), Some("Don't [panic"));
        assert_eq!(fm.author, Some(Authors::One("Don't {x".into())));
    }

    #[test]
    fn front_matter_is_split_off() {
        let text = "---\ntitle: Hi\nauthor: [A, B]\n---\n# Body\n";
        let (start, fm) = front_matter(text, 0).unwrap();
        assert_eq!(&text[start..], "# Body\n");
        assert_eq!(fm.title.as_deref(), Some("Hi"));
        assert_eq!(fm.author.unwrap().to_vec(), vec!["A", "B"]);
        assert_eq!(front_matter("# x\n---\n", 0).unwrap().0, 0);
    }

    #[test]
    fn bad_yaml_points_into_the_file() {
        let d = front_matter("---\ntitle: [unclosed\n---\n", 0).unwrap_err();
        assert_eq!(d.code, "GB012");
        assert!(d.span.is_some());
    }

    #[test]
    fn front_matter_after_a_byte_order_mark_is_read() {
        let text = "\u{FEFF}---\ntitle: T\n---\nbody\n";
        let (start, fm) = front_matter(text, 0).unwrap();
        assert_eq!(&text[start..], "body\n");
        assert_eq!(fm.title.as_deref(), Some("T"));
    }

    #[test]
    fn dates_round_trip() {
        assert_eq!(parse_date("1970-01-01"), Some(0));
        assert_eq!(
            format_date(parse_date("2026-11-28").unwrap() * 86400),
            "2026-11-28"
        );
        assert_eq!(format_date(951_782_400), "2000-02-29");
        assert_eq!(parse_date("2026-13-01"), None);
    }

    #[test]
    fn metadata_defaults_and_stable_identifier() {
        let cfg = GuideConfig::default();
        let fm = FrontMatter::default();
        let a = build_metadata(&cfg, &fm, Some("Hello".into()), None, None);
        let b = build_metadata(&cfg, &fm, Some("Hello".into()), None, None);
        assert_eq!(a.authors, vec!["Anonymous"]);
        assert_eq!(a.identifier, b.identifier);
        assert_eq!(a.timestamp, 0);
        assert_eq!(a.date, None);
        let c = build_metadata(&cfg, &fm, Some("Hello".into()), Some(86400), None);
        assert_eq!(c.date.as_deref(), Some("1970-01-02"));
        // no date anywhere: no publication date, the newest chapter's time as the stamp
        let d = build_metadata(&cfg, &fm, Some("Hello".into()), None, Some(1_764_288_000));
        assert_eq!((d.date, d.timestamp), (None, 1_764_288_000));
    }

    #[test]
    fn pdf_settings_parse() {
        let cfg: GuideConfig = toml::from_str(
            "[pdf]\nchapter_break = \"page\"\nsides = \"two\"\nimprint = \"Printed at home.\"\n",
        )
        .unwrap();
        assert_eq!(cfg.pdf.chapter_break, Some(ChapterBreak::Page));
        assert_eq!(cfg.pdf.sides, Some(Sides::Two));
        assert_eq!(
            Imprint::line(cfg.pdf.imprint.as_ref()).as_deref(),
            Some("Printed at home.")
        );
        let cfg: GuideConfig = toml::from_str("[pdf]\nimprint = true\n").unwrap();
        assert_eq!(
            Imprint::line(cfg.pdf.imprint.as_ref()).as_deref(),
            Some("Typeset with guidebuild.")
        );
        assert_eq!(Imprint::line(None), None);
        let d = parse_guide_toml("[pdf]\nchapter_break = \"sometimes\"\n", 0).unwrap_err();
        assert_eq!(d.code, "GB011");
    }

    #[test]
    fn paper_sizes_parse() {
        let cfg: GuideConfig = toml::from_str("[pdf]\npaper = \"a5\"\n").unwrap();
        assert_eq!(cfg.pdf.paper, Some(Paper::A5));
        assert_eq!(Paper::parse("6x9"), Some(Paper::Trade));
    }

    #[test]
    fn bad_exceptions_say_what_is_wrong() {
        assert_eq!(
            HyphenationExceptions::parse_word("strike-through"),
            Ok(("strikethrough".into(), vec![6]))
        );
        assert_eq!(
            HyphenationExceptions::parse_word("Don't-care"),
            Ok(("don'tcare".into(), vec![5]))
        );
        for bad in ["-word", "word-", "two--hyphens", "", "wi th", "e2e"] {
            assert!(HyphenationExceptions::parse_word(bad).is_err(), "{bad}");
        }
    }
}
