//! `thin-section`: section 五 or 六 is "无" or only a few characters.
//!
//! Format spec §2: section 五 reports the main problems and the measures taken;
//! a section that is only "无" or a few characters is deficient. Section 六
//! states at least the 信息处理费; a bare "无" is deficient too. The notice
//! issuing the format names "内容不准确不全面" among the failings officials are
//! held responsible for. A thin section 六 is one finding here, not a second
//! one from `fee-statement-missing`; in a report for 2019 or 2020 (before the
//! 信息处理费, 国办函〔2020〕109号, took effect in 2021) the message does not
//! ask for it. Not flagged: a section with a few sentences of its own, however
//! plain (content is not judged), or a section that is missing altogether
//! (`missing-section`).

use super::{Category, Context, Rule, RuleMeta};
use crate::analysis::finding::Severity;
use crate::analysis::format::SectionId;
use crate::analysis::model::Report;
use crate::tr;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "thin-section",
        name: ["部分内容过少", "Thin section"],
        category: Category::Narrative,
        default: Some(Severity::Warning),
        summary: [
            "第五或第六部分只有“无”或寥寥数字",
            "Section 五 or 六 is \"无\" or only a few characters",
        ],
        explanation: [
            "第五部分应写明存在的主要问题和改进措施，第六部分至少应说明信息处理费收取情况。只写“无”或寥寥数字属于内容不全，格式通知将“发布内容不准确不全面”列为追责情形。第六部分过少时只在此报告一次，不再另报“未说明信息处理费”；2019、2020年度的报告（信息处理费自2021年起收取）不要求说明信息处理费。不报告：有几句实际内容的部分（不评判内容好坏），整个缺失的部分（见 missing-section）。",
            "Section 五 reports the main problems and the measures taken; section 六 states at least the 信息处理费. A section that is only \"无\" or a few characters is deficient; the notice issuing the format names incomplete content among the failings officials answer for. A thin section 六 is reported here once, not again by fee-statement-missing; reports for 2019 and 2020 (before the 信息处理费 existed, 2021) are not asked for it. Not flagged: a section with a few sentences of its own (content is not judged), a missing section (missing-section).",
        ],
        bad: "六、其他需要报告的事项\n\n无。\n",
        good: "六、其他需要报告的事项\n\n本机关全年未发出收费通知，未收取信息处理费。全年按要求落实上级年度政务公开工作要点，人大代表建议和政协提案办理结果均已按规定公开。\n",
    },
    check,
};

/// Fewer characters than this is "a few".
const MIN_CHARS: [(SectionId, u32); 2] = [(SectionId::Problems, 30), (SectionId::Other, 10)];

/// Whether a section is there but says (next to) nothing.
pub fn is_thin(report: &Report, id: SectionId) -> bool {
    let Some(&(_, min)) = MIN_CHARS.iter().find(|(s, _)| *s == id) else {
        return false;
    };
    report.content(id).is_some_and(|(_, chars, _)| chars < min)
}

fn check(cx: &mut Context) {
    let report = cx.report;
    let lang = cx.lang;
    // The 信息处理费 exists from 2021 (国办函〔2020〕109号).
    let fees = cx.year().is_none_or(|y| y >= 2021);
    for (id, min) in MIN_CHARS {
        let Some((s, chars, _)) = report.content(id) else {
            continue;
        };
        if chars >= min {
            continue;
        }
        let should = tr!(
            lang,
            match id {
                SectionId::Problems => "存在的主要问题和改进情况",
                _ if fees => "信息处理费收取情况等其他需要报告的事项",
                _ => "其他需要报告的事项",
            },
            match id {
                SectionId::Problems => "the main problems and improvements",
                _ if fees => "the 信息处理费 and other matters",
                _ => "the other matters to report",
            }
        );
        // A bare "无" reads as an empty cell marker, not as prose: 0 characters.
        let msg = if chars == 0 {
            tr!(
                lang,
                format!(
                    "第{}部分没有实质内容（空白或只写了“无”），应写明{should}",
                    id.numeral()
                ),
                format!(
                    "Section {} has no content (blank or just \"无\"); it should report {should}",
                    id.numeral()
                )
            )
        } else {
            tr!(
                lang,
                format!(
                    "第{}部分内容过少（正文仅 {} 个字），应写明{should}",
                    id.numeral(),
                    chars
                ),
                format!(
                    "Section {} is too thin ({} characters of text); it should report {should}",
                    id.numeral(),
                    chars
                )
            )
        };
        cx.emit(&RULE.meta, s.text, msg);
    }
}
