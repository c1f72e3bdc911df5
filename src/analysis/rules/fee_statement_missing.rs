//! `fee-statement-missing`: section 六 does not state the 信息处理费.
//!
//! Format spec §2 [practice, strong]: section 六 states the 信息处理费 charged
//! under 《政府信息公开信息处理费管理办法》(国办函〔2020〕109号) — even when nil
//! ("本机关未收取信息处理费"), often with the number of 收费通知 and the amounts.
//! And when table 3's （六）2 (申请人逾期未按收费通知要求缴纳费用) is above 0,
//! 收费通知 were issued that year, so section 六 should speak of them. The fix
//! inserts a sentence for the drafter to complete (not safe). 信息处理费 (元) is
//! not 行政事业性收费 (万元, table 2): the two are not linked. Not flagged: a
//! section 六 that is bare (`thin-section` reports it once, asking for the fee
//! statement), a report for 2019 or 2020 (the 办法 took effect in 2021), a
//! missing section 六 (`missing-section`).

use super::{Category, Context, Rule, RuleMeta};
use crate::analysis::finding::{Edit, Fix, Severity};
use crate::analysis::format::{SectionId, T3_TOTAL_COL, T3Row};
use crate::analysis::syntax::prose::{KEY_FEE, KEY_FEE_NOTICE};
use crate::tr;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "fee-statement-missing",
        name: ["未说明信息处理费", "Fee statement missing"],
        category: Category::Narrative,
        default: Some(Severity::Warning),
        summary: [
            "第六部分没有说明信息处理费收取情况",
            "Section 六 does not state the 信息处理费",
        ],
        explanation: [
            "按照《政府信息公开信息处理费管理办法》（国办函〔2020〕109号），第六部分应说明信息处理费的收取情况，未收取的也应写明“本机关未收取信息处理费”，收取的一般写明发出收费通知的件数和金额。表三“（六）其他处理 2.申请人逾期未按收费通知要求缴纳费用”大于 0 时，说明当年发出过收费通知，第六部分更应说明。修复为插入一句待补全的说明（非安全修复）。注意：信息处理费（元）与表二的行政事业性收费（万元）不是一回事。不报告：第六部分只写“无”或寥寥数字的（由 thin-section 报告一次，其中已要求说明信息处理费）；2019、2020年度的报告（该办法自2021年起施行）；整个缺失第六部分的（见 missing-section）。",
            "Under 《政府信息公开信息处理费管理办法》 (国办函〔2020〕109号), section 六 states the 信息处理费 charged — even when nil (\"本机关未收取信息处理费\"), usually with the number of 收费通知 and the amounts. When table 3's （六）2 is above 0, 收费通知 were issued that year and section 六 should say so. The fix inserts a sentence to complete (not safe). 信息处理费 (元) is not table 2's 行政事业性收费 (万元). Not flagged: a bare section 六 (thin-section reports it once and asks for the fee statement), reports for 2019 and 2020 (the 办法 took effect in 2021), a missing section 六 (missing-section).",
        ],
        bad: "六、其他需要报告的事项\n\n全年按要求落实上级年度政务公开工作要点。\n",
        good: "六、其他需要报告的事项\n\n本机关全年未发出收费通知，未收取信息处理费。全年按要求落实上级年度政务公开工作要点。\n",
    },
    check,
};

fn check(cx: &mut Context) {
    let report = cx.report;
    let lang = cx.lang;
    let Some((s, _, keys)) = report.content(SectionId::Other) else {
        return;
    };
    // The 信息处理费 exists from 2021; a bare section 六 is `thin-section`'s
    // one finding, which asks for the fee statement too.
    if cx.year().is_some_and(|y| y <= 2020)
        || super::thin_section::is_thin(report, SectionId::Other)
    {
        return;
    }
    let notices = report
        .t3
        .as_ref()
        .and_then(|t| t.value(T3Row::O2, T3_TOTAL_COL))
        .unwrap_or(0);
    let (msg, sentence) = if keys & KEY_FEE == 0 {
        (
            tr!(
                lang,
                "第六部分没有说明信息处理费的收取情况；未收取的也应写明“本机关未收取信息处理费”".to_string(),
                "Section 六 does not state the 信息处理费; even when none was charged it should say \"本机关未收取信息处理费\"".to_string()
            ),
            "本机关全年发出信息处理费收费通知【　】件，收取信息处理费【　】元。（未收取的，请改为“本机关未收取信息处理费”。）",
        )
    } else if notices > 0 && keys & KEY_FEE_NOTICE == 0 {
        (
            tr!(
                lang,
                format!(
                    "表三「（六）其他处理 2.申请人逾期未按收费通知要求缴纳费用」为 {notices}，说明本年发出过收费通知，但第六部分没有说明收费通知的情况"
                ),
                format!(
                    "Table 3's （六）2 is {notices}, so 收费通知 were issued this year, but section 六 does not mention them"
                )
            ),
            "本机关全年发出信息处理费收费通知【　】件，收取信息处理费【　】元。",
        )
    } else {
        return;
    };
    // After the heading line.
    let at = s.line.end;
    let fix = Fix {
        title: tr!(
            lang,
            "插入待补全的信息处理费说明".to_string(),
            "Insert a 信息处理费 sentence to complete".to_string()
        ),
        safe: false,
        edits: vec![Edit::insert(
            at,
            format!("{nl}{nl}{sentence}", nl = report.line_ending),
        )],
    };
    if let Some(f) = cx.emit(&RULE.meta, s.text, msg) {
        f.fixes.push(fix);
    }
}
