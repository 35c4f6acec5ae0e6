//! The flow: the document model, block by block, into a vertical flow of slots with keep
//! constraints and each chapter's footnotes apart.

pub mod blocks;
pub mod chapter;
pub mod cx;
pub mod deco;
#[cfg(test)]
mod deco_tests;
pub mod display;
pub mod front;
pub mod lines;
pub mod notes;
