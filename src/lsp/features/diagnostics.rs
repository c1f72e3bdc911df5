//! Findings as LSP diagnostics: the rule id as `code`, a link to the rule's
//! documentation, the message, and the cells of a broken sum as related
//! information.

use crate::analysis::Analysis;
use crate::analysis::finding::{Finding, Severity};
use crate::lsp::convert::{Encoding, span_to_range};
use crate::lsp::document::Document;
use crate::lsp::server::State;
use tower_lsp_server::ls_types::*;

pub fn diagnostic(
    state: &State,
    uri: &Uri,
    doc: &Document,
    f: &Finding,
    enc: Encoding,
) -> Diagnostic {
    let rope = doc.rope();
    Diagnostic {
        range: span_to_range(rope, f.span, enc),
        severity: Some(match f.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
            Severity::Info => DiagnosticSeverity::INFORMATION,
        }),
        code: Some(NumberOrString::String(f.rule.to_string())),
        code_description: state.rule_url(f.rule).map(|href| CodeDescription { href }),
        source: Some("nianbao".to_string()),
        message: f.message.clone(),
        related_information: (!f.related.is_empty()).then(|| {
            f.related
                .iter()
                .map(|r| DiagnosticRelatedInformation {
                    location: Location::new(uri.clone(), span_to_range(rope, r.span, enc)),
                    message: r.message.clone(),
                })
                .collect()
        }),
        tags: None,
        data: None,
    }
}

pub fn diagnostics(
    state: &State,
    uri: &Uri,
    doc: &Document,
    a: &Analysis,
    enc: Encoding,
) -> Vec<Diagnostic> {
    a.findings
        .iter()
        .map(|f| diagnostic(state, uri, doc, f, enc))
        .collect()
}
