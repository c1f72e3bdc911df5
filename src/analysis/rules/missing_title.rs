//! `missing-title`: the report's title is not "…YYYY年政府信息公开工作年度报告".
//!
//! Format spec §1: a report opens with its title, the body's name and the year
//! it reports on ("XXX(机关名称)YYYY年政府信息公开工作年度报告"). Without the year
//! a reader cannot tell which year it is for, and the year checks have nothing
//! to compare against; a title in another form (a page's headline, "关于……的报告")
//! does not name the report as the format does.
//!
//! Not flagged: a text without any title line, when it begins with the report's
//! content (section 一, the intro) or starts after the report's start (a page of
//! a flip-book): the title of a published report stands in the page's headline
//! or on the document's cover, which copies of the text leave out.

use super::{Category, Context, Rule, RuleMeta, excerpt};
use crate::analysis::finding::Severity;
use crate::tr;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "missing-title",
        name: ["缺少标题", "Missing title"],
        category: Category::Structure,
        default: Some(Severity::Warning),
        summary: [
            "标题不是“机关名称+YYYY年政府信息公开工作年度报告”的形式",
            "The title is not \"…YYYY年政府信息公开工作年度报告\"",
        ],
        explanation: [
            "报告应以“机关名称+YYYY年政府信息公开工作年度报告”为标题（国办公开办函〔2021〕30号格式）。标题中缺少年份，读者无法判断是哪一年的报告，年份核对也无从进行；标题写成其他形式（网页标题、“关于……的报告”），也不符合格式。不报告：文本中没有任何标题行、直接从正文（第一部分或引言）开始，或从报告中途开始（翻页版的某一页）——已发布报告的标题在网页标题或文件封面上，复制的文本常不包含它。",
            "A report opens with its title: the body's name and the year, \"XXX YYYY年政府信息公开工作年度报告\" (national format, 国办公开办函〔2021〕30号). Without the year a reader cannot tell which year it is for and the year checks have nothing to compare against; a title in another form (a page's headline, \"关于……的报告\") does not name the report as the format does. Not flagged: a text without any title line that begins with the report's content (section 一, the intro) or after the report's start (a page of a flip-book): a published report's title stands in the page's headline or on the cover, which copied text leaves out.",
        ],
        bad: "示例市示例局政府信息公开工作年度报告\n",
        good: "示例市示例局2023年政府信息公开工作年度报告\n",
    },
    check,
};

fn check(cx: &mut Context) {
    let lang = cx.lang;
    let report = cx.report;
    match (&report.title, &report.headline) {
        (Some(t), _) if t.year.is_some() => {}
        (Some(t), _) => {
            let span = t.span;
            let msg = tr!(
                lang,
                "标题缺少年份：应为“机关名称+YYYY年政府信息公开工作年度报告”".to_string(),
                "The title has no year: it should read \"<body> YYYY年政府信息公开工作年度报告\""
                    .to_string()
            );
            cx.emit(&RULE.meta, span, msg);
        }
        (None, Some((span, written))) => {
            let w = excerpt(written, 30);
            let msg = tr!(
                lang,
                format!("标题「{w}」不是规定的形式：应为“机关名称+YYYY年政府信息公开工作年度报告”"),
                format!(
                    "The title “{w}” is not in the format's form: \"<body> YYYY年政府信息公开工作年度报告\""
                )
            );
            let span = *span;
            cx.emit(&RULE.meta, span, msg);
        }
        (None, None) => {}
    }
}
