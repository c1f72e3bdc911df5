//! Reviewers' dismissals: the `[[dismiss]]` entries of nianbao.toml, shared by
//! `nianbao check`, `nianbao report` and the language server.
//!
//! ```toml
//! [[dismiss]]
//! rule = "narrative-mismatch"
//! file = "2024/*.txt"          # optional glob, relative to this file's folder
//! fingerprint = "9f2c4e1a0b7d3c65"  # optional: one finding (see analysis::fingerprint)
//! reason = "38 条为公开的信息条数，不是处理决定数"   # required
//! ```
//!
//! An entry dismisses the findings of its rule in the files its glob matches
//! (every file under the configuration without one): with a fingerprint only
//! that finding, without one every finding of the rule. Matching is pure (no
//! I/O); reading the file is `config_file`'s job.

use crate::analysis::config::Lang;
use crate::analysis::finding::Finding;
use crate::config_file::ConfigError;
use globset::{GlobBuilder, GlobMatcher};
use serde::Deserialize;
use std::path::Path;
use toml::Spanned;

/// The reason the editor's code action writes, for the reviewer to replace.
pub const REASON_PLACEHOLDER: [&str; 2] = [
    "待填写：为什么这不是问题",
    "to fill in: why this is not a problem",
];

/// An entry as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDismiss {
    rule: Option<Spanned<String>>,
    file: Option<Spanned<String>>,
    fingerprint: Option<Spanned<String>>,
    reason: Option<Spanned<String>>,
}

/// One dismissal.
#[derive(Clone, Debug)]
pub struct Dismissal {
    pub rule: &'static str,
    /// The glob as written (relative to the configuration's folder).
    pub file: Option<String>,
    glob: Option<GlobMatcher>,
    pub fingerprint: Option<String>,
    pub reason: String,
    /// 1-based line of the entry (its `[[dismiss]]`) in its file.
    pub line: usize,
}

impl Dismissal {
    /// Whether the entry applies to a file, given as a path relative to the
    /// configuration's folder (`None`: standard input, which only entries
    /// without `file` apply to).
    pub fn applies_to(&self, relative: Option<&Path>) -> bool {
        match (&self.glob, relative) {
            (None, _) => true,
            (Some(g), Some(p)) => g.is_match(p),
            (Some(_), None) => false,
        }
    }

    /// Whether it dismisses a finding with this fingerprint.
    pub fn matches(&self, f: &Finding, fingerprint: &str) -> bool {
        f.rule == self.rule && self.fingerprint.as_deref().is_none_or(|x| x == fingerprint)
    }

    /// Whether the reason is still the code action's placeholder.
    pub fn reason_unfilled(&self) -> bool {
        REASON_PLACEHOLDER.contains(&self.reason.trim())
    }
}

/// 1-based line of a byte offset.
fn line_of(text: &str, byte: usize) -> usize {
    text[..byte.min(text.len())].matches('\n').count() + 1
}

