//! The code action "忽略此问题…" / "Dismiss this finding…" on every finding:
//! a workspace edit that adds a `[[dismiss]]` entry (rule, file, fingerprint,
//! a reason to fill in) to the nearest nianbao.toml, or creates one beside the
//! report. The editor shows the edit and can undo it; once the file is saved,
//! the server (which watches nianbao.toml) drops the finding. Where the client
//! shows documents, the action then opens the entry with its reason selected.

use super::diagnostics::diagnostic;
use crate::analysis::config::Lang;
use crate::analysis::finding::Finding;
use crate::analysis::text::Span;
use crate::config_file::{FILE_NAME, ProjectConfig};
use crate::dismiss::REASON_PLACEHOLDER;
use crate::lsp::convert::{Encoding, byte_to_position, range_to_span};
use crate::lsp::document::Document;
use crate::lsp::review::Reviewed;
use crate::lsp::server::State;
use crate::tr;
use ropey::Rope;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use tower_lsp_server::ls_types::*;

/// The server command that opens a new entry with its reason selected:
/// arguments `[uri, start line, start character, end line, end character]`.
pub const SHOW_DISMISSAL: &str = "nianbao.server.showDismissal";

/// A string as a TOML basic string.
fn toml_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The entry for one finding; `file` is the report's path relative to the
/// configuration's folder. Returns the text and the byte range of the reason
/// placeholder within it.
fn entry(f: &Finding, fingerprint: &str, file: &str, lang: Lang, nl: &str) -> (String, Span) {
    let message: String = f
        .message
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(100)
        .collect();
    let placeholder = REASON_PLACEHOLDER[lang as usize];
    let head = format!(
        "[[dismiss]]{nl}# {message}{nl}rule = {}{nl}file = {}{nl}fingerprint = {}{nl}reason = \"",
        toml_string(f.rule),
        toml_string(&globset::escape(file)),
        toml_string(fingerprint),
    );
    let at = head.len();
    let text = format!("{head}{placeholder}\"{nl}");
    (text, Span::new(at, at + placeholder.len()))
}

/// `file` relative to `dir`, `/` between folders (as in nianbao.toml).
fn relative(dir: &Path, file: &Path) -> String {
    crate::dismiss::relative(dir, file)
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Where the entry goes: the nearest nianbao.toml (its text), or a new one
/// beside the report.
fn target(report: &Path, project: Option<&ProjectConfig>) -> Option<(PathBuf, Option<String>)> {
    let found = project
        .map(|p| p.path.clone())
        .or_else(|| ProjectConfig::find(report));
    match found {
        Some(p) => {
            let text = std::fs::read_to_string(&p).ok()?;
            Some((p, Some(text)))
        }
        None => Some((report.parent()?.join(FILE_NAME), None)),
    }
}

/// The dismiss actions of the findings in the requested range.
pub fn dismiss_actions(
    state: &State,
    uri: &Uri,
    doc: &Document,
    r: &Reviewed,
    project: Option<&ProjectConfig>,
    params: &CodeActionParams,
    enc: Encoding,
) -> Vec<CodeActionOrCommand> {
    if !super::actions::wanted(
        params.context.only.as_ref(),
        CodeActionKind::QUICKFIX.as_str(),
    ) {
        return Vec::new();
    }
    let Some(report) = uri.to_file_path() else {
        return Vec::new();
    };
    let want = range_to_span(doc.rope(), params.range, enc);
    let hits: Vec<(&Finding, &String)> = r
        .analysis
        .findings
        .iter()
        .zip(&r.fingerprints)
        .filter(|(f, _)| {
            f.span.overlaps(&want) || f.span.contains(want.start) || want.contains(f.span.start)
        })
        .collect();
    if hits.is_empty() {
        return Vec::new();
    }
    let Some((toml, existing)) = target(&report, project) else {
        return Vec::new();
    };
    let caps = state.caps();
    if existing.is_none() && !(caps.create_files && caps.document_changes) {
        return Vec::new(); // the client cannot create the file
    }
    let Some(toml_uri) = Uri::from_file_path(&toml) else {
        return Vec::new();
    };
    let lang = state.settings().lang;
    let dir = toml.parent().unwrap_or(Path::new("."));
    let file = relative(dir, &report);
    let old = existing.clone().unwrap_or_default();
    let nl = if old.contains("\r\n") { "\r\n" } else { "\n" };
    let sep = match (old.is_empty(), old.ends_with('\n')) {
        (true, _) => String::new(),
        (false, true) => nl.to_string(),
        (false, false) => format!("{nl}{nl}"),
    };
    let several = hits.len() > 1;
    hits.into_iter()
        .map(|(f, fp)| {
            let (body, reason) = entry(f, fp, &file, lang, nl);
            let insert = format!("{sep}{body}");
            let at = old.len();
            let old_rope = Rope::from_str(&old);
            let pos = byte_to_position(&old_rope, at, enc);
            let new_rope = Rope::from_str(&format!("{old}{insert}"));
            let base = at + sep.len();
            let selection = Range::new(
                byte_to_position(&new_rope, base + reason.start, enc),
                byte_to_position(&new_rope, base + reason.end, enc),
            );
            let text_edit = TextEdit {
                range: Range::new(pos, pos),
                new_text: insert,
            };
            let edit = workspace_edit(&toml_uri, existing.is_some(), text_edit, caps);
            let title = match several {
                false => tr!(
                    lang,
                    "忽略此问题…".to_string(),
                    "Dismiss this finding…".to_string()
                ),
                true => tr!(
                    lang,
                    format!("忽略此问题…（{}）", f.rule),
                    format!("Dismiss this finding… ({})", f.rule)
                ),
            };
            let command = caps.show_document.then(|| Command {
                title: title.clone(),
                command: SHOW_DISMISSAL.to_string(),
                arguments: Some(vec![
                    serde_json::json!(toml_uri.as_str()),
                    serde_json::json!(selection.start.line),
                    serde_json::json!(selection.start.character),
                    serde_json::json!(selection.end.line),
                    serde_json::json!(selection.end.character),
                ]),
            });
            CodeActionOrCommand::CodeAction(CodeAction {
                title,
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![diagnostic(state, uri, doc, f, enc)]),
                edit: Some(edit),
                command,
                is_preferred: Some(false),
                ..Default::default()
            })
        })
        .collect()
}

