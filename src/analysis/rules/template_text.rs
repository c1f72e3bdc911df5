//! `template-text`: template text left in the report — a prompt to the drafter
//! ("【请填写：…】", the skeleton of `nianbao new` and of the templates bodies
//! hand out) or a placeholder standing for a name, a number or a date ("XX市",
//! "××件", "○○县", "20XX年", "X月X日").
//!
//! Format spec §1: the report opens with the body's name and the year, and
//! every part is the body's own account; a published report with "【请填写】"
//! or "XX局" in it is incomplete, and reviewers catch it by eye. Category
//! narrative and content: it is about what the text says, wherever it is
//! (the title too), not about the report's skeleton.
//!
//! Found by `syntax::placeholder`, which is written to stay silent on real
//! text: "XX" beside Latin letters or in an address, a single "×" used for
//! multiplication, "〇〇" in a year written in Chinese numerals, and a mask
//! after a surname ("张XX": a person's name hidden on purpose) are not
//! template text. No fix: only the drafter knows what belongs there.

use super::{Category, Context, Rule, RuleMeta};
use crate::analysis::finding::Severity;
use crate::analysis::syntax::placeholder::MarkKind;
use crate::tr;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "template-text",
        name: ["残留模板文字", "Template text"],
        category: Category::Narrative,
        default: Some(Severity::Error),
        summary: [
            "报告中残留模板提示（【请填写…】）或占位符（XX、××、○○）",
            "Template prompts (【请填写…】) or placeholders (XX, ××, ○○) left in the report",
        ],
        explanation: [
            "报告应以本机关名称和年份为标题，各部分写明本机关的实际情况。模板中的提示文字（nianbao new 生成的“【请填写：…】”、“此处填写”等）和代替名称、数字、日期的占位符（“XX市”“××件”“○○县”“20XX年”“X月X日”）若未替换就发布，报告即不完整，审核时一眼可见。每处提示或占位符都报告为错误，位置即其所在之处；同一行中相邻的占位符合并报告。以下不报告：与拉丁字母、数字或网址相连的“XX”（如 www.xx.gov.cn），表示乘号的单个“×”，中文数字年份中的“〇〇”（二〇〇八年），以及姓氏后有意隐去姓名的“张XX”“王××”。没有自动修复：应填写的内容只有起草人知道。",
            "A report is titled with the body's name and the year, and each part gives the body's own account. A template's prompts (\"【请填写：…】\" as written by nianbao new, \"此处填写\") and placeholders standing for a name, number or date (\"XX市\", \"××件\", \"○○县\", \"20XX年\", \"X月X日\") published as they are leave the report incomplete, and reviewers see them at a glance. Each prompt or placeholder is an error at its place; placeholders next to each other on a line are one finding. Not flagged: \"XX\" joined to Latin letters, digits or an address (www.xx.gov.cn), a single \"×\" for multiplication, \"〇〇\" inside a year in Chinese numerals (二〇〇八年), and a name hidden on purpose after a surname (\"张XX\", \"王××\"). No fix: only the drafter knows what belongs there.",
        ],
        bad: "（一）主动公开。【请填写：全年主动公开政府信息的数量、渠道和重点领域。】\n",
        good: "（一）主动公开。全年主动公开政府信息1326条，重点公开就业创业、社会保障等领域信息。\n",
    },
    check,
};

fn check(cx: &mut Context) {
    let lang = cx.lang;
    for m in &cx.report.template {
        let q = &m.text;
        let msg = match m.kind {
            MarkKind::Prompt => tr!(
                lang,
                format!("残留模板提示「{q}」：请替换为本机关的实际情况"),
                format!(
                    "Template prompt left in the report: “{q}”; replace it with the body's own account"
                )
            ),
            MarkKind::Placeholder => tr!(
                lang,
                format!("残留占位符「{q}」：请填写实际的名称、数字或日期"),
                format!(
                    "Placeholder left in the report: “{q}”; write the actual name, number or date"
                )
            ),
        };
        cx.emit(&RULE.meta, m.span, msg);
    }
}
