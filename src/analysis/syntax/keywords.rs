//! Finding a fixed set of short key words in a line, all of them, overlapping
//! ("收费通知" is also "收费"), in one pass.
//!
//! The words are a few hundred at most and mostly two to six CJK characters,
//! and most characters of a report start none of them. So each character is
//! tested against a bitmap of the words' first characters (one bit per BMP
//! code point: the index of the words starting with it), and only on a hit
//! are those words compared.
//! This costs a few instructions per byte and nothing to build, where a
//! general Aho-Corasick automaton costs either ~30 instructions per byte (NFA)
//! or milliseconds to build (DFA) for these words.

pub struct KeywordSet<T: Copy> {
    /// For each BMP character, 1 + the index in `groups` of the words that
    /// start with it, or 0.
    first: Vec<u16>,
    /// Words grouped by first character.
    groups: Vec<Vec<Word<T>>>,
    /// Words whose first character is outside the BMP.
    astral: Vec<Word<T>>,
}

/// A word with its first 8 bytes as a number: most candidates are told apart
/// by one comparison of those, without a call to `memcmp`.
struct Word<T> {
    bytes: &'static [u8],
    head: u64,
    mask: u64,
    value: T,
}

/// Up to the first 8 bytes of `b`, little-endian, zero-padded.
#[inline]
fn head_of(b: &[u8]) -> u64 {
    let mut buf = [0u8; 8];
    let n = b.len().min(8);
    buf[..n].copy_from_slice(&b[..n]);
    u64::from_le_bytes(buf)
}

impl<T: Copy> Word<T> {
    fn new(w: &'static str, value: T) -> Self {
        let bytes = w.as_bytes();
        let n = bytes.len().min(8);
        Word {
            bytes,
            head: head_of(bytes),
            mask: if n == 8 {
                u64::MAX
            } else {
                (1u64 << (8 * n)) - 1
            },
            value,
        }
    }

    /// Whether `rest` starts with the word, given `rest`'s first 8 bytes.
    #[inline]
    fn starts(&self, rest: &[u8], rest_head: u64) -> bool {
        rest_head & self.mask == self.head
            && (self.bytes.len() <= 8 || rest.starts_with(self.bytes))
    }
}

impl<T: Copy> KeywordSet<T> {
    pub fn new(words: impl IntoIterator<Item = (&'static str, T)>) -> Self {
        let mut first = vec![0u16; 0x10000];
        let mut groups: Vec<Vec<Word<T>>> = Vec::new();
        let mut astral = Vec::new();
        for (w, v) in words {
            let Some(c) = w.chars().next() else { continue };
            if (c as u32) >= 0x10000 {
                astral.push(Word::new(w, v));
                continue;
            }
            let slot = &mut first[c as usize];
            if *slot == 0 {
                groups.push(Vec::new());
                *slot = groups.len() as u16;
            }
            groups[*slot as usize - 1].push(Word::new(w, v));
        }
        KeywordSet {
            first,
            groups,
            astral,
        }
    }

    /// Calls `found` with the value of every occurrence of a word in `text`;
    /// returns the number of characters that are not ASCII spaces or tabs.
    #[inline]
    pub fn each(&self, text: &str, mut found: impl FnMut(T)) -> u32 {
        let mut chars = 0;
        for (i, c) in text.char_indices() {
            chars += u32::from(c != ' ' && c != '\t');
            let u = c as u32;
            let words = if u < 0x10000 {
                match self.first[u as usize] {
                    0 => continue,
                    g => &self.groups[g as usize - 1],
                }
            } else {
                &self.astral
            };
            let rest = &text.as_bytes()[i..];
            let rest_head = head_of(rest);
            for w in words {
                if rest.len() >= w.bytes.len() && w.starts(rest, rest_head) {
                    found(w.value);
                }
            }
        }
        chars
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_every_word_overlapping() {
        let set = KeywordSet::new([
            ("收费", 1u32),
            ("收费通知", 2),
            ("通知", 4),
            ("无", 8),
            ("𠀀字", 16),
        ]);
        let mut bits = 0;
        let chars = set.each("发出收费通知三件，无。𠀀字 x", |b| bits |= b);
        assert_eq!(bits, 31);
        assert_eq!(chars, 14);
        let mut n = 0;
        set.each("收费收费", |_| n += 1);
        assert_eq!(n, 2);
        set.each("", |_| panic!("nothing in nothing"));
        set.each("ascii only 12", |_| panic!("no match"));
    }
}