/// The edit: an insertion at the end of an existing file, or a new file.
fn workspace_edit(
    uri: &Uri,
    exists: bool,
    edit: TextEdit,
    caps: crate::lsp::server::ClientCaps,
) -> WorkspaceEdit {
    if exists && !caps.document_changes {
        return WorkspaceEdit {
            changes: Some(HashMap::from([(uri.clone(), vec![edit])])),
            ..Default::default()
        };
    }
    let text = DocumentChangeOperation::Edit(TextDocumentEdit {
        text_document: OptionalVersionedTextDocumentIdentifier {
            uri: uri.clone(),
            version: None,
        },
        edits: vec![OneOf::Left(edit)],
    });
    let ops = if exists {
        vec![text]
    } else {
        vec![
            DocumentChangeOperation::Op(ResourceOp::Create(CreateFile {
                uri: uri.clone(),
                options: Some(CreateFileOptions {
                    overwrite: Some(false),
                    ignore_if_exists: Some(true),
                }),
                annotation_id: None,
            })),
            text,
        ]
    };
    WorkspaceEdit {
        document_changes: Some(DocumentChanges::Operations(ops)),
        ..Default::default()
    }
}

/// The `window/showDocument` request of a [`SHOW_DISMISSAL`] command.
pub fn show_dismissal(args: &[serde_json::Value]) -> Option<ShowDocumentParams> {
    let uri: Uri = args.first()?.as_str()?.parse().ok()?;
    let n = |i: usize| args.get(i).and_then(|v| v.as_u64()).map(|v| v as u32);
    let selection = Range::new(Position::new(n(1)?, n(2)?), Position::new(n(3)?, n(4)?));
    Some(ShowDocumentParams {
        uri,
        external: None,
        take_focus: Some(true),
        selection: Some(selection),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_entry_parses_and_dismisses_its_finding() {
        let f = Finding {
            rule: "narrative-mismatch",
            severity: crate::analysis::finding::Severity::Warning,
            span: Span::new(0, 1),
            message: "正文：行政处罚 38 条；\n表二「行政处罚」：0".to_string(),
            fixes: Vec::new(),
            related: Vec::new(),
        };
        let (text, reason) = entry(
            &f,
            "0123456789abcdef",
            "2024/报告[终稿].txt",
            Lang::Zh,
            "\n",
        );
        assert_eq!(&text[reason.start..reason.end], REASON_PLACEHOLDER[0]);
        let c = ProjectConfig::parse(Path::new("/p/nianbao.toml"), &text, Lang::Zh).unwrap();
        let d = &c.dismissals[0];
        assert!(d.applies_to(Some(Path::new("2024/报告[终稿].txt"))));
        assert!(d.matches(&f, "0123456789abcdef"));
        assert!(d.reason_unfilled());
        assert_eq!(toml_string("a\"b\\c"), "\"a\\\"b\\\\c\"");
    }
}
