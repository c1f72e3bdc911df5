//! `label-drift`: a fixed label of a table worded differently from the format.
//!
//! Format spec §8: labels are matched after normalisation (widths, spaces,
//! quotes); one whose words differ is drift: a typo ("其他法律行政止公开"),
//! old wording ("规范性文件" for "行政规范性文件", "本年决定处理数量" for
//! "本年处理决定数量"), a wrong numeral. The row is still recognised; the fix
//! writes the canonical label (safe, when the label lies within one cell).
//! Differences that normalisation removes are not drift: punctuation ("1、"
//! for "1.", "," for "、"), widths, spaces, quotes, a numbering prefix lost or
//! mangled while the words name the row. They are an info at most (their fix
//! is safe, so `--fix` still writes the format's label). Not reported either:
//! labels truncated by a page break (layout damage), and table 2 written in the
//! 2019 trial format (its labels are right for 2019 and 2020; from 2021 on
//! `outdated-template` reports the table once).

use super::{Category, Context, Rule, RuleMeta, replace_fix};
use crate::analysis::finding::Severity;
use crate::analysis::format::{Format, TableId};
use crate::analysis::syntax::label::wording_differs;
use crate::tr;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "label-drift",
        name: ["表格标签措辞不符", "Label drift"],
        category: Category::Tables,
        default: Some(Severity::Warning),
        summary: [
            "表格的固定标签与格式规定的措辞不一致",
            "A fixed table label differs from the format's wording",
        ],
        explanation: [
            "表格标签经规范化（全半角、空格、引号）后与规定措辞比对；文字不同的即为标签偏差（警告）：错别字（“其他法律行政止公开”）、旧措辞（“规范性文件”应为“行政规范性文件”，“本年决定处理数量”应为“本年处理决定数量”）、序号写错。该行仍能识别；修复为规定措辞（标签位于同一单元格时为安全修复）。不算偏差：只有标点（“1、”与“1.”，“,”与“、”）、全半角、空格、引号的差别，或序号丢失、识别错而文字能确定是哪一行的——这些最多作为提示（info），--fix 仍会统一为规定写法。不报告：因分页被截断的标签（版式损坏）；按2019年试行格式书写的表二（2019、2020年度正是应使用的格式；2021年起由 outdated-template 报告一次）。",
            "Labels are compared after normalisation (widths, spaces, quotes); one whose words differ is drift (a warning): a typo, old wording (\"规范性文件\" for \"行政规范性文件\"), a wrong numeral. The row is still recognised; the fix writes the canonical label (safe when the label lies in one cell). Not drift: differences of punctuation (\"1、\" for \"1.\", \",\" for \"、\"), width, spaces or quotes, or a numbering prefix lost or mangled while the words name the row — an info at most, and --fix still writes the format's label. Not reported: labels truncated by a page break (layout damage); table 2 written in the 2019 trial format (right for 2019 and 2020; from 2021 outdated-template reports it once).",
        ],
        bad: "规范性文件\t2\t1\t12\n",
        good: "行政规范性文件\t2\t1\t12\n",
    },
    check,
};

fn check(cx: &mut Context) {
    let report = cx.report;
    let lang = cx.lang;
    // A table 2 in the 2019 trial format has that format's labels (规范性文件,
    // 处理决定数量): right in a report for 2019 or 2020, `outdated-template`'s
    // one finding from 2021 on. Table 3's labels are the same in both formats.
    let trial_t2 = report
        .t2
        .as_ref()
        .is_some_and(|t| t.format == Format::Trial2019)
        || cx.outdated_table(TableId::T2);
    for d in &report.drift {
        if d.table == TableId::T2 && trial_t2 {
            continue;
        }
        let (tz, te) = (d.table.name_zh(), d.table.name_en());
        let wording = wording_differs(&d.written, &d.canonical);
        let msg = if wording {
            tr!(
                lang,
                format!(
                    "{tz}标签「{}」与格式规定的「{}」不一致",
                    d.written, d.canonical
                ),
                format!(
                    "{te} label “{}” differs from the format's “{}”",
                    d.written, d.canonical
                )
            )
        } else {
            tr!(
                lang,
                format!(
                    "{tz}标签「{}」与格式规定的「{}」只有标点、序号或空格的差别，可统一为规定写法",
                    d.written, d.canonical
                ),
                format!(
                    "{te} label “{}” differs from the format's “{}” in punctuation, numbering or spaces only; it can be written as the format has it",
                    d.written, d.canonical
                )
            )
        };
        let title = tr!(
            lang,
            format!("改为「{}」", d.canonical),
            format!("Write “{}”", d.canonical)
        );
        let fix = d
            .fixable
            .then(|| replace_fix(title, true, d.span, d.canonical.clone()));
        let f = if wording {
            cx.emit(&RULE.meta, d.span, msg)
        } else {
            cx.emit_at_most(&RULE.meta, Severity::Info, d.span, msg)
        };
        if let Some(f) = f {
            f.fixes.extend(fix);
        }
    }
}
