//! The typed model of a report: title, sections, the three tables with every
//! cell's range and parsed value, and the facts the rules need. Built by
//! `syntax::assemble` from classified lines; read (never re-parsed) by the rules.

use crate::analysis::format::{SectionId, T2Item, T2Row, T3Group, T3Row, TableId};
use crate::analysis::syntax::line::Sep;
use crate::analysis::syntax::prose::PartsList;
use crate::analysis::text::{LineIndex, Span};

#[derive(Clone, Debug, Default)]
pub struct Report {
    pub title: Option<Title>,
    /// Without a title: a line standing where the title belongs (first, a
    /// Markdown heading or a short line naming the report) that is not in
    /// the title's form: its place and its words.
    pub headline: Option<(Span, String)>,
    /// A duplicated preview block at the top (title and first lines twice).
    pub preview: Option<Span>,
    /// Sections in document order (a repeated heading appears twice).
    pub sections: Vec<Section>,
    pub t2: Option<Table2>,
    pub t3: Option<Table3>,
    pub t4: Option<Table4>,
    /// The intro's "本报告由……组成".
    pub parts: Option<(Span, PartsList)>,
    /// Markers of the 2019 trial format.
    pub outdated: Vec<OutdatedMarker>,
    /// Labels that differ from the canonical wording.
    pub drift: Vec<LabelDrift>,
    /// Template text left in the narrative and the title (prompts,
    /// placeholders), in document order.
    pub template: Vec<TemplateMark>,
    /// Counted claims of the narrative, in document order.
    pub claims: Vec<Claim>,
    /// Years the narrative gives for the report (统计期限, the report's name).
    pub years: Vec<YearMention>,
    /// The narrative mentions 行政复议 or 行政诉讼 somewhere.
    pub mentions_cases: bool,
    /// The kind of body, from the title (人民政府, 乡镇街道, else a department).
    pub body_type: Option<crate::analysis::config::BodyType>,
    /// Key words per line (see `syntax::prose::KEY_*`); 0 for blank lines,
    /// headings and table lines.
    pub line_keys: Vec<crate::analysis::syntax::prose::Keys>,
    /// The line where the content starts (after a title and a preview block).
    pub body_start: usize,
    /// Whether the text holds the whole report or a part of it (a page, an
    /// excerpt cut off).
    pub extent: Extent,
    /// `"\r\n"` when most lines end so, else `"\n"`.
    pub line_ending: &'static str,
    pub lines: LineIndex,
}

impl Report {
    /// The first (non-preview) section with this id.
    pub fn section(&self, id: SectionId) -> Option<&Section> {
        self.sections.iter().find(|s| s.id == id)
    }

    /// What a part says, over every section of that part (a duplicated
    /// heading splits one part in two): its first section, the characters of
    /// its narrative and the key words it mentions.
    pub fn content(
        &self,
        id: SectionId,
    ) -> Option<(&Section, u32, crate::analysis::syntax::prose::Keys)> {
        let first = self.section(id)?;
        let (chars, keys) = self
            .sections
            .iter()
            .filter(|s| s.id == id)
            .fold((0, 0), |(c, k), s| (c + s.prose_chars, k | s.keys));
        Some((first, chars, keys))
    }

    pub fn year(&self) -> Option<u16> {
        self.title.as_ref().and_then(|t| t.year)
    }

    /// Why a table cannot be read, if it cannot.
    pub fn unreadable(&self, id: TableId) -> Option<&Unreadable> {
        match id {
            TableId::T2 => self.t2.as_ref().and_then(|t| t.unreadable.as_ref()),
            TableId::T3 => self.t3.as_ref().and_then(|t| t.unreadable.as_ref()),
            TableId::T4 => self.t4.as_ref().and_then(|t| t.unreadable.as_ref()),
        }
    }

    pub fn table_span(&self, id: TableId) -> Option<Span> {
        match id {
            TableId::T2 => self.t2.as_ref().map(|t| t.span),
            TableId::T3 => self.t3.as_ref().map(|t| t.span),
            TableId::T4 => self.t4.as_ref().map(|t| t.span),
        }
    }
}

/// A prompt or placeholder of a template, left in the report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TemplateMark {
    pub span: Span,
    pub kind: crate::analysis::syntax::placeholder::MarkKind,
    /// The text, cut for quoting in a message.
    pub text: Box<str>,
}

/// How much of a report the text holds. A page of a flip-book, a copy cut
/// off after 2,000 bytes or a PDF page holds only part of one: what lies
/// before its start or after its end is not missing from the report.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Extent {
    /// The text starts after the report's start (a later page of a
    /// flip-book; no title and a later section or a table row first).
    pub starts_late: bool,
    /// The text stops before the report's end: inside a table, in the middle
    /// of a sentence, right after a heading, at the end of a page.
    pub cut: Option<Cut>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Cut {
    /// The text's last content (a line, or the last part of one).
    pub at: Span,
    /// The table it stops in, if it stops inside one.
    pub table: Option<TableId>,
}

