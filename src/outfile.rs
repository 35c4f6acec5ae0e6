//! Writing files without harming what is there: only a regular file (or nothing) is ever
//! replaced, a symbolic link is written through to its target, the new bytes go to a temporary
//! file created exclusively beside the target (`.NAME.<pid>.tmp`) and renamed over it, the
//! target's mode and owner are kept (the owner where the system permits), the temporary file is
//! removed on every error path, and one left by a crashed run is cleaned by the next write of
//! the same file. [`preflight`] runs the same checks before a build spends time on layout.

use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// How hard [`write_atomic`] works to keep a file through a power cut.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Durability {
    /// Built outputs: the rename alone. They can be rebuilt from the manuscript, and waiting
    /// for the disk (1 to 3 ms a file here) would be most of a small guide's build time.
    Rebuildable,
    /// The author's own text (`check --fix`): the data reaches the disk before the rename,
    /// and the rename before we return.
    Synced,
}

/// What a file system entry is, in words, for a refusal (`a FIFO`).
fn kind_of(ft: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if ft.is_socket() {
            return "a socket";
        }
        if ft.is_char_device() || ft.is_block_device() {
            return "a device";
        }
    }
    if ft.is_dir() {
        "a folder"
    } else {
        "not a regular file"
    }
}

fn refused(msg: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, msg)
}

/// The file a write to `path` replaces: `path` itself when it is a regular file or does not
/// exist yet, the target of a symbolic link that leads to a regular file; anything else (a
/// folder, FIFO, socket, device, a link to nothing) is refused with an error that says what
/// it is.
pub fn resolve_target(path: &Path) -> io::Result<PathBuf> {
    let meta = match std::fs::symlink_metadata(path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(path.to_path_buf()),
        Err(e) => return Err(e),
        Ok(m) => m,
    };
    let (real, meta) = if meta.file_type().is_symlink() {
        let real = path.canonicalize().map_err(|_| {
            refused(format!(
                "{} is a symbolic link to nothing; guidebuild writes through a link only to an \
                 existing regular file",
                path.display()
            ))
        })?;
        let meta = std::fs::metadata(&real)?;
        (real, meta)
    } else {
        (path.to_path_buf(), meta)
    };
    if meta.is_file() {
        Ok(real)
    } else {
        let via = if real != path {
            format!(" (through the link {})", path.display())
        } else {
            String::new()
        };
        Err(refused(format!(
            "{}{via} is {}; guidebuild only replaces regular files",
            real.display(),
            kind_of(&meta.file_type())
        )))
    }
}

