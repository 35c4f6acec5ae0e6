//! Pages: the flow cut into pages and composed into frames.

pub mod body;
pub mod compose;
pub mod contents;
pub mod paginate;
pub mod starts;
