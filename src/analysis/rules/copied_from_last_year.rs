//! `copied-from-last-year`: section 一 or 五 is nearly identical to last year's.
//!
//! Format spec §2: 一、总体情况 summarises this year's work and 五 reports this
//! year's problems and the rectification of last year's; evaluators mark down
//! reports whose text repeats last year's (内容雷同), often with only the
//! numbers changed. The words of the two sections (digits, spaces and
//! punctuation left out, so that changed numbers do not hide a copy) are
//! compared: a similarity ratio (2·common subsequence / total length) of 80 %
//! or more is reported, with the longest passage copied word for word.

use super::{Category, Context, Rule, RuleMeta, related};
use crate::analysis::finding::Severity;
use crate::analysis::format::SectionId;
use crate::analysis::model::Report;
use crate::analysis::similarity::{longest_common_substring, ratio};
use crate::analysis::text::Span;
use crate::tr;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "copied-from-last-year",
        name: ["照搬上年内容", "Copied from last year"],
        category: Category::Years,
        default: Some(Severity::Warning),
        summary: [
            "第一或第五部分与上年报告几乎相同（内容雷同）",
            "Section 一 or 五 is nearly identical to last year's (内容雷同)",
        ],
        explanation: [
            "总体情况应概述本年度的工作，第五部分应报告本年度的问题和上年度问题的整改情况。与上一年度报告几乎相同（常常只改了数字）属于内容雷同，是评估中的扣分项。比较时忽略数字、空白和标点，相似度（公共子序列占两段总长的比例）达到 80% 即报告，并给出最长的逐字相同段落。需要上一年度的报告（与 carryover-mismatch 同样按机关名称和年度配对）。不报告：相似度不足 80% 的（沿用固定表述、只改数字之外另有实质内容的）；第二、三、四、六部分（表格和固定说明年年相似是正常的）；找不到或无法确定上一年度报告的。",
            "The overview summarises this year's work and section 五 reports this year's problems and last year's rectification. Text nearly identical to last year's (often with only the numbers changed) is 内容雷同, marked down by evaluators. Digits, spaces and punctuation are ignored; a similarity ratio (common subsequence over the total length) of 80 % or more is reported, with the longest passage copied word for word. Needs last year's report (paired by body and year as for carryover-mismatch). Not flagged: a similarity below 80 % (set phrases reused with substance of this year's own); sections 二, 三, 四 and 六 (tables and set statements are alike every year); no report of last year, or none that is certainly the same body's.",
        ],
        bad: "主要问题：主动公开栏目更新不够及时，部分解读材料质量不高。\n\n改进情况：建立栏目定期巡查制度，加强解读材料审核把关。上一年度发现的答复期限问题已整改到位。",
        good: "主要问题：一是政策解读形式不够丰富；二是依申请公开答复规范化水平有待提高。\n\n改进情况：一是丰富图解、视频等解读形式；二是加强答复文书审核，提升答复质量。上一年度提出的栏目更新不及时问题已完成整改。",
    },
    check,
};

/// From this similarity on, a section counts as copied.
const THRESHOLD: f64 = 0.8;
/// Sections with fewer words than this are too short to judge.
const MIN_CHARS: usize = 40;

/// The body of a section (its heading line left out) and where it starts.
fn body<'t>(report: &Report, text: &'t str, id: SectionId) -> Option<(&'t str, usize)> {
    let s = report.section(id)?;
    Some((text.get(s.line.end..s.span.end)?, s.line.end))
}

/// The words of a text: letters and CJK characters only.
fn words(body: &str) -> Vec<char> {
    // Room for a body of CJK characters (three bytes each).
    let mut chars = Vec::with_capacity(body.len() / 3 + 1);
    chars.extend(body.chars().filter(|c| is_word_char(*c)));
    chars
}

/// The byte range in `body` of its words `first..=last` (as [`words`]
/// counts them).
fn word_range(body: &str, first: usize, last: usize) -> Option<(usize, usize)> {
    let mut at = body
        .char_indices()
        .filter(|(_, c)| is_word_char(*c))
        .skip(first);
    let (start, c) = at.next()?;
    let (end, c) = if last > first {
        at.nth(last - first - 1)?
    } else {
        (start, c)
    };
    Some((start, end + c.len_utf8()))
}

/// `char::is_alphabetic`, with CJK ideographs, ASCII and the punctuation of
/// Chinese text decided before its table is searched (every character of
/// two sections per pair of reports).
fn is_word_char(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c)
        || c.is_ascii_alphabetic()
        || (!c.is_ascii() && !is_punctuation(c) && c.is_alphabetic())
}

/// General punctuation (—, …, quotes), CJK marks (、。《》「」) and the
/// full-width ones (，：（）): ranges where no character is alphabetic.
fn is_punctuation(c: char) -> bool {
    matches!(c, '\u{2000}'..='\u{206F}' | '\u{3000}'..='\u{3004}' | '\u{3008}'..='\u{3020}' | '\u{FF00}'..='\u{FF20}')
}

fn check(cx: &mut Context) {
    let (Some(prev), Some(text)) = (cx.previous, cx.text) else {
        return;
    };
    let lang = cx.lang;
    for id in [SectionId::Overview, SectionId::Problems] {
        let (Some((body_now, base)), Some((body_then, _))) =
            (body(cx.report, text, id), body(prev.report, prev.text, id))
        else {
            continue;
        };
        let (now, then) = (words(body_now), words(body_then));
        if now.len() < MIN_CHARS || then.len() < MIN_CHARS {
            continue;
        }
        let r = ratio(&now, &then);
        if r < THRESHOLD {
            continue;
        }
        let (i, _, n) = longest_common_substring(&now, &then);
        let Some(section) = cx.report.section(id) else {
            continue;
        };
        let percent = (r * 100.0).floor() as u32;
        // The passage as written (with its punctuation), and its first words.
        let passage = (n > 0)
            .then(|| word_range(body_now, i, i + n - 1))
            .flatten()
            .map(|(a, b)| Span::new(base + a, base + b));
        let quote = passage.map_or(String::new(), |p| {
            let words = &text[p.start..p.end];
            let mut q: String = words.chars().take(24).collect();
            if q.len() < words.len() {
                q.push('…');
            }
            q
        });
        let msg = tr!(
            lang,
            format!(
                "第{}部分与上年报告（{}）的相似度为 {percent}%，最长的相同段落有 {n} 个字：「{quote}」",
                id.numeral(),
                prev.name
            ),
            format!(
                "Section {} is {percent}% similar to last year's report ({}); the longest identical passage has {n} characters: “{quote}”",
                id.numeral(),
                prev.name
            )
        );
        if let Some(f) = cx.emit(&RULE.meta, section.text, msg) {
            if let Some(p) = passage {
                f.related.push(related(
                    p,
                    tr!(
                        lang,
                        "与上年相同的段落".to_string(),
                        "Passage identical to last year's".to_string()
                    ),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::is_word_char;

    #[test]
    fn word_chars_are_the_alphabetic_ones() {
        let sample = (0..0x3_0000).filter_map(char::from_u32);
        for c in sample {
            assert_eq!(is_word_char(c), c.is_alphabetic(), "{c:?}");
        }
    }
}
