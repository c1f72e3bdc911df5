//! Stage 2 for tables: assembling rows and cells from the classified lines of
//! sections 二 to 四.
//!
//! The lines arrive in order. Label pieces (text cells) accumulate until values
//! arrive; then the accumulated label is matched to a canonical row (see
//! `label.rs`) and the values are assigned to it. This one mechanism reads every
//! layout of format spec §8: tab rows whose label sits in any column, labels with
//! their numbers on the same line (PDF), on the next line, or one cell per line;
//! group labels in merged cells; labels split by a page break; repeated headers.
//!
//! Captions and header words set the current table and are dropped; table 4's
//! 15 values carry no label and are collected after its header.

use crate::analysis::format::{
    Format, OUTDATED_MARKERS, SectionId, T2_HEADER_ALIASES, T2Item, T2Row, T3Group, T3Row,
    T4_CELLS, TableId,
};
use crate::analysis::model::{
    Cell, LabelDrift, LabelMatch, OutdatedMarker, Row, Table2, Table3, Table4, Unreadable, Value,
};
use crate::analysis::normalize::{self, Norm, norm_string};
use crate::analysis::syntax::label::{Ctx, LabelMatch as Match, Quality, Target, match_label};
use crate::analysis::syntax::line::{RawCell, RawKind, Sep, TextLine};
use crate::analysis::syntax::split;
use crate::analysis::syntax::vocab::Vocab;
use crate::analysis::text::Span;

/// A label piece: one text cell (offsets relative to its line, which starts
/// at byte `base`), and the line it is on.
struct Piece<'a> {
    norm: &'a Norm,
    base: usize,
    line: Span,
}

/// Label pieces joined into one label: its characters with their absolute
/// source ranges, the `1、` markers, and the character indices where a piece
/// or a whitespace-separated chunk starts (`bounds`) and where a piece starts
/// (`piece_starts`). One is kept by the assembler and refilled for every
/// label, so that matching a label allocates nothing.
#[derive(Default)]
struct Joined {
    chars: Vec<char>,
    src: Vec<(u32, u32)>,
    dun: Vec<usize>,
    bounds: Vec<usize>,
    piece_starts: Vec<usize>,
}

impl Joined {
    fn clear(&mut self) {
        self.chars.clear();
        self.src.clear();
        self.dun.clear();
        self.bounds.clear();
        self.piece_starts.clear();
    }

    /// Appends a piece whose offsets are relative to byte `base`.
    fn push(&mut self, n: &Norm, base: usize) {
        let at = self.chars.len();
        self.piece_starts.push(at);
        // One character per source range: room for both at once.
        self.chars.reserve(n.src.len());
        self.src.reserve(n.src.len());
        self.chars.extend(n.as_str().chars());
        let by = base as u32;
        let mut prev_end = None;
        for (i, &(a, b)) in n.src.iter().enumerate() {
            // A chunk starts where the source skips bytes (whitespace).
            if prev_end.is_none_or(|e| a > e) {
                self.bounds.push(at + i);
            }
            prev_end = Some(b);
            self.src.push((a + by, b + by));
        }
        self.dun.extend(n.dun.iter().map(|d| d + at));
    }

    /// The source byte range covering characters `from..to`.
    fn span_of(&self, from: usize, to: usize) -> Option<Span> {
        if from >= to || to > self.src.len() {
            return None;
        }
        Some(Span::new(
            self.src[from].0 as usize,
            self.src[to - 1].1 as usize,
        ))
    }

    fn label(&self, ctx: Ctx) -> Option<Match> {
        match_label(&self.chars, &self.bounds, &self.dun, ctx)
    }
}