/// Checks and converts the entries of a file at `path` with text `text`.
pub fn parse(
    path: &Path,
    text: &str,
    raw: Vec<Spanned<RawDismiss>>,
    lang: Lang,
) -> Result<Vec<Dismissal>, ConfigError> {
    raw.into_iter()
        .map(|entry| {
            let line = line_of(text, entry.span().start);
            let err = |at: Option<usize>, message: String| ConfigError {
                path: path.to_path_buf(),
                line: Some(at.map_or(line, |b| line_of(text, b))),
                message,
            };
            let e = entry.into_inner();
            let Some(rule) = e.rule else {
                return Err(err(
                    None,
                    crate::tr!(
                        lang,
                        "[[dismiss]]：缺少 rule（要忽略的规则）".to_string(),
                        "[[dismiss]]: rule is missing (the rule to dismiss)".to_string()
                    ),
                ));
            };
            let Some(meta) = crate::analysis::rules::find(rule.get_ref()).map(|r| &r.meta) else {
                let id = rule.get_ref();
                let hint = crate::analysis::select::Selector::parse(id)
                    .err()
                    .and_then(|u| u.suggestion)
                    .map(|s| crate::tr!(lang, format!("，是否要写 {s}？"), format!("; did you mean {s}?")))
                    .unwrap_or_default();
                return Err(err(
                    Some(rule.span().start),
                    crate::tr!(
                        lang,
                        format!("[[dismiss]]：没有规则「{id}」{hint}（运行 nianbao rules 查看全部规则）"),
                        format!("[[dismiss]]: unknown rule \"{id}\"{hint} (run `nianbao rules` for the list)")
                    ),
                ));
            };
            let reason = match &e.reason {
                Some(r) if !r.get_ref().trim().is_empty() => r.get_ref().trim().to_string(),
                _ => {
                    return Err(err(
                        e.reason.as_ref().map(|r| r.span().start),
                        crate::tr!(
                            lang,
                            format!("[[dismiss]]：忽略 {} 须写明理由（reason = \"…\"）", meta.id),
                            format!("[[dismiss]]: dismissing {} needs a reason (reason = \"…\")", meta.id)
                        ),
                    ));
                }
            };
            let fingerprint = match e.fingerprint {
                Some(fp) if crate::analysis::fingerprint::is_fingerprint(fp.get_ref()) => {
                    Some(fp.into_inner())
                }
                Some(fp) => {
                    return Err(err(
                        Some(fp.span().start),
                        crate::tr!(
                            lang,
                            format!("[[dismiss]]：fingerprint「{}」不是 16 位十六进制数（从 --format json 的 fingerprint 复制）", fp.get_ref()),
                            format!("[[dismiss]]: fingerprint \"{}\" is not 16 hex digits (copy it from the fingerprint of --format json)", fp.get_ref())
                        ),
                    ));
                }
                None => None,
            };
            let (file, glob) = match e.file {
                Some(f) => {
                    let pattern = f.get_ref().replace('\\', "/");
                    let glob = GlobBuilder::new(&pattern)
                        .literal_separator(true)
                        .build()
                        .map_err(|g| {
                            err(
                                Some(f.span().start),
                                format!("[[dismiss]] file \"{}\": {g}", f.get_ref()),
                            )
                        })?;
                    (Some(f.into_inner()), Some(glob.compile_matcher()))
                }
                None => (None, None),
            };
            Ok(Dismissal {
                rule: meta.id,
                file,
                glob,
                fingerprint,
                reason,
                line,
            })
        })
        .collect()
}

/// For each finding, the index of the entry that dismisses it (one with a
/// fingerprint before one for the whole rule); `entries` are those that apply
/// to the file. `used[i]` is set for each entry that dismissed something.
pub fn triage(
    entries: &[&Dismissal],
    findings: &[Finding],
    fingerprints: &[String],
    used: &mut [bool],
) -> Vec<Option<usize>> {
    findings
        .iter()
        .zip(fingerprints)
        .map(|(f, fp)| {
            let exact = entries
                .iter()
                .position(|d| d.fingerprint.is_some() && d.matches(f, fp));
            let hit = exact.or_else(|| entries.iter().position(|d| d.matches(f, fp)));
            if let Some(i) = hit {
                used[i] = true;
            }
            hit
        })
        .collect()
}

/// The edits of fix-all for `text` analysed as `a`, sparing what `entries`
/// dismiss: a reviewer's dismissal keeps `--fix` and fix-all off the finding.
pub fn fix_edits(
    a: &crate::analysis::Analysis,
    text: &str,
    entries: &[&Dismissal],
) -> Vec<crate::analysis::finding::Edit> {
    use crate::analysis::fix;
    if entries.is_empty() {
        return fix::fix_all(&a.report, &a.findings);
    }
    let fps = crate::analysis::fingerprint::of_text(&a.report, &a.findings, text);
    let mut used = vec![false; entries.len()];
    let flags: Vec<bool> = triage(entries, &a.findings, &fps, &mut used)
        .into_iter()
        .map(|v| v.is_some())
        .collect();
    fix::fix_all_except(&a.report, &a.findings, &flags)
}

