//! guidebuild: a Markdown manuscript in, a typeset PDF and an accessible EPUB 3 out.
//!
//! Data flows one way: [`manuscript::load`] reads files → [`parse::parse`] builds the owned
//! [`model::Document`] → [`epub::render`] and [`pdf::render`] turn it into bytes, and
//! [`check::lint`] finds the author's slips. Only the CLI and `manuscript` touch the filesystem.

// Diagnostics travel on the error path only and carry a message, help and fix: boxing them
// everywhere would add noise for no measurable gain.
#![allow(clippy::result_large_err)]

pub mod app;
pub mod check;
pub mod cli;
pub mod command;
pub mod config;
pub mod cores;
pub mod diag;
pub mod epub;
pub mod fontkit;
pub mod fonts;
pub mod image;
pub mod init;
pub mod manuscript;
pub mod model;
pub mod parse;
pub mod pdf;
pub mod report;
pub mod shell;
#[cfg(any(test, feature = "testing"))]
pub mod testing;
pub mod theme;
pub mod typeset;
pub mod watch;

/// What a backend produces: the file's bytes and any warnings found while making it.
#[derive(Debug, Clone, PartialEq)]
pub struct Rendered {
    pub bytes: Vec<u8>,
    pub diagnostics: Vec<diag::Diagnostic>,
    /// How many pages it has, for a paged format (the PDF); `None` for the EPUB.
    pub pages: Option<usize>,
}
