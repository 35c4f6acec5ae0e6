//! The one theme both backends read: fonts, sizes, colours, spacing, and for each semantic block
//! (check list, avoid list, sayings) its marker glyph, colour and accessible label. The EPUB's CSS
//! is generated from this struct and the PDF engine reads it directly, so a check list looks the
//! same in every chapter and in both outputs. Built-in defaults; `[theme]` in `guide.toml`
//! overrides any field.

use serde::{Deserialize, Serialize};

/// Which font a piece of text is set in. Each role maps to one file in [`FontFiles`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FontRole {
    Body,
    BodyItalic,
    BodyBold,
    BodyBoldItalic,
    /// Headings and the title page.
    Heading,
    /// Sans for list markers, running heads, folios, and the fallback for symbols.
    Sans,
    Mono,
}

impl FontRole {
    pub const ALL: [FontRole; 7] = [
        FontRole::Body,
        FontRole::BodyItalic,
        FontRole::BodyBold,
        FontRole::BodyBoldItalic,
        FontRole::Heading,
        FontRole::Sans,
        FontRole::Mono,
    ];

    /// The role's key in `[theme.fonts]`.
    pub fn key(self) -> &'static str {
        match self {
            FontRole::Body => "body",
            FontRole::BodyItalic => "body_italic",
            FontRole::BodyBold => "body_bold",
            FontRole::BodyBoldItalic => "body_bold_italic",
            FontRole::Heading => "heading",
            FontRole::Sans => "sans",
            FontRole::Mono => "mono",
        }
    }

    /// The role with italic and/or bold applied (only the body family has those faces).
    pub fn styled(self, italic: bool, bold: bool) -> FontRole {
        match (self, italic, bold) {
            (
                FontRole::Body
                | FontRole::BodyItalic
                | FontRole::BodyBold
                | FontRole::BodyBoldItalic,
                i,
                b,
            ) => match (i, b) {
                (false, false) => FontRole::Body,
                (true, false) => FontRole::BodyItalic,
                (false, true) => FontRole::BodyBold,
                (true, true) => FontRole::BodyBoldItalic,
            },
            (other, _, _) => other,
        }
    }
}

/// Font file names (in the built-in set, or relative to the manuscript folder) per role.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FontNames {
    pub body: String,
    pub body_italic: String,
    pub body_bold: String,
    pub body_bold_italic: String,
    pub heading: String,
    pub sans: String,
    pub mono: String,
}

impl Default for FontNames {
    fn default() -> Self {
        FontNames {
            body: "Literata-Regular.ttf".into(),
            body_italic: "Literata-Italic.ttf".into(),
            body_bold: "Literata-Bold.ttf".into(),
            body_bold_italic: "Literata-BoldItalic.ttf".into(),
            heading: "SourceSans3-Semibold.ttf".into(),
            sans: "SourceSans3-Regular.ttf".into(),
            mono: "SourceCodePro-Regular.ttf".into(),
        }
    }
}

impl FontNames {
    pub fn get(&self, role: FontRole) -> &str {
        match role {
            FontRole::Body => &self.body,
            FontRole::BodyItalic => &self.body_italic,
            FontRole::BodyBold => &self.body_bold,
            FontRole::BodyBoldItalic => &self.body_bold_italic,
            FontRole::Heading => &self.heading,
            FontRole::Sans => &self.sans,
            FontRole::Mono => &self.mono,
        }
    }
}

/// How one kind of marked list (or one kind of saying) is drawn.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MarkerStyle {
    /// The glyph drawn before each item (decoration: hidden from screen readers).
    pub glyph: String,
    /// `#rrggbb`.
    pub color: String,
    /// Accessible name of the list ("Checklist", "Things to avoid").
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(from = "MarkersPatch")]
pub struct Markers {
    pub bullet: MarkerStyle,
    pub check: MarkerStyle,
    pub avoid: MarkerStyle,
    pub task_open: MarkerStyle,
}

