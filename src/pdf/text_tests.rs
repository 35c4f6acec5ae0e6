//! Tests of paragraph setting as a whole: shaping, hyphenation, Knuth–Plass breaking and line
//! layout together, on fixed text and on generated prose (see [`super::text_prose`]).

use super::fonts::FontStore;
use super::para::*;
use crate::diag::Span;
use crate::fonts::FontFiles;
use crate::theme::FontRole;

pub(crate) fn store() -> FontStore {
    FontStore::new(&FontFiles::default_set()).unwrap()
}

pub(crate) fn piece(text: &str) -> Piece {
    Piece {
        text: text.to_string(),
        role: FontRole::Body,
        size: 10.0,
        color: (0.0, 0.0, 0.0),
        link: None,
        span: Span::new(0, 0, text.len()),
        keep_together: false,
    }
}

pub(crate) fn spec(width: f32) -> ParaSpec {
    ParaSpec {
        width,
        first_indent: 0.0,
        align: ParaAlign::Justify,
        hyphenate: true,
        line_height: 13.0,
        em: 10.0,
    }
}

const TEXT: &str = "Repairing trust is slow work, and it begins with taking responsibility for \
what happened without excuses. Say what you did, name the effect it had on the other person, \
and ask what they need from you now. Then keep the small promises you make, consistently, \
for as long as it takes; reliability over weeks and months is what rebuilds confidence.";

#[test]
fn smoke_justified_paragraph() {
    let s = store();
    let r = set_paragraph(&s, &[piece(TEXT)], &spec(300.0));
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
    assert!(r.lines.len() >= 3);
    let text: Vec<&str> = r.lines.iter().map(|l| l.text.as_str()).collect();
    for l in &r.lines {
        eprintln!(
            "{:7.2} {:5.2} {} {}",
            l.width, l.max_space_em, l.overfull, l.text
        );
    }
    for (i, l) in r.lines.iter().enumerate() {
        assert!(!l.overfull);
        assert!(l.width <= 300.01, "{} {:?}", l.width, text);
        if i + 1 < r.lines.len() {
            assert!(
                (l.width - 300.0).abs() < 0.01,
                "line {i} {} {:?}",
                l.width,
                text
            );
        }
    }
}
