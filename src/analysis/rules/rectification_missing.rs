//! `rectification-missing`: section 五 of a government-level report does not
//! say how last year's problems were rectified.
//!
//! Format spec §2 (section 五) [practice, uncertain]: reports of 人民政府 state,
//! besides this year's problems and measures, how the problems found last year
//! were rectified (上一年度问题整改情况). Evaluators of government-level
//! reports look for it, but the format itself does not demand it, so the rule
//! is off by default; a configuration turns it on for government bodies:
//!
//! ```toml
//! body-type = "government"
//! [rules]
//! rectification-missing = "warning"
//! ```
//!
//! It never fires on a department's or a township's report, whatever the level.

use super::{Category, Context, Rule, RuleMeta};
use crate::analysis::config::BodyType;
use crate::analysis::format::SectionId;
use crate::analysis::syntax::prose::KEY_RECTIFY;
use crate::tr;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "rectification-missing",
        name: ["未报告整改情况", "Rectification missing"],
        category: Category::Narrative,
        default: None,
        summary: [
            "人民政府年报第五部分未报告上一年度问题的整改情况",
            "Section 五 of a government's report does not report last year's rectification",
        ],
        explanation: [
            "各级人民政府的年度报告，第五部分除本年度存在的问题和改进措施外，通常还应说明上一年度发现问题的整改情况。格式本身未作硬性要求，因此本规则默认关闭，可在配置中对人民政府开启（body-type = \"government\"，并在 [rules] 中设置 rectification-missing）。不报告：部门和乡镇街道的报告；以任何措辞提到整改（“已整改”“整改到位”“上一年度……问题”）的；没有第五部分的（见 missing-section）。",
            "Reports of 人民政府 usually state, besides this year's problems and measures, how last year's problems were rectified (上一年度问题整改情况). The format does not demand it, so the rule is off by default; turn it on for governments in the configuration (body-type = \"government\" and rectification-missing under [rules]). Not flagged: department and township reports; a section 五 that mentions rectification in any wording; a missing section 五 (missing-section).",
        ],
        bad: "示例市人民政府2023年政府信息公开工作年度报告\n\n五、存在的主要问题及改进情况\n\n主要问题：一是政策解读形式不够丰富；二是依申请公开答复规范化水平有待提高。改进情况：一是丰富图解、视频等解读形式；二是加强答复文书审核。\n\n六、其他需要报告的事项\n",
        good: "示例市人民政府2023年政府信息公开工作年度报告\n\n五、存在的主要问题及改进情况\n\n主要问题：一是政策解读形式不够丰富；二是依申请公开答复规范化水平有待提高。改进情况：一是丰富图解、视频等解读形式；二是加强答复文书审核。上一年度提出的栏目更新不及时问题已完成整改。\n\n六、其他需要报告的事项\n",
    },
    check,
};

fn check(cx: &mut Context) {
    let report = cx.report;
    let lang = cx.lang;
    if cx.config.body_type.or(report.body_type) != Some(BodyType::Government) {
        return;
    }
    let Some((s, _, keys)) = report.content(SectionId::Problems) else {
        return;
    };
    if keys & KEY_RECTIFY != 0 {
        return;
    }
    let msg = tr!(
        lang,
        "第五部分没有报告上一年度问题的整改情况（人民政府年报通常应说明）".to_string(),
        "Section 五 does not report how last year's problems were rectified (expected of a government's report)".to_string()
    );
    cx.emit(&RULE.meta, s.text, msg);
}
