//! Reading a manuscript from disk: finding the chapter files (a folder with or without
//! `guide.toml`, or a single `.md` file), decoding them (non-UTF-8 is refused with file and line),
//! splitting off YAML front matter, reading `guide.toml`, the fonts a theme names, and the images
//! the chapters use. Every file read lies inside the manuscript folder once symbolic links are
//! followed (for a single file, inside its folder); one that leads out is refused, naming the
//! file, where it leads and the line that names it. This and the CLI are the only code that
//! touches the filesystem.

use crate::config::{self, FrontMatter, GuideConfig};
use crate::diag::{Diagnostic, FileId, Sources, Span};
use crate::fonts::{FontFile, FontFiles};
use crate::model::{Asset, Block, BlockKind, Document, Image, Inline, InlineKind};
use std::borrow::Cow;
use std::path::{Component, Path, PathBuf};

/// One chapter file: where its Markdown starts (after front matter) and its front matter.
#[derive(Debug, Clone, PartialEq)]
pub struct ChapterSource {
    pub file: FileId,
    /// Byte offset of the Markdown body in the file (0 without front matter).
    pub body_start: usize,
    pub front: FrontMatter,
}

/// Everything read from disk for one build.
#[derive(Debug, Clone)]
pub struct Manuscript {
    /// The manuscript folder (for a single file, the folder it is in).
    pub root: PathBuf,
    pub sources: Sources,
    pub config: GuideConfig,
    pub config_file: Option<FileId>,
    pub chapters: Vec<ChapterSource>,
    pub fonts: FontFiles,
    /// `SOURCE_DATE_EPOCH`, if set to an integer.
    pub source_date_epoch: Option<i64>,
    /// The newest modification time of the chapter files (seconds since the Unix epoch):
    /// the books' "modified" stamp when no date is given.
    pub newest_mtime: Option<i64>,
}

fn display(p: &Path) -> String {
    p.to_string_lossy().replace('\\', "/")
}

/// The manuscript folder's real path (links followed; `.` for the empty path a bare file
/// name has as its folder): every file a build reads must lie inside it.
pub fn real_root(root: &Path) -> Result<PathBuf, Diagnostic> {
    let r = if root.as_os_str().is_empty() {
        Path::new(".")
    } else {
        root
    };
    r.canonicalize().map_err(|e| {
        Diagnostic::error(
            "GB002",
            format!("cannot resolve the manuscript folder {}: {e}", display(r)),
        )
    })
}

/// Why a file the manuscript names may not be read.
#[derive(Debug)]
enum Escape {
    /// It does not exist (or a link leads to nothing).
    Missing,
    /// It resolves (through a link) to this real path, outside the folder.
    Outside(PathBuf),
}

/// The real path of `path` (links followed), which must lie inside `real_root`.
fn contained(real_root: &Path, path: &Path) -> Result<PathBuf, Escape> {
    let real = path.canonicalize().map_err(|_| Escape::Missing)?;
    if real.starts_with(real_root) {
        Ok(real)
    } else {
        Err(Escape::Outside(real))
    }
}

/// The message for a file that leads outside the manuscript folder: `what` (`chapter`), the
/// path as named, where it leads and the folder.
fn outside(what: &str, path: &Path, real: &Path, real_root: &Path) -> String {
    let how = if std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
        "is a link to"
    } else {
        "leads (through a linked folder) to"
    };
    format!(
        "{what} `{}` {how} `{}`, outside the manuscript folder `{}`; refused",
        display(path),
        display(real),
        display(real_root)
    )
}

/// The help for a refused outside file.
const OUTSIDE_HELP: &str = "copy the file into the manuscript folder: guidebuild reads nothing \
     outside it, not even through a symbolic link";

/// Where guide.toml sets the value at `path` (`chapters`, `chapters[1]`, `theme.fonts.body`),
/// when it does (see [`config::value_span`]).
fn toml_span(sources: &Sources, config_file: Option<FileId>, path: &str) -> Option<Span> {
    let id = config_file?;
    config::value_span(&sources.get(id).text, path, id)
}

/// Places `d` at `span` when there is one, else in the file `file`.
fn placed(d: Diagnostic, span: Option<Span>, file: &Path) -> Diagnostic {
    match span {
        Some(s) => d.at(s),
        None => d.in_file(display(file)),
    }
}