enum PieceKind {
    Caption(char),
    Outdated(&'static str),
    /// A header word of a table; for table 2 possibly an old wording.
    Header(TableId, Option<&'static str>),
    Label,
}

struct Pending {
    target: Target,
    label: Span,
    matched: LabelMatch,
    cells: Vec<Cell>,
    width: usize,
    layout: Sep,
    lines: Span,
    /// Its cells ran together into one run of digits.
    glued: Option<Glued>,
}

/// A run of digits that stands for several cells (see `split.rs`).
#[derive(Clone)]
struct Glued {
    span: Span,
    digits: Box<str>,
}

/// Numbers that arrived with no label to take them (text in reading order).
struct Orphans {
    table: TableId,
    item: Option<T2Item>,
    cells: Vec<Cell>,
}

/// A row label complete in itself that no numbers followed.
struct Valueless {
    target: Target,
    label: Span,
    matched: LabelMatch,
    item: Option<T2Item>,
}

#[derive(Default)]
struct Seps {
    counts: [usize; 4],
}

impl Seps {
    fn add(&mut self, s: Sep) {
        self.counts[sep_index(s)] += 1;
    }

    fn most(&self) -> Sep {
        let i = (0..4).max_by_key(|&i| (self.counts[i], 4 - i)).unwrap_or(0);
        [Sep::Tab, Sep::PipeInline, Sep::PipePerLine, Sep::Space][i]
    }
}

fn sep_index(s: Sep) -> usize {
    match s {
        Sep::Tab => 0,
        Sep::PipeInline => 1,
        Sep::PipePerLine => 2,
        Sep::Space => 3,
    }
}

#[derive(Default)]
struct T2Acc {
    span: Option<Span>,
    captions: [Option<Span>; 4],
    rows: [Option<Row<T2Row>>; 6],
    seps: Seps,
    /// A marker of the 2019 trial format was seen: rows have its widths.
    trial: bool,
    glued: Vec<(T2Row, Glued)>,
}

struct T3Acc {
    span: Option<Span>,
    rows: Vec<Option<Row<T3Row>>>,
    group_rows: Vec<(T3Group, Row<()>)>,
    duplicates: Vec<Row<T3Row>>,
    seps: Seps,
    glued: Vec<(T3Row, Glued)>,
}

#[derive(Default)]
struct T4Acc {
    span: Option<Span>,
    cells: Vec<Cell>,
    data: Option<Span>,
    /// Collection of the data cells has ended (a label came after them).
    closed: bool,
    seps: Seps,
    glued: Option<Glued>,
    /// Numbers that came after the data had closed.
    dropped: usize,
}

pub struct Assembler<'a> {
    mode: Option<TableId>,
    group: T3Group,
    buffer: Vec<Piece<'a>>,
    /// The label being matched (scratch, see [`Joined`]).
    joined: Joined,
    pending: Option<Pending>,
    t2: T2Acc,
    t3: T3Acc,
    t4: T4Acc,
    drift: Vec<LabelDrift>,
    outdated: Vec<OutdatedMarker>,
    /// The last table line held a bare cell (no bars): a lone `|` after it
    /// separates cells instead of being one (cells on lines of their own
    /// with `|` lines between them).
    prev_bare: bool,
    /// The item of table 2 whose caption came last.
    t2_item: Option<T2Item>,
    orphans: Vec<Orphans>,
    /// Whether numbers without a label go on the last run of `orphans`.
    orphan_open: bool,
    /// A row of the 2019 format came last: its numbers are nobody's orphans.
    after_outdated: bool,
    valueless: Vec<Valueless>,
}

/// What the assembler produced.
pub struct Tables {
    pub t2: Option<Table2>,
    pub t3: Option<Table3>,
    pub t4: Option<Table4>,
    pub drift: Vec<LabelDrift>,
    pub outdated: Vec<OutdatedMarker>,
    /// The table being read when the lines ran out.
    pub mode: Option<TableId>,
}

const MAX_BUFFER: usize = 24;

fn cover(acc: &mut Option<Span>, s: Span) {
    *acc = Some(match *acc {
        Some(a) => a.cover(s),
        None => s,
    });
}

fn to_cell(c: &RawCell, base: usize) -> Cell {
    let span = Span::new(base + c.start as usize, base + c.end as usize);
    let value = match &c.kind {
        RawKind::Empty => Value::Empty,
        RawKind::Value(v) => v.clone(),
        RawKind::Run(d) => crate::analysis::syntax::line::parse_number(d).unwrap_or(Value::Empty),
        RawKind::Text(n, _) => Value::Invalid {
            kind: crate::analysis::model::InvalidKind::NotANumber,
            value: None,
            normalized: None,
            written: n.as_string(),
        },
    };
    Cell { span, value }
}

fn is_text(c: &RawCell) -> bool {
    matches!(c.kind, RawKind::Text(..))
}

impl Default for Assembler<'_> {
    fn default() -> Self {
        Self::new()
    }
}

impl<'a> Assembler<'a> {
    pub fn new() -> Self {
        Assembler {
            mode: None,
            group: T3Group::None,
            buffer: Vec::new(),
            joined: Joined::default(),
            pending: None,
            t2: T2Acc::default(),
            t3: T3Acc {
                span: None,
                rows: vec![None; 25],
                group_rows: Vec::new(),
                duplicates: Vec::new(),
                seps: Seps::default(),
                glued: Vec::new(),
            },
            t4: T4Acc::default(),
            drift: Vec::new(),
            outdated: Vec::new(),
            prev_bare: false,
            t2_item: None,
            orphans: Vec::new(),
            orphan_open: false,
            after_outdated: false,
            valueless: Vec::new(),
        }
    }

    /// A section heading inside the table region.
    pub fn heading(&mut self, section: SectionId) {
        self.flush();
        self.mode = section.table();
        self.group = T3Group::None;
        self.prev_bare = false;
    }

    /// A narrative line inside the table region.
    pub fn prose(&mut self) {
        self.flush();
    }

    fn flush(&mut self) {
        self.close_pending();
        self.take_valueless();
        self.buffer.clear();
        self.orphan_open = false;
        if !self.t4.cells.is_empty() {
            self.t4.closed = true;
        }
    }

    /// A table-ish line starting at byte `base`.
    pub fn text(&mut self, base: usize, line: &'a TextLine, line_span: Span) {
        if line.prose {
            self.flush();
            self.prev_bare = false;
            return;
        }
        let cells = &line.cells;
        if cells.is_empty() {
            return;
        }
        let lone_bar = line.sep == Sep::PipePerLine
            && cells.len() == 1
            && matches!(cells[0].kind, RawKind::Empty);
        // Cells on lines of their own with a `|` line between them: that
        // `|` separates, it is no empty cell (two in a row are one).
        let separator = lone_bar && self.prev_bare;
        self.prev_bare = line.sep == Sep::Space;
        if separator {
            return;
        }

        let first_value = cells.iter().position(|c| c.kind.is_value_like());
        let has_values = first_value.is_some();
        // The cells before the first value; its text cells are the label.
        let label_cells = &cells[..first_value.unwrap_or(cells.len())];
        let has_label = label_cells.iter().any(is_text);
        if has_label && !has_values && self.empty_row(label_cells, base, line, line_span) {
            return;
        }

        for c in label_cells {
            if let RawKind::Text(n, v) = &c.kind {
                self.label_piece(n, base, *v, has_values, line_span);
            }
        }

        if let Some(fv) = first_value {
            // Without a label every cell counts (table 4's leading blank cells).
            let from = if has_label { fv } else { 0 };
            self.values(&cells[from..], has_label, base, line.sep, line_span);
        } else if !has_label && line.sep == Sep::PipePerLine && cells.len() == 1 {
            // A lone `|`: one empty value cell.
            self.values(cells, false, base, line.sep, line_span);
        } else if !has_label
            && self.mode == Some(TableId::T4)
            && self.t4.cells.is_empty()
            && self.pending.is_none()
            && cells.len() >= T4_CELLS
        {
            // Table 4's data row left blank: fifteen empty cells, not filler.
            self.t4_values(cells, base, line.sep, line_span);
        }
    }