impl Default for Markers {
    fn default() -> Self {
        Markers {
            bullet: MarkerStyle {
                glyph: "•".into(),
                color: "#5b6b7a".into(),
                label: "List".into(),
            },
            check: MarkerStyle {
                glyph: "✔".into(),
                color: "#2e7d32".into(),
                label: "Checklist".into(),
            },
            avoid: MarkerStyle {
                glyph: "✘".into(),
                color: "#c62828".into(),
                label: "Things to avoid".into(),
            },
            task_open: MarkerStyle {
                glyph: "☐".into(),
                color: "#5b6b7a".into(),
                label: "Tasks".into(),
            },
        }
    }
}

/// How a group of sayings (phrases to avoid or to try) is set apart from body text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SayingStyle {
    /// Colour of the rule at the left edge, `#rrggbb`.
    pub rule_color: String,
    /// Background tint, `#rrggbb`.
    pub background: String,
    /// Text colour, `#rrggbb`.
    pub color: String,
    pub italic: bool,
    /// Small label glyph drawn before the lead-in (decoration), e.g. ✘ or ✔.
    pub glyph: String,
    /// Accessible name of the group ("Phrases to avoid").
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(from = "SayingsPatch")]
pub struct Sayings {
    pub avoid: SayingStyle,
    #[serde(rename = "try")]
    pub try_: SayingStyle,
}

// What `guide.toml` may say of a marker or saying style: any field, at any depth, may be left
// out and keeps its default (each kind has defaults of its own, so serde's field defaults,
// which know no parent, cannot do it).

#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct MarkerPatch {
    glyph: Option<String>,
    color: Option<String>,
    label: Option<String>,
}

