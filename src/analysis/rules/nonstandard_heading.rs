//! `nonstandard-heading`: a section heading in a wording other than the format's.
//!
//! Format spec §1 gives the canonical headings; real reports use variants such
//! as "四、因政府信息公开工作被申请行政复议、提起行政诉讼情况" or "六、其他事项".
//! The parser accepts them as the same section; this rule offers the canonical
//! wording (a safe fix), since evaluators compare reports heading by heading.
//! Spaces inside a heading and the numeral's punctuation (一、 / 一.) are not
//! reported.

use super::{Category, Context, Rule, RuleMeta, replace_fix};
use crate::analysis::finding::Severity;
use crate::tr;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "nonstandard-heading",
        name: ["标题措辞不规范", "Non-standard heading"],
        category: Category::Structure,
        default: Some(Severity::Info),
        summary: [
            "标题措辞与格式规定不一致",
            "A heading in non-standard wording",
        ],
        explanation: [
            "格式规定了六个部分的标题措辞。“四、因政府信息公开工作被申请行政复议、提起行政诉讼情况”“六、其他事项”等写法仍被识别为对应部分，但建议改用规定措辞（可安全自动修复）。标题中的空格和序号后的标点不报告。",
            "The national format fixes the wording of the six headings. Variants such as \"四、因政府信息公开工作被申请行政复议、提起行政诉讼情况\" are recognised as the same section; this rule offers the canonical wording as a safe fix. Spaces and the numeral's punctuation are not reported.",
        ],
        bad: "六、其他事项\n",
        good: "六、其他需要报告的事项\n",
    },
    check,
};

fn check(cx: &mut Context) {
    let lang = cx.lang;
    for s in &cx.report.sections {
        if s.canonical {
            continue;
        }
        let canonical = s.id.heading();
        let msg = tr!(
            lang,
            format!("标题「{}」不是规定措辞，应为「{}」", s.written, canonical),
            format!(
                "Heading “{}” is not the standard wording “{}”",
                s.written, canonical
            )
        );
        let title = tr!(
            lang,
            format!("改为规定标题「{canonical}」"),
            format!("Use the standard heading “{canonical}”")
        );
        if let Some(f) = cx.emit(&RULE.meta, s.text, msg) {
            f.fixes.push(replace_fix(title, true, s.text, canonical));
        }
    }
}
