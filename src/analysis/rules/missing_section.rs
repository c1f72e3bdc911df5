//! `missing-section`: one of the six sections is absent.
//!
//! Format spec §1 and 条例第五十条: the report has six sections, and the notice
//! issuing the format says the content "不能遗漏". A missing heading is often a
//! page-break or copy-paste loss while its table survives (then the heading is
//! inserted just before the table). The fix inserts the canonical heading where
//! the format puts it (safe); for 二/三/四 without their table it also offers the
//! heading with an empty table skeleton in the document's own layout.

use super::{Category, Context, Rule, RuleMeta};
use crate::analysis::finding::{Edit, Fix, Severity};
use crate::analysis::format::SectionId;
use crate::analysis::model::Report;
use crate::analysis::syntax::line::Sep;
use crate::analysis::template::{self, Figures};
use crate::analysis::text::Span;
use crate::tr;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "missing-section",
        name: ["缺少部分", "Missing section"],
        category: Category::Structure,
        default: Some(Severity::Error),
        summary: ["缺少六个部分之一", "One of the six sections is absent"],
        explanation: [
            "《政府信息公开条例》第五十条和格式通知要求报告包含六个部分，内容“不能遗漏”。标题缺失常因分页或复制粘贴丢失而表格仍在，此时在表格前插入标题。修复：在规定位置插入规定标题（安全）；对二、三、四部分，若其表格也缺失，另提供“标题+空表”的修复。",
            "The report has six sections (条例第五十条 and the national format); the notice says the content must not be left out. A heading is often lost at a page break while its table survives: then the heading goes just before the table. Fix: insert the canonical heading where the format puts it (safe); for 二/三/四 without their table, also the heading with an empty table in the document's layout.",
        ],
        bad: "",
        good: "五、存在的主要问题及改进情况\n",
    },
    check,
};

/// Where a missing section's heading belongs: where its content starts. That
/// is before its table, if the table is there; for the narrative sections, the
/// first paragraph after what precedes them (the intro for 一, table 4 for 五)
/// or the first that speaks of their subject (信息处理费 for 六); else before
/// the next section that is present, else at the end.
pub fn insertion_point(report: &Report, id: SectionId) -> usize {
    let lines = &report.lines;
    let next = report
        .sections
        .iter()
        .filter(|s| s.id > id)
        .map(|s| s.line.start)
        .min();
    let limit = next.map(|n| lines.line_of(n)).unwrap_or(lines.line_count());
    let start_of = |i: usize| lines.line_start(i);
    let keys = |i: usize| report.line_keys.get(i).copied().unwrap_or(0);
    let blank = |i: usize| lines.line_span(i).is_empty();
    // The first non-blank line in from..limit that satisfies `pred`.
    let first = |from: usize, pred: &dyn Fn(usize) -> bool| {
        (from..limit).find(|&i| !blank(i) && pred(i)).map(start_of)
    };
    use crate::analysis::syntax::prose::{KEY_FEE, KEY_INTRO, KEY_OTHER};
    let found = match id {
        SectionId::Overview => first(report.body_start, &|i| keys(i) & KEY_INTRO == 0),
        SectionId::Problems => {
            let after = report
                .section(SectionId::Reviews)
                .map(|_| ())
                .and(report.t4.as_ref())
                .map(|t| lines.line_of(t.span.end) + 1);
            after.and_then(|a| first(a, &|_| true))
        }
        SectionId::Other => {
            let from = report
                .section(SectionId::Problems)
                .map(|s| lines.line_of(s.line.start) + 1)
                .unwrap_or(report.body_start);
            first(from, &|i| keys(i) & (KEY_FEE | KEY_OTHER) != 0)
        }
        _ => id
            .table()
            .and_then(|t| report.table_span(t))
            .map(|span| start_of(lines.line_of(span.start))),
    };
    found.or(next).unwrap_or(lines.text_len())
}

/// The Markdown prefix the document's headings use ("## "), or "".
pub fn heading_prefix(report: &Report) -> String {
    let level = report
        .sections
        .iter()
        .map(|s| s.level)
        .find(|l| *l > 0)
        .unwrap_or(0) as usize;
    if level == 0 {
        String::new()
    } else {
        format!("{} ", "#".repeat(level))
    }
}

/// The layout new tables should use: that of the document's other tables, else
/// pipe tables in a Markdown document, else tabs.
pub fn table_layout(report: &Report) -> Sep {
    report
        .t3
        .as_ref()
        .map(|t| t.layout)
        .or(report.t2.as_ref().map(|t| t.layout))
        .or(report.t4.as_ref().map(|t| t.layout))
        .unwrap_or(if report.sections.iter().any(|s| s.level > 0) {
            Sep::PipeInline
        } else {
            Sep::Tab
        })
}

/// Text to insert at `at`: `body` as whole lines.
pub fn as_lines(report: &Report, at: usize, body: &str) -> String {
    let nl = report.line_ending;
    let at_end = at >= report.lines.text_len();
    let needs_lead = at_end
        && !report
            .lines
            .line_span(report.lines.line_count().saturating_sub(1))
            .is_empty();
    let mut s = String::new();
    if needs_lead {
        s.push_str(nl);
    }
    s.push_str(&body.replace('\n', nl));
    s.push_str(nl);
    if !at_end {
        s.push_str(nl);
    }
    s
}

fn check(cx: &mut Context) {
    let report = cx.report;
    let lang = cx.lang;
    for id in SectionId::ALL {
        if report.section(id).is_some() {
            continue;
        }
        let at = insertion_point(report, id);
        let heading = format!("{}{}", heading_prefix(report), id.heading());
        let msg = tr!(
            lang,
            format!("缺少第{}部分「{}」", id.numeral(), id.heading()),
            format!("Section {} “{}” is missing", id.numeral(), id.title())
        );
        let mut fixes = vec![Fix {
            title: tr!(
                lang,
                format!("插入标题「{}」", id.heading()),
                format!("Insert the heading “{}”", id.heading())
            ),
            safe: true,
            edits: vec![Edit::insert(at, as_lines(report, at, &heading))],
        }];
        if let Some(t) = id.table() {
            if report.table_span(t).is_none() {
                let sep = table_layout(report);
                let table = match t {
                    crate::analysis::format::TableId::T2 => {
                        template::table2(sep, &Figures::empty(), "\n")
                    }
                    crate::analysis::format::TableId::T3 => {
                        template::table3(sep, &Figures::empty(), "\n")
                    }
                    crate::analysis::format::TableId::T4 => {
                        template::table4(sep, &Figures::empty(), "\n")
                    }
                };
                let body = format!("{heading}\n\n{table}");
                fixes.push(Fix {
                    title: tr!(
                        lang,
                        format!("插入标题「{}」和空表", id.heading()),
                        format!("Insert the heading “{}” with an empty table", id.heading())
                    ),
                    safe: false,
                    edits: vec![Edit::insert(at, as_lines(report, at, &body))],
                });
            }
        }
        if let Some(f) = cx.emit(&RULE.meta, Span::at(at), msg) {
            f.fixes = fixes;
        }
    }
}
