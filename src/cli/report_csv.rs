//! The table of reports of `nianbao report` as CSV, for the spreadsheets in
//! which assessors collect their scores: one row per report (body and year
//! from its title, the file, the result, counts per level and per rule), in
//! the form Excel and WPS open directly — UTF-8 with a byte-order mark (else
//! they read it as the local code page and the Chinese is garbled), CRLF line
//! ends, RFC 4180 quoting. Written by `--csv FILE`, and embedded in the HTML
//! page for its download button, so both give the same bytes.

use super::check::Outcome;
use crate::analysis::config::Lang;
use crate::analysis::finding::Severity;
use crate::analysis::rules::{RULES, find};
use crate::tr;

/// The byte-order mark that tells Excel and WPS the file is UTF-8.
pub const BOM: &str = "\u{FEFF}";

/// How a report came out, in the order of the summary: a partition.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    Errors,
    OnlyWarnings,
    Passed,
    Unreadable,
}

impl Status {
    /// The report's status by its findings' severities.
    pub fn of(severities: impl Iterator<Item = Severity>) -> Status {
        let mut status = Status::Passed;
        for s in severities {
            match s {
                Severity::Error => return Status::Errors,
                Severity::Warning => status = Status::OnlyWarnings,
                Severity::Info => {}
            }
        }
        status
    }

    /// The stable id used in the page (`data-status`).
    pub fn id(self) -> &'static str {
        match self {
            Status::Errors => "fail",
            Status::OnlyWarnings => "warn",
            Status::Passed => "pass",
            Status::Unreadable => "unreadable",
        }
    }

    pub fn name(self, lang: Lang) -> &'static str {
        match self {
            Status::Errors => tr!(lang, "有错误", "errors"),
            Status::OnlyWarnings => tr!(lang, "仅有警告", "warnings only"),
            Status::Passed => tr!(lang, "通过", "passed"),
            Status::Unreadable => tr!(lang, "无法读取", "unreadable"),
        }
    }
}

/// The body and year a report names in its title ("" when it has none).
pub fn body_and_year(outcome: &Outcome) -> (String, Option<u16>) {
    match outcome {
        Outcome::Checked { analysis, .. } => match &analysis.report.title {
            Some(t) => (t.body.trim().to_string(), t.year),
            None => (String::new(), None),
        },
        _ => (String::new(), None),
    }
}

/// The rules with findings in the batch, in catalog order: the table's
/// columns after the counts.
fn rule_columns(outcomes: &[(String, Outcome)]) -> Vec<&'static str> {
    RULES
        .iter()
        .map(|r| r.meta.id)
        .filter(|id| {
            outcomes.iter().any(|(_, o)| match o {
                Outcome::Checked { analysis, .. } => {
                    analysis.findings.iter().any(|f| f.rule == *id)
                }
                _ => false,
            })
        })
        .collect()
}

/// The whole table, with its byte-order mark.
pub fn render(outcomes: &[(String, Outcome)], lang: Lang) -> String {
    let rules = rule_columns(outcomes);
    let mut head: Vec<String> = tr!(
        lang,
        [
            "机关名称",
            "年度",
            "文件",
            "结果",
            "错误",
            "警告",
            "提示",
            "可自动修复"
        ],
        [
            "Body", "Year", "File", "Result", "Errors", "Warnings", "Infos", "Fixable"
        ]
    )
    .iter()
    .map(|s| s.to_string())
    .collect();
    head.extend(rules.iter().map(|id| {
        let name = find(id).map_or("", |r| r.meta.name(lang));
        format!("{name}（{id}）")
    }));
    head.push(tr!(lang, "说明", "Note").to_string());
    let mut out = String::from(BOM);
    line(&mut out, &head);
    for (path, o) in outcomes {
        let row = match o {
            Outcome::Skipped => continue,
            Outcome::Failed(msg) => {
                let mut row = vec![
                    String::new(),
                    String::new(),
                    path.clone(),
                    Status::Unreadable.name(lang).to_string(),
                ];
                row.extend(std::iter::repeat_n(String::new(), 4 + rules.len()));
                row.push(msg.clone());
                row
            }
            Outcome::Checked { analysis, .. } => {
                let f = &analysis.findings;
                let n = |s| f.iter().filter(|x| x.severity == s).count().to_string();
                let (body, year) = body_and_year(o);
                let mut row = vec![
                    body,
                    year.map(|y| y.to_string()).unwrap_or_default(),
                    path.clone(),
                    Status::of(f.iter().map(|x| x.severity))
                        .name(lang)
                        .to_string(),
                    n(Severity::Error),
                    n(Severity::Warning),
                    n(Severity::Info),
                    f.iter()
                        .filter(|x| x.fixes.iter().any(|fix| fix.safe))
                        .count()
                        .to_string(),
                ];
                row.extend(
                    rules
                        .iter()
                        .map(|id| f.iter().filter(|x| x.rule == *id).count().to_string()),
                );
                row.push(String::new());
                row
            }
        };
        line(&mut out, &row);
    }
    out
}

/// One CSV record, CRLF-terminated.
fn line(out: &mut String, cells: &[String]) {
    for (i, c) in cells.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&field(c));
    }
    out.push_str("\r\n");
}

/// A field, quoted when it must be (RFC 4180); text that a spreadsheet would
/// take for a formula (`=`, `+`, `-`, `@` first: a file name can be anything)
/// is prefixed with `'`, as OWASP advises against CSV injection.
fn field(s: &str) -> String {
    let guarded = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) && s.parse::<f64>().is_err() {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if guarded.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_and_guarded() {
        assert_eq!(field("临渭区"), "临渭区");
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("two\nlines"), "\"two\nlines\"");
        assert_eq!(field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(field("-12"), "-12");
        assert_eq!(field("@SUM(A1)"), "'@SUM(A1)");
    }

    #[test]
    fn status_partitions_by_the_worst_finding() {
        use Severity::*;
        assert_eq!(
            Status::of([Info, Warning].into_iter()),
            Status::OnlyWarnings
        );
        assert_eq!(Status::of([Warning, Error].into_iter()), Status::Errors);
        assert_eq!(Status::of([Info].into_iter()), Status::Passed);
        assert_eq!(Status::of([].into_iter()), Status::Passed);
    }
}
