//! `nianbao lsp`: the language server over stdio. The only module with LSP
//! types; all analysis lives in `crate::analysis`.

pub mod convert;
pub mod document;
pub mod features;
pub mod server;
pub mod settings;
pub mod transport;

use std::time::Duration;
use tower_lsp_server::{LspService, Server};

/// Serves LSP on stdin/stdout until `exit` or end of input; returns the exit code.
pub fn run() -> i32 {
    let rt = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("nianbao lsp: cannot start: {e}");
            return 2;
        }
    };
    rt.block_on(async {
        // stdin -> guard -> server -> merge -> stdout (see transport.rs).
        let (to_server, server_in) = tokio::io::duplex(1 << 16);
        let (server_out, from_server) = tokio::io::duplex(1 << 16);
        let (replies_tx, replies_rx) = tokio::sync::mpsc::unbounded_channel();
        let guard = tokio::spawn(transport::guard_input(
            tokio::io::stdin(),
            to_server,
            replies_tx,
        ));
        let merge = tokio::spawn(transport::merge_output(
            from_server,
            replies_rx,
            tokio::io::stdout(),
        ));
        let (service, socket) = LspService::new(server::Backend::new);
        Server::new(server_in, server_out, socket)
            .serve(service)
            .await;
        // The server is done (exit, or end of input): flush what it wrote.
        guard.abort();
        let _ = tokio::time::timeout(Duration::from_secs(1), merge).await;
    });
    // Pending timers and the publisher end with the runtime, without waiting.
    rt.shutdown_timeout(Duration::from_millis(50));
    0
}
