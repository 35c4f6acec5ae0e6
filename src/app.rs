//! Running the commands: load → parse → read images → lint → render → write atomically, with
//! diagnostics printed the same way by every command, a status line per output, and the exit
//! codes of the contract (0 ok, 1 manuscript errors, 2 usage or I/O errors).

use crate::cli::{CheckArgs, ColorChoice, FormatChoice, InputArgs, PdfChoice};
use crate::diag::{Diagnostic, FileId, Severity, Subject, Warned};
use crate::manuscript::{self, Manuscript};
use crate::model::Document;
use crate::model::PageStart;
pub use crate::outfile::{write_atomic, Durability};
use crate::report::{self, Format};
use crate::typeset::TypesetOptions;
use crate::{check, epub, parse, pdf};
use std::collections::BTreeSet;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

/// Exit code: success.
pub const OK: u8 = 0;
/// Exit code: the manuscript has errors (or warnings under `--deny-warnings` / `check`).
pub const MANUSCRIPT: u8 = 1;
/// Exit code: usage or I/O error.
pub const USAGE: u8 = 2;

/// Whether `-o` asks for the bytes on standard output: `-` or `/dev/stdout`, spelled so.
pub fn is_stdout(o: &Path) -> bool {
    o == Path::new("-") || o == Path::new("/dev/stdout")
}

/// `build -o` names a folder: refuse a path that reads as a file name, or is a file.
fn output_folder_ok(o: &Path) -> Result<(), String> {
    if is_stdout(o) {
        return Err(format!(
            "`-o {}` is standard output, but `build` writes two files into a folder\n  \
             = help: `guidebuild pdf -o -` or `guidebuild epub -o -` streams one book",
            o.display()
        ));
    }
    let ext = o
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    if matches!(ext.as_deref(), Some("pdf" | "epub")) {
        return Err(format!(
            "`-o {}` names a file, but `build` writes two files into a folder\n  \
             = help: give a folder (`-o out`), or use `guidebuild pdf -o FILE.pdf` / \
             `guidebuild epub -o FILE.epub` for one file",
            o.display()
        ));
    }
    if o.exists() && !o.is_dir() {
        return Err(format!(
            "`-o {}` is a file, not a folder\n  = help: give a folder for `build` to write into",
            o.display()
        ));
    }
    Ok(())
}

/// The longest name an output takes by default, in bytes before its extension: well under
/// the 255 bytes file systems allow, with room for the temporary file's longer name.
pub const NAME_MAX_BYTES: usize = 100;

/// A stable 32-bit hash (FNV-1a) of a name, as 8 hex digits.
fn name_hash(name: &str) -> String {
    let mut h: u32 = 0x811c_9dc5;
    for b in name.bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    format!("{h:08x}")
}

/// `name` cut to at most [`NAME_MAX_BYTES`]: on a character boundary, at a hyphen when that
/// keeps most of it, then `-` and a short hash of the whole name, so two long titles that
/// start alike still get different files.
pub fn short_name(name: &str) -> String {
    if name.len() <= NAME_MAX_BYTES {
        return name.to_string();
    }
    let hash = name_hash(name);
    let room = NAME_MAX_BYTES - 1 - hash.len();
    let mut cut = room;
    while !name.is_char_boundary(cut) {
        cut -= 1;
    }
    let head = &name[..cut];
    let head = match head.rfind('-') {
        Some(i) if i >= room / 2 => &head[..i],
        _ => head,
    };
    format!("{}-{hash}", head.trim_end_matches('-'))
}

/// The name outputs take: a single `.md` file's own name (`guide.md` → `guide`), else the
/// slug of the title; cut by [`short_name`].
fn output_name(input: &Path, slug: &str) -> String {
    let name = input
        .is_file()
        .then(|| input.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .flatten()
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| slug.to_string());
    short_name(&name)
}

/// Where an output goes when no `-o` names it: beside a single `.md` file, named after the
/// file (`guide.md` → `guide.pdf`); for a folder, `out/<slug-of-title>.<ext>` beside the
/// folder.
pub fn default_output(input: &Path, slug: &str, ext: &str) -> PathBuf {
    let parent = input.parent().unwrap_or(Path::new(""));
    let name = format!("{}.{ext}", output_name(input, slug));
    if input.is_file() {
        parent.join(name)
    } else {
        parent.join("out").join(name)
    }
}

