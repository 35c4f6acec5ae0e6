//! `guidebuild watch`: builds, then rebuilds on every save until Ctrl-C.
//!
//! The manuscript folder is watched recursively with notify through notify-debouncer-full,
//! which stitches an editor's save-by-rename (write a temporary file, rename it over the
//! chapter) into one event per path. A single `.md` file is watched through its folder (so a
//! rename over it is seen), filtered to the file and the images it used in the last build.
//!
//! Which events count ([`Filter::relevant`]): creations, changes, removals and renames of
//! anything under the manuscript folder, except the outputs themselves and their temporary
//! files (`out/` may be inside the watched folder: a build must not trigger the next one),
//! hidden files and folders (`.git`, editors' `.swp` files, the `.name.tmp` files of atomic
//! writes), editor backups (`name~`, `#name#`, vim's `4913`), reads (the build opens every
//! chapter), and attribute changes that leave the modification time as it was (reading a file
//! just written updates its access time).
//!
//! A burst of saves is one rebuild: after the first event that counts, the loop waits until
//! [`QUIET`] has passed without another (at most [`MAX_WAIT`] in all), so the rebuild starts
//! within about 150 ms of the last save. Each build goes through [`app::build_once`], the same
//! function `build`, `pdf` and `epub` use: outputs are written atomically and a failed build
//! leaves the last good files in place. Ctrl-C (or SIGTERM) is turned into a message on the
//! same channel as the file events, so the loop returns between builds and exits 0; a build
//! in progress finishes first, so no temporary file is left behind.

use crate::app::{self, BuildReport, Outputs, OK, USAGE};
use crate::cli::WatchArgs;
use notify_debouncer_full::notify::event::{EventKind, ModifyKind};
use notify_debouncer_full::notify::{RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{
    new_debouncer, DebounceEventResult, DebouncedEvent, Debouncer, RecommendedCache,
};
use std::collections::BTreeSet;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant, SystemTime};

/// How long the debouncer holds an event to merge it with the rest of an editor's save.
const DEBOUNCE: Duration = Duration::from_millis(50);
/// How long no further change must come before a rebuild starts.
pub const QUIET: Duration = Duration::from_millis(80);
/// The longest a rebuild waits for a stream of changes to stop.
pub const MAX_WAIT: Duration = Duration::from_secs(1);

enum Msg {
    Fs(DebounceEventResult),
    Stop,
}

/// The debouncer that watches the manuscript folder, sending to the build loop.
type Watcher = Debouncer<RecommendedWatcher, RecommendedCache>;

/// Runs `guidebuild watch`.
pub fn run(a: &WatchArgs) -> u8 {
    let out = match outputs(a) {
        Ok(out) => out,
        Err(code) => return code,
    };
    let (root, single) = match watched_place(&a.input.dir) {
        Ok(place) => place,
        Err(code) => return code,
    };
    let (mut debouncer, rx) = match start_watching(&root, single.is_some()) {
        Ok(w) => w,
        Err(code) => return code,
    };
    let mut filter = Filter {
        root: root.clone(),
        single,
        outputs: BTreeSet::new(),
        inputs: BTreeSet::new(),
        last_build: SystemTime::now(),
    };
    println!(
        "watching {} for changes (Ctrl-C to stop)",
        a.input.dir.display()
    );
    build_on_change(a, &out, &mut debouncer, &rx, &mut filter);
    drop(debouncer);
    println!("stopped watching");
    OK
}

/// Which outputs to make: `--pdf` or `--epub` alone, else both (when `-o` then names a
/// folder).
fn outputs(a: &WatchArgs) -> Result<Outputs, u8> {
    if a.output.as_deref().is_some_and(app::is_stdout) {
        eprintln!(
            "error: `watch` rebuilds again and again, so it cannot write to standard output\n  \
             = help: give `-o` a file (with --pdf or --epub) or a folder"
        );
        return Err(USAGE);
    }
    match (a.pdf, a.epub) {
        (true, false) => Ok(Outputs {
            pdf: Some(a.output.clone()),
            epub: None,
        }),
        (false, true) => Ok(Outputs {
            pdf: None,
            epub: Some(a.output.clone()),
        }),
        _ => Outputs::both(&a.output),
    }
}

