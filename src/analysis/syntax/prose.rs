//! Facts read from a narrative line (stage 1, per line, cacheable): the list of
//! parts in the intro ("本报告由……组成"), a citation of the outdated 2007 条例,
//! and how much text the line carries.

use crate::analysis::format::{OUTDATED_DECREE, SectionId};
use crate::analysis::normalize::{Norm, find_chars, norm_string, span_in};

/// Key words a line mentions (a bit set; see the `KEY_*` constants).
pub type Keys = u32;

/// The intro: 条例, 本报告, 统计期限, 编制 …
pub const KEY_INTRO: Keys = 1 << 0;
/// 信息处理费 / 收费 (section 六's required statement).
pub const KEY_FEE: Keys = 1 << 1;
/// 问题 / 不足 / 改进 / 整改 (section 五).
pub const KEY_PROBLEM: Keys = 1 << 2;
/// "其他需要报告" (section 六).
pub const KEY_OTHER: Keys = 1 << 3;
/// The five topics of 一、总体情况 (format spec §2).
pub const KEY_PROACTIVE: Keys = 1 << 4;
pub const KEY_REQUESTS: Keys = 1 << 5;
pub const KEY_MANAGEMENT: Keys = 1 << 6;
pub const KEY_PLATFORM: Keys = 1 << 7;
pub const KEY_SUPERVISION: Keys = 1 << 8;
/// 整改 (last year's problems rectified, section 五 of a government report).
pub const KEY_RECTIFY: Keys = 1 << 9;
/// 收费通知 issued (section 六 should state them when table 3 （六）2 > 0).
pub const KEY_FEE_NOTICE: Keys = 1 << 10;
/// The line may hold template text ("【请填写…】", "XX市"): the assembler
/// looks (`placeholder::scan`).
pub const KEY_TEMPLATE: Keys = 1 << 11;

/// Gates of the line scanner, not topics (masked out of `ProseInfo::keys`):
/// words that decide which of the costlier scans a line needs.
const GATE_CHROME: Keys = 1 << 16;
/// 行政复议 / 行政诉讼: the line speaks of cases.
const GATE_CASES: Keys = 1 << 17;
/// 本报告 / 年度报告由 / 年报由: may list the report's parts.
const GATE_PARTS: Keys = 1 << 18;
const GATE_492: Keys = 1 << 19;
const GATES: Keys = 0xFFFF_0000;

const KEY_WORDS: [(&str, Keys); 29] = [
    ("条例", KEY_INTRO),
    ("本报告", KEY_INTRO),
    ("统计期限", KEY_INTRO),
    ("编制", KEY_INTRO),
    ("信息处理费", KEY_FEE),
    ("处理费", KEY_FEE),
    ("收费", KEY_FEE),
    ("收费通知", KEY_FEE_NOTICE),
    ("问题", KEY_PROBLEM),
    ("不足", KEY_PROBLEM),
    ("改进", KEY_PROBLEM),
    ("整改", KEY_PROBLEM),
    ("整改", KEY_RECTIFY),
    ("其他需要报告", KEY_OTHER),
    ("其他事项", KEY_OTHER),
    ("主动公开", KEY_PROACTIVE),
    ("依申请", KEY_REQUESTS),
    ("申请公开", KEY_REQUESTS),
    ("公开申请", KEY_REQUESTS),
    ("信息管理", KEY_MANAGEMENT),
    ("平台", KEY_PLATFORM),
    ("网站", KEY_PLATFORM),
    ("新媒体", KEY_PLATFORM),
    ("监督", KEY_SUPERVISION),
    ("培训", KEY_SUPERVISION),
    ("考核", KEY_SUPERVISION),
    ("评议", KEY_SUPERVISION),
    ("责任追究", KEY_SUPERVISION),
    ("追责", KEY_SUPERVISION),
];

/// Narrative facts of one line. Offsets are relative to the line start.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ProseInfo {
    /// Characters on the line, whitespace aside.
    pub chars: u32,
    pub keys: Keys,
    /// "本报告由……等六个部分组成" (boxed: one line of a report has it, and
    /// every line's facts are kept per document).
    pub parts: Option<Box<PartsList>>,
    /// Where the line cites 国务院令第492号 (the 2007 条例).
    /// (Boxed: rare, and every line's facts are kept per document.)
    pub decree_492: Option<Box<(u32, u32)>>,
    /// Counted claims and years (only for lines with a digit or a negation).
    pub claims: Option<Box<super::claims::LineClaims>>,
}