/// Which outputs to make; `Some(None)` = the default path.
#[derive(Debug, Clone, Default)]
pub struct Outputs {
    pub epub: Option<Option<PathBuf>>,
    pub pdf: Option<Option<PathBuf>>,
}

impl Outputs {
    /// Both books, each at its default place or (`-o`) in the folder `folder`; a folder
    /// that reads as a file name is refused (after printing why) with the exit code.
    pub fn both(folder: &Option<PathBuf>) -> Result<Outputs, u8> {
        if let Some(o) = folder {
            if let Err(msg) = output_folder_ok(o) {
                eprintln!("error: {msg}");
                return Err(USAGE);
            }
        }
        Ok(Outputs {
            epub: Some(folder.clone()),
            pdf: Some(folder.clone()),
        })
    }
}

fn color(input: &InputArgs) -> bool {
    match input.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none() && std::io::stderr().is_terminal()
        }
    }
}

fn print_diags(diags: &[Diagnostic], ms: Option<&Manuscript>, color: bool) {
    if diags.is_empty() {
        return;
    }
    let empty = Default::default();
    let sources = ms.map(|m| &m.sources).unwrap_or(&empty);
    let text = report::render(diags, sources, Format::Human { color });
    let _ = std::io::stderr().write_all(text.as_bytes());
}

/// A loaded manuscript and its parsed document, images read.
type Loaded = (Manuscript, Document);

/// Loads, parses, reads images and lints. `Err` carries the exit code after printing.
fn prepare(input: &InputArgs, format: Format) -> Result<Warned<Loaded>, u8> {
    let mut loaded = load_and_parse(input, format)?;
    let (ms, doc) = &loaded.value;
    let lints = check::lint(doc, ms);
    let images = check::images(doc);
    loaded.extend(lints);
    loaded.extend(images);
    Ok(loaded)
}

/// [`prepare`] without the lint, which a build runs beside the backends. The diagnostics
/// that come with the document may hold errors that do not stop it being checked (an image
/// that cannot be read): a build looks at them before writing anything.
fn load_and_parse(input: &InputArgs, format: Format) -> Result<Warned<Loaded>, u8> {
    let ms = manuscript::load_with_sources(&input.dir).map_err(|(d, sources)| {
        let text = report::render(&[d], &sources, format);
        match format {
            Format::Json => print!("{text}"),
            Format::Human { .. } => eprint!("{text}"),
        }
        USAGE
    })?;
    let mut parsed = parse::document(&ms);
    let assets = manuscript::load_assets(&mut parsed.value, &ms);
    parsed.extend(assets);
    Ok(parsed.map(|doc| (ms, doc)))
}

/// `slug-of-the-title` for default output names.
pub fn slug(title: &str) -> String {
    let mut s = String::new();
    for c in title.chars() {
        if c.is_alphanumeric() {
            s.extend(c.to_lowercase());
        } else if !s.ends_with('-') && !s.is_empty() {
            s.push('-');
        }
    }
    let s = s.trim_end_matches('-').to_string();
    if s.is_empty() {
        "book".into()
    } else {
        s
    }
}

/// Sizes for status lines: `58.1 KB`.
pub fn human_size(n: usize) -> String {
    if n >= 1024 * 1024 {
        format!("{:.1} MB", n as f64 / (1024.0 * 1024.0))
    } else {
        format!("{:.1} KB", n as f64 / 1024.0)
    }
}

pub(crate) fn build(input: &InputArgs, out: Outputs, pdf: PdfChoice, deny: bool) -> u8 {
    build_both(input, out, pdf, deny)
}

/// What one build did, for a caller that reports it its own way (`watch`).
#[derive(Debug, Clone, Default)]
pub struct BuildReport {
    /// The exit code the build commands return for it.
    pub code: u8,
    /// The files written, with their sizes in bytes and, for the PDF, its page count; empty
    /// when the build failed.
    pub written: Vec<(PathBuf, usize, Option<usize>)>,
    /// Where the outputs go, written or not (empty when the manuscript did not load).
    pub targets: Vec<PathBuf>,
    /// The files the build read: chapters, guide.toml and images (empty when the manuscript
    /// did not load).
    pub inputs: Vec<PathBuf>,
    /// How many diagnostics were printed.
    pub diagnostics: usize,
    /// From the start of loading to the outputs rendered.
    pub elapsed: std::time::Duration,
    /// How to print what was written, when that is not obvious (a booklet).
    pub hint: Option<String>,
}

