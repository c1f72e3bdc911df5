//! `duplicate-section`: a section heading appears twice.
//!
//! Format spec §1 has each of the six sections once. A repeated heading is
//! usually copy-paste left over from a draft, and splits the section's content in
//! two. A duplicated preview block at the top of the file (the title and first
//! lines twice, §8.10) is not a duplicate section and is ignored by the parser.

use super::{Category, Context, Rule, RuleMeta, related};
use crate::analysis::finding::Severity;
use crate::tr;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "duplicate-section",
        name: ["部分重复", "Duplicate section"],
        category: Category::Structure,
        default: Some(Severity::Warning),
        summary: ["同一部分的标题出现两次", "A section appears twice"],
        explanation: [
            "六个部分各出现一次。重复的标题多是草稿复制粘贴的残留，会把一个部分的内容拆成两处。文件开头重复出现的预览块（标题和开头几行重复两遍）不算重复。",
            "Each of the six sections appears once. A repeated heading is usually left over from copy and paste and splits the section in two. A duplicated preview block at the top of the file (the title and first lines twice) is ignored.",
        ],
        bad: "六、其他需要报告的事项\n\n六、其他需要报告的事项\n",
        good: "六、其他需要报告的事项\n",
    },
    check,
};

fn check(cx: &mut Context) {
    let lang = cx.lang;
    let report = cx.report;
    for (k, s) in report.sections.iter().enumerate() {
        let Some(first) = report.sections[..k].iter().find(|p| p.id == s.id) else {
            continue;
        };
        let line = report.lines.line_of(first.line.start) + 1;
        let msg = tr!(
            lang,
            format!("「{}」重复出现（第 {} 行已有该部分）", s.id.heading(), line),
            format!(
                "“{}” appears again (already at line {})",
                s.id.heading(),
                line
            )
        );
        let rel = tr!(
            lang,
            "该部分首次出现在这里".to_string(),
            "first occurrence".to_string()
        );
        if let Some(f) = cx.emit(&RULE.meta, s.text, msg) {
            f.related.push(related(first.text, rel));
        }
    }
}
