//! Hover on a value cell: its row and column in words and every identity it
//! takes part in, with the numbers; on a wrong total, what it should be. Inlay
//! hints after a wrong total: the value its parts add up to.

use crate::analysis::config::Lang;
use crate::analysis::query::{cell_at, describe};
use crate::analysis::{Analysis, fix, text::Span};
use crate::lsp::convert::{
    Encoding, byte_to_position, position_to_byte, range_to_span, span_to_range,
};
use crate::lsp::document::Document;
use crate::tr;
use tower_lsp_server::ls_types::*;

/// Rules whose findings sit on a wrong total.
const TOTAL_RULES: [&str; 3] = ["row-total", "result-total", "review-total"];

pub fn hover(
    doc: &Document,
    a: &Analysis,
    pos: Position,
    enc: Encoding,
    lang: Lang,
) -> Option<Hover> {
    let at = position_to_byte(doc.rope(), pos, enc);
    let (cell, c) = cell_at(&a.report, at)?;
    let info = describe(&a.report, cell, lang);
    // What the cell should be is what fix-all's dependency-ordered repair sets.
    let repaired = repair_of(a, c.span);
    let value = info.value.map(|v| v.to_string()).unwrap_or_else(|| {
        tr!(
            lang,
            "（空或无效）".to_string(),
            "(empty or invalid)".to_string()
        )
    });
    let mut md = format!("**{}**：{}\n", info.name, value);
    for id in &info.identities {
        let mark = match id.holds {
            Some(true) => "✓".to_string(),
            Some(false) => match (id.is_total, &repaired) {
                (true, Some(e)) => tr!(lang, format!("✗ 应为 {e}"), format!("✗ should be {e}")),
                _ => "✗".to_string(),
            },
            None => tr!(
                lang,
                "（无法核对）".to_string(),
                "(cannot be checked)".to_string()
            ),
        };
        md.push_str(&format!("\n- {} {}", id.text, mark));
    }
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: md,
        }),
        range: Some(span_to_range(doc.rope(), c.span, enc)),
    })
}

/// The value fix-all writes into the cell at `span`, if it changes it.
fn repair_of(a: &Analysis, span: Span) -> Option<String> {
    fix::total_edits(&a.report)
        .into_iter()
        .find(|e| e.span == span)
        .map(|e| e.new_text)
}

pub fn inlay_hints(
    doc: &Document,
    a: &Analysis,
    range: Range,
    enc: Encoding,
    lang: Lang,
) -> Vec<InlayHint> {
    let want = range_to_span(doc.rope(), range, enc);
    let mut out = Vec::new();
    let mut seen: Vec<Span> = Vec::new();
    let repairs = fix::total_edits(&a.report);
    for f in a.findings.iter().filter(|f| TOTAL_RULES.contains(&f.rule)) {
        if f.span.end < want.start || f.span.start > want.end || seen.contains(&f.span) {
            continue;
        }
        // Only a total that fix-all changes is wrong; a total whose sum is broken
        // by a wrong part gets no hint.
        let Some(expected) = repairs
            .iter()
            .find(|e| e.span == f.span)
            .map(|e| e.new_text.clone())
        else {
            continue;
        };
        seen.push(f.span);
        out.push(InlayHint {
            position: byte_to_position(doc.rope(), f.span.end, enc),
            label: InlayHintLabel::String(tr!(
                lang,
                format!("应为 {expected}"),
                format!("= {expected}")
            )),
            kind: None,
            text_edits: None,
            tooltip: Some(InlayHintTooltip::String(f.message.clone())),
            padding_left: Some(true),
            padding_right: Some(false),
            data: None,
        });
    }
    out
}
