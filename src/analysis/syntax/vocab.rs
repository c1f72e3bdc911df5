//! The fixed vocabulary of the tables' captions and headers, recognised per
//! cell in stage 1 (so the assembler, which runs on every edit, only reads it).

use crate::analysis::format::{
    OUTDATED_MARKERS, T2_HEADER_ALIASES, T2_HEADER_WORDS, T2Item, T3_HEADER_WORDS, T3_NOTE_KEY,
    T4_HEADER_WORDS, cn_digit,
};
use crate::analysis::normalize::norm_string;
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

/// The words searched for inside every text cell: the outdated markers
/// (normalised; bit `k` for `OUTDATED_MARKERS[k]`), then the caption key, the
/// note of table 3 and the words of table 4's header cells.
const CAPTION_BIT: usize = OUTDATED_MARKERS.len();
const NOTE_BIT: usize = CAPTION_BIT + 1;
const T4_BITS: std::ops::Range<usize> = NOTE_BIT + 1..NOTE_BIT + 5;

struct Constants {
    /// The words by their first character: (first char, word, bit).
    words: Vec<(char, String, usize)>,
    /// A bit per `first char % 64` of the words: most characters of a cell
    /// start no word and are passed over with one test.
    starts: u64,
    /// The length of the shortest word (bytes): no word starts later.
    shortest: usize,
    t2_columns: Vec<String>,
}

fn constants() -> &'static Constants {
    static C: OnceLock<Constants> = OnceLock::new();
    C.get_or_init(|| {
        let all: Vec<String> = OUTDATED_MARKERS
            .iter()
            .map(|m| norm_string(m))
            .chain([CAPTION_KEY, T3_NOTE_KEY].map(String::from))
            .chain(T4_WORDS.map(String::from))
            .collect();
        debug_assert_eq!(all.len(), T4_BITS.end);
        let mut words: Vec<(char, String, usize)> = all
            .into_iter()
            .enumerate()
            .filter_map(|(bit, w)| Some((w.chars().next()?, w, bit)))
            .collect();
        words.sort_by_key(|(c, _, _)| *c);
        let starts = words.iter().fold(0, |m, (c, _, _)| m | bloom(*c));
        let shortest = words.iter().map(|(_, w, _)| w.len()).min().unwrap_or(0);
        Constants {
            words,
            starts,
            shortest,
            t2_columns: T2Item::ALL
                .iter()
                .flat_map(|i| i.columns().iter().map(|c| norm_string(c)))
                .collect(),
        }
    })
}

/// Words of table 4's header cells (see [`is_t4_header`]).
const T4_WORDS: [&str; 4] = ["行政复议", "行政诉讼", "直接起诉", "复议后起诉"];

fn bloom(c: char) -> u64 {
    1 << (c as u32 % 64)
}

/// Which of the words `s` contains (bits as above), and where the caption
/// key first occurs: one pass over `s`, a word tried only where a character
/// it starts with is. (A search for each word at every offset was a tenth of
/// the time of parsing a report, one searcher per word still 3 %.)
fn contained(s: &str, c: &Constants) -> (u32, Option<usize>) {
    let (mut found, mut caption) = (0u32, None);
    let last = s.len().checked_sub(c.shortest);
    for (i, ch) in s.char_indices().take_while(|(i, _)| Some(*i) <= last) {
        if c.starts & bloom(ch) == 0 {
            continue;
        }
        let from = c.words.partition_point(|(w, _, _)| *w < ch);
        for (_, w, bit) in c.words[from..].iter().take_while(|(w, _, _)| *w == ch) {
            if s[i..].starts_with(w.as_str()) {
                found |= 1 << bit;
                if *bit == CAPTION_BIT && caption.is_none() {
                    caption = Some(i);
                }
            }
        }
    }
    (found, caption)
}

/// What a caption of table 2 starts with (第二十条第(一)项).
const CAPTION_KEY: &str = "第二十条第";

/// Classifies a normalised cell text.
pub fn classify(s: &str) -> Vocab {
    let c = constants();
    let (found, caption) = contained(s, c);
    if let Some(numeral) = caption.and_then(|i| caption_numeral(&s[i..])) {
        return Vocab::Caption(numeral);
    }
    let outdated = found & ((1 << OUTDATED_MARKERS.len()) - 1);
    if outdated != 0 {
        return Vocab::Outdated(outdated.trailing_zeros() as u8);
    }
    if T2_HEADER_WORDS.contains(&s) || c.t2_columns.iter().any(|w| w == s) {
        return Vocab::T2Header;
    }
    if let Some(k) = T2_HEADER_ALIASES.iter().position(|(a, _)| s == *a) {
        return Vocab::T2HeaderAlias(k as u8);
    }
    if found & (1 << NOTE_BIT) != 0 {
        return Vocab::T3Note;
    }
    if s == "其他" || s == "总计" {
        return Vocab::Ambiguous;
    }
    if T4_HEADER_WORDS.contains(&s) || is_t4_header(s, found) {
        return Vocab::T4Header;
    }
    if T3_HEADER_WORDS.contains(&s) {
        return Vocab::T3Header;
    }
    Vocab::Label
}

/// `第二十条第(一)项` → '一' (`s` starts with the caption key).
fn caption_numeral(s: &str) -> Option<char> {
    let mut rest = s[CAPTION_KEY.len()..].chars();
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
/// "未经复议直接起诉" (`found`: the words the cell contains, see [`contained`]).
fn is_t4_header(s: &str, found: u32) -> bool {
    let t4 = ((1u32 << T4_BITS.end) - 1) & !((1u32 << T4_BITS.start) - 1);
    s.len() <= 36 && found & t4 != 0
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The one-pass search finds what a search for each word finds.
    #[test]
    fn contained_is_a_search_for_each_word() {
        let c = constants();
        let mut texts: Vec<String> = c.words.iter().map(|(_, w, _)| w.clone()).collect();
        for (_, w, _) in &c.words {
            texts.push(format!("其他{w}"));
            texts.push(format!("第二{w}本年第二十条第(一)项"));
            texts.push(w.chars().skip(1).collect());
            texts.push(w.chars().rev().collect());
        }
        texts.extend(
            ["", "行政行政复议", "第第二十条第一项", "本年增/", "a复议后"].map(String::from),
        );
        for s in &texts {
            let (found, caption) = contained(s, c);
            for (_, w, bit) in &c.words {
                assert_eq!(found & (1 << bit) != 0, s.contains(w.as_str()), "{s} {w}");
            }
            assert_eq!(caption, s.find(CAPTION_KEY), "{s}");
        }
    }

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
