//! `outdated-template`: markers of the 2019 trial format in a report for 2021
//! or later.
//!
//! Format spec §7: the 2019 trial format (国办公开办函〔2019〕60号) was replaced by
//! the 2021 format (国办公开办函〔2021〕30号). Its markers: table-2 columns such as
//! 本年新制作数量/本年新公开数量/对外公开总数量, the rows 其他对外管理服务事项,
//! the item 第二十条第（九）项 政府集中采购, table 3's （六）其他处理 as a single
//! row, and citing 国务院令第492号 (the 2007 条例). One finding replaces the dozens
//! of missing-row and label findings the old table would otherwise raise; those
//! rules stay silent on a table with these markers.

use super::{Category, Context, Rule, RuleMeta, related};
use crate::analysis::config::Config;
use crate::analysis::finding::Severity;
use crate::analysis::model::Report;
use crate::tr;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "outdated-template",
        name: ["沿用试行格式", "Outdated template"],
        category: Category::Structure,
        default: Some(Severity::Error),
        summary: [
            "2021年及以后的报告仍使用2019年试行格式",
            "The 2019 trial format in a report for 2021 or later",
        ],
        explanation: [
            "2021年起应使用国办公开办函〔2021〕30号规定的格式，取代2019年试行格式（国办公开办函〔2019〕60号）。旧格式的标志：表二的“本年新制作数量”“本年新公开数量”“对外公开总数量”“其他对外管理服务事项”“第二十条第（九）项 政府集中采购”，表三“（六）其他处理”只有一行而无1–3子项，引用“国务院令第492号”（2007年条例）。报告一处即可代替旧表格引起的大量缺行提示。",
            "From 2021 reports use the format of 国办公开办函〔2021〕30号, which replaced the 2019 trial format (国办公开办函〔2019〕60号). Markers of the old format: table-2 columns 本年新制作数量/本年新公开数量/对外公开总数量, the row 其他对外管理服务事项, the item 第二十条第（九）项 政府集中采购, table 3's （六）其他处理 as a single row, and citing 国务院令第492号 (the 2007 条例). One finding replaces the dozens of missing-row findings the old table would raise.",
        ],
        bad: "根据《中华人民共和国政府信息公开条例》（国务院令第492号）和",
        good: "根据《中华人民共和国政府信息公开条例》和",
    },
    check,
};

/// Whether the 2021 format applies: a report for 2021 or later, or of unknown year.
pub fn applies(report: &Report, config: &Config) -> bool {
    report.year().or(config.year).is_none_or(|y| y >= 2021)
}

fn check(cx: &mut Context) {
    let report = cx.report;
    if report.outdated.is_empty() || !applies(report, cx.config) {
        return;
    }
    let lang = cx.lang;
    let first = &report.outdated[0];
    let n = report.outdated.len();
    let year = report.year().map(|y| y.to_string()).unwrap_or_default();
    let msg = tr!(
        lang,
        format!(
            "{}年度报告使用了2019年试行格式：发现「{}」等 {} 处旧格式标志，应改用国办公开办函〔2021〕30号规定的格式",
            year, first.marker, n
        ),
        format!(
            "The report{} uses the 2019 trial format: “{}” and {} marker(s) in all; use the format of 国办公开办函〔2021〕30号",
            if year.is_empty() {
                String::new()
            } else {
                format!(" for {year}")
            },
            first.marker,
            n
        )
    );
    let rel: Vec<_> = report.outdated[1..]
        .iter()
        .map(|m| {
            related(
                m.span,
                tr!(
                    lang,
                    format!("旧格式标志「{}」", m.marker),
                    format!("old-format marker “{}”", m.marker)
                ),
            )
        })
        .collect();
    if let Some(f) = cx.emit(&RULE.meta, first.span, msg) {
        f.related = rel;
    }
}
