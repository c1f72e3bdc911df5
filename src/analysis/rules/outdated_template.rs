//! `outdated-template`: the 2019 trial format in a report for 2021 or later.
//!
//! Format spec §7: the 2019 trial format (国办公开办函〔2019〕60号) was replaced by
//! the 2021 format (国办公开办函〔2021〕30号). Reports for 2019 and 2020 were
//! written in the trial format, which is right for them: they are checked
//! against it (its table 2, its single （六）其他处理 row) and this rule says
//! nothing. From 2021 on, the trial format's markers are reported: its table-2
//! columns and rows (本年新制作数量, 上一年项目数量, 其他对外管理服务事项,
//! 第二十条第（九）项 政府集中采购 …), table 3's （六）其他处理 as a single row, and
//! citing the 2007 条例 (国务院令第492号) instead of the 2019 one (国务院令第711号).
//! One finding for the tables replaces the dozens of missing-row and label
//! findings an old table would otherwise raise (those rules stay silent on a
//! table with these markers); the citation is a finding of its own. The year
//! is the title's (else the configured one, the 统计期限's, the report's name in
//! the text, a sentence of section 一 opening with it); a report of
//! no known year is checked against the 2021 format, and the message says so.

use super::{Category, Context, Rule, RuleMeta, related};
use crate::analysis::finding::Severity;
use crate::analysis::format::{Format, OUTDATED_DECREE, TableId};
use crate::analysis::model::OutdatedMarker;
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
            "2021年起应使用国办公开办函〔2021〕30号规定的格式，取代2019年试行格式（国办公开办函〔2019〕60号）。旧格式的标志：表二的“本年新制作数量”“本年新公开数量”“对外公开总数量”“上一年项目数量”“本年增/减”“其他对外管理服务事项”“第二十条第（九）项 政府集中采购”，表三“（六）其他处理”只有一行而无1–3子项；另外引用“国务院令第492号”（2007年条例，2019年修订后为国务院令第711号）也单独报告。表格的旧格式标志合报一处，代替旧表格引起的大量缺行、标签提示。不报告：2019、2020年度的报告（试行格式正是当年应使用的格式，按试行格式检查）；作为历史提及的国务院令第492号（同一句中还有第711号，或“原《条例》”“2008年……施行以来”“修订”“废止”“取代”等）。年度以标题为准，其次为配置的年度、统计期限、正文所称的报告年度，最后为总体情况中以“2020年，”开头的句子；年度不明的按2021年格式检查，提示中注明。",
            "From 2021 reports use the format of 国办公开办函〔2021〕30号, which replaced the 2019 trial format (国办公开办函〔2019〕60号). Markers of the old format: table-2 columns 本年新制作数量/本年新公开数量/对外公开总数量/上一年项目数量/本年增/减, the row 其他对外管理服务事项, the item 第二十条第（九）项 政府集中采购, table 3's （六）其他处理 as a single row without sub-rows 1–3; citing 国务院令第492号 (the 2007 条例, revised in 2019 as 国务院令第711号) is reported on its own. The tables' markers give one finding, which replaces the many missing-row and label findings an old table would raise. Not flagged: reports for 2019 and 2020, for which the trial format is the right one (they are checked against it); 国务院令第492号 named as history (in a sentence that also names 第711号, or says 原《条例》, 2008年……施行以来, 修订, 废止, 取代). The year is the title's, else the configured one, else the 统计期限's, else the report's own name in the text, else a sentence of section 一 that opens with it (\"2020年，我局……\"); a report of unknown year is checked against the 2021 format, and the message says so.",
        ],
        bad: "根据《中华人民共和国政府信息公开条例》（国务院令第492号）和",
        good: "根据《中华人民共和国政府信息公开条例》和",
    },
    check,
};

fn check(cx: &mut Context) {
    let report = cx.report;
    if report.outdated.is_empty() || cx.format() != Format::National2021 {
        return;
    }
    let lang = cx.lang;
    let year = cx.year();
    // "2023年度报告应使用…" or, of unknown year, "报告年度不明，按…检查".
    let applied = match year {
        Some(y) => tr!(
            lang,
            format!("{y}年度报告应使用{}", Format::National2021.name_zh()),
            format!(
                "A report for {y} should follow {}",
                Format::National2021.name_en()
            )
        ),
        None => tr!(
            lang,
            format!("报告年度不明，按{}检查", Format::National2021.name_zh()),
            format!(
                "The report's year is not known; checked against {}",
                Format::National2021.name_en()
            )
        ),
    };
    let (decree, tables): (Vec<&OutdatedMarker>, Vec<&OutdatedMarker>) = report
        .outdated
        .iter()
        .partition(|m| m.marker == OUTDATED_DECREE);
    if let Some(first) = tables.first() {
        let msg = tables_message(cx, &applied, &tables);
        let rel: Vec<_> = tables[1..]
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
    if let Some(first) = decree.first() {
        // The citation is not a matter of format: the 条例 it names is old.
        let whose = match year {
            Some(y) => tr!(lang, format!("{y}年度报告"), format!("The report for {y}")),
            None => tr!(lang, "报告".to_string(), "The report".to_string()),
        };
        let msg = tr!(
            lang,
            format!(
                "{whose}引用的《条例》为2007年版（{OUTDATED_DECREE}），现行条例为2019年修订的国务院令第711号"
            ),
            format!(
                "{whose} cites the 2007 条例 ({OUTDATED_DECREE}); the 条例 in force is the 2019 revision, 国务院令第711号"
            )
        );
        cx.emit(&RULE.meta, first.span, msg);
    }
}

/// The message of the tables' markers: which tables, the first marker, how many;
/// a lone single （六）其他处理 row said as such.
fn tables_message(cx: &Context, applied: &str, tables: &[&OutdatedMarker]) -> String {
    let lang = cx.lang;
    let only_other = tables.iter().all(|m| m.table == Some(TableId::T3));
    if only_other {
        return tr!(
            lang,
            format!(
                "{applied}，但表三「（六）其他处理」只有一行，是2019年试行格式的写法：2021年格式分为“1.申请人无正当理由逾期不补正……”“2.申请人逾期未按收费通知要求缴纳费用……”“3.其他”三行"
            ),
            format!(
                "{applied}, but table 3's （六）其他处理 is a single row, as in the 2019 trial format: the 2021 format splits it into three rows (1. no correction in time, 2. fee not paid in time, 3. other)"
            )
        );
    }
    let names: Vec<&str> = [TableId::T2, TableId::T3]
        .into_iter()
        .filter(|t| tables.iter().any(|m| m.table == Some(*t)))
        .map(|t| tr!(lang, t.name_zh(), t.name_en()))
        .collect();
    let first = &tables[0].marker;
    let n = tables.len();
    tr!(
        lang,
        format!(
            "{applied}，但{}使用了{}：发现「{first}」等 {n} 处旧格式标志",
            names.join("、"),
            Format::Trial2019.name_zh()
        ),
        format!(
            "{applied}, but {} follow(s) {}: “{first}” and {n} marker(s) in all",
            names.join(" and "),
            Format::Trial2019.name_en()
        )
    )
}