    /// A label line (no values) whose value cells are all blank: a row left
    /// empty, if its own label names a full row (not a group header or a
    /// fragment). Returns whether the line was taken so.
    fn empty_row(
        &mut self,
        cells: &[RawCell],
        base: usize,
        line: &TextLine,
        line_span: Span,
    ) -> bool {
        if !matches!(line.sep, Sep::Tab | Sep::PipeInline) {
            return false;
        }
        let all_labels = cells.iter().all(|c| match &c.kind {
            RawKind::Text(_, v) => matches!(self.piece_kind(*v, false), PieceKind::Label),
            _ => true,
        });
        let last_label = cells.iter().rposition(is_text).unwrap_or(0);
        let blanks = &cells[last_label + 1..];
        if !all_labels || blanks.is_empty() {
            return false;
        }
        self.join_line(cells, base);
        let Some(m) = self.joined.label(self.ctx()) else {
            return false;
        };
        if m.quality == Quality::Prefix || matches!(m.target, Target::T3Group(_)) {
            return false;
        }
        self.flush_keep_t4();
        // The label as a piece of its own (`flush_keep_t4` kept `joined`).
        let res = self.pending_from(m, 1, line.sep, line_span);
        self.pending = Some(res);
        self.add_values(blanks, base, line.sep, line_span);
        true
    }

    fn flush_keep_t4(&mut self) {
        self.close_pending();
        self.buffer.clear();
    }

    /// Joins the text cells of one line on their own (ignoring the buffer).
    fn join_line(&mut self, cells: &[RawCell], base: usize) {
        self.joined.clear();
        for c in cells {
            if let RawKind::Text(n, _) = &c.kind {
                self.joined.push(n, base);
            }
        }
    }

    /// Joins the label buffer.
    fn join_buffer(&mut self) {
        self.joined.clear();
        for p in &self.buffer {
            self.joined.push(p.norm, p.base);
        }
    }

    fn ctx(&self) -> Ctx {
        Ctx {
            group: self.group,
            mode: self.mode,
        }
    }

    /// What a label cell is in context: a caption or header word (which set the
    /// table and are dropped), an outdated marker, or a row label. 其他 and 总计
    /// are row labels when values follow on the line, else header words.
    fn piece_kind(&self, v: Vocab, line_has_values: bool) -> PieceKind {
        match v {
            Vocab::Caption(c) => PieceKind::Caption(c),
            Vocab::Outdated(k) => PieceKind::Outdated(OUTDATED_MARKERS[k as usize]),
            Vocab::T2Header => PieceKind::Header(TableId::T2, None),
            Vocab::T2HeaderAlias(k) => {
                PieceKind::Header(TableId::T2, Some(T2_HEADER_ALIASES[k as usize].1))
            }
            Vocab::T3Note | Vocab::T3Header => PieceKind::Header(TableId::T3, None),
            Vocab::T4Header => PieceKind::Header(TableId::T4, None),
            Vocab::Ambiguous if line_has_values => PieceKind::Label,
            Vocab::Ambiguous if self.mode == Some(TableId::T4) => {
                PieceKind::Header(TableId::T4, None)
            }
            Vocab::Ambiguous => PieceKind::Header(TableId::T3, None),
            Vocab::Label => PieceKind::Label,
        }
    }

