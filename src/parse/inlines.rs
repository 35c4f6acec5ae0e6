//! Inline content: text (adjacent pieces merged, smart punctuation already applied), emphasis,
//! strong, strikethrough, code, links, images, footnote references and breaks. Inline raw HTML
//! is dropped here (its text kept, `<br>` turned into a line break, `<script>`/`<style>` dropped
//! with their content).
//!
//! Links are an allow-list ([`is_allowed_link`]): `http:`, `https:`, `mailto:`, `tel:`, `#id`
//! and relative paths (chapter files, resolved later); any other scheme (`file:`,
//! `javascript:`, `data:`, …) and `//host` links are dropped with their text kept (GB104), so
//! neither output ever holds them. A link inside another link's text (an autolink in
//! `[a <https://x> b](https://y)`) becomes its text, and a footnote reference there moves
//! just after the link: no output nests one link in another. Images whose address is a
//! script are dropped the same way ([`is_unsafe_url`]).

use crate::diag::Span;
use crate::model::{Image, Inline, InlineKind, LinkTarget};
use crate::parse::blocks::{is_inline, is_inline_tag, Builder};
use pulldown_cmark::{Event, LinkType, Tag};

/// URL schemes that must never be an image's address.
pub const UNSAFE_SCHEMES: &[&str] = &["javascript:", "vbscript:", "data:"];

/// The only URL schemes a link may have (lower case, without the colon).
pub const LINK_SCHEMES: &[&str] = &["http", "https", "mailto", "tel"];

/// A link destination as browsers read its start: without the spaces and control characters
/// they ignore, lower case (only its first 40 characters: enough for any scheme here).
fn normalised_start(url: &str) -> String {
    url.chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_control())
        .take(40)
        .collect::<String>()
        .to_ascii_lowercase()
}

/// The scheme of a URL (lower case, `None` for a relative one), as [`normalised_start`] reads it.
fn scheme_of(url: &str) -> Option<String> {
    let norm = normalised_start(url);
    let (scheme, _) = norm.split_once(':')?;
    let valid = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
    valid.then(|| scheme.to_string())
}

/// Whether a link destination may go in the book: one of [`LINK_SCHEMES`], an internal `#id`,
/// or a relative path (a chapter file; what is not one the linter reports). Never another
/// scheme, nor `//host` (which a reader would resolve against the book itself).
pub fn is_allowed_link(url: &str) -> bool {
    match scheme_of(url) {
        Some(scheme) => LINK_SCHEMES.contains(&scheme.as_str()),
        None => !normalised_start(url).starts_with("//"),
    }
}

/// Whether a link destination uses one of [`UNSAFE_SCHEMES`] (ignoring case and the control
/// characters and spaces browsers ignore inside a scheme).
pub fn is_unsafe_url(url: &str) -> bool {
    let norm: String = url
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_control())
        .take(16)
        .collect::<String>()
        .to_ascii_lowercase();
    UNSAFE_SCHEMES.iter().any(|s| norm.starts_with(s))
}

/// What a link or an image becomes: an inline, or the inlines kept in its place (its text,
/// when it is dropped).
enum Kept {
    Inline(InlineKind),
    Instead(Vec<Inline>),
}

impl<'a> Builder<'a> {
    /// Reads inline content. With `stop_at_block` it stops (without consuming) at the first
    /// event that is not inline; otherwise it reads up to and including the enclosing `End`.
    pub(crate) fn inlines(&mut self, stop_at_block: bool) -> Vec<Inline> {
        self.depth += 1;
        let mut out = self.inlines_here(stop_at_block);
        self.depth -= 1;
        if !self.in_heading && out.iter().any(has_underscore) {
            out = with_blanks(out, self.src);
        }
        // kept to the end of the build: no room for more (most hold one or two inlines)
        out.shrink_to_fit();
        out
    }