/// Reads a file as UTF-8, naming the line of the first bad byte when it is not.
fn read_utf8(path: &Path) -> Result<String, Diagnostic> {
    let bytes = std::fs::read(path).map_err(|e| {
        Diagnostic::error("GB002", format!("cannot read {}: {e}", display(path)))
            .in_file(display(path))
            .help("check that the file exists and is readable")
    })?;
    String::from_utf8(bytes).map_err(|e| {
        let good = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        let line = bytes[..good].iter().filter(|&&b| b == b'\n').count() + 1;
        let col = good
            - bytes[..good]
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |p| p + 1)
            + 1;
        Diagnostic::error(
            "GB003",
            format!(
                "{}:{line}:{col}: the file is not valid UTF-8 (byte 0x{:02x})",
                display(path),
                bytes[good]
            ),
        )
        .help("save the file as UTF-8 in your editor")
    })
}

fn source_date_epoch() -> Option<i64> {
    std::env::var("SOURCE_DATE_EPOCH").ok()?.trim().parse().ok()
}

/// Loads a manuscript: a folder (with or without `guide.toml`) or one `.md` file.
pub fn load(path: &Path) -> Result<Manuscript, Diagnostic> {
    load_with_sources(path).map_err(|(d, _)| d)
}

/// Like [`load`], but a failure also returns the sources read so far, so the error can be shown
/// with its snippet (an unknown key in `guide.toml`, bad front matter).
pub fn load_with_sources(path: &Path) -> Result<Manuscript, (Diagnostic, Sources)> {
    let mut sources = Sources::default();
    match load_into(path, &mut sources) {
        Ok(parts) => Ok(parts.finish(sources)),
        Err(d) => Err((d, sources)),
    }
}

struct Loaded {
    root: PathBuf,
    config: GuideConfig,
    config_file: Option<FileId>,
    chapters: Vec<ChapterSource>,
    fonts: FontFiles,
    newest_mtime: Option<i64>,
}

impl Loaded {
    fn finish(self, sources: Sources) -> Manuscript {
        Manuscript {
            root: self.root,
            sources,
            config: self.config,
            config_file: self.config_file,
            chapters: self.chapters,
            fonts: self.fonts,
            source_date_epoch: source_date_epoch(),
            newest_mtime: self.newest_mtime,
        }
    }
}

fn load_into(path: &Path, sources: &mut Sources) -> Result<Loaded, Diagnostic> {
    let meta = std::fs::metadata(path).map_err(|_| {
        Diagnostic::error("GB001", format!("no manuscript at `{}`", display(path))).help(
            "give a folder of Markdown chapters (with an optional guide.toml) or a single .md file",
        )
    })?;
    // A single file named on the command line is read where it is; its folder is the root.
    let (root, config, config_file, files) = if meta.is_file() {
        let root = path.parent().map(Path::to_path_buf).unwrap_or_default();
        (root, GuideConfig::default(), None, vec![path.to_path_buf()])
    } else {
        let real = real_root(path)?;
        let (config, config_file) = read_config(path, &real, sources)?;
        let files = chapter_files(path, &real, &config, sources, config_file)?;
        (path.to_path_buf(), config, config_file, files)
    };
    if files.is_empty() {
        let d = Diagnostic::error(
            "GB005",
            format!("no Markdown chapters in `{}`", display(path)),
        )
        .help("add .md files to the folder, or list them under `chapters` in guide.toml");
        return Err(match toml_span(sources, config_file, "chapters") {
            Some(span) => d.at(span),
            None => d,
        });
    }
    let (chapters, newest_mtime) = read_chapters(&files, sources)?;
    let real = real_root(&root)?;
    let fonts = load_fonts(&config, &root, &real, sources, config_file)?;
    Ok(Loaded {
        root,
        config,
        config_file,
        chapters,
        fonts,
        newest_mtime,
    })
}

/// A folder's `guide.toml`, read into `sources` (the defaults when there is none).
fn read_config(
    folder: &Path,
    real_root: &Path,
    sources: &mut Sources,
) -> Result<(GuideConfig, Option<FileId>), Diagnostic> {
    let toml_path = folder.join("guide.toml");
    if std::fs::symlink_metadata(&toml_path).is_err() {
        return Ok((GuideConfig::default(), None));
    }
    match contained(real_root, &toml_path) {
        Ok(_) => {}
        Err(Escape::Missing) => {
            return Err(Diagnostic::error(
                "GB007",
                format!("{} is a link to nothing", display(&toml_path)),
            )
            .in_file(display(&toml_path))
            .help("replace the link with the guide.toml file itself, or remove it"))
        }
        Err(Escape::Outside(real)) => {
            return Err(Diagnostic::error(
                "GB007",
                outside("guide.toml", &toml_path, &real, real_root),
            )
            .in_file(display(&toml_path))
            .help(OUTSIDE_HELP))
        }
    }
    let text = read_utf8(&toml_path)?;
    let id = sources.add(display(&toml_path), text);
    let config = config::parse_guide_toml(&sources.get(id).text, id)?;
    Ok((config, Some(id)))
}

