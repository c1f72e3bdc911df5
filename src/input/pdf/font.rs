//! Fonts as far as text goes: how a string's bytes split into character
//! codes, what each code means in Unicode (the `ToUnicode` CMap; else GBK or
//! UCS-2 for the predefined Chinese CMaps, else the simple encodings), how far
//! each glyph advances, and whether the font writes vertically (Identity-V).

use super::lexer::{Lexer, Operand};
use std::collections::HashMap;

/// Largest code range of a CMap followed (`bfrange`, `codespacerange`).
const MAX_RANGE: u32 = 1 << 16;
/// Most entries read from one CMap or `W` array.
const MAX_ENTRIES: usize = 1 << 17;

/// A `ToUnicode` CMap.
#[derive(Debug, Default)]
pub struct ToUnicode {
    /// (code length in bytes, low, high).
    codespace: Vec<(usize, u32, u32)>,
    single: HashMap<u32, String>,
    /// (low, high, first destination as UTF-16 units; the last unit counts up).
    ranges: Vec<(u32, u32, Vec<u16>)>,
}

fn code_of(bytes: &[u8]) -> u32 {
    bytes
        .iter()
        .take(4)
        .fold(0u32, |acc, b| (acc << 8) | u32::from(*b))
}

fn utf16(bytes: &[u8]) -> Vec<u16> {
    bytes
        .chunks(2)
        .map(|c| (u16::from(c[0]) << 8) | u16::from(*c.get(1).unwrap_or(&0)))
        .collect()
}

fn string_of_utf16(units: &[u16]) -> String {
    char::decode_utf16(units.iter().copied())
        .map(|r| r.unwrap_or('\u{FFFD}'))
        .collect()
}

impl ToUnicode {
    pub fn parse(data: &[u8]) -> ToUnicode {
        let mut map = ToUnicode::default();
        let mut lx = Lexer::new(data, 1024);
        let mut ops = Vec::new();
        let mut entries = 0usize;
        while let Some(op) = lx.next_op(&mut ops) {
            if entries > MAX_ENTRIES {
                break;
            }
            match op {
                b"endcodespacerange" => {
                    for pair in ops.chunks(2) {
                        if let [Operand::Str(lo), Operand::Str(hi)] = pair {
                            let len = lo.len().clamp(1, 4);
                            map.codespace.push((len, code_of(lo), code_of(hi)));
                        }
                    }
                }
                b"endbfchar" => {
                    for pair in ops.chunks(2) {
                        if let [Operand::Str(src), Operand::Str(dst)] = pair {
                            entries += 1;
                            map.single
                                .insert(code_of(src), string_of_utf16(&utf16(dst)));
                        }
                    }
                }
                b"endbfrange" => {
                    for triple in ops.chunks(3) {
                        let [Operand::Str(lo), Operand::Str(hi), dst] = triple else {
                            continue;
                        };
                        let (lo, hi) = (code_of(lo), code_of(hi));
                        if hi < lo || hi - lo > MAX_RANGE {
                            continue;
                        }
                        match dst {
                            Operand::Str(d) => {
                                entries += 1;
                                map.ranges.push((lo, hi, utf16(d)));
                            }
                            Operand::Array(items) => {
                                for (k, item) in items.iter().enumerate() {
                                    if let Operand::Str(d) = item {
                                        entries += 1;
                                        map.single
                                            .insert(lo + k as u32, string_of_utf16(&utf16(d)));
                                    }
                                }
                            }
                            _ => {}
                        }
                    }
                }
                _ => {}
            }
        }
        map
    }

    /// The length of the code starting `bytes` by the codespace ranges.
    fn code_len(&self, bytes: &[u8]) -> Option<usize> {
        self.codespace.iter().find_map(|&(len, lo, hi)| {
            let c = code_of(bytes.get(..len)?);
            (lo..=hi).contains(&c).then_some(len)
        })
    }

    pub fn get(&self, code: u32) -> Option<String> {
        if let Some(s) = self.single.get(&code) {
            return Some(s.clone());
        }
        let (lo, _, first) = self
            .ranges
            .iter()
            .find(|(lo, hi, _)| (*lo..=*hi).contains(&code))?;
        let mut units = first.clone();
        let last = units.last_mut()?;
        *last = last.wrapping_add((code - lo) as u16);
        Some(string_of_utf16(&units))
    }
}

/// How a string splits into codes.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Codes {
    One,
    Two,
    /// GBK/EUC: a byte ≥ 0x81 starts a two-byte code.
    Gbk,
    /// By the ToUnicode map's codespace ranges.
    Codespace,
}

/// Meaning of codes without a ToUnicode entry.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Fallback {
    /// The code is a UCS-2/UTF-16 unit (UniGB-UCS2-H, UniGB-UTF16-H).
    Ucs2,
    /// The code's bytes are GBK (GBK-EUC-H, GBpc-EUC-H, GBK2K-H).
    Gbk,
    /// A simple font: Latin-1-like (WinAnsi/Standard in the ASCII range).
    Latin,
    /// A CID font without a map: the text cannot be known.
    None,
}

