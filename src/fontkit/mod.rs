//! Font files as the program reads and rewrites them, below the EPUB backend, the linter and
//! the typesetter (it uses only `crate::fonts`, `crate::diag`, `crate::theme` and crates): the
//! typesetter's parsed faces ([`Faces`]: harfrust fonts, metrics, names, the lazily parsed
//! fallbacks), a face's coverage read once by our own cmap reader ([`CharMap`], [`coverage`],
//! [`cached_coverage`], [`fallback_for`]), and subsetting ([`subset`],
//! [`subset_with_aliases`]), with the two checks the tests make of a subset ([`mapped_chars`],
//! [`glyph_count`]). Inside: the OpenType container and character map (`sfnt.rs`), our
//! TrueType subsetter (`ttf.rs`), which keeps kerning and ligatures through the subset layout
//! tables (`layout.rs`, with `coverage.rs`, `ligatures.rs`, `pairs.rs`), and allsorts for the
//! fonts it does not take (`subset.rs`).

mod charmap;
mod coverage;
mod faces;
mod layout;
mod ligatures;
mod pairs;
mod sfnt;
mod subset;
mod ttf;

pub use charmap::{cached_coverage, coverage, fallback_for, CharMap};
pub use faces::{role_index, Face, FaceId, Faces};
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
