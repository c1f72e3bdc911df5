//! Findings as LSP diagnostics: the rule id as `code`, a link to the rule's
//! documentation, the message, and the cells of a broken sum as related
//! information.

use crate::analysis::Analysis;
use crate::analysis::finding::{Finding, Severity};
use crate::analysis::text::Span;
use crate::lsp::convert::{Encoding, spans_to_ranges};
use crate::lsp::document::Document;
use crate::lsp::server::State;
use std::collections::HashMap;
use tower_lsp_server::ls_types::*;

/// The diagnostic of one finding (a code action's).
pub fn diagnostic(
    state: &State,
    uri: &Uri,
    doc: &Document,
    f: &Finding,
    enc: Encoding,
) -> Diagnostic {
    let ranges = spans_to_ranges(doc.rope(), &spans(std::slice::from_ref(f)), enc);
    let link = state.rule_url(f.rule).map(|href| CodeDescription { href });
    build(uri, f, &mut ranges.into_iter(), link)
}

/// The diagnostics of all the findings of `a`: their positions converted in
/// one walk over the text, each rule's link made once.
pub fn diagnostics(
    state: &State,
    uri: &Uri,
    doc: &Document,
    a: &Analysis,
    enc: Encoding,
) -> Vec<Diagnostic> {
    let mut ranges = spans_to_ranges(doc.rope(), &spans(&a.findings), enc).into_iter();
    let mut links: HashMap<&str, Option<CodeDescription>> = HashMap::new();
    a.findings
        .iter()
        .map(|f| {
            let link = links
                .entry(f.rule)
                .or_insert_with(|| state.rule_url(f.rule).map(|href| CodeDescription { href }))
                .clone();
            build(uri, f, &mut ranges, link)
        })
        .collect()
}

/// Each finding's span followed by its related spans (the order `build`
/// takes their ranges in).
fn spans(findings: &[Finding]) -> Vec<Span> {
    findings
        .iter()
        .flat_map(|f| std::iter::once(f.span).chain(f.related.iter().map(|r| r.span)))
        .collect()
}

/// The diagnostic of `f`, its ranges taken from `ranges` (see `spans`).
fn build(
    uri: &Uri,
    f: &Finding,
    ranges: &mut impl Iterator<Item = Range>,
    link: Option<CodeDescription>,
) -> Diagnostic {
    let range = ranges.next().unwrap_or_default();
    Diagnostic {
        range,
        severity: Some(match f.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
            Severity::Info => DiagnosticSeverity::INFORMATION,
        }),
        code: Some(NumberOrString::String(f.rule.to_string())),
        code_description: link,
        source: Some("nianbao".to_string()),
        message: f.message.clone(),
        related_information: (!f.related.is_empty()).then(|| {
            f.related
                .iter()
                .map(|r| DiagnosticRelatedInformation {
                    location: Location::new(uri.clone(), ranges.next().unwrap_or_default()),
                    message: r.message.clone(),
                })
                .collect()
        }),
        tags: None,
        data: None,
    }
}
