//! `section-order`: the six sections are not in the order the format fixes.
//!
//! Format spec §1: 一 总体情况, 二 主动公开, 三 依申请, 四 复议诉讼, 五 问题,
//! 六 其他, in this order. Readers and evaluators compare reports side by side;
//! a section out of place is easily missed. The sections that break the order
//! are found as those outside the longest run in order, so one misplaced
//! section is reported once, not every section after it.

use super::{Category, Context, Rule, RuleMeta};
use crate::analysis::finding::Severity;
use crate::analysis::format::SectionId;
use crate::tr;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "section-order",
        name: ["部分顺序错误", "Sections out of order"],
        category: Category::Structure,
        default: Some(Severity::Warning),
        summary: ["六个部分的顺序与格式规定不一致", "Sections out of order"],
        explanation: [
            "格式规定六个部分依次为：一、总体情况；二、主动公开政府信息情况；三、收到和处理政府信息公开申请情况；四、政府信息公开行政复议、行政诉讼情况；五、存在的主要问题及改进情况；六、其他需要报告的事项。本规则只报告打乱顺序的那几个部分。",
            "The national format fixes the order of the six sections (一 … 六). Only the sections that break the order are reported (those outside the longest run in order), so one misplaced section is reported once.",
        ],
        bad: "一、总体情况\n……\n三、收到和处理政府信息公开申请情况\n……\n二、主动公开政府信息情况\n……\n",
        good: "一、总体情况\n……\n二、主动公开政府信息情况\n……\n三、收到和处理政府信息公开申请情况\n……\n",
    },
    check,
};

fn check(cx: &mut Context) {
    // First occurrence of each section, in document order.
    let mut seen = Vec::new();
    for s in &cx.report.sections {
        if !seen
            .iter()
            .any(|x: &&crate::analysis::model::Section| x.id == s.id)
        {
            seen.push(s);
        }
    }
    let ids: Vec<usize> = seen.iter().map(|s| s.id.index()).collect();
    let keep = longest_increasing(&ids);
    let lang = cx.lang;
    for (k, s) in seen.iter().enumerate() {
        if keep.contains(&k) {
            continue;
        }
        let before = seen[..k].iter().filter(|p| p.id > s.id).map(|p| p.id).min();
        let msg = match before {
            Some(p) => tr!(
                lang,
                format!(
                    "「{}」出现在「{}」之后，顺序应为一至六",
                    s.id.heading(),
                    p.heading()
                ),
                format!(
                    "“{}” comes after “{}”: the sections go from 一 to 六",
                    s.id.heading(),
                    p.heading()
                )
            ),
            None => {
                let after = seen[k + 1..]
                    .iter()
                    .filter(|p| p.id < s.id)
                    .map(|p| p.id)
                    .max()
                    .unwrap_or(SectionId::Overview);
                tr!(
                    lang,
                    format!(
                        "「{}」出现在「{}」之前，顺序应为一至六",
                        s.id.heading(),
                        after.heading()
                    ),
                    format!(
                        "“{}” comes before “{}”: the sections go from 一 to 六",
                        s.id.heading(),
                        after.heading()
                    )
                )
            }
        };
        cx.emit(&RULE.meta, s.text, msg);
    }
}

/// Indices of one longest strictly increasing subsequence.
fn longest_increasing(v: &[usize]) -> Vec<usize> {
    let n = v.len();
    let mut len = vec![1usize; n];
    let mut prev = vec![usize::MAX; n];
    for i in 0..n {
        for j in 0..i {
            if v[j] < v[i] && len[j] + 1 > len[i] {
                len[i] = len[j] + 1;
                prev[i] = j;
            }
        }
    }
    let Some(mut i) = (0..n).max_by_key(|&i| (len[i], std::cmp::Reverse(i))) else {
        return Vec::new();
    };
    let mut out = vec![i];
    while prev[i] != usize::MAX {
        i = prev[i];
        out.push(i);
    }
    out.reverse();
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn lis() {
        assert_eq!(super::longest_increasing(&[0, 1, 3, 2, 4, 5]).len(), 5);
        assert_eq!(
            super::longest_increasing(&[0, 4, 1, 2, 3, 5]),
            vec![0, 2, 3, 4, 5]
        );
    }
}