pub(crate) fn build_both(
    input: &InputArgs,
    out: Outputs,
    pdf: PdfChoice,
    deny_warnings: bool,
) -> u8 {
    let report = build_once(input, &out, pdf, deny_warnings);
    for (path, size, _) in &report.written {
        let ms = report.elapsed.as_secs_f64() * 1000.0;
        if is_stdout(path) {
            // stdout carries the book itself
            eprintln!(
                "wrote standard output ({}) in {ms:.0} ms",
                human_size(*size)
            );
        } else {
            println!(
                "wrote {} ({}) in {ms:.0} ms",
                path.display(),
                human_size(*size)
            );
        }
    }
    if let (Some(hint), false) = (&report.hint, report.written.is_empty()) {
        eprintln!("{hint}");
    }
    report.code
}

/// One build, start to end: loads, renders, prints the diagnostics (and any error) on stderr
/// and writes the outputs atomically, but prints no status line and never exits, so `watch`
/// can run it again and again.
pub fn build_once(
    input: &InputArgs,
    out: &Outputs,
    pdf: PdfChoice,
    deny_warnings: bool,
) -> BuildReport {
    let start = Instant::now();
    let mut report = BuildReport::default();
    let color = color(input);
    let loaded = match load_and_parse(input, Format::Human { color }) {
        Ok(loaded) => loaded,
        Err(code) => {
            report.code = code;
            report.diagnostics = 1;
            return report;
        }
    };
    let ((ms, doc), mut diags) = loaded.into_parts();
    report.inputs = read_files(&ms, &doc);
    let pdf_opts = match TypesetOptions::for_edition(&ms.config, pdf) {
        Ok(o) => o,
        Err(d) => {
            diags.push(d);
            print_diags(&diags, Some(&ms), color);
            report.code = USAGE;
            report.diagnostics = diags.len();
            return report;
        }
    };
    let booklet = pdf_opts.booklet.is_some() && out.pdf.is_some();
    if booklet {
        report.hint = Some(
            "note: a booklet: print it double-sided, flipping on the short edge, then fold \
             the stack in half and staple it on the fold"
                .into(),
        );
    }
    let shop = pdf_opts.print.filter(|_| out.pdf.is_some());
    if let Some(p) = shop {
        report.hint = Some(format!(
            "note: the {} paperback interior, {} in trim{}: upload it as the interior file; \
             the cover is a file of its own",
            p.service.name(),
            pdf_opts.paper.name(),
            if p.bleed { ", with bleed" } else { "" }
        ));
    }
    let suffix = match (booklet, shop) {
        (true, _) => Some("booklet"),
        (false, Some(p)) => Some(p.service.id()),
        (false, None) => None,
    };
    let targets = targets(input, out, &doc.meta.title, suffix);
    report.targets = targets.iter().map(|(_, path)| path.clone()).collect();
    if let Err(code) = writable(&targets) {
        print_diags(&diags, Some(&ms), color);
        report.code = code;
        report.diagnostics = diags.len() + 1;
        return report;
    }
    let blocks = doc
        .chapters
        .iter()
        .map(|c| c.blocks.len() + c.footnotes.len());
    let longest = doc.chapters.iter().flat_map(|c| &c.blocks);
    crate::memory::large_build(
        ms.sources.files.iter().map(|f| f.text.len()).sum(),
        blocks.sum(),
        longest
            .map(|b| b.span.end - b.span.start)
            .max()
            .unwrap_or(0),
    );
    let shared = Arc::new((ms, doc));
    let made = lint_and_render(&shared, &targets, &pdf_opts);
    diags.extend(made.warnings);
    if let Some(p) = &shop {
        diags.extend(check::print_colors(&shared.0, p));
    }
    let diags = drop_repeated_coverage_warnings(diags);
    print_diags(&diags, Some(&shared.0), color);
    report.diagnostics = diags.len();
    if let Some(code) = refusal(&diags, deny_warnings) {
        report.code = code;
        return report;
    }
    report.elapsed = start.elapsed();
    report.code = write_outputs(&made.value, &mut report.written);
    report
}

