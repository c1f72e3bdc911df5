//! The one place where LSP positions meet the core's byte offsets.
//!
//! The client and server agree on a position encoding at `initialize`: UTF-8 when
//! the client offers it, else UTF-16 (the LSP default). Columns count code units
//! of that encoding from the start of the line; positions past the end of a line
//! or of the document are clamped; a position inside a character (half a
//! surrogate pair, a byte inside a multi-byte character) snaps to its start.

use crate::analysis::text::Span;
use ropey::Rope;
use tower_lsp_server::ls_types::{Position, Range};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Encoding {
    Utf8,
    #[default]
    Utf16,
}

/// The line's end (before its terminator) as a char index.
fn line_end_char(rope: &Rope, line: usize) -> usize {
    let start = rope.line_to_char(line);
    let slice = rope.line(line);
    let mut n = slice.len_chars();
    // Drop the terminator: \r\n, \n or \r.
    if n > 0 && slice.char(n - 1) == '\n' {
        n -= 1;
        if n > 0 && slice.char(n - 1) == '\r' {
            n -= 1;
        }
    } else if n > 0 && slice.char(n - 1) == '\r' {
        n -= 1;
    }
    start + n
}

/// An LSP position as a char index into the rope (clamped).
pub fn position_to_char(rope: &Rope, pos: Position, enc: Encoding) -> usize {
    let lines = rope.len_lines();
    let line = pos.line as usize;
    if line >= lines {
        return rope.len_chars();
    }
    let start = rope.line_to_char(line);
    let end = line_end_char(rope, line);
    let col = pos.character as usize;
    match enc {
        Encoding::Utf16 => {
            let base = rope.char_to_utf16_cu(start);
            let max = rope.char_to_utf16_cu(end);
            rope.utf16_cu_to_char((base + col).min(max))
                .clamp(start, end)
        }
        Encoding::Utf8 => {
            let base = rope.char_to_byte(start);
            let max = rope.char_to_byte(end);
            rope.byte_to_char((base + col).min(max)).clamp(start, end)
        }
    }
}

/// A byte offset (on a char boundary or not; clamped) as an LSP position.
pub fn byte_to_position(rope: &Rope, byte: usize, enc: Encoding) -> Position {
    let byte = byte.min(rope.len_bytes());
    let ch = rope.byte_to_char(byte);
    let line = rope.char_to_line(ch);
    let start = rope.line_to_char(line);
    let col = match enc {
        Encoding::Utf16 => rope.char_to_utf16_cu(ch) - rope.char_to_utf16_cu(start),
        Encoding::Utf8 => rope.char_to_byte(ch) - rope.char_to_byte(start),
    };
    Position::new(line as u32, col as u32)
}

pub fn span_to_range(rope: &Rope, span: Span, enc: Encoding) -> Range {
    Range::new(
        byte_to_position(rope, span.start, enc),
        byte_to_position(rope, span.end, enc),
    )
}

/// The ranges of many spans (a document's diagnostics and their related
/// places), each equal to [`span_to_range`] of the span, converted in one walk
/// over the text: the offsets sorted, the text read once up to the last of
/// them, line breaks found with `memchr` and columns counted only from the
/// start of an offset's line. Per span, `span_to_range` costs five searches
/// of the rope's tree; for a large document's hundreds of diagnostics one walk
/// costs less.
pub fn spans_to_ranges(rope: &Rope, spans: &[Span], enc: Encoding) -> Vec<Range> {
    let ends = spans.iter().flat_map(|s| [s.start, s.end]);
    let positions = bytes_to_positions(rope, ends.collect(), enc);
    positions
        .chunks_exact(2)
        .map(|p| Range::new(p[0], p[1]))
        .collect()
}

