//! `missing-section`: one of the six sections is absent.
//!
//! Format spec §1 and 条例第五十条: the report has six sections, and the notice
//! issuing the format says the content "不能遗漏". A missing heading is often a
//! page-break or copy-paste loss while its table survives (then the heading is
//! inserted just before the table). The fix inserts the canonical heading where
//! the format puts it (safe); for 二/三/四 without their table it also offers the
//! heading with an empty table skeleton in the document's own layout. Sections
//! missing one after another where one heading would go (a lost tail) are one
//! finding.
//!
//! Not flagged: the sections outside a text that holds only part of a report
//! (`Report::extent`): before a text that starts late (a later page of a
//! flip-book; no title and a later section or a table row first) and after one
//! that stops early (inside a table, in the middle of a sentence, right after a
//! heading, at a page's end). Whether such a text was cut when copied or the
//! report lost its end cannot be told, so one info note says what was not
//! checked. A heading run into its paragraph or inside a one-line report is a
//! heading.

use super::{Category, Context, Rule, RuleMeta};
use crate::analysis::finding::{Edit, Fix, Severity};
use crate::analysis::format::{SectionId, TableId};
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
            "《政府信息公开条例》第五十条和格式通知要求报告包含六个部分，内容“不能遗漏”。标题缺失常因分页或复制粘贴丢失而表格仍在，此时在表格前插入标题。连续缺少、应插在同一处的几个部分（丢失的结尾）合并报告一次。修复：在规定位置插入规定标题（安全）；对二、三、四部分，若其表格也缺失，另提供“标题+空表”的修复。不报告：文本只是报告的一部分时文本之外的部分——文本从报告中途开始（翻页版后面的某一页；没有标题而以后面的部分或表格行开头）时此前的部分，文本中途结束（在表格中、句子中间、标题之后或一页末尾结束）时此后的部分；无法判断是复制不全还是报告本身缺失，只给一条提示说明哪些部分未检查。标题与正文在同一行（“一、总体情况 2022年，……”）或整篇报告在一行时，标题照样识别。",
            "The report has six sections (条例第五十条 and the national format); the notice says the content must not be left out. A heading is often lost at a page break while its table survives: then the heading goes just before the table. Sections missing one after another where one heading would go (a lost end) are one finding. Fix: insert the canonical heading where the format puts it (safe); for 二/三/四 without their table, also the heading with an empty table in the document's layout. Not flagged: the sections outside a text that holds only part of a report: before a text that starts late (a later page of a flip-book; no title and a later section or a table row first), after one that stops early (inside a table, mid-sentence, right after a heading, at a page's end). Whether the text was cut when copied or the report lost its end cannot be told: one info note says what was not checked. A heading run into its paragraph (\"一、总体情况 2022年，…\") or inside a one-line report is found as a heading.",
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
        // Where its table starts (inside a line, in a report on one line).
        _ => id
            .table()
            .and_then(|t| report.table_span(t))
            .map(|span| span.start),
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
    // A point inside a line (a report on one line): the heading on a line
    // of its own.
    let mid_line = at > report.lines.line_start(report.lines.line_of(at)) && !at_end;
    let mut s = String::new();
    if needs_lead || mid_line {
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
    let (missing, outside) = missing_and_outside(report);
    let mut runs: Vec<(usize, Vec<SectionId>)> = Vec::new();
    for id in missing {
        let at = insertion_point(report, id);
        match runs.last_mut() {
            Some((a, run))
                if *a == at && run.last().is_some_and(|p| p.index() + 1 == id.index()) =>
            {
                run.push(id)
            }
            _ => runs.push((at, vec![id])),
        }
    }
    for (at, run) in runs {
        report_run(cx, at, &run);
    }
    if !outside.is_empty() {
        report_fragment(cx, &outside);
    }
}

/// The sections that are missing, and those that lie outside a text holding
/// only part of a report (before its late start, after its cut): those are
/// not missing from the report, only from the text.
fn missing_and_outside(report: &Report) -> (Vec<SectionId>, Vec<SectionId>) {
    // Sections present, or whose table is (its heading lost before it).
    let present: Vec<SectionId> = report.sections.iter().map(|s| s.id).collect();
    let reached: Vec<SectionId> = SectionId::ALL
        .into_iter()
        .filter(|id| {
            present.contains(id) || id.table().is_some_and(|t| report.table_span(t).is_some())
        })
        .collect();
    let (first, last) = (reached.iter().min(), reached.iter().max());
    let extent = &report.extent;
    let outside = |id: &SectionId| {
        (extent.starts_late && first.is_none_or(|f| id < f))
            || (extent.cut.is_some() && last.is_none_or(|l| id > l))
    };
    SectionId::ALL
        .into_iter()
        .filter(|id| !present.contains(id))
        .partition(|id| !outside(id))
}