/// Every file a build read: chapters, guide.toml and images.
fn read_files(ms: &Manuscript, doc: &Document) -> Vec<PathBuf> {
    (ms.sources.files.iter())
        .map(|f| PathBuf::from(&f.name))
        .chain(doc.assets.iter().map(|a| ms.root.join(&a.rel_path)))
        .collect()
}

/// One output a build makes: which (`"pdf"` or `"epub"`) and where it goes.
type Target = (&'static str, PathBuf);

/// Where each output asked for goes, the PDF first: `-o` as given for one output, a file in
/// the `-o` folder for both, else the default place. A booklet's or a print shop's default
/// name ends in the edition (`-booklet.pdf`, `-kdp.pdf`), so it never replaces the
/// one-page-per-sheet PDF.
fn targets(input: &InputArgs, out: &Outputs, title: &str, suffix: Option<&str>) -> Vec<Target> {
    let slug = slug(title);
    let both = out.epub.is_some() && out.pdf.is_some();
    let named = |ext: &str| {
        let name = output_name(&input.dir, &slug);
        match (ext, suffix) {
            ("pdf", Some(suffix)) => format!("{name}-{suffix}"),
            _ => name,
        }
    };
    let place = |o: &Option<PathBuf>, ext: &str| match o {
        Some(p) if both => p.join(format!("{}.{ext}", named(ext))),
        Some(p) => p.clone(),
        None => default_output(&input.dir, &named(ext), ext),
    };
    [("pdf", &out.pdf), ("epub", &out.epub)]
        .into_iter()
        .filter_map(|(ext, o)| Some((ext, place(o.as_ref()?, ext))))
        .collect()
}

/// Checks every target can be written before the layout runs: each is a regular file or
/// absent (a link is followed) in a folder that can take it. `Err` is the exit code, after
/// printing why.
fn writable(targets: &[Target]) -> Result<(), u8> {
    for (_, path) in targets.iter().filter(|(_, p)| !is_stdout(p)) {
        if let Err(e) = crate::outfile::preflight(path) {
            eprintln!(
                "error: cannot write {}: {e}\n  = help: give `-o` a regular file in a folder \
                 you can write to (`-o -` writes one book to standard output); nothing was built",
                path.display()
            );
            return Err(USAGE);
        }
    }
    Ok(())
}

/// An output made in memory: where it goes, its bytes and (for the PDF) its page count.
type Made = (PathBuf, Vec<u8>, Option<usize>);

/// Lints and renders the outputs asked for. The lint and the two backends are independent:
/// the PDF is typeset on this thread while a helper, on the other core, lints and (when asked
/// for) makes the EPUB. Comes back with the outputs that rendered and every diagnostic of
/// the lint and the backends (a backend that failed gives its error).
fn lint_and_render(
    shared: &Arc<Loaded>,
    targets: &[Target],
    pdf_opts: &TypesetOptions,
) -> Warned<Vec<Made>> {
    let target = |ext: &str| targets.iter().find(|(e, _)| *e == ext).map(|(_, p)| p);
    let want_epub = target("epub").is_some();
    let source = pdf::edition_name(&shared.1.meta.title, pdf_opts);
    // The EPUB carries the PDF's page numbers: it waits for the layout's page starts.
    let lint_and_epub = move |(ms, doc): &Loaded, starts: Option<Vec<PageStart>>| {
        let lints = check::lint(doc, ms);
        let opts = epub::EpubOptions {
            pages: starts.map(|starts| epub::PageList { starts, source }),
            ..Default::default()
        };
        let e = want_epub.then(|| epub::render(doc, &ms.config.theme, &ms.fonts, &opts));
        (lints, e)
    };
    let (tell, told) = std::sync::mpsc::channel::<Vec<PageStart>>();
    let helper = {
        let shared = Arc::clone(shared);
        let lint_and_epub = lint_and_epub.clone();
        crate::cores::spawn_apart("lint+epub", move || {
            let starts = want_epub.then(|| told.recv().ok()).flatten();
            lint_and_epub(&shared, starts)
        })
    };
    let (ms, doc) = &**shared;
    let mut starts = None;
    let mut keep = |s: &[PageStart]| {
        let _ = tell.send(s.to_vec());
        starts = Some(s.to_vec());
    };
    let theme = &ms.config.theme;
    let pdf_result = match target("pdf") {
        Some(_) => Some(pdf::render_telling(
            doc, theme, &ms.fonts, pdf_opts, &mut keep,
        )),
        None => {
            // the EPUB alone still carries the pages of the PDF these settings make
            if let (true, Ok(s)) = (want_epub, pdf::page_starts(doc, theme, &ms.fonts, pdf_opts)) {
                keep(&s);
            }
            None
        }
    };
    drop(tell);
    let (lints, epub_result) = match helper.map(|h| h.join()) {
        Ok(Ok(done)) => done,
        // no thread to be had: do the work here
        Err(_) => lint_and_epub(shared, starts),
        Ok(Err(_)) => (
            check::lint(doc, ms),
            want_epub.then(|| {
                Err(
                    Diagnostic::error("GB499", "the EPUB writer stopped unexpectedly")
                        .help("this is a bug in guidebuild; please report it"),
                )
            }),
        ),
    };
    let mut made = Warned::new(Vec::new(), lints);
    for (ext, result) in [("pdf", pdf_result), ("epub", epub_result)] {
        match (target(ext), result) {
            (Some(path), Some(Ok(r))) => {
                let r = made.take(r);
                made.value.push((path.clone(), r.bytes, r.pages));
            }
            (_, Some(Err(d))) => made.warn(d),
            _ => {}
        }
    }
    made
}

/// The exit code when a build must write nothing: it has errors, or warnings under
/// `--deny-warnings`. Input problems (missing images, unreadable files) are I/O errors; the
/// rest are the manuscript's.
fn refusal(diags: &[Diagnostic], deny_warnings: bool) -> Option<u8> {
    let errors: Vec<&Diagnostic> = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    if !errors.is_empty() {
        return Some(if errors.iter().all(|d| d.code.starts_with("GB0")) {
            USAGE
        } else {
            MANUSCRIPT
        });
    }
    if deny_warnings && !diags.is_empty() {
        eprintln!(
            "error: {} warning(s) and --deny-warnings: nothing written",
            diags.len()
        );
        return Some(MANUSCRIPT);
    }
    None
}

/// Writes each output atomically, noting what was written; the exit code.
fn write_outputs(made: &[Made], written: &mut Vec<(PathBuf, usize, Option<usize>)>) -> u8 {
    for (path, bytes, pages) in made {
        let result = if is_stdout(path) {
            let mut out = std::io::stdout().lock();
            out.write_all(bytes).and_then(|()| out.flush())
        } else {
            write_atomic(path, bytes, Durability::Rebuildable)
        };
        if let Err(e) = result {
            eprintln!("error: cannot write {}: {e}", path.display());
            return USAGE;
        }
        written.push((path.clone(), bytes.len(), *pages));
    }
    OK
}

/// The linter (GB210) and the PDF engine (GB301) both find characters no font can draw; a
/// build reports each character once, with the linter's message. They are matched by their
/// [`Subject`]: a GB301 goes when the linter reported every character it names in its file.
fn drop_repeated_coverage_warnings(diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
    // (file, character) of each character a diagnostic is about
    let about = |d: &Diagnostic| -> Vec<(Option<FileId>, char)> {
        let file = d.span.map(|s| s.file);
        let chars = d.subject.as_ref().map_or(&[][..], Subject::chars);
        chars.iter().map(|&c| (file, c)).collect()
    };
    let linted: BTreeSet<(Option<FileId>, char)> = (diags.iter())
        .filter(|d| d.code == "GB210")
        .flat_map(about)
        .collect();
    let repeated = |d: &Diagnostic| {
        let chars = about(d);
        d.code == "GB301" && !chars.is_empty() && chars.iter().all(|k| linted.contains(k))
    };
    diags.into_iter().filter(|d| !repeated(d)).collect()
}

pub(crate) fn check_cmd(a: &CheckArgs) -> u8 {
    let format = match a.format {
        FormatChoice::Json => Format::Json,
        FormatChoice::Human => Format::Human {
            color: color(&a.input),
        },
    };
    let mut checked = match prepare(&a.input, format) {
        Ok(x) => x,
        Err(code) => return code,
    };
    if a.fix {
        match apply_fixes(&checked, format, a.force) {
            Ok(false) => {}
            // Report what is left, against the rewritten sources.
            Ok(true) => {
                checked = match prepare(&a.input, format) {
                    Ok(x) => x,
                    Err(code) => return code,
                }
            }
            Err(code) => return code,
        }
    }
    let ((ms, doc), mut diags) = checked.into_parts();
    if let Some(edition) = a.edition {
        let asked = PdfChoice {
            paper: a.paper,
            edition: Some(edition),
            fillable: None,
        };
        match TypesetOptions::for_edition(&ms.config, asked) {
            Ok(opts) => {
                if let Some(p) = &opts.print {
                    diags.extend(check::print_colors(&ms, p));
                }
                match pdf::preflight(&doc, &ms.config.theme, &ms.fonts, &opts) {
                    Ok(found) => diags.extend(found),
                    Err(d) => diags.push(d),
                }
            }
            Err(d) => diags.push(d),
        }
    }
    let text = report::render(&diags, &ms.sources, format);
    if a.format == FormatChoice::Json {
        print!("{text}");
    } else {
        let _ = std::io::stderr().write_all(text.as_bytes());
        if diags.is_empty() {
            println!("check: {} is clean", a.input.dir.display());
        }
    }
    if diags.is_empty() {
        OK
    } else {
        MANUSCRIPT
    }
}

/// How `check --fix` writes one chapter.
#[derive(Debug, Clone, PartialEq, Eq)]
enum FixWrite {
    /// A new file renamed over the chapter (a link's target), keeping its mode and owner.
    Replace(PathBuf),
    /// The chapter rewritten in place, keeping its other hard links (`--force` only).
    InPlace(PathBuf),
}

/// Where and how `check --fix` may write the chapter at `path`: through a link to its target
/// when that lies inside the manuscript folder `real_root`; a read-only chapter, one this
/// user cannot write, or one with other hard links only with `force` (then the hard-linked
/// one in place). `Err` says why not.
fn fix_write(path: &Path, real_root: &Path, force: bool) -> Result<FixWrite, String> {
    let shown = path.display();
    let real = path
        .canonicalize()
        .map_err(|e| format!("cannot resolve {shown}: {e}"))?;
    if !real.starts_with(real_root) {
        return Err(format!(
            "{shown} leads to {}, outside the manuscript folder {}; not fixed",
            real.display(),
            real_root.display()
        ));
    }
    let meta = std::fs::metadata(&real).map_err(|e| format!("cannot read {shown}: {e}"))?;
    let writable = std::fs::OpenOptions::new().write(true).open(&real).is_ok();
    if (meta.permissions().readonly() || !writable) && !force {
        return Err(format!(
            "{shown} is read-only; not fixed\n  = help: make it writable (`chmod u+w {shown}`), \
             or pass --force to fix it anyway (it keeps its mode)"
        ));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if meta.nlink() > 1 {
            if !force {
                return Err(format!(
                    "{shown} has {} hard links; not fixed (a new file would split it from \
                     them)\n  = help: pass --force to rewrite it in place, which keeps the links",
                    meta.nlink()
                ));
            }
            return Ok(FixWrite::InPlace(real));
        }
    }
    Ok(FixWrite::Replace(real))
}

/// `check --fix`: rewrites the chapter files with the safe fixes the diagnostics carry and
/// lists each change. Every file is checked first ([`fix_write`]): one that may not be written
/// stops the fix before anything changed. Whether any file changed; `Err` is the exit code.
fn apply_fixes(checked: &Warned<Loaded>, format: Format, force: bool) -> Result<bool, u8> {
    let ms = &checked.value.0;
    let sources = &ms.sources;
    let fixes = check::fix::plan_fixes(&checked.warnings, sources);
    let real_root = manuscript::real_root(&ms.root).map_err(|d| {
        print_diags(&[d], Some(ms), false);
        USAGE
    })?;
    let mut writes = Vec::new();
    for f in &fixes {
        let path = PathBuf::from(&sources.get(f.file).name);
        match fix_write(&path, &real_root, force) {
            Ok(w) => writes.push((path, w, f)),
            Err(msg) => {
                eprintln!("error: {msg}");
                return Err(USAGE);
            }
        }
    }
    for (path, how, f) in writes {
        let written = match &how {
            FixWrite::Replace(p) => write_atomic(p, f.new_text.as_bytes(), Durability::Synced),
            FixWrite::InPlace(p) => crate::outfile::write_in_place(p, f.new_text.as_bytes()),
        };
        if let Err(e) = written {
            eprintln!("error: cannot write {}: {e}", path.display());
            return Err(USAGE);
        }
        for c in &f.changes {
            // With JSON on stdout, the list of changes goes to stderr.
            match format {
                Format::Json => eprintln!("fixed {c}"),
                Format::Human { .. } => println!("fixed {c}"),
            }
        }
    }
    Ok(!fixes.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_outputs_land_beside_the_input() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("guide.md");
        std::fs::write(&file, "# A\n").unwrap();
        assert_eq!(
            default_output(&file, "t", "pdf"),
            dir.path().join("guide.pdf")
        );
        let folder = dir.path().join("book");
        std::fs::create_dir(&folder).unwrap();
        assert_eq!(
            default_output(&folder, "t", "epub"),
            dir.path().join("out").join("t.epub")
        );
        assert_eq!(
            default_output(Path::new("manuscript"), "t", "pdf"),
            Path::new("out").join("t.pdf")
        );
    }

    #[test]
    fn build_output_must_be_a_folder() {
        assert!(output_folder_ok(Path::new("guide.pdf")).is_err());
        assert!(output_folder_ok(Path::new("x/Guide.EPUB")).is_err());
        assert!(output_folder_ok(Path::new("out")).is_ok());
        let f = tempfile::NamedTempFile::new().unwrap();
        assert!(output_folder_ok(f.path()).is_err());
    }

    #[test]
    fn long_names_are_cut_readably_with_a_hash() {
        assert_eq!(short_name("short-title"), "short-title");
        let long = "talking-again-".repeat(20) + "at-last";
        let cut = short_name(&long);
        assert!(cut.len() <= NAME_MAX_BYTES, "{}", cut.len());
        assert!(cut.starts_with("talking-again-talking-again"), "{cut}");
        assert!(!cut.contains("--"), "{cut}");
        // stable, and different for titles that differ only after the cut
        assert_eq!(short_name(&long), cut);
        assert_ne!(short_name(&(long.clone() + "-too")), cut);
        let cjk = "信任修复指南".repeat(15);
        let cut = short_name(&cjk);
        assert!(cut.len() <= NAME_MAX_BYTES);
        assert!(cut.starts_with("信任修复指南"), "{cut}");
        let exact = "x".repeat(NAME_MAX_BYTES);
        assert_eq!(short_name(&exact), exact);
    }

    #[test]
    fn slug_of_title() {
        assert_eq!(
            slug("How to Repair Trust After a Broken Promise"),
            "how-to-repair-trust-after-a-broken-promise"
        );
        assert_eq!(slug("  Ünïcode — title! "), "ünïcode-title");
        assert_eq!(slug("!!!"), "book");
    }

    #[test]
    fn a_pdf_coverage_warning_goes_only_when_the_linter_named_all_its_characters() {
        use crate::diag::Span;
        let lint = |file, c| {
            Diagnostic::warning("GB210", "linted")
                .at(Span::new(file, 0, 1))
                .about(Subject::char(c))
        };
        let pdf = |file, cs: &[char]| {
            Diagnostic::warning("GB301", cs.iter().collect::<String>())
                .at(Span::new(file, 2, 3))
                .about(Subject::Chars(cs.to_vec()))
        };
        let diags = vec![
            lint(0, 'a'),
            lint(0, 'b'),
            pdf(0, &['a']),
            pdf(0, &['a', 'b']),
            // another file, a character not linted, no subject: all stay
            pdf(1, &['a']),
            pdf(0, &['a', 'c']),
            Diagnostic::warning("GB301", "a").at(Span::new(0, 2, 3)),
        ];
        let kept = drop_repeated_coverage_warnings(diags);
        let kept: Vec<(&str, Option<usize>, &str)> = kept
            .iter()
            .map(|d| (d.code, d.span.map(|s| s.file), d.message.as_str()))
            .collect();
        assert_eq!(
            kept,
            [
                ("GB210", Some(0), "linted"),
                ("GB210", Some(0), "linted"),
                ("GB301", Some(1), "a"),
                ("GB301", Some(0), "ac"),
                ("GB301", Some(0), "a"),
            ]
        );
    }
}
