//! Writing fixed files without ever losing what the user wrote: the new content
//! goes to a temporary file in the same directory, is flushed to disk, and
//! replaces the original by an atomic rename; a killed process leaves either the
//! old or the new file. A file that changed since it was read is not touched.
//!
//! The check that the file is unchanged comes last, after the temporary file is
//! written and flushed, immediately before the rename: the content is compared
//! with what was read, and the file's identity and modification time with what
//! they were while it was compared. POSIX has no compare-and-rename, so on
//! Linux the new file is exchanged with the old one (`renameat2` with
//! `RENAME_EXCHANGE`, atomic) and the file taken out is looked at once more:
//! if another program saved in between (a new file renamed over the report,
//! as editors do, or a write in place), that file is not the one compared,
//! and the exchange is undone, so their save stays. Elsewhere, or on a file
//! system without the exchange, a plain rename follows the last look, and a
//! save in the microseconds between them would be replaced. What remains on
//! Linux is a write in place by a program that opened the file before the
//! exchange and writes after the second look, and a write within the
//! resolution of file times (a few milliseconds) that leaves the content as
//! it was read.
//!
//! The new file keeps the owner, group and mode of the one it replaces (the
//! temporary file is given them, `fchown` then `fchmod`, before it takes the
//! old one's place): the owner of a report fixed by root, or fixed in a setgid
//! folder, can still read it. When they cannot be kept (an unprivileged user
//! fixing another user's file), nothing is written. A file with more than one
//! name (hard links) is not replaced either: a new file under one name would
//! leave the other names with the old text, and rewriting the file in place
//! cannot be atomic (a crash midway would lose the report); the error says
//! so, and the user can fix a copy.
//!
//! On Windows the new file is swapped in by `ReplaceFileW` after the last
//! look, keeping the file's attributes and ACL; a file Word or WPS holds open
//! is retried for a moment and then reported as in use (see `windows.rs`).
//!
//! Temporary files are named `.nianbao-<pid>-<random>.tmp`. A process killed
//! while writing leaves its temporary file behind; the next write into the same
//! folder removes those of processes that no longer run (on Linux, where
//! `/proc` tells).

use std::collections::HashSet;
use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

#[cfg(any(windows, nianbao_windows_check))]
mod windows;

#[derive(Debug)]
pub enum WriteError {
    /// The file on disk is no longer what was read and fixed.
    Changed,
    /// The file is read-only (no write permission bit): nianbao does not
    /// replace it, although the folder would allow it.
    ReadOnly,
    /// The file has this many names (hard links): replacing it would break
    /// them.
    HardLinked(u64),
    /// The replacement could not be given the file's owner and group.
    Owner(io::Error),
    /// Another program holds the file open (Windows: Word, WPS).
    InUse(io::Error),
    Io(io::Error),
}

impl From<io::Error> for WriteError {
    fn from(e: io::Error) -> Self {
        WriteError::Io(e)
    }
}

/// The prefix of this process's temporary files.
fn temp_prefix() -> String {
    format!(".nianbao-{}-", std::process::id())
}

/// A temporary file in `dir`, after removing the ones killed runs left there.
fn temp_in(dir: &Path) -> io::Result<tempfile::NamedTempFile> {
    remove_stale_temps(dir);
    tempfile::Builder::new()
        .prefix(&temp_prefix())
        .suffix(".tmp")
        .tempfile_in(dir)
}

/// Removes `.nianbao-<pid>-*.tmp` files of processes that no longer run, once
/// per folder and process. Only where `/proc` tells which processes run.
fn remove_stale_temps(dir: &Path) {
    static DONE: Mutex<Option<HashSet<PathBuf>>> = Mutex::new(None);
    if !Path::new("/proc/self").exists() {
        return;
    }
    {
        let mut done = DONE.lock().unwrap_or_else(|e| e.into_inner());
        if !done
            .get_or_insert_with(HashSet::new)
            .insert(dir.to_path_buf())
        {
            return;
        }
    }
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name();
        let Some(pid) = name
            .to_str()
            .and_then(|n| n.strip_prefix(".nianbao-")?.strip_suffix(".tmp"))
            .and_then(|rest| rest.split_once('-'))
            .and_then(|(pid, _)| pid.parse::<u32>().ok())
        else {
            continue;
        };
        let running = pid == std::process::id() || Path::new(&format!("/proc/{pid}")).exists();
        if !running && e.file_type().is_ok_and(|t| t.is_file()) {
            let _ = fs::remove_file(e.path());
        }
    }
}