impl Extent {
    /// Whether something at `span` lies at or after the cut (a row whose
    /// cells the cut may have taken).
    pub fn reaches_cut(&self, span: Span) -> bool {
        self.cut.as_ref().is_some_and(|c| span.end >= c.at.start)
    }
}

/// Why a table's cells cannot be trusted row by row.
#[derive(Clone, Debug, PartialEq)]
pub enum Unreadable {
    /// Text taken out of a PDF in reading order: numbers column by column or
    /// apart from their labels.
    ReadingOrder,
    /// Cells run together without separators, in a way the identities do not
    /// settle: the first such row and its digits.
    RunTogether { row: String, digits: String },
}

#[derive(Clone, Debug, PartialEq)]
pub struct Title {
    pub span: Span,
    /// The body's name (机关名称), as written before the year.
    pub body: String,
    pub year: Option<u16>,
    pub year_span: Option<Span>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Section {
    pub id: SectionId,
    /// The whole heading line.
    pub line: Span,
    /// The heading text without Markdown decoration.
    pub text: Span,
    /// The heading as written, normalised (no spaces, half-width punctuation).
    pub written: String,
    pub canonical: bool,
    /// Markdown heading level (leading `#`s), 0 for a plain line.
    pub level: u8,
    /// Non-space characters of the section's narrative (tables excluded).
    pub prose_chars: u32,
    /// Key words the narrative mentions (see `syntax::prose::KEY_*`).
    pub keys: crate::analysis::syntax::prose::Keys,
    /// From the heading to the next heading (or the end).
    pub span: Span,
}

/// A parsed cell value (format spec §8.9).
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Int(i64),
    Decimal(f64),
    /// Blank.
    Empty,
    /// "/", "-", "—", "无" and the like.
    Placeholder,
    /// Not a well-formed count; `value` is what it stands for when that is clear.
    Invalid {
        kind: InvalidKind,
        value: Option<i64>,
        /// The normal spelling (the safe fix), when there is one.
        normalized: Option<String>,
        /// The cell as written.
        written: String,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InvalidKind {
    FullWidth,
    Thousands,
    Unit,
    Negative,
    /// A decimal where a count belongs (set by the rules, not the parser).
    Decimal,
    NotANumber,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Cell {
    pub span: Span,
    pub value: Value,
}

impl Cell {
    /// The integer the cell stands for, if any (malformed but clear numbers count).
    pub fn int(&self) -> Option<i64> {
        match self.value {
            Value::Int(v) => Some(v),
            Value::Invalid { value, .. } => value,
            _ => None,
        }
    }

    pub fn is_blank(&self) -> bool {
        matches!(self.value, Value::Empty | Value::Placeholder)
    }
}

/// How a row's label matched the format.
#[derive(Clone, Debug, PartialEq)]
pub enum LabelMatch {
    Exact,
    /// Truncated (split across a page break, or shortened): accepted as is.
    Prefix,
    /// Differs from the canonical wording; see `Report::drift`.
    Drift,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Row<Id> {
    pub id: Id,
    /// The label's range (the last label piece when split).
    pub label: Span,
    pub matched: LabelMatch,
    /// Value cells in order; fewer than `width` when cells are missing.
    pub cells: Vec<Cell>,
    pub width: usize,
    pub layout: Sep,
    /// From the start of the row's first line to the end of its last line.
    pub lines: Span,
}

impl<Id> Row<Id> {
    pub fn is_short(&self) -> bool {
        self.cells.len() < self.width
    }

    /// The values when every cell holds an integer.
    pub fn ints(&self) -> Option<Vec<i64>> {
        if self.is_short() {
            return None;
        }
        self.cells.iter().take(self.width).map(Cell::int).collect()
    }

    pub fn cell(&self, col: usize) -> Option<&Cell> {
        if self.is_short() {
            None
        } else {
            self.cells.get(col)
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Table2 {
    pub span: Span,
    /// Caption line of each item (第二十条第（X）项), when present.
    pub captions: [Option<Span>; 4],
    pub rows: [Option<Row<T2Row>>; 6],
    pub layout: Sep,
    /// The format it is written in: the 2019 trial format when its markers
    /// (本年新制作数量, 上一年项目数量, 第二十条第（九）项 …) are in it.
    pub format: crate::analysis::format::Format,
    /// Set when the rows cannot be read (they are then left out).
    pub unreadable: Option<Unreadable>,
}

impl Table2 {
    pub fn row(&self, r: T2Row) -> Option<&Row<T2Row>> {
        self.rows[r.index()].as_ref()
    }

    /// Whether anything of an item is present (its caption or a row).
    pub fn has_item(&self, item: T2Item) -> bool {
        self.captions[item.index()].is_some() || item.rows().iter().any(|r| self.row(*r).is_some())
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Table3 {
    pub span: Span,
    pub rows: Vec<Option<Row<T3Row>>>,
    /// Group header rows that carried values (e.g. the 2019 single （六）其他处理 row).
    pub group_rows: Vec<(T3Group, Row<()>)>,
    /// Rows that occur a second time.
    pub duplicates: Vec<Row<T3Row>>,
    pub layout: Sep,
    /// Set when the rows cannot be read (they are then left out).
    pub unreadable: Option<Unreadable>,
}

impl Table3 {
    pub fn row(&self, r: T3Row) -> Option<&Row<T3Row>> {
        self.rows[r.index()].as_ref()
    }

    /// The integer in row `r`, column `c`, when known.
    pub fn value(&self, r: T3Row, c: usize) -> Option<i64> {
        self.row(r)?.cell(c)?.int()
    }

    /// The 2019 trial format's single （六）其他处理 row, which stands for the
    /// rows 1–3 of the 2021 format (then absent).
    pub fn single_other(&self) -> Option<&Row<()>> {
        if [T3Row::O1, T3Row::O2, T3Row::O3]
            .iter()
            .any(|r| self.row(*r).is_some())
        {
            return None;
        }
        self.group_rows
            .iter()
            .find(|(g, _)| *g == T3Group::OtherHandling)
            .map(|(_, row)| row)
    }

    /// A result row's integer in column `c`, the trial format's single
    /// （六）其他处理 row counted as （六）1 (and 2, 3 as 0): the 21 result
    /// rows add up in either format.
    pub fn result_value(&self, r: T3Row, c: usize) -> Option<i64> {
        match (self.single_other(), r) {
            (Some(row), T3Row::O1) => row.cell(c)?.int(),
            (Some(_), T3Row::O2 | T3Row::O3) => Some(0),
            _ => self.value(r, c),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Table4 {
    pub span: Span,
    /// The data cells in order (up to 15).
    pub cells: Vec<Cell>,
    /// The lines holding the data cells.
    pub data: Span,
    pub layout: Sep,
    /// Set when the cells cannot be read (they are then left out).
    pub unreadable: Option<Unreadable>,
}

impl Table4 {
    pub fn value(&self, i: usize) -> Option<i64> {
        if self.cells.len() < crate::analysis::format::T4_CELLS {
            return None;
        }
        self.cells.get(i)?.int()
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct OutdatedMarker {
    pub span: Span,
    pub marker: String,
    pub table: Option<TableId>,
}

/// A fixed label written differently from the format.
#[derive(Clone, Debug, PartialEq)]
pub struct LabelDrift {
    pub span: Span,
    pub written: String,
    pub canonical: String,
    /// Whether replacing `span` by `canonical` is a safe fix (the label lies in
    /// one cell).
    pub fixable: bool,
    pub table: TableId,
}

pub use crate::analysis::syntax::claims::{Role, Scope, Target, YearKind};

/// A counted claim of the narrative ("全年收到政府信息公开申请 14 件").
///
/// Compact (48 bytes): a report model keeps every claim of its text, and a
/// 5 MB report has some 90,000.
#[derive(Clone, Debug, PartialEq)]
pub struct Claim {
    /// The number (for a negation, "未收到……申请", where it starts).
    pub span: Span,
    pub value: i64,
    /// Bytes of the claim's words before and after `span` (see `extent`).
    pub(crate) words_before: u32,
    pub(crate) words_after: u32,
    /// 1 + the index of its total in `Report::claims` (see `total`), or 0.
    pub(crate) total_plus_one: u32,
    pub unit: char,
    /// What it counts, when its words say so unambiguously.
    pub target: Option<Target>,
    /// No qualifier makes it inexact (余/约/近/超/多/以上…).
    pub exact: bool,
    pub scope: Scope,
    pub negation: bool,
    pub role: Role,
}

impl Claim {
    /// The claim's words, from its clause's start to the end of its unit.
    pub fn extent(&self) -> Span {
        Span::new(
            self.span.start.saturating_sub(self.words_before as usize),
            self.span.end + self.words_after as usize,
        )
    }

    /// For a part of a "其中" breakdown: the index of its total in
    /// `Report::claims`.
    pub fn total(&self) -> Option<usize> {
        self.total_plus_one.checked_sub(1).map(|t| t as usize)
    }
}

/// A year the narrative gives for the report.
#[derive(Clone, Debug, PartialEq)]
pub struct YearMention {
    pub span: Span,
    pub year: u16,
    pub kind: YearKind,
}

#[cfg(test)]
mod size_tests {
    /// A report model keeps every claim of its text, a document every line:
    /// their size is a memory budget of the language server (issue 7).
    #[test]
    fn kept_per_claim_and_per_line() {
        use crate::analysis::syntax::{claims::RawClaim, line::TextLine};
        assert!(std::mem::size_of::<super::Claim>() <= 48);
        assert!(std::mem::size_of::<RawClaim>() <= 32);
        assert!(std::mem::size_of::<TextLine>() <= 64);
        // Every line of a document is kept: a line's kind stays one pointer
        // and a tag.
        assert!(std::mem::size_of::<crate::analysis::syntax::line::LineInfo>() <= 32);
    }
}
