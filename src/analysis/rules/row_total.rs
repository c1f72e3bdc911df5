//! `row-total`: in table 3, a row's 总计 differs from the sum of its six
//! applicant columns.
//!
//! Format spec §6 (row total): for each of the 25 rows, 总计 = 自然人 + 商业企业 +
//! 科研机构 + 社会公益组织 + 法律服务机构 + 其他. Reported once per row, at the
//! 总计 cell, with the arithmetic; the fix sets 总计 to the sum (safe). Rows with
//! a blank, invalid or missing cell are left to the cell rules.

use super::{Category, Context, Rule, RuleMeta, related, sum_expr, t3_row};

use crate::analysis::finding::Severity;
use crate::analysis::format::{T3_COLUMNS, T3Row};
use crate::tr;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "row-total",
        name: ["行总计不符", "Row total"],
        category: Category::Arithmetic,
        default: Some(Severity::Error),
        summary: [
            "表三某行的“总计”不等于六类申请人之和",
            "Table 3: a row's 总计 differs from the sum of its six applicant columns",
        ],
        explanation: [
            "表三每一行：总计 = 自然人 + 商业企业 + 科研机构 + 社会公益组织 + 法律服务机构 + 其他。在总计单元格报告一次，并列出算式；修复为把总计改为各项之和（安全）。含空白、非法或缺失单元格的行由单元格规则处理。",
            "For each of table 3's 25 rows: 总计 = 自然人 + 商业企业 + 科研机构 + 社会公益组织 + 法律服务机构 + 其他. Reported at the 总计 cell with the arithmetic; the fix sets 总计 to the sum (safe). Rows with a blank, invalid or missing cell are left to the cell rules.",
        ],
        bad: "（一）予以公开\t6\t1\t0\t0\t0\t0\t8\n",
        good: "（一）予以公开\t6\t1\t0\t0\t0\t0\t7\n",
    },
    check,
};

fn check(cx: &mut Context) {
    let Some(t3) = &cx.report.t3 else { return };
    let lang = cx.lang;
    for r in T3Row::ALL {
        let Some(row) = t3.row(r) else { continue };
        let Some(v) = row.ints() else { continue };
        if v.iter().any(|x| *x < 0) {
            continue;
        }
        let sum: i64 = v[..6].iter().sum();
        if v[6] == sum {
            continue;
        }
        let msg = tr!(
            lang,
            format!(
                "{}的总计为 {}，但六类申请人之和为 {}",
                t3_row(lang, r),
                v[6],
                sum_expr(&v[..6])
            ),
            format!(
                "{}: 总计 is {} but the six applicant columns add up to {}",
                capital(&t3_row(lang, r)),
                v[6],
                sum_expr(&v[..6])
            )
        );
        let rel: Vec<_> = (0..6)
            .map(|c| related(row.cells[c].span, format!("{} {}", T3_COLUMNS[c], v[c])))
            .collect();
        let span = row.cells[6].span;
        let spans: Vec<_> = row.cells.iter().map(|c| c.span).collect();
        let fix = cx.repair_fix(&spans, &|s| {
            let c = spans.iter().position(|x| *x == s).unwrap_or(6);
            format!("「{}」", T3_COLUMNS[c])
        });
        if let Some(f) = cx.emit(&RULE.meta, span, msg) {
            f.fixes.extend(fix);
            f.related = rel;
        }
    }
}

pub(super) fn capital(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}