/// The folder to watch (canonical) and, for a single-file manuscript, that file.
fn watched_place(input: &Path) -> Result<(PathBuf, Option<PathBuf>), u8> {
    let Ok(meta) = std::fs::metadata(input) else {
        eprintln!(
            "error: no manuscript at `{}`\n  = help: give a folder of Markdown chapters or a \
             single .md file",
            input.display()
        );
        return Err(USAGE);
    };
    let Ok(target) = input.canonicalize() else {
        eprintln!("error: cannot resolve `{}`", input.display());
        return Err(USAGE);
    };
    if meta.is_file() {
        let root = target.parent().map(Path::to_path_buf).unwrap_or_default();
        Ok((root, Some(target)))
    } else {
        Ok((target, None))
    }
}

/// Starts watching `root` (recursively, unless it holds a single-file manuscript) and turns
/// Ctrl-C into a message on the same channel as the file events.
fn start_watching(root: &Path, single: bool) -> Result<(Watcher, mpsc::Receiver<Msg>), u8> {
    let (tx, rx) = mpsc::channel::<Msg>();
    let stop = tx.clone();
    if let Err(e) = ctrlc::set_handler(move || {
        let _ = stop.send(Msg::Stop);
    }) {
        eprintln!("error: cannot catch Ctrl-C: {e}");
        return Err(USAGE);
    }
    let mut debouncer = new_debouncer(DEBOUNCE, None, move |r| {
        let _ = tx.send(Msg::Fs(r));
    })
    .map_err(|e| {
        eprintln!("error: cannot watch for changes: {e}");
        USAGE
    })?;
    let mode = if single {
        RecursiveMode::NonRecursive
    } else {
        RecursiveMode::Recursive
    };
    if let Err(e) = debouncer.watch(root, mode) {
        eprintln!("error: cannot watch {}: {e}", root.display());
        return Err(USAGE);
    }
    Ok((debouncer, rx))
}

/// Builds, prints the status line, and waits for the next change, until Ctrl-C.
fn build_on_change(
    a: &WatchArgs,
    out: &Outputs,
    debouncer: &mut Watcher,
    rx: &mpsc::Receiver<Msg>,
    filter: &mut Filter,
) {
    let style = Style::detect();
    let mut watched: BTreeSet<PathBuf> = [filter.root.clone()].into();
    let mut what = "first build".to_string();
    let mut targets: Vec<PathBuf> = Vec::new();
    loop {
        filter.last_build = SystemTime::now();
        let report = app::build_once(&a.input, out, a.paper.choice(), false);
        if !report.targets.is_empty() {
            // a build that did not get as far as the title keeps the last known names
            targets.clone_from(&report.targets);
        }
        println!("{}", status_line(&report, &targets, &what, style));
        filter.learn(&report);
        if filter.single.is_some() {
            // a single file's images live in folders of their own: watch those too
            for dir in filter.inputs.iter().filter_map(|p| p.parent()) {
                if watched.insert(dir.to_path_buf()) {
                    let _ = debouncer.watch(dir, RecursiveMode::NonRecursive);
                }
            }
        }
        match next_change(rx, filter) {
            Some(changed) => what = describe(&changed, &filter.root),
            None => return,
        }
    }
}

/// Waits for the next burst of changes that count and returns its paths; `None` on Ctrl-C.
fn next_change(rx: &mpsc::Receiver<Msg>, filter: &Filter) -> Option<BTreeSet<PathBuf>> {
    let mut changed = BTreeSet::new();
    // the first change that counts
    while changed.is_empty() {
        match rx.recv() {
            Ok(Msg::Fs(r)) => take(r, filter, &mut changed),
            Ok(Msg::Stop) | Err(_) => return None,
        }
    }
    // then until QUIET passes without another
    let first = Instant::now();
    let mut deadline = first + QUIET;
    loop {
        let now = Instant::now();
        let until = deadline.min(first + MAX_WAIT);
        if now >= until {
            return Some(changed);
        }
        match rx.recv_timeout(until - now) {
            Ok(Msg::Fs(r)) => {
                let mut more = BTreeSet::new();
                take(r, filter, &mut more);
                if !more.is_empty() {
                    deadline = Instant::now() + QUIET;
                }
                changed.extend(more);
            }
            Ok(Msg::Stop) => return None,
            Err(mpsc::RecvTimeoutError::Timeout) => return Some(changed),
            Err(mpsc::RecvTimeoutError::Disconnected) => return None,
        }
    }
}

