//! Font files as the program reads and rewrites them, below the EPUB backend and the
//! typesetter (it uses only `crate::fonts` and crates): a face's coverage, read once
//! ([`Face`], [`coverage`], [`cached_coverage`]), and subsetting ([`subset`],
//! [`subset_with_aliases`]), with the two checks the tests make of a subset ([`mapped_chars`],
//! [`glyph_count`]). Inside: the OpenType container and character map (`sfnt.rs`), our
//! TrueType subsetter (`ttf.rs`), which keeps kerning and ligatures through the subset layout
//! tables (`layout.rs`, with `coverage.rs`, `ligatures.rs`, `pairs.rs`), and allsorts for the
//! fonts it does not take (`subset.rs`).

mod coverage;
mod face;
mod layout;
mod ligatures;
mod pairs;
mod sfnt;
mod subset;
mod ttf;

pub use face::{cached_coverage, coverage, fallback_for, Face};
pub use subset::{glyph_count, mapped_chars, subset};
pub use ttf::Error as SubsetError;

use std::collections::{BTreeMap, BTreeSet};

/// Subsets a TrueType font to `chars`, and maps each character of `aliases` to the glyph of
/// the character it names (the replacement box for characters no font has). Only TrueType
/// outlines: anything else is [`SubsetError::NotTrueType`].
pub fn subset_with_aliases(
    bytes: &[u8],
    chars: &BTreeSet<char>,
    aliases: &BTreeMap<char, char>,
) -> Result<Vec<u8>, SubsetError> {
    ttf::subset_with(bytes, chars, aliases)
}
