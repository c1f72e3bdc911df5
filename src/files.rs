//! Reading input files within the input limits, for the CLI and the language
//! server alike.
//!
//! A file found by walking a folder (or indexing a workspace) is opened only
//! if it is a regular file: a FIFO would block the run until some other
//! program writes to it, a device might never end. It is opened without
//! blocking and looked at through the open file, so a file swapped for a FIFO
//! in between cannot block either. A file the user names may be anything
//! readable (`nianbao check <(curl …)` is a pipe); it is read up to the
//! `bytes` limit, so `/dev/zero` and `/dev/urandom` end too, with an error
//! naming the limit.

use crate::analysis::config::Lang;
use crate::input::{InputError, Limits};
use crate::tr;
use std::fs::{File, Metadata};
use std::io::{self, Read};
use std::path::Path;

/// Why a file was not read.
#[derive(Debug)]
pub enum ReadError {
    Io(io::Error),
    /// Not a regular file (a FIFO, socket or device found by walking).
    NotRegular,
    /// More than the `bytes` limit.
    TooLarge(InputError),
}

impl From<io::Error> for ReadError {
    fn from(e: io::Error) -> Self {
        ReadError::Io(e)
    }
}

impl ReadError {
    /// The message shown after the file name.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            ReadError::Io(e) => tr!(
                lang,
                format!("无法读取：{}", crate::io_message::describe(e, lang)),
                format!("cannot read: {e}")
            ),
            ReadError::NotRegular => tr!(
                lang,
                "未读取：不是普通文件（管道、设备或套接字）".to_string(),
                "not read: not a regular file (a pipe, device or socket)".to_string()
            ),
            ReadError::TooLarge(e) => e.message(lang),
        }
    }
}

/// Whether a file (as `std::fs::metadata` sees it, through links) is neither
/// a regular file nor a folder: a FIFO, socket or device.
pub fn is_special(meta: &Metadata) -> bool {
    !meta.is_file() && !meta.is_dir()
}

/// Reads `r` to its end, or fails once more than `limits.bytes` came.
/// `size` (a regular file's length) sizes the buffer.
pub fn read_within(r: impl Read, limits: &Limits, size: Option<u64>) -> Result<Vec<u8>, ReadError> {
    let capacity = size.unwrap_or(0).min(limits.bytes);
    let mut buf = Vec::with_capacity(usize::try_from(capacity).unwrap_or(0));
    r.take(limits.bytes.saturating_add(1))
        .read_to_end(&mut buf)?;
    limits
        .check_bytes(buf.len() as u64)
        .map_err(ReadError::TooLarge)?;
    Ok(buf)
}

/// Reads the file at `path` within the limits. With `regular_only` (a file
/// found by walking) only a regular file is read.
pub fn read_file(path: &Path, limits: &Limits, regular_only: bool) -> Result<Vec<u8>, ReadError> {
    let f = if regular_only {
        open_regular(path)?
    } else {
        File::open(path)?
    };
    let meta = f.metadata()?;
    let size = meta.is_file().then_some(meta.len());
    if let Some(n) = size {
        // A regular file says its size: no need to read past the limit.
        limits.check_bytes(n).map_err(ReadError::TooLarge)?;
    }
    read_within(f, limits, size)
}

/// Reads standard input within the limits.
pub fn read_stdin(limits: &Limits) -> Result<Vec<u8>, ReadError> {
    read_within(io::stdin().lock(), limits, None)
}

/// Opens `path` if it is a regular file, without ever blocking: a FIFO is
/// opened non-blocking (which returns at once) and then refused.
#[cfg(unix)]
fn open_regular(path: &Path) -> Result<File, ReadError> {
    use std::os::unix::fs::OpenOptionsExt;
    let f = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)?;
    if !f.metadata()?.is_file() {
        return Err(ReadError::NotRegular);
    }
    // O_NONBLOCK does not change how a regular file is read.
    Ok(f)
}

#[cfg(not(unix))]
fn open_regular(path: &Path) -> Result<File, ReadError> {
    if !std::fs::metadata(path)?.is_file() {
        return Err(ReadError::NotRegular);
    }
    Ok(File::open(path)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::Limit;

    #[test]
    fn reading_stops_past_the_limit() {
        let limits = Limits {
            bytes: 10,
            ..Limits::default()
        };
        assert_eq!(
            read_within(&b"0123456789"[..], &limits, None)
                .unwrap()
                .len(),
            10
        );
        let endless = std::io::repeat(0);
        assert!(matches!(
            read_within(endless, &limits, None),
            Err(ReadError::TooLarge(InputError::TooLarge(Limit::Bytes, 10)))
        ));
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_is_refused_without_blocking_when_walked() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("r.txt");
        let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
        assert!(is_special(&std::fs::metadata(&fifo).unwrap()));
        assert!(matches!(
            read_file(&fifo, &Limits::default(), true),
            Err(ReadError::NotRegular)
        ));
        let file = dir.path().join("big.txt");
        std::fs::write(&file, vec![b'x'; 100]).unwrap();
        let small = Limits {
            bytes: 99,
            ..Limits::default()
        };
        assert!(matches!(
            read_file(&file, &small, true),
            Err(ReadError::TooLarge(_))
        ));
        assert_eq!(
            read_file(&file, &Limits::default(), true).unwrap().len(),
            100
        );
    }
}
