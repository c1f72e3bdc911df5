//! `missing-table`: section 二, 三 or 四 is present but its table is absent.
//!
//! Format spec §3–§5: sections 二, 三 and 四 consist of tables 2, 3 and 4,
//! exactly. A table lost entirely (pasted as an image, dropped in conversion) is
//! reported once at the section heading, not as dozens of missing rows. The fix
//! inserts an empty table in the document's layout (not safe: the drafter must
//! fill it in).

use super::missing_section::table_layout;
use super::{Category, Context, Rule, RuleMeta};
use crate::analysis::finding::{Edit, Fix, Severity};
use crate::analysis::format::TableId;
use crate::analysis::template::{self, Figures};
use crate::tr;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "missing-table",
        name: ["缺少表格", "Missing table"],
        category: Category::Tables,
        default: Some(Severity::Error),
        summary: [
            "第二、三、四部分有标题但缺少表格",
            "Section 二/三/四 present, its table absent",
        ],
        explanation: [
            "格式规定第二、三、四部分分别由表二、表三、表四构成。整张表丢失（以图片粘贴、转换时丢失）时，在该部分标题处报告一次，而不是报告几十个缺行。修复：按文档现有版式插入空表（需起草人填写，非安全修复）。",
            "Sections 二, 三 and 四 consist of tables 2, 3 and 4. A table lost entirely (pasted as an image, dropped in conversion) is reported once at the heading, not as dozens of missing rows. Fix: insert an empty table in the document's layout (not safe: it must be filled in).",
        ],
        bad: "四、政府信息公开行政复议、行政诉讼情况\n本年度未发生行政复议、行政诉讼。\n五、存在的主要问题及改进情况\n",
        good: "四、政府信息公开行政复议、行政诉讼情况\n行政复议\t\t\t\t\t行政诉讼\n结果维持\t结果纠正\t其他结果\t尚未审结\t总计\n0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\n五、存在的主要问题及改进情况\n",
    },
    check,
};

fn check(cx: &mut Context) {
    let report = cx.report;
    let lang = cx.lang;
    for t in [TableId::T2, TableId::T3, TableId::T4] {
        let id = t.section();
        let Some(section) = report.section(id) else {
            continue;
        };
        if report.table_span(t).is_some() || cx.outdated_table(t) {
            continue;
        }
        let at = report
            .lines
            .line_span(report.lines.line_of(section.line.start))
            .end;
        let sep = table_layout(report);
        let table = match t {
            TableId::T2 => template::table2(sep, &Figures::empty(), "\n"),
            TableId::T3 => template::table3(sep, &Figures::empty(), "\n"),
            TableId::T4 => template::table4(sep, &Figures::empty(), "\n"),
        };
        let nl = report.line_ending;
        // After the heading line: a blank line, the table.
        let insert = format!("{nl}{nl}{}", table.replace('\n', nl));
        let msg = tr!(
            lang,
            format!("第{}部分缺少{}", id.numeral(), t.name_zh()),
            format!("Section {} has no {}", id.numeral(), t.name_en())
        );
        let title = tr!(
            lang,
            format!("插入空的{}", t.name_zh()),
            format!("Insert an empty {}", t.name_en())
        );
        if let Some(f) = cx.emit(&RULE.meta, section.text, msg) {
            f.fixes.push(Fix {
                title,
                safe: false,
                edits: vec![Edit::insert(at, insert)],
            });
        }
    }
}
