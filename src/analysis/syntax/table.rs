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
    Cell, LabelDrift, LabelMatch, OutdatedMarker, Row, Table2, Table3, Table4, Value,
};
use crate::analysis::normalize::{Norm, norm_string};
use crate::analysis::syntax::label::{Ctx, Quality, Target, match_label};
use crate::analysis::syntax::line::{RawCell, RawKind, Sep, TextLine};
use crate::analysis::syntax::vocab::Vocab;
use crate::analysis::text::Span;

/// A label piece: one text cell, with absolute offsets.
struct Piece {
    norm: Norm,
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
}

struct T3Acc {
    span: Option<Span>,
    rows: Vec<Option<Row<T3Row>>>,
    group_rows: Vec<(T3Group, Row<()>)>,
    duplicates: Vec<Row<T3Row>>,
    seps: Seps,
}

#[derive(Default)]
struct T4Acc {
    span: Option<Span>,
    cells: Vec<Cell>,
    data: Option<Span>,
    /// Collection of the data cells has ended (a label came after them).
    closed: bool,
    seps: Seps,
}

pub struct Assembler {
    mode: Option<TableId>,
    group: T3Group,
    buffer: Vec<Piece>,
    pending: Option<Pending>,
    t2: T2Acc,
    t3: T3Acc,
    t4: T4Acc,
    drift: Vec<LabelDrift>,
    outdated: Vec<OutdatedMarker>,
}

/// What the assembler produced.
pub struct Tables {
    pub t2: Option<Table2>,
    pub t3: Option<Table3>,
    pub t4: Option<Table4>,
    pub drift: Vec<LabelDrift>,
    pub outdated: Vec<OutdatedMarker>,
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
        RawKind::Text(n, _) => Value::Invalid {
            kind: crate::analysis::model::InvalidKind::NotANumber,
            value: None,
            normalized: None,
            written: n.as_string(),
        },
    };
    Cell { span, value }
}

impl Default for Assembler {
    fn default() -> Self {
        Self::new()
    }
}

impl Assembler {
    pub fn new() -> Self {
        Assembler {
            mode: None,
            group: T3Group::None,
            buffer: Vec::new(),
            pending: None,
            t2: T2Acc::default(),
            t3: T3Acc {
                span: None,
                rows: vec![None; 25],
                group_rows: Vec::new(),
                duplicates: Vec::new(),
                seps: Seps::default(),
            },
            t4: T4Acc::default(),
            drift: Vec::new(),
            outdated: Vec::new(),
        }
    }

    /// A section heading inside the table region.
    pub fn heading(&mut self, section: SectionId) {
        self.flush();
        self.mode = section.table();
        self.group = T3Group::None;
    }

    /// A narrative line inside the table region.
    pub fn prose(&mut self) {
        self.flush();
    }

    fn flush(&mut self) {
        self.close_pending();
        self.buffer.clear();
        if !self.t4.cells.is_empty() {
            self.t4.closed = true;
        }
    }

