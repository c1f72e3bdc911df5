//! `balance`: table 3's 勾稽关系 — 一 + 二 differs from 三（七） + 四, in a column.
//!
//! Format spec §6: the table states its own identity in its header note
//! ("第一项加第二项之和，等于第三项加第四项之和"): new + carried over = handled +
//! carried forward, for each of the 7 columns. Reported at the 四、结转下年度继续办理
//! cell of the column, with both sides. When fix-all's recomputed totals
//! restore the identity (a wrong （七）总计), that repair is the (safe) fix;
//! otherwise the fix sets 四 to 一+二−（七） of the repaired values, but it is
//! not safe: the error may be in any of the four rows.

use super::row_total::capital;
use super::{Category, Context, Rule, RuleMeta, related, replace_fix, t3_col};
use crate::analysis::finding::Severity;
use crate::analysis::format::T3Row;
use crate::tr;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "balance",
        name: ["勾稽关系不成立", "Balance"],
        category: Category::Arithmetic,
        default: Some(Severity::Error),
        summary: [
            "表三勾稽关系不成立：一+二 ≠ 三（七）+四",
            "Table 3's 勾稽关系: 一 + 二 differs from 三（七） + 四",
        ],
        explanation: [
            "表三表头注明了勾稽关系：“第一项加第二项之和，等于第三项加第四项之和”，即本年新收 + 上年结转 = 本年度办理结果（七）总计 + 结转下年度继续办理，每一列都须成立。在该列“四、结转下年度继续办理”单元格报告，列出两边算式。修复为把“四”改为 一+二−（七），但错误可能出在四行中任何一行，故非安全修复。",
            "Table 3 states its identity in its header: new (一) + carried over (二) = handled (三（七）总计) + carried forward (四), in each of the 7 columns. Reported at the column's 四、结转下年度继续办理 cell with both sides. The fix sets 四 to 一+二−（七）, but it is not safe: the error may be in any of the four rows.",
        ],
        bad: "四、结转下年度继续办理\t0\t0\t0\t0\t0\t0\t0\n",
        good: "四、结转下年度继续办理\t1\t0\t0\t0\t0\t0\t1\n",
    },
    check,
};

fn check(cx: &mut Context) {
    let Some(t3) = &cx.report.t3 else { return };
    let lang = cx.lang;
    let Some(fwd_row) = t3.row(T3Row::Fwd) else {
        return;
    };
    for c in 0..7 {
        let vals = [T3Row::New, T3Row::Carry, T3Row::Tot, T3Row::Fwd].map(|r| t3.value(r, c));
        let [Some(new), Some(carry), Some(tot), Some(fwd)] = vals else {
            continue;
        };
        if [new, carry, tot, fwd].iter().any(|x| *x < 0) || new + carry == tot + fwd {
            continue;
        }
        let msg = tr!(
            lang,
            format!(
                "{}勾稽关系不成立：一+二 = {}+{} = {}，三（七）+四 = {}+{} = {}",
                t3_col(lang, c),
                new,
                carry,
                new + carry,
                tot,
                fwd,
                tot + fwd
            ),
            format!(
                "{}: 一 + 二 = {}+{} = {} but 三（七） + 四 = {}+{} = {}",
                capital(&t3_col(lang, c)),
                new,
                carry,
                new + carry,
                tot,
                fwd,
                tot + fwd
            )
        );
        let span = fwd_row.cells[c].span;
        let rel = vec![
            related(
                t3.row(T3Row::New).map(|r| r.cells[c].span).unwrap_or(span),
                format!("一 {new}"),
            ),
            related(
                t3.row(T3Row::Carry)
                    .map(|r| r.cells[c].span)
                    .unwrap_or(span),
                format!("二 {carry}"),
            ),
            related(
                t3.row(T3Row::Tot).map(|r| r.cells[c].span).unwrap_or(span),
                format!("三（七） {tot}"),
            ),
        ];
        // When fix-all repairs a total among the four cells (a wrong （七）总计),
        // that repair is the fix; otherwise the error may be anywhere.
        let rows = [T3Row::New, T3Row::Carry, T3Row::Tot, T3Row::Fwd];
        let spans: Vec<_> = rows
            .iter()
            .filter_map(|r| t3.row(*r))
            .map(|row| row.cells[c].span)
            .collect();
        let repair = cx.repair_fix(&spans, &|s| {
            let k = spans.iter().position(|x| *x == s).unwrap_or(0);
            ["一", "二", "三（七）", "四"][k].to_string()
        });
        // The four values once fix-all's repairs are made: the repair is the
        // fix only if it restores the identity; otherwise 四 is offered (not
        // safe) as the repaired values require it.
        let repaired = |r: T3Row, v: i64| -> i64 {
            let cell = t3.row(r).map(|row| row.cells[c].span);
            repair
                .iter()
                .flat_map(|f| &f.edits)
                .find(|e| Some(e.span) == cell)
                .and_then(|e| e.new_text.parse().ok())
                .unwrap_or(v)
        };
        let (new, carry, tot, fwd) = (
            repaired(T3Row::New, new),
            repaired(T3Row::Carry, carry),
            repaired(T3Row::Tot, tot),
            repaired(T3Row::Fwd, fwd),
        );
        let target = new + carry - tot;
        let repair = repair.filter(|_| new + carry == tot + fwd);
        if let Some(f) = cx.emit(&RULE.meta, span, msg) {
            if let Some(r) = repair {
                f.fixes.push(r);
            } else if target >= 0 {
                let title = tr!(
                    lang,
                    format!("将“四、结转下年度继续办理”改为 {target}（= 一+二−（七））"),
                    format!("Set 四 to {target} (= 一+二−（七）)")
                );
                f.fixes
                    .push(replace_fix(title, false, span, target.to_string()));
            }
            f.related = rel;
        }
    }
}
