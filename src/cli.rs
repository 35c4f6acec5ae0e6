//! The command line: clap derive definitions for `epub`, `pdf`, `build` and `check`, which
//! share one set of build arguments. Parsing only; `app` runs the commands.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "guidebuild",
    version,
    about = "Turn a Markdown manuscript into a typeset PDF and an accessible EPUB 3",
    after_help = "Examples:\n  guidebuild build                 # manuscript/ → out/<title>.pdf and .epub\n  guidebuild epub my-guide/ -o guide.epub\n  guidebuild check manuscript --format json"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the EPUB 3 e-book.
    #[command(after_help = "Example:\n  guidebuild epub manuscript -o out/guide.epub")]
    Epub(OutputArgs),
    /// Build the typeset, printable PDF.
    #[command(after_help = "Example:\n  guidebuild pdf manuscript --paper a5 -o out/guide-a5.pdf")]
    Pdf(PdfArgs),
    /// Build both the PDF and the EPUB from one parse.
    #[command(after_help = "Example:\n  guidebuild build manuscript -o out/")]
    Build(BuildAllArgs),
    /// Check the manuscript for slips (missing markers, skipped steps, stray straight quotes …).
    #[command(
        after_help = "Examples:\n  guidebuild check manuscript\n  guidebuild check manuscript --format json\n  guidebuild check manuscript --fix    # apply the safe fixes"
    )]
    Check(CheckArgs),
}

/// What every command shares: the manuscript and how diagnostics look.
#[derive(Debug, Args)]
pub struct InputArgs {
    /// Manuscript folder (with an optional guide.toml) or a single .md file.
    #[arg(default_value = "manuscript")]
    pub dir: PathBuf,
    /// Colour in diagnostics.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

#[derive(Debug, Args)]
pub struct BuildFlags {
    /// Treat warnings as errors: a build with warnings writes nothing and exits 1.
    #[arg(long)]
    pub deny_warnings: bool,
}

#[derive(Debug, Args)]
pub struct OutputArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Output file (default: beside a single .md file, `guide.md` → `guide.epub`; for a
    /// folder, out/<slug-of-title>.epub beside it).
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub flags: BuildFlags,
}

#[derive(Debug, Args)]
pub struct PdfArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Output file (default: beside a single .md file, `guide.md` → `guide.pdf`; for a
    /// folder, out/<slug-of-title>.pdf beside it).
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Paper size (overrides guide.toml): letter, a4, a5 or 6x9.
    #[arg(long, value_parser = parse_paper)]
    pub paper: Option<crate::config::Paper>,
    #[command(flatten)]
    pub flags: BuildFlags,
}

#[derive(Debug, Args)]
pub struct BuildAllArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Output folder (default: beside a single .md file; for a folder, out/ beside it).
    /// Must be a folder: a name ending in .pdf or .epub is refused.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Paper size for the PDF (overrides guide.toml): letter, a4, a5 or 6x9.
    #[arg(long, value_parser = parse_paper)]
    pub paper: Option<crate::config::Paper>,
    #[command(flatten)]
    pub flags: BuildFlags,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Output format of the diagnostics.
    #[arg(long, value_enum, default_value_t = FormatChoice::Human)]
    pub format: FormatChoice,
    /// Apply the safe fixes (add missing list markers, curly quotes) to the chapter files.
    #[arg(long)]
    pub fix: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatChoice {
    Human,
    Json,
}

fn parse_paper(s: &str) -> Result<crate::config::Paper, String> {
    crate::config::Paper::parse(s)
        .ok_or_else(|| format!("unknown paper `{s}`; use letter, a4, a5 or 6x9"))
}
