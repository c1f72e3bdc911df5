//! What an open document shows once the dismissals of its nianbao.toml are
//! applied (as `nianbao check` applies them): the findings left and their
//! fingerprints, computed on all the findings so that they are those of the
//! CLI's JSON and SARIF.

use crate::analysis::Analysis;
use crate::analysis::config::Config;
use crate::analysis::fingerprint;
use crate::analysis::text::Span;
use crate::config_file::ProjectConfig;
use crate::dismiss::{self, Dismissal};
use crate::lsp::document::Document;
use std::borrow::Cow;
use std::path::Path;
use std::sync::Arc;

/// A document's analysis with its dismissals applied.
pub struct Reviewed {
    /// Without the dismissed findings.
    pub analysis: Arc<Analysis>,
    /// The fingerprints of `analysis.findings` (computed when asked for, or
    /// when a dismissal applies).
    pub fingerprints: Vec<String>,
    /// The edits of the dismissed findings' safe fixes, which fix-all leaves
    /// alone.
    pub spared: Vec<crate::analysis::finding::Edit>,
}

/// The dismissals of `project` that apply to the document at `path` and
/// whose rule runs under `config`.
pub fn entries<'a>(
    project: Option<&'a ProjectConfig>,
    path: Option<&Path>,
    config: &Config,
) -> Vec<&'a Dismissal> {
    let Some(p) = project else {
        return Vec::new();
    };
    let dir = p.path.parent().unwrap_or(Path::new("."));
    let rel = path.map(|f| dismiss::relative(dir, f));
    p.dismissals
        .iter()
        .filter(|d| d.applies_to(rel.as_deref()))
        .filter(|d| {
            let default = crate::analysis::rules::find(d.rule).and_then(|r| r.meta.default);
            config
                .rules
                .get(d.rule)
                .copied()
                .unwrap_or(default)
                .is_some()
        })
        .collect()
}

/// What identifies the dismissals applied (a publication is repeated when
/// they change).
pub fn stamp(entries: &[&Dismissal]) -> String {
    entries
        .iter()
        .map(|d| {
            format!(
                "{}:{}:{}",
                d.rule,
                d.line,
                d.fingerprint.as_deref().unwrap_or("*")
            )
        })
        .collect::<Vec<_>>()
        .join(",")
}

/// The fingerprints of the findings of `a`, reading the document's rope.
pub fn fingerprints(doc: &Document, a: &Analysis) -> Vec<String> {
    let rope = doc.rope();
    let at = |s: Span| -> Cow<str> {
        match rope.get_byte_slice(s.start..s.end) {
            Some(slice) => slice.into(),
            None => Cow::Borrowed(""),
        }
    };
    fingerprint::fingerprints(&a.report, &a.findings, &at)
}

/// `full` without the findings `entries` dismiss; with `want_fingerprints`,
/// the fingerprints of those left.
pub fn review(
    doc: &Document,
    full: Arc<Analysis>,
    entries: &[&Dismissal],
    want_fingerprints: bool,
) -> Reviewed {
    if entries.is_empty() && !want_fingerprints {
        return Reviewed {
            analysis: full,
            fingerprints: Vec::new(),
            spared: Vec::new(),
        };
    }
    let fps = fingerprints(doc, &full);
    if entries.is_empty() {
        return Reviewed {
            analysis: full,
            fingerprints: fps,
            spared: Vec::new(),
        };
    }
    let mut used = vec![false; entries.len()];
    let verdicts = dismiss::triage(entries, &full.findings, &fps, &mut used);
    let (mut findings, mut kept, mut spared) = (Vec::new(), Vec::new(), Vec::new());
    for ((f, fp), v) in full.findings.iter().zip(fps).zip(verdicts) {
        if v.is_none() {
            findings.push(f.clone());
            kept.push(fp);
        } else {
            let safe = f.fixes.iter().filter(|x| x.safe);
            spared.extend(safe.flat_map(|x| x.edits.iter().cloned()));
        }
    }
    Reviewed {
        analysis: Arc::new(Analysis {
            report: full.report.clone(),
            findings,
        }),
        fingerprints: kept,
        spared,
    }
}
