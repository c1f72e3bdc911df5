//! `thin-section`: section 五 or 六 is "无" or only a few characters.
//!
//! Format spec §2: section 五 reports the main problems and the measures taken;
//! a section that is only "无" or a few characters is deficient. Section 六
//! states at least the 信息处理费; a bare "无" is deficient too. The notice
//! issuing the format names "内容不准确不全面" among the failings officials are
//! held responsible for.

use super::{Category, Context, Rule, RuleMeta};
use crate::analysis::finding::Severity;
use crate::analysis::format::SectionId;
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
            "第五部分应写明存在的主要问题和改进措施，第六部分至少应说明信息处理费收取情况。只写“无”或寥寥数字属于内容不全，格式通知将“发布内容不准确不全面”列为追责情形。",
            "Section 五 reports the main problems and the measures taken; section 六 states at least the 信息处理费. A section that is only \"无\" or a few characters is deficient; the notice issuing the format names incomplete content among the failings officials answer for.",
        ],
        bad: "六、其他需要报告的事项\n\n无。\n",
        good: "六、其他需要报告的事项\n\n本机关全年未发出收费通知，未收取信息处理费。全年按要求落实上级年度政务公开工作要点，人大代表建议和政协提案办理结果均已按规定公开。\n",
    },
    check,
};

/// Fewer characters than this is "a few".
const MIN_CHARS: [(SectionId, u32); 2] = [(SectionId::Problems, 30), (SectionId::Other, 10)];

fn check(cx: &mut Context) {
    let report = cx.report;
    let lang = cx.lang;
    for (id, min) in MIN_CHARS {
        let Some((s, chars, _)) = report.content(id) else {
            continue;
        };
        if chars >= min {
            continue;
        }
        let should = tr!(
            lang,
            if id == SectionId::Problems {
                "存在的主要问题和改进情况"
            } else {
                "信息处理费收取情况等其他需要报告的事项"
            },
            if id == SectionId::Problems {
                "the main problems and improvements"
            } else {
                "the 信息处理费 and other matters"
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