/// The folder a file is in (`.` for a bare name).
fn folder_of(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// `.NAME.` for the temporary files of `NAME`, the name cut so that the temporary name stays
/// well under the 255 bytes most file systems allow.
fn temp_prefix(target: &Path) -> String {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut cut = name.len().min(200);
    while !name.is_char_boundary(cut) {
        cut -= 1;
    }
    format!(".{}.", &name[..cut])
}

/// The process id in a temporary file's name, when `name` is one of ours for `prefix`.
fn temp_pid(name: &str, prefix: &str) -> Option<u32> {
    let digits = name.strip_prefix(prefix)?.strip_suffix(".tmp")?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// Whether the process `pid` still runs (so its temporary file may be in use).
fn alive(pid: u32, path: &Path) -> bool {
    #[cfg(unix)]
    {
        let _ = path;
        let Ok(pid) = libc::pid_t::try_from(pid) else {
            return false;
        };
        // signal 0 only asks whether the process exists
        // SAFETY: kill with signal 0 sends nothing and touches no memory.
        let r = unsafe { libc::kill(pid, 0) };
        r == 0 || io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
    }
    #[cfg(not(unix))]
    {
        // no cheap way to ask: a temporary file untouched for an hour is stale
        let _ = pid;
        std::fs::metadata(path)
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_none_or(|age| age < std::time::Duration::from_secs(3600))
    }
}

/// Removes the temporary files of `target` that an earlier run left behind (it was killed
/// before it could rename or remove them): those of a process that no longer runs, and one
/// with this process's own id (a reused id).
pub fn clean_stale_temps(target: &Path) {
    let dir = folder_of(target);
    let prefix = temp_prefix(target);
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let Some(pid) = temp_pid(&name, &prefix) else {
            continue;
        };
        let path = e.path();
        let is_file = e.file_type().is_ok_and(|t| t.is_file());
        if is_file && (pid == std::process::id() || !alive(pid, &path)) {
            let _ = std::fs::remove_file(&path);
        }
    }
}

/// A temporary file that is removed when dropped, unless it was renamed into place.
struct Temp {
    path: PathBuf,
    kept: bool,
}

impl Drop for Temp {
    fn drop(&mut self) {
        if !self.kept {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// Creates this process's temporary file for `target`, exclusively (it must not exist).
fn create_temp(target: &Path) -> io::Result<(Temp, File)> {
    let path = folder_of(target).join(format!("{}{}.tmp", temp_prefix(target), std::process::id()));
    let file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)?;
    Ok((Temp { path, kept: false }, file))
}

/// Gives the new file the old one's owner (where permitted) and mode.
fn keep_attributes(file: &File, old: Option<&std::fs::Metadata>) -> io::Result<()> {
    let Some(old) = old else {
        return Ok(());
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        // only root (or the owner, for the group) may do this: where it is not permitted the
        // file keeps the writer's owner
        let _ = std::os::unix::fs::fchown(file, Some(old.uid()), Some(old.gid()));
    }
    file.set_permissions(old.permissions())
}

/// Writes `bytes` to `path` atomically: a temporary file created exclusively beside the file
/// (beside a symbolic link's target), then a rename, so a failed write never leaves a
/// half-written file and the previous good file stays until replaced. The replaced file's
/// mode and owner are kept; a folder, FIFO, socket or device at `path` is refused.
pub fn write_atomic(path: &Path, bytes: &[u8], durability: Durability) -> io::Result<()> {
    let target = resolve_target(path)?;
    let dir = folder_of(&target);
    std::fs::create_dir_all(dir)?;
    clean_stale_temps(&target);
    let old = std::fs::metadata(&target).ok();
    let (mut temp, mut f) = create_temp(&target)?;
    f.write_all(bytes)?;
    keep_attributes(&f, old.as_ref())?;
    if durability == Durability::Synced {
        f.sync_all()?;
    }
    drop(f);
    std::fs::rename(&temp.path, &target)?;
    temp.kept = true;
    if durability == Durability::Synced {
        // the directory entry too; a directory cannot be synced everywhere, so this is
        // best effort
        if let Ok(d) = File::open(dir) {
            let _ = d.sync_all();
        }
    }
    Ok(())
}

/// Rewrites an existing regular file in place (truncate, write, sync), which keeps every hard
/// link to it; not atomic, so only for `check --fix --force` on a hard-linked chapter.
pub fn write_in_place(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let target = resolve_target(path)?;
    let mut f = OpenOptions::new()
        .write(true)
        .truncate(true)
        .open(&target)?;
    f.write_all(bytes)?;
    f.sync_all()
}

/// Checks, before a build spends time on layout, that [`write_atomic`] can write `path`: the
/// target is a regular file or absent (a link is followed), and, when its folder exists, a
/// temporary file can be created there (so the name is not too long and the folder is
/// writable). A folder that does not exist yet must be creatable under an existing folder.
/// Creates nothing that stays.
pub fn preflight(path: &Path) -> io::Result<PathBuf> {
    let target = resolve_target(path)?;
    let dir = folder_of(&target);
    if dir.is_dir() {
        clean_stale_temps(&target);
        create_temp(&target)?;
        return Ok(target);
    }
    let mut up = dir;
    loop {
        match std::fs::metadata(up) {
            Ok(m) if m.is_dir() => return Ok(target),
            Ok(_) => {
                return Err(refused(format!(
                    "{} is not a folder, so {} cannot be made in it",
                    up.display(),
                    target.display()
                )))
            }
            Err(_) => match up.parent().filter(|p| !p.as_os_str().is_empty()) {
                Some(p) => up = p,
                None => return Ok(target),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_replaces_and_leaves_no_temp() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("sub/out.bin");
        write_atomic(&p, b"one", Durability::Rebuildable).unwrap();
        write_atomic(&p, b"two", Durability::Synced).unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        assert_eq!(std::fs::read_dir(p.parent().unwrap()).unwrap().count(), 1);
    }

    #[test]
    fn temp_names_are_recognised_and_cut() {
        let p = Path::new("out/a.pdf");
        assert_eq!(temp_prefix(p), ".a.pdf.");
        assert_eq!(temp_pid(".a.pdf.123.tmp", ".a.pdf."), Some(123));
        assert_eq!(temp_pid(".a.pdf.x.tmp", ".a.pdf."), None);
        assert_eq!(temp_pid(".a.pdf..tmp", ".a.pdf."), None);
        assert_eq!(temp_pid(".b.pdf.1.tmp", ".a.pdf."), None);
        let long = format!("{}.pdf", "é".repeat(150));
        let prefix = temp_prefix(Path::new(&long));
        assert!(prefix.len() <= 202, "{}", prefix.len());
    }

    #[cfg(unix)]
    #[test]
    fn mode_is_kept_and_links_are_written_through() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.md");
        std::fs::write(&real, "old").unwrap();
        std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o640)).unwrap();
        let link = dir.path().join("link.md");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        write_atomic(&link, b"new", Durability::Synced).unwrap();
        assert!(std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(std::fs::read(&real).unwrap(), b"new");
        let mode = std::fs::metadata(&real).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
    }

    #[test]
    fn a_folder_is_not_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let e = write_atomic(dir.path(), b"x", Durability::Rebuildable).unwrap_err();
        assert!(e.to_string().contains("a folder"), "{e}");
        assert!(preflight(dir.path()).is_err());
        assert!(dir.path().is_dir());
    }
}