    fn inlines_here(&mut self, stop_at_block: bool) -> Vec<Inline> {
        let mut out: Vec<Inline> = Vec::new();
        // Inline containers flattened into this level because nesting was too deep.
        let mut flat = 0usize;
        while let Some((ev, range)) = self.next_inline(stop_at_block, flat > 0) {
            let span = self.span(&range);
            let kind = match ev {
                Event::End(_) if flat > 0 => {
                    flat -= 1;
                    continue;
                }
                Event::End(_) => break,
                Event::Start(ref t) if is_inline_tag(t) && self.too_deep(&range) => {
                    flat += 1;
                    continue;
                }
                Event::Text(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                    if self.suppress.is_none() {
                        push_text(&mut out, &t, span);
                    }
                    continue;
                }
                Event::Code(t) => InlineKind::Code(t.to_string()),
                Event::SoftBreak => InlineKind::SoftBreak,
                Event::HardBreak => InlineKind::HardBreak,
                Event::FootnoteReference(l) => InlineKind::FootnoteRef {
                    label: l.to_string(),
                    number: 0,
                },
                Event::TaskListMarker(checked) => {
                    self.task = Some(checked);
                    continue;
                }
                Event::InlineHtml(h) | Event::Html(h) => match self.inline_html(&h, span) {
                    Some(k) => k,
                    None => continue,
                },
                Event::Start(Tag::Emphasis) => InlineKind::Emph(self.inlines(false)),
                Event::Start(Tag::Strong) => InlineKind::Strong(self.inlines(false)),
                Event::Start(Tag::Strikethrough) => InlineKind::Strike(self.inlines(false)),
                Event::Start(Tag::Superscript | Tag::Subscript) => {
                    out.extend(self.inlines(false));
                    continue;
                }
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    ..
                }) => match self.link(link_type, &dest_url, &title, span) {
                    Kept::Inline(kind) => kind,
                    Kept::Instead(content) => {
                        out.extend(content);
                        continue;
                    }
                },
                Event::Start(Tag::Image {
                    dest_url, title, ..
                }) => match self.image(&dest_url, &title, span) {
                    Kept::Inline(kind) => kind,
                    Kept::Instead(alt) => {
                        out.extend(alt);
                        continue;
                    }
                },
                Event::Start(_) => {
                    self.skip_element();
                    continue;
                }
                Event::Rule => continue,
            };
            if self.suppress.is_some() || is_empty_container(&kind) {
                continue;
            }
            out.push(Inline { kind, span });
        }
        out
    }

    /// The next event of this run of inlines: none at the end of the input or, with
    /// `stop_at_block`, at an event that is not inline (left unread), unless it is the `End`
    /// of a container that was `flattened`.
    fn next_inline(
        &mut self,
        stop_at_block: bool,
        flattened: bool,
    ) -> Option<(Event<'a>, std::ops::Range<usize>)> {
        match self.peek_event()? {
            Event::End(_) if flattened => {}
            ev if stop_at_block && !is_inline(ev) => return None,
            _ => {}
        }
        self.next_event()
    }

    /// A link whose `Start` was just read, with its content: dropped (its text kept) when its
    /// scheme is not allowed (GB104); else with any link in its text turned into that text
    /// and any footnote reference there moved after it.
    fn link(&mut self, link_type: LinkType, dest_url: &str, title: &str, span: Span) -> Kept {
        let content = self.inlines(false);
        let url = match link_type {
            LinkType::Email if !dest_url.starts_with("mailto:") => format!("mailto:{dest_url}"),
            _ => dest_url.to_string(),
        };
        if !is_allowed_link(&url) {
            let shown = match scheme_of(&url) {
                Some(scheme) => format!("`{scheme}:` link"),
                None => "link to `//…` (no scheme)".to_string(),
            };
            self.warn(
                "GB104",
                format!("{shown} dropped; its text is kept"),
                span,
                "only http:, https:, mailto: and tel: links, #ids and chapter files go in \
                 the book; link to an https:// address instead",
            );
            return Kept::Instead(content);
        }
        let mut notes = Vec::new();
        let content = unlink(content, &mut notes);
        let link = InlineKind::Link {
            // Internal targets are resolved once every heading id is known.
            target: LinkTarget::External(url),
            title: title.to_string(),
            content,
        };
        if notes.is_empty() {
            return Kept::Inline(link);
        }
        let mut instead = vec![Inline { kind: link, span }];
        instead.retain(|i| !is_empty_container(&i.kind));
        instead.extend(notes);
        Kept::Instead(instead)
    }

    /// An image whose `Start` was just read, with its alt text: dropped (the description
    /// kept) when its address is a script (GB104). The alt text as inlines is kept for a
    /// figure caption.
    fn image(&mut self, dest_url: &str, title: &str, span: Span) -> Kept {
        let alt = self.inlines(false);
        let alt_text = crate::model::plain_text(&alt);
        if is_unsafe_url(dest_url) && !dest_url.trim_start().starts_with("data:") {
            self.warn(
                "GB104",
                "image with a script address dropped; its description is kept".into(),
                span,
                "point the image at a file in the manuscript folder",
            );
            return Kept::Instead(alt);
        }
        self.last_alt = Some((span, alt));
        Kept::Inline(InlineKind::Image(Image {
            asset: None,
            src: dest_url.to_string(),
            alt: alt_text,
            title: title.to_string(),
        }))
    }

    /// Handles one inline HTML tag: `<br>` becomes a break, comments vanish, everything else is
    /// dropped with a warning (and `<script>`/`<style>` start dropping what follows).
    fn inline_html(&mut self, html: &str, span: Span) -> Option<InlineKind> {
        let h = html.trim();
        if h.starts_with("<!--") {
            return None;
        }
        let (closing, name) = tag_name(h);
        if let Some(open) = self.suppress {
            if closing && name == open {
                self.suppress = None;
            }
            return None;
        }
        if name == "br" && !closing {
            return Some(InlineKind::HardBreak);
        }
        if (name == "script" || name == "style") && !closing {
            if !h.ends_with("/>") {
                self.suppress = Some(if name == "script" { "script" } else { "style" });
            }
            self.warn(
                "GB103",
                format!("`<{name}>` dropped together with everything up to `</{name}>`"),
                span,
                "scripts and styles are never put in the book; the theme in guide.toml styles it",
            );
            return None;
        }
        let shown: String = h.chars().take(40).collect();
        self.warn(
            "GB102",
            format!("inline HTML `{shown}` dropped; the text around it is kept"),
            span,
            "use Markdown (*emphasis*, **strong**, [links](…)) instead of HTML tags",
        );
        None
    }
}