/// `file` relative to `dir` (both made absolute, `..` resolved by name), for
/// matching globs written relative to a configuration file.
pub fn relative(dir: &Path, file: &Path) -> std::path::PathBuf {
    let abs = |p: &Path| {
        let a = std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
        let mut out = std::path::PathBuf::new();
        for c in a.components() {
            match c {
                std::path::Component::ParentDir => {
                    out.pop();
                }
                std::path::Component::CurDir => {}
                c => out.push(c),
            }
        }
        out
    };
    let (dir, file) = (abs(dir), abs(file));
    let common = dir
        .components()
        .zip(file.components())
        .take_while(|(a, b)| a == b)
        .count();
    let mut rel = std::path::PathBuf::new();
    for _ in dir.components().skip(common) {
        rel.push("..");
    }
    for c in file.components().skip(common) {
        rel.push(c);
    }
    rel
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config_file::ProjectConfig;

    fn parse(text: &str) -> Result<Vec<Dismissal>, ConfigError> {
        ProjectConfig::parse(Path::new("/p/nianbao.toml"), text, Lang::Zh).map(|c| c.dismissals)
    }

    #[test]
    fn entries_and_their_lines() {
        let d = parse(
            "language = \"zh\"\n\n[[dismiss]]\nrule = \"narrative-mismatch\"\nfile = \"2024/*.txt\"\nfingerprint = \"0123456789abcdef\"\nreason = \"38 条为公开的信息条数\"\n\n[[dismiss]]\nrule = \"thin-section\"\nreason = \"乡镇报告篇幅短\"\n",
        )
        .unwrap();
        assert_eq!(d.len(), 2);
        assert_eq!((d[0].rule, d[0].line), ("narrative-mismatch", 3));
        assert_eq!(d[1].line, 9);
        assert!(d[0].applies_to(Some(Path::new("2024/a.txt"))));
        assert!(!d[0].applies_to(Some(Path::new("2024/old/a.txt"))));
        assert!(!d[0].applies_to(None));
        assert!(d[1].applies_to(None));
    }

    #[test]
    fn errors_name_the_line() {
        let e = parse("[[dismiss]]\nrule = \"row-total\"\n").unwrap_err();
        assert_eq!(e.line, Some(1), "{e}");
        assert!(e.message.contains("理由"), "{e}");
        let e = parse("\n[[dismiss]]\nrule = \"row-totl\"\nreason = \"x\"\n").unwrap_err();
        assert_eq!(e.line, Some(3), "{e}");
        assert!(e.message.contains("row-total"), "suggestion: {e}");
        let e = parse("[[dismiss]]\nrule = \"row-total\"\nreason = \"  \"\n").unwrap_err();
        assert_eq!(e.line, Some(3), "{e}");
        let e = parse("[[dismiss]]\nrule = \"row-total\"\nreason = \"x\"\nfingerprint = \"abc\"\n")
            .unwrap_err();
        assert_eq!(e.line, Some(4), "{e}");
        let e = parse("[[dismiss]]\nrule = \"row-total\"\nreason = \"x\"\nresaon = \"y\"\n")
            .unwrap_err();
        assert_eq!(e.line, Some(4), "{e}");
        let e = parse("[[dismiss]]\nreason = \"x\"\n").unwrap_err();
        assert_eq!(e.line, Some(1), "{e}");
    }

    #[test]
    fn relative_paths() {
        assert_eq!(
            relative(Path::new("/a/b"), Path::new("/a/b/c/d.txt")),
            Path::new("c/d.txt")
        );
        assert_eq!(
            relative(Path::new("/a/b"), Path::new("/a/x/../e.txt")),
            Path::new("../e.txt")
        );
    }
}
