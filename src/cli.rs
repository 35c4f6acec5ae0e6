//! The command line: clap derive definitions for `epub`, `pdf`, `build` and `check`, which
//! share one set of build arguments, and for the author's workflow: `init`, `watch`,
//! `completions` and `man`. Parsing only; `app` runs the commands.

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
    /// Start a new guide: a manuscript/ folder with guide.toml and sample chapters.
    #[command(
        after_help = "Examples:\n  guidebuild init my-guide\n  guidebuild init my-guide --title \"A Weekly Check-In\" --author \"Sam Lee\" --lang en\n\nThen: cd my-guide && guidebuild watch"
    )]
    Init(InitArgs),
    /// Build, then rebuild on every save until Ctrl-C.
    #[command(
        after_help = "Examples:\n  guidebuild watch                 # manuscript/ → out/, rebuilt on every save\n  guidebuild watch my-guide/manuscript --pdf --paper a5\n  guidebuild watch guide.md --epub -o /tmp/guide.epub"
    )]
    Watch(WatchArgs),
    /// Print a shell completion script.
    #[command(
        after_help = "Examples:\n  guidebuild completions bash > ~/.local/share/bash-completion/completions/guidebuild\n  guidebuild completions zsh > ~/.zfunc/_guidebuild\n  guidebuild completions fish > ~/.config/fish/completions/guidebuild.fish"
    )]
    Completions(CompletionsArgs),
    /// Print the manual page (roff), covering every command.
    #[command(
        after_help = "Example:\n  guidebuild man > ~/.local/share/man/man1/guidebuild.1 && man guidebuild"
    )]
    Man,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder to create the guide in (default: the current folder).
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// The guide's title (asked for on a terminal when no flag is given).
    #[arg(long)]
    pub title: Option<String>,
    /// The author's name (asked for on a terminal when no flag is given).
    #[arg(long)]
    pub author: Option<String>,
    /// The guide's language, a BCP 47 tag such as en, en-GB or de.
    #[arg(long)]
    pub lang: Option<String>,
    /// Write into a folder that is not empty, replacing files of the same names; other files
    /// are left alone.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct WatchArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Build only the PDF.
    #[arg(long, conflicts_with = "epub")]
    pub pdf: bool,
    /// Build only the EPUB.
    #[arg(long)]
    pub epub: bool,
    /// With --pdf or --epub, the output file; otherwise the output folder (defaults as for
    /// `build`).
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub paper: PaperArg,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
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

/// `--paper` for the commands that make the PDF beside the EPUB (`build`, `watch`); `pdf`
/// has its own, whose help need not say it is for the PDF.
#[derive(Debug, Args)]
pub struct PaperArg {
    /// Paper size for the PDF (overrides guide.toml): letter, a4, a5, 6x9, 5.5x8.5,
    /// 5x8 or 5.25x8; for a booklet, the sheet it is printed on (letter or a4); for a
    /// print-shop interior, its trim (default 6x9).
    #[arg(id = "paper", long = "paper", value_name = "PAPER", value_parser = parse_paper)]
    pub size: Option<crate::config::Paper>,
    /// What the PDF is for (overrides guide.toml's `[pdf] for`): home, booklet, kdp or ingramspark.
    #[arg(long = "for", value_name = "EDITION", value_parser = parse_edition, long_help = EDITION_HELP)]
    pub edition: Option<crate::config::Edition>,
    /// Make the PDF fillable on screen (overrides guide.toml's `[pdf] fillable`).
    #[arg(long, long_help = FILLABLE_HELP)]
    pub fillable: bool,
}

impl PaperArg {
    pub fn choice(&self) -> PdfChoice {
        PdfChoice {
            paper: self.size,
            edition: self.edition,
            fillable: self.fillable.then_some(true),
        }
    }
}

pub use crate::config::PdfChoice;