/// The folder of `path` (the current one for a bare file name).
fn folder_of(path: &Path) -> io::Result<PathBuf> {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => Ok(d.to_path_buf()),
        _ => std::env::current_dir(),
    }
}

/// Whether `path` still holds `original`: the content is compared, and the
/// file's identity, size and modification time must be the same before and
/// after the comparison (a writer in between is seen by them). Returns the
/// file's state as compared, or `None` when it changed.
fn unchanged(path: &Path, original: &[u8]) -> io::Result<Option<fs::Metadata>> {
    let mut f = fs::File::open(path)?;
    let before = f.metadata()?;
    if before.len() != original.len() as u64 {
        return Ok(None);
    }
    let mut current = Vec::with_capacity(original.len());
    f.read_to_end(&mut current)?;
    if current != original {
        return Ok(None);
    }
    let after = fs::metadata(path)?;
    Ok(same_file_state(&before, &after).then_some(after))
}

/// Whether `a` and `b` are the same file with the same content as far as its
/// identity, size and modification time tell (not the change time, which a
/// rename of the file updates).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn same_file_content(a: &fs::Metadata, b: &fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    (a.dev(), a.ino(), a.len(), a.mtime(), a.mtime_nsec())
        == (b.dev(), b.ino(), b.len(), b.mtime(), b.mtime_nsec())
}

/// Exchanges the files at `a` and `b` atomically (Linux `renameat2` with
/// `RENAME_EXCHANGE`). `Ok(false)` when the system or the file system cannot.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn exchange(a: &Path, b: &Path) -> io::Result<bool> {
    use std::ffi::{CString, c_char, c_int, c_uint};
    use std::os::unix::ffi::OsStrExt;
    const AT_FDCWD: c_int = -100;
    const RENAME_EXCHANGE: c_uint = 2;
    unsafe extern "C" {
        fn renameat2(
            olddirfd: c_int,
            oldpath: *const c_char,
            newdirfd: c_int,
            newpath: *const c_char,
            flags: c_uint,
        ) -> c_int;
    }
    let cstr = |p: &Path| {
        CString::new(p.as_os_str().as_bytes())
            .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "NUL in a path"))
    };
    let (a, b) = (cstr(a)?, cstr(b)?);
    // SAFETY: both paths are valid NUL-terminated strings that outlive the
    // call; renameat2 reads them and touches no other memory.
    if unsafe { renameat2(AT_FDCWD, a.as_ptr(), AT_FDCWD, b.as_ptr(), RENAME_EXCHANGE) } == 0 {
        return Ok(true);
    }
    let e = io::Error::last_os_error();
    match e.raw_os_error() {
        // Not supported by the kernel (ENOSYS) or the file system (EINVAL).
        Some(38) | Some(22) => Ok(false),
        _ => Err(e),
    }
}

#[cfg(unix)]
fn same_file_state(a: &fs::Metadata, b: &fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    (
        a.dev(),
        a.ino(),
        a.len(),
        a.mtime(),
        a.mtime_nsec(),
        a.ctime(),
        a.ctime_nsec(),
    ) == (
        b.dev(),
        b.ino(),
        b.len(),
        b.mtime(),
        b.mtime_nsec(),
        b.ctime(),
        b.ctime_nsec(),
    )
}

#[cfg(not(unix))]
fn same_file_state(a: &fs::Metadata, b: &fs::Metadata) -> bool {
    a.len() == b.len() && a.modified().ok() == b.modified().ok()
}

