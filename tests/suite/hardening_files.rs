//! What guidebuild will and will not touch on disk: nothing is read from outside the manuscript
//! folder (not through a symbolic link either), `-o` replaces only regular files (a link is
//! written through, a FIFO or folder is refused before the layout runs, `-` streams the book),
//! stale temporary files are cleaned, `check --fix` keeps a chapter's mode and links, and a
//! long title still gives a file name the system takes.
#![cfg(unix)]

use std::fs;
use std::os::unix::fs::{symlink, MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::Command;

struct Ran {
    code: i32,
    stdout: Vec<u8>,
    stderr: String,
}

/// Runs the binary in `cwd`.
fn run_in(cwd: &Path, args: &[&str]) -> Ran {
    let o = Command::new(env!("CARGO_BIN_EXE_guidebuild"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .expect("run guidebuild");
    Ran {
        code: o.status.code().unwrap_or(-1),
        stdout: o.stdout,
        stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
    }
}

fn png() -> Vec<u8> {
    fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/secret.png")).unwrap()
}

/// A temp folder holding `m/` (a manuscript with one chapter) and `outside/` (a secret).
fn setup() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let m = dir.path().join("m");
    let outside = dir.path().join("outside");
    fs::create_dir_all(&m).unwrap();
    fs::create_dir_all(&outside).unwrap();
    fs::write(m.join("a.md"), "# Chapter A\n\nSome text.\n").unwrap();
    fs::write(outside.join("secret.md"), "# Secret\n\nSECRETWORD\n").unwrap();
    fs::write(outside.join("x.png"), png()).unwrap();
    (dir, m, outside)
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .map(|r| {
            r.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

fn assert_nothing_built(dir: &Path) {
    assert!(
        !dir.join("out").exists() || files_in(&dir.join("out")).is_empty(),
        "{:?}",
        files_in(&dir.join("out"))
    );
}

#[test]
fn a_chapter_linked_to_a_file_outside_is_refused() {
    let (dir, m, outside) = setup();
    symlink(outside.join("secret.md"), m.join("z.md")).unwrap();
    let r = run_in(dir.path(), &["build", "m"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("GB004"), "{}", r.stderr);
    assert!(r.stderr.contains("z.md"), "{}", r.stderr);
    assert!(
        r.stderr.contains("secret.md"),
        "names the target: {}",
        r.stderr
    );
    assert!(r.stderr.contains("outside the manuscript folder"));
    assert_nothing_built(dir.path());
}

#[test]
fn a_listed_chapter_linked_outside_is_refused_at_its_line_in_guide_toml() {
    let (dir, m, outside) = setup();
    symlink(outside.join("secret.md"), m.join("z.md")).unwrap();
    fs::write(
        m.join("guide.toml"),
        "title = \"T\"\nchapters = [\n  \"a.md\",\n  \"z.md\",\n]\n",
    )
    .unwrap();
    let r = run_in(dir.path(), &["check", "m"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("m/guide.toml:4:"), "{}", r.stderr);
    assert!(r.stderr.contains("GB004"), "{}", r.stderr);
    assert!(!r.stderr.contains("SECRETWORD"));
}

#[test]
fn an_empty_chapter_list_is_named_at_its_line() {
    let (dir, m, _) = setup();
    fs::write(m.join("guide.toml"), "title = \"T\"\nchapters = []\n").unwrap();
    let r = run_in(dir.path(), &["build", "m"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("m/guide.toml:2:"), "{}", r.stderr);
    assert!(r.stderr.contains("GB005"), "{}", r.stderr);
}

#[test]
fn a_link_to_a_chapter_inside_the_folder_still_builds() {
    let (dir, m, _) = setup();
    fs::create_dir(m.join("parts")).unwrap();
    fs::write(m.join("parts/b.txt"), "# Chapter B\n\nMore.\n").unwrap();
    symlink("parts/b.txt", m.join("b.md")).unwrap();
    let r = run_in(dir.path(), &["epub", "m", "-o", "book.epub"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let text = super::common::epub_text(&fs::read(dir.path().join("book.epub")).unwrap());
    assert!(text.contains("Chapter B"));
}

#[test]
fn an_image_linked_outside_is_refused() {
    let (dir, m, outside) = setup();
    fs::write(m.join("a.md"), "# A\n\n![A picture](pic.png)\n").unwrap();
    symlink(outside.join("x.png"), m.join("pic.png")).unwrap();
    let r = run_in(dir.path(), &["build", "m"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("GB030"), "{}", r.stderr);
    assert!(r.stderr.contains("m/a.md:3:"), "{}", r.stderr);
    assert!(r.stderr.contains("x.png"), "names the target: {}", r.stderr);
    assert_nothing_built(dir.path());
}

#[test]
fn a_linked_guide_toml_outside_is_refused() {
    let (dir, m, outside) = setup();
    fs::write(outside.join("guide.toml"), "title = \"Secret title\"\n").unwrap();
    symlink(outside.join("guide.toml"), m.join("guide.toml")).unwrap();
    let r = run_in(dir.path(), &["build", "m"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("GB007"), "{}", r.stderr);
    assert!(r.stderr.contains("guide.toml"), "{}", r.stderr);
    assert_nothing_built(dir.path());
}

#[test]
fn a_theme_font_linked_outside_is_refused() {
    let (dir, m, outside) = setup();
    fs::write(outside.join("x.ttf"), b"not read").unwrap();
    fs::create_dir(m.join("fonts")).unwrap();
    symlink(outside.join("x.ttf"), m.join("fonts/My.ttf")).unwrap();
    fs::write(
        m.join("guide.toml"),
        "title = \"T\"\n\n[theme.fonts]\nbody = \"My.ttf\"\n",
    )
    .unwrap();
    let r = run_in(dir.path(), &["build", "m"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("GB006"), "{}", r.stderr);
    assert!(r.stderr.contains("m/guide.toml:4:"), "{}", r.stderr);
    assert!(r.stderr.contains("x.ttf"), "{}", r.stderr);
}

#[test]
fn a_single_file_run_from_its_own_folder_reads_no_image_outside() {
    let (dir, _, outside) = setup();
    let book = dir.path().join("book");
    fs::create_dir(&book).unwrap();
    // a relative link and an absolute one, both leading out of the file's folder
    symlink("../outside/x.png", book.join("rel.png")).unwrap();
    symlink(outside.join("x.png"), book.join("abs.png")).unwrap();
    for (img, what) in [
        ("rel.png", "relative link"),
        ("abs.png", "absolute link"),
        ("../outside/x.png", "../ path"),
        (outside.join("x.png").to_str().unwrap(), "absolute path"),
    ] {
        fs::write(
            book.join("guide.md"),
            format!("# A\n\n![A picture]({img})\n"),
        )
        .unwrap();
        let r = run_in(&book, &["epub", "guide.md"]);
        assert_eq!(r.code, 2, "{what}: {}", r.stderr);
        assert!(r.stderr.contains("GB030"), "{what}: {}", r.stderr);
        assert!(!book.join("guide.epub").exists(), "{what}");
    }
    // an image inside the folder is still embedded
    fs::write(book.join("in.png"), png()).unwrap();
    fs::write(book.join("guide.md"), "# A\n\n![A picture](in.png)\n").unwrap();
    let r = run_in(&book, &["epub", "guide.md"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
}

fn mkfifo(p: &Path) {
    let c = std::ffi::CString::new(p.as_os_str().as_encoded_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
}

#[test]
fn a_fifo_as_output_is_refused_and_left_alone() {
    let (dir, _, _) = setup();
    let fifo = dir.path().join("pipe.pdf");
    mkfifo(&fifo);
    for cmd in ["pdf", "epub"] {
        let r = run_in(dir.path(), &[cmd, "m", "-o", "pipe.pdf"]);
        assert_eq!(r.code, 2, "{cmd}: {}", r.stderr);
        assert!(r.stderr.contains("FIFO"), "{cmd}: {}", r.stderr);
        assert!(r.stderr.contains("nothing was built"), "{}", r.stderr);
        assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
    }
    // nor through a link to it
    symlink("pipe.pdf", dir.path().join("link.pdf")).unwrap();
    let r = run_in(dir.path(), &["pdf", "m", "-o", "link.pdf"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("FIFO"), "{}", r.stderr);
    assert_eq!(
        files_in(dir.path()),
        ["link.pdf", "m", "outside", "pipe.pdf"]
    );
}

use std::os::unix::fs::FileTypeExt;

#[test]
fn a_folder_as_output_file_is_refused() {
    let (dir, _, _) = setup();
    fs::create_dir(dir.path().join("book.pdf")).unwrap();
    let r = run_in(dir.path(), &["pdf", "m", "-o", "book.pdf"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("a folder"), "{}", r.stderr);
    assert!(dir.path().join("book.pdf").is_dir());
    assert!(files_in(&dir.path().join("book.pdf")).is_empty());
}

#[test]
fn a_link_as_output_is_written_through_to_its_target() {
    let (dir, _, _) = setup();
    fs::create_dir(dir.path().join("real")).unwrap();
    fs::write(dir.path().join("real/book.pdf"), "old").unwrap();
    symlink("real/book.pdf", dir.path().join("link.pdf")).unwrap();
    let r = run_in(dir.path(), &["pdf", "m", "-o", "link.pdf"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let link = fs::symlink_metadata(dir.path().join("link.pdf")).unwrap();
    assert!(link.file_type().is_symlink(), "the link stays a link");
    assert!(fs::read(dir.path().join("real/book.pdf"))
        .unwrap()
        .starts_with(b"%PDF-"));
    assert_eq!(files_in(&dir.path().join("real")), ["book.pdf"]);
    // a link to nothing is refused
    symlink("real/gone.pdf", dir.path().join("dangling.pdf")).unwrap();
    let r = run_in(dir.path(), &["pdf", "m", "-o", "dangling.pdf"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("link to nothing"), "{}", r.stderr);
    assert!(!dir.path().join("real/gone.pdf").exists());
}

#[test]
fn dash_streams_the_book_to_stdout() {
    let (dir, _, _) = setup();
    let r = run_in(dir.path(), &["pdf", "m", "-o", "-"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.starts_with(b"%PDF-"));
    assert!(r.stderr.contains("wrote standard output"), "{}", r.stderr);
    let r = run_in(dir.path(), &["epub", "m", "-o", "-"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.starts_with(b"PK"));
    assert!(!dir.path().join("-").exists());
    // `build` makes two files: a stream is refused
    let r = run_in(dir.path(), &["build", "m", "-o", "-"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stdout.is_empty());
}

#[test]
fn a_stale_temp_file_is_cleaned_by_the_next_write() {
    let (dir, _, _) = setup();
    let out = dir.path().join("o");
    fs::create_dir(&out).unwrap();
    // beyond any pid the kernel hands out: that process is gone
    fs::write(out.join(".book.pdf.4194999.tmp"), "half").unwrap();
    // this test's own process is alive: its temp file may be in use, so it stays
    let live = format!(".book.pdf.{}.tmp", std::process::id());
    fs::write(out.join(&live), "busy").unwrap();
    fs::write(out.join(".other.pdf.4194999.tmp"), "not ours").unwrap();
    let r = run_in(dir.path(), &["pdf", "m", "-o", "o/book.pdf"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let mut want = vec![
        ".other.pdf.4194999.tmp".to_string(),
        live,
        "book.pdf".into(),
    ];
    want.sort();
    assert_eq!(files_in(&out), want);
}

/// A manuscript whose one chapter `check --fix` changes (a check-list item without its ✔).
fn fixable(m: &Path) -> PathBuf {
    let ch = m.join("a.md");
    fs::write(
        &ch,
        "# Qualities\n\nTrust is repaired when both partners choose:\n\n- ✔ honesty\n- ✔ care\n- empathy\n",
    )
    .unwrap();
    ch
}

fn mode(p: &Path) -> u32 {
    fs::metadata(p).unwrap().permissions().mode() & 0o7777
}

#[test]
fn fix_keeps_the_chapters_mode_and_leaves_no_temp() {
    let (dir, m, _) = setup();
    let ch = fixable(&m);
    fs::set_permissions(&ch, fs::Permissions::from_mode(0o640)).unwrap();
    let r = run_in(dir.path(), &["check", "--fix", "m"]);
    assert!(
        String::from_utf8_lossy(&r.stdout).contains("fixed "),
        "{}",
        r.stderr
    );
    assert!(fs::read_to_string(&ch).unwrap().contains("- ✔ empathy"));
    assert_eq!(mode(&ch), 0o640);
    assert_eq!(files_in(&m), ["a.md"]);
}

#[test]
fn fix_refuses_a_read_only_chapter_unless_forced() {
    let (dir, m, _) = setup();
    let ch = fixable(&m);
    let before = fs::read(&ch).unwrap();
    fs::set_permissions(&ch, fs::Permissions::from_mode(0o444)).unwrap();
    let r = run_in(dir.path(), &["check", "--fix", "m"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("read-only"), "{}", r.stderr);
    assert!(r.stderr.contains("--force"), "{}", r.stderr);
    assert_eq!(fs::read(&ch).unwrap(), before);
    let r = run_in(dir.path(), &["check", "--fix", "--force", "m"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(fs::read_to_string(&ch).unwrap().contains("- ✔ empathy"));
    assert_eq!(mode(&ch), 0o444, "the chapter stays read-only");
    assert_eq!(files_in(&m), ["a.md"]);
}

#[test]
fn fix_writes_through_a_link_to_its_target() {
    let (dir, m, _) = setup();
    fs::create_dir(m.join("src")).unwrap();
    let real = fixable(&m.join("src"));
    fs::remove_file(m.join("a.md")).unwrap_or(());
    symlink("src/a.md", m.join("a.md")).unwrap();
    let r = run_in(dir.path(), &["check", "--fix", "m"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(fs::symlink_metadata(m.join("a.md"))
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(fs::read_to_string(&real).unwrap().contains("- ✔ empathy"));
    assert_eq!(files_in(&m.join("src")), ["a.md"]);
}

#[test]
fn fix_keeps_hard_links_only_when_forced() {
    let (dir, m, _) = setup();
    let ch = fixable(&m);
    let twin = dir.path().join("twin.md");
    fs::hard_link(&ch, &twin).unwrap();
    let r = run_in(dir.path(), &["check", "--fix", "m"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("hard links"), "{}", r.stderr);
    let r = run_in(dir.path(), &["check", "--fix", "--force", "m"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        fs::metadata(&ch).unwrap().ino(),
        fs::metadata(&twin).unwrap().ino()
    );
    assert!(fs::read_to_string(&twin).unwrap().contains("- ✔ empathy"));
    assert_eq!(files_in(&m), ["a.md"]);
}

/// Builds a folder manuscript titled `title` into its default `out/`; the names written.
fn build_titled(title: &str) -> Vec<String> {
    let (dir, m, _) = setup();
    fs::write(m.join("guide.toml"), format!("title = \"{title}\"\n")).unwrap();
    let r = run_in(dir.path(), &["build", "m"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let names = files_in(&dir.path().join("out"));
    assert_eq!(names.len(), 2, "{names:?}");
    for n in &names {
        assert!(n.len() <= 100 + ".epub".len(), "{} bytes: {n}", n.len());
    }
    names
}

#[test]
fn a_240_character_title_builds_under_a_shortened_name() {
    let title = "Talking Again ".repeat(18) + "At Last";
    assert!(title.len() >= 240);
    let names = build_titled(&title);
    assert!(
        names[0].starts_with("talking-again-talking-again-"),
        "{names:?}"
    );
    assert!(names[0].ends_with(".epub") && names[1].ends_with(".pdf"));
    // the same stem for both books
    assert_eq!(
        names[0].trim_end_matches(".epub"),
        names[1].trim_end_matches(".pdf")
    );
}

#[test]
fn a_90_character_cjk_title_builds_under_a_shortened_name() {
    let title = "信任修复指南".repeat(15);
    assert_eq!(title.chars().count(), 90);
    let names = build_titled(&title);
    assert!(names[0].starts_with("信任修复指南"), "{names:?}");
}

#[test]
fn an_output_name_too_long_fails_before_the_layout() {
    let (dir, _, _) = setup();
    let long = format!("{}.pdf", "x".repeat(300));
    let r = run_in(dir.path(), &["pdf", "m", "-o", &long]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("nothing was built"), "{}", r.stderr);
    assert_eq!(files_in(dir.path()), ["m", "outside"]);
}

#[test]
fn a_cover_linked_outside_is_refused_at_its_line_in_guide_toml() {
    let (dir, m, outside) = setup();
    symlink(outside.join("x.png"), m.join("cover.png")).unwrap();
    fs::write(
        m.join("guide.toml"),
        "title = \"T\"\ncover = \"cover.png\"\n",
    )
    .unwrap();
    let r = run_in(dir.path(), &["build", "m"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("GB030"), "{}", r.stderr);
    assert!(r.stderr.contains("m/guide.toml:2:"), "{}", r.stderr);
    assert_nothing_built(dir.path());
}

#[test]
fn fix_keeps_another_users_chapter_theirs_when_run_as_root() {
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } != 0 {
        return; // only root can give a file to another user, or keep it theirs
    }
    let (dir, m, _) = setup();
    let ch = fixable(&m);
    let c = std::ffi::CString::new(ch.as_os_str().as_encoded_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::chown(c.as_ptr(), 1234, 1234) }, 0);
    fs::set_permissions(&ch, fs::Permissions::from_mode(0o600)).unwrap();
    let r = run_in(dir.path(), &["check", "--fix", "m"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(fs::read_to_string(&ch).unwrap().contains("- ✔ empathy"));
    let meta = fs::metadata(&ch).unwrap();
    assert_eq!((meta.uid(), meta.gid()), (1234, 1234));
    assert_eq!(mode(&ch), 0o600);
}
