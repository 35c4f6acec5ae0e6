//! The linter's rules, one file per kind of slip: lists and sayings (`lists`), the
//! manuscript's structure (`structure`), the text itself (`text`), what the accessibility
//! claims rest on (`access`), images that cannot be used (`images`, run by `check` alone: a
//! build's renderers report them), colours a black-and-white print interior cannot show
//! (`print`, for that edition only).

pub(super) mod access;
pub(super) mod images;
pub(super) mod lists;
pub(super) mod print;
pub(super) mod structure;
pub(super) mod text;
