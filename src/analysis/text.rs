//! Byte ranges and the line index.
//!
//! The analysis core speaks byte offsets into the UTF-8 text only. Conversions to
//! 1-based character columns (CLI) and to UTF-16/UTF-8 columns (LSP) happen at the
//! edges, each through one function of [`LineIndex`].
//!
//! Line breaks are `\n`, `\r\n` and a lone `\r`, as in the LSP specification.

/// A half-open byte range `start..end` into the report text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    /// An empty span at `at` (an insertion point).
    pub const fn at(at: usize) -> Self {
        Span { start: at, end: at }
    }

    pub const fn len(&self) -> usize {
        self.end - self.start
    }

    pub const fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// Whether `offset` lies inside the span (an empty span contains its own point).
    pub fn contains(&self, offset: usize) -> bool {
        (self.start <= offset && offset < self.end) || (self.is_empty() && offset == self.start)
    }

    /// The smallest span covering both.
    pub fn cover(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }

    pub fn shift(self, by: usize) -> Span {
        Span::new(self.start + by, self.end + by)
    }

    pub fn overlaps(&self, other: &Span) -> bool {
        self.start < other.end && other.start < self.end
    }
}

/// Iterates over the lines of `text`: `(content_start, content_end, next_line_start)`.
pub fn lines(text: &str) -> impl Iterator<Item = (usize, usize, usize)> + '_ {
    let bytes = text.as_bytes();
    let mut pos = 0;
    let mut done = false;
    std::iter::from_fn(move || {
        if done {
            return None;
        }
        let start = pos;
        match memchr_cr_lf(&bytes[pos..]) {
            Some(i) => {
                let end = pos + i;
                let next = if bytes[end] == b'\r' && bytes.get(end + 1) == Some(&b'\n') {
                    end + 2
                } else {
                    end + 1
                };
                pos = next;
                Some((start, end, next))
            }
            None => {
                done = true;
                Some((start, bytes.len(), bytes.len()))
            }
        }
    })
}

fn memchr_cr_lf(haystack: &[u8]) -> Option<usize> {
    memchr::memchr2(b'\n', b'\r', haystack)
}

/// Line starts of a text, for offset <-> (line, column) conversions.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LineIndex {
    /// Byte offset where each line starts; `starts[0] == 0`.
    starts: Vec<usize>,
    /// Byte offset where each line's content ends (before its terminator).
    ends: Vec<usize>,
    len: usize,
}

/// A position as (0-based line, 0-based column in the given unit).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    pub line: usize,
    pub col: usize,
}

/// The unit in which columns are counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColumnUnit {
    /// Bytes of UTF-8 (LSP `positionEncoding: utf-8`).
    Utf8,
    /// UTF-16 code units (LSP default).
    Utf16,
    /// Unicode scalar values (the CLI and JSON output).
    Char,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = Vec::new();
        let mut ends = Vec::new();
        for (s, e, _) in lines(text) {
            starts.push(s);
            ends.push(e);
        }
        LineIndex {
            starts,
            ends,
            len: text.len(),
        }
    }

    /// Builds an index from line lengths (content bytes and terminator bytes per line).
    pub fn from_line_lengths(lengths: impl Iterator<Item = (usize, usize)>) -> Self {
        let mut starts = Vec::with_capacity(lengths.size_hint().0);
        let mut ends = Vec::with_capacity(lengths.size_hint().0);
        let mut pos = 0;
        for (content, term) in lengths {
            starts.push(pos);
            ends.push(pos + content);
            pos += content + term;
        }
        if starts.is_empty() {
            starts.push(0);
            ends.push(0);
        }
        LineIndex {
            starts,
            ends,
            len: pos,
        }
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    pub fn text_len(&self) -> usize {
        self.len
    }

    /// The line containing `offset` (offsets past the end map to the last line).
    pub fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        }
    }

    pub fn line_start(&self, line: usize) -> usize {
        self.starts.get(line).copied().unwrap_or(self.len)
    }

    /// The content of a line, without its terminator.
    pub fn line_span(&self, line: usize) -> Span {
        match (self.starts.get(line), self.ends.get(line)) {
            (Some(&s), Some(&e)) => Span::new(s, e),
            _ => Span::at(self.len),
        }
    }

    /// Converts a byte offset to (line, column) in `unit`. Offsets inside a
    /// terminator or a multi-byte character snap back to the previous boundary.
    pub fn line_col(&self, text: &str, offset: usize, unit: ColumnUnit) -> LineCol {
        let offset = offset.min(text.len());
        let line = self.line_of(offset);
        let span = self.line_span(line);
        let end = offset.min(span.end);
        let mut end = end.max(span.start);
        while end > span.start && !text.is_char_boundary(end) {
            end -= 1;
        }
        let slice = &text[span.start..end];
        let col = match unit {
            ColumnUnit::Utf8 => slice.len(),
            ColumnUnit::Utf16 => slice.chars().map(char::len_utf16).sum(),
            ColumnUnit::Char => slice.chars().count(),
        };
        LineCol { line, col }
    }

    /// Converts (line, column in `unit`) to a byte offset, clamping positions past
    /// the end of a line to the line's end and lines past the end to the text end.
    pub fn offset(&self, text: &str, pos: LineCol, unit: ColumnUnit) -> usize {
        if pos.line >= self.starts.len() {
            return text.len();
        }
        let span = self.line_span(pos.line);
        let line = &text[span.start..span.end.min(text.len())];
        let mut acc = 0;
        for (i, c) in line.char_indices() {
            if acc >= pos.col {
                return span.start + i;
            }
            acc += match unit {
                ColumnUnit::Utf8 => c.len_utf8(),
                ColumnUnit::Utf16 => c.len_utf16(),
                ColumnUnit::Char => 1,
            };
        }
        span.end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_handles_all_terminators() {
        let t = "a\r\nb\rc\nd";
        let v: Vec<_> = lines(t).collect();
        assert_eq!(v, vec![(0, 1, 3), (3, 4, 5), (5, 6, 7), (7, 8, 8)]);
        let v: Vec<_> = lines("x\n").collect();
        assert_eq!(v, vec![(0, 1, 2), (2, 2, 2)]);
    }

    #[test]
    fn columns_in_all_units() {
        let t = "表三\n𠀀😀a\tb";
        let idx = LineIndex::new(t);
        let b = t.find('b').unwrap();
        assert_eq!(
            idx.line_col(t, b, ColumnUnit::Char),
            LineCol { line: 1, col: 4 }
        );
        assert_eq!(
            idx.line_col(t, b, ColumnUnit::Utf16),
            LineCol { line: 1, col: 6 }
        );
        assert_eq!(
            idx.line_col(t, b, ColumnUnit::Utf8),
            LineCol { line: 1, col: 10 }
        );
        for unit in [ColumnUnit::Char, ColumnUnit::Utf16, ColumnUnit::Utf8] {
            let lc = idx.line_col(t, b, unit);
            assert_eq!(idx.offset(t, lc, unit), b);
        }
        // Past the end of a line clamps to its end; past the last line to the text end.
        assert_eq!(
            idx.offset(t, LineCol { line: 0, col: 99 }, ColumnUnit::Char),
            "表三".len()
        );
        assert_eq!(
            idx.offset(t, LineCol { line: 9, col: 0 }, ColumnUnit::Char),
            t.len()
        );
        // An offset inside a surrogate pair's character snaps back.
        let inside = "表三\n".len() + 1;
        assert_eq!(
            idx.line_col(t, inside, ColumnUnit::Utf16),
            LineCol { line: 1, col: 0 }
        );
    }
}
