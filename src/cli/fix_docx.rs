//! `--fix` for Word documents: the safe fixes computed on the document's
//! report text are written into the `.docx` (`input::docx_write`), which is
//! then replaced atomically like a text file (`write::write_atomic`). Safe
//! fixes the document cannot take faithfully stay as findings, marked as not
//! applied, with the reason.

use super::check::{Input, Outcome, write_problem};
use super::write::write_atomic;
use crate::analysis::config::{Config, Lang};
use crate::analysis::finding::Edit;
use crate::analysis::model::Report;
use crate::analysis::syntax::line::{LineKind, classify};
use crate::analysis::{Analysis, analyze};
use crate::dismiss::Dismissal;
use crate::input::Limits;
use crate::input::PositionMap;
use crate::input::docx_write::{self, DocEdit, Refusal};
use crate::tr;

/// Fixes the document `bytes` (read as `text` + `map`, checked as `first`).
pub fn fix_docx(
    input: &Input,
    bytes: &[u8],
    (text, map): (String, Option<PositionMap>),
    first: Analysis,
    (config, limits): (&Config, &Limits),
    spared: &[&Dismissal],
) -> Outcome {
    let lang = config.lang;
    let unchanged = |problem: String| Outcome::Checked {
        text,
        map,
        analysis: Box::new(first),
        fixed: 0,
        fix_problem: Some(problem),
    };
    let Input::File { path, .. } = input else {
        return unchanged(tr!(
            lang,
            "未修复：标准输入的 Word 文档无法写回，请指定文件".to_string(),
            "not fixed: a Word document on standard input cannot be written back; name the file"
                .to_string()
        ));
    };
    let fixed = docx_write::check_name(&path.to_string_lossy())
        .and_then(|()| docx_write::fix(bytes, limits, |t| edits(t, config, spared)));
    let fixed = match fixed {
        Ok(f) => f,
        Err(e) => return unchanged(e.message(lang)),
    };
    if fixed.applied > 0 {
        if let Err(e) = write_atomic(path, bytes, &fixed.bytes) {
            return unchanged(write_problem(e, lang));
        }
    }
    let mut analysis = analyze(&fixed.document.text, config);
    mark_refused(&mut analysis, &fixed.refused, lang);
    Outcome::Checked {
        text: fixed.document.text,
        map: Some(fixed.document.map),
        analysis: Box::new(analysis),
        fixed: fixed.applied,
        fix_problem: None,
    }
}

/// The edits of fix-all for a document's text (sparing what reviewers
/// dismissed). Inserted headings copy the formatting of the nearest section
/// heading.
fn edits(text: &str, config: &Config, spared: &[&Dismissal]) -> Vec<DocEdit> {
    let a = analyze(text, config);
    crate::dismiss::fix_edits(&a, text, spared)
        .into_iter()
        .map(|edit| DocEdit {
            like: heading_model(&a.report, &edit),
            edit,
        })
        .collect()
}

/// For an edit that inserts a section heading: the start of the nearest
/// existing heading line (before it, else after it).
fn heading_model(report: &Report, edit: &Edit) -> Option<usize> {
    let first = edit.new_text.lines().find(|l| !l.trim().is_empty())?;
    if !edit.span.is_empty() || !matches!(classify(first, 0).kind, LineKind::Heading(_)) {
        return None;
    }
    let at = edit.span.start;
    let starts = report.sections.iter().map(|s| s.line.start);
    starts
        .clone()
        .filter(|s| *s < at)
        .max()
        .or_else(|| starts.filter(|s| *s >= at).min())
}

/// Safe fixes the document could not take become fixes to apply by hand,
/// their title saying why.
fn mark_refused(analysis: &mut Analysis, refused: &[(Edit, Refusal)], lang: Lang) {
    for f in &mut analysis.findings {
        for x in f.fixes.iter_mut().filter(|x| x.safe) {
            let Some((_, why)) = refused.iter().find(|(e, _)| x.edits.contains(e)) else {
                continue;
            };
            x.safe = false;
            x.title.push_str(&tr!(
                lang,
                format!("；Word 文档中未自动修复：{}", why.message(lang)),
                format!("; not applied in the Word document: {}", why.message(lang))
            ));
        }
    }
}
