//! `label-drift`: a fixed label of a table written differently from the format.
//!
//! Format spec §8: labels are matched after normalisation (widths, spaces,
//! quotes); one that matches only approximately is drift: a typo
//! ("其他法律行政止公开"), old wording ("规范性文件" for "行政规范性文件",
//! "本年决定处理数量" for "本年处理决定数量"), a wrong or missing numeral, or "1、"
//! for "1.". The row is still recognised; the fix writes the canonical label
//! (safe, when the label lies within one cell). Truncated labels split by a page
//! break are layout damage, not drift, and are not reported.

use super::{Category, Context, Rule, RuleMeta, replace_fix};
use crate::analysis::finding::Severity;
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
            "表格标签经规范化（全半角、空格、引号）后与规定措辞比对；只能近似匹配的即为标签偏差：错别字（“其他法律行政止公开”）、旧措辞（“规范性文件”应为“行政规范性文件”，“本年决定处理数量”应为“本年处理决定数量”）、序号错误或缺失、“1、”应为“1.”。该行仍能识别；修复为规定措辞（标签位于同一单元格时为安全修复）。因分页被截断的标签属于版式损坏，不报告。",
            "Labels are compared after normalisation (widths, spaces, quotes); one that matches only approximately is drift: a typo, old wording (\"规范性文件\" for \"行政规范性文件\"), a wrong or missing numeral, \"1、\" for \"1.\". The row is still recognised; the fix writes the canonical label (safe when the label lies in one cell). Labels truncated by a page break are not reported.",
        ],
        bad: "规范性文件\t2\t1\t12\n",
        good: "行政规范性文件\t2\t1\t12\n",
    },
    check,
};

fn check(cx: &mut Context) {
    let report = cx.report;
    let lang = cx.lang;
    for d in &report.drift {
        if cx.outdated_table(d.table) {
            continue;
        }
        let (tz, te) = (d.table.name_zh(), d.table.name_en());
        let msg = tr!(
            lang,
            format!(
                "{tz}标签「{}」与格式规定的「{}」不一致",
                d.written, d.canonical
            ),
            format!(
                "{te} label “{}” differs from the format's “{}”",
                d.written, d.canonical
            )
        );
        let title = tr!(
            lang,
            format!("改为「{}」", d.canonical),
            format!("Write “{}”", d.canonical)
        );
        let fix = d
            .fixable
            .then(|| replace_fix(title, true, d.span, d.canonical.clone()));
        if let Some(f) = cx.emit(&RULE.meta, d.span, msg) {
            f.fixes.extend(fix);
        }
    }
}
