//! Reading report files: detecting the encoding (UTF-8 with or without BOM,
//! UTF-16 with BOM, GB18030/GBK as saved by Chinese Windows), refusing binary
//! files with a clear reason, and writing text back in the same encoding.

use super::{InputError, Limits};
use encoding_rs::{GB18030, UTF_16BE, UTF_16LE};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Utf8 {
        bom: bool,
    },
    /// UTF-16 with or without a byte-order mark (without one, it is detected
    /// from the zero bytes of ASCII and CJK text).
    Utf16Le {
        bom: bool,
    },
    Utf16Be {
        bom: bool,
    },
    Gb18030,
}

impl Encoding {
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 { bom: false } => "UTF-8",
            Encoding::Utf8 { bom: true } => "UTF-8 (BOM)",
            Encoding::Utf16Le { bom: false } => "UTF-16LE",
            Encoding::Utf16Le { bom: true } => "UTF-16LE (BOM)",
            Encoding::Utf16Be { bom: false } => "UTF-16BE",
            Encoding::Utf16Be { bom: true } => "UTF-16BE (BOM)",
            Encoding::Gb18030 => "GB18030",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DecodeError {
    /// NUL bytes or control characters: not a text file.
    Binary,
    /// Neither UTF-8, UTF-16 nor GB18030.
    Undecodable,
}

#[derive(Clone, Debug)]
pub struct Decoded {
    pub text: String,
    pub encoding: Encoding,
}

/// Control characters other than tab, line breaks and form feed, per 1000 chars,
/// above which a "text" is taken for binary data.
const MAX_CONTROL_PER_MILLE: usize = 5;

fn looks_binary(text: &str) -> bool {
    let b = text.as_bytes();
    // Control characters (Unicode's Cc) byte by byte: C0 and DEL are single
    // bytes, C1 (U+0080..U+009F) is C2 80..C2 9F. The C0 count is made in
    // chunks with byte counters, branch-free, so that it vectorises (with
    // `filter().count()` it did not: ~4% of a batch's CPU).
    let (mut c0, mut nul) = (0usize, 0usize);
    for chunk in b.chunks(128) {
        let (mut c, mut z) = (0u8, 0u8);
        for &x in chunk {
            c += is_c0_control(x);
            z += u8::from(x == 0);
        }
        c0 += usize::from(c);
        nul += usize::from(z);
    }
    if nul > 0 {
        return true;
    }
    let c1 = memchr::memchr_iter(0xC2, b)
        .filter(|&i| b.get(i + 1).is_some_and(|&y| y <= 0x9F))
        .count();
    // Counting the chars is needed only when there are control characters.
    c0 + c1 > 0 && (c0 + c1) * 1000 > text.chars().count() * MAX_CONTROL_PER_MILLE
}

/// 1 for a C0 control character other than tab, line feed, form feed and
/// carriage return, or DEL; else 0 (arithmetic, not branches).
fn is_c0_control(x: u8) -> u8 {
    (u8::from(x < 0x20)
        & u8::from(x != b'\t')
        & u8::from(x != b'\n')
        & u8::from(x != 0x0C)
        & u8::from(x != b'\r'))
        | u8::from(x == 0x7F)
}

/// Guesses UTF-16 without a BOM from the zero bytes of ASCII and CJK text.
fn utf16_without_bom(bytes: &[u8]) -> Option<Encoding> {
    if bytes.len() < 8 || bytes.len() % 2 != 0 {
        return None;
    }
    let pairs = bytes.len() / 2;
    let even_zero = bytes.iter().step_by(2).filter(|b| **b == 0).count();
    let odd_zero = bytes.iter().skip(1).step_by(2).filter(|b| **b == 0).count();
    if odd_zero * 10 > pairs * 3 && even_zero * 20 < pairs {
        Some(Encoding::Utf16Le { bom: false })
    } else if even_zero * 10 > pairs * 3 && odd_zero * 20 < pairs {
        Some(Encoding::Utf16Be { bom: false })
    } else {
        None
    }
}

pub fn decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    let utf16 = |enc: Encoding, body: &[u8]| -> Result<Decoded, DecodeError> {
        let codec = if matches!(enc, Encoding::Utf16Le { .. }) {
            UTF_16LE
        } else {
            UTF_16BE
        };
        let text = codec
            .decode_without_bom_handling_and_without_replacement(body)
            .ok_or(DecodeError::Undecodable)?
            .into_owned();
        if looks_binary(&text) {
            return Err(DecodeError::Binary);
        }
        Ok(Decoded {
            text,
            encoding: enc,
        })
    };
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        let text = utf8(rest).ok_or(DecodeError::Undecodable)?;
        if looks_binary(text) {
            return Err(DecodeError::Binary);
        }
        return Ok(Decoded {
            text: text.to_string(),
            encoding: Encoding::Utf8 { bom: true },
        });
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return utf16(Encoding::Utf16Le { bom: true }, rest);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return utf16(Encoding::Utf16Be { bom: true }, rest);
    }
    if let Some(text) = utf8(bytes) {
        if text.contains('\0') {
            if let Some(enc) = utf16_without_bom(bytes) {
                return utf16(enc, bytes);
            }
        }
        if looks_binary(text) {
            return Err(DecodeError::Binary);
        }
        return Ok(Decoded {
            text: text.to_string(),
            encoding: Encoding::Utf8 { bom: false },
        });
    }
    if let Some(enc) = utf16_without_bom(bytes) {
        return utf16(enc, bytes);
    }
    if bytes.contains(&0) {
        return Err(DecodeError::Binary);
    }
    match GB18030.decode_without_bom_handling_and_without_replacement(bytes) {
        Some(text) => {
            if looks_binary(&text) {
                return Err(DecodeError::Binary);
            }
            Ok(Decoded {
                text: text.into_owned(),
                encoding: Encoding::Gb18030,
            })
        }
        None => Err(DecodeError::Undecodable),
    }
}

