//! `part-list-mismatch`: the intro's "本报告由……组成" lists other parts than the
//! format's six.
//!
//! Format spec §6 ("本报告由……等六部分组成" → the parts listed match the
//! headings). Many intros list the parts; when the list is copied from another
//! report or an old template it names parts the report does not have, misses one,
//! or gets the count wrong. A part that is listed but whose heading is missing is
//! left to `missing-section`, which reports the root cause.
//!
//! Not flagged: a list that goes on past its line (PDF text: it cannot be read
//! whole). The list ends with its sentence, and the message quotes at most a
//! short excerpt of a part that is not one of the six.

use super::{Category, Context, Rule, RuleMeta};
use crate::analysis::finding::Severity;
use crate::analysis::format::SectionId;
use crate::tr;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "part-list-mismatch",
        name: ["引言所列部分不符", "Parts list mismatch"],
        category: Category::Structure,
        default: Some(Severity::Warning),
        summary: [
            "引言“本报告由……组成”所列部分与规定的六个部分不一致",
            "The intro's list of parts differs from the six sections",
        ],
        explanation: [
            "不少报告在引言中写明“本报告由……等六个部分组成”。从其他报告或旧模板复制时，常列出本报告没有的部分、漏列某部分或写错部分数。本规则将所列部分与格式规定的六个部分比对（列表到所在句子结束为止）；某部分列出了但正文缺少标题时，由 missing-section 报告。不报告：跨行延续到下一行的列表（PDF 文本中无法完整读出）。",
            "Many intros say \"本报告由……等六个部分组成\". Copied from another report or an old template, the list names parts the report does not have, misses one, or states the wrong count. The list (which ends with its sentence) is compared with the format's six sections; a listed part whose heading is missing is left to missing-section. Not flagged: a list that goes on past its line (PDF text: it cannot be read whole).",
        ],
        bad: "本报告由总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、存在的主要问题及改进情况、其他需要报告的事项等五个部分组成。",
        good: "本报告由总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议、行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项等六个部分组成。",
    },
    check,
};

fn check(cx: &mut Context) {
    let Some((span, parts)) = &cx.report.parts else {
        return;
    };
    let lang = cx.lang;
    let mut problems: Vec<String> = Vec::new();
    for u in &parts.unknown {
        problems.push(tr!(
            lang,
            format!("所列「{}」不是规定的部分", super::excerpt(u, 20)),
            format!("“{}” is not one of the six parts", super::excerpt(u, 20))
        ));
    }
    for id in SectionId::ALL {
        if !parts.sections.contains(&id) {
            problems.push(tr!(
                lang,
                format!("未列出「{}」", id.title()),
                format!("“{}” is not listed", id.title())
            ));
        }
    }
    let listed = parts.sections.len() + parts.unknown.len();
    if let Some(n) = parts.count {
        if n as usize != listed {
            problems.push(tr!(
                lang,
                format!("称共 {n} 个部分，实际列出 {listed} 个"),
                format!("it says {n} parts but lists {listed}")
            ));
        } else if n != 6 {
            problems.push(tr!(
                lang,
                format!("称共 {n} 个部分，规定为六个部分"),
                format!("it says {n} parts; the format has six")
            ));
        }
    }
    if problems.is_empty() {
        return;
    }
    let msg = tr!(
        lang,
        format!(
            "引言所列组成部分与规定的六个部分不一致：{}",
            problems.join("；")
        ),
        format!(
            "The intro's list of parts differs from the six sections: {}",
            problems.join("; ")
        )
    );
    cx.emit(&RULE.meta, *span, msg);
}
