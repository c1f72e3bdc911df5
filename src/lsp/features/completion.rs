//! Completion at the start of a line: the section headings the report lacks,
//! and whole empty tables 2/3/4 in the layout the document already uses.

use crate::analysis::Analysis;
use crate::analysis::format::{SectionId, TableId};
use crate::analysis::rules::missing_section::{heading_prefix, table_layout};
use crate::analysis::template::{self, Figures};
use crate::lsp::convert::{Encoding, position_to_char};
use crate::lsp::document::Document;
use tower_lsp_server::ls_types::*;

/// How much may already be typed on the line for completion to apply.
const MAX_PREFIX_CHARS: usize = 24;

pub fn completion(
    doc: &Document,
    a: &Analysis,
    pos: Position,
    enc: Encoding,
) -> Option<CompletionResponse> {
    let rope = doc.rope();
    let at = position_to_char(rope, pos, enc);
    let line = rope.char_to_line(at);
    let start = rope.line_to_char(line);
    let typed: String = rope.slice(start..at).chars().collect();
    if typed.chars().count() > MAX_PREFIX_CHARS || typed.contains('\t') || typed.contains('|') {
        return None;
    }
    let report = &a.report;
    let replace = Range::new(Position::new(pos.line, 0), pos);
    let nl = report.line_ending;
    let mut items = Vec::new();
    let prefix = heading_prefix(report);
    for (k, id) in SectionId::ALL.iter().enumerate() {
        if report.section(*id).is_some() {
            continue;
        }
        let heading = format!("{prefix}{}", id.heading());
        items.push(CompletionItem {
            label: id.heading(),
            kind: Some(CompletionItemKind::MODULE),
            detail: Some(format!("第{}部分（缺少）", id.numeral())),
            filter_text: Some(format!("{}{}{}", typed, id.heading(), id.title())),
            sort_text: Some(format!("0{k}")),
            text_edit: Some(CompletionTextEdit::Edit(TextEdit {
                range: replace,
                new_text: heading,
            })),
            ..Default::default()
        });
    }
    let sep = table_layout(report);
    for (k, t) in [TableId::T2, TableId::T3, TableId::T4].iter().enumerate() {
        if report.table_span(*t).is_some() {
            continue;
        }
        let body = match t {
            TableId::T2 => template::table2(sep, &Figures::empty(), nl),
            TableId::T3 => template::table3(sep, &Figures::empty(), nl),
            TableId::T4 => template::table4(sep, &Figures::empty(), nl),
        };
        items.push(CompletionItem {
            label: format!("{}（空表）", t.name_zh()),
            kind: Some(CompletionItemKind::SNIPPET),
            detail: Some(format!(
                "插入空的{}：{}",
                t.name_zh(),
                t.section().heading()
            )),
            documentation: Some(Documentation::String(
                body.lines().take(4).collect::<Vec<_>>().join("\n"),
            )),
            filter_text: Some(format!("{}{}table{}", typed, t.name_zh(), k + 2)),
            sort_text: Some(format!("1{k}")),
            insert_text_format: Some(InsertTextFormat::PLAIN_TEXT),
            text_edit: Some(CompletionTextEdit::Edit(TextEdit {
                range: replace,
                new_text: body,
            })),
            ..Default::default()
        });
    }
    (!items.is_empty()).then_some(CompletionResponse::Array(items))
}