/// The fewest underscores in a row that make a fill-in blank (`My promise: ____`); fewer are
/// text (`snake_case`, `__init__`).
pub(crate) const BLANK_MIN_UNDERSCORES: usize = 4;

/// Whether `text` holds a fill-in blank (a run of [`BLANK_MIN_UNDERSCORES`] underscores).
pub fn holds_blank(text: &str) -> bool {
    blank_runs(text).next().is_some()
}

/// Whether `inl` is text with an underscore (it may be part of a blank).
fn has_underscore(inl: &Inline) -> bool {
    matches!(&inl.kind, InlineKind::Text(t) if t.contains('_'))
}

/// The byte ranges of the runs of at least [`BLANK_MIN_UNDERSCORES`] underscores in `t`.
fn blank_runs(t: &str) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
    let bytes = t.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < bytes.len() {
            if bytes[i] != b'_' {
                i += 1;
                continue;
            }
            let start = i;
            while i < bytes.len() && bytes[i] == b'_' {
                i += 1;
            }
            if i - start >= BLANK_MIN_UNDERSCORES {
                return Some(start..i);
            }
        }
        None
    })
}

/// The run with each text's blanks cut out as [`InlineKind::Blank`]s. Texts one after
/// another are read as one first (escaped underscores, `\_\_\_\_`, come as one text each). A
/// blank's span is its underscores in the source when the text is written as it reads
/// there, else the text's.
fn with_blanks(run: Vec<Inline>, src: &str) -> Vec<Inline> {
    let mut joined: Vec<Inline> = Vec::with_capacity(run.len());
    for inl in run {
        match (joined.last_mut(), &inl.kind) {
            (
                Some(Inline {
                    kind: InlineKind::Text(prev),
                    span,
                }),
                InlineKind::Text(t),
            ) if span.file == inl.span.file => {
                prev.push_str(t);
                span.end = inl.span.end.max(span.end);
            }
            _ => joined.push(inl),
        }
    }
    if !joined
        .iter()
        .any(|i| matches!(&i.kind, InlineKind::Text(t) if holds_blank(t)))
    {
        return joined;
    }
    let mut out = Vec::with_capacity(joined.len() + 2);
    for inl in joined {
        let InlineKind::Text(t) = &inl.kind else {
            out.push(inl);
            continue;
        };
        let verbatim = src.get(inl.span.start..inl.span.end) == Some(t.as_str());
        let at = |r: std::ops::Range<usize>| {
            if verbatim {
                Span::new(
                    inl.span.file,
                    inl.span.start + r.start,
                    inl.span.start + r.end,
                )
            } else {
                inl.span
            }
        };
        let mut from = 0;
        for r in blank_runs(t) {
            if r.start > from {
                out.push(Inline::text(&t[from..r.start], at(from..r.start)));
            }
            let len = u16::try_from(r.len()).unwrap_or(u16::MAX);
            out.push(Inline {
                kind: InlineKind::Blank(len),
                span: at(r.clone()),
            });
            from = r.end;
        }
        if from < t.len() {
            out.push(Inline::text(&t[from..], at(from..t.len())));
        }
    }
    out
}

