//! The marker glyphs an author types before a list item or a quoted phrase: ✔ ✓ ☑ ✅ for things
//! to do, ❌ ✗ ✘ ✖ 🚫 ⛔ for things to avoid. Lists (`lists`) and sayings (`sayings`) both read
//! them here.

use crate::model::Marker;

/// Glyphs that mark an item of a check list (things to do or keep).
pub const CHECK_GLYPHS: &[char] = &['✔', '✓', '☑', '✅'];
/// Glyphs that mark an item of an avoid list (things not to do).
pub const AVOID_GLYPHS: &[char] = &['❌', '✗', '✘', '✖', '🚫', '⛔'];

/// The marker a piece of text starts with, and how many bytes the marker, a following U+FE0F
/// and the whitespace after it take.
pub fn leading_marker(text: &str) -> Option<(Marker, usize)> {
    let c = text.chars().next()?;
    let marker = if CHECK_GLYPHS.contains(&c) {
        Marker::Check(c)
    } else if AVOID_GLYPHS.contains(&c) {
        Marker::Avoid(c)
    } else {
        return None;
    };
    let mut len = c.len_utf8();
    let rest = &text[len..];
    let rest2 = rest.strip_prefix('\u{fe0f}').unwrap_or(rest);
    len += rest.len() - rest2.len();
    len += rest2.len() - rest2.trim_start().len();
    Some((marker, len))
}
