//! Normalisation of labels and cells before they are matched against the format.
//!
//! Real reports write the same label many ways (format spec §8): full- and
//! half-width brackets and digits, spaces inside labels from PDF extraction,
//! curly and straight quotes, `1、` for `1.`. Labels are compared after folding
//! each character (the NFKC mappings that occur in these reports: full-width ASCII
//! forms to ASCII, the ideographic space to a space, and quotes unified) and
//! dropping all whitespace. Every normalised character keeps the byte range it
//! came from, so findings and fixes point at the source text.

/// Folds one character for comparison. Full-width ASCII (U+FF01..U+FF5E) becomes
/// ASCII, curly quotes become straight ones; everything else is unchanged.
#[inline]
pub fn fold(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFF01 + 0x21).unwrap_or(c),
        '\u{3000}' => ' ',
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{301D}'
        | '\u{301E}' => '"',
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{2032}' => '\'',
        '\u{FE50}' => ',',
        '\u{FE52}' => '.',
        '\u{FE59}' => '(',
        '\u{FE5A}' => ')',
        _ => c,
    }
}

/// Whitespace as it occurs in pasted reports: ASCII and Unicode spaces, the
/// ideographic space, no-break spaces, zero-width spaces and a stray BOM.
#[inline]
pub fn is_space(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}'
        )
}

/// Trims [`is_space`] characters (and `&nbsp;` entities) from both ends; returns
/// the byte range of what is left inside `s`.
pub fn trim_range(s: &str) -> (usize, usize) {
    if is_trimmed(s.as_bytes()) {
        return (0, s.len());
    }
    let mut start = 0;
    let mut end = s.len();
    loop {
        let rest = &s[start..end];
        if let Some(c) = rest.chars().next().filter(|c| is_space(*c)) {
            start += c.len_utf8();
        } else if rest.starts_with("&nbsp;") {
            start += 6;
        } else {
            break;
        }
    }
    loop {
        let rest = &s[start..end];
        if let Some(c) = rest.chars().next_back().filter(|c| is_space(*c)) {
            end -= c.len_utf8();
        } else if rest.ends_with("&nbsp;") {
            end -= 6;
        } else {
            break;
        }
    }
    (start, end)
}

/// Whether a text surely starts and ends with no space and no `&nbsp;`,
/// told from its bytes: an ASCII char that is neither (nor `&` first, `;`
/// last), or a char of U+4000..U+9FFF (lead byte E4..E9), the common case.
#[inline]
fn is_trimmed(b: &[u8]) -> bool {
    let cjk = |lead: u8| (0xE4..=0xE9).contains(&lead);
    let (Some(&first), Some(&last)) = (b.first(), b.last()) else {
        return false;
    };
    let start = (first.is_ascii_graphic() && first != b'&') || cjk(first);
    let end = (last.is_ascii_graphic() && last != b';') || (b.len() >= 3 && cjk(b[b.len() - 3]));
    start && end
}

/// A normalised label: folded characters without whitespace, each with the byte
/// range (relative to the normalised source string) it came from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Norm {
    /// The normalised text.
    text: String,
    /// `src[i]` is the source byte range of the `i`-th character of `text`.
    pub src: Vec<(u32, u32)>,
    /// Indices (in characters) of `.` characters that were written `、` after a
    /// digit (`1、`).
    pub dun: Vec<usize>,
}

impl Norm {
    /// Normalises `s`; byte ranges are relative to `s` plus `base`.
    pub fn new(s: &str, base: usize) -> Norm {
        let mut n = Norm {
            text: String::with_capacity(s.len()),
            // One range per char at most: chars counted by their lead bytes
            // (a loop the compiler vectorises).
            src: Vec::with_capacity(s.bytes().filter(|b| (b & 0xC0) != 0x80).count()),
            dun: Vec::new(),
        };
        n.push_str(s, base);
        n
    }

    /// The normalised characters of `s` and the source byte range of each, in
    /// one pass: what `Norm::new(s, 0)` gives as `chars()` and `src`, for
    /// scanners that index characters and never need the string.
    pub fn chars_of(s: &str) -> (Vec<char>, Vec<(u32, u32)>) {
        let (mut chars, mut src) = (Vec::new(), Vec::new());
        Norm::chars_into(s, &mut chars, &mut src);
        (chars, src)
    }