/// The positions of byte offsets (as [`byte_to_position`] gives each), in
/// their order, in one walk over the text.
pub fn bytes_to_positions(rope: &Rope, offsets: Vec<usize>, enc: Encoding) -> Vec<Position> {
    let mut order: Vec<(usize, usize)> = offsets
        .into_iter()
        .map(|o| o.min(rope.len_bytes()))
        .enumerate()
        .map(|(slot, o)| (o, slot))
        .collect();
    order.sort_unstable();
    let mut out = vec![Position::default(); order.len()];
    let mut next = order.into_iter().peekable();
    let mut walk = Walk::new(enc);
    let mut chunk_start = 0;
    for chunk in rope.chunks() {
        if next.peek().is_none() {
            break;
        }
        let bytes = chunk.as_bytes();
        let chunk_end = chunk_start + bytes.len();
        let mut done = 0;
        while let Some((offset, slot)) = next.next_if(|&(o, _)| o < chunk_end) {
            // Inside a character: that character's start (chunks hold whole
            // characters; offsets are sorted, so `at` never goes back).
            let mut at = offset - chunk_start;
            while at > done && (bytes[at] as i8) < -0x40 {
                at -= 1;
            }
            walk.advance(&bytes[done..at]);
            done = at;
            out[slot] = walk.position(bytes.get(at).copied());
        }
        walk.advance(&bytes[done..]);
        chunk_start = chunk_end;
    }
    // Offsets at the end of the text.
    for (_, slot) in next {
        out[slot] = walk.position(None);
    }
    out
}

/// The line and column reached by a walk over the text's bytes (always cut at
/// character boundaries). Line breaks are those of the rope: `\n`, `\r\n`
/// and a lone `\r`; a `\r` at the end of what was walked is a break only if
/// no `\n` follows. Columns are counted only when a position is asked for:
/// the bytes walked since the line's start (or since the last position) wait
/// in `pending`, so that most lines are never counted.
struct Walk<'a> {
    line: u32,
    col: u32,
    pending: Vec<&'a [u8]>,
    cr: bool,
    enc: Encoding,
}

impl<'a> Walk<'a> {
    fn new(enc: Encoding) -> Walk<'a> {
        Walk {
            line: 0,
            col: 0,
            pending: Vec::new(),
            cr: false,
            enc,
        }
    }

    fn advance(&mut self, bytes: &'a [u8]) {
        let Some(&first) = bytes.first() else {
            return;
        };
        if std::mem::take(&mut self.cr) && first != b'\n' {
            self.break_line();
        }
        let mut line_start = 0;
        for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            let lone_cr = bytes[i] == b'\r' && bytes.get(i + 1).is_some_and(|&b| b != b'\n');
            if bytes[i] == b'\n' || lone_cr {
                self.break_line();
                line_start = i + 1;
            }
        }
        let rest = &bytes[line_start..];
        if !rest.is_empty() {
            self.pending.push(rest);
        }
        self.cr = rest.last() == Some(&b'\r');
    }

    fn break_line(&mut self) {
        self.line += 1;
        self.col = 0;
        self.pending.clear();
    }

    /// The position here, `next` being the byte that follows (`None` at the
    /// end of the text).
    fn position(&mut self, next: Option<u8>) -> Position {
        for bytes in self.pending.drain(..) {
            self.col += units(bytes, self.enc) as u32;
        }
        if self.cr && next != Some(b'\n') {
            Position::new(self.line + 1, 0)
        } else {
            Position::new(self.line, self.col)
        }
    }
}

/// Code units of whole characters' bytes in `enc`.
fn units(bytes: &[u8], enc: Encoding) -> usize {
    match enc {
        Encoding::Utf8 => bytes.len(),
        // One unit per character (its first byte is not 10xxxxxx), two for
        // characters of four bytes (first byte 11110xxx).
        Encoding::Utf16 => bytes
            .iter()
            .map(|&b| usize::from((b as i8) >= -0x40) + usize::from(b >= 0xF0))
            .sum(),
    }
}

/// A position as a byte offset.
pub fn position_to_byte(rope: &Rope, pos: Position, enc: Encoding) -> usize {
    rope.char_to_byte(position_to_char(rope, pos, enc))
}

