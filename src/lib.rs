//! guidebuild: a Markdown manuscript in, a typeset PDF and an accessible EPUB 3 out.
//!
//! Data flows one way: [`manuscript::load`] reads files (and `config` their options, once) →
//! [`parse::document`] builds the owned [`model::Document`] → [`typeset::typeset`] sets it in
//! pages of positioned items and [`pdf::pdf`] writes them; [`epub::render`] makes the e-book from
//! the same document, and [`check::lint`] finds the author's slips. Warnings travel beside each
//! stage's value in a [`diag::Warned`]. Only the CLI and `manuscript` touch the filesystem.

// Diagnostics travel on the error path only and carry a message, help and fix: boxing them
// everywhere would add noise for no measurable gain.
#![allow(clippy::result_large_err)]

pub mod app;
pub mod check;
pub mod cli;
pub mod command;
pub mod config;
pub mod cores;
pub mod date;
pub mod diag;
pub mod epub;
pub mod fontkit;
pub mod fonts;
pub mod image;
pub mod init;
pub mod manuscript;
pub mod memory;
pub mod model;
pub mod outfile;
pub mod parse;
pub mod pdf;
pub mod report;
pub mod shell;
#[cfg(any(test, feature = "testing"))]
pub mod testing;
pub mod theme;
pub mod typeset;
pub mod watch;

/// What a backend produces: the file's bytes (its warnings travel beside it, in a
/// [`diag::Warned`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Rendered {
    pub bytes: Vec<u8>,
    /// How many pages it has, for a paged format (the PDF); `None` for the EPUB.
    pub pages: Option<usize>,
}
