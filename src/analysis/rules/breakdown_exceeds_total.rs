//! `breakdown-exceeds-total`: "共 N …，其中 A、B …" where the parts add up to more
//! than N.
//!
//! Format spec §6: "共 N 条。其中 A 条、B 条…" — the listed parts must not exceed
//! N; they may be a partial list, so less is fine. Only exact numbers count.

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
            "正文常写“共 N 条，其中 A 条、B 条……”。所列分项可以不全，但其和不能超过总数 N；超过说明总数或某个分项写错了。只比对确切数字。",
            "Narratives often say \"共 N 条，其中 A 条、B 条……\". The parts may be a partial list, but they cannot add up to more than N; if they do, the total or a part is wrong. Only exact numbers are compared.",
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