/// `bytes` as UTF-8 text, if they are: validated with SIMD (simdutf8), several
/// times faster than `std::str::from_utf8` on Chinese text, the bulk of a
/// report and of every file of a batch.
fn utf8(bytes: &[u8]) -> Option<&str> {
    simdutf8::basic::from_utf8(bytes).ok()
}

/// [`decode`] within the `text` limit. No encoding takes more than two bytes
/// for a byte of the UTF-8 text (UTF-16 for ASCII), so an input of more than
/// twice the limit is refused before it is decoded.
pub fn decode_within(bytes: &[u8], limits: &Limits) -> Result<Decoded, InputError> {
    limits.check_text(bytes.len() / 2)?;
    let d = decode(bytes)?;
    limits.check_text(d.text.len())?;
    Ok(d)
}

/// Encodes text back into the encoding (and BOM) it was read in.
pub fn encode(text: &str, encoding: Encoding) -> Vec<u8> {
    match encoding {
        Encoding::Utf8 { bom } => {
            let mut out = Vec::with_capacity(text.len() + 3);
            if bom {
                out.extend_from_slice(&[0xEF, 0xBB, 0xBF]);
            }
            out.extend_from_slice(text.as_bytes());
            out
        }
        Encoding::Utf16Le { bom } | Encoding::Utf16Be { bom } => {
            let le = matches!(encoding, Encoding::Utf16Le { .. });
            let mut out = Vec::with_capacity(text.len() * 2 + 2);
            if bom {
                out.extend_from_slice(if le { &[0xFF, 0xFE] } else { &[0xFE, 0xFF] });
            }
            for u in text.encode_utf16() {
                out.extend_from_slice(&if le { u.to_le_bytes() } else { u.to_be_bytes() });
            }
            out
        }
        Encoding::Gb18030 => {
            let (bytes, _, _) = GB18030.encode(text);
            bytes.into_owned()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        let t = "表三\t（一）予以公开\t6\r\n𠀀";
        for enc in [
            Encoding::Utf8 { bom: false },
            Encoding::Utf8 { bom: true },
            Encoding::Utf16Le { bom: true },
            Encoding::Utf16Be { bom: true },
            Encoding::Gb18030,
        ] {
            let bytes = encode(t, enc);
            let d = decode(&bytes).unwrap();
            assert_eq!(d.text, t, "{enc:?}");
            assert_eq!(d.encoding, enc);
        }
    }

    #[test]
    fn utf16_without_bom_round_trips_without_bom() {
        // Detected from the zero bytes of the ASCII in table rows.
        let t = "行政许可\t156\t0\t12\r\n行政处罚\t3\t0\t1\r\n";
        for enc in [
            Encoding::Utf16Le { bom: false },
            Encoding::Utf16Be { bom: false },
        ] {
            let bytes = encode(t, enc);
            assert!(!bytes.starts_with(&[0xFF, 0xFE]) && !bytes.starts_with(&[0xFE, 0xFF]));
            let d = decode(&bytes).unwrap();
            assert_eq!((d.text.as_str(), d.encoding), (t, enc));
        }
    }

    #[test]
    fn gbk_is_detected() {
        let (bytes, _, _) =
            GB18030.encode("渭南市临渭区人力资源和社会保障局2023年政府信息公开工作年度报告");
        assert_eq!(decode(&bytes).unwrap().encoding, Encoding::Gb18030);
    }

    /// The definition `looks_binary` computes byte by byte.
    fn looks_binary_by_chars(text: &str) -> bool {
        let n = text.chars().count();
        let control = text
            .chars()
            .filter(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{c}'))
            .count();
        text.contains('\0') || (n > 0 && control * 1000 > n * MAX_CONTROL_PER_MILLE)
    }

    #[test]
    fn binary_by_bytes_is_binary_by_chars() {
        let every_char: String = (0..0x800).filter_map(char::from_u32).collect();
        for t in [
            "",
            "\0",
            "表三\t6\r\n\u{c}",
            every_char.as_str(),
            &"正文".repeat(100),
            &format!("{}\u{1}", "正文".repeat(100)),
            &format!("{}\u{85}\u{9f}\u{a0}", "正文".repeat(10)),
            &format!("{}\u{7f}", "a".repeat(150)),
            &format!("{}\u{7f}", "a".repeat(250)),
            // Across the 128-byte chunks of the count.
            &format!("{}\0{}", "正文".repeat(100), "a".repeat(300)),
            &format!("{}\u{1}\u{2}{}", "a".repeat(127), "b".repeat(200)),
            &format!("{}\u{1}", "a".repeat(199)),
        ] {
            assert_eq!(looks_binary(t), looks_binary_by_chars(t), "{t:?}");
        }
    }

    #[test]
    fn binary_is_refused() {
        assert_eq!(
            decode(&[0x7f, 0x45, 0x4c, 0x46, 0, 0, 1, 2, 3, 0xff, 0xfe, 0]).unwrap_err(),
            DecodeError::Binary
        );
        let png = [
            0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, b'I', b'H', b'D', b'R',
        ];
        assert!(decode(&png).is_err());
    }
}
