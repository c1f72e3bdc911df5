//! The fixed vocabulary of the tables' captions and headers, recognised per
//! cell in stage 1 (so the assembler, which runs on every edit, only reads it).

use crate::analysis::format::{
    OUTDATED_MARKERS, T2_HEADER_ALIASES, T2_HEADER_WORDS, T2Item, T3_HEADER_WORDS, T3_NOTE_KEY,
    T4_HEADER_WORDS, cn_digit,
};
use crate::analysis::normalize::norm_string;
use memchr::memmem::Finder;
use std::sync::OnceLock;

/// What a text cell is, before context decides.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Vocab {
    /// 第二十条第（X）项, with the numeral X.
    Caption(char),
    /// A marker of the 2019 trial format (index into `OUTDATED_MARKERS`).
    Outdated(u8),
    /// A header word of table 2 (信息内容, a column name).
    T2Header,
    /// An old wording of a table-2 header (index into `T2_HEADER_ALIASES`).
    T2HeaderAlias(u8),
    /// Table 3's 勾稽关系 note.
    T3Note,
    /// A header word of table 3 only (申请人情况, 自然人 …).
    T3Header,
    /// A header word of table 4 only (行政复议, 结果维持 …).
    T4Header,
    /// 其他 or 总计: a header word, or a row label when values follow.
    Ambiguous,
    /// Anything else: (part of) a row label, or other text.
    Label,
}

/// The words searched for in every text cell, each with its searcher built
/// once per process (every cell of every report is tried against them).
struct Constants {
    /// Each outdated marker with the [`chars_mask`] of its chars.
    outdated: Vec<(Finder<'static>, u128)>,
    t2_columns: Vec<String>,
    caption: (Finder<'static>, u128),
    t3_note: (Finder<'static>, u128),
    /// Words of table 4's header cells (see [`is_t4_header`]), with their masks.
    t4: Vec<(Finder<'static>, u128)>,
}

/// A superset of the chars of a text in 128 bits (a Bloom filter with one
/// hash): a word holding a char whose bit the text lacks is not in the text.
/// One pass over a cell rules out most of the words searched for below.
fn chars_mask(s: &str) -> u128 {
    s.chars().fold(0, |m, c| {
        m | 1u128 << ((c as u32).wrapping_mul(0x9E37_79B1) >> 25)
    })
}

/// Whether `s` (whose [`chars_mask`] is `mask`) contains the word.
fn has_masked(s: &str, mask: u128, (w, m): &(Finder, u128)) -> bool {
    mask & m == *m && has(s, w)
}

fn masked(w: &str) -> (Finder<'static>, u128) {
    (finder(w), chars_mask(w))
}

fn finder(w: &str) -> Finder<'static> {
    Finder::new(w.as_bytes()).into_owned()
}

fn constants() -> &'static Constants {
    static C: OnceLock<Constants> = OnceLock::new();
    C.get_or_init(|| Constants {
        outdated: OUTDATED_MARKERS
            .iter()
            .map(|m| masked(&norm_string(m)))
            .collect(),
        t2_columns: T2Item::ALL
            .iter()
            .flat_map(|i| i.columns().iter().map(|c| norm_string(c)))
            .collect(),
        caption: masked(CAPTION_KEY),
        t3_note: masked(T3_NOTE_KEY),
        t4: ["行政复议", "行政诉讼", "直接起诉", "复议后起诉"]
            .iter()
            .map(|w| masked(w))
            .collect(),
    })
}

/// Whether `s` contains the searcher's word. (A search at every offset with a
/// slice comparison each was a tenth of the time of parsing a report.)
fn has(s: &str, w: &Finder) -> bool {
    w.find(s.as_bytes()).is_some()
}

/// What a caption of table 2 starts with (第二十条第(一)项).
const CAPTION_KEY: &str = "第二十条第";

/// Classifies a normalised cell text.
pub fn classify(s: &str) -> Vocab {
    let c = constants();
    let mask = chars_mask(s);
    if let Some(numeral) = caption_numeral(s, mask, c) {
        return Vocab::Caption(numeral);
    }
    if let Some(k) = c.outdated.iter().position(|m| has_masked(s, mask, m)) {
        return Vocab::Outdated(k as u8);
    }
    if T2_HEADER_WORDS.contains(&s) || c.t2_columns.iter().any(|w| w == s) {
        return Vocab::T2Header;
    }
    if let Some(k) = T2_HEADER_ALIASES.iter().position(|(a, _)| s == *a) {
        return Vocab::T2HeaderAlias(k as u8);
    }
    if has_masked(s, mask, &c.t3_note) {
        return Vocab::T3Note;
    }
    if s == "其他" || s == "总计" {
        return Vocab::Ambiguous;
    }
    if T4_HEADER_WORDS.contains(&s) || is_t4_header(s, mask, c) {
        return Vocab::T4Header;
    }
    if T3_HEADER_WORDS.contains(&s) {
        return Vocab::T3Header;
    }
    Vocab::Label
}

/// `第二十条第(一)项` → '一'.
fn caption_numeral(s: &str, mask: u128, c: &Constants) -> Option<char> {
    let (key, key_mask) = &c.caption;
    if mask & key_mask != *key_mask {
        return None;
    }
    let i = key.find(s.as_bytes())?;
    let mut rest = s[i + CAPTION_KEY.len()..].chars();
    let (open, num, close) = (rest.next()?, rest.next()?, rest.next());
    if open == '(' && close == Some(')') && cn_digit(num).is_some() {
        return Some(num);
    }
    // Without brackets: 第二十条第一项
    if cn_digit(open).is_some() && num == '项' {
        return Some(open);
    }
    None
}

/// Table 4 header cells such as "行政诉讼" with decorations, or the group header
/// "未经复议直接起诉".
fn is_t4_header(s: &str, mask: u128, c: &Constants) -> bool {
    s.len() <= 36 && c.t4.iter().any(|w| has_masked(s, mask, w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vocabulary() {
        assert_eq!(classify("第二十条第(五)项"), Vocab::Caption('五'));
        assert_eq!(classify("第二十条第(九)项"), Vocab::Caption('九'));
        assert_eq!(classify("本年新制作数量"), Vocab::Outdated(0));
        assert_eq!(classify("本年收费金额(单位:万元)"), Vocab::T2Header);
        assert_eq!(classify("本年决定处理数量"), Vocab::T2HeaderAlias(0));
        assert_eq!(
            classify("(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)"),
            Vocab::T3Note
        );
        assert_eq!(classify("总计"), Vocab::Ambiguous);
        assert_eq!(classify("结果维持"), Vocab::T4Header);
        assert_eq!(classify("法律服务机构"), Vocab::T3Header);
        assert_eq!(classify("(一)予以公开"), Vocab::Label);
    }
}
