//! Helpers shared by the integration tests: running the real binary, reading an EPUB's text in
//! spine order, the manuscript's words from an independent Markdown parse, and small file utilities.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

pub struct Out {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub fn run(args: &[&str]) -> Out {
    run_env(args, &[])
}

pub fn run_env(args: &[&str], env: &[(&str, &str)]) -> Out {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_guidebuild"));
    cmd.args(args)
        .env("NO_COLOR", "1")
        .env_remove("SOURCE_DATE_EPOCH");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let o = cmd.output().expect("run guidebuild");
    Out {
        code: o.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
    }
}

pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for e in fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let p = e.path();
        if p.is_dir() {
            copy_dir(&p, &to.join(e.file_name()));
        } else {
            fs::copy(&p, to.join(e.file_name())).unwrap();
        }
    }
}

pub fn first_md(dir: &Path) -> PathBuf {
    let mut md: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    md.sort();
    md.remove(0)
}

/// Every file under `dir` with its bytes.
pub fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    for e in fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(snapshot(&p));
        } else {
            out.insert(p.clone(), fs::read(&p).unwrap());
        }
    }
    out
}

/// Lower-cased runs of letters and digits.
pub fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase())
        .collect()
}

/// Fails with the first manuscript word that is missing from the book (in order).
pub fn assert_subsequence(want: &[String], have: &[String], what: &str) {
    assert!(
        want.len() > 20,
        "{what}: too few words to compare ({})",
        want.len()
    );
    let mut j = 0;
    for (i, w) in want.iter().enumerate() {
        match have[j..].iter().position(|h| h == w) {
            Some(k) => j += k + 1,
            None => {
                let ctx = want[i.saturating_sub(5)..(i + 5).min(want.len())].join(" ");
                panic!("{what}: word {i} {w:?} missing or out of order (context: {ctx})");
            }
        }
    }
}

pub fn zip_entries(epub: &[u8]) -> BTreeMap<String, Vec<u8>> {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(epub)).expect("valid zip");
    let mut out = BTreeMap::new();
    for i in 0..z.len() {
        let mut f = z.by_index(i).unwrap();
        let mut b = Vec::new();
        f.read_to_end(&mut b).unwrap();
        out.insert(f.name().to_string(), b);
    }
    out
}

fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let key = format!("{name}=\"");
    let at = tag.find(&key)? + key.len();
    Some(&tag[at..at + tag[at..].find('"')?])
}

/// The XHTML documents of an EPUB in spine order, as (path, text).
pub fn spine_documents(epub: &[u8]) -> Vec<(String, String)> {
    let files = zip_entries(epub);
    let container = String::from_utf8(files["META-INF/container.xml"].clone()).unwrap();
    let opf_path = attr(
        &container[container.find("<rootfile").unwrap()..],
        "full-path",
    )
    .unwrap()
    .to_string();
    let base = opf_path
        .rsplit_once('/')
        .map(|(b, _)| format!("{b}/"))
        .unwrap_or_default();
    let opf = String::from_utf8(files[&opf_path].clone()).unwrap();
    let mut hrefs = BTreeMap::new();
    for item in opf.split("<item ").skip(1) {
        hrefs.insert(
            attr(item, "id").unwrap().to_string(),
            attr(item, "href").unwrap().to_string(),
        );
    }
    opf.split("<itemref ")
        .skip(1)
        .map(|r| {
            let path = format!("{base}{}", hrefs[attr(r, "idref").unwrap()]);
            let text = String::from_utf8(files[&path].clone()).unwrap();
            (path, text)
        })
        .collect()
}

/// The visible text of an XHTML document's body (tags dropped, entities decoded).
pub fn xhtml_text(x: &str) -> String {
    let body = x.find("<body").map_or(x, |i| &x[i..]);
    let mut out = String::new();
    let mut in_tag = false;
    for c in body.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
}

