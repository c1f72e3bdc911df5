//! The narrative's numbers in the editor: hover on a counted claim shows the
//! table cell it describes and whether they agree; go-to-definition jumps to
//! that cell (or cells, for a claim about a group or a sum).

use crate::analysis::Analysis;
use crate::analysis::config::Lang;
use crate::analysis::model::Claim;
use crate::analysis::query::{Expected, Unchecked, claim_at, expected, subject_name, unchecked};
use crate::lsp::convert::{Encoding, position_to_byte, span_to_range};
use crate::lsp::document::Document;
use crate::tr;
use tower_lsp_server::ls_types::*;

/// The claim under the cursor that maps to the tables, with what they say.
fn claim_here<'a>(
    doc: &Document,
    a: &'a Analysis,
    pos: Position,
    enc: Encoding,
    lang: Lang,
) -> Option<(&'a Claim, Option<Expected>)> {
    let at = position_to_byte(doc.rope(), pos, enc);
    let claim = claim_at(&a.report, at)?;
    let target = claim.target?;
    Some((claim, expected(&a.report, target, lang)))
}

pub fn claim_hover(
    doc: &Document,
    a: &Analysis,
    pos: Position,
    enc: Encoding,
    lang: Lang,
) -> Option<Hover> {
    let (claim, e) = claim_here(doc, a, pos, enc, lang)?;
    let noun = subject_name(claim.target?);
    let said = if claim.negation {
        tr!(
            lang,
            format!("**正文**：没有{noun}"),
            format!("**Text**: no {noun}")
        )
    } else {
        tr!(
            lang,
            format!("**正文**：{noun} {} {}", claim.value, claim.unit),
            format!("**Text**: {noun} {} {}", claim.value, claim.unit)
        )
    };
    let table = match &e {
        None => tr!(
            lang,
            "表格中对应的单元格为空或缺失，无法核对".to_string(),
            "The table cell it describes is empty or missing: cannot be checked".to_string()
        ),
        Some(e) => {
            let verdict = match unchecked(&a.report, claim) {
                Some(Unchecked::Approximate) => tr!(
                    lang,
                    "（约数，不与表格比对）",
                    "(approximate: not compared)"
                ),
                Some(Unchecked::Jurisdiction) => tr!(
                    lang,
                    "（辖区口径，不与本机关表格比对）",
                    "(the whole jurisdiction: not compared with the body's table)"
                ),
                Some(Unchecked::Agent) => tr!(
                    lang,
                    "（政府办公室代政府办理的数字，表格可能为全辖区口径，不比对）",
                    "(the government office's own count; the tables may count the whole jurisdiction: not compared)"
                ),
                None if e.accepted.contains(&claim.value) => "✓",
                None => tr!(lang, "✗ 不一致", "✗ disagrees"),
            };
            tr!(
                lang,
                format!("**{}**：{} {verdict}", e.name, e.value),
                format!("**{}**: {} {verdict}", e.name, e.value)
            )
        }
    };
    let span = if claim.negation {
        claim.extent()
    } else {
        claim.span
    };
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: format!("{said}\n\n{table}"),
        }),
        range: Some(span_to_range(doc.rope(), span, enc)),
    })
}

pub fn definition(
    uri: &Uri,
    doc: &Document,
    a: &Analysis,
    pos: Position,
    enc: Encoding,
    lang: Lang,
) -> Option<GotoDefinitionResponse> {
    let (_, e) = claim_here(doc, a, pos, enc, lang)?;
    let locations: Vec<Location> = e?
        .cells
        .iter()
        .map(|s| Location {
            uri: uri.clone(),
            range: span_to_range(doc.rope(), *s, enc),
        })
        .collect();
    match locations.len() {
        0 => None,
        1 => Some(GotoDefinitionResponse::Scalar(
            locations.into_iter().next()?,
        )),
        _ => Some(GotoDefinitionResponse::Array(locations)),
    }
}