    /// Handles one label cell: captions and header words set the table and are
    /// dropped; anything else joins the label buffer.
    fn label_piece(
        &mut self,
        n: &'a Norm,
        base: usize,
        vocab: Vocab,
        line_has_values: bool,
        line_span: Span,
    ) {
        let span = n
            .span_of(0, n.len())
            .map(|(a, b)| Span::new(base + a, base + b))
            .unwrap_or(line_span);
        match self.piece_kind(vocab, line_has_values) {
            PieceKind::Caption(numeral) => {
                self.flush();
                self.t2_item = T2Item::from_numeral(numeral);
                self.mode = Some(TableId::T2);
                cover(&mut self.t2.span, line_span);
                match T2Item::from_numeral(numeral) {
                    Some(item) => {
                        if self.t2.captions[item.index()].is_none() {
                            self.t2.captions[item.index()] = Some(span);
                        }
                    }
                    None => {
                        self.t2.trial = true;
                        self.outdated.push(OutdatedMarker {
                            span,
                            marker: n.as_string(),
                            table: Some(TableId::T2),
                        })
                    }
                }
            }
            PieceKind::Outdated(m) => {
                if matches!(self.mode, None | Some(TableId::T2)) {
                    self.t2.trial = true;
                }
                self.after_outdated = true;
                self.outdated.push(OutdatedMarker {
                    span,
                    marker: m.to_string(),
                    table: self.mode.or(Some(TableId::T2)),
                });
                if self.mode.is_none() {
                    self.mode = Some(TableId::T2);
                }
                cover(&mut self.t2.span, line_span);
                self.buffer.clear();
            }
            PieceKind::Header(table, alias) => {
                match table {
                    TableId::T4 => {
                        self.close_pending();
                        self.buffer.clear();
                        cover(&mut self.t4.span, line_span);
                    }
                    TableId::T3 => {
                        self.flush();
                        cover(&mut self.t3.span, line_span);
                    }
                    TableId::T2 => {
                        // A row of table 2 named before its item's header
                        // keeps its label: the numbers may follow the header
                        // (PDF text in reading order).
                        if self.buffer_names_t2_row() {
                            self.close_pending();
                        } else {
                            self.flush();
                        }
                        cover(&mut self.t2.span, line_span);
                    }
                }
                self.mode = Some(table);
                if let Some(canonical) = alias {
                    self.drift.push(LabelDrift {
                        span,
                        written: n.as_string(),
                        canonical: canonical.to_string(),
                        fixable: true,
                        table: TableId::T2,
                    });
                }
            }
            PieceKind::Label => {
                // A label: a new row begins, the previous one is complete.
                self.close_pending();
                self.orphan_open = false;
                self.after_outdated = false;
                // Pieces of one line are one label (a group and its item in
                // merged cells); a label from an earlier line that another
                // opens after it got no numbers.
                let earlier = self.buffer.last().is_some_and(|p| p.line != line_span);
                if earlier && opens_label(n) {
                    self.take_valueless();
                }
                if self.mode == Some(TableId::T4) && !self.t4.cells.is_empty() {
                    self.t4.closed = true;
                }
                if self.buffer.len() >= MAX_BUFFER {
                    self.buffer.remove(0);
                }
                self.buffer.push(Piece {
                    norm: n,
                    base,
                    line: line_span,
                });
            }
        }
    }

    fn values(
        &mut self,
        cells: &[RawCell],
        has_label: bool,
        base: usize,
        sep: Sep,
        line_span: Span,
    ) {
        if !self.buffer.is_empty() && (has_label || self.pending.is_none()) {
            self.close_pending();
            match self.resolve(sep, line_span) {
                Some(p) => self.pending = Some(p),
                None => {
                    if self.mode == Some(TableId::T4) {
                        self.t4_values(cells, base, sep, line_span);
                    } else {
                        self.orphan(cells.iter().map(|c| to_cell(c, base)));
                    }
                    return;
                }
            }
        }
        if self.pending.is_some() {
            self.add_values(cells, base, sep, line_span);
            return;
        }
        if self.mode == Some(TableId::T4) {
            self.t4_values(cells, base, sep, line_span);
        } else {
            self.orphan(cells.iter().map(|c| to_cell(c, base)));
        }
    }

    /// Numbers that no label takes: kept (in runs) to tell text in reading
    /// order, and to put a lone label's numbers back (see `finish`).
    fn orphan(&mut self, cells: impl Iterator<Item = Cell>) {
        let Some(table) = self.mode.filter(|m| *m != TableId::T4) else {
            return;
        };
        if self.after_outdated {
            return;
        }
        let numbers: Vec<Cell> = cells.filter(|c| !c.is_blank()).collect();
        if numbers.is_empty() {
            return;
        }
        let item = self.t2_item.filter(|_| table == TableId::T2);
        match self.orphans.last_mut() {
            Some(o) if self.orphan_open && o.table == table && o.item == item => {
                o.cells.extend(numbers)
            }
            _ => self.orphans.push(Orphans {
                table,
                item,
                cells: numbers,
            }),
        }
        self.orphan_open = true;
    }

    fn add_values(&mut self, cells: &[RawCell], base: usize, sep: Sep, line_span: Span) {
        let Some(p) = self.pending.as_mut() else {
            return;
        };
        // Digits run together: one value of a one-cell row, else the row's
        // cells, split in `finish` if the identities allow it.
        if let [
            RawCell {
                kind: RawKind::Run(d),
                start,
                end,
            },
        ] = cells
        {
            if p.width > 1 && p.cells.is_empty() {
                p.glued = Some(Glued {
                    span: Span::new(base + *start as usize, base + *end as usize),
                    digits: d.clone(),
                });
                p.lines = p.lines.cover(line_span);
                self.close_pending();
                return;
            }
        }
        // The line's cells go straight into the row (no vector per line).
        let first = p.cells.len();
        p.cells
            .reserve_exact(p.width.max(first + cells.len()) - first);
        p.cells.extend(cells.iter().map(|c| to_cell(c, base)));
        if first == 0 && sep != Sep::PipePerLine {
            // Merged label cells leave empty cells before the first value.
            let lead = p
                .cells
                .iter()
                .take_while(|c| c.value == Value::Empty)
                .count();
            if lead < p.cells.len() {
                p.cells.drain(..lead);
            }
        }
        // Cells beyond the row's width (the 2019 format's wider rows, filler)
        // are not the row's.
        p.cells.truncate(p.width.max(first));
        p.lines = p.lines.cover(line_span);
        if p.cells.len() >= p.width {
            self.close_pending();
        }
    }

    /// Resolves the label buffer into a pending row.
    fn resolve(&mut self, sep: Sep, line_span: Span) -> Option<Pending> {
        self.join_buffer();
        let Some(m) = self.joined.label(self.ctx()) else {
            self.buffer.clear();
            return None;
        };
        Some(self.resolve_with(m, sep, line_span))
    }

