//! `review-total`: in table 4, a group's 总计 differs from 结果维持 + 结果纠正 +
//! 其他结果 + 尚未审结.
//!
//! Format spec §5–§6: for 行政复议, 行政诉讼（未经复议直接起诉） and 行政诉讼
//! （复议后起诉）, 总计 = 维持 + 纠正 + 其他 + 尚未审结. Reported at the group's 总计
//! cell; the fix sets it to the sum (safe).

use super::{Category, Context, Rule, RuleMeta, related, sum_expr};
use crate::analysis::finding::Severity;
use crate::analysis::format::{T4_CELLS, T4_COLUMNS, T4_GROUPS};
use crate::tr;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "review-total",
        name: ["复议诉讼总计不符", "Review total"],
        category: Category::Arithmetic,
        default: Some(Severity::Error),
        summary: [
            "表四某类案件的“总计”不等于维持+纠正+其他+尚未审结",
            "Table 4: a group's 总计 differs from 维持+纠正+其他+尚未审结",
        ],
        explanation: [
            "表四的行政复议、行政诉讼（未经复议直接起诉）、行政诉讼（复议后起诉）三组，各自：总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结。在该组总计单元格报告；修复为改为各项之和（安全）。",
            "For each of table 4's three groups (行政复议, 行政诉讼 未经复议直接起诉, 行政诉讼 复议后起诉): 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结. Reported at the group's 总计 cell; the fix sets it to the sum (safe).",
        ],
        bad: "1\t0\t0\t0\t2\t0\t1\t0\t0\t1\t0\t0\t0\t0\t0\n",
        good: "1\t0\t0\t0\t1\t0\t1\t0\t0\t1\t0\t0\t0\t0\t0\n",
    },
    check,
};

fn check(cx: &mut Context) {
    let Some(t4) = &cx.report.t4 else { return };
    if t4.cells.len() < T4_CELLS {
        return;
    }
    let lang = cx.lang;
    for g in 0..3 {
        let vals: Option<Vec<i64>> = (0..5).map(|j| t4.value(g * 5 + j)).collect();
        let Some(v) = vals else { continue };
        if v.iter().any(|x| *x < 0) {
            continue;
        }
        let sum: i64 = v[..4].iter().sum();
        if v[4] == sum {
            continue;
        }
        let msg = tr!(
            lang,
            format!(
                "表四「{}」的总计为 {}，但结果维持+结果纠正+其他结果+尚未审结 = {}",
                T4_GROUPS[g],
                v[4],
                sum_expr(&v[..4])
            ),
            format!(
                "Table 4, “{}”: 总计 is {} but 维持+纠正+其他+尚未审结 = {}",
                T4_GROUPS[g],
                v[4],
                sum_expr(&v[..4])
            )
        );
        let span = t4.cells[g * 5 + 4].span;

        let rel: Vec<_> = (0..4)
            .map(|j| {
                related(
                    t4.cells[g * 5 + j].span,
                    format!("{} {}", T4_COLUMNS[j], v[j]),
                )
            })
            .collect();
        let spans: Vec<_> = (0..5).map(|j| t4.cells[g * 5 + j].span).collect();
        let fix = cx.repair_fix(&spans, &|s| {
            let j = spans.iter().position(|x| *x == s).unwrap_or(4);
            format!("「{}」", T4_COLUMNS[j])
        });
        if let Some(f) = cx.emit(&RULE.meta, span, msg) {
            f.fixes.extend(fix);
            f.related = rel;
        }
    }
}
