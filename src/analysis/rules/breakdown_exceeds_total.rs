//! `breakdown-exceeds-total`: "共 N …，其中 A、B …" where the parts add up to more
//! than N.
//!
//! Format spec §6: "共 N 条。其中 A 条、B 条…" — the listed parts must not exceed
//! N; they may be a partial list, so less is fine. Only exact numbers count.

use super::{Category, Context, Rule, RuleMeta, related};
use crate::analysis::finding::Severity;
use crate::analysis::model::{Claim, Role};
use crate::tr;
use std::collections::HashMap;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "breakdown-exceeds-total",
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
    // The parts of each total, in one pass.
    let mut parts_of: HashMap<usize, Vec<&Claim>> = HashMap::new();
    for c in &report.claims {
        if let (Role::Part, Some(k)) = (c.role, c.total) {
            parts_of.entry(k).or_default().push(c);
        }
    }
    for (k, total) in report.claims.iter().enumerate() {
        if total.role != Role::Total || !total.exact {
            continue;
        }
        let Some(parts) = parts_of.get(&k) else {
            continue;
        };
        if parts.iter().any(|p| !p.exact) {
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