fn take(r: DebounceEventResult, filter: &Filter, changed: &mut BTreeSet<PathBuf>) {
    match r {
        Ok(events) => {
            for e in &events {
                changed.extend(filter.relevant(e));
            }
        }
        Err(errors) => {
            for e in errors {
                eprintln!("warning: while watching: {e}");
            }
        }
    }
}

/// Decides which file events are the author's changes.
#[derive(Debug, Clone)]
pub struct Filter {
    /// The watched folder (canonical).
    pub root: PathBuf,
    /// For a single-file manuscript, that file (canonical).
    pub single: Option<PathBuf>,
    /// The outputs of every build so far (absolute).
    pub outputs: BTreeSet<PathBuf>,
    /// What the last build that loaded read: chapters, guide.toml, images (absolute).
    pub inputs: BTreeSet<PathBuf>,
    /// When the last build started: an attribute change that leaves a file older is a read.
    pub last_build: SystemTime,
}

impl Filter {
    /// Takes note of a build's outputs (to ignore) and inputs (to follow).
    pub fn learn(&mut self, report: &BuildReport) {
        for p in &report.targets {
            self.outputs.insert(absolute(p));
            // a link given as `-o` is written through: writes to its target are the build's
            if let Ok(real) = p.canonicalize() {
                self.outputs.insert(real);
            }
        }
        if !report.inputs.is_empty() {
            self.inputs = report.inputs.iter().map(|p| absolute(p)).collect();
        }
    }

    /// The paths of `event` that are changes the author made to the manuscript.
    pub fn relevant(&self, event: &DebouncedEvent) -> Vec<PathBuf> {
        match event.kind {
            EventKind::Access(_) => return Vec::new(),
            EventKind::Modify(ModifyKind::Metadata(_)) => {
                // reading a file just written updates its access time; `touch` moves the
                // modification time
                return event
                    .paths
                    .iter()
                    .filter(|p| self.counts(p) && self.modified_since_build(p))
                    .cloned()
                    .collect();
            }
            _ => {}
        }
        if event.need_rescan() {
            return vec![self.root.clone()];
        }
        event
            .paths
            .iter()
            .filter(|p| self.counts(p))
            .cloned()
            .collect()
    }

    fn modified_since_build(&self, p: &Path) -> bool {
        std::fs::metadata(p)
            .and_then(|m| m.modified())
            .is_ok_and(|t| t >= self.last_build)
    }

    /// Whether a change to `path` can change the books.
    pub fn counts(&self, path: &Path) -> bool {
        let Ok(rel) = path.strip_prefix(&self.root) else {
            // a folder of a single file's images
            return self.inputs.contains(path);
        };
        if self.outputs.contains(path) {
            return false;
        }
        // anything in an output folder that lies inside the manuscript folder (`out/` when
        // watching `.`), unless the outputs go into the manuscript folder itself
        let in_output_folder =
            self.outputs.iter().filter_map(|o| o.parent()).any(|dir| {
                dir != self.root && !self.root.starts_with(dir) && path.starts_with(dir)
            });
        if in_output_folder {
            return false;
        }
        if rel.components().any(|c| {
            let s = c.as_os_str().to_string_lossy();
            s.starts_with('.') || s.ends_with('~') || (s.starts_with('#') && s.ends_with('#'))
        }) {
            return false;
        }
        let name = rel
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if name == "4913" || name.ends_with(".swp") || name.ends_with(".tmp") {
            return false;
        }
        match &self.single {
            Some(file) => path == file || self.inputs.contains(path),
            None => true,
        }
    }
}

