//! Finding a fixed set of short key words in a normalised line, all of them,
//! overlapping ("收费通知" is also "收费"), in one pass.
//!
//! The words are a few hundred at most and mostly two to six CJK characters,
//! and most characters of a report start none of them. So each character is
//! looked up in a table of the words' first characters (one entry per BMP
//! code point: the index of the words starting with it), and only on a hit
//! are those words compared.
//! This costs a few instructions per character and nothing to build, where a
//! general Aho-Corasick automaton costs either ~30 instructions per byte (NFA)
//! or milliseconds to build (DFA) for these words.
//!
//! The text is searched as the line scanner normalises it ([`Norm`]: folded
//! full-width forms, no whitespace), so the words are normalised the same way
//! when the set is built, and a word split by spaces from PDF text
//! ("行政 处罚") is still found. The scanner decodes each line once, for both.
//!
//! [`Norm`]: crate::analysis::normalize::Norm

use crate::analysis::normalize::{fold, is_space};

pub struct KeywordSet<T: Copy> {
    /// For each BMP character, 1 + the index in `groups` of the words that
    /// start with it, or 0.
    /// (A fixed-size table: indexing it by a `u16` needs no bounds check.)
    first: Box<[u16; 0x10000]>,
    /// One bit per BMP character: whether it starts a word. (8 KB, where
    /// `first` is 128 KB: most characters start none, and are ruled out
    /// without a cache miss.)
    starts: Box<[u64; 0x400]>,
    /// Words grouped by first character (the rest of each word, and its value).
    groups: Vec<Vec<(Box<[char]>, T)>>,
    /// Per group, a 64-bit set of the words' second characters (all bits
    /// for a group with a one-character word): most common characters start
    /// some word, and this rules the group out without comparing.
    seconds: Vec<u64>,
    /// Words whose first character is outside the BMP (whole).
    astral: Vec<(Box<[char]>, T)>,
}

impl<T: Copy> KeywordSet<T> {
    pub fn new<'a>(words: impl IntoIterator<Item = (&'a str, T)>) -> Self {
        let mut first = Box::new([0u16; 0x10000]);
        let mut groups: Vec<Vec<(Box<[char]>, T)>> = Vec::new();
        let mut seconds: Vec<u64> = Vec::new();
        let mut astral = Vec::new();
        for (w, v) in words {
            let w: Vec<char> = w.chars().map(fold).filter(|c| !is_space(*c)).collect();
            let Some(&c) = w.first() else { continue };
            if (c as u32) >= 0x10000 {
                astral.push((w.into_boxed_slice(), v));
                continue;
            }
            let slot = &mut first[c as usize];
            if *slot == 0 {
                groups.push(Vec::new());
                seconds.push(0);
                *slot = groups.len() as u16;
            }
            let g = *slot as usize - 1;
            seconds[g] |= w.get(1).map_or(u64::MAX, |&c| second_bit(c));
            groups[g].push((w[1..].into(), v));
        }
        let mut starts = Box::new([0u64; 0x400]);
        for (c, g) in first.iter().enumerate() {
            if *g != 0 {
                starts[c >> 6] |= 1 << (c & 63);
            }
        }
        KeywordSet {
            first,
            starts,
            groups,
            seconds,
            astral,
        }
    }

    /// Calls `found` with the value of every occurrence of a word in `chars`
    /// (a normalised text).
    #[inline]
    pub fn each(&self, chars: &[char], mut found: impl FnMut(T)) {
        for (i, &c) in chars.iter().enumerate() {
            let u = c as u32;
            if let Ok(u) = u16::try_from(u) {
                if self.starts[usize::from(u >> 6)] & (1 << (u & 63)) == 0 {
                    continue;
                }
                let g = self.first[usize::from(u)];
                if g == 0 {
                    continue;
                }
                let g = g as usize - 1;
                let rest = &chars[i + 1..];
                let next = rest.first().map_or(0, |&c| second_bit(c));
                if self.seconds[g] & next == 0 && self.seconds[g] != u64::MAX {
                    continue;
                }
                for (w, v) in &self.groups[g] {
                    // Compared char by char, inline: most candidates differ
                    // at their next char (a call to memcmp costs more).
                    if w.len() <= rest.len() && w.iter().zip(rest).all(|(a, b)| a == b) {
                        found(*v);
                    }
                }
            } else {
                let rest = &chars[i..];
                for (w, v) in &self.astral {
                    if rest.starts_with(w) {
                        found(*v);
                    }
                }
            }
        }
    }
}

/// The bit of a second character in a group's set.
#[inline]
fn second_bit(c: char) -> u64 {
    1 << ((c as u32).wrapping_mul(0x9E37_79B1) >> 26)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        crate::analysis::normalize::Norm::chars_of(s).0
    }

    #[test]
    fn finds_every_word_overlapping() {
        let set = KeywordSet::new([
            ("收费", 1u32),
            ("收费通知", 2),
            ("通知", 4),
            ("无", 8),
            ("𠀀字", 16),
            ("技术支持：", 32),
        ]);
        let mut bits = 0;
        set.each(
            &chars("发出收费 通知三件，无。𠀀字 x 技术支持:"),
            |b| bits |= b,
        );
        assert_eq!(bits, 63);
        let mut n = 0;
        set.each(&chars("收费收费"), |_| n += 1);
        assert_eq!(n, 2);
        set.each(&[], |_| panic!("nothing in nothing"));
        set.each(&chars("ascii only 12"), |_| panic!("no match"));
        set.each(&chars("收"), |_| panic!("a word's first char only"));
    }
}
