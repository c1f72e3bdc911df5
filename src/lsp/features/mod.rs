//! The LSP features, each in its own file, all reading the document's analysis.

mod actions;
mod claims;
mod completion;
mod diagnostics;
mod dismiss;
mod hover;
mod symbols;

pub use actions::{FIX_ALL_KIND, code_actions};
pub use claims::{claim_hover, definition};
pub use completion::completion;
pub use diagnostics::diagnostics;
pub use dismiss::{SHOW_DISMISSAL, dismiss_actions, show_dismissal};
pub use hover::{hover, inlay_hints};
pub use symbols::{folding, symbols};
