//! The analysis core: pure, no I/O, no LSP types, no threads, no clocks; it
//! never fails and never panics on any input. Text in, a typed model and
//! findings (with byte ranges and plain-text fixes) out.

pub mod config;
pub mod finding;
pub mod fingerprint;
pub mod fix;
pub mod format;
pub mod model;
pub mod normalize;
pub mod previous;
pub mod query;
pub mod rules;
pub mod select;
pub mod similarity;
pub mod solve;
pub mod syntax;
pub mod template;
pub mod text;

use config::Config;
use finding::Finding;
use model::Report;

/// A report's model and its findings.
#[derive(Clone, Debug)]
pub struct Analysis {
    /// Shared, so that findings can be added (across years) without copying it.
    pub report: std::sync::Arc<Report>,
    pub findings: Vec<Finding>,
}

/// Parses and lints a report.
pub fn analyze(text: &str, config: &Config) -> Analysis {
    let report = syntax::parse(text);
    let findings = rules::run(&report, config);
    Analysis {
        report: std::sync::Arc::new(report),
        findings,
    }
}

/// Adds the findings across years to an analysis of `text`, given last year's
/// report of the same body.
pub fn add_years(
    analysis: &mut Analysis,
    text: &str,
    previous: &previous::Previous,
    config: &Config,
) {
    let extra = rules::run_years(&analysis.report, text, previous, config);
    if !extra.is_empty() {
        analysis.findings.extend(extra);
        rules::sort(&mut analysis.findings);
    }
}

/// Lints already classified lines (the incremental path of the language
/// server); `prefix` reads the beginnings of lines of their text.
pub fn analyze_lines(
    lines: &[syntax::line::LineInfo],
    prefix: syntax::LinePrefix,
    config: &Config,
) -> Analysis {
    let report = syntax::assemble(lines, prefix);
    let findings = rules::run(&report, config);
    Analysis {
        report: std::sync::Arc::new(report),
        findings,
    }
}

/// Whether a text looks like an annual report at all (a title, two section
/// headings or a table), so that a directory walk can pass over other files.
pub fn looks_like_report(report: &Report) -> bool {
    report.title.is_some()
        || report.sections.len() >= 2
        || report.t2.is_some()
        || report.t3.is_some()
        || report.t4.is_some()
}