/// Replaces `path`'s content `original` by `new` atomically. A symbolic link
/// stays a link: the file it points to is replaced.
pub fn write_atomic(path: &Path, original: &[u8], new: &[u8]) -> Result<(), WriteError> {
    let path = match fs::canonicalize(path) {
        Ok(p) => p,
        // Deleted while it was checked: writing would bring it back.
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Err(WriteError::Changed),
        Err(e) => return Err(e.into()),
    };
    let meta = fs::metadata(&path)?;
    if meta.permissions().readonly() {
        return Err(WriteError::ReadOnly);
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if meta.nlink() > 1 {
            return Err(WriteError::HardLinked(meta.nlink()));
        }
    }
    let dir = folder_of(&path)?;
    let mut tmp = temp_in(&dir)?;
    tmp.write_all(new)?;
    keep_owner(tmp.as_file(), &meta).map_err(WriteError::Owner)?;
    tmp.as_file().set_permissions(meta.permissions())?;
    tmp.as_file().sync_all()?;
    // The last look before the rename (dropping `tmp` removes it).
    let Some(seen) = unchanged(&path, original)? else {
        return Err(WriteError::Changed);
    };
    replace(tmp, &path, &seen)?;
    // Make the rename itself durable.
    #[cfg(unix)]
    if let Ok(d) = fs::File::open(&dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// Gives the open file `f` the owner and group of `like` (unchanged when they
/// are already its own; changing the owner needs privileges).
#[cfg(unix)]
fn keep_owner(f: &fs::File, like: &fs::Metadata) -> io::Result<()> {
    use std::os::unix::fs::{MetadataExt, fchown};
    let made = f.metadata()?;
    if (made.uid(), made.gid()) == (like.uid(), like.gid()) {
        return Ok(());
    }
    fchown(f, Some(like.uid()), Some(like.gid()))
}

#[cfg(not(unix))]
fn keep_owner(_f: &fs::File, _like: &fs::Metadata) -> io::Result<()> {
    Ok(())
}

/// Puts `tmp` in the place of `path`, whose file was last seen as `seen`.
/// On Linux the two are exchanged atomically, and the exchange is undone when
/// the file taken out is not the one seen (another program saved in between).
fn replace(
    tmp: tempfile::NamedTempFile,
    path: &Path,
    seen: &fs::Metadata,
) -> Result<(), WriteError> {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    if exchange(tmp.path(), path)? {
        // `tmp`'s path now holds the file that was at `path`.
        let same = fs::symlink_metadata(tmp.path()).is_ok_and(|m| same_file_content(seen, &m));
        if !same {
            if let Err(e) = exchange(tmp.path(), path) {
                // Their file must not go with `tmp`: keep it, and say where.
                let kept = tmp.into_temp_path().keep().map_err(|k| k.error)?;
                return Err(WriteError::Io(io::Error::new(
                    e.kind(),
                    format!(
                        "{e}; the file saved meanwhile is kept as {}",
                        kept.display()
                    ),
                )));
            }
            return Err(WriteError::Changed);
        }
        // Dropping `tmp` removes the old file.
        return Ok(());
    }
    let _ = seen; // (used by the exchange above, where there is one)
    #[cfg(windows)]
    return windows::replace(tmp, path);
    #[cfg(not(windows))]
    {
        tmp.persist(path).map_err(|e| WriteError::Io(e.error))?;
        Ok(())
    }
}

/// Whether `a` and `b` name the same existing file: the same path through
/// symbolic links, or another name of it (a hard link).
pub fn same_file(a: &Path, b: &Path) -> bool {
    let (Ok(ma), Ok(mb)) = (fs::metadata(a), fs::metadata(b)) else {
        return false;
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        ma.dev() == mb.dev() && ma.ino() == mb.ino()
    }
    #[cfg(not(unix))]
    {
        let _ = (ma, mb);
        matches!((fs::canonicalize(a), fs::canonicalize(b)), (Ok(x), Ok(y)) if x == y)
    }
}

/// The first of `inputs` that writing `output` would replace, if any.
pub fn clobbered_input<'a>(
    output: &Path,
    inputs: impl IntoIterator<Item = &'a Path>,
) -> Option<&'a Path> {
    if fs::metadata(output).is_err() {
        return None; // a new file replaces nothing
    }
    inputs.into_iter().find(|i| same_file(output, i))
}

/// Writes `content` to `path` (created or replaced) atomically: a reader sees
/// the old file or the whole new one, never a partial report.
pub fn write_new(path: &Path, content: &[u8]) -> io::Result<()> {
    write_new_with(path, |w| w.write_all(content))
}

