//! `valid-count-drift`: 现行有效件数 is not last year's plus 本年制发 minus
//! 本年废止.
//!
//! Format spec §3 (table 2, 第二十条第（一）项): for 规章 and 行政规范性文件 the
//! table gives the number issued and repealed this year and the number in
//! force. Documents in force at the end of the year are those in force at the
//! end of last year, plus those issued, minus those repealed. A drift means
//! one of the numbers (or last year's) is wrong — or documents expired
//! without being repealed, which the text should then say. A warning. Not
//! checked: a year whose table 2 is in the 2019 trial format (it counts no
//! documents in force).

use super::{Category, Context, Rule, RuleMeta, replace_fix, t2_row_name};
use crate::analysis::finding::Severity;
use crate::analysis::format::{Format, T2Row};
use crate::tr;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "valid-count-drift",
        name: ["现行有效件数不衔接", "Valid count drift"],
        category: Category::Years,
        default: Some(Severity::Warning),
        summary: [
            "现行有效件数不等于上年现行有效件数加本年制发减本年废止",
            "现行有效件数 ≠ last year's + 本年制发 − 本年废止",
        ],
        explanation: [
            "表二第二十条第（一）项中，规章和行政规范性文件的“现行有效件数”应等于上一年度报告的现行有效件数，加本年制发件数，减本年废止件数。不相等说明某个数字（或上年的数字）有误，或有文件因有效期届满而失效却未计入废止，此时正文应作说明。需要上一年度的报告。不报告：任一年度的表二按2019年试行格式书写的（试行格式没有现行有效件数）；任一数值为空或无效的。",
            "In table 2 (第二十条第（一）项), the number of 规章 and 行政规范性文件 in force should be last year's number in force, plus those issued this year, minus those repealed. A difference means a number (or last year's) is wrong, or documents expired without being repealed, which the text should then explain. Needs last year's report. Not flagged: a year whose table 2 is in the 2019 trial format (it has no count of documents in force); empty or invalid numbers.",
        ],
        bad: "行政规范性文件\t2\t1\t13",
        good: "行政规范性文件\t2\t1\t12",
    },
    check,
};

fn check(cx: &mut Context) {
    let Some(prev) = cx.previous else { return };
    let lang = cx.lang;
    let (Some(t2), Some(last)) = (&cx.report.t2, &prev.report.t2) else {
        return;
    };
    // The 2019 trial format counts no documents in force (its 对外公开总数量
    // counts every document published): nothing to carry over.
    if t2.format != Format::National2021 || last.format != Format::National2021 {
        return;
    }
    for r in [T2Row::Rules, T2Row::NormativeDocs] {
        let Some(row) = t2.row(r) else { continue };
        let int = |c: usize| row.cell(c).and_then(|x| x.int());
        let (Some(issued), Some(repealed), Some(valid)) = (int(0), int(1), int(2)) else {
            continue;
        };
        let Some(before) = last.row(r).and_then(|x| x.cell(2)).and_then(|x| x.int()) else {
            continue;
        };
        let expected = before + issued - repealed;
        if valid == expected {
            continue;
        }
        let Some(cell) = row.cell(2) else { continue };
        let name = t2_row_name(lang, r);
        let msg = tr!(
            lang,
            format!(
                "{name}的现行有效件数为 {valid}，但上年报告（{}）为 {before}，本年制发 {issued}、废止 {repealed}，应为 {before}+{issued}−{repealed} = {expected}",
                prev.name
            ),
            format!(
                "{name}: {valid} in force, but last year's report ({}) had {before}, with {issued} issued and {repealed} repealed this year: {before}+{issued}−{repealed} = {expected}",
                prev.name
            )
        );
        let fix = replace_fix(
            tr!(
                lang,
                format!("改为 {expected}"),
                format!("Write {expected}")
            ),
            false,
            cell.span,
            expected.to_string(),
        );
        if let Some(f) = cx.emit(&RULE.meta, cell.span, msg) {
            f.fixes.push(fix);
        }
    }
}