impl ProseInfo {
    /// Shifts every offset by `by` bytes (facts read from a part of a line).
    pub fn shift(&mut self, by: u32) {
        if by == 0 {
            return;
        }
        let sh = |r: &mut (u32, u32)| *r = (r.0 + by, r.1 + by);
        if let Some(p) = &mut self.parts {
            sh(&mut p.range);
        }
        if let Some(d) = &mut self.decree_492 {
            sh(d);
        }
        if let Some(c) = &mut self.claims {
            for x in c.claims.iter_mut() {
                sh(&mut x.num);
                sh(&mut x.extent);
            }
            for y in c.years.iter_mut() {
                sh(&mut y.span);
            }
        }
    }
}

/// The parts an intro says the report consists of.
#[derive(Clone, Debug, PartialEq)]
pub struct PartsList {
    pub range: (u32, u32),
    /// The sections named, in the order they are named.
    pub sections: Vec<SectionId>,
    /// Named parts that are none of the six sections.
    pub unknown: Vec<String>,
    /// The count stated ("六个部分"), if any.
    pub count: Option<u8>,
}

/// Every word the line scan looks for, with its bit: topics, gates of this
/// module and of the claim scanner.
fn all_words() -> Vec<(&'static str, Keys)> {
    let mut w: Vec<(&str, Keys)> = KEY_WORDS.to_vec();
    w.extend(PAGE_CHROME.iter().map(|c| (*c, GATE_CHROME)));
    w.extend(["行政复议", "行政诉讼"].map(|c| (c, GATE_CASES)));
    w.extend(["本报告", "年度报告由", "年报由"].map(|c| (c, GATE_PARTS)));
    w.push(("492", GATE_492));
    w.extend(super::placeholder::gate_words().map(|g| (g, KEY_TEMPLATE)));
    w.extend(super::claims::gate_words());
    w
}

/// All key words, found in a single pass over each line: which topics it
/// mentions and which scans it needs.
fn key_matcher() -> &'static super::keywords::KeywordSet<Keys> {
    static M: std::sync::OnceLock<super::keywords::KeywordSet<Keys>> = std::sync::OnceLock::new();
    M.get_or_init(|| super::keywords::KeywordSet::new(all_words()))
}

/// The key words and gates of a text.
pub fn keys_of(text: &str) -> Keys {
    keys_of_chars(&Norm::chars_of(text).0)
}

/// The key words and gates of a normalised text, in one pass.
pub fn keys_of_chars(chars: &[char]) -> Keys {
    let mut keys = 0;
    key_matcher().each(chars, |k| keys |= k);
    keys
}

/// Words of a web page's header and footer, copied along with a report
/// ("主办单位：…　网站标识码：…", "打印本页　关闭窗口"): such a line is not
/// part of the report's narrative.
const PAGE_CHROME: [&str; 10] = [
    "网站标识码",
    "ICP备",
    "公网安备",
    "版权所有",
    "技术支持：",
    "主办单位：",
    "承办单位：",
    "打印本页",
    "关闭窗口",
    "当前位置：",
];

pub fn scan_line(line: &str) -> ProseInfo {
    super::claims::with_normalized(line, |s| scan_normalized(line, s))
}

fn scan_normalized(line: &str, s: &mut super::claims::Scratch) -> ProseInfo {
    let keys = keys_of_chars(&s.chars);
    if keys & GATE_CHROME != 0 {
        return ProseInfo::default();
    }
    let mut info = ProseInfo {
        chars: s.chars.len() as u32,
        keys: keys & !GATES,
        ..ProseInfo::default()
    };
    // The scratch holds the line normalised (as `Norm::new(line, 0)` would).
    let (chars, src) = (&s.chars[..], &s.src[..]);
    if keys & GATE_492 != 0 {
        if let Some(i) = find_chars(chars, OUTDATED_DECREE).filter(|&i| !cited_as_history(chars, i))
        {
            info.decree_492 =
                span_in(src, i, i + OUTDATED_DECREE.chars().count()).map(|(a, b)| Box::new((a, b)));
        }
    }
    if keys & GATE_PARTS != 0 {
        info.parts = parts_list(chars, src).map(Box::new);
    }
    let mut c = if super::claims::worth_scanning(&s.chars, keys) {
        super::claims::scan_normalized(keys, s)
    } else {
        // No number: only whether the sentence goes on to the next line.
        super::claims::LineClaims {
            tail: super::claims::tail_in(line, &s.chars, &s.src),
            ..Default::default()
        }
    };
    c.mentions_cases = keys & GATE_CASES != 0;
    if !c.claims.is_empty() || !c.years.is_empty() || c.tail.is_some() || c.mentions_cases {
        info.claims = Some(Box::new(c));
    }
    info
}