/// An absolute path with the existing part resolved (so `out/x.pdf` compares equal to the
/// canonical paths notify reports), even when the file itself does not exist yet.
fn absolute(p: &Path) -> PathBuf {
    if let Ok(c) = p.canonicalize() {
        return c;
    }
    let abs = std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    match (abs.parent(), abs.file_name()) {
        (Some(dir), Some(name)) => dir
            .canonicalize()
            .map(|d| d.join(name))
            .unwrap_or_else(|_| abs.clone()),
        _ => abs,
    }
}

/// `02-how-to-run-it.md changed`, `guide.toml and 2 more changed`.
fn describe(changed: &BTreeSet<PathBuf>, root: &Path) -> String {
    let name = |p: &PathBuf| {
        p.strip_prefix(root)
            .ok()
            .filter(|r| !r.as_os_str().is_empty())
            .unwrap_or(p)
            .display()
            .to_string()
    };
    let mut it = changed.iter();
    match (it.next(), changed.len()) {
        (Some(p), 1) => format!("{} changed", name(p)),
        (Some(p), 2) => format!("{} and 1 more changed", name(p)),
        (Some(p), n) => format!("{} and {} more changed", name(p), n - 1),
        (None, _) => "changed".into(),
    }
}

#[derive(Debug, Clone, Copy)]
struct Style {
    color: bool,
}

impl Style {
    fn detect() -> Style {
        Style {
            color: std::env::var_os("NO_COLOR").is_none() && std::io::stdout().is_terminal(),
        }
    }
}

