//! `result-total`: in table 3, （七）总计 differs from the sum of the 21 result
//! rows, in a column.
//!
//! Format spec §6 (result total): TOT[c] = （一）+（二）+ 不予公开 1–8 + 无法提供
//! 1–3 + 不予处理 1–5 + 其他处理 1–3, for each of the 7 columns. Reported once per
//! column at the （七）总计 cell, listing the non-zero addends; the fix sets the
//! cell to the sum (safe). It is fix-all's repair, so it is offered only when
//! it makes the column add up (a result row with a negative cell is not
//! repaired, and then the column cannot be made to add up safely). In the 2019
//! trial format （六）其他处理 is one row, which counts for 其他处理 1–3.

use super::row_total::capital;
use super::{Category, Context, Rule, RuleMeta, related, t3_col};
use crate::analysis::finding::Severity;
use crate::analysis::format::{T3_COLUMNS, T3Group, T3Row};
use crate::analysis::text::Span;
use crate::tr;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "result-total",
        name: ["办理结果总计不符", "Result total"],
        category: Category::Arithmetic,
        default: Some(Severity::Error),
        summary: [
            "表三“（七）总计”不等于21个办理结果行之和",
            "Table 3: （七）总计 differs from the sum of the 21 result rows",
        ],
        explanation: [
            "表三每一列：（七）总计 = （一）予以公开 + （二）部分公开 + 不予公开1–8 + 无法提供1–3 + 不予处理1–5 + 其他处理1–3。每列在（七）总计单元格报告一次，列出不为0的各项；修复为改为各项之和（安全）。",
            "For each column of table 3: （七）总计 = （一） + （二） + 不予公开 1–8 + 无法提供 1–3 + 不予处理 1–5 + 其他处理 1–3. Reported once per column at the （七）总计 cell, listing the non-zero addends; the fix sets the cell to the sum (safe).",
        ],
        bad: "（七）总计\t11\t2\t0\t1\t0\t1\t15\n",
        good: "（七）总计\t10\t2\t0\t1\t0\t1\t14\n",
    },
    check,
};

/// A short name of a result row for sums: 予以公开, 部分公开, 国家秘密 …
fn short(r: T3Row) -> String {
    let s = r.spec();
    let text = match r {
        T3Row::G2 => "部分公开",
        _ => s.text,
    };
    let group = match s.group {
        T3Group::Withheld => "不予公开",
        T3Group::Unable => "无法提供",
        T3Group::NotProcessed => "不予处理",
        T3Group::OtherHandling => "其他处理",
        T3Group::None => "",
    };
    if group.is_empty() {
        text.to_string()
    } else {
        format!("{group}·{text}")
    }
}

fn check(cx: &mut Context) {
    let Some(t3) = &cx.report.t3 else { return };
    let Some(tot) = t3.row(T3Row::Tot) else {
        return;
    };
    let lang = cx.lang;
    let results: Vec<T3Row> = T3Row::ALL
        .iter()
        .copied()
        .filter(|r| r.is_result())
        .collect();
    // The 2019 trial format's single （六）其他处理 row counts as its rows.
    let single = t3.single_other().is_some();
    for c in 0..7 {
        let Some(total) = t3.value(T3Row::Tot, c) else {
            continue;
        };
        let parts: Option<Vec<i64>> = results.iter().map(|r| t3.result_value(*r, c)).collect();
        let Some(parts) = parts else { continue };
        if total < 0 || parts.iter().any(|x| *x < 0) {
            continue;
        }
        let sum: i64 = parts.iter().sum();
        if total == sum {
            continue;
        }
        let nonzero: Vec<String> = results
            .iter()
            .zip(&parts)
            .filter(|(_, v)| **v != 0)
            .map(|(r, v)| match (single, r) {
                (true, T3Row::O1) => format!("其他处理 {v}"),
                _ => format!("{} {}", short(*r), v),
            })
            .collect();
        let addends = if nonzero.is_empty() {
            tr!(lang, "各行均为 0".to_string(), "all rows are 0".to_string())
        } else {
            tr!(
                lang,
                format!("{}，其余为 0", nonzero.join(" + ")),
                format!("{}, the rest 0", nonzero.join(" + "))
            )
        };
        let msg = tr!(
            lang,
            format!(
                "{}的（七）总计为 {}，但 21 个办理结果行之和为 {}（{}）",
                t3_col(lang, c),
                total,
                sum,
                addends
            ),
            format!(
                "{}: （七）总计 is {} but the 21 result rows add up to {} ({})",
                capital(&t3_col(lang, c)),
                total,
                sum,
                addends
            )
        );

        let rel: Vec<_> = results
            .iter()
            .zip(&parts)
            .filter(|(_, v)| **v != 0)
            .filter_map(|(r, v)| {
                t3.row(*r)
                    .map(|row| related(row.cells[c].span, format!("{} {}", short(*r), v)))
            })
            .collect();
        let span = tot.cells[c].span;
        let mut spans = vec![span];
        spans.extend(
            results
                .iter()
                .filter_map(|r| t3.row(*r))
                .map(|row| row.cells[c].span),
        );
        let fix = cx.repair_fix(&spans, &|s| {
            if s == span {
                tr!(
                    lang,
                    format!("（七）总计「{}」列", T3_COLUMNS[c]),
                    format!("（七）总计 in column “{}”", T3_COLUMNS[c])
                )
            } else {
                results
                    .iter()
                    .find(|r| t3.row(**r).is_some_and(|row| row.cells[c].span == s))
                    .map(|r| format!("「{}」", short(*r)))
                    .unwrap_or_default()
            }
        });
        // The repair is the fix only if it makes the column add up: when a
        // result row cannot be repaired (a negative cell), （七）总计 is set
        // to the sum of its own row, which need not be this column's sum.
        let repaired = |cell: Span, v: i64| -> i64 {
            fix.iter()
                .flat_map(|f| &f.edits)
                .find(|e| e.span == cell)
                .and_then(|e| e.new_text.parse().ok())
                .unwrap_or(v)
        };
        let repaired_sum: i64 = results
            .iter()
            .zip(&parts)
            .map(|(r, v)| t3.row(*r).map_or(*v, |row| repaired(row.cells[c].span, *v)))
            .sum();
        let balanced = repaired(span, total) == repaired_sum;
        if let Some(f) = cx.emit(&RULE.meta, span, msg) {
            f.fixes.extend(fix.filter(|_| balanced));
            f.related = rel;
        }
    }
}