/// A folder's chapter files: those `chapters` in guide.toml lists, in its order, or else
/// every `.md`/`.markdown` file in the folder, by name. Each must lie inside the folder once
/// links are followed.
fn chapter_files(
    folder: &Path,
    real_root: &Path,
    config: &GuideConfig,
    sources: &Sources,
    config_file: Option<FileId>,
) -> Result<Vec<PathBuf>, Diagnostic> {
    let toml_path = folder.join("guide.toml");
    if let Some(list) = &config.chapters {
        return list
            .iter()
            .enumerate()
            .map(|(i, name)| {
                let span = toml_span(sources, config_file, &format!("chapters[{i}]"));
                let p = listed_chapter(folder, &toml_path, name, span)?;
                chapter_inside(real_root, &p, span)
            })
            .collect();
    }
    let mut md: Vec<PathBuf> = std::fs::read_dir(folder)
        .map_err(|e| {
            Diagnostic::error(
                "GB002",
                format!("cannot read folder {}: {e}", display(folder)),
            )
        })?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "md" || x == "markdown"))
        .collect();
    md.sort();
    md.into_iter()
        .map(|p| chapter_inside(real_root, &p, None))
        .collect()
}

/// `path` when the chapter it names lies inside the folder once links are followed; else a
/// GB004 error (at `span`, its name in guide.toml, when there is one).
fn chapter_inside(
    real_root: &Path,
    path: &Path,
    span: Option<Span>,
) -> Result<PathBuf, Diagnostic> {
    match contained(real_root, path) {
        Ok(_) => Ok(path.to_path_buf()),
        Err(Escape::Outside(real)) => Err(placed(
            Diagnostic::error("GB004", outside("chapter", path, &real, real_root))
                .help(OUTSIDE_HELP),
            span,
            path,
        )),
        Err(Escape::Missing) => Err(placed(
            Diagnostic::error(
                "GB004",
                format!("chapter `{}` does not exist", display(path)),
            )
            .help("fix the name, or the link, or create the file"),
            span,
            path,
        )),
    }
}

/// The path of a chapter guide.toml lists, which must be a file inside the folder.
fn listed_chapter(
    folder: &Path,
    toml_path: &Path,
    name: &str,
    span: Option<Span>,
) -> Result<PathBuf, Diagnostic> {
    let p = folder.join(name);
    if safe_relative(name).is_none() {
        return Err(placed(
            Diagnostic::error(
                "GB004",
                format!("chapter `{name}` is outside the manuscript folder"),
            )
            .help("list chapter files relative to the folder that holds guide.toml"),
            span,
            toml_path,
        ));
    }
    if !p.is_file() {
        return Err(placed(
            Diagnostic::error(
                "GB004",
                format!(
                    "chapter file `{}` listed in guide.toml does not exist",
                    display(&p)
                ),
            )
            .help("fix the name in `chapters` or create the file"),
            span,
            toml_path,
        ));
    }
    Ok(p)
}

/// Reads the chapter files into `sources`, splitting off their front matter; also the newest
/// modification time among them.
fn read_chapters(
    files: &[PathBuf],
    sources: &mut Sources,
) -> Result<(Vec<ChapterSource>, Option<i64>), Diagnostic> {
    let mut chapters = Vec::new();
    let mut newest_mtime: Option<i64> = None;
    for f in files {
        let mtime = std::fs::metadata(f)
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map(|d| d.as_secs() as i64);
        newest_mtime = newest_mtime.max(mtime);
        let text = read_utf8(f)?;
        let id = sources.add(display(f), text);
        let (body_start, front) = config::front_matter(&sources.get(id).text, id)?;
        chapters.push(ChapterSource {
            file: id,
            body_start,
            front,
        });
    }
    Ok((chapters, newest_mtime))
}

