//! `year-mismatch`: the title's year, the 统计期限 and the report year the
//! narrative names disagree.
//!
//! Format spec §1 and §6: the title names the year reported on, the intro's
//! 统计期限 is "YYYY年1月1日至12月31日" of that year, and mentions of the report
//! itself ("2023年度政府信息公开工作年度报告") name it too. A 2023 report whose
//! 统计期限 still says 2022 was copied from last year's and not updated.

use super::{Category, Context, Rule, RuleMeta, related, replace_fix};
use crate::analysis::finding::Severity;
use crate::analysis::model::YearKind;
use crate::tr;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "year-mismatch",
        name: ["年份不一致", "Year mismatch"],
        category: Category::Narrative,
        default: Some(Severity::Error),
        summary: [
            "标题年份、统计期限和正文所称的报告年度不一致",
            "Title year, 统计期限 and the narrative's report year disagree",
        ],
        explanation: [
            "标题写明报告年度，引言的统计期限应为该年度的1月1日至12月31日，正文提到本报告时（“2023年度政府信息公开工作年度报告”）也应是同一年度。2023年度的报告统计期限仍写2022年，说明是从上一年报告复制后未改。不报告：正文中其他年份（“2024年我们将……”“较2022年下降”“2022年以来”）；没有标题年份、也没有配置年份时以统计期限为准，不另作比较。",
            "The title names the year reported on; the intro's 统计期限 must be 1 January to 31 December of that year, and mentions of the report itself name the same year. A 2023 report whose 统计期限 still says 2022 was copied from last year's and not updated. Not flagged: other years in the text (plans for next year, comparisons with earlier years, \"2022年以来\"); without a title year or a configured one, the 统计期限 is the reference.",
        ],
        bad: "本报告中所列数据的统计期限为2022年1月1日至2022年12月31日。",
        good: "本报告中所列数据的统计期限为2023年1月1日至2023年12月31日。",
    },
    check,
};

fn check(cx: &mut Context) {
    let report = cx.report;
    let lang = cx.lang;
    let (reference, from_title) = match report.year().or(cx.config.year) {
        Some(y) => (y, report.year().is_some()),
        None => match report.years.iter().find(|y| y.kind == YearKind::Period) {
            Some(y) => (y.year, false),
            None => return,
        },
    };
    let source = if from_title {
        tr!(lang, "标题", "the title")
    } else {
        tr!(lang, "统计期限", "the 统计期限")
    };
    let title_span = report.title.as_ref().and_then(|t| t.year_span);
    for y in report
        .years
        .iter()
        .filter(|y| y.year != reference && y.kind != YearKind::Opening)
    {
        let what = match y.kind {
            YearKind::Period => tr!(lang, "统计期限", "the 统计期限"),
            YearKind::ReportName | YearKind::Opening => {
                tr!(lang, "正文所称的报告年度", "the report year in the text")
            }
        };
        let msg = tr!(
            lang,
            format!(
                "{what}写的是 {} 年，但{source}的报告年度为 {reference} 年",
                y.year
            ),
            format!(
                "{} says {}, but {source} gives {reference}",
                capital(what),
                y.year
            )
        );
        let rel = title_span.map(|s| {
            related(
                s,
                tr!(
                    lang,
                    format!("标题：{reference} 年"),
                    format!("title: {reference}")
                ),
            )
        });
        // Not safe: the title may be the wrong side.
        let fix = replace_fix(
            tr!(
                lang,
                format!("改为 {reference} 年"),
                format!("Change to {reference}")
            ),
            false,
            y.span,
            reference.to_string(),
        );
        if let Some(f) = cx.emit(&RULE.meta, y.span, msg) {
            f.related.extend(rel);
            f.fixes.push(fix);
        }
    }
}

fn capital(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}
