//! `missing-title`: the report has no title line "…YYYY年政府信息公开工作年度报告".
//!
//! Format spec §1: a report opens with its title, the body's name and the year
//! it reports on ("XXX(机关名称)YYYY年政府信息公开工作年度报告"). Without it a
//! reader cannot tell whose report it is or for which year, and the year checks
//! have nothing to compare against.

use super::{Category, Context, Rule, RuleMeta};
use crate::analysis::finding::Severity;
use crate::analysis::text::Span;
use crate::tr;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "missing-title",
        name: ["缺少标题", "Missing title"],
        category: Category::Structure,
        default: Some(Severity::Warning),
        summary: [
            "缺少“机关名称+YYYY年政府信息公开工作年度报告”形式的标题",
            "No title line \"…YYYY年政府信息公开工作年度报告\"",
        ],
        explanation: [
            "报告应以“机关名称+YYYY年政府信息公开工作年度报告”为标题（国办公开办函〔2021〕30号格式）。没有标题，读者无法判断是哪个机关哪一年的报告，年份核对也无从进行。标题中缺少年份同样会被报告。",
            "A report opens with its title: the body's name and the year, \"XXX YYYY年政府信息公开工作年度报告\" (national format, 国办公开办函〔2021〕30号). Without it a reader cannot tell whose report it is or for which year, and the year checks have nothing to compare against. A title without the year is reported too.",
        ],
        bad: "示例市示例局政府信息公开工作年度报告\n",
        good: "示例市示例局2023年政府信息公开工作年度报告\n",
    },
    check,
};

fn check(cx: &mut Context) {
    let lang = cx.lang;
    match &cx.report.title {
        Some(t) if t.year.is_some() => {}
        Some(t) => {
            let span = t.span;
            let msg = tr!(
                lang,
                "标题缺少年份：应为“机关名称+YYYY年政府信息公开工作年度报告”".to_string(),
                "The title has no year: it should read \"<body> YYYY年政府信息公开工作年度报告\""
                    .to_string()
            );
            cx.emit(&RULE.meta, span, msg);
        }
        None => {
            // Point at the first line with text.
            let lines = &cx.report.lines;
            let first = (0..lines.line_count())
                .map(|i| lines.line_span(i))
                .find(|s| !s.is_empty())
                .map(|s| Span::at(s.start))
                .unwrap_or_default();
            let msg = tr!(
                lang,
                "缺少标题：报告应以“机关名称+YYYY年政府信息公开工作年度报告”开头".to_string(),
                "No title: a report opens with \"<body> YYYY年政府信息公开工作年度报告\""
                    .to_string()
            );
            cx.emit(&RULE.meta, first, msg);
        }
    }
}
