//! Counts over a batch of reports: how many were checked, how many have errors,
//! and the findings per rule. Used by `--statistics`, the summary table that ends
//! a batch check, the JSON `statistics` key and the HTML report.

use super::check::Outcome;
use crate::analysis::config::Lang;
use crate::analysis::finding::Severity;
use crate::analysis::rules::{RULES, find};
use crate::tr;
use serde::Serialize;
use unicode_width::UnicodeWidthStr;

/// The findings of one rule over the batch.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RuleStat {
    pub rule: &'static str,
    /// The most severe level the rule was reported at.
    #[serde(serialize_with = "ser_severity")]
    pub severity: Severity,
    /// Findings of the rule.
    pub count: usize,
    /// Reports with at least one finding of the rule.
    pub reports: usize,
    /// Findings with a safe fix (`--fix` applies it).
    pub fixable: usize,
}

fn ser_severity<S: serde::Serializer>(s: &Severity, ser: S) -> Result<S::Ok, S::Error> {
    ser.serialize_str(s.as_str())
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Statistics {
    /// Reports checked (not counting skipped or unreadable files).
    pub reports: usize,
    pub reports_with_errors: usize,
    /// Reports with warnings but no error.
    pub reports_with_only_warnings: usize,
    /// Files that could not be read or decoded.
    pub unreadable: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    /// Per rule, most findings first (catalog order among equals).
    pub rules: Vec<RuleStat>,
}

fn catalog_index(rule: &str) -> usize {
    RULES
        .iter()
        .position(|r| r.meta.id == rule)
        .unwrap_or(usize::MAX)
}

impl Statistics {
    pub fn from_outcomes(outcomes: &[(String, Outcome)]) -> Statistics {
        let mut s = Statistics::default();
        for (path, o) in outcomes {
            s.add(path, o);
        }
        s.finish();
        s
    }

    /// Counts one outcome (a report of a batch, as it is done).
    pub fn add(&mut self, path: &str, o: &Outcome) {
        match o {
            Outcome::Skipped => {}
            Outcome::Failed(_) => self.unreadable += 1,
            Outcome::Checked { analysis, .. } => self.add_report(path, &analysis.findings),
        }
    }

    fn add_report(&mut self, path: &str, findings: &[crate::analysis::finding::Finding]) {
        self.reports += 1;
        let writes_back = super::render::fix_writes_back(path);
        let has = |sev| findings.iter().any(|f| f.severity == sev);
        if has(Severity::Error) {
            self.reports_with_errors += 1;
        } else if has(Severity::Warning) {
            self.reports_with_only_warnings += 1;
        }
        let mut seen: Vec<&str> = Vec::new();
        for f in findings {
            match f.severity {
                Severity::Error => self.errors += 1,
                Severity::Warning => self.warnings += 1,
                Severity::Info => self.infos += 1,
            }
            let i = match self.rules.iter().position(|r| r.rule == f.rule) {
                Some(i) => i,
                None => {
                    self.rules.push(RuleStat {
                        rule: f.rule,
                        severity: f.severity,
                        count: 0,
                        reports: 0,
                        fixable: 0,
                    });
                    self.rules.len() - 1
                }
            };
            let r = &mut self.rules[i];
            r.count += 1;
            r.severity = r.severity.min(f.severity);
            if writes_back && f.fixes.iter().any(|x| x.safe) {
                r.fixable += 1;
            }
            if !seen.contains(&f.rule) {
                seen.push(f.rule);
                r.reports += 1;
            }
        }
    }

    /// Orders the rules, once every outcome is counted: most findings first
    /// (catalog order among equals).
    pub fn finish(&mut self) {
        self.rules.sort_by(|a, b| {
            b.count
                .cmp(&a.count)
                .then(catalog_index(a.rule).cmp(&catalog_index(b.rule)))
        });
    }

    /// Reports with neither errors nor warnings (infos allowed). With the
    /// reports with errors and those with only warnings, they partition the
    /// reports checked.
    pub fn reports_passed(&self) -> usize {
        self.reports - self.reports_with_errors - self.reports_with_only_warnings
    }
}

/// The localized name of a severity.
pub fn severity_name(s: Severity, lang: Lang) -> &'static str {
    match (s, lang) {
        (Severity::Error, Lang::Zh) => "错误",
        (Severity::Warning, Lang::Zh) => "警告",
        (Severity::Info, Lang::Zh) => "提示",
        (s, Lang::En) => s.as_str(),
    }
}

/// The rule's short name ("行总计不符"), or the id itself for an unknown id.
pub fn rule_name(rule: &str, lang: Lang) -> &str {
    find(rule).map_or(rule, |r| r.meta.name(lang))
}

/// The rule's one-line summary, or "" for an unknown id.
pub fn rule_summary(rule: &str, lang: Lang) -> &'static str {
    find(rule).map(|r| r.meta.summary(lang)).unwrap_or("")
}

/// Pads `s` to `width` terminal columns (CJK characters count as two).
fn pad(s: &str, width: usize, right_align: bool) -> String {
    let fill = " ".repeat(width.saturating_sub(s.width()));
    if right_align {
        format!("{fill}{s}")
    } else {
        format!("{s}{fill}")
    }
}

