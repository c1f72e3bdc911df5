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
//! are left alone: they need not equal the body's own table; so are, in a
//! government's report, the counts of its office acting for it (see
//! `Scope::Agent`). Each number is read with its own subject (see
//! `syntax::claims`: a parenthesis or a clause opened by 含/其中/另有 counts
//! something else), results named together are compared with the sum of their
//! rows, and a report for 2019 or 2020 with the trial format's table 2 is
//! compared with the columns that count the same. The fix replaces the number
//! in the text by the table's, but it is not safe: the table may be the wrong
//! side.

use super::{Category, Context, Rule, RuleMeta, related, replace_fix};
use crate::analysis::finding::Severity;
use crate::analysis::format::T2Row;
use crate::analysis::model::Target;
use crate::analysis::query::{accepted, expected, subject_name, unchecked};
use crate::tr;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "narrative-mismatch",
        name: ["正文数字与表格不符", "Narrative mismatch"],
        category: Category::Narrative,
        default: Some(Severity::Warning),
        summary: [
            "正文中的数字与其所描述的表格单元格不一致",
            "A number in the narrative contradicts its table cell",
        ],
        explanation: [
            "正文说“全年收到政府信息公开申请 16 件”而表三为 14，“行政处罚信息 38 条”而表二的 38 在行政强制——这类前后矛盾最为显眼。本规则把正文中的确切数字与其所指的单元格比对：收到/受理申请对应表三“一、本年新收”总计（部分报告计入上年结转，也视为一致），办结/答复对应（七）总计，上年结转、结转（顺延）到下年度对应二、四行，各办理结果对应其行或组，几项合称的（“予以公开及部分公开 N 件”）对应各项之和，“因本机关不掌握等原因无法提供”对应整组，行政复议、行政诉讼对应表四，制发/废止/现行有效（行政）规范性文件、行政许可/处罚/强制对应表二（2019、2020年度报告按试行格式的对应列：本年新制作数量、处理决定数量），“未收到申请”“未发生行政复议、行政诉讼”对应 0。每个数字按其自身的主语读：括号内或以“含、其中、另有、包括、此外”开头的分句说的是另一回事，不沿用主句的主语——“答复 805 件（含上年度结转申请 18 件，另有 72 件……顺延到下年度答复）”中 18 是上年结转、72 是结转下年度，都不是答复数。不报告：约数（余、约、近、超、多、以上）；主语不明的数字（“政策性文件”不是“行政规范性文件”；“含网上申请 15 件”“其中办结 8 件”这类没有自身主语的部分；“部分公开和不予公开各 3 件”这类各项数量不明的并列；“重复申请等 3 件”）；“全市、全区”等辖区口径的数字；人民政府报告中“区政府办代表区政府受理……”这类由办公室代政府办理的数字（该报告的表格可能为全辖区口径），直至该部分结束；2019年试行格式表二没有对应列的数字（废止、现行有效、收费金额）。修复为把正文数字改为表格数值，但表格也可能是错的一方，故非安全修复。",
            "\"全年收到政府信息公开申请 16 件\" above a table that says 14 is the most visible kind of contradiction. Exact numbers in the narrative are compared with the cell they describe: received applications with table 3's 一 总计 (or 一 + 二), 办结/答复 with （七）总计, carried over and carried (顺延) to next year with rows 二 and 四, each outcome with its row or group, outcomes named together (\"予以公开及部分公开 N 件\") with the sum of their rows, \"因本机关不掌握等原因无法提供\" with the whole group, 行政复议/行政诉讼 with table 4, 制发/废止/现行有效 规范性文件 and 行政许可/处罚/强制 with table 2 (in reports for 2019 and 2020 with the trial format's columns that count the same: 本年新制作数量, 处理决定数量), \"未收到申请\" and \"未发生行政复议、行政诉讼\" with 0. Each number is read with its own subject: a parenthesis or a clause opened by 含/其中/另有/包括/此外 counts something else than the main clause — in \"答复 805 件（含上年度结转申请 18 件，另有 72 件……顺延到下年度答复）\" 18 is carried over and 72 carried forward, neither the number answered. Not flagged: approximate numbers (余, 约, 近, 超, 多, 以上); numbers whose subject is unclear (政策性文件 is not 行政规范性文件; parts without a subject of their own such as \"含网上申请 15 件\", \"其中办结 8 件\"; \"部分公开和不予公开各 3 件\"; \"重复申请等 3 件\"); figures for the whole jurisdiction (全市, 全区); in a government's report, the counts of its office acting for it (\"区政府办代表区政府受理……\"), whose tables may count the whole jurisdiction, to the end of that section; numbers the 2019 trial format's table 2 has no column for (废止, 现行有效, 收费金额). The fix writes the table's number into the text; it is not safe, since the table may be the wrong side.",
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
        // The place's words only for a number that does not match.
        let Some(accepted) = accepted(report, target) else {
            continue;
        };
        if accepted.contains(&c.value) {
            continue;
        }
        let Some(e) = expected(report, target, lang) else {
            continue;
        };
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
    T2Row::ALL
        .iter()
        .filter(|&&r| r != row && r.item() == row.item())
        .filter_map(|&r| expected(cx.report, Target::T2(r, col), cx.lang))
        .find(|e| e.value == value)
        .map(|e| e.name)
}
