//! `cases-without-applications`: table 4 counts 行政复议 or 行政诉讼 cases while
//! table 3 has no application at all and the text is silent about them.
//!
//! Format spec §3–§4: table 4 counts reviews and lawsuits *about government
//! information disclosure*, which arise from applications (or, rarely, from
//! 主动公开). With no application received this year and none carried over
//! (table 3 一 and 二 总计 both 0), a case is possible — an application of an
//! earlier year, a complaint about 主动公开 — but unusual, and reviewers expect
//! a sentence explaining it. Often the cases are the body's 行政复议 and
//! 行政诉讼 of every kind, counted by mistake. Info only.

use super::{Category, Context, Rule, RuleMeta};
use crate::analysis::finding::Severity;
use crate::analysis::format::{T3_TOTAL_COL, T3Row};
use crate::tr;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "cases-without-applications",
        name: ["有复议诉讼而无申请", "Cases without applications"],
        category: Category::Narrative,
        default: Some(Severity::Info),
        summary: [
            "表四有行政复议或行政诉讼案件，而表三没有申请、正文也未作说明",
            "Table 4 has cases while table 3 has no applications and the text is silent",
        ],
        explanation: [
            "表四统计的是因政府信息公开引起的行政复议和行政诉讼，一般源于依申请公开。本年既未新收申请、也无上年结转（表三第一项、第二项总计均为 0）时仍有案件，虽有可能（以往年度的申请、对主动公开的异议），但并不常见，正文应作说明；更常见的情况是误把本机关全部行政复议、行政诉讼案件填入表四。仅作提示。不报告：正文任何地方提到了行政复议或行政诉讼的（视为已作说明）；表三有新收或结转申请的；表三、表四的相关数值为空、无法确定的。",
            "Table 4 counts reviews and lawsuits about government information disclosure, which mostly arise from applications. With no application received and none carried over (table 3 rows 一 and 二 总计 both 0), cases are possible (an earlier year's application, a complaint about 主动公开) but unusual, and the text should explain them; more often every review and lawsuit of the body was counted by mistake. Info only. Not flagged: a text that mentions 行政复议 or 行政诉讼 anywhere (taken as the explanation); applications received or carried over; values of tables 3 and 4 that are empty or undetermined.",
        ],
        bad: concat!(
            "三、收到和处理政府信息公开申请情况\n\n",
            "一、本年新收政府信息公开申请数量\t0\t0\t0\t0\t0\t0\t0\n",
            "二、上年结转政府信息公开申请数量\t0\t0\t0\t0\t0\t0\t0\n\n",
            "四、政府信息公开行政复议、行政诉讼情况\n\n",
            "行政复议\t\t\t\t\t行政诉讼\n",
            "\t\t\t\t\t未经复议直接起诉\t\t\t\t\t复议后起诉\n",
            "结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计\n",
            "1\t0\t0\t0\t1\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\n",
        ),
        good: concat!(
            "三、收到和处理政府信息公开申请情况\n\n",
            "一、本年新收政府信息公开申请数量\t0\t0\t0\t0\t0\t0\t0\n",
            "二、上年结转政府信息公开申请数量\t0\t0\t0\t0\t0\t0\t0\n\n",
            "四、政府信息公开行政复议、行政诉讼情况\n\n",
            "本年度的1件行政复议案件系因2022年受理的政府信息公开申请引起，复议结果为维持。\n\n",
            "行政复议\t\t\t\t\t行政诉讼\n",
            "\t\t\t\t\t未经复议直接起诉\t\t\t\t\t复议后起诉\n",
            "结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计\n",
            "1\t0\t0\t0\t1\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\n",
        ),
    },
    check,
};

fn check(cx: &mut Context) {
    let report = cx.report;
    let lang = cx.lang;
    let Some(t4) = &report.t4 else { return };
    if report.mentions_cases {
        return;
    }
    let solved = cx.solved();
    let cases: i64 = [4, 9, 14]
        .iter()
        .filter_map(|&i| solved.t4[i])
        .filter(|v| *v > 0)
        .sum();
    if cases == 0 {
        return;
    }
    let applications = [T3Row::New, T3Row::Carry].map(|r| solved.t3[r.index()][T3_TOTAL_COL]);
    if applications != [Some(0), Some(0)] {
        return;
    }
    let msg = tr!(
        lang,
        format!(
            "表四有 {cases} 件行政复议、行政诉讼案件，但表三本年没有新收也没有结转的申请，正文也未说明案件来由；请核对表四是否只统计了因政府信息公开引起的案件"
        ),
        format!(
            "Table 4 has {cases} review or lawsuit cases, but table 3 has no application received or carried over and the text does not explain them; check that table 4 counts only cases about information disclosure"
        )
    );
    cx.emit(&RULE.meta, t4.data, msg);
}