/// The theme's fonts: built in, or read from the manuscript folder (`fonts/NAME` or `NAME`),
/// which they must lie inside once links are followed. Errors point at the font's name in
/// guide.toml.
fn load_fonts(
    config: &GuideConfig,
    root: &Path,
    real_root: &Path,
    sources: &Sources,
    config_file: Option<FileId>,
) -> Result<FontFiles, Diagnostic> {
    let missing = match FontFiles::builtin_for(&config.theme.fonts) {
        Ok(f) => return Ok(f),
        Err(missing) => missing,
    };
    let toml = root.join("guide.toml");
    let mut files = FontFiles::builtin_for(&Default::default()).expect("built-in fonts");
    for (role, name) in missing {
        let key = format!("theme.fonts.{}", role.key());
        let span = toml_span(sources, config_file, &key);
        let error = |msg: String| placed(Diagnostic::error("GB006", msg), span, &toml);
        let rel = safe_relative(&name)
            .ok_or_else(|| error(format!("font `{name}` is outside the manuscript folder")))?;
        let p = [root.join("fonts").join(&rel), root.join(&rel)]
            .into_iter()
            .find(|p| p.is_file())
            .ok_or_else(|| {
                error(format!("font `{name}` named in the theme was not found")).help(
                    "put the .ttf/.otf file in the manuscript's fonts/ folder, or use a built-in font",
                )
            })?;
        if let Err(Escape::Outside(real)) = contained(real_root, &p) {
            return Err(error(outside("font", &p, &real, real_root)).help(OUTSIDE_HELP));
        }
        let bytes = std::fs::read(&p)
            .map_err(|e| error(format!("cannot read font {}: {e}", display(&p))))?;
        files.by_role.insert(
            role,
            FontFile {
                name,
                bytes: Cow::Owned(bytes),
            },
        );
    }
    Ok(files)
}

/// A relative path with no `..`, root or prefix components, normalised to `/` separators.
pub fn safe_relative(path: &str) -> Option<String> {
    let p = Path::new(path);
    let mut parts = Vec::new();
    for c in p.components() {
        match c {
            Component::Normal(s) => parts.push(s.to_string_lossy().into_owned()),
            Component::CurDir => {}
            _ => return None,
        }
    }
    (!parts.is_empty()).then(|| parts.join("/"))
}

fn media_type(bytes: &[u8], name: &str) -> Option<&'static str> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if bytes.starts_with(&[0xff, 0xd8, 0xff]) {
        Some("image/jpeg")
    } else if bytes.starts_with(b"GIF8") {
        Some("image/gif")
    } else if name.to_ascii_lowercase().ends_with(".svg") {
        Some("image/svg+xml")
    } else {
        None
    }
}

/// Reads one image named in the manuscript, refusing anything outside the folder `real_root`
/// (links followed). A problem is a GB030 error with no place yet: the caller knows where
/// the image was named.
fn read_asset(root: &Path, real_root: &Path, src: &str) -> Result<Asset, Diagnostic> {
    let refuse = |msg: String, help: String| Diagnostic::error("GB030", msg).help(help);
    let rel = safe_relative(src).ok_or_else(|| {
        refuse(
            format!("image `{src}` is outside the manuscript folder; refused"),
            "copy the image into the manuscript folder and use a relative path".to_string(),
        )
    })?;
    let path = root.join(&rel);
    match contained(real_root, &path) {
        Err(Escape::Outside(real)) => {
            return Err(refuse(
                outside("image", &path, &real, real_root),
                OUTSIDE_HELP.to_string(),
            ))
        }
        Err(Escape::Missing) => {
            return Err(refuse(
                format!("image `{src}` does not exist"),
                format!("expected it at {}", display(&path)),
            ))
        }
        Ok(_) => {}
    }
    let bytes = std::fs::read(&path).map_err(|e| {
        refuse(
            format!("cannot read image `{src}`: {e}"),
            "check the file's permissions".to_string(),
        )
    })?;
    let mt = media_type(&bytes, &rel).ok_or_else(|| {
        refuse(
            format!("image `{src}` is not a PNG, JPEG, GIF or SVG file"),
            "convert it to PNG or JPEG".to_string(),
        )
    })?;
    Ok(Asset {
        size_px: crate::image::pixel_size(&bytes),
        decoded: Default::default(),
        first_use: None,
        rel_path: rel,
        media_type: mt.to_string(),
        bytes,
    })
}

