//! Font files as the typesetter reads them: parsed once per build, with their metrics, names,
//! bytes and cmap coverage.

mod faces;

pub use faces::{role_index, Face, FaceId, Faces};