/// One line per build: `[14:02:07] 02-how-to-run-it.md changed → out/x.pdf (16 pages,
/// 58.1 KB), out/x.epub (63.0 KB) in 41 ms`, or that it failed and what was kept.
fn status_line(report: &BuildReport, targets: &[PathBuf], what: &str, style: Style) -> String {
    let time = clock();
    let paint = |code: &str, s: &str| {
        if style.color {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    };
    if report.code != OK {
        let kept: Vec<String> = targets
            .iter()
            .filter(|p| p.exists())
            .map(|p| p.display().to_string())
            .collect();
        let kept = if kept.is_empty() {
            "nothing written".to_string()
        } else {
            format!("kept {}", kept.join(", "))
        };
        return format!(
            "[{time}] {what} → {} ({kept}); fix it and save again",
            paint("1;31", "build failed")
        );
    }
    let files: Vec<String> = report
        .written
        .iter()
        .map(|(p, size, pages)| {
            let pages = pages.map(|n| format!("{n} pages, ")).unwrap_or_default();
            format!("{} ({pages}{})", p.display(), app::human_size(*size))
        })
        .collect();
    let warnings = match report.diagnostics {
        0 => String::new(),
        1 => ", 1 warning".into(),
        n => format!(", {n} warnings"),
    };
    format!(
        "[{time}] {what} → {} in {:.0} ms{warnings}",
        paint("32", &files.join(", ")),
        report.elapsed.as_secs_f64() * 1000.0
    )
}

/// The local time of day, `HH:MM:SS`.
fn clock() -> String {
    let now = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    let (h, m, s) = local_hms(now);
    format!("{h:02}:{m:02}:{s:02}")
}

#[cfg(unix)]
fn local_hms(secs: i64) -> (i32, i32, i32) {
    let t = secs as libc::time_t;
    // SAFETY: `localtime_r` writes only into the `tm` we own; `t` lives across the call.
    let mut tm: libc::tm = unsafe { std::mem::zeroed() };
    let ok = unsafe { !libc::localtime_r(&t, &mut tm).is_null() };
    if ok {
        (tm.tm_hour, tm.tm_min, tm.tm_sec)
    } else {
        utc_hms(secs)
    }
}

#[cfg(not(unix))]
fn local_hms(secs: i64) -> (i32, i32, i32) {
    utc_hms(secs)
}

fn utc_hms(secs: i64) -> (i32, i32, i32) {
    let d = secs.rem_euclid(86_400) as i32;
    (d / 3600, d / 60 % 60, d % 60)
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify_debouncer_full::notify::event::{AccessKind, CreateKind, DataChange, MetadataKind};
    use notify_debouncer_full::notify::Event;

    fn filter(root: &Path) -> Filter {
        Filter {
            root: root.to_path_buf(),
            single: None,
            outputs: [root.join("out/guide.pdf"), root.join("guide.epub")].into(),
            inputs: BTreeSet::new(),
            last_build: SystemTime::now(),
        }
    }

    fn event(kind: EventKind, path: PathBuf) -> DebouncedEvent {
        DebouncedEvent::new(Event::new(kind).add_path(path), Instant::now())
    }

    #[test]
    fn outputs_temporaries_and_editor_files_do_not_count() {
        let root = Path::new("/book");
        let f = filter(root);
        assert!(f.counts(&root.join("01-intro.md")));
        assert!(f.counts(&root.join("guide.toml")));
        assert!(f.counts(&root.join("images/photo.png")));
        for ignored in [
            "out/guide.pdf",
            "out/.guide.pdf.1234.tmp",
            "out/other.pdf",
            "out",
            "guide.epub",
            ".guide.epub.99.tmp",
            ".01-intro.md.swp",
            "01-intro.md~",
            "#01-intro.md#",
            "4913",
            ".git/index",
        ] {
            assert!(!f.counts(&root.join(ignored)), "{ignored} counted");
        }
        assert!(!f.counts(Path::new("/elsewhere/a.md")));
    }

    #[test]
    fn a_single_file_counts_only_with_its_images() {
        let root = Path::new("/notes");
        let mut f = filter(root);
        f.single = Some(root.join("guide.md"));
        f.inputs = [root.join("guide.md"), root.join("img/a.png")].into();
        assert!(f.counts(&root.join("guide.md")));
        assert!(f.counts(&root.join("img/a.png")));
        assert!(!f.counts(&root.join("shopping.md")));
    }

    #[test]
    fn reads_do_not_count_and_writes_do() {
        let root = Path::new("/book");
        let f = filter(root);
        let ch = root.join("01-intro.md");
        let read = event(EventKind::Access(AccessKind::Any), ch.clone());
        assert!(f.relevant(&read).is_empty());
        let write = event(
            EventKind::Modify(ModifyKind::Data(DataChange::Any)),
            ch.clone(),
        );
        assert_eq!(f.relevant(&write), vec![ch.clone()]);
        let created = event(EventKind::Create(CreateKind::File), ch.clone());
        assert_eq!(f.relevant(&created), vec![ch.clone()]);
        // an attribute change on a file that does not exist (or is older than the build)
        let attrib = event(
            EventKind::Modify(ModifyKind::Metadata(MetadataKind::Any)),
            ch,
        );
        assert!(f.relevant(&attrib).is_empty());
    }

    #[test]
    fn an_attribute_change_counts_when_the_file_is_newer_than_the_build() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        let ch = root.join("01.md");
        std::fs::write(&ch, "# A\n").unwrap();
        let mut f = filter(&root);
        let attrib = event(
            EventKind::Modify(ModifyKind::Metadata(MetadataKind::Any)),
            ch.clone(),
        );
        f.last_build = SystemTime::UNIX_EPOCH;
        assert_eq!(f.relevant(&attrib), vec![ch.clone()]);
        f.last_build = SystemTime::now() + Duration::from_secs(3600);
        assert!(f.relevant(&attrib).is_empty());
    }

    #[test]
    fn changes_are_described_relative_to_the_folder() {
        let root = Path::new("/book");
        let one: BTreeSet<PathBuf> = [root.join("02-b.md")].into();
        assert_eq!(describe(&one, root), "02-b.md changed");
        let three: BTreeSet<PathBuf> = [
            root.join("a.md"),
            root.join("guide.toml"),
            root.join("b.md"),
        ]
        .into();
        assert_eq!(describe(&three, root), "a.md and 2 more changed");
    }

    #[test]
    fn utc_clock() {
        assert_eq!(utc_hms(0), (0, 0, 0));
        assert_eq!(utc_hms(86_399), (23, 59, 59));
        assert_eq!(utc_hms(3_600 * 25 + 61), (1, 1, 1));
    }
}
