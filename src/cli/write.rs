//! Writing fixed files without ever losing what the user wrote: the new content
//! goes to a temporary file in the same directory, is flushed to disk, and
//! replaces the original by an atomic rename; a killed process leaves either the
//! old or the new file. A file that changed since it was read is not touched.

use std::fs;
use std::io::{self, Write};
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

/// Replaces `path`'s content `original` by `new` atomically. A symbolic link
/// stays a link: the file it points to is replaced.
pub fn write_atomic(path: &Path, original: &[u8], new: &[u8]) -> Result<(), WriteError> {
    let path = &match fs::canonicalize(path) {
        Ok(p) => p,
        // Deleted while it was checked: writing would bring it back.
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Err(WriteError::Changed),
        Err(e) => return Err(e.into()),
    };
    if fs::metadata(path)?.permissions().readonly() {
        return Err(WriteError::ReadOnly);
    }
    let current = fs::read(path)?;
    if current != original {
        return Err(WriteError::Changed);
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
    tmp.as_file().sync_all()?;
    if let Ok(meta) = fs::metadata(path) {
        tmp.as_file().set_permissions(meta.permissions())?;
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