/// Words of a sentence that speaks of the 2007 条例 as history, not as the
/// basis of the report: "原《条例》（国务院令第492号）", "自2008年……施行以来",
/// "修订后的《条例》（国务院令第711号）取代了……".
const DECREE_HISTORY: [&str; 10] = [
    "711号",
    "原《",
    "原条例",
    "旧《",
    "2007年",
    "2008年",
    "修订",
    "施行以来",
    "废止",
    "取代",
];

/// Whether the sentence around the char index `at` cites 国务院令第492号 as
/// history (see `DECREE_HISTORY`).
fn cited_as_history(chars: &[char], at: usize) -> bool {
    let stop = |c: &char| matches!(c, '。' | '；' | ';' | '！' | '!' | '？' | '?');
    let start = chars[..at].iter().rposition(stop).map_or(0, |p| p + 1);
    let end = chars[at..]
        .iter()
        .position(stop)
        .map_or(chars.len(), |p| at + p);
    let sentence = &chars[start..end];
    DECREE_HISTORY
        .iter()
        .any(|w| find_chars(sentence, w).is_some())
}

const CN_COUNT: [char; 9] = ['一', '二', '三', '四', '五', '六', '七', '八', '九'];

/// The most characters a list of the parts runs over (six titles and their
/// punctuation are some 90).
const MAX_PARTS_CHARS: usize = 160;

/// The list of parts in a normalised line (`c`, with the source range of
/// each char in `src`).
fn parts_list(c: &[char], src: &[(u32, u32)]) -> Option<PartsList> {
    // The list runs from 由/包括/分为 after 报告 to 组成/构成/等/部分, within
    // the sentence that names the report (a line may hold a whole report).
    let is_end = |ch: char| matches!(ch, '。' | ';' | '；' | '!' | '?');
    let mut from = 0;
    let (start, sentence_end) = loop {
        let rep = find_chars(&c[from..], "报告")? + from;
        let sentence_end = c[rep..]
            .iter()
            .position(|&ch| is_end(ch))
            .map_or(c.len(), |e| rep + e);
        let opens = c[rep..sentence_end]
            .iter()
            .position(|&ch| ch == '由' || ch == '括' || ch == '为');
        if let Some(o) = opens {
            break (rep + o + 1, sentence_end);
        }
        from = sentence_end;
    };
    // Without its closing word the list ends with its sentence, if the
    // sentence ends on this line (else the list goes on beyond it).
    let closing = ["组成", "构成", "部分", "方面"]
        .iter()
        .filter_map(|k| find_chars(&c[start..sentence_end], k))
        .min();
    let end = match closing {
        Some(e) => e + start,
        None if sentence_end < c.len() => sentence_end,
        None => return None,
    };
    if end <= start || end - start > MAX_PARTS_CHARS {
        return None;
    }
    let mut seg = &c[start..end];
    // A trailing "等六个" / "六个" / "6个" / "六" names the count.
    let mut count = None;
    if let [rest @ .., '个'] = seg {
        seg = rest;
    }
    if let [rest @ .., d] = seg {
        if let Some(i) = CN_COUNT.iter().position(|x| x == d) {
            count = Some(i as u8 + 1);
            seg = rest;
        } else if d.is_ascii_digit() {
            count = d.to_digit(10).map(|v| v as u8);
            seg = rest;
        }
    }
    if let [rest @ .., '等' | '共'] = seg {
        seg = rest;
    }
    // Fewer than two parts name fewer than two sections.
    if seg.len() < 4 || !seg.iter().any(|&ch| is_part_separator(ch)) {
        return None;
    }
    let mut sections = Vec::new();
    let mut unknown = Vec::new();
    let mut part = String::new();
    for (a, b) in parts_of(seg) {
        // (A stray U+0001 reads "、", as it always has.)
        part.clear();
        part.extend(
            seg[a..b]
                .iter()
                .map(|&ch| if ch == '\u{1}' { '、' } else { ch }),
        );
        let p = part.trim_matches(|ch: char| ch == '和' || ch == '及' || ch == '以' || ch == '"');
        if p.is_empty() {
            continue;
        }
        match section_of_part(p) {
            Some(id) => sections.push(id),
            None => unknown.push(p.to_string()),
        }
    }
    if sections.len() < 2 {
        return None;
    }
    let range = span_in(src, start, end)?;
    Some(PartsList {
        range,
        sections,
        unknown,
        count,
    })
}

