//! `overview-topics`: 一、总体情况 does not cover one of its five topics.
//!
//! Format spec §2: the overview summarises 主动公开、依申请公开、政府信息管理、
//! 政府信息公开平台建设 and 监督保障 (for governments, 监督保障 includes
//! 工作考核、社会评议和责任追究结果情况, 条例第五十条第四项); reports usually
//! give each its own sub-heading. A topic no word of the overview speaks of is
//! probably missing. Info only: the wording varies.

use super::{Category, Context, Rule, RuleMeta};
use crate::analysis::finding::Severity;
use crate::analysis::format::SectionId;
use crate::analysis::syntax::prose::{
    KEY_MANAGEMENT, KEY_PLATFORM, KEY_PROACTIVE, KEY_REQUESTS, KEY_SUPERVISION, Keys,
};
use crate::tr;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "overview-topics",
        name: ["总体情况缺少要点", "Overview topics"],
        category: Category::Narrative,
        default: Some(Severity::Info),
        summary: [
            "“一、总体情况”未涵盖主动公开、依申请公开、政府信息管理、平台建设、监督保障之一",
            "一、总体情况 does not cover one of its five topics",
        ],
        explanation: [
            "格式要求总体情况概述主动公开、依申请公开、政府信息管理、政府信息公开平台建设和监督保障五个方面（各级人民政府的监督保障还应包括工作考核、社会评议和责任追究结果情况），通常各设一个小标题。总体情况中完全没有提到某一方面时，很可能遗漏了。措辞多样，故仅作提示。不报告：以任何措辞提到了该方面的（不评判写得多少、好坏）；没有第一部分的（见 missing-section）。",
            "The overview summarises 主动公开, 依申请公开, 政府信息管理, 平台建设 and 监督保障 (for governments including 工作考核、社会评议和责任追究), usually one sub-heading each. A topic the overview never mentions is probably missing. Info only, since the wording varies. Not flagged: a topic mentioned in any wording (how much or how well is not judged); a missing section 一 (missing-section).",
        ],
        bad: "（四）政府信息公开平台建设。持续加强政府网站和政务新媒体管理，及时更新各类栏目内容。\n\n二、",
        good: "（四）政府信息公开平台建设。持续加强政府网站和政务新媒体管理，及时更新各类栏目内容。\n\n（五）监督保障。将政务公开工作纳入年度绩效考核，定期开展自查，对发现的问题及时整改。\n\n二、",
    },
    check,
};

const TOPICS: [(Keys, &str, &str); 5] = [
    (KEY_PROACTIVE, "主动公开", "主动公开"),
    (KEY_REQUESTS, "依申请公开", "依申请公开"),
    (KEY_MANAGEMENT, "政府信息管理", "政府信息管理"),
    (KEY_PLATFORM, "政府信息公开平台建设", "平台建设"),
    (KEY_SUPERVISION, "监督保障", "监督保障"),
];

fn check(cx: &mut Context) {
    let report = cx.report;
    let lang = cx.lang;
    let Some((s, _, keys)) = report.content(SectionId::Overview) else {
        return;
    };
    let missing: Vec<&str> = TOPICS
        .iter()
        .filter(|(k, _, _)| keys & k == 0)
        .map(|(_, zh, _)| *zh)
        .collect();
    if missing.is_empty() {
        return;
    }
    let msg = tr!(
        lang,
        format!(
            "“一、总体情况”没有提到{}",
            missing
                .iter()
                .map(|m| format!("「{m}」"))
                .collect::<String>()
        ),
        format!(
            "一、总体情况 does not mention {}",
            missing
                .iter()
                .map(|m| format!("“{m}”"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    );
    cx.emit(&RULE.meta, s.text, msg);
}