/// Appends text, merging it with the previous text piece when the two are adjacent in the source.
fn push_text(out: &mut Vec<Inline>, t: &str, span: Span) {
    if let Some(Inline {
        kind: InlineKind::Text(prev),
        span: ps,
    }) = out.last_mut()
    {
        if ps.end == span.start && ps.file == span.file {
            prev.push_str(t);
            ps.end = span.end;
            return;
        }
    }
    out.push(Inline::text(t, span));
}

/// A link's text without links in it: each inner link becomes its text, each footnote reference
/// is taken out into `notes` (to follow the link). Emphasis inside is kept.
fn unlink(content: Vec<Inline>, notes: &mut Vec<Inline>) -> Vec<Inline> {
    let mut out = Vec::with_capacity(content.len());
    for mut inline in content {
        match inline.kind {
            InlineKind::Link { content, .. } => out.extend(unlink(content, notes)),
            InlineKind::FootnoteRef { .. } => notes.push(inline),
            InlineKind::Emph(ref mut c)
            | InlineKind::Strong(ref mut c)
            | InlineKind::Strike(ref mut c) => {
                *c = unlink(std::mem::take(c), notes);
                if !is_empty_container(&inline.kind) {
                    out.push(inline);
                }
            }
            _ => out.push(inline),
        }
    }
    out
}

/// Emphasis or strikethrough whose content was all dropped is not kept.
fn is_empty_container(kind: &InlineKind) -> bool {
    match kind {
        InlineKind::Emph(c) | InlineKind::Strong(c) | InlineKind::Strike(c) => c.is_empty(),
        InlineKind::Link { content, .. } => content.is_empty(),
        _ => false,
    }
}

