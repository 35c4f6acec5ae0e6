//! The comparison: pandoc 3 writes Typst source from the same Markdown, and the Typst compiler
//! (the PyPI `typst` package, the compiler as a Python module: it ships no binary) makes the PDF,
//! with the same body font (Literata from `fonts/`, no system fonts) and the same paper.
//!
//! Both come from PyPI (`pypandoc-binary`, which carries a pandoc binary, and `typst`), in a venv
//! at `.verify/bench-venv` that `benches/install-compare.sh` makes. Without it the bench skips
//! these rows and says so.

use crate::measure::{measure, Summary};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The compiler step: a Python process that imports `typst` and compiles one file.
const TYPST_COMPILE: &str = "import sys, typst; typst.compile(sys.argv[1], output=sys.argv[2], \
    font_paths=[sys.argv[3]], ignore_system_fonts=True, timestamp=0)";

/// Where the venv's Python and pandoc are, and their versions.
pub struct Tools {
    pub python: PathBuf,
    pub pandoc: PathBuf,
    pub pandoc_version: String,
    pub typst_version: String,
}

/// What one pandoc → Typst → PDF run on one manuscript cost, step by step.
pub struct Comparison {
    pub pandoc: Summary,
    pub typst: Summary,
    pub pdf: PathBuf,
}

fn output_of(program: &Path, args: &[&str]) -> Option<String> {
    let o = Command::new(program).args(args).output().ok()?;
    o.status
        .success()
        .then(|| String::from_utf8_lossy(&o.stdout).trim().to_string())
}

/// The tools in `root/.verify/bench-venv`, or why not.
pub fn find_tools(root: &Path) -> Result<Tools, String> {
    let python = root.join(".verify/bench-venv/bin/python");
    let missing = "no venv with pypandoc-binary and typst at .verify/bench-venv";
    if !python.is_file() {
        return Err(missing.to_string());
    }
    let where_pandoc = "import pathlib, pypandoc; \
        print(pathlib.Path(pypandoc.__file__).parent / 'files' / 'pandoc')";
    let pandoc = output_of(&python, &["-c", where_pandoc]).ok_or(missing)?;
    let pandoc = PathBuf::from(pandoc);
    let version = "import importlib.metadata as m; print(m.version('typst'))";
    let typst_version = output_of(&python, &["-c", version]).ok_or(missing)?;
    let pandoc_version = output_of(&pandoc, &["--version"])
        .and_then(|v| v.lines().next().map(|l| l.replace("pandoc ", "")))
        .ok_or("the pandoc binary of pypandoc-binary does not run")?;
    Ok(Tools {
        python,
        pandoc,
        pandoc_version,
        typst_version,
    })
}

/// Splits off a `---` front matter block: (front matter, body).
fn strip_front_matter(text: &str) -> (String, String) {
    let lines: Vec<&str> = text.split('\n').collect();
    if lines.first().is_some_and(|l| l.trim() == "---") {
        if let Some(end) = (1..lines.len()).find(|&i| matches!(lines[i].trim(), "---" | "...")) {
            return (lines[1..end].join("\n"), lines[end + 1..].join("\n"));
        }
    }
    (String::new(), text.to_string())
}

/// The manuscript's chapters in guidebuild's order: guide.toml `chapters`, else by file name.
fn chapter_files(src: &Path, cfg: &toml::Table) -> Result<Vec<PathBuf>, String> {
    if let Some(list) = cfg.get("chapters").and_then(|c| c.as_array()) {
        return Ok(list
            .iter()
            .filter_map(|c| c.as_str())
            .map(|c| src.join(c))
            .collect());
    }
    let mut files: Vec<PathBuf> = fs::read_dir(src)
        .map_err(|e| format!("{}: {e}", src.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "md" || x == "markdown"))
        .collect();
    files.sort();
    Ok(files)
}

fn read_config(src: &Path) -> Result<toml::Table, String> {
    let path = src.join("guide.toml");
    if !path.is_file() {
        return Ok(toml::Table::new());
    }
    let text = fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    text.parse::<toml::Table>()
        .map_err(|e| format!("{}: {e}", path.display()))
}

/// One Markdown file for pandoc: YAML metadata from guide.toml (or the first chapter's front
/// matter), then every chapter, front matter stripped. Also gives Typst's name for the paper.
pub fn concat(src: &Path, out: &Path) -> Result<&'static str, String> {
    let cfg = read_config(src)?;
    let mut bodies = Vec::new();
    let mut first_front = None;
    for f in chapter_files(src, &cfg)? {
        let text = fs::read_to_string(&f).map_err(|e| format!("{}: {e}", f.display()))?;
        let (front, body) = strip_front_matter(&text);
        first_front.get_or_insert(front);
        bodies.push(format!("{}\n", body.trim()));
    }
    let mut meta = Vec::new();
    for key in ["title", "subtitle", "author", "date"] {
        if let Some(v) = cfg.get(key).and_then(|v| v.as_str()) {
            let quoted = serde_json::to_string(v).map_err(|e| e.to_string())?;
            meta.push(format!("{key}: {quoted}"));
        }
    }
    if let Some(lang) = ["language", "lang"]
        .iter()
        .find_map(|k| cfg.get(*k).and_then(|v| v.as_str()))
    {
        meta.push(format!("lang: {lang}"));
    }
    let header = if meta.is_empty() {
        first_front.unwrap_or_default()
    } else {
        meta.join("\n")
    };
    let text = format!("---\n{header}\n---\n\n{}", bodies.join("\n"));
    fs::write(out, text).map_err(|e| format!("{}: {e}", out.display()))?;
    let paper = cfg
        .get("pdf")
        .and_then(|p| p.get("paper"))
        .and_then(|p| p.as_str());
    Ok(match paper {
        Some("a4") => "a4",
        Some("a5") => "a5",
        Some("6x9") => "us-trade",
        _ => "us-letter",
    })
}

/// pandoc, then Typst, on the manuscript `src`; files in `work` named after `name`.
pub fn run(
    tools: &Tools,
    root: &Path,
    src: &Path,
    work: &Path,
    name: &str,
    runs: usize,
) -> Result<Comparison, String> {
    let md = work.join(format!("pt-{name}.md"));
    let typ = work.join(format!("pt-{name}.typ"));
    let pdf = work.join(format!("pt-{name}.pdf"));
    let paper = concat(src, &md)?;
    let (md_s, typ_s, pdf_s) = (path_str(&md)?, path_str(&typ)?, path_str(&pdf)?);
    let papersize = format!("papersize={paper}");
    let pandoc_args = [
        "-f",
        "markdown",
        "-t",
        "typst",
        "--standalone",
        "-V",
        "mainfont=Literata",
        "-V",
        &papersize,
        md_s,
        "-o",
        typ_s,
    ];
    let fonts = root.join("fonts");
    let typst_args = ["-c", TYPST_COMPILE, typ_s, pdf_s, path_str(&fonts)?];
    // One untimed run each first: it also writes the .typ the compiler step reads.
    let pandoc = measure(&tools.pandoc, &pandoc_args, root, 1, runs)?;
    let warm = usize::from(runs > 1);
    let typst = measure(&tools.python, &typst_args, root, warm, runs)?;
    Ok(Comparison { pandoc, typst, pdf })
}

fn path_str(p: &Path) -> Result<&str, String> {
    p.to_str()
        .ok_or_else(|| format!("not UTF-8: {}", p.display()))
}
