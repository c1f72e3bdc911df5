//! `missing-table`: section 二, 三 or 四 is present but its table is absent,
//! or is there but cannot be read row by row.
//!
//! Format spec §3–§5: sections 二, 三 and 四 consist of tables 2, 3 and 4,
//! exactly. A table lost entirely (pasted as an image, dropped in conversion) is
//! reported once at the section heading, not as dozens of missing rows; several
//! sections in a row without their tables, once together. The fix inserts an
//! empty table in the document's layout (not safe: the drafter must fill it in).
//!
//! A table whose rows cannot be read (§8.13: text taken out of a PDF in
//! reading order, the numbers column by column or apart from their labels;
//! cells run together in a way the table's identities do not settle) is
//! reported once, as a warning naming the cause and the remedy, instead of a
//! cascade of missing rows and wrong sums; its cells are not checked.
//!
//! Not flagged: the table of a section at the end of a text that was cut off
//! (an excerpt, one page of a flip-book: it may follow the cut); cells run
//! together that the identities split in exactly one way (they are checked as
//! if written apart); a 2019-format table (`outdated-template`).

use super::missing_section::table_layout;
use super::{Category, Context, Rule, RuleMeta};
use crate::analysis::finding::{Edit, Fix, Severity};
use crate::analysis::format::TableId;
use crate::analysis::model::{Section, Unreadable};
use crate::analysis::template::{self, Figures};
use crate::analysis::text::Span;
use crate::tr;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "missing-table",
        name: ["缺少表格", "Missing table"],
        category: Category::Tables,
        default: Some(Severity::Error),
        summary: [
            "第二、三、四部分有标题但缺少表格，或表格无法逐行读取",
            "Section 二/三/四 present, its table absent or unreadable",
        ],
        explanation: [
            "格式规定第二、三、四部分分别由表二、表三、表四构成。整张表丢失（以图片粘贴、转换时丢失）时，在该部分标题处报告一次，而不是报告几十个缺行；连续几个部分都没有表格时合并报告一次。修复：按文档现有版式插入空表（需起草人填写，非安全修复）。表格虽在但无法逐行读取时（从 PDF 按阅读顺序提取的文本：数值逐列出现或与行标签分离；单元格连在一起且勾稽关系不能唯一确定如何分开），每张表报告一次警告，说明原因和办法，不再逐行报告缺行和算术错误。不报告：文本在某部分中途截断（摘录、翻页版的一页）时该部分之后的表格；连在一起但勾稽关系只允许一种分法的单元格（按分开后的数值正常核对）；2019年格式的表格（由 outdated-template 报告）。",
            "Sections 二, 三 and 四 consist of tables 2, 3 and 4. A table lost entirely (pasted as an image, dropped in conversion) is reported once at the heading, not as dozens of missing rows; several sections in a row without their tables, once together. Fix: insert an empty table in the document's layout (not safe: it must be filled in). A table that is there but cannot be read row by row (text taken out of a PDF in reading order: numbers column by column or apart from their labels; cells run together in a way the identities do not settle) is reported once per table as a warning naming the cause and the remedy, instead of missing rows and wrong sums. Not flagged: the table of a section at the end of a text that was cut off (an excerpt, one page of a flip-book); cells run together that the identities split in exactly one way (checked as if written apart); a 2019-format table (outdated-template).",
        ],
        bad: "四、政府信息公开行政复议、行政诉讼情况\n本年度未发生行政复议、行政诉讼。\n五、存在的主要问题及改进情况\n",
        good: "四、政府信息公开行政复议、行政诉讼情况\n行政复议\t\t\t\t\t行政诉讼\n结果维持\t结果纠正\t其他结果\t尚未审结\t总计\n0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\n五、存在的主要问题及改进情况\n",
    },
    check,
};

fn check(cx: &mut Context) {
    unreadable(cx);
    absent(cx);
}

/// The table's name in the language of the messages.
fn name(cx: &Context, t: TableId) -> &'static str {
    tr!(cx.lang, t.name_zh(), t.name_en())
}

