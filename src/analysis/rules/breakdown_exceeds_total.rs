//! `breakdown-exceeds-total`: "共 N …，其中 A、B …" where the parts add up to more
//! than N.
//!
//! Format spec §6: "共 N 条。其中 A 条、B 条…" — the listed parts must not exceed
//! N; they may be a partial list, so less is fine. Only exact numbers count;
//! the total is the last number before 其中 outside a parenthesis closed
//! before it.

use super::{Category, Context, Rule, RuleMeta, related};
use crate::analysis::finding::Severity;
use crate::analysis::model::{Claim, Role};
use crate::tr;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "breakdown-exceeds-total",
        name: ["分项之和超过总数", "Breakdown exceeds total"],
        category: Category::Narrative,
        default: Some(Severity::Warning),
        summary: [
            "“共 N …，其中 A、B…”的分项之和超过总数",
            "A \"其中\" breakdown adds up to more than its total",
        ],
        explanation: [
            "正文常写“共 N 条，其中 A 条、B 条……”。所列分项可以不全，但其和不能超过总数 N；超过说明总数或某个分项写错了。只比对确切数字。不报告：分项之和小于总数（可以只列一部分）；总数或任一分项为约数的；分项凑满总数之后句中的其他数字（“其中……40 条、3 条；财政信息 8 条”中的 8 另有所指）；括号内的数字不作“其中”的总数（“申请 15 件（含网上申请 9 件），其中……”的总数是 15）。",
            "Narratives often say \"共 N 条，其中 A 条、B 条……\". The parts may be a partial list, but they cannot add up to more than N; if they do, the total or a part is wrong. Only exact numbers are compared. Not flagged: parts adding up to less than the total (a partial list); an approximate total or part; numbers after the parts that already make up the total (they count something else); a number in a parenthesis is not the total of a 其中 after it (\"申请 15 件（含网上申请 9 件），其中……\" breaks down the 15).",
        ],
        bad: "全年主动公开政府信息1326条，其中政策文件1400件。",
        good: "全年主动公开政府信息1326条，其中政策文件12件。",
    },
    check,
};

fn check(cx: &mut Context) {
    let report = cx.report;
    let lang = cx.lang;
    let claims = &report.claims;
    // A part names the last total before it (see `collect_claims`), so the
    // parts of a total lie between it and the next total: one pass, no map.
    let mut k = 0;
    while k < claims.len() {
        if claims[k].role != Role::Total {
            k += 1;
            continue;
        }
        let total = &claims[k];
        let end = claims[k + 1..]
            .iter()
            .position(|c| c.role == Role::Total)
            .map_or(claims.len(), |p| k + 1 + p);
        let parts: Vec<&Claim> = claims[k + 1..end]
            .iter()
            .filter(|c| c.role == Role::Part && c.total() == Some(k))
            .collect();
        k = end;
        if !total.exact || parts.is_empty() || parts.iter().any(|p| !p.exact) {
            continue;
        }
        let sum: i64 = parts.iter().map(|p| p.value).sum();
        if sum <= total.value {
            continue;
        }
        let expr = parts
            .iter()
            .map(|p| p.value.to_string())
            .collect::<Vec<_>>()
            .join("+");
        let msg = tr!(
            lang,
            format!(
                "“共 {} {}”后列出的其中各项之和为 {expr} = {sum}，超过了总数 {}",
                total.value, total.unit, total.value
            ),
            format!(
                "The parts listed after \"共 {} {}\" add up to {expr} = {sum}, more than the total {}",
                total.value, total.unit, total.value
            )
        );
        let rel: Vec<_> = parts
            .iter()
            .map(|p| related(p.span, format!("{} {}", p.value, p.unit)))
            .collect();
        if let Some(f) = cx.emit(&RULE.meta, total.span, msg) {
            f.related = rel;
        }
    }
}
