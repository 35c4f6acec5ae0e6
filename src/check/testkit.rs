//! Test helpers: in-memory manuscripts and hand-built documents whose spans point at real text,
//! so the rules can be unit-tested without the parser or the filesystem.

use crate::config::GuideConfig;
use crate::diag::{Diagnostic, FileId, Sources, Span};
use crate::fonts::FontFiles;
use crate::manuscript::{ChapterSource, Manuscript};
use crate::model::*;

pub struct Book {
    pub sources: Sources,
    pub chapters: Vec<Chapter>,
}

impl Book {
    pub fn new() -> Self {
        Book {
            sources: Sources::default(),
            chapters: Vec::new(),
        }
    }

    pub fn file(&mut self, name: &str, text: &str) -> FileId {
        self.sources.add(name, text)
    }

    /// Span of the `n`th (0-based) occurrence of `needle` in file `f`.
    pub fn find_nth(&self, f: FileId, needle: &str, n: usize) -> Span {
        let text = &self.sources.get(f).text;
        let (at, _) = text
            .match_indices(needle)
            .nth(n)
            .unwrap_or_else(|| panic!("`{needle}` not in file"));
        Span::new(f, at, at + needle.len())
    }

    pub fn find(&self, f: FileId, needle: &str) -> Span {
        self.find_nth(f, needle, 0)
    }

    pub fn text(&self, f: FileId, needle: &str) -> Inline {
        Inline::text(needle, self.find(f, needle))
    }

    pub fn para(&self, f: FileId, needle: &str) -> Block {
        Block {
            kind: BlockKind::Paragraph(vec![self.text(f, needle)]),
            span: self.find(f, needle),
        }
    }

    /// A heading block whose source line is `line` (e.g. `"### Tips"`), content after the `#`s.
    pub fn heading(&self, f: FileId, line: &str, id: &str) -> Block {
        let span = self.find(f, line);
        let level = line.chars().take_while(|&c| c == '#').count() as u8;
        let content = line[level as usize..].trim();
        let content = content.split(" {#").next().unwrap_or(content);
        Block {
            kind: BlockKind::Heading {
                level,
                id: id.to_string(),
                content: vec![self.text(f, content)],
            },
            span,
        }
    }

    /// A list whose items are the given source lines (`"- ✔ honesty"`), markers as typed.
    pub fn list(&self, f: FileId, kind: ListKind, lines: &[&str]) -> Block {
        let items: Vec<ListItem> = lines
            .iter()
            .map(|line| {
                let span = self.find(f, line);
                let body = line.trim_start_matches(['-', '*', ' ']);
                let (marker, rest) = split_marker(body);
                ListItem {
                    marker,
                    checked: None,
                    blocks: vec![self.para(f, rest)],
                    span,
                }
            })
            .collect();
        let span = Span::new(f, items[0].span.start, items.last().unwrap().span.end);
        Block {
            kind: BlockKind::List(List {
                kind,
                tight: true,
                lead: None,
                answer_lines: None,
                items,
            }),
            span,
        }
    }

    pub fn chapter(&mut self, f: FileId, title: &str, blocks: Vec<Block>) {
        let span = self.find(f, &format!("# {title}"));
        let title_inl = self.text(f, title);
        let n = self.chapters.len();
        self.chapters.push(Chapter {
            untitled: false,
            id: format!("ch{n:02}"),
            title: vec![title_inl],
            title_text: title.to_string(),
            heading_id: title.to_lowercase().replace(' ', "-"),
            span,
            blocks,
            footnotes: Vec::new(),
        });
    }

    pub fn doc(&self) -> Document {
        Document {
            meta: Metadata {
                title: "Test".into(),
                subtitle: None,
                authors: vec!["Anonymous".into()],
                lang: "en".into(),
                date: Some("2024-01-01".into()),
                timestamp: 0,
                identifier: "x".into(),
                description: None,
                keywords: Vec::new(),
                publisher: None,
                rights: None,
                cover: None,
            },
            chapters: self.chapters.clone(),
            assets: Vec::new(),
        }
    }

    pub fn ms(&self) -> Manuscript {
        let mut files: Vec<FileId> = self.chapters.iter().map(|c| c.span.file).collect();
        files.dedup();
        Manuscript {
            root: ".".into(),
            sources: self.sources.clone(),
            config: GuideConfig::default(),
            config_file: None,
            chapters: files
                .into_iter()
                .map(|file| ChapterSource {
                    file,
                    body_start: 0,
                    front: Default::default(),
                })
                .collect(),
            fonts: FontFiles::default_set(),
            source_date_epoch: None,
            newest_mtime: None,
        }
    }

    /// The lint's diagnostics in the order the report shows them.
    pub fn lint(&self) -> Vec<Diagnostic> {
        let mut d = super::lint(&self.doc(), &self.ms());
        crate::diag::sort_for_output(&mut d);
        d
    }

    /// `file:line:col code` of each diagnostic, for compact assertions.
    pub fn codes(&self) -> Vec<String> {
        self.lint()
            .iter()
            .map(|d| match d.span {
                Some(s) => format!("{} {}", self.sources.location(s), d.code),
                None => d.code.to_string(),
            })
            .collect()
    }
}

fn split_marker(body: &str) -> (Option<Marker>, &str) {
    if let Some(rest) = body.strip_prefix("[x] ") {
        return (Some(Marker::Check('x')), rest);
    }
    let mut chars = body.chars();
    match chars.next() {
        Some(c @ ('✔' | '✓' | '☑')) => (Some(Marker::Check(c)), chars.as_str().trim_start()),
        Some(c @ ('❌' | '✗' | '✘' | '✖')) => {
            (Some(Marker::Avoid(c)), chars.as_str().trim_start())
        }
        _ => (None, body),
    }
}
