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
}
