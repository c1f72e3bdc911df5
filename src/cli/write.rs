//! Writing fixed files without ever losing what the user wrote: the new content
//! goes to a temporary file in the same directory, is flushed to disk, and
//! replaces the original by an atomic rename; a killed process leaves either the
//! old or the new file. A file that changed since it was read is not touched.
//!
//! The check that the file is unchanged comes last, after the temporary file is
//! written and flushed, immediately before the rename: the content is compared
//! with what was read, and the file's identity and modification time with what
//! they were while it was compared. What remains is the moment between that
//! last look and the rename (microseconds; POSIX has no compare-and-rename),
//! and a write within the resolution of file times (a few milliseconds) that
//! leaves the content as it was read.

use std::fs;
use std::io::{self, Read, Write};
use std::path::Path;

#[derive(Debug)]
pub enum WriteError {
    /// The file on disk is no longer what was read and fixed.
    Changed,
    /// The file is read-only (no write permission bit): nianbao does not
    /// replace it, although the folder would allow it.
    ReadOnly,
    Io(io::Error),
}

impl From<io::Error> for WriteError {
    fn from(e: io::Error) -> Self {
        WriteError::Io(e)
    }
}

/// Whether `path` still holds `original`: the content is compared, and the
/// file's identity, size and modification time must be the same before and
/// after the comparison (a writer in between is seen by them).
fn unchanged(path: &Path, original: &[u8]) -> io::Result<bool> {
    let mut f = fs::File::open(path)?;
    let before = f.metadata()?;
    if before.len() != original.len() as u64 {
        return Ok(false);
    }
    let mut current = Vec::with_capacity(original.len());
    f.read_to_end(&mut current)?;
    if current != original {
        return Ok(false);
    }
    let after = fs::metadata(path)?;
    Ok(same_file_state(&before, &after))
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
    let path = &match fs::canonicalize(path) {
        Ok(p) => p,
        // Deleted while it was checked: writing would bring it back.
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Err(WriteError::Changed),
        Err(e) => return Err(e.into()),
    };
    let meta = fs::metadata(path)?;
    if meta.permissions().readonly() {
        return Err(WriteError::ReadOnly);
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => std::env::current_dir()?,
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".nianbao-")
        .suffix(".tmp")
        .tempfile_in(&dir)?;
    tmp.write_all(new)?;
    tmp.as_file().set_permissions(meta.permissions())?;
    tmp.as_file().sync_all()?;
    // The last look before the rename (dropping `tmp` removes it).
    if !unchanged(path, original)? {
        return Err(WriteError::Changed);
    }
    tmp.persist(path).map_err(|e| WriteError::Io(e.error))?;
    // Make the rename itself durable.
    #[cfg(unix)]
    if let Ok(d) = fs::File::open(&dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// Writes `content` to `path` (created or replaced) atomically: a reader sees
/// the old file or the whole new one, never a partial report.
pub fn write_new(path: &Path, content: &[u8]) -> io::Result<()> {
    if path.is_dir() {
        return Err(io::Error::new(
            io::ErrorKind::IsADirectory,
            "is a directory",
        ));
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => std::env::current_dir()?,
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".nianbao-")
        .suffix(".tmp")
        .tempfile_in(&dir)?;
    tmp.write_all(content)?;
    tmp.as_file().sync_all()?;
    match fs::metadata(path) {
        Ok(meta) => tmp.as_file().set_permissions(meta.permissions())?,
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