    /// The pending row of the joined label buffer, matched as `m`.
    fn resolve_with(&mut self, m: Match, sep: Sep, line_span: Span) -> Pending {
        let pieces = self.buffer.len();
        self.buffer.clear();
        // Does the matched label lie within one piece (so a fix can replace it)?
        let in_one_piece = !self
            .joined
            .piece_starts
            .iter()
            .any(|&s| s > m.from && s < m.to);
        let one = if in_one_piece { 1 } else { pieces.max(2) };
        self.pending_from(m, one, sep, line_span)
    }

    /// A pending row for the label in `joined`, matched as `m`, made of
    /// `pieces` pieces.
    fn pending_from(&mut self, m: Match, pieces: usize, sep: Sep, line_span: Span) -> Pending {
        let label = self.joined.span_of(m.from, m.to).unwrap_or(line_span);
        let (width, table) = match m.target {
            Target::T2(r) => {
                self.mode = Some(TableId::T2);
                let format = if self.t2.trial {
                    Format::Trial2019
                } else {
                    Format::National2021
                };
                (r.columns_in(format).len(), TableId::T2)
            }
            Target::T3(r) => {
                self.mode = Some(TableId::T3);
                self.group = r.spec().group;
                (7, TableId::T3)
            }
            Target::T3Group(g) => {
                self.mode = Some(TableId::T3);
                self.group = g;
                (7, TableId::T3)
            }
        };
        let matched = match m.quality {
            Quality::Exact => LabelMatch::Exact,
            Quality::Prefix => LabelMatch::Prefix,
            Quality::Drift => LabelMatch::Drift,
        };
        if m.quality == Quality::Drift {
            if let Some(d) = self.drift_of(&m, pieces, label, table) {
                self.drift.push(d);
            }
        }
        Pending {
            target: m.target,
            label,
            matched,
            cells: Vec::new(),
            width,
            layout: sep,
            lines: line_span,
            glued: None,
        }
    }

    /// The drift of a label in `joined` matched as `m` (a drift), unless it
    /// differs from the canonical one only by how the pieces were read.
    fn drift_of(
        &self,
        m: &Match,
        pieces: usize,
        label: Span,
        table: TableId,
    ) -> Option<LabelDrift> {
        let j = &self.joined;
        let canonical = match m.target {
            Target::T2(r) => r.label().to_string(),
            Target::T3(r) => r.label(),
            Target::T3Group(g) => group_label(g),
        };
        let words = &j.chars[m.from..m.to];
        let dun = j.dun.iter().any(|&d| d >= m.from && d < m.to);
        if !dun && pieces <= 1 && normalize::eq_chars(words, &norm_string(&canonical)) {
            return None;
        }
        // As written: a `1、` marker shows as such.
        let written: String = (m.from..m.to)
            .map(|k| {
                if j.dun.contains(&k) {
                    '、'
                } else {
                    j.chars[k]
                }
            })
            .collect();
        Some(LabelDrift {
            span: label,
            written,
            canonical,
            fixable: pieces <= 1,
            table,
        })
    }

    fn close_pending(&mut self) {
        let Some(p) = self.pending.take() else { return };
        match p.target {
            Target::T2(r) => {
                cover(&mut self.t2.span, p.lines);
                self.t2.seps.add(p.layout);
                let slot = &mut self.t2.rows[r.index()];
                if slot.is_none() {
                    if let Some(g) = p.glued {
                        self.t2.glued.push((r, g));
                    }
                    *slot = Some(Row {
                        id: r,
                        label: p.label,
                        matched: p.matched,
                        cells: p.cells,
                        width: p.width,
                        layout: p.layout,
                        lines: p.lines,
                    });
                }
            }
            Target::T3(r) => {
                cover(&mut self.t3.span, p.lines);
                self.t3.seps.add(p.layout);
                let row = Row {
                    id: r,
                    label: p.label,
                    matched: p.matched,
                    cells: p.cells,
                    width: p.width,
                    layout: p.layout,
                    lines: p.lines,
                };
                let slot = &mut self.t3.rows[r.index()];
                if slot.is_none() {
                    if let Some(g) = p.glued {
                        self.t3.glued.push((r, g));
                    }
                    *slot = Some(row);
                } else {
                    self.t3.duplicates.push(row);
                }
            }
            Target::T3Group(g) => {
                cover(&mut self.t3.span, p.lines);
                if p.cells.iter().any(|c| !c.is_blank()) {
                    self.t3.group_rows.push((
                        g,
                        Row {
                            id: (),
                            label: p.label,
                            matched: p.matched,
                            cells: p.cells,
                            width: p.width,
                            layout: p.layout,
                            lines: p.lines,
                        },
                    ));
                }
            }
        }
    }

    fn t4_values(&mut self, cells: &[RawCell], base: usize, sep: Sep, line_span: Span) {
        if self.t4.closed {
            self.t4.dropped += cells.iter().filter(|c| c.kind.is_value_like()).count();
            return;
        }
        if let [
            RawCell {
                kind: RawKind::Run(d),
                start,
                end,
            },
        ] = cells
        {
            if self.t4.cells.is_empty() && self.t4.glued.is_none() {
                let span = Span::new(base + *start as usize, base + *end as usize);
                self.t4.glued = Some(Glued {
                    span,
                    digits: d.clone(),
                });
                cover(&mut self.t4.data, line_span);
                cover(&mut self.t4.span, line_span);
                self.t4.seps.add(sep);
                self.t4.closed = true;
                return;
            }
        }
        let need = T4_CELLS - self.t4.cells.len();
        if need == 0 {
            return;
        }
        let mut cs: Vec<Cell> = cells.iter().map(|c| to_cell(c, base)).collect();
        if sep != Sep::PipePerLine {
            while cs.len() > need && cs.first().is_some_and(|c| c.value == Value::Empty) {
                cs.remove(0);
            }
            while cs.len() > need && cs.last().is_some_and(|c| c.value == Value::Empty) {
                cs.pop();
            }
        }
        cs.truncate(need);
        self.t4.cells.extend(cs);
        cover(&mut self.t4.data, line_span);
        cover(&mut self.t4.span, line_span);
        self.t4.seps.add(sep);
    }