#[derive(Debug)]
pub struct Font {
    codes: Codes,
    to_unicode: Option<ToUnicode>,
    fallback: Fallback,
    /// Glyph names of `/Differences` (simple fonts).
    differences: HashMap<u32, String>,
    /// Advance of each code, in text space units × 1000 (glyph space).
    widths: HashMap<u32, f64>,
    default_width: f64,
    /// Glyph space to text space (1/1000, or a Type 3 font's matrix).
    pub scale: f64,
    pub vertical: bool,
}

impl Default for Font {
    fn default() -> Self {
        Font {
            codes: Codes::One,
            to_unicode: None,
            fallback: Fallback::Latin,
            differences: HashMap::new(),
            widths: HashMap::new(),
            default_width: 500.0,
            scale: 0.001,
            vertical: false,
        }
    }
}

/// One character code of a shown string.
pub struct Code {
    pub code: u32,
    pub len: usize,
}

impl Font {
    /// A Type 0 (composite) font.
    pub fn composite(encoding: &[u8], vertical: bool, to_unicode: Option<ToUnicode>) -> Font {
        let (codes, fallback) = if encoding.starts_with(b"Identity") {
            (Codes::Two, Fallback::None)
        } else if encoding.starts_with(b"UniGB-UCS2") || encoding.starts_with(b"UniGB-UTF16") {
            (Codes::Two, Fallback::Ucs2)
        } else if encoding.starts_with(b"GBK")
            || encoding.starts_with(b"GBpc-EUC")
            || encoding.starts_with(b"GB-EUC")
        {
            (Codes::Gbk, Fallback::Gbk)
        } else if to_unicode.as_ref().is_some_and(|t| !t.codespace.is_empty()) {
            (Codes::Codespace, Fallback::None)
        } else {
            (Codes::Two, Fallback::None)
        };
        Font {
            codes,
            to_unicode,
            fallback,
            default_width: 1000.0,
            vertical: vertical || encoding.ends_with(b"-V"),
            ..Font::default()
        }
    }

    /// A simple font (Type 1, TrueType, Type 3).
    pub fn simple(to_unicode: Option<ToUnicode>, differences: HashMap<u32, String>) -> Font {
        Font {
            to_unicode,
            differences,
            ..Font::default()
        }
    }

    pub fn set_widths(&mut self, widths: HashMap<u32, f64>, default: Option<f64>) {
        self.widths = widths;
        if let Some(d) = default.filter(|d| d.is_finite() && *d > 0.0) {
            self.default_width = d;
        }
    }

    /// The codes of a shown string.
    pub fn codes(&self, bytes: &[u8]) -> Vec<Code> {
        let mut out = Vec::with_capacity(bytes.len());
        let mut i = 0;
        while i < bytes.len() {
            let len = match self.codes {
                Codes::One => 1,
                Codes::Two => 2,
                Codes::Gbk => {
                    if bytes[i] >= 0x81 {
                        2
                    } else {
                        1
                    }
                }
                Codes::Codespace => self
                    .to_unicode
                    .as_ref()
                    .and_then(|t| t.code_len(&bytes[i..]))
                    .unwrap_or(2),
            };
            let len = len.min(bytes.len() - i);
            out.push(Code {
                code: code_of(&bytes[i..i + len]),
                len,
            });
            i += len;
        }
        out
    }

    /// The text of a code; empty when it cannot be known.
    pub fn text(&self, code: &Code) -> String {
        if let Some(s) = self.to_unicode.as_ref().and_then(|t| t.get(code.code)) {
            return s;
        }
        match self.fallback {
            Fallback::Ucs2 => char::from_u32(code.code)
                .map(String::from)
                .unwrap_or_default(),
            Fallback::Gbk => {
                let bytes: Vec<u8> = if code.len == 2 {
                    vec![(code.code >> 8) as u8, code.code as u8]
                } else {
                    vec![code.code as u8]
                };
                let (s, _, bad) = encoding_rs::GBK.decode(&bytes);
                if bad { String::new() } else { s.into_owned() }
            }
            Fallback::Latin => {
                if let Some(name) = self.differences.get(&code.code) {
                    return glyph_name_text(name).unwrap_or_default();
                }
                match code.code {
                    0x20..=0x7e => char::from_u32(code.code)
                        .map(String::from)
                        .unwrap_or_default(),
                    0xa0..=0xff => char::from_u32(code.code)
                        .map(String::from)
                        .unwrap_or_default(),
                    _ => String::new(),
                }
            }
            Fallback::None => String::new(),
        }
    }

    /// The advance of a code in glyph space (1000 = one em for most fonts).
    pub fn width(&self, code: &Code) -> f64 {
        self.widths
            .get(&code.code)
            .copied()
            .unwrap_or(self.default_width)
    }