/// Whether a char separates the parts of a list (see [`parts_of`]).
fn is_part_separator(ch: char) -> bool {
    matches!(ch, '、' | ',' | ';')
}

/// The parts of a list (char ranges of `seg`), split on 、 , ; but keeping
/// "行政复议、行政诉讼" and "行政复议、提起行政诉讼" together.
fn parts_of(seg: &[char]) -> impl Iterator<Item = (usize, usize)> + '_ {
    let protected = |p: usize| {
        seg[p] == '、'
            && seg[..p].ends_with(&['行', '政', '复', '议'])
            && (seg[p + 1..].starts_with(&['行', '政', '诉', '讼'])
                || seg[p + 1..].starts_with(&['提', '起', '行', '政', '诉', '讼']))
    };
    let mut from = 0;
    let mut done = false;
    std::iter::from_fn(move || {
        if done {
            return None;
        }
        let a = from;
        match (a..seg.len()).find(|&p| is_part_separator(seg[p]) && !protected(p)) {
            Some(p) => {
                from = p + 1;
                Some((a, p))
            }
            None => {
                done = true;
                Some((a, seg.len()))
            }
        }
    })
}

/// Which section a named part means, by its wording.
fn section_of_part(part: &str) -> Option<SectionId> {
    // A part is cut from the normalised line: normalising it again changes
    // it only where it holds an entity (&) or a 、 after a digit.
    let normed;
    let p = if part.contains(['&', '、']) {
        normed = norm_string(part);
        normed.as_str()
    } else {
        part
    };
    let p = p.trim_start_matches(|c: char| "一二三四五六、".contains(c));
    let titles = super::line::normalized_titles();
    for id in SectionId::ALL {
        let (title, variants) = &titles[id.index()];
        if p == title || variants.iter().any(|v| p == v) {
            return Some(id);
        }
    }
    for id in SectionId::ALL {
        if id
            .keys()
            .iter()
            .any(|set| set.iter().all(|k| p.contains(k)))
        {
            return Some(id);
        }
    }
    // Shorter names drafters use in the list.
    let short: [(&str, SectionId); 6] = [
        ("总体", SectionId::Overview),
        ("主动公开", SectionId::Proactive),
        ("申请", SectionId::Requests),
        ("复议", SectionId::Reviews),
        ("问题", SectionId::Problems),
        ("其他", SectionId::Other),
    ];
    short.iter().find(|(k, _)| p.contains(k)).map(|&(_, id)| id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_list_of_linwei() {
        let l = "本报告由总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议、行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项等六个部分组成。";
        let p = scan_line(l).parts.unwrap();
        assert_eq!(p.sections, SectionId::ALL.to_vec());
        assert_eq!(p.count, Some(6));
        assert!(p.unknown.is_empty());
    }

    #[test]
    fn parts_list_with_an_unknown_part() {
        let l = "本报告由总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开收费及减免情况、存在的主要问题及改进情况组成。";
        let p = scan_line(l).parts.unwrap();
        assert_eq!(p.sections.len(), 4);
        assert_eq!(p.unknown, vec!["政府信息公开收费及减免情况".to_string()]);
    }

    #[test]
    fn decree() {
        assert!(
            scan_line("根据《中华人民共和国政府信息公开条例》（国务院令第 492 号）")
                .decree_492
                .is_some()
        );
        assert!(scan_line("（国务院令第711号）").decree_492.is_none());
        // Cited as history, not as the report's basis.
        for l in [
            "自2008年《条例》（国务院令第492号）施行以来，我局……",
            "修订后的《条例》（国务院令第711号）取代了原《条例》（国务院令第492号）。",
        ] {
            assert!(scan_line(l).decree_492.is_none(), "{l}");
        }
        // The next sentence's history does not excuse this one.
        let l = "根据《条例》（国务院令第492号）编制。2008年以来……";
        assert!(scan_line(l).decree_492.is_some());
    }
}