const EDITION_HELP: &str = "What the PDF is for (overrides guide.toml's `[pdf] for`):
  home     one page per sheet, to read on screen or print at home (the default)
  booklet  a saddle-stitched booklet: pages half the --paper sheet (letter: 5.5x8.5 in,
           a4: A5), two-sided, imposed two-up in folding order and padded with blank pages
           to a multiple of 4, the inner sheets shifted for the fold (creep). Print it
           double-sided, flipping on the short edge, fold the stack in half and staple it.
           Links, bookmarks and page labels are left out: it is for paper.
  kdp      a paperback interior for Amazon KDP, at the trim --paper or `[pdf.print] trim`
           names (default 6x9; also 5x8, 5.25x8, 5.5x8.5, a5, letter, a4): mirrored
           margins, the inside margin as wide as KDP's table asks for the page count,
           every chapter on a right-hand page, an even page count; black and white in
           DeviceGray (text pure black, tints at least 10 %), or CMYK with
           `[pdf.print] color = true`; TrimBox and BleedBox, with 0.125 in bleed for
           `[pdf.print] bleed = true`; fonts embedded whole; no links, bookmarks, form
           fields or tags; a PDF/X-1a:2001 file (PDF 1.3).
           A preflight reports what the service would refuse (also `check --for kdp`).
  ingramspark  the same for IngramSpark: at least 0.5 in from the trim on every side and
           IngramSpark's gutter table.";

const FILLABLE_HELP: &str =
    "Make the PDF fillable on screen (overrides guide.toml's `[pdf] fillable`): the same
pages, with a form field over each reflection question's answer lines (several lines),
each fill-in blank (one line) and each task-list box (a box to tick, ticked for [x]).
Each field is named by its chapter and place (ch3.q2, ch3.blank1, ch3.task4) and says
what it asks when pointed at. Typed answers are saved in the PDF by any viewer that fills
forms. For the home edition only: a booklet or a print-shop interior is for paper.";

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
    /// folder, out/<slug-of-title>.epub beside it). `-` (or /dev/stdout) writes the book to
    /// standard output; a link is written through; a folder, FIFO or device is refused.
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
    /// folder, out/<slug-of-title>.pdf beside it). `-` (or /dev/stdout) writes the book to
    /// standard output; a link is written through; a folder, FIFO or device is refused.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Paper size (overrides guide.toml): letter, a4, a5, 6x9, 5.5x8.5, 5x8
    /// or 5.25x8; for a booklet, the sheet it is printed on (letter or a4); for a
    /// print-shop interior, its trim (default 6x9).
    #[arg(long, value_parser = parse_paper)]
    pub paper: Option<crate::config::Paper>,
    /// What the PDF is for (overrides guide.toml's `[pdf] for`): home, booklet, kdp or ingramspark.
    #[arg(long = "for", value_name = "EDITION", value_parser = parse_edition, long_help = EDITION_HELP)]
    pub edition: Option<crate::config::Edition>,
    /// Make the PDF fillable on screen (overrides guide.toml's `[pdf] fillable`).
    #[arg(long, long_help = FILLABLE_HELP)]
    pub fillable: bool,
    #[command(flatten)]
    pub flags: BuildFlags,
}

impl PdfArgs {
    pub fn choice(&self) -> PdfChoice {
        PdfChoice {
            paper: self.paper,
            edition: self.edition,
            fillable: self.fillable.then_some(true),
        }
    }
}

#[derive(Debug, Args)]
pub struct BuildAllArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Output folder (default: beside a single .md file; for a folder, out/ beside it).
    /// Must be a folder: a name ending in .pdf or .epub is refused.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub paper: PaperArg,
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
    /// Also preflight the PDF for a print shop (kdp or ingramspark): type, lines, images,
    /// the safe area, the page count and colour, as a build with `--for` reports them.
    #[arg(long = "for", value_name = "EDITION", value_parser = parse_edition)]
    pub edition: Option<crate::config::Edition>,
    /// Paper (trim) for the preflight of `--for` (default 6x9).
    #[arg(long, value_parser = parse_paper, requires = "edition")]
    pub paper: Option<crate::config::Paper>,
    /// With --fix: also fix a read-only chapter (it keeps its mode) and rewrite a hard-linked
    /// one in place (keeping its links); without it, such a chapter stops the fix.
    #[arg(long, requires = "fix")]
    pub force: bool,
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
    crate::config::Paper::parse(s).ok_or_else(|| {
        format!("unknown paper `{s}`; use letter, a4, a5, 6x9, 5.5x8.5, 5x8 or 5.25x8")
    })
}

fn parse_edition(s: &str) -> Result<crate::config::Edition, String> {
    crate::config::Edition::parse(s).ok_or_else(|| {
        format!(
            "unknown edition `{s}`; use {}",
            crate::config::EDITION_NAMES
        )
    })
}