fn report_run(cx: &mut Context, at: usize, run: &[SectionId]) {
    let report = cx.report;
    let lang = cx.lang;
    let prefix = heading_prefix(report);
    let headings: Vec<String> = run
        .iter()
        .map(|id| format!("{prefix}{}", id.heading()))
        .collect();
    let msg = match run {
        [id] => tr!(
            lang,
            format!("缺少第{}部分「{}」", id.numeral(), id.heading()),
            format!("Section {} “{}” is missing", id.numeral(), id.title())
        ),
        _ => {
            let numerals: Vec<String> = run.iter().map(|id| id.numeral().to_string()).collect();
            let names: Vec<String> = run.iter().map(|id| id.heading()).collect();
            tr!(
                lang,
                format!(
                    "缺少第{}部分：{}",
                    numerals.join("、"),
                    names.iter().map(|n| format!("「{n}」")).collect::<String>()
                ),
                format!(
                    "Sections {} are missing: {}",
                    numerals.join(", "),
                    run.iter()
                        .map(|id| format!("“{}”", id.title()))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            )
        }
    };
    let shown = run
        .iter()
        .map(|id| id.heading())
        .collect::<Vec<_>>()
        .join("」「");
    let mut fixes = vec![Fix {
        title: tr!(
            lang,
            format!("插入标题「{shown}」"),
            format!("Insert the heading “{shown}”")
        ),
        safe: true,
        edits: vec![Edit::insert(
            at,
            as_lines(report, at, &headings.join("\n\n")),
        )],
    }];
    // The sections of tables lost with their tables: headings with empty tables.
    let lost_tables = run
        .iter()
        .any(|id| id.table().is_some_and(|t| report.table_span(t).is_none()));
    if lost_tables {
        let sep = table_layout(report);
        let body: Vec<String> = run
            .iter()
            .zip(&headings)
            .map(
                |(id, h)| match id.table().filter(|t| report.table_span(*t).is_none()) {
                    Some(TableId::T2) => {
                        format!("{h}\n\n{}", template::table2(sep, &Figures::empty(), "\n"))
                    }
                    Some(TableId::T3) => {
                        format!("{h}\n\n{}", template::table3(sep, &Figures::empty(), "\n"))
                    }
                    Some(TableId::T4) => {
                        format!("{h}\n\n{}", template::table4(sep, &Figures::empty(), "\n"))
                    }
                    None => h.clone(),
                },
            )
            .collect();
        fixes.push(Fix {
            title: tr!(
                lang,
                format!("插入标题「{shown}」和空表"),
                format!("Insert the heading “{shown}” with an empty table")
            ),
            safe: false,
            edits: vec![Edit::insert(at, as_lines(report, at, &body.join("\n\n")))],
        });
    }
    if let Some(f) = cx.emit(&RULE.meta, Span::at(at), msg) {
        f.fixes = fixes;
    }
}

/// One note for a text that holds only part of a report: where it starts or
/// stops, and which sections lie outside it (not checked, not reported).
fn report_fragment(cx: &mut Context, outside: &[SectionId]) {
    let report = cx.report;
    let lang = cx.lang;
    let extent = &report.extent;
    let mut why: Vec<String> = Vec::new();
    if extent.starts_late {
        why.push(tr!(
            lang,
            "从报告中途开始".into(),
            "starts after the report's start".into()
        ));
    }
    if let Some(c) = &extent.cut {
        why.push(match c.table {
            Some(t) => tr!(
                lang,
                format!("在{}中途结束", t.name_zh()),
                format!("stops inside {}", t.name_en())
            ),
            None => tr!(lang, "在此中途结束".into(), "stops here".into()),
        });
    }
    let numerals: Vec<String> = outside.iter().map(|id| id.numeral().to_string()).collect();
    let msg = tr!(
        lang,
        format!(
            "文本只是报告的一部分（{}）：第{}部分不在文本中，未作检查；如为完整报告，请核对是否复制不全",
            why.join("，"),
            numerals.join("、")
        ),
        format!(
            "The text holds only part of a report (it {}): sections {} are not in it and were not checked; if this is the whole report, check whether it was copied in full",
            why.join(" and "),
            numerals.join(", ")
        )
    );
    let at = match &extent.cut {
        Some(c) => Span::at(c.at.end),
        None => Span::at(report.sections.first().map_or(0, |s| s.line.start)),
    };
    cx.emit_at_most(&RULE.meta, Severity::Info, at, msg);
}
