//! The author's workflow on the real binary: `init` makes a guide that builds and checks clean
//! and refuses a folder that is not empty; `watch` rebuilds on a save, keeps the last good
//! output through a broken `guide.toml`, and exits 0 on SIGINT leaving no temporary file; the
//! bash completion completes a command; the man page renders with groff without warnings.

use crate::common::*;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

fn init(dir: &Path, extra: &[&str]) -> Out {
    let mut args = vec!["init", dir.to_str().unwrap()];
    args.extend_from_slice(extra);
    run(&args)
}

#[test]
fn init_makes_a_guide_that_builds_and_checks_clean() {
    let work = tempfile::tempdir().unwrap();
    let g = work.path().join("my-guide");
    let o = init(&g, &[]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let ms = g.join("manuscript");
    assert!(ms.join("guide.toml").is_file());
    assert_eq!(
        fs::read_to_string(g.join(".gitignore"))
            .unwrap()
            .lines()
            .filter(|l| !l.starts_with('#'))
            .collect::<Vec<_>>(),
        ["out/"]
    );
    // every block the tool knows is shown somewhere
    let text: String = fs::read_dir(&ms)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .map(|p| fs::read_to_string(p).unwrap())
        .collect();
    for block in [
        "- ✔ ",
        "- ❌ ",
        "Avoid saying:\n\n> “",
        "Instead, try:\n\n> “",
        ":\n\n- ",
        "[^",
        "|---|",
    ] {
        assert!(text.contains(block), "the sample lacks {block:?}");
    }

    let out = work.path().join("built");
    let o = run(&["build", ms.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert_eq!(o.stderr, "", "the sample has warnings");
    assert_eq!(fs::read_dir(&out).unwrap().count(), 2);
    let o = run(&["check", ms.to_str().unwrap()]);
    assert_eq!((o.code, o.stderr.as_str()), (0, ""), "{}", o.stdout);
    let o = run(&["check", ms.to_str().unwrap(), "--format", "json"]);
    assert_eq!(o.stdout.trim(), "[]");
}

#[test]
fn init_refuses_a_folder_that_is_not_empty_and_changes_nothing() {
    let work = tempfile::tempdir().unwrap();
    let g = work.path().join("notes");
    fs::create_dir_all(g.join("manuscript")).unwrap();
    fs::write(g.join("todo.txt"), "buy milk\n").unwrap();
    fs::write(g.join("manuscript/guide.toml"), "title = \"Mine\"\n").unwrap();
    let before = snapshot(&g);
    let o = init(&g, &["--title", "Other"]);
    assert_eq!(o.code, 2, "{}", o.stdout);
    assert!(
        o.stderr.contains("notes") && o.stderr.contains("--force"),
        "{}",
        o.stderr
    );
    assert!(o.stderr.contains("not empty"), "{}", o.stderr);
    assert_eq!(snapshot(&g), before, "init changed the folder");

    // with --force: its own files are written, the others stay
    let o = init(&g, &["--title", "Other", "--force"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(o.stdout.contains("replaced"), "{}", o.stdout);
    assert_eq!(fs::read(g.join("todo.txt")).unwrap(), b"buy milk\n");
    assert!(fs::read_to_string(g.join("manuscript/guide.toml"))
        .unwrap()
        .contains("title = \"Other\""));
}

#[test]
fn init_refuses_a_bad_language_before_writing() {
    let work = tempfile::tempdir().unwrap();
    let g = work.path().join("g");
    let o = init(&g, &["--lang", "not a tag"]);
    assert_eq!(o.code, 2, "{}", o.stdout);
    assert!(o.stderr.contains("language"), "{}", o.stderr);
    assert!(!g.exists(), "something was written");
}

#[test]
fn a_quoted_title_round_trips_into_the_epub() {
    let work = tempfile::tempdir().unwrap();
    let g = work.path().join("g");
    let title = "A \"quoted\" title \\ with a backslash";
    let o = init(
        &g,
        &[
            "--title",
            title,
            "--author",
            "Zoë O’Brien",
            "--lang",
            "en-GB",
        ],
    );
    assert_eq!(o.code, 0, "{}", o.stderr);
    let epub = work.path().join("book.epub");
    let o = run(&[
        "epub",
        g.join("manuscript").to_str().unwrap(),
        "-o",
        epub.to_str().unwrap(),
    ]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let files = zip_entries(&fs::read(&epub).unwrap());
    let opf = files
        .iter()
        .find(|(name, _)| name.ends_with(".opf"))
        .map(|(_, b)| String::from_utf8(b.clone()).unwrap())
        .expect("an OPF");
    let element = |tag: &str| -> String {
        let open = opf
            .find(&format!("<{tag}"))
            .unwrap_or_else(|| panic!("no {tag}"));
        let start = open + opf[open..].find('>').unwrap() + 1;
        let end = start + opf[start..].find('<').unwrap();
        opf[start..end]
            .replace("&quot;", "\"")
            .replace("&apos;", "'")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&")
    };
    assert_eq!(element("dc:title"), title);
    assert_eq!(element("dc:creator"), "Zoë O’Brien");
    assert_eq!(element("dc:language"), "en-GB");
}

/// A running `guidebuild watch` whose stdout and stderr are collected as they come.
struct Watch {
    child: Child,
    stdout: Arc<Mutex<String>>,
    stderr: Arc<Mutex<String>>,
}

impl Watch {
    fn start(cwd: &Path, args: &[&str]) -> Watch {
        let mut child = Command::new(env!("CARGO_BIN_EXE_guidebuild"))
            .arg("watch")
            .args(args)
            .current_dir(cwd)
            .env("NO_COLOR", "1")
            .env_remove("SOURCE_DATE_EPOCH")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start guidebuild watch");
        let collect = |mut r: Box<dyn Read + Send>| {
            let buf = Arc::new(Mutex::new(String::new()));
            let b = Arc::clone(&buf);
            std::thread::spawn(move || {
                let mut chunk = [0u8; 4096];
                while let Ok(n) = r.read(&mut chunk) {
                    if n == 0 {
                        break;
                    }
                    b.lock()
                        .unwrap()
                        .push_str(&String::from_utf8_lossy(&chunk[..n]));
                }
            });
            buf
        };
        let stdout = collect(Box::new(child.stdout.take().unwrap()));
        let stderr = collect(Box::new(child.stderr.take().unwrap()));
        Watch {
            child,
            stdout,
            stderr,
        }
    }

    fn out(&self) -> String {
        self.stdout.lock().unwrap().clone()
    }

    fn err(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// The status lines printed so far.
    fn builds(&self) -> usize {
        self.out().lines().filter(|l| l.starts_with('[')).count()
    }

    /// Polls `ok` every 50 ms for up to 20 s.
    fn wait_for(&mut self, what: &str, mut ok: impl FnMut(&Watch) -> bool) {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(20) {
            if ok(self) {
                return;
            }
            if let Some(status) = self.child.try_wait().unwrap() {
                panic!(
                    "watch exited ({status}) while waiting for {what}\nstdout:\n{}\nstderr:\n{}",
                    self.out(),
                    self.err()
                );
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        panic!(
            "timed out waiting for {what}\nstdout:\n{}\nstderr:\n{}",
            self.out(),
            self.err()
        );
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        // a failed test must not leave the process running
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// What identifies one version of an output file: its bytes and when it was replaced.
fn version(p: &Path) -> Option<(Vec<u8>, SystemTime)> {
    let bytes = fs::read(p).ok()?;
    Some((bytes, fs::metadata(p).ok()?.modified().ok()?))
}

fn temp_files(dir: &Path) -> Vec<PathBuf> {
    snapshot(dir)
        .into_keys()
        .filter(|p| p.extension().is_some_and(|x| x == "tmp"))
        .collect()
}

#[test]
fn watch_rebuilds_on_save_keeps_the_last_good_output_and_stops_on_sigint() {
    let work = tempfile::tempdir().unwrap();
    let g = work.path().join("g");
    assert_eq!(init(&g, &["--title", "Watched"]).code, 0);
    let ms = g.join("manuscript");
    // `watch .` from inside the manuscript: out/ is inside the watched folder, so the
    // outputs' own events must not start the next build
    let mut w = Watch::start(&ms, &["."]);
    let pdf = ms.join("out/watched.pdf");
    let epub = ms.join("out/watched.epub");
    w.wait_for("the first build", |w| {
        w.builds() >= 1 && pdf.is_file() && epub.is_file()
    });
    assert_eq!(w.builds(), 1, "{}", w.out());
    let first = version(&pdf).unwrap();
    let first_epub = version(&epub).unwrap();

    // a save changes the outputs
    let chapter = ms.join("02-how-to-run-it.md");
    let mut text = fs::read_to_string(&chapter).unwrap();
    text.push_str("\nA new paragraph, written while watching.\n");
    fs::write(&chapter, &text).unwrap();
    w.wait_for("a rebuild after the save", |_| {
        version(&pdf).is_some_and(|v| v.0 != first.0)
    });
    w.wait_for("its status line", |w| w.builds() >= 2);
    assert!(
        w.out().contains("02-how-to-run-it.md changed"),
        "{}",
        w.out()
    );
    w.wait_for("the EPUB too", |_| {
        version(&epub).is_some_and(|v| v.0 != first_epub.0)
    });
    let good = version(&pdf).unwrap();
    let good_epub = version(&epub).unwrap();
    // a build does not trigger the next one
    std::thread::sleep(Duration::from_millis(1500));
    assert_eq!(w.builds(), 2, "rebuilt with no change:\n{}", w.out());

    // a broken guide.toml: the error is shown, the outputs stay as they were
    let toml = ms.join("guide.toml");
    let good_toml = fs::read_to_string(&toml).unwrap();
    fs::write(&toml, format!("{good_toml}\ntitel = \"typo\"\n")).unwrap();
    w.wait_for("the error", |w| {
        w.err().contains("unknown key `titel`") && w.out().contains("build failed")
    });
    assert_eq!(version(&pdf).unwrap(), good, "the PDF was touched");
    assert_eq!(version(&epub).unwrap(), good_epub, "the EPUB was touched");

    // fixed: a new build replaces the files
    let built = w.builds();
    fs::write(&toml, &good_toml).unwrap();
    w.wait_for("a build after the fix", |w| {
        w.builds() > built && version(&pdf).is_some_and(|v| v.1 != good.1)
    });
    assert!(
        w.out().lines().last().unwrap().contains("watched.pdf"),
        "{}",
        w.out()
    );

    // SIGINT: exit 0, no temporary files
    let pid = w.child.id() as libc::pid_t;
    // SAFETY: sends a signal to the child this test started and has not yet reaped.
    assert_eq!(unsafe { libc::kill(pid, libc::SIGINT) }, 0);
    let start = Instant::now();
    let status = loop {
        if let Some(s) = w.child.try_wait().unwrap() {
            break s;
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "watch did not stop on SIGINT"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert_eq!(status.code(), Some(0), "{}", w.err());
    assert_eq!(temp_files(&ms), Vec::<PathBuf>::new());
    assert!(pdf.is_file() && epub.is_file());
}

#[test]
fn watch_of_a_single_file_follows_that_file() {
    let work = tempfile::tempdir().unwrap();
    let file = work.path().join("guide.md");
    fs::write(&file, "# A Small Guide\n\nOne paragraph.\n").unwrap();
    let mut w = Watch::start(work.path(), &["guide.md", "--epub"]);
    let epub = work.path().join("guide.epub");
    w.wait_for("the first build", |w| w.builds() >= 1 && epub.is_file());
    assert!(
        !work.path().join("guide.pdf").exists(),
        "--epub built a PDF"
    );
    let first = version(&epub).unwrap();
    // another Markdown file beside it is not part of the book
    fs::write(work.path().join("notes.md"), "# Notes\n").unwrap();
    // an editor that saves by writing a temporary file and renaming it over the chapter
    let tmp = work.path().join("guide.md.new");
    fs::write(&tmp, "# A Small Guide\n\nTwo paragraphs now.\n\nSee?\n").unwrap();
    fs::rename(&tmp, &file).unwrap();
    w.wait_for("a rebuild after the rename", |_| {
        version(&epub).is_some_and(|v| v.0 != first.0)
    });
    w.wait_for("its status line", |w| w.builds() >= 2);
    assert!(w.out().contains("guide.md changed"), "{}", w.out());
    assert!(!w.out().contains("notes.md"), "{}", w.out());
}

#[test]
fn the_new_commands_have_help_with_an_example() {
    for sub in ["init", "watch", "completions", "man"] {
        let o = run(&[sub, "--help"]);
        assert_eq!(o.code, 0, "{sub} --help");
        assert!(o.stdout.contains("Example"), "{sub}:\n{}", o.stdout);
    }
}

#[test]
fn bash_completion_completes_a_command() {
    let o = run(&["completions", "bash"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("guidebuild.bash");
    fs::write(&script, &o.stdout).unwrap();
    let complete = |line: &str| -> String {
        let words: Vec<&str> = line.split(' ').collect();
        let program = format!(
            "source '{}'\nCOMP_WORDS=({})\nCOMP_CWORD={}\nCOMP_LINE='{line}'\nCOMP_POINT={}\n\
             _guidebuild guidebuild '{}' '{}'\necho \"${{COMPREPLY[@]}}\"",
            script.display(),
            words.join(" "),
            words.len() - 1,
            line.len(),
            words[words.len() - 1],
            words[words.len() - 2],
        );
        let out = Command::new("bash")
            .args(["--norc", "--noprofile", "-c", &program])
            .output()
            .expect("bash");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    };
    assert_eq!(complete("guidebuild b"), "build");
    let all = complete("guidebuild ");
    for sub in ["init", "watch", "completions", "man", "check"] {
        assert!(all.split(' ').any(|w| w == sub), "{sub} not in {all:?}");
    }
    assert!(complete("guidebuild watch --e").contains("--epub"));
    for shell in ["zsh", "fish", "powershell", "elvish"] {
        let o = run(&["completions", shell]);
        assert_eq!(o.code, 0, "{shell}");
        assert!(
            o.stdout.contains("guidebuild") && o.stdout.contains("watch"),
            "{shell}"
        );
    }
}

#[test]
fn the_man_page_renders_without_warnings() {
    let o = run(&["man"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(o.stdout.starts_with(".ie"), "not roff: {}", &o.stdout[..80]);
    if !tool_available("groff") {
        return;
    }
    let mut child = Command::new("groff")
        .args(["-man", "-Tutf8", "-ww"])
        .env("GROFF_NO_SGR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("groff");
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(o.stdout.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success() && stderr.is_empty(), "groff: {stderr}");
    // bold and underlined text are overstruck: `X\bX`, `_\bX`
    let raw = String::from_utf8_lossy(&out.stdout);
    let mut text = String::new();
    for c in raw.chars() {
        if c == '\u{8}' {
            text.pop();
        } else {
            text.push(c);
        }
    }
    for sub in [
        "INIT",
        "WATCH",
        "BUILD",
        "PDF",
        "EPUB",
        "CHECK",
        "COMPLETIONS",
        "MAN",
    ] {
        assert!(
            text.contains(&format!("COMMAND: {sub}")),
            "no {sub} in:\n{text}"
        );
    }
    assert!(text.contains("EXIT STATUS") && text.contains("--deny-warnings"));
    assert!(
        text.contains("manuscript/ → out/"),
        "non-ASCII text garbled"
    );
}