    /// [`Norm::chars_of`] into buffers the caller keeps (cleared first): a
    /// scanner that runs for every line reuses them instead of allocating.
    /// Returns whether whitespace was dropped (it may have split a word).
    pub fn chars_into(s: &str, chars: &mut Vec<char>, src: &mut Vec<(u32, u32)>) -> bool {
        let mut dropped_space = false;
        chars.clear();
        src.clear();
        // At most one normalised char per source byte: both buffers get room
        // for that many, are written in place (this runs for every char of
        // the narrative, where a push's capacity check costs as much as the
        // rest), and are cut to what was written.
        chars.reserve(s.len());
        src.reserve(s.len());
        let out_c = &mut chars.spare_capacity_mut()[..s.len()];
        let out_s = &mut src.spare_capacity_mut()[..s.len()];
        let mut n = 0;
        // Whether the last char kept is an ASCII digit (for `1、`).
        let mut after_digit = false;
        let bytes = s.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            // The common cases first, without decoding a char: a CJK ideograph
            // (U+4E00..U+9FFF: three bytes led by E4..E9) or an ASCII letter
            // or digit is kept as it is.
            if (0xE4..=0xE9).contains(&b) && i + 2 < bytes.len() {
                let u = (u32::from(b & 0x0F) << 12)
                    | (u32::from(bytes[i + 1] & 0x3F) << 6)
                    | u32::from(bytes[i + 2] & 0x3F);
                if u >= 0x4E00 {
                    out_c[n].write(char::from_u32(u).unwrap_or(char::REPLACEMENT_CHARACTER));
                    out_s[n].write((i as u32, i as u32 + 3));
                    n += 1;
                    after_digit = false;
                    i += 3;
                    continue;
                }
            } else if b.is_ascii_alphanumeric() {
                out_c[n].write(b as char);
                out_s[n].write((i as u32, i as u32 + 1));
                n += 1;
                after_digit = b.is_ascii_digit();
                i += 1;
                continue;
            }
            // `i` is always at a char boundary of `s`.
            let Some(c) = s[i..].chars().next() else {
                break;
            };
            let end = (i + c.len_utf8()) as u32;
            if c == '&' && bytes[i..].starts_with(b"&nbsp;") {
                i += 6;
                dropped_space = true;
                continue;
            }
            i = end as usize;
            let f = fold(c);
            if is_space(f) {
                dropped_space = true;
                continue;
            }
            if f == '|' {
                continue;
            }
            // `1、` -> `1.` when a digit precedes the 、.
            let f = if f == '、' && after_digit { '.' } else { f };
            out_c[n].write(f);
            out_s[n].write((end - c.len_utf8() as u32, end));
            n += 1;
            after_digit = f.is_ascii_digit();
        }
        // SAFETY: the first `n` elements of both buffers were written above
        // (`n` never passes `s.len()`, their reserved length).
        unsafe {
            chars.set_len(n);
            src.set_len(n);
        }
        dropped_space
    }

    /// Appends the normalisation of `s` (whose first byte is at `base`).
    ///
    /// [`Norm::chars_into`] must give the same chars and ranges (tested).
    pub fn push_str(&mut self, s: &str, base: usize) {
        let bytes = s.as_bytes();
        let kept_at = |i: usize| match bytes[i] {
            0xE4..=0xE9 if i + 2 < bytes.len() && (bytes[i] > 0xE4 || bytes[i + 1] >= 0xB8) => 3,
            b if b.is_ascii_alphanumeric() => 1,
            _ => 0,
        };
        let mut i = 0;
        while i < bytes.len() {
            // The common case first, without decoding a char: a run of CJK
            // ideographs (U+4E00..U+9FFF: three bytes led by E4..E9) and ASCII
            // letters and digits is kept as it is, its bytes copied at once.
            let run = i;
            let mut kept = kept_at(i);
            while kept > 0 {
                let start = (base + i) as u32;
                self.src.push((start, start + kept as u32));
                i += kept;
                kept = if i < bytes.len() { kept_at(i) } else { 0 };
            }
            if i > run {
                self.text.push_str(&s[run..i]);
                continue;
            }
            // `i` is always at a char boundary of `s`.
            let Some(c) = s[i..].chars().next() else {
                break;
            };
            if c == '&' && bytes[i..].starts_with(b"&nbsp;") {
                // Skip the entity.
                i += 6;
                continue;
            }
            let at = i;
            i += c.len_utf8();
            let f = fold(c);
            if is_space(f) || f == '|' {
                continue;
            }
            let start = (base + at) as u32;
            let end = start + c.len_utf8() as u32;
            // `1、` -> `1.` when a digit precedes the 、.
            if f == '、'
                && self
                    .text
                    .as_bytes()
                    .last()
                    .is_some_and(|p| p.is_ascii_digit())
            {
                self.dun.push(self.src.len());
                self.text.push('.');
                self.src.push((start, end));
                continue;
            }
            self.text.push(f);
            self.src.push((start, end));
        }
    }

    /// Appends another normalised string (offsets are kept as they are).
    pub fn append(&mut self, other: &Norm) {
        let at = self.src.len();
        self.dun.extend(other.dun.iter().map(|d| d + at));
        self.text.push_str(&other.text);
        self.src.extend_from_slice(&other.src);
    }

    /// Shifts all source offsets by `by` bytes.
    pub fn shifted(&self, by: usize) -> Norm {
        Norm {
            text: self.text.clone(),
            src: self
                .src
                .iter()
                .map(|&(a, b)| (a + by as u32, b + by as u32))
                .collect(),
            dun: self.dun.clone(),
        }
    }

    /// Character indices that start a whitespace-separated chunk (0 included).
    pub fn chunk_starts(&self) -> Vec<usize> {
        let mut out = Vec::new();
        for i in 0..self.src.len() {
            if i == 0 || self.src[i].0 > self.src[i - 1].1 {
                out.push(i);
            }
        }
        out
    }

    /// Number of characters.
    pub fn len(&self) -> usize {
        self.src.len()
    }

    pub fn is_empty(&self) -> bool {
        self.src.is_empty()
    }

    /// The characters (for matching by character index).
    pub fn chars(&self) -> Vec<char> {
        self.text.chars().collect()
    }

    pub fn as_string(&self) -> String {
        self.text.clone()
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The source byte range covering normalised characters `from..to`.
    pub fn span_of(&self, from: usize, to: usize) -> Option<(usize, usize)> {
        span_in(&self.src, from, to).map(|(a, b)| (a as usize, b as usize))
    }

    pub fn starts_with(&self, s: &str) -> bool {
        self.text.starts_with(s)
    }

    pub fn ends_with(&self, s: &str) -> bool {
        self.text.ends_with(s)
    }

    pub fn eq_str(&self, s: &str) -> bool {
        self.text == s
    }

    pub fn contains(&self, s: &str) -> bool {
        self.text.contains(s)
    }
}

