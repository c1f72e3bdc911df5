//! Code actions: a quick-fix for every fix a finding carries, and fix-all
//! (`source.fixAll.nianbao`): the safe fixes in dependency order, one edit.

use super::diagnostics::diagnostic;
use crate::analysis::finding::Edit;
use crate::analysis::{Analysis, fix};
use crate::lsp::convert::{Encoding, range_to_span, span_to_range};
use crate::lsp::document::Document;
use crate::lsp::server::State;
use crate::tr;
use std::collections::HashMap;
use tower_lsp_server::ls_types::*;

/// The code action kind of fix-all.
pub const FIX_ALL_KIND: &str = "source.fixAll.nianbao";

fn workspace_edit(uri: &Uri, doc: &Document, edits: &[Edit], enc: Encoding) -> WorkspaceEdit {
    let text_edits = edits
        .iter()
        .map(|e| TextEdit {
            range: span_to_range(doc.rope(), e.span, enc),
            new_text: e.new_text.clone(),
        })
        .collect();
    WorkspaceEdit {
        changes: Some(HashMap::from([(uri.clone(), text_edits)])),
        ..Default::default()
    }
}

/// Whether the client asked for (or did not restrict away) this kind.
pub(super) fn wanted(only: Option<&Vec<CodeActionKind>>, kind: &str) -> bool {
    match only {
        None => true,
        Some(kinds) => kinds
            .iter()
            .any(|k| kind == k.as_str() || kind.starts_with(&format!("{}.", k.as_str()))),
    }
}

/// The quick fixes and fix-all of `a`; fix-all leaves `spared` alone (the
/// safe edits of findings dismissed in nianbao.toml).
pub fn code_actions(
    state: &State,
    uri: &Uri,
    doc: &Document,
    a: &Analysis,
    params: &CodeActionParams,
    enc: Encoding,
    spared: &[Edit],
) -> CodeActionResponse {
    let settings = state.settings();
    let lang = settings.lang;
    let only = params.context.only.as_ref();
    let mut out: CodeActionResponse = Vec::new();
    if wanted(only, CodeActionKind::QUICKFIX.as_str()) {
        let want = range_to_span(doc.rope(), params.range, enc);
        for f in &a.findings {
            let touches = f.span.overlaps(&want)
                || f.span.contains(want.start)
                || want.contains(f.span.start);
            if !touches {
                continue;
            }
            let diag = diagnostic(state, uri, doc, f, enc);
            for (i, x) in f.fixes.iter().enumerate() {
                out.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: x.title.clone(),
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![diag.clone()]),
                    edit: Some(workspace_edit(uri, doc, &x.edits, enc)),
                    is_preferred: Some(i == 0 && x.safe),
                    ..Default::default()
                }));
            }
        }
    }
    if wanted(only, FIX_ALL_KIND) {
        let mut edits = fix::fix_all(&a.report, &a.findings);
        edits.retain(|e| !spared.contains(e));
        if !edits.is_empty() {
            out.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: tr!(
                    lang,
                    format!("修复全部可安全修复的问题（{} 处）", edits.len()),
                    format!("Fix all safe problems ({} edits)", edits.len())
                ),
                kind: Some(CodeActionKind::new(FIX_ALL_KIND)),
                edit: Some(workspace_edit(uri, doc, &edits, enc)),
                ..Default::default()
            }));
        }
    }
    out
}
