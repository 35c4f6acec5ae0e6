//! Lists and sayings, the blocks that make these guides what they are. Every bullet, check,
//! avoid and task item gets exactly one marker, drawn from the theme and written into the markup
//! (`<span class="marker …" aria-hidden="true">✔</span>`) so it shows even in readers with weak
//! CSS; the list itself carries the accessible label. A lead-in stays with what it introduces.
//! Sayings (phrases to avoid / to try) are a labelled group with their lead-in and one
//! `<blockquote class="saying">` per phrase.

use super::writer::{attr, Family, Style};
use super::xhtml::Page;
use crate::model::{BlockKind, Lead, List, ListItem, ListKind, SayingKind, Sayings};
use crate::theme::Theme;

/// What is drawn before one item.
struct ItemMarker {
    glyph: String,
    class: &'static str,
    /// `Some(label)` when the glyph carries information (a task's state): it is then an image
    /// with that name instead of hidden decoration.
    label: Option<String>,
}

impl Page<'_> {
    pub fn list(&mut self, list: &List) {
        let theme = self.ctx.theme;
        let reflect = list.answer_lines.is_some();
        if reflect || list.lead.is_some() {
            // a reflection prompt is a named group: answer space under each question, a note
            self.w.raw(&if reflect {
                format!(
                    "<div class=\"lead-group reflection\" role=\"group\" aria-label=\"{}\">\n",
                    attr(&theme.reflection.label)
                )
            } else {
                "<div class=\"lead-group\">\n".to_string()
            });
            if let Some(lead) = &list.lead {
                self.lead(lead, None);
            }
        }
        let (open, close) = match list.kind {
            ListKind::Ordered { start } if start != 1 => (
                format!("<ol class=\"ordered\" start=\"{start}\">\n"),
                "</ol>\n",
            ),
            ListKind::Ordered { .. } => ("<ol class=\"ordered\">\n".to_string(), "</ol>\n"),
            // (`role="list"`: WebKit, Apple Books' engine, stops exposing a list whose
            // markers CSS has taken away as a list)
            ListKind::Bullet => (
                "<ul class=\"bullet\" role=\"list\">\n".to_string(),
                "</ul>\n",
            ),
            ListKind::Check => (
                labelled("marked check", marked_label(list, theme)),
                "</ul>\n",
            ),
            ListKind::Avoid => (
                labelled("marked avoid", marked_label(list, theme)),
                "</ul>\n",
            ),
            ListKind::Task => (
                labelled("marked task", marked_label(list, theme)),
                "</ul>\n",
            ),
        };
        self.w.raw(&open);
        for item in &list.items {
            let marker = self.item_marker(list.kind, item);
            self.item(item, list.tight, marker, reflect);
        }
        self.w.raw(close);
        if reflect {
            self.w.raw("<p class=\"answer-note\">");
            // (not the book's text: the PDF has no such line, so it counts for no page)
            self.w.decoration(&theme.reflection.note);
            self.w.raw("</p>\n");
        }
        if reflect || list.lead.is_some() {
            self.w.raw("</div>\n");
        }
    }

    fn item_marker(&self, kind: ListKind, item: &ListItem) -> Option<ItemMarker> {
        let m = &self.ctx.theme.markers;
        let labels = self.ctx.labels;
        let plain = |glyph: &str, class| ItemMarker {
            glyph: glyph.to_string(),
            class,
            label: None,
        };
        match kind {
            ListKind::Ordered { .. } => None,
            ListKind::Bullet => Some(plain(&m.bullet.glyph, "marker-bullet")),
            ListKind::Check => Some(plain(&m.check.glyph, "marker-check")),
            ListKind::Avoid => Some(plain(&m.avoid.glyph, "marker-avoid")),
            ListKind::Task => Some(if item.checked == Some(true) {
                ItemMarker {
                    glyph: m.check.glyph.clone(),
                    class: "marker-done",
                    label: Some(labels.task_done.clone()),
                }
            } else {
                ItemMarker {
                    glyph: m.task_open.glyph.clone(),
                    class: "marker-open",
                    label: Some(labels.task_open.clone()),
                }
            }),
        }
    }

    fn marker(&mut self, m: &ItemMarker) {
        let a11y = match &m.label {
            None => "aria-hidden=\"true\"".to_string(),
            Some(l) => format!("role=\"img\" aria-label=\"{}\"", attr(l)),
        };
        self.w
            .raw(&format!("<span class=\"marker {}\" {a11y}>", m.class));
        self.w.push(Style::of(Family::Sans));
        // The space keeps glyph and text apart in readers that ignore the stylesheet; inside the
        // fixed-width inline block it is trailing white space and takes no room.
        self.w.decoration(&m.glyph);
        self.w.decoration(" ");
        self.w.pop();
        self.w.raw("</span>");
    }

    /// One item; `answer`: a reflection question, with its (decorative) answer space.
    fn item(&mut self, item: &ListItem, tight: bool, marker: Option<ItemMarker>, answer: bool) {
        self.w.raw("<li>");
        let mut rest = item.blocks.as_slice();
        match rest.split_first() {
            Some((first, tail)) if matches!(first.kind, BlockKind::Paragraph(_)) => {
                let BlockKind::Paragraph(content) = &first.kind else {
                    unreachable!("matched above")
                };
                if !tight {
                    self.w.raw("<p>");
                }
                if let Some(m) = &marker {
                    self.marker(m);
                }
                self.inlines(content);
                if !tight {
                    self.w.raw("</p>");
                }
                rest = tail;
            }
            _ => {
                if let Some(m) = &marker {
                    self.marker(m);
                }
            }
        }
        if !rest.is_empty() {
            self.w.raw("\n");
            self.blocks(rest);
        }
        if answer {
            self.w
                .raw("<div class=\"answer\" aria-hidden=\"true\"></div>");
        }
        self.w.raw("</li>\n");
    }

    /// The lead-in paragraph; for sayings it starts with the group's decorative glyph.
    fn lead(&mut self, lead: &Lead, glyph: Option<&str>) {
        self.w.raw("<p class=\"lead\">");
        if let Some(g) = glyph {
            self.w
                .raw("<span class=\"saying-glyph\" aria-hidden=\"true\">");
            self.w.push(Style::of(Family::Sans));
            self.w.decoration(g);
            self.w.decoration(" ");
            self.w.pop();
            self.w.raw("</span>");
        }
        self.inlines(&lead.content);
        self.w.raw("</p>\n");
    }

    pub fn sayings(&mut self, s: &Sayings) {
        let (style, class) = match s.kind {
            SayingKind::Avoid => (&self.ctx.theme.sayings.avoid, "sayings-avoid"),
            SayingKind::Try => (&self.ctx.theme.sayings.try_, "sayings-try"),
        };
        self.w.raw(&format!(
            "<div class=\"sayings {class}\" role=\"group\" aria-label=\"{}\">\n",
            attr(&style.label)
        ));
        if let Some(lead) = &s.lead {
            self.w.push(Style::of(Family::Heading));
            self.lead(lead, Some(&style.glyph));
            self.w.pop();
        }
        let italic = style.italic;
        for saying in &s.items {
            self.w.raw("<blockquote class=\"saying\"><p>");
            self.w.push_emphasis(italic, false);
            self.inlines(&saying.content);
            self.w.pop();
            self.w.raw("</p></blockquote>\n");
        }
        self.w.raw("</div>\n");
    }
}

/// The accessible name of a check, avoid or task list ([`Theme::list_name`]).
fn marked_label<'t>(list: &List, theme: &'t Theme) -> &'t str {
    let lead = list
        .lead
        .as_ref()
        .and_then(|l| crate::parse::saying_lead_kind(&crate::model::plain_text(&l.content)));
    theme.list_name(list.kind, lead).unwrap_or_default()
}

fn labelled(class: &str, label: &str) -> String {
    format!(
        "<ul class=\"{class}\" role=\"list\" aria-label=\"{}\">\n",
        attr(label)
    )
}