    /// A table-ish line starting at byte `base`.
    pub fn text(&mut self, base: usize, line: &TextLine, line_span: Span) {
        if line.prose {
            self.flush();
            return;
        }
        let cells = &line.cells;
        if cells.is_empty() {
            return;
        }
        let first_value = cells.iter().position(|c| c.kind.is_value_like());
        let label_end = first_value.unwrap_or(cells.len());
        let has_values = first_value.is_some();
        let label_cells: Vec<&RawCell> = cells[..label_end]
            .iter()
            .filter(|c| matches!(c.kind, RawKind::Text(..)))
            .collect();
        let has_label = !label_cells.is_empty();

        // A label line whose value cells are all blank: a row left empty, if its
        // own label names a full row (not a group header or a fragment).
        let all_labels = label_cells.iter().all(|c| match &c.kind {
            RawKind::Text(_, v) => matches!(self.piece_kind(*v, false), PieceKind::Label),
            _ => true,
        });
        if has_label && !has_values && all_labels && matches!(line.sep, Sep::Tab | Sep::PipeInline)
        {
            let last_label = cells
                .iter()
                .rposition(|c| matches!(c.kind, RawKind::Text(..)))
                .unwrap_or(0);
            let blanks: Vec<&RawCell> = cells[last_label + 1..].iter().collect();
            if !blanks.is_empty() {
                if let Some((target, m)) = self.match_line_only(&label_cells, base) {
                    if m.quality != Quality::Prefix && !matches!(target, Target::T3Group(_)) {
                        self.flush_keep_t4();
                        let res =
                            self.make_pending(target, m, &label_cells, base, line.sep, line_span);
                        self.pending = Some(res);
                        let raw: Vec<RawCell> = blanks.into_iter().cloned().collect();
                        self.add_values(&raw, base, line.sep, line_span);
                        return;
                    }
                }
            }
        }

        for c in &label_cells {
            if let RawKind::Text(n, v) = &c.kind {
                self.label_piece(n.shifted(base), *v, has_values, line_span);
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

    fn flush_keep_t4(&mut self) {
        self.close_pending();
        self.buffer.clear();
    }

    /// Matches the label cells of one line on their own (ignoring the buffer).
    fn match_line_only(
        &self,
        cells: &[&RawCell],
        base: usize,
    ) -> Option<(Target, crate::analysis::syntax::label::LabelMatch)> {
        let mut joined = Norm::default();
        let mut bounds = Vec::new();
        for c in cells {
            if let RawKind::Text(n, _) = &c.kind {
                let n = n.shifted(base);
                let at = joined.len();
                for b in n.chunk_starts() {
                    bounds.push(at + b);
                }
                joined.append(&n);
            }
        }
        let m = match_label(&joined.chars(), &bounds, &joined.dun, self.ctx())?;
        Some((m.target, m))
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
    fn label_piece(&mut self, n: Norm, vocab: Vocab, line_has_values: bool, line_span: Span) {
        let s = n.as_string();
        let span = n
            .span_of(0, n.len())
            .map(|(a, b)| Span::new(a, b))
            .unwrap_or(line_span);
        match self.piece_kind(vocab, line_has_values) {
            PieceKind::Caption(numeral) => {
                self.flush();
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
                            marker: s.clone(),
                            table: Some(TableId::T2),
                        })
                    }
                }
            }
            PieceKind::Outdated(m) => {
                if matches!(self.mode, None | Some(TableId::T2)) {
                    self.t2.trial = true;
                }
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
                        self.flush();
                        cover(&mut self.t2.span, line_span);
                    }
                }
                self.mode = Some(table);
                if let Some(canonical) = alias {
                    self.drift.push(LabelDrift {
                        span,
                        written: s.clone(),
                        canonical: canonical.to_string(),
                        fixable: true,
                        table: TableId::T2,
                    });
                }
            }
            PieceKind::Label => {
                // A label: a new row begins, the previous one is complete.
                self.close_pending();
                if self.mode == Some(TableId::T4) && !self.t4.cells.is_empty() {
                    self.t4.closed = true;
                }
                if self.buffer.len() >= MAX_BUFFER {
                    self.buffer.remove(0);
                }
                self.buffer.push(Piece { norm: n });
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
        }
    }

    fn add_values(&mut self, cells: &[RawCell], base: usize, sep: Sep, line_span: Span) {
        let Some(p) = self.pending.as_mut() else {
            return;
        };
        let mut cs: Vec<Cell> = cells.iter().map(|c| to_cell(c, base)).collect();
        if p.cells.is_empty() && sep != Sep::PipePerLine {
            // Merged label cells leave empty cells before the first value.
            let lead = cs.iter().take_while(|c| c.value == Value::Empty).count();
            if lead < cs.len() {
                cs.drain(..lead);
            }
        }
        for c in cs {
            if p.cells.len() < p.width {
                p.cells.push(c);
            }
        }
        p.lines = p.lines.cover(line_span);
        if p.cells.len() >= p.width {
            self.close_pending();
        }
    }

    fn make_pending(
        &mut self,
        target: Target,
        m: crate::analysis::syntax::label::LabelMatch,
        cells: &[&RawCell],
        base: usize,
        sep: Sep,
        line_span: Span,
    ) -> Pending {
        let mut joined = Norm::default();
        for c in cells {
            if let RawKind::Text(n, _) = &c.kind {
                joined.append(&n.shifted(base));
            }
        }
        self.pending_from(target, m, &joined, 1, sep, line_span)
    }

    /// Resolves the label buffer into a pending row.
    fn resolve(&mut self, sep: Sep, line_span: Span) -> Option<Pending> {
        let mut joined = Norm::default();
        let mut bounds = Vec::new();
        let mut piece_starts = Vec::new();
        for p in &self.buffer {
            let at = joined.len();
            piece_starts.push(at);
            for b in p.norm.chunk_starts() {
                bounds.push(at + b);
            }
            joined.append(&p.norm);
        }
        let pieces = self.buffer.len();
        self.buffer.clear();
        let m = match_label(&joined.chars(), &bounds, &joined.dun, self.ctx())?;
        // Does the matched label lie within one piece (so a fix can replace it)?
        let in_one_piece = piece_starts
            .iter()
            .filter(|&&s| s > m.from && s < m.to)
            .count()
            == 0;
        let one = if in_one_piece { 1 } else { pieces.max(2) };
        Some(self.pending_from(m.target, m, &joined, one, sep, line_span))
    }

    fn pending_from(
        &mut self,
        target: Target,
        m: crate::analysis::syntax::label::LabelMatch,
        joined: &Norm,
        pieces: usize,
        sep: Sep,
        line_span: Span,
    ) -> Pending {
        let label = joined
            .span_of(m.from, m.to)
            .map(|(a, b)| Span::new(a, b))
            .unwrap_or(line_span);
        // As written: a `1、` marker shows as such.
        let chars = joined.chars();
        let written: String = (m.from..m.to)
            .map(|k| {
                if joined.dun.contains(&k) {
                    '、'
                } else {
                    chars[k]
                }
            })
            .collect();
        let (width, table) = match target {
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
            let canonical = match target {
                Target::T2(r) => r.label().to_string(),
                Target::T3(r) => r.label(),
                Target::T3Group(g) => group_label(g),
            };
            if norm_string(&canonical) != chars[m.from..m.to].iter().collect::<String>()
                || pieces > 1
                || joined.dun.iter().any(|&d| d >= m.from && d < m.to)
            {
                self.drift.push(LabelDrift {
                    span: label,
                    written,
                    canonical,
                    fixable: pieces <= 1,
                    table,
                });
            }
        }
        Pending {
            target,
            label,
            matched,
            cells: Vec::new(),
            width,
            layout: sep,
            lines: line_span,
        }
    }

    fn close_pending(&mut self) {
        let Some(p) = self.pending.take() else { return };
        match p.target {
            Target::T2(r) => {
                cover(&mut self.t2.span, p.lines);
                self.t2.seps.add(p.layout);
                let slot = &mut self.t2.rows[r.index()];
                if slot.is_none() {
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
            return;
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
        let t2 = self
            .t2
            .span
            .filter(|_| {
                self.t2.rows.iter().any(Option::is_some)
                    || self.t2.captions.iter().any(Option::is_some)
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
            .filter(|_| self.t3.rows.iter().any(Option::is_some) || !self.t3.group_rows.is_empty())
            .map(|span| Table3 {
                span,
                rows: self.t3.rows,
                group_rows: self.t3.group_rows,
                duplicates: self.t3.duplicates,
                layout: self.t3.seps.most(),
            });
        let t4 = match (self.t4.span, self.t4.data) {
            (Some(span), Some(data)) if !self.t4.cells.is_empty() => Some(Table4 {
                span,
                cells: self.t4.cells,
                data,
                layout: self.t4.seps.most(),
            }),
            _ => None,
        };
        Tables {
            t2,
            t3,
            t4,
            drift: self.drift,
            outdated: self.outdated,
        }
    }
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