/// Whether a char slice spells `s`.
pub fn eq_chars(chars: &[char], s: &str) -> bool {
    let mut it = chars.iter();
    s.chars().all(|c| it.next() == Some(&c)) && it.next().is_none()
}

/// The first index where `s` occurs in `chars`.
pub fn find_chars(chars: &[char], s: &str) -> Option<usize> {
    // No copy of the needle: its first char is compared at every offset, the
    // rest only where that matches.
    let mut needle = s.chars();
    let Some(first) = needle.next() else {
        return Some(0);
    };
    let rest = needle.as_str();
    let n = s.chars().count();
    let last = chars.len().checked_sub(n)?;
    (0..=last)
        .find(|&i| chars[i] == first && rest.chars().zip(&chars[i + 1..]).all(|(a, &b)| a == b))
}

/// The source byte range of the normalised chars `from..to`, from the
/// chars' source ranges `src` (as [`Norm::span_of`] or [`Norm::chars_into`]
/// give them).
pub fn span_in(src: &[(u32, u32)], from: usize, to: usize) -> Option<(u32, u32)> {
    (from < to && to <= src.len()).then(|| (src[from].0, src[to - 1].1))
}

/// Normalises a whole string for comparison (no offsets kept).
pub fn norm_string(s: &str) -> String {
    Norm::new(s, 0).as_string()
}