/// The per-rule table for people, with an overview line when several reports
/// were checked. Ends with a newline; empty when there is nothing to count.
pub fn render(s: &Statistics, lang: Lang) -> String {
    let mut out = String::new();
    if s.reports > 1 || s.unreadable > 0 {
        out.push_str(&tr!(
            lang,
            format!(
                "报告汇总：共检查 {} 份报告：{} 份有错误，{} 份仅有警告，{} 份通过{}\n",
                s.reports,
                s.reports_with_errors,
                s.reports_with_only_warnings,
                s.reports_passed(),
                if s.unreadable > 0 {
                    format!("；{} 个文件无法读取", s.unreadable)
                } else {
                    String::new()
                }
            ),
            format!(
                "Reports: {} checked: {} with errors, {} with warnings only, {} passed{}\n",
                s.reports,
                s.reports_with_errors,
                s.reports_with_only_warnings,
                s.reports_passed(),
                if s.unreadable > 0 {
                    format!("; {} file(s) unreadable", s.unreadable)
                } else {
                    String::new()
                }
            )
        ));
    }
    if s.rules.is_empty() {
        return out;
    }
    let head: [&str; 6] = tr!(
        lang,
        ["问题数", "规则", "级别", "涉及报告", "可修复", "说明"],
        ["count", "rule", "level", "reports", "fixable", "summary"]
    );
    let rows: Vec<[String; 6]> = s
        .rules
        .iter()
        .map(|r| {
            [
                r.count.to_string(),
                r.rule.to_string(),
                severity_name(r.severity, lang).to_string(),
                r.reports.to_string(),
                r.fixable.to_string(),
                rule_summary(r.rule, lang).to_string(),
            ]
        })
        .collect();
    let mut widths = head.map(|h| h.width());
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.width());
        }
    }
    // Numbers right-aligned; the last column is not padded.
    let right = [true, false, false, true, true, false];
    let line = |cells: [&str; 6]| {
        let mut l = String::new();
        for (i, c) in cells.iter().enumerate() {
            if i > 0 {
                l.push_str("  ");
            }
            if i == 5 {
                l.push_str(c);
            } else {
                l.push_str(&pad(c, widths[i], right[i]));
            }
        }
        l.trim_end().to_string() + "\n"
    };
    out.push_str(&line(head));
    for row in &rows {
        out.push_str(&line([
            &row[0], &row[1], &row[2], &row[3], &row[4], &row[5],
        ]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::Analysis;
    use crate::analysis::finding::Finding;
    use crate::analysis::text::Span;

    fn checked(severities: &[Severity]) -> Outcome {
        let findings = severities
            .iter()
            .map(|&severity| Finding {
                rule: "row-total",
                severity,
                span: Span::at(0),
                message: String::new(),
                fixes: Vec::new(),
                related: Vec::new(),
            })
            .collect();
        Outcome::Checked {
            text: String::new(),
            map: None,
            analysis: Box::new(Analysis {
                report: Default::default(),
                findings,
            }),
            fixed: 0,
            fix_problem: None,
        }
    }

    #[test]
    fn with_errors_only_warnings_and_passed_partition_the_reports() {
        use Severity::{Error, Info, Warning};
        let batches: [&[&[Severity]]; 4] = [
            &[
                &[Error],
                &[Warning],
                &[],
                &[Info],
                &[Error, Warning],
                &[Warning, Info],
            ],
            &[&[], &[], &[]],
            &[&[Error, Error], &[Error]],
            &[&[Warning]],
        ];
        for batch in batches {
            let mut outcomes: Vec<(String, Outcome)> = batch
                .iter()
                .enumerate()
                .map(|(i, sev)| (format!("{i}.txt"), checked(sev)))
                .collect();
            outcomes.push(("skipped.md".into(), Outcome::Skipped));
            outcomes.push(("bad.txt".into(), Outcome::Failed("x".into())));
            let s = Statistics::from_outcomes(&outcomes);
            assert_eq!(s.reports, batch.len());
            assert_eq!(s.unreadable, 1);
            assert_eq!(
                s.reports_with_errors + s.reports_with_only_warnings + s.reports_passed(),
                s.reports,
                "{s:?}"
            );
            let has = |sev: &[Severity], x| sev.contains(&x);
            let errors = batch.iter().filter(|b| has(b, Error)).count();
            let warned = batch
                .iter()
                .filter(|b| !has(b, Error) && has(b, Warning))
                .count();
            assert_eq!(s.reports_with_errors, errors);
            assert_eq!(s.reports_with_only_warnings, warned);
            assert_eq!(s.reports_passed(), batch.len() - errors - warned);
        }
    }

    #[test]
    fn the_overview_line_adds_up() {
        use Severity::{Error, Warning};
        let outcomes: Vec<(String, Outcome)> = [&[Error][..], &[Warning], &[], &[Error]]
            .iter()
            .enumerate()
            .map(|(i, sev)| (format!("{i}.txt"), checked(sev)))
            .collect();
        let s = Statistics::from_outcomes(&outcomes);
        let zh = render(&s, Lang::Zh);
        assert!(
            zh.starts_with("报告汇总：共检查 4 份报告：2 份有错误，1 份仅有警告，1 份通过\n"),
            "{zh}"
        );
        let en = render(&s, Lang::En);
        assert!(
            en.starts_with("Reports: 4 checked: 2 with errors, 1 with warnings only, 1 passed\n"),
            "{en}"
        );
    }
}