/// [`write_new`] of what `write` writes (through a buffer): an output made
/// piece by piece, never held whole in memory.
pub fn write_new_with(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    let mut f = NewFile::create(path)?;
    write(&mut f)?;
    f.persist()
}

/// An output written piece by piece (a batch's report as it streams) to a
/// temporary file beside `path`, which replaces `path` only when it is whole
/// ([`NewFile::persist`]); dropped before, it leaves nothing behind.
pub struct NewFile {
    path: PathBuf,
    tmp: io::BufWriter<tempfile::NamedTempFile>,
}

impl NewFile {
    pub fn create(path: &Path) -> io::Result<NewFile> {
        if path.is_dir() {
            return Err(io::Error::new(
                io::ErrorKind::IsADirectory,
                "is a directory",
            ));
        }
        let dir = folder_of(path)?;
        Ok(NewFile {
            path: path.to_path_buf(),
            tmp: io::BufWriter::with_capacity(64 * 1024, temp_in(&dir)?),
        })
    }

    /// Replaces the file with what was written.
    pub fn persist(self) -> io::Result<()> {
        let tmp = self.tmp.into_inner().map_err(|e| e.into_error())?;
        let path = &self.path;
        tmp.as_file().sync_all()?;
        match fs::metadata(path) {
            Ok(meta) => {
                // An output replaced keeps its owner and group where it can (a
                // report written by root for another user stays theirs).
                let _ = keep_owner(tmp.as_file(), &meta);
                tmp.as_file().set_permissions(meta.permissions())?
            }
            // A new file: the usual rw-r--r-- rather than the temp file's private mode.
            #[cfg(unix)]
            Err(_) => {
                use std::os::unix::fs::PermissionsExt;
                tmp.as_file()
                    .set_permissions(fs::Permissions::from_mode(0o644))?
            }
            #[cfg(not(unix))]
            Err(_) => {}
        }
        tmp.persist(path).map_err(|e| e.error)?;
        Ok(())
    }
}

impl Write for NewFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.tmp.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.tmp.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_a_changed_file_and_replaces_an_unchanged_one() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("r.txt");
        fs::write(&p, b"old").unwrap();
        assert!(matches!(
            write_atomic(&p, b"other", b"new"),
            Err(WriteError::Changed)
        ));
        assert_eq!(fs::read(&p).unwrap(), b"old");
        write_atomic(&p, b"old", b"new").unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"new");
        // No temporary file left behind.
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn owner_group_and_mode_are_kept_and_hard_links_refused() {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("r.txt");
        fs::write(&p, b"old").unwrap();
        fs::set_permissions(&p, fs::Permissions::from_mode(0o640)).unwrap();
        // As root, give the file to nobody:nogroup, as the user had it.
        let root = unsafe { libc::geteuid() } == 0;
        if root {
            std::os::unix::fs::chown(&p, Some(65534), Some(65534)).unwrap();
        }
        let before = fs::metadata(&p).unwrap();
        write_atomic(&p, b"old", b"new").unwrap();
        let after = fs::metadata(&p).unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"new");
        assert_eq!(
            (after.uid(), after.gid(), after.mode() & 0o7777),
            (before.uid(), before.gid(), 0o640)
        );
        assert_ne!(after.ino(), before.ino(), "replaced, not rewritten");
        // A second name: refused, both names keep the old text.
        let q = dir.path().join("link.txt");
        fs::hard_link(&p, &q).unwrap();
        assert!(matches!(
            write_atomic(&p, b"new", b"newer"),
            Err(WriteError::HardLinked(2))
        ));
        assert_eq!(fs::read(&q).unwrap(), b"new");
        assert_eq!(fs::read(&p).unwrap(), b"new");
    }

    #[test]
    fn write_new_creates_and_replaces_and_refuses_a_directory() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("out.sarif");
        write_new(&p, b"one").unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"one");
        write_new(&p, b"two").unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"two");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(
                fs::metadata(&p).unwrap().permissions().mode() & 0o777,
                0o644
            );
        }
        let e = write_new(dir.path(), b"x").unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::IsADirectory);
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
