//! The replacement of a fixed file on Windows: `ReplaceFileW`, which swaps
//! the new content in under the old name keeping the file's attributes,
//! ACL, creation time and alternate streams (what Word itself does on save).
//! The old file goes to a backup name in the same folder for the moment of
//! the swap, so that it can be put back if the swap stops half-way (the
//! documented case of `ERROR_UNABLE_TO_MOVE_REPLACEMENT_2`), and is deleted
//! after. A file another program holds open (Word and WPS keep an open
//! document locked; virus scanners and indexers open files briefly) is
//! retried for about two seconds, then reported as in use. Volumes without
//! `ReplaceFileW` (some network shares, FAT) get a rename with retries.
//!
//! Compiled on Windows; also type-checked elsewhere with
//! `--cfg nianbao_windows_check` (tests/release.rs), since no Windows
//! toolchain runs the tests here. It uses only std and kernel32.

#![cfg_attr(not(windows), allow(dead_code))]

use super::WriteError;
use std::ffi::c_void;
use std::io;
use std::path::{Path, PathBuf};
use std::time::Duration;

const REPLACEFILE_IGNORE_MERGE_ERRORS: u32 = 0x2;
const REPLACEFILE_IGNORE_ACL_ERRORS: u32 = 0x4;
const MOVEFILE_REPLACE_EXISTING: u32 = 0x1;
const MOVEFILE_WRITE_THROUGH: u32 = 0x8;

const ERROR_FILE_NOT_FOUND: i32 = 2;
const ERROR_ACCESS_DENIED: i32 = 5;
const ERROR_SHARING_VIOLATION: i32 = 32;
const ERROR_LOCK_VIOLATION: i32 = 33;
const ERROR_UNABLE_TO_REMOVE_REPLACED: i32 = 1175;
const ERROR_UNABLE_TO_MOVE_REPLACEMENT: i32 = 1176;
const ERROR_UNABLE_TO_MOVE_REPLACEMENT_2: i32 = 1177;

/// Tries while another program holds the file: 12 waits, 2.3 s in all.
const WAITS_MS: [u64; 12] = [10, 20, 40, 80, 120, 160, 200, 250, 300, 350, 350, 400];

#[cfg_attr(windows, link(name = "kernel32"))]
unsafe extern "system" {
    fn ReplaceFileW(
        replaced: *const u16,
        replacement: *const u16,
        backup: *const u16,
        flags: u32,
        exclude: *mut c_void,
        reserved: *mut c_void,
    ) -> i32;
    fn MoveFileExW(existing: *const u16, new: *const u16, flags: u32) -> i32;
}

/// A path as a NUL-terminated UTF-16 string.
#[cfg(windows)]
fn wide(p: &Path) -> Vec<u16> {
    use std::os::windows::ffi::OsStrExt;
    p.as_os_str().encode_wide().chain(Some(0)).collect()
}

/// (Only for type-checking on other systems.)
#[cfg(not(windows))]
fn wide(p: &Path) -> Vec<u16> {
    p.to_string_lossy().encode_utf16().chain(Some(0)).collect()
}

/// Whether a failure is another program holding one of the files.
fn in_use(code: Option<i32>) -> bool {
    matches!(
        code,
        Some(
            ERROR_SHARING_VIOLATION
                | ERROR_LOCK_VIOLATION
                | ERROR_ACCESS_DENIED
                | ERROR_UNABLE_TO_REMOVE_REPLACED
                | ERROR_UNABLE_TO_MOVE_REPLACEMENT
        )
    )
}

/// The name the old file has during the swap: beside the temporary file,
/// named like it (so a stale one is recognised as nianbao's).
fn backup_of(tmp: &Path) -> PathBuf {
    let name = tmp.file_name().unwrap_or_default().to_string_lossy();
    let stem = name.strip_suffix(".tmp").unwrap_or(&name);
    tmp.with_file_name(format!("{stem}-old.tmp"))
}

/// Puts the file at `tmp` in the place of `path`.
pub fn replace(tmp: tempfile::NamedTempFile, path: &Path) -> Result<(), WriteError> {
    // Close our handle first: the swap moves the file.
    let tmp = tmp.into_temp_path();
    let backup = backup_of(&tmp);
    let (target, source, old) = (wide(path), wide(&tmp), wide(&backup));
    let mut last = None;
    for wait in WAITS_MS {
        let flags = REPLACEFILE_IGNORE_MERGE_ERRORS | REPLACEFILE_IGNORE_ACL_ERRORS;
        // SAFETY: the three strings are NUL-terminated and live across the
        // call; the two reserved pointers are null, as documented.
        let ok = unsafe {
            ReplaceFileW(
                target.as_ptr(),
                source.as_ptr(),
                old.as_ptr(),
                flags,
                std::ptr::null_mut(),
                std::ptr::null_mut(),
            )
        };
        if ok != 0 {
            // `tmp` is now the file at `path`: it must not be deleted.
            let _ = tmp.keep();
            let _ = std::fs::remove_file(&backup);
            return Ok(());
        }
        let e = io::Error::last_os_error();
        match e.raw_os_error() {
            Some(ERROR_UNABLE_TO_MOVE_REPLACEMENT_2) => return Err(put_back(&backup, path, e)),
            Some(ERROR_FILE_NOT_FOUND) if !path.exists() => return Err(WriteError::Changed),
            code if in_use(code) => {
                last = Some(e);
                std::thread::sleep(Duration::from_millis(wait));
            }
            // No ReplaceFileW on this volume: a plain rename.
            _ => return rename(tmp, path),
        }
    }
    Err(WriteError::InUse(
        last.unwrap_or_else(io::Error::last_os_error),
    ))
}

/// After a swap that stopped half-way, the old file (now at `backup`) goes
/// back to `path`.
fn put_back(backup: &Path, path: &Path, e: io::Error) -> WriteError {
    let (from, to) = (wide(backup), wide(path));
    // SAFETY: both strings are NUL-terminated and outlive the call.
    if unsafe { MoveFileExW(from.as_ptr(), to.as_ptr(), MOVEFILE_WRITE_THROUGH) } != 0 {
        return WriteError::Io(e);
    }
    WriteError::Io(io::Error::new(
        e.kind(),
        format!("{e}; the file as it was is kept as {}", backup.display()),
    ))
}

/// A rename over `path`, retried while another program holds it.
fn rename(tmp: tempfile::TempPath, path: &Path) -> Result<(), WriteError> {
    let (target, source) = (wide(path), wide(&tmp));
    let mut last = None;
    for wait in WAITS_MS {
        let flags = MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH;
        // SAFETY: both strings are NUL-terminated and outlive the call.
        if unsafe { MoveFileExW(source.as_ptr(), target.as_ptr(), flags) } != 0 {
            let _ = tmp.keep();
            return Ok(());
        }
        let e = io::Error::last_os_error();
        if !in_use(e.raw_os_error()) {
            return Err(WriteError::Io(e));
        }
        last = Some(e);
        std::thread::sleep(Duration::from_millis(wait));
    }
    Err(WriteError::InUse(
        last.unwrap_or_else(io::Error::last_os_error),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_backup_is_named_like_the_temporary_file() {
        let b = backup_of(Path::new("d/.nianbao-12-abc.tmp"));
        assert_eq!(b, Path::new("d/.nianbao-12-abc-old.tmp"));
        assert!(in_use(Some(ERROR_SHARING_VIOLATION)));
        assert!(!in_use(Some(ERROR_UNABLE_TO_MOVE_REPLACEMENT_2)));
    }
}