    pub fn finish(mut self) -> Tables {
        self.flush();
        self.place_t2_orphans();
        let mut order2 = self.reading_order(TableId::T2);
        let mut order3 = self.reading_order(TableId::T3);
        // Table 4 short of cells while numbers came after its data closed.
        let short4 =
            self.t4.glued.is_none() && !self.t4.cells.is_empty() && self.t4.cells.len() < T4_CELLS;
        let mut order4 = (short4 && self.t4.dropped > 0).then_some(Unreadable::ReadingOrder);
        self.valueless_rows();
        // In a text whose tables came out in reading order, another table
        // short of cells is so for the same cause.
        if order2.is_some() || order3.is_some() || order4.is_some() {
            let short = |cells: usize, width: usize| cells < width;
            if self
                .t2
                .rows
                .iter()
                .flatten()
                .any(|r| short(r.cells.len(), r.width))
            {
                order2 = order2.or(Some(Unreadable::ReadingOrder));
            }
            if self
                .t3
                .rows
                .iter()
                .flatten()
                .any(|r| short(r.cells.len(), r.width))
            {
                order3 = order3.or(Some(Unreadable::ReadingOrder));
            }
            if short4 {
                order4 = Some(Unreadable::ReadingOrder);
            }
        }
        let unreadable2 = order2.or_else(|| self.split_t2());
        let unreadable3 = order3.or_else(|| self.split_t3());
        let unreadable4 = order4.or_else(|| self.split_t4());
        // The labels of an unreadable table: only those read whole from one
        // line, with their numbering, are trusted (in reading order, others
        // are pieced together from fragments).
        for (t, u) in [(TableId::T2, &unreadable2), (TableId::T3, &unreadable3)] {
            if u.is_some() {
                self.drift
                    .retain(|d| d.table != t || (d.fixable && whole_label(d)));
            }
        }
        if unreadable2.is_some() {
            self.t2.rows = Default::default();
        }
        if unreadable3.is_some() {
            self.t3.rows = vec![None; 25];
            self.t3.group_rows.clear();
            self.t3.duplicates.clear();
        }
        if unreadable4.is_some() {
            self.t4.cells.clear();
        }
        let t2 = self
            .t2
            .span
            .filter(|_| {
                self.t2.rows.iter().any(Option::is_some)
                    || self.t2.captions.iter().any(Option::is_some)
                    || unreadable2.is_some()
            })
            .map(|span| Table2 {
                span,
                captions: self.t2.captions,
                rows: self.t2.rows,
                layout: self.t2.seps.most(),
                format: if self.t2.trial {
                    Format::Trial2019
                } else {
                    Format::National2021
                },
                unreadable: unreadable2,
            });
        // The 2019 format's single （六）其他处理 row, without sub-rows 1–3.
        if let Some((_, row)) = self
            .t3
            .group_rows
            .iter()
            .find(|(g, _)| *g == T3Group::OtherHandling)
        {
            if [T3Row::O1, T3Row::O2, T3Row::O3]
                .iter()
                .all(|r| self.t3.rows[r.index()].is_none())
            {
                self.outdated.push(OutdatedMarker {
                    span: row.label,
                    marker: "（六）其他处理".to_string(),
                    table: Some(TableId::T3),
                });
            }
        }
        let t3 = self
            .t3
            .span
            .filter(|_| {
                self.t3.rows.iter().any(Option::is_some)
                    || !self.t3.group_rows.is_empty()
                    || unreadable3.is_some()
            })
            .map(|span| Table3 {
                span,
                rows: self.t3.rows,
                group_rows: self.t3.group_rows,
                duplicates: self.t3.duplicates,
                layout: self.t3.seps.most(),
                unreadable: unreadable3,
            });
        let t4 = match (self.t4.span, self.t4.data) {
            (Some(span), Some(data)) if !self.t4.cells.is_empty() || unreadable4.is_some() => {
                Some(Table4 {
                    span,
                    cells: self.t4.cells,
                    data,
                    layout: self.t4.seps.most(),
                    unreadable: unreadable4,
                })
            }
            _ => None,
        };
        Tables {
            t2,
            t3,
            t4,
            drift: self.drift,
            outdated: self.outdated,
            mode: self.mode,
        }
    }

    /// A label complete in itself (a row's, not a group's) that no numbers
    /// followed: kept as a row without values, or for the numbers that came
    /// apart from it (see `place_t2_orphans`).
    fn take_valueless(&mut self) {
        if self.buffer.is_empty() {
            return;
        }
        self.join_buffer();
        let Some(m) = self.joined.label(self.ctx()) else {
            return;
        };
        if m.quality == Quality::Prefix || matches!(m.target, Target::T3Group(_)) {
            return;
        }
        let p = self.resolve_with(m, Sep::Space, Span::default());
        self.orphan_open = false;
        self.valueless.push(Valueless {
            target: p.target,
            label: p.label,
            matched: p.matched,
            item: self.t2_item,
        });
    }

    /// Whether the label buffer ends with the whole name of a table-2 row.
    fn buffer_names_t2_row(&self) -> bool {
        self.buffer
            .last()
            .is_some_and(|p| T2Row::ALL.iter().any(|r| p.norm.eq_str(r.label())))
    }