/// Tables that are there but cannot be read: one warning each.
fn unreadable(cx: &mut Context) {
    let report = cx.report;
    for t in [TableId::T2, TableId::T3, TableId::T4] {
        let (Some(why), Some(span)) = (report.unreadable(t), report.table_span(t)) else {
            continue;
        };
        let line = report.lines.line_span(report.lines.line_of(span.start));
        let at = Span::new(span.start, line.end.min(span.end).max(span.start));
        let n = name(cx, t);
        let msg = match why {
            Unreadable::ReadingOrder => tr!(
                cx.lang,
                format!(
                    "{n}的数值与行标签对不上（从 PDF 按阅读顺序提取的文本常见：数值逐列出现或不在其行旁），无法逐行核对；请对照 PDF 原件核对，或按版式重新提取文本（如 pdftotext -layout）"
                ),
                format!(
                    "The numbers of {n} do not line up with its row labels (as in text taken out of a PDF in reading order: numbers column by column or away from their rows), so its rows cannot be checked; check the PDF itself, or extract the text with its layout (e.g. pdftotext -layout)"
                )
            ),
            Unreadable::RunTogether { row, digits } => {
                let (row, digits) = (super::excerpt(row, 24), super::excerpt(digits, 24));
                tr!(
                    cx.lang,
                    format!(
                        "{n}的单元格连在一起（如「{row}」{digits}），勾稽关系不能唯一确定如何分开，无法核对；请对照原件，在单元格之间加上分隔（制表符或空格）"
                    ),
                    format!(
                        "The cells of {n} ran together (e.g. “{row}” {digits}) in a way the identities do not settle, so it cannot be checked; compare with the original and separate the cells (tabs or spaces)"
                    )
                )
            }
        };
        cx.emit_at_most(&RULE.meta, Severity::Warning, at, msg);
    }
}

/// Sections present without their tables; consecutive ones together.
fn absent(cx: &mut Context) {
    let report = cx.report;
    let last = report.sections.last().map(|s| s.line.start);
    let cut_after = |s: &Section| {
        report
            .extent
            .cut
            .as_ref()
            .is_some_and(|c| c.at.start >= s.line.start)
            && Some(s.line.start) == last
    };
    let mut runs: Vec<Vec<(TableId, &Section)>> = Vec::new();
    let mut prev: Option<usize> = None;
    for (k, section) in report.sections.iter().enumerate() {
        let Some(t) = section.id.table() else {
            prev = None;
            continue;
        };
        if report.section(section.id).map(|s| s.line) != Some(section.line)
            || report.table_span(t).is_some()
            || cx.outdated_table(t)
            || cut_after(section)
        {
            prev = None;
            continue;
        }
        match runs.last_mut() {
            Some(run) if prev == Some(k - 1) => run.push((t, section)),
            _ => runs.push(vec![(t, section)]),
        }
        prev = Some(k);
    }
    for run in runs {
        report_run(cx, &run);
    }
}

fn report_run(cx: &mut Context, run: &[(TableId, &Section)]) {
    let report = cx.report;
    let lang = cx.lang;
    let sep = table_layout(report);
    let nl = report.line_ending;
    let fixes: Vec<Fix> = run
        .iter()
        .map(|(t, section)| {
            let at = report
                .lines
                .line_span(report.lines.line_of(section.line.start))
                .end;
            let table = match t {
                TableId::T2 => template::table2(sep, &Figures::empty(), "\n"),
                TableId::T3 => template::table3(sep, &Figures::empty(), "\n"),
                TableId::T4 => template::table4(sep, &Figures::empty(), "\n"),
            };
            // After the heading line: a blank line, the table.
            let insert = format!("{nl}{nl}{}", table.replace('\n', nl));
            Fix {
                title: tr!(
                    lang,
                    format!("插入空的{}", t.name_zh()),
                    format!("Insert an empty {}", t.name_en())
                ),
                safe: false,
                edits: vec![Edit::insert(at, insert)],
            }
        })
        .collect();
    let (t, first) = run[0];
    let msg = if run.len() == 1 {
        tr!(
            lang,
            format!("第{}部分缺少{}", first.id.numeral(), t.name_zh()),
            format!("Section {} has no {}", first.id.numeral(), t.name_en())
        )
    } else {
        let numerals: Vec<String> = run
            .iter()
            .map(|(_, s)| s.id.numeral().to_string())
            .collect();
        let tables: Vec<&str> = run.iter().map(|(t, _)| name(cx, *t)).collect();
        tr!(
            lang,
            format!(
                "第{}部分都缺少表格（{}）：表格可能以图片插入或在转换中丢失",
                numerals.join("、"),
                tables.join("、")
            ),
            format!(
                "Sections {} have no tables ({}): they may be images or lost in conversion",
                numerals.join(", "),
                tables.join(", ")
            )
        )
    };
    if let Some(f) = cx.emit(&RULE.meta, first.text, msg) {
        f.fixes = fixes;
    }
}
