//! The linter's rules, one file per kind of slip: lists and sayings (`lists`), the
//! manuscript's structure (`structure`), the text itself (`text`).

pub(super) mod lists;
pub(super) mod structure;
pub(super) mod text;
