//! `narrative-mismatch`: a number in the narrative contradicts the table cell
//! it describes.
//!
//! Format spec §6 ("Narrative against tables"): "全年收到政府信息公开申请 N 件"
//! is 一、本年新收 总计 (or 一 + 二, as some reports count), 办结/答复 is
//! 三（七）总计, each outcome its row or group, 行政复议/行政诉讼 table 4, 制发/
//! 废止/现行有效 行政规范性文件 table 2, 行政许可/处罚/强制 their rows of table 2;
//! "未收到……申请" means 0 received, "未发生行政复议、行政诉讼" 0 cases. Only exact
//! counts are compared (余/约/近/超/多/以上 make a number inexact), only subjects
//! named unambiguously, and claims about the whole jurisdiction (全市, 全区 …)
//! are left alone: they need not equal the body's own table. The fix replaces
//! the number in the text by the table's, but it is not safe: the table may be
//! the wrong side.

use super::{Category, Context, Rule, RuleMeta, related, replace_fix};
use crate::analysis::finding::Severity;
use crate::analysis::format::T2Row;
use crate::analysis::model::Target;
use crate::analysis::query::{expected, subject_name, unchecked};
use crate::tr;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "narrative-mismatch",
        category: Category::Narrative,
        default: Some(Severity::Warning),
        summary: [
            "正文中的数字与其所描述的表格单元格不一致",
            "A number in the narrative contradicts its table cell",
        ],
        explanation: [
            "正文说“全年收到政府信息公开申请 17 件”而表三为 95，“行政处罚信息 38 条”而表二的 38 在行政强制——这类前后矛盾最为显眼。本规则把正文中的确切数字与其所指的单元格比对：收到/受理申请对应表三“一、本年新收”总计（部分报告计入上年结转，也视为一致），办结/答复对应（七）总计，各办理结果对应其行或组，行政复议、行政诉讼对应表四，制发/废止/现行有效（行政）规范性文件、行政许可/处罚/强制对应表二，“未收到申请”“未发生行政复议、行政诉讼”对应 0。带“余、约、近、超、多、以上”等的约数不比对，名词不明确的不比对（“政策性文件”不是“行政规范性文件”），“全市、全区”等辖区口径的数字也不比对。修复为把正文数字改为表格数值，但表格也可能是错的一方，故非安全修复。",
            "\"全年收到政府信息公开申请 17 件\" above a table that says 95 is the most visible kind of contradiction. Exact numbers in the narrative are compared with the cell they describe: received applications with table 3's 一 总计 (or 一 + 二), 办结/答复 with （七）总计, each outcome with its row or group, 行政复议/行政诉讼 with table 4, 制发/废止/现行有效 规范性文件 and 行政许可/处罚/强制 with table 2, \"未收到申请\" and \"未发生行政复议、行政诉讼\" with 0. Approximate numbers (余, 约, 近, 超, 多, 以上), unclear nouns (政策性文件 is not 行政规范性文件) and figures for the whole jurisdiction (全市, 全区) are not compared. The fix writes the table's number into the text; it is not safe, since the table may be the wrong side.",
        ],
        bad: "（二）依申请公开。全年收到政府信息公开申请16件，",
        good: "（二）依申请公开。全年收到政府信息公开申请14件，",
    },
    check,
};

fn check(cx: &mut Context) {
    let report = cx.report;
    let lang = cx.lang;
    for c in &report.claims {
        let Some(target) = c.target else { continue };
        if unchecked(report, c).is_some() {
            continue;
        }
        let Some(e) = expected(report, target, lang) else {
            continue;
        };
        if e.accepted.contains(&c.value) {
            continue;
        }
        let noun = subject_name(target);
        let (msg, fix) = if c.negation {
            (
                tr!(
                    lang,
                    format!("正文称没有{noun}，但{}为 {}", e.name, e.value),
                    format!(
                        "The text says there is no {noun}, but {} is {}",
                        e.name, e.value
                    )
                ),
                None,
            )
        } else {
            let hint = elsewhere(cx, target, c.value).map(|other| {
                tr!(
                    lang,
                    format!("（{other}为 {}，是否填错了行？）", c.value),
                    format!(" ({other} is {}: is it in the wrong row?)", c.value)
                )
            });
            let hint = hint.unwrap_or_default();
            (
                tr!(
                    lang,
                    format!(
                        "正文：{noun} {} {}；{}：{}{hint}",
                        c.value, c.unit, e.name, e.value
                    ),
                    format!(
                        "Text: {noun} {} {}; {}: {}{hint}",
                        c.value, c.unit, e.name, e.value
                    )
                ),
                Some(replace_fix(
                    tr!(
                        lang,
                        format!("把正文的 {} 改为表格的 {}", c.value, e.value),
                        format!("Write the table's {} instead of {}", e.value, c.value)
                    ),
                    false,
                    c.span,
                    e.value.to_string(),
                )),
            )
        };
        let span = if c.negation { c.extent() } else { c.span };
        let rel: Vec<_> = e
            .cells
            .iter()
            .map(|s| related(*s, format!("{} {}", e.name, e.value)))
            .collect();
        if let Some(f) = cx.emit(&RULE.meta, span, msg) {
            f.fixes.extend(fix);
            f.related = rel;
        }
    }
}

/// Where the text's number sits in a neighbouring row of table 2 (the same
/// column of another row of the same 第二十条 item, e.g. 38 under 行政强制
/// when the text says 行政处罚 38): a likely slip of a row in the table.
fn elsewhere(cx: &Context, target: Target, value: i64) -> Option<String> {
    let Target::T2(row, col) = target else {
        return None;
    };
    if value == 0 {
        return None;
    }
    let t2 = cx.report.t2.as_ref()?;
    T2Row::ALL
        .iter()
        .filter(|&&r| r != row && r.item() == row.item())
        .find(|&&r| {
            t2.row(r)
                .and_then(|x| x.cell(col as usize))
                .and_then(|c| c.int())
                == Some(value)
        })
        .and_then(|&r| expected(cx.report, Target::T2(r, col), cx.lang))
        .map(|e| e.name)
}