    /// Table 2 in reading order ("本年收费金额 7545 行政事业性收费"): an item
    /// whose only numbers came apart from its only label without numbers gets
    /// them back when they are as many as the row has cells.
    fn place_t2_orphans(&mut self) {
        for item in T2Item::ALL {
            let runs: Vec<usize> = (0..self.orphans.len())
                .filter(|&k| self.orphans[k].table == TableId::T2)
                .filter(|&k| self.orphans[k].item == Some(item))
                .collect();
            let rows: Vec<usize> = (0..self.valueless.len())
                .filter(|&k| self.valueless[k].item == Some(item))
                .filter(|&k| matches!(self.valueless[k].target, Target::T2(r) if r.item() == item))
                .collect();
            let ([o], [v]) = (runs.as_slice(), rows.as_slice()) else {
                continue;
            };
            let Target::T2(r) = self.valueless[*v].target else {
                continue;
            };
            if self.orphans[*o].cells.len() != r.width() || self.t2.rows[r.index()].is_some() {
                continue;
            }
            let cells = self.orphans.remove(*o).cells;
            let val = self.valueless.remove(*v);
            let lines = cells.iter().fold(val.label, |a, c| a.cover(c.span));
            self.t2.rows[r.index()] = Some(Row {
                id: r,
                label: val.label,
                matched: val.matched,
                cells,
                width: r.width(),
                layout: self.t2.seps.most(),
                lines,
            });
        }
    }

    /// Whether a table's numbers and labels came apart (text taken out of a
    /// PDF in reading order): numbers that no label took while rows lack
    /// numbers, or two rows' worth of numbers without any label.
    fn reading_order(&self, table: TableId) -> Option<Unreadable> {
        let numbers: usize = self
            .orphans
            .iter()
            .filter(|o| o.table == table)
            .map(|o| o.cells.len())
            .sum();
        let short = |cells: usize, width: usize| width.saturating_sub(cells);
        let lacking: usize = match table {
            TableId::T2 => self
                .t2
                .rows
                .iter()
                .flatten()
                .map(|r| short(r.cells.len(), r.width))
                .sum(),
            _ => self
                .t3
                .rows
                .iter()
                .flatten()
                .map(|r| short(r.cells.len(), r.width))
                .sum(),
        };
        let labels: Vec<usize> = self
            .valueless
            .iter()
            .filter_map(|v| match v.target {
                Target::T2(r) if table == TableId::T2 => Some(r.width()),
                Target::T3(_) if table == TableId::T3 => Some(7),
                _ => None,
            })
            .collect();
        let lacking = lacking + labels.iter().sum::<usize>();
        let row = if table == TableId::T2 { 3 } else { 7 };
        let apart = (numbers >= 2 && lacking >= 2)
            || (numbers >= 1 && !labels.is_empty())
            || numbers >= 2 * row;
        let apart = apart && (table == TableId::T2 || numbers >= row);
        apart.then_some(Unreadable::ReadingOrder)
    }

    /// Labels without numbers become rows without cells (`missing-cell`).
    fn valueless_rows(&mut self) {
        for v in std::mem::take(&mut self.valueless) {
            match v.target {
                Target::T2(r) if self.t2.rows[r.index()].is_none() => {
                    self.t2.rows[r.index()] = Some(Row {
                        id: r,
                        label: v.label,
                        matched: v.matched,
                        cells: Vec::new(),
                        width: r.width(),
                        layout: self.t2.seps.most(),
                        lines: v.label,
                    });
                }
                Target::T3(r) if self.t3.rows[r.index()].is_none() => {
                    self.t3.rows[r.index()] = Some(Row {
                        id: r,
                        label: v.label,
                        matched: v.matched,
                        cells: Vec::new(),
                        width: 7,
                        layout: self.t3.seps.most(),
                        lines: v.label,
                    });
                }
                _ => {}
            }
        }
    }

    /// Table 2's rows whose cells ran together: split when there is one way
    /// (table 2 has no identity to choose between several).
    fn split_t2(&mut self) -> Option<Unreadable> {
        for (r, g) in std::mem::take(&mut self.t2.glued) {
            let ways = split::splits(&g.digits, r.width(), &[]);
            match (ways.as_slice(), self.t2.rows[r.index()].as_mut()) {
                ([one], Some(row)) => row.cells = glued_cells(&g, one),
                _ => {
                    return Some(Unreadable::RunTogether {
                        row: r.label().to_string(),
                        digits: g.digits.to_string(),
                    });
                }
            }
        }
        None
    }

    /// Table 3's rows whose cells ran together: each row's splits under its
    /// row total; where rows admit several, the combination under which the
    /// result total and the balance hold, if it is the only one.
    fn split_t3(&mut self) -> Option<Unreadable> {
        let glued = std::mem::take(&mut self.t3.glued);
        if glued.is_empty() {
            return None;
        }
        let unreadable = |r: T3Row, g: &Glued| Unreadable::RunTogether {
            row: r.display(),
            digits: g.digits.to_string(),
        };
        let mut ways: Vec<Vec<Vec<std::ops::Range<usize>>>> = Vec::new();
        for (r, g) in &glued {
            let w = split::splits(&g.digits, 7, &split::T3_ROW);
            if w.is_empty() {
                return Some(unreadable(*r, g));
            }
            ways.push(w);
        }
        let choice = choose_t3(&self.t3.rows, &glued, &ways);
        let Some(choice) = choice else {
            let k = ways.iter().position(|w| w.len() > 1).unwrap_or(0);
            return Some(unreadable(glued[k].0, &glued[k].1));
        };
        for ((r, g), c) in glued.iter().zip(choice) {
            if let Some(row) = self.t3.rows[r.index()].as_mut() {
                row.cells = glued_cells(g, &ways[ways_index(&glued, *r)][c]);
            }
        }
        None
    }

