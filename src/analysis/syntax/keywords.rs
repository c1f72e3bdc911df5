//! Finding a fixed set of short key words in a normalised line, all of them,
//! overlapping ("收费通知" is also "收费"), in one pass.
//!
//! The words are a few hundred at most and mostly two to six CJK characters.
//! Most places of a report start none of them, but the common pairs
//! "政府", "信息", "公开" start some ("政府办", "信息管理", "公开申请"). So
//! at each character the pair it starts (for words of two characters) and
//! the triple (for longer words) are looked up in a 4 KB Bloom filter (one
//! bit per hashed pair or triple, in the L1 cache), and only on a hit are
//! the words starting with that pair looked up (an open-addressed table of
//! the pairs, the words' characters in one array) and compared. Words of
//! one character are compared at every character (they are few).
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
    /// The Bloom filter: the bit of the first two chars ([`pair_bit`]) of
    /// each word of two chars, and of the first three ([`triple_bit`]) of
    /// each longer word.
    filter: Box<[u64; FILTER_WORDS]>,
    /// Words of one character.
    singles: Vec<(char, T)>,
    /// The pairs that start a word, open-addressed by [`pair_hash`]
    /// (`slots.len()` is a power of two; an empty slot has `from == to`).
    slots: Vec<Slot>,
    /// Per pair, its words (their chars after the pair, as a range of
    /// `rests`, and their values), in the order they were given.
    words: Vec<(u32, u32, T)>,
    rests: Vec<char>,
}

/// The words of a pair (their chars after it) and their values.
type WordsOfPair<T> = Vec<(Vec<char>, T)>;

/// A pair of first chars and the range of `KeywordSet::words` starting so.
#[derive(Clone, Copy)]
struct Slot {
    pair: (char, char),
    from: u32,
    to: u32,
}

/// Bits of the filter: 2^15 (4 KB), for a few hundred words.
const FILTER_BITS: u32 = 15;
const FILTER_WORDS: usize = 1 << (FILTER_BITS - 6);

#[inline]
fn pair_hash(a: char, b: char) -> u32 {
    ((a as u32).wrapping_mul(0x9E37_79B1) ^ (b as u32)).wrapping_mul(0x85EB_CA77)
}

/// The filter bit of a pair of adjacent chars.
#[inline]
fn pair_bit(a: char, b: char) -> usize {
    (pair_hash(a, b) >> (32 - FILTER_BITS)) as usize
}

/// The filter bit of three adjacent chars.
#[inline]
fn triple_bit(a: char, b: char, c: char) -> usize {
    ((pair_hash(a, b) ^ (c as u32)).wrapping_mul(0xC2B2_AE35) >> (32 - FILTER_BITS)) as usize
}

impl<T: Copy> KeywordSet<T> {
    pub fn new<'a>(words: impl IntoIterator<Item = (&'a str, T)>) -> Self {
        let mut filter = Box::new([0u64; FILTER_WORDS]);
        let mut singles = Vec::new();
        // The words of each pair, in the order given.
        let mut by_pair: Vec<((char, char), WordsOfPair<T>)> = Vec::new();
        for (w, v) in words {
            let w: Vec<char> = w.chars().map(fold).filter(|c| !is_space(*c)).collect();
            let bit = match w[..] {
                [] => continue,
                [c] => {
                    singles.push((c, v));
                    continue;
                }
                [a, b] => pair_bit(a, b),
                [a, b, c, ..] => triple_bit(a, b, c),
            };
            filter[bit >> 6] |= 1 << (bit & 63);
            let pair = (w[0], w[1]);
            let rest = w[2..].to_vec();
            match by_pair.iter_mut().find(|(p, _)| *p == pair) {
                Some((_, ws)) => ws.push((rest, v)),
                None => by_pair.push((pair, vec![(rest, v)])),
            }
        }
        let size = (by_pair.len() * 4).next_power_of_two();
        let empty = Slot {
            pair: ('\0', '\0'),
            from: 0,
            to: 0,
        };
        let mut slots = vec![empty; size];
        let (mut list, mut rests) = (Vec::new(), Vec::new());
        for (pair, ws) in by_pair {
            let from = list.len() as u32;
            for (rest, v) in ws {
                let at = rests.len() as u32;
                rests.extend_from_slice(&rest);
                list.push((at, rests.len() as u32, v));
            }
            let mut h = pair_hash(pair.0, pair.1) as usize & (size - 1);
            while slots[h].from != slots[h].to {
                h = (h + 1) & (size - 1);
            }
            slots[h] = Slot {
                pair,
                from,
                to: list.len() as u32,
            };
        }
        KeywordSet {
            filter,
            singles,
            slots,
            words: list,
            rests,
        }
    }

    /// Calls `found` with the value of every occurrence of a word in `chars`
    /// (a normalised text).
    #[inline]
    pub fn each(&self, chars: &[char], mut found: impl FnMut(T)) {
        let bit = |b: usize| self.filter[b >> 6] & (1 << (b & 63)) != 0;
        for (i, &c) in chars.iter().enumerate() {
            for &(s, v) in &self.singles {
                if s == c {
                    found(v);
                }
            }
            let Some(&d) = chars.get(i + 1) else { break };
            // (A NUL after the pair: no word of three chars or more matches
            // there, whatever the filter says.)
            let e = chars.get(i + 2).copied().unwrap_or('\0');
            if bit(pair_bit(c, d)) || bit(triple_bit(c, d, e)) {
                self.words_at(chars, i, &mut found);
            }
        }
    }

    /// The words of two or more chars starting at `chars[i]` (which has a
    /// char after it).
    #[inline(never)]
    fn words_at(&self, chars: &[char], i: usize, found: &mut impl FnMut(T)) {
        let pair = (chars[i], chars[i + 1]);
        let mask = self.slots.len() - 1;
        let mut h = pair_hash(pair.0, pair.1) as usize & mask;
        let slot = loop {
            let s = self.slots[h];
            if s.from == s.to {
                return;
            }
            if s.pair == pair {
                break s;
            }
            h = (h + 1) & mask;
        };
        let after = &chars[i + 2..];
        for &(a, b, v) in &self.words[slot.from as usize..slot.to as usize] {
            let rest = &self.rests[a as usize..b as usize];
            // Compared char by char, inline: most candidates differ at
            // their first char (a call to memcmp costs more).
            if rest.len() <= after.len() && rest.iter().zip(after).all(|(x, y)| x == y) {
                found(v);
            }
        }
    }
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