    /// Whether word spacing applies (single-byte code 32).
    pub fn is_space(&self, code: &Code) -> bool {
        code.len == 1 && code.code == 32
    }
}

/// The text of a glyph name: `uniXXXX`, `uXXXX`, single letters and digits,
/// and the common punctuation names.
fn glyph_name_text(name: &str) -> Option<String> {
    if let Some(hex) = name.strip_prefix("uni").or_else(|| name.strip_prefix('u')) {
        if (4..=6).contains(&hex.len()) {
            if let Some(c) = u32::from_str_radix(hex, 16).ok().and_then(char::from_u32) {
                return Some(c.to_string());
            }
        }
    }
    if name.len() == 1 && name.is_ascii() {
        return Some(name.to_string());
    }
    const NAMES: [(&str, &str); 24] = [
        ("space", " "),
        ("period", "."),
        ("comma", ","),
        ("hyphen", "-"),
        ("colon", ":"),
        ("semicolon", ";"),
        ("parenleft", "("),
        ("parenright", ")"),
        ("slash", "/"),
        ("percent", "%"),
        ("zero", "0"),
        ("one", "1"),
        ("two", "2"),
        ("three", "3"),
        ("four", "4"),
        ("five", "5"),
        ("six", "6"),
        ("seven", "7"),
        ("eight", "8"),
        ("nine", "9"),
        ("quotedblleft", "“"),
        ("quotedblright", "”"),
        ("endash", "–"),
        ("emdash", "—"),
    ];
    NAMES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, t)| t.to_string())
}

/// A CID font's `W` array: `c [w1 w2 …]` and `c_first c_last w`.
pub fn cid_widths(items: &[WidthItem]) -> HashMap<u32, f64> {
    let mut out = HashMap::new();
    let mut i = 0;
    while i < items.len() && out.len() < MAX_ENTRIES {
        match (items.get(i), items.get(i + 1), items.get(i + 2)) {
            (Some(WidthItem::Num(c)), Some(WidthItem::List(ws)), _) => {
                for (k, w) in ws.iter().enumerate() {
                    out.insert((*c as u32).saturating_add(k as u32), *w);
                }
                i += 2;
            }
            (Some(WidthItem::Num(a)), Some(WidthItem::Num(b)), Some(WidthItem::Num(w))) => {
                let (a, b) = (*a as u32, *b as u32);
                if b >= a && b - a <= MAX_RANGE {
                    for c in a..=b {
                        out.insert(c, *w);
                    }
                }
                i += 3;
            }
            _ => i += 1,
        }
    }
    out
}

/// An element of a `W` array: a number or a list of widths.
#[derive(Debug)]
pub enum WidthItem {
    Num(f64),
    List(Vec<f64>),
}

#[cfg(test)]
mod tests {
    use super::*;

    const CMAP: &[u8] = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap
1 begincodespacerange <0000> <FFFF> endcodespacerange
2 beginbfchar <0003> <0020> <0104> <672C> endbfchar
2 beginbfrange <0010> <0012> <0030> <0020> <0021> [<5E74> <D840DC00>] endbfrange
endcmap";

    #[test]
    fn to_unicode_maps_chars_ranges_and_arrays() {
        let t = ToUnicode::parse(CMAP);
        assert_eq!(t.get(0x0104).as_deref(), Some("本"));
        assert_eq!(t.get(0x0011).as_deref(), Some("1"));
        assert_eq!(t.get(0x0021).as_deref(), Some("\u{20000}"));
        assert_eq!(t.get(0x0013), None);
        let f = Font::composite(b"Identity-H", false, Some(t));
        let codes = f.codes(&[0x01, 0x04, 0x00, 0x10]);
        let text: String = codes.iter().map(|c| f.text(c)).collect();
        assert_eq!(text, "本0");
    }

    #[test]
    fn predefined_chinese_encodings() {
        let f = Font::composite(b"GBK-EUC-H", false, None);
        let s = "年报A".as_bytes();
        let gbk = encoding_rs::GBK.encode("年报A").0;
        assert_ne!(s, &gbk[..]);
        let text: String = f.codes(&gbk).iter().map(|c| f.text(c)).collect();
        assert_eq!(text, "年报A");
        let u = Font::composite(b"UniGB-UCS2-V", false, None);
        assert!(u.vertical);
        let text: String = u.codes(&[0x5E, 0x74]).iter().map(|c| u.text(c)).collect();
        assert_eq!(text, "年");
    }

    #[test]
    fn widths_arrays() {
        let w = cid_widths(&[
            WidthItem::Num(1.0),
            WidthItem::List(vec![500.0, 600.0]),
            WidthItem::Num(10.0),
            WidthItem::Num(12.0),
            WidthItem::Num(1000.0),
            WidthItem::Num(0.0),
            WidthItem::Num(4e9),
            WidthItem::Num(1.0),
        ]);
        assert_eq!(w.get(&2), Some(&600.0));
        assert_eq!(w.get(&11), Some(&1000.0));
        assert_eq!(w.len(), 5);
    }
}