/// All the text of an EPUB in reading order.
pub fn epub_text(epub: &[u8]) -> String {
    spine_documents(epub)
        .iter()
        .map(|(_, x)| xhtml_text(x))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The prose of a manuscript's chapters from an independent parse with pulldown-cmark: the text a
/// reader must find in the book, in order. Raw HTML (and script/style content), image alt text
/// and footnote definitions (which move to the chapter end) are left out.
pub fn manuscript_prose(dir: &Path) -> String {
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
    let mut files: Vec<PathBuf> = if dir.is_file() {
        vec![dir.to_path_buf()]
    } else {
        let toml = fs::read_to_string(dir.join("guide.toml")).unwrap_or_default();
        let listed: Vec<PathBuf> = toml
            .lines()
            .map(str::trim)
            .filter(|l| l.starts_with('"') && l.contains(".md"))
            .map(|l| dir.join(l.trim_matches(|c| c == '"' || c == ',')))
            .collect();
        if listed.is_empty() {
            let mut v: Vec<PathBuf> = fs::read_dir(dir)
                .unwrap()
                .map(|e| e.unwrap().path())
                .filter(|p| p.extension().is_some_and(|x| x == "md"))
                .collect();
            v.sort();
            v
        } else {
            listed
        }
    };
    let mut out = String::new();
    for f in files.drain(..) {
        let text = fs::read_to_string(&f).unwrap();
        let body = strip_front_matter(&text);
        let opts = Options::ENABLE_TABLES
            | Options::ENABLE_FOOTNOTES
            | Options::ENABLE_STRIKETHROUGH
            | Options::ENABLE_TASKLISTS
            | Options::ENABLE_SMART_PUNCTUATION
            | Options::ENABLE_HEADING_ATTRIBUTES;
        let (mut in_image, mut in_footnote, mut in_script) = (0, 0, false);
        for ev in Parser::new_ext(body, opts) {
            match ev {
                Event::Start(Tag::Image { .. }) => in_image += 1,
                Event::End(TagEnd::Image) => in_image -= 1,
                Event::Start(Tag::FootnoteDefinition(_)) => in_footnote += 1,
                Event::End(TagEnd::FootnoteDefinition) => in_footnote -= 1,
                Event::InlineHtml(h) | Event::Html(h) => {
                    let l = h.to_ascii_lowercase();
                    if l.starts_with("<script") || l.starts_with("<style") {
                        in_script = !l.contains("</script") && !l.contains("</style");
                    } else if l.starts_with("</script") || l.starts_with("</style") {
                        in_script = false;
                    }
                }
                Event::Text(t) | Event::Code(t)
                    if in_image == 0 && in_footnote == 0 && !in_script =>
                {
                    out.push_str(&t);
                    out.push(' ');
                }
                Event::SoftBreak | Event::HardBreak | Event::End(_) => out.push(' '),
                _ => {}
            }
        }
        out.push('\n');
    }
    out
}

fn strip_front_matter(text: &str) -> &str {
    if let Some(rest) = text.strip_prefix("---\n") {
        for end in ["\n---\n", "\n...\n"] {
            if let Some(i) = rest.find(end) {
                return &rest[i + end.len()..];
            }
        }
    }
    text
}

/// Compares `actual` with the golden file at `path`; `UPDATE_GOLDEN=1` rewrites it instead.
pub fn assert_golden(path: &Path, actual: &str) {
    if std::env::var("UPDATE_GOLDEN").is_ok_and(|v| v == "1") {
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, actual).unwrap();
        return;
    }
    let want = fs::read_to_string(path).unwrap_or_else(|_| {
        panic!(
            "missing golden file {} (run with UPDATE_GOLDEN=1)",
            path.display()
        )
    });
    if want != actual {
        let (i, (w, a)) = want
            .lines()
            .zip(actual.lines())
            .enumerate()
            .find(|(_, (w, a))| w != a)
            .unwrap_or((
                want.lines().count().min(actual.lines().count()),
                ("<end>", "<end>"),
            ));
        panic!("{} differs at line {}:\n  golden: {w}\n  actual: {a}\n(rerun with UPDATE_GOLDEN=1 to accept)", path.display(), i + 1);
    }
}

/// Whether an outside checker is on PATH. Under CI (`CI=true`) a missing tool is a failure;
/// elsewhere the caller skips, and says so loudly.
pub fn tool_available(name: &str) -> bool {
    let ok = std::process::Command::new("which")
        .arg(name)
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if !ok {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("{name} is not installed; CI must run scripts/install-validators.sh first");
        }
        eprintln!("SKIPPED: {name} is not installed (run scripts/install-validators.sh)");
    }
    ok
}

/// Copies a manuscript (a file or a folder) into `to` and gives every file the modification
/// time `secs` (seconds since 1970), so a book without a date builds the same bytes anywhere.
pub fn copy_with_mtime(from: &Path, to: &Path, secs: u64) -> PathBuf {
    let dest = to.join(from.file_name().unwrap());
    if from.is_dir() {
        copy_dir(from, &dest);
    } else {
        fs::create_dir_all(to).unwrap();
        fs::copy(from, &dest).unwrap();
    }
    set_mtimes(&dest, secs);
    dest
}

/// Sets the modification time of a file, or of every file below a folder.
pub fn set_mtimes(path: &Path, secs: u64) {
    if path.is_dir() {
        for e in fs::read_dir(path).unwrap() {
            set_mtimes(&e.unwrap().path(), secs);
        }
        return;
    }
    let t = std::time::UNIX_EPOCH + std::time::Duration::from_secs(secs);
    fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(t)
        .unwrap();
}
