//! `nianbao lsp`: the language server over stdio. The only module with LSP
//! types; all analysis lives in `crate::analysis`.

pub mod convert;
pub mod document;
pub mod features;
pub mod project;
pub mod review;
pub mod server;
pub mod settings;
pub mod transport;
pub mod workspace;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;
use tower_lsp_server::LspService;
use tower_lsp_server::jsonrpc::Request;
use tower_service::Service;

/// Notes a `shutdown` request the moment it arrives, before it is handled.
///
/// A client may send `exit` right behind `shutdown` without waiting for the
/// answer. tower-lsp-server then cancels the pending shutdown before our
/// handler ever runs, so a flag set in the handler would miss it and the
/// server would exit with 1, though the client did shut it down properly.
struct NoteShutdown<S> {
    inner: S,
    requested: Arc<AtomicBool>,
}

impl<S: Service<Request>> Service<Request> for NoteShutdown<S> {
    type Response = S::Response;
    type Error = S::Error;
    type Future = S::Future;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, req: Request) -> Self::Future {
        if req.method() == "shutdown" && req.id().is_some() {
            self.requested.store(true, Ordering::SeqCst);
        }
        self.inner.call(req)
    }
}

type Input = Box<dyn tokio::io::AsyncRead + Unpin + Send>;
type Output = Box<dyn tokio::io::AsyncWrite + Unpin + Send>;

/// Standard input and output. When they are pipes (as editors start servers),
/// they are registered with the event loop directly; tokio's generic stdio
/// would hand every read and write to a blocking thread, which costs more than
/// the analysis of a keystroke.
fn stdio() -> (Input, Output) {
    #[cfg(unix)]
    {
        use std::os::fd::{AsFd, BorrowedFd};
        use std::os::unix::fs::FileTypeExt;
        use tokio::net::unix::pipe;
        // Both must be pipes: registering one makes its file description
        // non-blocking, which would break the blocking fallback below (a read
        // of an empty non-blocking pipe fails with EAGAIN, which ends the
        // session at once).
        let is_pipe = |fd: BorrowedFd| {
            fd.try_clone_to_owned()
                .map(std::fs::File::from)
                .and_then(|f| f.metadata())
                .is_ok_and(|m| m.file_type().is_fifo())
        };
        let both = is_pipe(std::io::stdin().as_fd()) && is_pipe(std::io::stdout().as_fd());
        let pipes = both.then(|| {
            let r =
                pipe::Receiver::from_owned_fd(std::io::stdin().as_fd().try_clone_to_owned().ok()?)
                    .ok()?;
            let w =
                pipe::Sender::from_owned_fd(std::io::stdout().as_fd().try_clone_to_owned().ok()?)
                    .ok()?;
            Some((r, w))
        });
        if let Some((r, w)) = pipes.flatten() {
            return (Box::new(r), Box::new(w));
        }
    }
    (Box::new(tokio::io::stdin()), Box::new(tokio::io::stdout()))
}

/// Keeps the server's memory close to what its documents need.
///
/// glibc serves large blocks with their own mappings, returned to the system
/// when freed, but raises that size limit to the largest block freed so far:
/// after a 5 MB `didOpen` every later block up to 5 MB (a report's claims,
/// re-made on each keystroke) comes from the heap, whose free holes it keeps.
/// A fixed limit of 1 MB keeps the server's resident memory steady while a
/// large document is edited.
fn tune_allocator() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        const M_MMAP_THRESHOLD: std::ffi::c_int = -3;
        unsafe extern "C" {
            fn mallopt(param: std::ffi::c_int, value: std::ffi::c_int) -> std::ffi::c_int;
        }
        // SAFETY: mallopt only sets a parameter of the allocator; it is
        // called before the server allocates anything of size.
        unsafe {
            mallopt(M_MMAP_THRESHOLD, 1 << 20);
        }
    }
}

/// Serves LSP on stdin/stdout until `exit` or end of input; returns the exit
/// code: 0 when the client asked for shutdown first, else 1.
pub fn run() -> i32 {
    tune_allocator();
    // One thread: the work per message is small, and cross-thread wake-ups
    // would cost more than it.
    let rt = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("nianbao lsp: cannot start: {e}");
            return 2;
        }
    };
    let shut_down = rt.block_on(async {
        let (stdin, stdout) = stdio();
        let shut_down = Arc::new(AtomicBool::new(false));
        let flag = shut_down.clone();
        let (raw, raw_frames) = tokio::sync::mpsc::unbounded_channel();
        let (service, socket) =
            LspService::new(move |client| server::Backend::new(client, flag, raw));
        let service = NoteShutdown {
            inner: service,
            requested: shut_down.clone(),
        };
        transport::serve(stdin, stdout, service, socket, raw_frames).await;
        shut_down.load(Ordering::SeqCst)
    });
    // Pending timers and the publisher end with the runtime, without waiting.
    rt.shutdown_timeout(Duration::from_millis(50));
    // The LSP specification: 0 after a shutdown request, 1 otherwise (exit
    // without shutdown, or the client went away).
    if shut_down { 0 } else { 1 }
}
