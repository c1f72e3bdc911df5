//! `carryover-mismatch`: this year's 二、上年结转 differs from last year's
//! 四、结转下年度继续办理, column by column.
//!
//! Format spec §3 (table 3): row 二 counts the applications carried over from
//! last year, row 四 those carried over into next year. What last year's report
//! carried forward is exactly what this year's report carries over, for each
//! kind of applicant; a difference means one of the two reports is wrong. The
//! fix writes last year's number (not safe: last year's report may be the
//! wrong one).

use super::{Category, Context, Rule, RuleMeta, replace_fix, t3_cell};
use crate::analysis::finding::Severity;
use crate::analysis::format::{T3_COLUMNS, T3Row};
use crate::tr;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "carryover-mismatch",
        name: ["上年结转数不衔接", "Carry-over mismatch"],
        category: Category::Years,
        default: Some(Severity::Error),
        summary: [
            "本年“上年结转”与上年报告的“结转下年度继续办理”不一致",
            "This year's 上年结转 differs from last year's 结转下年度继续办理",
        ],
        explanation: [
            "表三第二项“上年结转政府信息公开申请数量”应与同一机关上一年度报告表三第四项“结转下年度继续办理”逐列相等（自然人、各类法人或其他组织、总计）。不一致说明两份报告至少有一份填错。需要上一年度的报告：在命令行中同时检查两年的报告或其所在目录，或在编辑器工作区中打开所在文件夹。修复为改用上年报告的数值（非安全修复：也可能是上年报告填错了）。两份报告按标题中的机关名称和年度配对：名称前多写或少写省、市、县等行政区划（“洪泽区人民政府”与“淮安市洪泽区人民政府”）、空格和全半角不影响配对。不报告：找不到上一年度报告的；名称不同的机关（“南京市鼓楼区人民政府”与“徐州市鼓楼区人民政府”、“人民政府”与其“办公室”）；无法确定是哪一个的（一个不带区划的名称对应两个带不同区划的上年报告）；任一单元格为空、无效或表格无法逐行读取的。",
            "Table 3's row 二 (carried over from last year) must equal, column by column, row 四 (carried forward) of the same body's report of last year. A difference means one of the two reports is wrong. Needs last year's report: check both years' files (or their folder) together, or open the folder in the editor. The fix writes last year's number (not safe: last year's report may be the wrong one). Reports pair by the body's name and the year in their titles: leading divisions written or left out (\"洪泽区人民政府\" and \"淮安市洪泽区人民政府\"), spaces and widths do not make another body. Not flagged: no report of last year; different bodies (\"南京市鼓楼区人民政府\" and \"徐州市鼓楼区人民政府\", a 人民政府 and its 办公室); a name that could be either of two (a name without its city between two of last year's with different cities); an empty or invalid cell, or a table that cannot be read.",
        ],
        bad: "二、上年结转政府信息公开申请数量\t2\t0\t0\t0\t0\t0\t2",
        good: "二、上年结转政府信息公开申请数量\t1\t0\t0\t0\t0\t0\t1",
    },
    check,
};

fn check(cx: &mut Context) {
    let Some(prev) = cx.previous else { return };
    let lang = cx.lang;
    let (Some(t3), Some(last)) = (&cx.report.t3, &prev.report.t3) else {
        return;
    };
    let Some(row) = t3.row(T3Row::Carry) else {
        return;
    };
    for c in 0..T3_COLUMNS.len() {
        let Some(cell) = row.cell(c) else { continue };
        let (Some(now), Some(then)) = (cell.int(), last.value(T3Row::Fwd, c)) else {
            continue;
        };
        if now == then {
            continue;
        }
        let msg = tr!(
            lang,
            format!(
                "{}为 {now}，但上年报告（{}）的「四、结转下年度继续办理」为 {then}",
                t3_cell(lang, T3Row::Carry, c),
                prev.name
            ),
            format!(
                "{} is {now}, but last year's report ({}) carried {then} forward (row 四)",
                capitalize(&t3_cell(lang, T3Row::Carry, c)),
                prev.name
            )
        );
        let fix = replace_fix(
            tr!(
                lang,
                format!("改为上年结转下年度的 {then}"),
                format!("Write last year's {then}")
            ),
            false,
            cell.span,
            then.to_string(),
        );
        if let Some(f) = cx.emit(&RULE.meta, cell.span, msg) {
            f.fixes.push(fix);
        }
    }
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}