/// Whether a tag is a closing one, and its lower-case name (`""` for `<!doctype>` and the like).
fn tag_name(h: &str) -> (bool, String) {
    let rest = h.strip_prefix('<').unwrap_or(h);
    let (closing, rest) = match rest.strip_prefix('/') {
        Some(r) => (true, r),
        None => (false, rest),
    };
    let name = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect::<String>()
        .to_ascii_lowercase();
    (closing, name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{BlockKind, LinkTarget};
    use crate::parse::tests::{body, codes, para_text};

    #[test]
    fn unsafe_schemes_are_recognised_through_case_and_whitespace() {
        assert!(is_unsafe_url("javascript:alert(1)"));
        assert!(is_unsafe_url(" JavaScript:alert(1)"));
        assert!(is_unsafe_url("java\tscript:x"));
        assert!(is_unsafe_url("vbscript:x"));
        assert!(is_unsafe_url("data:text/html,hi"));
        assert!(!is_unsafe_url("https://example.org/javascript:"));
        assert!(!is_unsafe_url("#javascript"));
    }

    #[test]
    fn tag_names() {
        assert_eq!(tag_name("<br/>"), (false, "br".into()));
        assert_eq!(tag_name("</SCRIPT>"), (true, "script".into()));
        assert_eq!(tag_name("<span class=x>"), (false, "span".into()));
    }

    #[test]
    fn raw_html_is_dropped_with_warnings() {
        let text =
            "a <span class=\"x\">kept</span> b<br>c <script>evil()</script> d <!-- hush -->\n\n\
                    <div>\nblock\n</div>\n\n<script>\nbad()\n</script>\n\n<!-- a comment -->\n\n\
                    Tail <style>p{}</style>end\n";
        let (blocks, diags, ms) = body(text);
        assert_eq!(
            codes(&diags),
            ["GB102", "GB102", "GB103", "GB101", "GB101", "GB103"]
        );
        assert_eq!(ms.sources.location(diags[3].span.unwrap()), "m/book.md:5:1");
        assert_eq!(blocks.len(), 2, "{blocks:#?}");
        assert_eq!(para_text(&blocks[0]), "a kept b c  d ");
        assert_eq!(para_text(&blocks[1]), "Tail end");
        let BlockKind::Paragraph(p) = &blocks[0].kind else {
            panic!()
        };
        assert!(p.iter().any(|i| i.kind == InlineKind::HardBreak));
        let all = format!("{blocks:?}");
        assert!(!all.contains("evil") && !all.contains("bad()") && !all.contains("p{}"));
    }

    #[test]
    fn unsafe_links_are_dropped_keeping_their_text() {
        let (blocks, diags, ms) =
            body("Click [here](javascript:alert(1)) or [there](DATA:text/html,x).\n");
        assert_eq!(para_text(&blocks[0]), "Click here or there.");
        let BlockKind::Paragraph(p) = &blocks[0].kind else {
            panic!()
        };
        assert!(p.iter().all(|i| matches!(i.kind, InlineKind::Text(_))));
        assert_eq!(codes(&diags), ["GB104", "GB104"]);
        assert_eq!(
            ms.sources.slice(diags[0].span.unwrap()),
            "[here](javascript:alert(1))"
        );
        assert!(diags[0].help.is_some());
    }

    #[test]
    fn only_allowed_link_schemes_are_kept() {
        for ok in [
            "https://example.org/x",
            "HTTP://example.org",
            "mailto:a@b.org",
            "tel:+1-555-0100",
            "#intro",
            "02-two.md#part",
            "./02-two.md",
            "",
        ] {
            assert!(is_allowed_link(ok), "{ok}");
        }
        for bad in [
            "file:///etc/passwd",
            "jar:file:x!/y",
            "blob:https://e.org/1",
            "livescript:x",
            "mocha:x",
            "java\tscript:alert(1)",
            " JavaScript:alert(1)",
            "data:text/html,x",
            "ftp://e.org/f",
            "//e.org/x",
        ] {
            assert!(!is_allowed_link(bad), "{bad}");
        }
    }

    #[test]
    fn links_with_other_schemes_are_dropped_at_their_place() {
        let (blocks, diags, ms) = body(
            "See [a](file:///etc/passwd), [b](jar:x!/y), <ftp://e.org/f> and [c](https://e.org).\n",
        );
        assert_eq!(codes(&diags), ["GB104", "GB104", "GB104"]);
        let at: Vec<String> = diags
            .iter()
            .map(|d| ms.sources.location(d.span.unwrap()))
            .collect();
        assert_eq!(at, ["m/book.md:3:5", "m/book.md:3:30", "m/book.md:3:45"]);
        assert!(diags[0].message.contains("`file:`"), "{}", diags[0].message);
        assert_eq!(para_text(&blocks[0]), "See a, b, ftp://e.org/f and c.");
        let BlockKind::Paragraph(p) = &blocks[0].kind else {
            panic!()
        };
        let links: Vec<&LinkTarget> = p
            .iter()
            .filter_map(|i| match &i.kind {
                InlineKind::Link { target, .. } => Some(target),
                _ => None,
            })
            .collect();
        assert_eq!(links, [&LinkTarget::External("https://e.org".into())]);
    }

    /// Every link in a run, with the depth of links it sits in.
    fn link_depths(run: &[Inline], depth: usize, out: &mut Vec<usize>) {
        for i in run {
            match &i.kind {
                InlineKind::Link { content, .. } => {
                    out.push(depth);
                    link_depths(content, depth + 1, out);
                }
                InlineKind::Emph(c) | InlineKind::Strong(c) | InlineKind::Strike(c) => {
                    link_depths(c, depth, out)
                }
                _ => {}
            }
        }
    }

    #[test]
    fn links_inside_link_text_become_text() {
        for (src, text) in [
            ("[a <https://x.org> b](https://y.org)", "a https://x.org b"),
            (
                "[a *<https://x.org>* b](https://y.org)",
                "a https://x.org b",
            ),
            ("[**a <me@x.org>**](https://y.org)", "a me@x.org"),
            ("[a ![i](p.png) <https://x.org>](#c)", "a  https://x.org"),
            ("[<https://x.org>](https://y.org)", "https://x.org"),
        ] {
            let (blocks, _, _) = body(&format!("{src}\n"));
            let BlockKind::Paragraph(p) = &blocks[0].kind else {
                panic!("{src}: {blocks:?}")
            };
            let mut depths = Vec::new();
            link_depths(p, 0, &mut depths);
            assert_eq!(depths, [0], "{src}: {p:#?}");
            assert_eq!(para_text(&blocks[0]), text, "{src}");
        }
    }

    #[test]
    fn a_footnote_reference_in_link_text_is_taken_out() {
        // Markdown never puts one there (`[a[^n]](u)` is no link), but a model built by hand can.
        let s = Span::default();
        let note = Inline {
            kind: InlineKind::FootnoteRef {
                label: "n".into(),
                number: 1,
            },
            span: s,
        };
        let inner = Inline {
            kind: InlineKind::Link {
                target: LinkTarget::External("https://x.org".into()),
                title: String::new(),
                content: vec![Inline::text("x", s), note.clone()],
            },
            span: s,
        };
        let emph = Inline {
            kind: InlineKind::Emph(vec![inner]),
            span: s,
        };
        let mut notes = Vec::new();
        let out = unlink(vec![Inline::text("a ", s), emph], &mut notes);
        assert_eq!(notes, [note]);
        assert_eq!(crate::model::plain_text(&out), "a x");
        let mut depths = Vec::new();
        link_depths(&out, 0, &mut depths);
        assert!(depths.is_empty());
    }

    /// The inlines of the one paragraph of `text` (kinds: `T` text, `B4` a blank of 4, …).
    fn kinds(text: &str) -> Vec<String> {
        let (blocks, _, _) = crate::parse::tests::body(text);
        let BlockKind::Paragraph(c) = &blocks[0].kind else {
            panic!("{blocks:?}")
        };
        c.iter()
            .map(|i| match &i.kind {
                InlineKind::Text(t) => format!("T{t}"),
                InlineKind::Blank(n) => format!("B{n}"),
                InlineKind::Code(t) => format!("C{t}"),
                other => format!("{other:?}"),
            })
            .collect()
    }

    #[test]
    fn runs_of_four_underscores_are_blanks_however_typed() {
        assert_eq!(kinds("My promise: ____"), ["TMy promise: ", "B4"]);
        assert_eq!(
            kinds("On ________ (the date)."),
            ["TOn ", "B8", "T (the date)."]
        );
        // escaped, so no emphasis: the same blank
        assert_eq!(kinds(r"Signed: \_\_\_\_\_"), ["TSigned: ", "B5"]);
        assert_eq!(
            kinds("Two: ____ and ____."),
            ["TTwo: ", "B4", "T and ", "B4", "T."]
        );
        // fewer than four, or in code, are text
        assert_eq!(
            kinds("snake_case and ___ and a_b"),
            ["Tsnake_case and ___ and a_b"]
        );
        assert_eq!(kinds("Type `____` here"), ["TType ", "C____", "T here"]);
    }

    #[test]
    fn a_heading_keeps_its_underscores_as_text() {
        let (blocks, _, _) = crate::parse::tests::body("## Goal: ____\n");
        let BlockKind::Heading { content, .. } = &blocks[0].kind else {
            panic!("{blocks:?}")
        };
        assert!(content
            .iter()
            .all(|i| matches!(i.kind, InlineKind::Text(_))));
    }
}