impl MarkerPatch {
    fn over(self, base: MarkerStyle) -> MarkerStyle {
        MarkerStyle {
            glyph: self.glyph.unwrap_or(base.glyph),
            color: self.color.unwrap_or(base.color),
            label: self.label.unwrap_or(base.label),
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct MarkersPatch {
    bullet: MarkerPatch,
    check: MarkerPatch,
    avoid: MarkerPatch,
    task_open: MarkerPatch,
}

impl From<MarkersPatch> for Markers {
    fn from(p: MarkersPatch) -> Markers {
        let d = Markers::default();
        Markers {
            bullet: p.bullet.over(d.bullet),
            check: p.check.over(d.check),
            avoid: p.avoid.over(d.avoid),
            task_open: p.task_open.over(d.task_open),
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct SayingPatch {
    rule_color: Option<String>,
    background: Option<String>,
    color: Option<String>,
    italic: Option<bool>,
    glyph: Option<String>,
    label: Option<String>,
}

impl SayingPatch {
    fn over(self, base: SayingStyle) -> SayingStyle {
        SayingStyle {
            rule_color: self.rule_color.unwrap_or(base.rule_color),
            background: self.background.unwrap_or(base.background),
            color: self.color.unwrap_or(base.color),
            italic: self.italic.unwrap_or(base.italic),
            glyph: self.glyph.unwrap_or(base.glyph),
            label: self.label.unwrap_or(base.label),
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct SayingsPatch {
    avoid: SayingPatch,
    #[serde(rename = "try")]
    try_: SayingPatch,
}

impl From<SayingsPatch> for Sayings {
    fn from(p: SayingsPatch) -> Sayings {
        let d = Sayings::default();
        Sayings {
            avoid: p.avoid.over(d.avoid),
            try_: p.try_.over(d.try_),
        }
    }
}

impl Default for Sayings {
    fn default() -> Self {
        Sayings {
            avoid: SayingStyle {
                rule_color: "#c62828".into(),
                background: "#fbeeee".into(),
                color: "#5a1d1d".into(),
                italic: true,
                glyph: "✘".into(),
                label: "Phrases to avoid".into(),
            },
            try_: SayingStyle {
                rule_color: "#2e7d32".into(),
                background: "#edf6ee".into(),
                color: "#1b3d1e".into(),
                italic: true,
                glyph: "✔".into(),
                label: "Phrases to try".into(),
            },
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Colors {
    pub text: String,
    pub heading: String,
    pub link: String,
    pub muted: String,
    pub rule: String,
    pub code_background: String,
}

impl Default for Colors {
    fn default() -> Self {
        Colors {
            text: "#1f1f1f".into(),
            heading: "#1d3557".into(),
            link: "#1f5fa8".into(),
            muted: "#6b7280".into(),
            rule: "#c9ced6".into(),
            code_background: "#f4f5f7".into(),
        }
    }
}

/// What a marker reads as to a listener where its glyph says nothing (the EPUB's default
/// labels of a task's box, the tagged PDF's markers): a tick or a ticked box, a cross, an
/// open box.
pub const READS_DONE: &str = "done";
pub const READS_AVOID: &str = "avoid";
pub const READS_NOT_DONE: &str = "not done";

/// The whole theme. Sizes are in points; spacing in multiples of the body size (em).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Theme {
    pub fonts: FontNames,
    /// Body text size in pt.
    pub body_size: f32,
    /// Line height as a multiple of the size.
    pub line_height: f32,
    /// Heading sizes in pt for levels 1..=6 (level 1 is the chapter title).
    pub heading_sizes: [f32; 6],
    /// Space between paragraphs, in em.
    pub paragraph_spacing: f32,
    /// Indent of list items and sayings (where the marker hangs), in em.
    pub list_indent: f32,
    /// Size of code text relative to body.
    pub code_scale: f32,
    /// Size of footnote text relative to body.
    pub footnote_scale: f32,
    pub colors: Colors,
    pub markers: Markers,
    pub sayings: Sayings,
    pub reflection: Reflection,
}

/// Reflection prompts (questions to answer in writing): their group's name, read by screen
/// readers in both outputs, and the line the EPUB sets under them, where there is no paper.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Reflection {
    pub label: String,
    pub note: String,
    /// Lead-in words of the author's own that also begin a reflection prompt ("Ponder",
    /// "Notes to self"), besides the built-in ones ("Reflect", "Journal", "Your answers" …).
    pub words: Vec<String>,
    /// The narrowest fill-in blank (`My promise: ____`), in em of the text: a short run of
    /// underscores still leaves room to write.
    pub blank_min_em: f32,
    /// The heading of the ruled notes pages at the end of the PDF (`[workbook] notes_pages`).
    pub notes_title: String,
}

impl Default for Reflection {
    fn default() -> Self {
        Reflection {
            label: "Questions to reflect on".into(),
            note: "Write your answers in a notebook or in the PDF.".into(),
            words: Vec::new(),
            blank_min_em: 8.0,
            notes_title: "Notes".into(),
        }
    }
}

impl Default for Theme {
    fn default() -> Self {
        Theme {
            fonts: FontNames::default(),
            body_size: 10.5,
            line_height: 1.45,
            heading_sizes: [22.0, 15.0, 12.5, 11.0, 10.5, 10.5],
            paragraph_spacing: 0.6,
            list_indent: 1.6,
            code_scale: 0.88,
            footnote_scale: 0.85,
            colors: Colors::default(),
            markers: Markers::default(),
            sayings: Sayings::default(),
            reflection: Reflection::default(),
        }
    }
}

/// Parses `#rrggbb` into 0..=1 floats; `None` if malformed.
pub fn parse_color(s: &str) -> Option<(f32, f32, f32)> {
    let hex = s.strip_prefix('#')?;
    if hex.len() != 6 || !hex.is_ascii() {
        return None;
    }
    let c = |i: usize| {
        u8::from_str_radix(&hex[i..i + 2], 16)
            .ok()
            .map(|v| v as f32 / 255.0)
    };
    Some((c(0)?, c(2)?, c(4)?))
}

/// WCAG's contrast ratio of two colours (1 to 21), from their relative luminance.
pub fn contrast_ratio(a: (f32, f32, f32), b: (f32, f32, f32)) -> f32 {
    let channel = |c: f32| {
        if c <= 0.039_28 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    let lum = |(r, g, b): (f32, f32, f32)| {
        0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
    };
    let (x, y) = (lum(a), lum(b));
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
}

/// A colour of the theme that does not stand out enough from what it is drawn on.
#[derive(Debug, Clone, PartialEq)]
pub struct LowContrast {
    /// The theme key, as written under `[theme]` (`colors.link`).
    pub key: &'static str,
    pub color: String,
    /// What it is drawn on: `white` (the page) or the key of a background.
    pub against: &'static str,
    pub ratio: f32,
    /// WCAG AA's minimum: 4.5 for text, 3 for markers and the sayings' rules.
    pub needed: f32,
}

/// The page's colour: both outputs leave it to white paper or the reading system.
const PAGE: &str = "#ffffff";

impl Theme {
    /// The accessible name of a list whose markers say something (check, avoid and task
    /// lists; `None` for bullets and numbers): the sayings' name when its lead-in is a
    /// sayings lead-in (`lead`: "Avoid saying:" before `- ❌ Don't defend yourself` names the
    /// list "Phrases to avoid", as it does the same phrases written as quotations), else the
    /// marker's. Both outputs use it: the EPUB's `aria-label`, the PDF's `/T`.
    pub fn list_name(
        &self,
        kind: crate::model::ListKind,
        lead: Option<crate::model::SayingKind>,
    ) -> Option<&str> {
        use crate::model::{ListKind, SayingKind};
        Some(match (lead, kind) {
            (_, ListKind::Ordered { .. } | ListKind::Bullet) => return None,
            (_, ListKind::Task) => &self.markers.task_open.label,
            (Some(SayingKind::Avoid), _) => &self.sayings.avoid.label,
            (Some(SayingKind::Try), _) => &self.sayings.try_.label,
            (None, ListKind::Avoid) => &self.markers.avoid.label,
            _ => &self.markers.check.label,
        })
    }

    /// Every colour field with its dotted name, for validation.
    pub fn colors(&self) -> Vec<(&'static str, &str)> {
        vec![
            ("colors.text", &self.colors.text),
            ("colors.heading", &self.colors.heading),
            ("colors.link", &self.colors.link),
            ("colors.muted", &self.colors.muted),
            ("colors.rule", &self.colors.rule),
            ("colors.code_background", &self.colors.code_background),
            ("markers.bullet.color", &self.markers.bullet.color),
            ("markers.check.color", &self.markers.check.color),
            ("markers.avoid.color", &self.markers.avoid.color),
            ("markers.task_open.color", &self.markers.task_open.color),
            ("sayings.avoid.rule_color", &self.sayings.avoid.rule_color),
            ("sayings.avoid.background", &self.sayings.avoid.background),
            ("sayings.avoid.color", &self.sayings.avoid.color),
            ("sayings.try.rule_color", &self.sayings.try_.rule_color),
            ("sayings.try.background", &self.sayings.try_.background),
            ("sayings.try.color", &self.sayings.try_.color),
        ]
    }

    /// The colours that miss WCAG 2.1 AA's contrast: text (body, headings, links, muted
    /// text, code on its background, the sayings' text on their boxes) at 4.5:1, and the
    /// things that carry meaning without words (list markers, the sayings' rules) at 3:1
    /// (success criteria 1.4.3 and 1.4.11). `colors.rule` is left out: thematic breaks, table
    /// rules and the footnote rule only repeat what space and structure already say.
    pub fn low_contrast(&self) -> Vec<LowContrast> {
        let c = &self.colors;
        let (avoid, try_) = (&self.sayings.avoid, &self.sayings.try_);
        let m = &self.markers;
        let pairs: [(&'static str, &str, &'static str, &str, f32); 13] = [
            ("colors.text", &c.text, "white", PAGE, 4.5),
            ("colors.heading", &c.heading, "white", PAGE, 4.5),
            ("colors.link", &c.link, "white", PAGE, 4.5),
            ("colors.muted", &c.muted, "white", PAGE, 4.5),
            (
                "colors.code_background",
                &c.code_background,
                "colors.text",
                &c.text,
                4.5,
            ),
            (
                "sayings.avoid.color",
                &avoid.color,
                "sayings.avoid.background",
                &avoid.background,
                4.5,
            ),
            (
                "sayings.try.color",
                &try_.color,
                "sayings.try.background",
                &try_.background,
                4.5,
            ),
            (
                "sayings.avoid.rule_color",
                &avoid.rule_color,
                "sayings.avoid.background",
                &avoid.background,
                3.0,
            ),
            (
                "sayings.try.rule_color",
                &try_.rule_color,
                "sayings.try.background",
                &try_.background,
                3.0,
            ),
            ("markers.bullet.color", &m.bullet.color, "white", PAGE, 3.0),
            ("markers.check.color", &m.check.color, "white", PAGE, 3.0),
            ("markers.avoid.color", &m.avoid.color, "white", PAGE, 3.0),
            (
                "markers.task_open.color",
                &m.task_open.color,
                "white",
                PAGE,
                3.0,
            ),
        ];
        pairs
            .into_iter()
            .filter_map(|(key, color, against, on, needed)| {
                let ratio = contrast_ratio(parse_color(color)?, parse_color(on)?);
                (ratio < needed).then(|| LowContrast {
                    key,
                    color: color.to_string(),
                    against,
                    ratio,
                    needed,
                })
            })
            .collect()
    }

    /// Every number of the theme with its dotted name (`heading_sizes[0]` for an entry), the
    /// range it must lie in and its unit, for validation.
    pub fn numbers(&self) -> Vec<(String, f32, NumberRange)> {
        let mut out = vec![
            ("body_size".to_string(), self.body_size, BODY_SIZE),
            ("line_height".into(), self.line_height, LINE_HEIGHT),
            (
                "paragraph_spacing".into(),
                self.paragraph_spacing,
                PARAGRAPH_SPACING,
            ),
            ("list_indent".into(), self.list_indent, LIST_INDENT),
            ("code_scale".into(), self.code_scale, CODE_SCALE),
            ("footnote_scale".into(), self.footnote_scale, FOOTNOTE_SCALE),
            (
                "reflection.blank_min_em".into(),
                self.reflection.blank_min_em,
                BLANK_MIN_EM,
            ),
        ];
        for (i, &size) in self.heading_sizes.iter().enumerate() {
            out.push((format!("heading_sizes[{i}]"), size, HEADING_SIZE));
        }
        out
    }

    /// Problems with values (bad colours, numbers that are not finite or out of range), as
    /// `(field, message)`; a field is dotted and may end in an index (`theme.heading_sizes[2]`).
    pub fn validate(&self) -> Vec<(String, String)> {
        let mut bad = Vec::new();
        for (name, value) in self.colors() {
            if parse_color(value).is_none() {
                bad.push((
                    format!("theme.{name}"),
                    format!("`{value}` is not a colour; write it as #rrggbb"),
                ));
            }
        }
        for (name, value, range) in self.numbers() {
            if let Some(why) = range.refuses(value) {
                bad.push((format!("theme.{name}"), why));
            }
        }
        bad
    }
}

/// The closed range a theme number must lie in, and the unit it is written in.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NumberRange {
    pub min: f32,
    pub max: f32,
    /// `" pt"`, `" em"` or `""` (a factor).
    pub unit: &'static str,
}

impl NumberRange {
    /// Why `value` is refused (not a finite number, or outside the range), if it is.
    pub fn refuses(self, value: f32) -> Option<String> {
        let NumberRange { min, max, unit } = self;
        if !value.is_finite() {
            return Some(format!(
                "`{value}` is not a finite number (give a number from {min} to {max}{unit})"
            ));
        }
        (!(min..=max).contains(&value))
            .then(|| format!("{value}{unit} is out of range ({min}–{max}{unit})"))
    }
}

/// Body text size, pt.
pub const BODY_SIZE: NumberRange = NumberRange {
    min: 5.0,
    max: 24.0,
    unit: " pt",
};
/// Line height, a multiple of the size.
pub const LINE_HEIGHT: NumberRange = NumberRange {
    min: 1.0,
    max: 3.0,
    unit: "",
};
/// Each heading size, pt.
pub const HEADING_SIZE: NumberRange = NumberRange {
    min: 5.0,
    max: 72.0,
    unit: " pt",
};
/// Space between paragraphs, em.
pub const PARAGRAPH_SPACING: NumberRange = NumberRange {
    min: 0.0,
    max: 3.0,
    unit: " em",
};
/// Indent of list items and sayings, em.
pub const LIST_INDENT: NumberRange = NumberRange {
    min: 0.5,
    max: 5.0,
    unit: " em",
};
/// Code text size, a factor of the body size.
pub const CODE_SCALE: NumberRange = NumberRange {
    min: 0.5,
    max: 1.5,
    unit: "",
};
/// Footnote text size, a factor of the body size.
pub const FOOTNOTE_SCALE: NumberRange = NumberRange {
    min: 0.5,
    max: 1.0,
    unit: "",
};
/// A blank narrower than 2 em holds no word; one wider than 40 em is wider than any page.
pub const BLANK_MIN_EM: NumberRange = NumberRange {
    min: 2.0,
    max: 40.0,
    unit: " em",
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid_and_partial_override_keeps_the_rest() {
        assert!(Theme::default().validate().is_empty());
        let t: Theme = toml::from_str("body_size = 11.0\n[markers.check]\nglyph = \"✓\"\ncolor = \"#000000\"\nlabel = \"Do\"\n").unwrap();
        assert_eq!(t.body_size, 11.0);
        assert_eq!(t.markers.check.glyph, "✓");
        assert_eq!(t.markers.avoid, Markers::default().avoid);
    }

    #[test]
    fn any_field_may_be_left_out_at_any_depth() {
        let t: Theme = toml::from_str(
            "[markers.check]\ncolor = \"#1565c0\"\n[sayings.avoid]\nbackground = \"#fff3e0\"\n",
        )
        .unwrap();
        let d = Theme::default();
        assert_eq!(t.markers.check.color, "#1565c0");
        assert_eq!(t.markers.check.glyph, d.markers.check.glyph);
        assert_eq!(t.markers.check.label, d.markers.check.label);
        assert_eq!(t.markers.avoid, d.markers.avoid);
        assert_eq!(t.sayings.avoid.background, "#fff3e0");
        assert_eq!(t.sayings.avoid.rule_color, d.sayings.avoid.rule_color);
        assert_eq!(t.sayings.try_, d.sayings.try_);
        // unknown keys are still refused, with the known ones named
        let e = toml::from_str::<Theme>("[markers.check]\ncolour = \"#000000\"\n").unwrap_err();
        assert!(e.message().contains("unknown field `colour`"), "{e}");
    }

    #[test]
    fn bad_colour_is_named() {
        let mut t = Theme::default();
        t.colors.link = "blue".into();
        let bad = t.validate();
        assert_eq!(bad[0].0, "theme.colors.link");
    }

    #[test]
    fn every_number_is_range_checked_and_must_be_finite() {
        let fields =
            |t: &Theme| -> Vec<String> { t.validate().into_iter().map(|(f, _)| f).collect() };
        let mut t = Theme::default();
        t.heading_sizes[0] = f32::NAN;
        t.heading_sizes[5] = 200.0;
        t.code_scale = f32::INFINITY;
        t.list_indent = -1.0;
        t.paragraph_spacing = f32::NEG_INFINITY;
        t.body_size = f32::NAN;
        t.line_height = 0.2;
        t.footnote_scale = 4.0;
        let bad = fields(&t);
        for want in [
            "theme.body_size",
            "theme.line_height",
            "theme.paragraph_spacing",
            "theme.list_indent",
            "theme.code_scale",
            "theme.footnote_scale",
            "theme.heading_sizes[0]",
            "theme.heading_sizes[5]",
        ] {
            assert!(bad.iter().any(|b| b == want), "{want} not refused: {bad:?}");
        }
        assert_eq!(bad.len(), 8, "{bad:?}");
        let msgs = t.validate();
        assert!(msgs[0].1.contains("not a finite number"), "{msgs:?}");
        // the ends of every range are allowed
        let edge = Theme {
            heading_sizes: [HEADING_SIZE.max; 6],
            paragraph_spacing: PARAGRAPH_SPACING.min,
            list_indent: LIST_INDENT.max,
            code_scale: CODE_SCALE.min,
            ..Theme::default()
        };
        assert!(fields(&edge).is_empty());
    }

    #[test]
    fn parse_color_reads_hex() {
        assert_eq!(parse_color("#ff0000"), Some((1.0, 0.0, 0.0)));
        assert_eq!(parse_color("ff0000"), None);
    }
}
