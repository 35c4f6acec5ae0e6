//! `guidebuild init [DIR]`: scaffolds a new guide that builds and checks clean at once.
//!
//! DIR becomes a small project, laid out the way every other command expects by default:
//! `DIR/manuscript/` holds `guide.toml` (every common key, each explained in a comment) and
//! three short sample chapters that show each block the tool knows; `DIR/.gitignore` keeps the
//! built books in `DIR/out/` out of version control. So `cd DIR && guidebuild watch` works with
//! no arguments. The title, author and language come from `--title`, `--author` and `--lang`,
//! or, on a terminal with none of them given, from two questions.
//!
//! It never deletes anything and never overwrites a file unless `--force` is given; without it,
//! a folder that is not empty (a lone `.git` does not count) is refused with exit 2.

use crate::app::{write_atomic, Durability, OK, USAGE};
use crate::cli::InitArgs;
use crate::diag::Sources;
use crate::report::{self, Format};
use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};

/// The title a guide gets when none is given.
pub const DEFAULT_TITLE: &str = "A Weekly Check-In With Your Partner";
/// The author a guide gets when none is given.
pub const DEFAULT_AUTHOR: &str = "Your Name";
/// The language a guide gets when none is given.
pub const DEFAULT_LANG: &str = "en";

const GUIDE_TOML: &str = include_str!("sample/guide.toml");
const CHAPTERS: [(&str, &str); 3] = [
    (
        "01-why-a-weekly-check-in.md",
        include_str!("sample/01-why-a-weekly-check-in.md"),
    ),
    (
        "02-how-to-run-it.md",
        include_str!("sample/02-how-to-run-it.md"),
    ),
    (
        "03-when-it-gets-hard.md",
        include_str!("sample/03-when-it-gets-hard.md"),
    ),
];
const GITIGNORE: &str = include_str!("sample/gitignore");

/// The metadata the scaffold fills in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meta {
    pub title: String,
    pub author: String,
    pub lang: String,
}

/// Runs `guidebuild init`.
pub fn run(a: &InitArgs) -> u8 {
    let dir = &a.dir;
    if let Err(msg) = may_write_into(dir, a.force) {
        eprintln!("error: {msg}");
        return USAGE;
    }
    let asked = a.title.is_none() && a.author.is_none() && a.lang.is_none();
    let meta = if asked && std::io::stdin().is_terminal() {
        match ask() {
            Ok(m) => m,
            Err(e) => {
                eprintln!("error: cannot read the answers: {e}");
                return USAGE;
            }
        }
    } else {
        Meta {
            title: a.title.clone().unwrap_or_else(|| DEFAULT_TITLE.into()),
            author: a.author.clone().unwrap_or_else(|| DEFAULT_AUTHOR.into()),
            lang: a.lang.clone().unwrap_or_else(|| DEFAULT_LANG.into()),
        }
    };
    let toml = guide_toml(&meta);
    // The same checks a build makes: a bad --lang or an empty title is refused before any
    // file is written.
    if let Err(d) = crate::config::parse_guide_toml(&toml, 0) {
        let mut sources = Sources::default();
        sources.add("guide.toml", toml.clone());
        eprint!(
            "{}",
            report::render(&[d], &sources, Format::Human { color: false })
        );
        return USAGE;
    }
    let files = files(dir, &toml);
    if !a.force {
        // Checked again per file: the folder may hold only `.git`, and nothing is replaced
        // without --force.
        if let Some((p, _)) = files.iter().find(|(p, _)| p.exists()) {
            eprintln!(
                "error: {} already exists; nothing written\n  = help: pass --force to replace it",
                p.display()
            );
            return USAGE;
        }
    }
    for (path, text) in &files {
        let existed = path.exists();
        if let Err(e) = write_atomic(path, text.as_bytes(), Durability::Synced) {
            eprintln!("error: cannot write {}: {e}", path.display());
            return USAGE;
        }
        let verb = if existed { "replaced" } else { "created" };
        println!("{verb} {}", path.display());
    }
    let shown = dir.display().to_string();
    let cd = if dir == Path::new(".") {
        String::new()
    } else {
        format!("cd {} && ", shell_word(&shown))
    };
    println!(
        "\nNext: {cd}guidebuild watch\n  \
         (builds out/*.pdf and out/*.epub, then again on every save; Ctrl-C stops)"
    );
    OK
}

