//! nianbao: the linter and language server for 政府信息公开工作年度报告.
//!
//! - [`analysis`]: the pure core (parser, model, rules, fixes).
//! - [`input`]: reading inputs: text encodings, Word documents, web pages.
//! - [`files`]: reading input files within the input limits (CLI and server).
//! - [`cli`]: `nianbao check`, `nianbao rules` and friends.
//! - [`lsp`]: `nianbao lsp`, the language server.
//! - [`io_message`]: operating-system errors in the user's language.

// Table arithmetic walks several parallel arrays (rows x columns) by index;
// iterator chains would hide which cell is which.
#![allow(clippy::needless_range_loop)]

pub mod analysis;
pub mod cli;
pub mod config_file;
pub mod dismiss;
pub mod files;
pub mod input;
pub mod io_message;
pub mod lsp;