/// Similarity of two char sequences in `0.0..=1.0`: `2 * LCS / (len a + len b)`.
pub fn similarity(a: &[char], b: &[char]) -> f32 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    // Most comparisons are of labels: their rows fit on the stack.
    let lcs = if b.len() <= SHORT {
        lcs_rows(a, b, &mut [0; SHORT + 1], &mut [0; SHORT + 1])
    } else {
        lcs_rows(a, b, &mut vec![0; b.len() + 1], &mut vec![0; b.len() + 1])
    };
    2.0 * lcs as f32 / (a.len() + b.len()) as f32
}

/// `b`s up to this many chars are compared without allocating.
const SHORT: usize = 64;

/// The longest common subsequence of `a` and `b`, O(len a * len b) with two
/// rows of at least `b.len() + 1` zeros.
fn lcs_rows<'r>(a: &[char], b: &[char], mut prev: &'r mut [u16], mut cur: &'r mut [u16]) -> u16 {
    for &ca in a {
        for (j, &cb) in b.iter().enumerate() {
            cur[j + 1] = if ca == cb {
                prev[j] + 1
            } else {
                cur[j].max(prev[j + 1])
            };
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// [`similarity`] when it can reach `threshold`; lengths too far apart are
/// rejected without computing it (the LCS is at most the shorter length).
pub fn similarity_at_least(a: &[char], b: &[char], threshold: f32) -> Option<f32> {
    let (short, long) = if a.len() < b.len() {
        (a.len(), b.len())
    } else {
        (b.len(), a.len())
    };
    if short == 0 || (2 * short) as f32 / ((short + long) as f32) < threshold {
        return None;
    }
    let s = similarity(a, b);
    (s >= threshold).then_some(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fast scanner's chars and source ranges equal the normaliser's.
    #[test]
    fn chars_into_is_norm() {
        let mut chars = Vec::new();
        let mut src = Vec::new();
        for s in [
            "",
            "全年收到申请 14 件，其中予以公开 11 件。",
            "（一）予以公开\t１２\t3",
            "行政\u{3000}处罚&nbsp;38条|｜ｘ",
            "1、2、 a、",
            "１、２ 、x1|、",
            "㐀䶵䷀一龥鿿\u{A0}\u{200B}𠀀字🙂",
            "“引号”‘单’﹐﹒﹙﹚",
            "&nbsp",
            "\u{FEFF}末尾 ",
        ] {
            let spaced = Norm::chars_into(s, &mut chars, &mut src);
            let n = Norm::new(s, 0);
            assert_eq!(chars, n.chars(), "{s}");
            assert_eq!(src, n.src, "{s}");
            assert_eq!(
                spaced,
                s.chars().any(is_space) || s.contains("&nbsp;"),
                "{s}"
            );
            assert_eq!(Norm::chars_of(s), (chars.clone(), src.clone()));
        }
    }

    #[test]
    fn folds_and_drops_spaces_keeping_offsets() {
        let s = "（三）不 予公开";
        let n = Norm::new(s, 10);
        assert_eq!(n.as_string(), "(三)不予公开");
        assert_eq!(n.span_of(0, 1), Some((10, 13)));
        let last = n.len();
        assert_eq!(n.span_of(0, last), Some((10, 10 + s.len())));
    }

    #[test]
    fn dun_marker_becomes_dot() {
        let n = Norm::new("1、属于国家秘密", 0);
        assert_eq!(n.as_string(), "1.属于国家秘密");
        assert_eq!(n.dun, vec![1]);
        let n = Norm::new("一、总体情况", 0);
        assert_eq!(n.as_string(), "一、总体情况");
        assert!(n.dun.is_empty());
    }

    #[test]
    fn entities_and_quotes() {
        assert_eq!(
            norm_string("&nbsp;危及“三安全一稳定”&nbsp;"),
            "危及\"三安全一稳定\""
        );
        assert_eq!(norm_string("２０２３　年"), "2023年");
    }

    #[test]
    fn trims_unicode_spaces() {
        let s = "\u{3000} 规章&nbsp;\u{a0}";
        let (a, b) = trim_range(s);
        assert_eq!(&s[a..b], "规章");
    }

    #[test]
    fn similarity_is_lcs_ratio() {
        let a: Vec<char> = "其他法律行政止公开".chars().collect();
        let b: Vec<char> = "其他法律行政法规禁止公开".chars().collect();
        let s = similarity(&a, &b);
        assert!(s > 0.8 && s < 1.0, "{s}");
    }
}