/// Refuses a path that is a file, or a folder with anything in it but `.git`, unless `force`.
fn may_write_into(dir: &Path, force: bool) -> Result<(), String> {
    if dir.exists() && !dir.is_dir() {
        return Err(format!(
            "`{}` is a file; init makes a guide in a folder",
            dir.display()
        ));
    }
    if !dir.is_dir() || force {
        return Ok(());
    }
    let entries = std::fs::read_dir(dir)
        .map_err(|e| format!("cannot read folder `{}`: {e}", dir.display()))?;
    let others = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_name() != ".git")
        .count();
    if others > 0 {
        return Err(format!(
            "folder `{}` is not empty; init writes a new guide only into an empty folder\n  \
             = help: give a new folder (`guidebuild init my-guide`), or pass --force to add \
             the guide's files here (files of the same names are replaced, nothing is deleted)",
            dir.display()
        ));
    }
    Ok(())
}

/// Every file init writes, with its text.
fn files(dir: &Path, toml: &str) -> Vec<(PathBuf, String)> {
    let ms = dir.join("manuscript");
    let mut out = vec![(ms.join("guide.toml"), toml.to_string())];
    for (name, text) in CHAPTERS {
        out.push((ms.join(name), text.to_string()));
    }
    out.push((dir.join(".gitignore"), GITIGNORE.to_string()));
    out
}

/// The sample `guide.toml` with the metadata filled in as TOML strings.
pub fn guide_toml(meta: &Meta) -> String {
    GUIDE_TOML
        .replace("{title}", &toml_string(&meta.title))
        .replace("{author}", &toml_string(&meta.author))
        .replace("{language}", &toml_string(&meta.lang))
}

/// A TOML basic string: quotes, backslashes and control characters escaped.
pub fn toml_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The folder as the author would type it after `cd`.
fn shell_word(s: &str) -> String {
    if s.chars().all(|c| c.is_alphanumeric() || "-_./".contains(c)) {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

/// Asks for the title and the author on the terminal; an empty answer keeps the default.
fn ask() -> std::io::Result<Meta> {
    let stdin = std::io::stdin();
    let mut lines = stdin.lock();
    let mut question = |q: &str, default: &str| -> std::io::Result<String> {
        eprint!("{q} [{default}]: ");
        std::io::stderr().flush()?;
        let mut line = String::new();
        lines.read_line(&mut line)?;
        let answer = line.trim();
        Ok(if answer.is_empty() {
            default.to_string()
        } else {
            answer.to_string()
        })
    };
    Ok(Meta {
        title: question("Title", DEFAULT_TITLE)?,
        author: question("Author", DEFAULT_AUTHOR)?,
        lang: DEFAULT_LANG.into(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metadata_round_trips_through_toml() {
        let meta = Meta {
            title: "A \"quoted\" title \\ with\ttabs\nand lines \u{7}".into(),
            author: "Zoë O’Brien".into(),
            lang: "en-GB".into(),
        };
        let cfg = crate::config::parse_guide_toml(&guide_toml(&meta), 0).unwrap();
        assert_eq!(cfg.title.as_deref(), Some(meta.title.as_str()));
        assert_eq!(
            cfg.author.map(|a| a.to_vec()),
            Some(vec![meta.author.clone()])
        );
        assert_eq!(cfg.language.as_deref(), Some("en-GB"));
    }

    #[test]
    fn the_sample_sets_the_documented_keys() {
        let meta = Meta {
            title: DEFAULT_TITLE.into(),
            author: DEFAULT_AUTHOR.into(),
            lang: DEFAULT_LANG.into(),
        };
        let cfg = crate::config::parse_guide_toml(&guide_toml(&meta), 0).unwrap();
        assert!(cfg.pdf.paper.is_some() && cfg.pdf.chapter_break.is_some());
        assert!(cfg.pdf.sides.is_some() && cfg.pdf.imprint.is_some());
        assert!(cfg.check.avoid_needs_try);
        for key in ["# date = ", "# subtitle = ", "# cover = ", "# chapters = "] {
            assert!(GUIDE_TOML.contains(key), "{key} is not shown");
        }
    }

    #[test]
    fn a_folder_with_files_is_refused_unless_forced() {
        let dir = tempfile::tempdir().unwrap();
        assert!(may_write_into(dir.path(), false).is_ok());
        std::fs::create_dir(dir.path().join(".git")).unwrap();
        assert!(may_write_into(dir.path(), false).is_ok());
        std::fs::write(dir.path().join("notes.txt"), "x").unwrap();
        let err = may_write_into(dir.path(), false).unwrap_err();
        assert!(
            err.contains("--force") && err.contains("not empty"),
            "{err}"
        );
        assert!(may_write_into(dir.path(), true).is_ok());
        assert!(may_write_into(&dir.path().join("notes.txt"), true).is_err());
    }

    #[test]
    fn shell_words_are_quoted_when_needed() {
        assert_eq!(shell_word("my-guide"), "my-guide");
        assert_eq!(shell_word("My Guide"), "'My Guide'");
        assert_eq!(shell_word("it's"), "'it'\\''s'");
    }
}