fn visit_blocks(blocks: &mut [Block], f: &mut dyn FnMut(&mut Image, Span)) {
    for b in blocks {
        let span = b.span;
        match &mut b.kind {
            BlockKind::Heading { content, .. } | BlockKind::Paragraph(content) => {
                visit_inlines(content, f)
            }
            BlockKind::Figure { image, caption } => {
                f(image, span);
                visit_inlines(caption, f);
            }
            BlockKind::List(l) => {
                if let Some(lead) = &mut l.lead {
                    visit_inlines(&mut lead.content, f);
                }
                for it in &mut l.items {
                    visit_blocks(&mut it.blocks, f);
                }
            }
            BlockKind::Sayings(s) => {
                if let Some(lead) = &mut s.lead {
                    visit_inlines(&mut lead.content, f);
                }
                for it in &mut s.items {
                    visit_inlines(&mut it.content, f);
                }
            }
            BlockKind::BlockQuote(inner) => visit_blocks(inner, f),
            BlockKind::Table(t) => {
                for cell in t.head.iter_mut().chain(t.rows.iter_mut().flatten()) {
                    visit_inlines(cell, f);
                }
            }
            BlockKind::CodeBlock { .. } | BlockKind::ThematicBreak => {}
        }
    }
}

fn visit_inlines(inlines: &mut [Inline], f: &mut dyn FnMut(&mut Image, Span)) {
    for i in inlines {
        let span = i.span;
        match &mut i.kind {
            InlineKind::Image(img) => f(img, span),
            InlineKind::Emph(c)
            | InlineKind::Strong(c)
            | InlineKind::Strike(c)
            | InlineKind::Link { content: c, .. } => visit_inlines(c, f),
            _ => {}
        }
    }
}

/// Reads every image the document uses (and the cover), filling `Document::assets` and each
/// image's `asset` index. Problems come back as errors pointing at the image.
pub fn load_assets(doc: &mut Document, ms: &Manuscript) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let mut assets: Vec<Asset> = Vec::new();
    let root = &ms.root;
    let real_root = real_root(root);
    let add = |src: &str, assets: &mut Vec<Asset>| -> Result<usize, Diagnostic> {
        if let Some(i) = assets
            .iter()
            .position(|a| a.rel_path == safe_relative(src).unwrap_or_default())
        {
            return Ok(i);
        }
        let a = read_asset(root, real_root.as_ref().map_err(Clone::clone)?, src)?;
        assets.push(a);
        Ok(assets.len() - 1)
    };
    if let Some(cover) = ms.config.cover.clone() {
        match add(&cover, &mut assets) {
            Ok(i) => doc.meta.cover = Some(i),
            Err(d) => {
                let d = Diagnostic {
                    message: format!("cover: {}", d.message),
                    ..d
                };
                diags.push(match ms.config_file {
                    Some(f) => d.at(find_in(&ms.sources.get(f).text, &cover, f)),
                    None => d,
                });
            }
        }
    }
    let mut visit = |img: &mut Image, span: Span| {
        let src = img.src.clone();
        if src.contains("://") || src.starts_with("data:") {
            diags.push(
                Diagnostic::warning(
                    "GB031",
                    format!("remote image `{src}` is not embedded; only its description is kept"),
                )
                .at(span)
                .help("download the image into the manuscript folder"),
            );
            return;
        }
        match add(&src, &mut assets) {
            Ok(i) => {
                img.asset = Some(i);
                assets[i].first_use.get_or_insert(span);
            }
            Err(d) => diags.push(d.at(span)),
        }
    };
    for ch in &mut doc.chapters {
        visit_blocks(&mut ch.blocks, &mut visit);
        for fnote in &mut ch.footnotes {
            visit_blocks(&mut fnote.blocks, &mut visit);
        }
    }
    doc.assets = assets;
    diags
}

fn find_in(text: &str, needle: &str, file: FileId) -> Span {
    let at = text.find(needle).unwrap_or(0);
    Span::new(file, at, at + needle.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safe_relative_refuses_escapes() {
        assert_eq!(safe_relative("img/a.png").as_deref(), Some("img/a.png"));
        assert_eq!(safe_relative("./a.png").as_deref(), Some("a.png"));
        assert_eq!(safe_relative("../a.png"), None);
        assert_eq!(safe_relative("/etc/passwd"), None);
        assert_eq!(safe_relative("img/../../a.png"), None);
    }

    #[test]
    fn png_size_is_read() {
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        png.extend_from_slice(&[0, 0, 0, 3, 0, 0, 0, 2]);
        assert_eq!(crate::image::pixel_size(&png), Some((3, 2)));
    }
}