    /// Table 4's fifteen cells run together: split under the three group
    /// totals when there is one way.
    fn split_t4(&mut self) -> Option<Unreadable> {
        let g = self.t4.glued.take()?;
        let ways = split::splits(&g.digits, T4_CELLS, &split::T4_GROUPS);
        match ways.as_slice() {
            [one] => {
                self.t4.cells = glued_cells(&g, one);
                None
            }
            _ => Some(Unreadable::RunTogether {
                row: "行政复议、行政诉讼".to_string(),
                digits: g.digits.to_string(),
            }),
        }
    }
}

/// The index of row `r` in the glued rows.
fn ways_index(glued: &[(T3Row, Glued)], r: T3Row) -> usize {
    glued.iter().position(|(x, _)| *x == r).unwrap_or(0)
}

/// The cells of a run of digits cut as `split` says.
fn glued_cells(g: &Glued, split: &[std::ops::Range<usize>]) -> Vec<Cell> {
    split
        .iter()
        .map(|r| Cell {
            span: Span::new(g.span.start + r.start, g.span.start + r.end),
            value: Value::Int(g.digits[r.clone()].parse().unwrap_or(0)),
        })
        .collect()
}

/// Combinations of the glued rows' splits tried at most (beyond, the table
/// is left unread rather than guessed).
const MAX_COMBINATIONS: usize = 4096;

/// Which split of each glued row of table 3 to take: the only one, or the
/// only combination under which every column identity that can be checked
/// holds. `None` when there is no such single choice.
fn choose_t3(
    rows: &[Option<Row<T3Row>>],
    glued: &[(T3Row, Glued)],
    ways: &[Vec<Vec<std::ops::Range<usize>>>],
) -> Option<Vec<usize>> {
    let total: usize = ways.iter().map(Vec::len).try_fold(1usize, |a, n| {
        a.checked_mul(n).filter(|x| *x <= MAX_COMBINATIONS)
    })?;
    if total == 1 {
        return Some(vec![0; ways.len()]);
    }
    // The values of every row under a choice.
    let mut found: Option<Vec<usize>> = None;
    for n in 0..total {
        let mut choice = Vec::with_capacity(ways.len());
        let mut k = n;
        for w in ways {
            choice.push(k % w.len());
            k /= w.len();
        }
        let mut v = [[None::<i64>; 7]; 25];
        for r in T3Row::ALL {
            if let Some(row) = &rows[r.index()] {
                if row.cells.len() == 7 {
                    for c in 0..7 {
                        v[r.index()][c] = row.cells[c].int();
                    }
                }
            }
        }
        for (j, (r, g)) in glued.iter().enumerate() {
            let vals = split::values(&g.digits, &ways[j][choice[j]]);
            for c in 0..7 {
                v[r.index()][c] = Some(vals[c]);
            }
        }
        if t3_identities_hold(&v) {
            if found.is_some() {
                return None;
            }
            found = Some(choice);
        }
    }
    found
}

/// The result total and the balance, in every column where all their cells
/// are known.
fn t3_identities_hold(v: &[[Option<i64>; 7]; 25]) -> bool {
    let at = |r: T3Row, c: usize| v[r.index()][c];
    (0..7).all(|c| {
        let results: Option<i64> = T3Row::ALL
            .iter()
            .filter(|r| r.is_result())
            .map(|r| at(*r, c))
            .sum();
        let total = at(T3Row::Tot, c);
        let result_ok = match (results, total) {
            (Some(s), Some(t)) => s == t,
            _ => true,
        };
        let balance = [T3Row::New, T3Row::Carry, T3Row::Tot, T3Row::Fwd].map(|r| at(r, c));
        let balance_ok = match balance {
            [Some(a), Some(b), Some(t), Some(f)] => a + b == t + f,
            _ => true,
        };
        result_ok && balance_ok
    })
}

/// Whether a drifting label was read whole: a table-2 row's name, or a
/// table-3 label that starts with its numbering.
fn whole_label(d: &LabelDrift) -> bool {
    d.table == TableId::T2 || opens_label(&Norm::new(&d.written, 0))
}

/// Whether a label piece opens a new label: a numbering marker (`一、`,
/// `（一）`, `1.`) or a whole name of a table-2 row.
fn opens_label(n: &Norm) -> bool {
    let mut c = n.as_str().chars();
    let cn = |x: Option<char>| x.is_some_and(|x| crate::analysis::format::cn_digit(x).is_some());
    let (a, b, d) = (c.next(), c.next(), c.next());
    (a == Some('(') && cn(b) && d == Some(')'))
        || (cn(a) && b == Some('、'))
        || (a.is_some_and(|x| x.is_ascii_digit()) && b == Some('.'))
        || T2Row::ALL.iter().any(|r| n.eq_str(r.label()))
}

fn group_label(g: T3Group) -> String {
    match g {
        T3Group::None => format!("三、{}", crate::analysis::format::T3_RESULTS_HEADER),
        _ => crate::analysis::format::T3_GROUPS
            .iter()
            .find(|s| s.group == g)
            .map(|s| format!("{}{}", s.marker.canonical(), s.text))
            .unwrap_or_default(),
    }
}
