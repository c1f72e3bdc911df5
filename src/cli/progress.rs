//! The progress bar of a batch check: drawn on standard error, and only for a
//! person watching a terminal (never when stderr is piped, when `CI` is set, or
//! with `--quiet`), so logs and machine-readable output stay clean.

use crate::analysis::config::Lang;
use crate::tr;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;

/// Fewer inputs than this finish before a bar is worth drawing.
const MIN_INPUTS: usize = 2;

/// Whether a `CI` environment variable says we run in a CI system (GitHub
/// Actions, GitLab CI and most others set `CI=true`).
pub fn in_ci(value: Option<&std::ffi::OsStr>) -> bool {
    match value.and_then(|v| v.to_str()) {
        None => value.is_some(),
        Some(v) => !matches!(v.trim().to_ascii_lowercase().as_str(), "" | "0" | "false"),
    }
}

/// The decision, separated from the environment so it can be tested.
pub fn should_show(stderr_is_terminal: bool, ci: bool, quiet: bool, inputs: usize) -> bool {
    stderr_is_terminal && !ci && !quiet && inputs >= MIN_INPUTS
}

/// A progress bar over `len` inputs, or a hidden one that draws nothing.
pub fn bar(len: usize, quiet: bool, lang: Lang) -> ProgressBar {
    let show = should_show(
        std::io::stderr().is_terminal(),
        in_ci(std::env::var_os("CI").as_deref()),
        quiet,
        len,
    );
    if !show {
        return ProgressBar::hidden();
    }
    let pb = ProgressBar::with_draw_target(Some(len as u64), ProgressDrawTarget::stderr());
    let template = tr!(
        lang,
        "{spinner} 检查报告 [{bar:30}] {pos}/{len}，预计剩余 {eta}",
        "{spinner} checking reports [{bar:30}] {pos}/{len}, about {eta} left"
    );
    if let Ok(style) = ProgressStyle::with_template(template) {
        pb.set_style(style.progress_chars("=> "));
    }
    pb
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::OsStr;

    #[test]
    fn shown_only_on_a_terminal_outside_ci_and_not_quiet() {
        assert!(should_show(true, false, false, 100));
        assert!(!should_show(false, false, false, 100), "piped");
        assert!(!should_show(true, true, false, 100), "CI");
        assert!(!should_show(true, false, true, 100), "--quiet");
        assert!(!should_show(true, false, false, 1), "a single report");
    }

    #[test]
    fn ci_variable() {
        assert!(in_ci(Some(OsStr::new("true"))));
        assert!(in_ci(Some(OsStr::new("1"))));
        assert!(in_ci(Some(OsStr::new("yes"))));
        assert!(!in_ci(Some(OsStr::new("false"))));
        assert!(!in_ci(Some(OsStr::new("0"))));
        assert!(!in_ci(Some(OsStr::new(""))));
        assert!(!in_ci(None));
    }
}
