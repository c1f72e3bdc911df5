//! Outline (document symbols: title, the six sections, the tables, table 2's
//! items) and folding ranges per section and table.

use crate::analysis::Analysis;
use crate::analysis::config::Lang;
use crate::analysis::query::{Node, NodeKind, outline};
use crate::lsp::convert::{Encoding, span_to_range};
use crate::lsp::document::Document;
use tower_lsp_server::ls_types::*;

#[allow(deprecated)]
fn symbol(doc: &Document, n: &Node, enc: Encoding) -> DocumentSymbol {
    let range = span_to_range(doc.rope(), n.span, enc);
    let mut sel = span_to_range(doc.rope(), n.head, enc);
    // The selection must lie inside the range.
    if sel.start < range.start || sel.end > range.end {
        sel = Range::new(range.start, range.start);
    }
    DocumentSymbol {
        name: if n.name.is_empty() {
            "—".to_string()
        } else {
            n.name.clone()
        },
        detail: None,
        kind: match n.kind {
            NodeKind::Title => SymbolKind::FILE,
            NodeKind::Section => SymbolKind::NAMESPACE,
            NodeKind::Table => SymbolKind::STRUCT,
            NodeKind::Item => SymbolKind::FIELD,
        },
        tags: None,
        deprecated: None,
        range,
        selection_range: sel,
        children: (!n.children.is_empty())
            .then(|| n.children.iter().map(|c| symbol(doc, c, enc)).collect()),
    }
}

pub fn symbols(doc: &Document, a: &Analysis, enc: Encoding, lang: Lang) -> Vec<DocumentSymbol> {
    outline(&a.report, lang)
        .iter()
        .map(|n| symbol(doc, n, enc))
        .collect()
}

pub fn folding(_doc: &Document, a: &Analysis, lang: Lang) -> Vec<FoldingRange> {
    let lines = &a.report.lines;
    let mut out = Vec::new();
    fn walk(n: &Node, lines: &crate::analysis::text::LineIndex, out: &mut Vec<FoldingRange>) {
        let (s, e) = (
            lines.line_of(n.span.start),
            lines.line_of(n.span.end.saturating_sub(1).max(n.span.start)),
        );
        if e > s && n.kind != NodeKind::Title {
            out.push(FoldingRange {
                start_line: s as u32,
                start_character: None,
                end_line: e as u32,
                end_character: None,
                kind: Some(FoldingRangeKind::Region),
                collapsed_text: Some(n.name.clone()),
            });
        }
        for c in &n.children {
            walk(c, lines, out);
        }
    }
    for n in outline(&a.report, lang) {
        walk(&n, lines, &mut out);
    }
    out
}