pub fn range_to_span(rope: &Rope, range: Range, enc: Encoding) -> Span {
    let a = position_to_byte(rope, range.start, enc);
    let b = position_to_byte(rope, range.end, enc);
    Span::new(a.min(b), a.max(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cjk_full_width_and_astral_characters_before_a_cell() {
        // 𠀀 and 😀 are outside the BMP: two UTF-16 units, four UTF-8 bytes each.
        let text = "标题\n𠀀😀（一）予以公开\t6\r\n末";
        let rope = Rope::from_str(text);
        let six = text.find('6').unwrap();
        let p16 = byte_to_position(&rope, six, Encoding::Utf16);
        assert_eq!(p16, Position::new(1, 2 + 2 + 7 + 1));
        let p8 = byte_to_position(&rope, six, Encoding::Utf8);
        assert_eq!(p8, Position::new(1, 4 + 4 + 7 * 3 + 1));
        for (p, enc) in [(p16, Encoding::Utf16), (p8, Encoding::Utf8)] {
            assert_eq!(position_to_byte(&rope, p, enc), six);
        }
    }

    #[test]
    fn positions_are_clamped_and_snapped() {
        let text = "ab\r\n𠀀c";
        let rope = Rope::from_str(text);
        // Past the end of line 0: its end, before \r\n.
        assert_eq!(
            position_to_byte(&rope, Position::new(0, 99), Encoding::Utf16),
            2
        );
        // Past the last line: the end of the text.
        assert_eq!(
            position_to_byte(&rope, Position::new(9, 0), Encoding::Utf16),
            text.len()
        );
        // Inside the surrogate pair of 𠀀: its start.
        assert_eq!(
            position_to_byte(&rope, Position::new(1, 1), Encoding::Utf16),
            4
        );
        // Inside its UTF-8 bytes: its start.
        assert_eq!(
            position_to_byte(&rope, Position::new(1, 2), Encoding::Utf8),
            4
        );
        // A byte offset inside a character maps to that character's position.
        assert_eq!(
            byte_to_position(&rope, 5, Encoding::Utf16),
            Position::new(1, 0)
        );
    }

    #[test]
    fn one_walk_gives_the_positions_of_each_conversion() {
        let text = "标题\n𠀀😀（一）予以公开\t6\r\n末\r";
        let rope = Rope::from_str(text);
        let offsets: Vec<usize> = (0..=text.len() + 2).rev().collect();
        for enc in [Encoding::Utf16, Encoding::Utf8] {
            let each: Vec<Position> = offsets
                .iter()
                .map(|&o| byte_to_position(&rope, o, enc))
                .collect();
            assert_eq!(bytes_to_positions(&rope, offsets.clone(), enc), each);
        }
        let six = text.find('6').unwrap();
        let ranges = spans_to_ranges(&rope, &[Span::new(six, six + 1)], Encoding::Utf16);
        assert_eq!(ranges[0].start, Position::new(1, 2 + 2 + 7 + 1));
        assert_eq!(ranges[0].end, Position::new(1, 2 + 2 + 7 + 2));
    }

    mod random {
        use super::*;
        use proptest::prelude::*;

        /// Texts of several rope chunks (a chunk holds about 1 KB), with
        /// every kind of line break, astral characters and CJK.
        fn text() -> impl Strategy<Value = String> {
            let piece = prop::sample::select(vec![
                "a",
                "表",
                "𠀀",
                "😀",
                "\n",
                "\r",
                "\r\n",
                "\t",
                "（七）总计\t",
                "12",
            ]);
            prop::collection::vec(piece, 0..1500).prop_map(|v| v.concat())
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(200))]
            #[test]
            fn one_walk_equals_each_conversion(
                text in text(),
                picks in prop::collection::vec(0.0..1.02f64, 0..80),
                utf8 in any::<bool>(),
            ) {
                let enc = if utf8 { Encoding::Utf8 } else { Encoding::Utf16 };
                // Any byte, inside characters and line breaks too, and past the end.
                let offsets: Vec<usize> =
                    picks.iter().map(|p| (p * text.len() as f64) as usize).collect();
                let rope = Rope::from_str(&text);
                let each: Vec<Position> =
                    offsets.iter().map(|&o| byte_to_position(&rope, o, enc)).collect();
                prop_assert_eq!(bytes_to_positions(&rope, offsets.clone(), enc), each);
                let spans: Vec<Span> = offsets
                    .chunks_exact(2)
                    .map(|p| Span::new(p[0].min(p[1]), p[0].max(p[1])))
                    .collect();
                let each: Vec<Range> =
                    spans.iter().map(|&s| span_to_range(&rope, s, enc)).collect();
                prop_assert_eq!(spans_to_ranges(&rope, &spans, enc), each);
            }
        }
    }
}
