//! Where the report text of a `.docx` came from in `word/document.xml`: the
//! byte ranges of the elements the reader turned into text, recorded by the
//! same pass that produces the text (`docx::read`), so that an edit of the
//! text can be carried back to the XML exactly (`docx_write`).
//!
//! Two levels: *units* (a body paragraph, a table cell) whose text an edit
//! may change, and *blocks* (a body paragraph, a table row) that start the
//! lines of the text, between which whole lines may be inserted.

use std::ops::Range;

/// Where one piece of a paragraph's text came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// A `w:t` element (the range covers the whole element, tags included);
    /// the piece is its text.
    Text(Range<usize>),
    /// An empty element that stands for one character: `w:tab` (TAB),
    /// `w:br`/`w:cr` (line break), `w:noBreakHyphen` (`-`).
    Mark(Range<usize>),
    /// Text that does not come from the paragraph's own runs: the label of
    /// automatic numbering, a text box, a nested table. Never edited.
    Fixed,
}

/// A piece of a paragraph's text: `at` is its byte range in the paragraph's
/// text (as the reader made it, before it becomes a line of the report).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Piece {
    pub at: Range<usize>,
    pub origin: Origin,
}

/// A paragraph (`w:p`) as the reader saw it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct XmlParagraph {
    /// The whole element.
    pub xml: Range<usize>,
    /// An empty element (`<w:p/>`).
    pub empty: bool,
    /// Where a new run goes: after `w:pPr`, else after the start tag.
    pub content_at: usize,
    /// The paragraph mark's run properties (`w:pPr/w:rPr`), if any.
    pub mark_rpr: Option<Range<usize>>,
    /// The properties of the paragraph's first run that has any.
    pub run_rpr: Option<Range<usize>>,
    /// Its text, piece by piece, in order; together they cover the text.
    pub pieces: Vec<Piece>,
}

impl XmlParagraph {
    /// Whether every piece can be edited (no numbering label, text box or
    /// nested table).
    pub fn editable(&self) -> bool {
        !self.pieces.iter().any(|p| p.origin == Origin::Fixed)
    }
}

/// A table cell (`w:tc`) as the reader saw it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct XmlCell {
    /// The whole element.
    pub xml: Range<usize>,
    /// Where its end tag starts (a paragraph for a cell without any goes there).
    pub end_tag: usize,
    /// The row it is in (counted over the whole document, from 0).
    pub row: usize,
    /// The continuation of a vertically merged cell (`w:vMerge` without
    /// `restart`): Word does not show its text.
    pub merged: bool,
    /// Holds a nested table, whose text is flattened into the cell's.
    pub nested: bool,
    pub paragraphs: Vec<XmlParagraph>,
}

/// What the text of a unit came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UnitXml {
    Paragraph(XmlParagraph),
    Cell(XmlCell),
}

/// A stretch of the report text that one paragraph or cell produced.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unit {
    /// Its range in the report text (a paragraph without its line end; a
    /// cell without the TABs around it).
    pub text: Range<usize>,
    pub xml: UnitXml,
}

/// What starts a line of the report text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BlockXml {
    /// A body paragraph (possibly empty: a blank line).
    Paragraph(Range<usize>),
    /// A table row: the `w:tr` element, and the `w:tbl` it is in.
    Row {
        tr: Range<usize>,
        table: Range<usize>,
    },
}

/// A body paragraph or table row and the offset of its first line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block {
    pub at: usize,
    pub xml: BlockXml,
}

impl Block {
    /// Where the element that holds this block starts and ends (a row's
    /// table, for what goes before or after the whole table).
    pub fn outer(&self) -> Range<usize> {
        match &self.xml {
            BlockXml::Paragraph(r) => r.clone(),
            BlockXml::Row { table, .. } => table.clone(),
        }
    }
}

/// The units and blocks of a document, both in text order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DocxMap {
    pub units: Vec<Unit>,
    pub blocks: Vec<Block>,
}

impl DocxMap {
    /// The index of the unit whose text holds `range` (an empty range at a
    /// unit's end belongs to it).
    pub fn unit_of(&self, range: &Range<usize>) -> Option<usize> {
        let i = self.units.partition_point(|u| u.text.start <= range.start);
        let i = i.checked_sub(1)?;
        (range.end <= self.units[i].text.end).then_some(i)
    }

    /// The index of the block whose first line starts at `offset`.
    pub fn block_at(&self, offset: usize) -> Option<usize> {
        self.blocks.binary_search_by_key(&offset, |b| b.at).ok()
    }
}
