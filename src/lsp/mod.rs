//! `nianbao lsp`: the language server over stdio. The only module with LSP
//! types; all analysis lives in `crate::analysis`.

pub mod convert;
pub mod document;
pub mod features;
pub mod server;
pub mod settings;

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
        let (service, socket) = LspService::new(server::Backend::new);
        Server::new(tokio::io::stdin(), tokio::io::stdout(), socket)
            .serve(service)
            .await;
    });
    // Pending timers and the publisher end with the runtime, without waiting.
    rt.shutdown_timeout(std::time::Duration::from_millis(50));
    0
}
