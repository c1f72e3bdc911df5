//! From glyph positions and rules to the report text: tables from their ruling
//! lines (a cell is the area its borders enclose, so a merged cell is one cell
//! and its text stays together however it is centred or written), printed
//! lines by baseline and x order, paragraphs from lines that fill the measure,
//! page numbers and running headers dropped, a table continued on the next
//! page joined to its first part (a repeated header row dropped).
//!
//! The text has the `.docx` reader's shape: one line per paragraph or table
//! row, a row's cells joined by TAB, the grid positions a merged cell covers
//! after its first as empty cells.

use super::interp::{Dir, Glyph, Page, Rule};
use crate::input::Document;
use crate::input::map::Builder;

/// Rules closer than this (points) are the same line.
const SNAP: f32 = 2.5;
/// Most grid columns and rows of a table (more: not read as a table).
const MAX_COLUMNS: usize = 64;
const MAX_ROWS: usize = 2000;
/// Rules of one orientation per page considered for tables.
const MAX_RULES: usize = 4000;
/// Longest column header used as the column's name ("总计列").
const MAX_HEADER_CHARS: usize = 10;

/// A printed line of text.
#[derive(Clone, Debug)]
struct Line {
    /// Baseline (horizontal text) or top (vertical text).
    y: f32,
    left: f32,
    right: f32,
    size: f32,
    text: String,
}

/// The part of a table on one page.
#[derive(Debug)]
struct Piece {
    top: f32,
    /// Left x of each grid column and the right edge of the last.
    xs: Vec<f32>,
    rows: Vec<Vec<String>>,
    /// For the first row under each header: the names of the columns.
    headers: Vec<Option<Vec<Option<String>>>>,
    header_rows: usize,
}

#[derive(Debug)]
enum Block {
    Line(Line),
    Table(Piece),
}

/// Converts the pages into report text and its map.
pub fn document(pages: &[Page]) -> Document {
    let mut laid: Vec<Vec<Block>> = pages.iter().map(page_blocks).collect();
    drop_running_lines(pages, &mut laid);
    emit(&laid)
}

fn page_blocks(page: &Page) -> Vec<Block> {
    let grids = grids(&page.rules);
    let mut cell_glyphs: Vec<Vec<Vec<&Glyph>>> = grids
        .iter()
        .map(|g| vec![Vec::new(); g.root.len()])
        .collect();
    let mut free = Vec::new();
    'glyph: for gl in &page.glyphs {
        let (cx, cy) = centre(gl);
        for (k, g) in grids.iter().enumerate() {
            if let Some(slot) = g.slot(cx, cy) {
                cell_glyphs[k][g.root[slot]].push(gl);
                continue 'glyph;
            }
        }
        free.push(gl);
    }
    let mut blocks: Vec<Block> = lines(&free, true).into_iter().map(Block::Line).collect();
    for (g, glyphs) in grids.iter().zip(cell_glyphs) {
        if glyphs.iter().all(Vec::is_empty) {
            continue; // a frame or a rule under a heading, not a table
        }
        blocks.push(Block::Table(g.piece(&glyphs)));
    }
    let top = |b: &Block| match b {
        Block::Line(l) => l.y,
        Block::Table(t) => t.top,
    };
    blocks.sort_by(|a, b| top(b).total_cmp(&top(a)));
    blocks
}

/// Where a glyph's ink is, roughly: the centre of its em box.
fn centre(g: &Glyph) -> (f32, f32) {
    match g.dir {
        Dir::Horizontal => (g.x + g.w / 2.0, g.y + 0.3 * g.size),
        Dir::Down => (g.x, g.y - 0.5 * g.size),
        Dir::Up => (g.x - 0.3 * g.size, g.y + g.w / 2.0),
    }
}

// ---------------------------------------------------------------- lines

/// Groups glyphs into printed lines: horizontal text by baseline, left to
/// right; vertical text by column, top to bottom (or bottom to top). With
/// `tabs`, a gap wider than two characters becomes a TAB (a table without
/// borders).
fn lines(glyphs: &[&Glyph], tabs: bool) -> Vec<Line> {
    let mut out = Vec::new();
    let (mut hor, mut ver): (Vec<&Glyph>, Vec<&Glyph>) =
        glyphs.iter().partition(|g| g.dir == Dir::Horizontal);
    hor.sort_by(|a, b| b.y.total_cmp(&a.y).then(a.x.total_cmp(&b.x)));
    let mut current: Vec<&Glyph> = Vec::new();
    let mut base = 0.0f32;
    for g in hor {
        let tolerance = 0.5 * g.size.max(current.first().map_or(0.0, |c| c.size));
        if !current.is_empty() && (base - g.y).abs() > tolerance {
            out.push(horizontal_line(&mut current, tabs));
        }
        if current.is_empty() {
            base = g.y;
        }
        current.push(g);
    }
    if !current.is_empty() {
        out.push(horizontal_line(&mut current, tabs));
    }
    // Vertical text: columns by x, then runs by y.
    ver.sort_by(|a, b| a.x.total_cmp(&b.x).then(b.y.total_cmp(&a.y)));
    let mut column: Vec<&Glyph> = Vec::new();
    for g in ver {
        if let Some(first) = column.first() {
            if (first.x - g.x).abs() > 0.5 * g.size {
                out.push(vertical_line(&mut column));
            }
        }
        column.push(g);
    }
    if !column.is_empty() {
        out.push(vertical_line(&mut column));
    }
    out.sort_by(|a, b| b.y.total_cmp(&a.y).then(a.left.total_cmp(&b.left)));
    out
}

fn horizontal_line(glyphs: &mut Vec<&Glyph>, tabs: bool) -> Line {
    glyphs.sort_by(|a, b| a.x.total_cmp(&b.x));
    let size = glyphs.iter().map(|g| g.size).fold(0.0, f32::max);
    let mut text = String::new();
    let mut prev: Option<&Glyph> = None;
    for g in glyphs.iter() {
        if let Some(p) = prev {
            // A glyph drawn twice over itself (fake bold).
            if p.text == g.text && (g.x - p.x).abs() < 0.2 * g.size.max(0.1) {
                continue;
            }
            let gap = g.x - (p.x + p.w);
            if tabs && gap > 2.0 * size {
                let trimmed = text.trim_end().len();
                text.truncate(trimmed);
                text.push('\t');
            } else if gap > 0.25 * size && !text.ends_with([' ', '\t']) && g.text != " " {
                text.push(' ');
            }
        }
        if !(g.text == " " && text.ends_with([' ', '\t'])) {
            text.push_str(&g.text);
        }
        prev = Some(g);
    }
    let line = Line {
        y: glyphs[0].y,
        left: glyphs[0].x,
        right: glyphs.last().map_or(0.0, |g| g.x + g.w),
        size,
        text: text.trim().to_string(),
    };
    glyphs.clear();
    line
}

fn vertical_line(glyphs: &mut Vec<&Glyph>) -> Line {
    let up = glyphs.iter().filter(|g| g.dir == Dir::Up).count() * 2 > glyphs.len();
    if up {
        glyphs.sort_by(|a, b| a.y.total_cmp(&b.y));
    } else {
        glyphs.sort_by(|a, b| b.y.total_cmp(&a.y));
    }
    let size = glyphs.iter().map(|g| g.size).fold(0.0, f32::max);
    let text: String = glyphs.iter().map(|g| g.text.as_str()).collect();
    let top = glyphs.iter().map(|g| g.y).fold(f32::MIN, f32::max);
    let line = Line {
        y: top,
        left: glyphs[0].x - size / 2.0,
        right: glyphs[0].x + size / 2.0,
        size,
        text: text.split_whitespace().collect::<Vec<_>>().join(""),
    };
    glyphs.clear();
    line
}

/// Joins a cell's printed lines as wrapped Chinese text: without a
/// separator, except a space between two ASCII letters or digits.
fn join_lines(lines: &[Line]) -> String {
    let mut out = String::new();
    for l in lines {
        if l.text.is_empty() {
            continue;
        }
        if let (Some(a), Some(b)) = (out.chars().last(), l.text.chars().next()) {
            if a.is_ascii_alphanumeric() && b.is_ascii_alphanumeric() {
                out.push(' ');
            }
        }
        out.push_str(&l.text);
    }
    out
}

// ---------------------------------------------------------------- tables

/// A table's grid: the rules' distinct positions, and which slots merge
/// into one cell (no border between them).
struct Grid {
    /// Ascending.
    xs: Vec<f32>,
    /// Descending (top first).
    ys: Vec<f32>,
    /// The cell (its top-left slot) of each slot, row-major.
    root: Vec<usize>,
    /// Slots with neither a right nor a bottom border: at the end of a row,
    /// grid positions where no cell is drawn (a row that ends early).
    open: Vec<bool>,
}

impl Grid {
    fn cols(&self) -> usize {
        self.xs.len() - 1
    }

    /// The name of each column in header rows `rows`: the text of the lowest
    /// cell over the column, when it is short.
    fn names(&self, text: &[String], rows: std::ops::Range<usize>) -> Vec<Option<String>> {
        let cols = self.cols();
        (0..cols)
            .map(|c| {
                rows.clone().rev().find_map(|r| {
                    let t = &text[self.root[r * cols + c]];
                    let n = t.chars().filter(|ch| !ch.is_whitespace()).count();
                    (n > 0 && n <= MAX_HEADER_CHARS).then(|| t.split_whitespace().collect())
                })
            })
            .collect()
    }

    fn slot(&self, x: f32, y: f32) -> Option<usize> {
        let c = self.xs.windows(2).position(|w| w[0] <= x && x < w[1])?;
        let r = self.ys.windows(2).position(|w| w[0] >= y && y > w[1])?;
        Some(r * self.cols() + c)
    }

    fn piece(&self, cells: &[Vec<&Glyph>]) -> Piece {
        let cols = self.cols();
        let rows_n = self.ys.len() - 1;
        let text: Vec<String> = cells.iter().map(|g| join_lines(&lines(g, false))).collect();
        let mut rows = Vec::with_capacity(rows_n);
        for r in 0..rows_n {
            // Positions at the end of the row where no cell is drawn.
            let drawn = (0..cols)
                .rev()
                .find(|&c| {
                    let s = r * cols + c;
                    !self.open[s] || (self.root[s] == s && !text[s].trim().is_empty())
                })
                .map_or(0, |c| c + 1);
            let row: Vec<String> = (0..drawn)
                .map(|c| {
                    let s = r * cols + c;
                    if self.root[s] == s {
                        text[s].clone()
                    } else {
                        String::new()
                    }
                })
                .collect();
            rows.push(row);
        }
        let header_rows = rows
            .iter()
            .position(|row| row.iter().any(|c| is_number(c)))
            .unwrap_or(0);
        // Each run of rows without numbers before rows with numbers is a
        // header: the columns below are named by it.
        let mut headers = vec![None; rows_n];
        let mut run_start = 0;
        for r in 0..rows_n {
            if !rows[r].iter().any(|c| is_number(c)) {
                continue;
            }
            if run_start < r {
                headers[r] = Some(self.names(&text, run_start..r));
            }
            run_start = r + 1;
        }
        Piece {
            top: self.ys[0],
            xs: self.xs.clone(),
            rows,
            headers,
            header_rows,
        }
    }
}

fn is_number(s: &str) -> bool {
    let t = s.trim();
    !t.is_empty()
        && t.chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
}

/// Merges rules that continue each other (same position, touching).
fn merge(mut rules: Vec<Rule>) -> Vec<Rule> {
    rules.sort_by(|a, b| a.pos.total_cmp(&b.pos).then(a.from.total_cmp(&b.from)));
    let mut out: Vec<Rule> = Vec::new();
    for r in rules {
        // The last merged rule at (about) this position that r touches.
        let hit = out.iter_mut().rev().take(8).find(|o| {
            (o.pos - r.pos).abs() < 1.0 && r.from <= o.to + SNAP && o.from <= r.to + SNAP
        });
        match hit {
            Some(o) => {
                o.from = o.from.min(r.from);
                o.to = o.to.max(r.to);
            }
            None => out.push(r),
        }
    }
    out
}

/// Positions closer than `SNAP` become one (their mean).
fn cluster(mut v: Vec<f32>) -> Vec<f32> {
    v.sort_by(f32::total_cmp);
    let mut out: Vec<(f32, usize)> = Vec::new();
    for x in v {
        match out.last_mut() {
            Some((m, n)) if x - *m / *n as f32 <= SNAP => {
                *m += x;
                *n += 1;
            }
            _ => out.push((x, 1)),
        }
    }
    out.into_iter().map(|(m, n)| m / n as f32).collect()
}

fn find(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

/// The tables drawn on a page: groups of horizontal and vertical rules that
/// touch each other.
fn grids(rules: &[Rule]) -> Vec<Grid> {
    let (h, v): (Vec<Rule>, Vec<Rule>) = rules.iter().partition(|r| r.horizontal);
    let mut h = merge(h);
    let mut v = merge(v);
    h.truncate(MAX_RULES);
    v.truncate(MAX_RULES);
    let n = h.len() + v.len();
    let mut parent: Vec<usize> = (0..n).collect();
    for (i, a) in h.iter().enumerate() {
        for (j, b) in v.iter().enumerate() {
            let touch = b.pos >= a.from - SNAP
                && b.pos <= a.to + SNAP
                && a.pos >= b.from - SNAP
                && a.pos <= b.to + SNAP;
            if touch {
                let (x, y) = (find(&mut parent, i), find(&mut parent, h.len() + j));
                parent[x] = y;
            }
        }
    }
    let mut groups: std::collections::BTreeMap<usize, (Vec<Rule>, Vec<Rule>)> =
        std::collections::BTreeMap::new();
    for i in 0..n {
        let root = find(&mut parent, i);
        let e = groups.entry(root).or_default();
        if i < h.len() {
            e.0.push(h[i]);
        } else {
            e.1.push(v[i - h.len()]);
        }
    }
    groups
        .into_values()
        .filter_map(|(h, v)| grid(&h, &v))
        .collect()
}

fn grid(h: &[Rule], v: &[Rule]) -> Option<Grid> {
    if h.len() < 2 || v.len() < 2 {
        return None;
    }
    let xs = cluster(v.iter().map(|r| r.pos).collect());
    let mut ys = cluster(h.iter().map(|r| r.pos).collect());
    ys.reverse();
    let (cols, rows) = (xs.len().checked_sub(1)?, ys.len().checked_sub(1)?);
    if cols == 0 || rows == 0 || cols > MAX_COLUMNS || rows > MAX_ROWS {
        return None;
    }
    // The rules at each grid line (so that each slot looks at a few).
    let at_line = |rules: &[Rule], lines: &[f32]| -> Vec<Vec<Rule>> {
        let mut out = vec![Vec::new(); lines.len()];
        for r in rules {
            if let Some(k) = lines.iter().position(|p| (r.pos - p).abs() < SNAP) {
                out[k].push(*r);
            }
        }
        out
    };
    let v_at = at_line(v, &xs);
    let h_at = at_line(h, &ys);
    let covers =
        |rules: &[Rule], t: f32| rules.iter().any(|r| r.from - 1.0 <= t && t <= r.to + 1.0);
    let mut parent: Vec<usize> = (0..rows * cols).collect();
    let mut open = vec![false; rows * cols];
    for r in 0..rows {
        let ym = (ys[r] + ys[r + 1]) / 2.0;
        for c in 0..cols {
            let xm = (xs[c] + xs[c + 1]) / 2.0;
            let s = r * cols + c;
            let right = covers(&v_at[c + 1], ym);
            let below = covers(&h_at[r + 1], xm);
            open[s] = !right && !below;
            if c + 1 < cols && !right {
                let (a, b) = (find(&mut parent, s), find(&mut parent, s + 1));
                parent[a.max(b)] = a.min(b);
            }
            if r + 1 < rows && !below {
                let (a, b) = (find(&mut parent, s), find(&mut parent, s + cols));
                parent[a.max(b)] = a.min(b);
            }
        }
    }
    // Roots are the smallest slot of each cell: its first row, leftmost.
    let root = (0..rows * cols).map(|s| find(&mut parent, s)).collect();
    Some(Grid { xs, ys, root, open })
}

// ---------------------------------------------------------------- pages

/// Page numbers ("- 3 -", "第3页", "3/12") and running headers or footers
/// (the same line in the top or bottom margin of most pages) are dropped.
fn drop_running_lines(pages: &[Page], laid: &mut [Vec<Block>]) {
    let margin = |p: &Page, l: &Line| {
        let h = if p.height > 0.0 { p.height } else { 842.0 };
        l.y > h * 0.90 || l.y < h * 0.12
    };
    let key = |l: &Line| -> String {
        l.text
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| if c.is_ascii_digit() { '#' } else { c })
            .collect()
    };
    let mut counts: std::collections::HashMap<String, usize> = Default::default();
    for (p, blocks) in pages.iter().zip(laid.iter()) {
        let mut seen = std::collections::HashSet::new();
        for b in blocks {
            if let Block::Line(l) = b {
                if margin(p, l) && seen.insert(key(l)) {
                    *counts.entry(key(l)).or_default() += 1;
                }
            }
        }
    }
    let many = pages.len() >= 3;
    for (p, blocks) in pages.iter().zip(laid.iter_mut()) {
        blocks.retain(|b| match b {
            Block::Line(l) => {
                !(margin(p, l)
                    && (is_page_number(&l.text)
                        || (many && counts.get(&key(l)).is_some_and(|n| *n * 2 > pages.len()))))
            }
            Block::Table(_) => true,
        });
    }
}

fn is_page_number(s: &str) -> bool {
    let t: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    if t.is_empty() || t.chars().count() > 16 {
        return false;
    }
    let digits = t.chars().filter(char::is_ascii_digit).count();
    let rest = t
        .chars()
        .filter(|c| !c.is_ascii_digit())
        .all(|c| "-—–_·.第页共/|PpageofＰ—".contains(c));
    digits > 0 && rest
}

// ---------------------------------------------------------------- text

/// Whether `next` continues the paragraph of `prev` (on the same page or the
/// next): `prev` fills the measure, `next` is not indented, nothing between.
fn continues(prev: &Line, next: &Line, measure: (f32, f32), same_page: bool) -> bool {
    let (left, right) = measure;
    let size = prev.size.max(1.0);
    prev.right >= right - 1.5 * size
        && next.left <= left + 0.6 * size
        && !starts_heading(&next.text)
        && (prev.size - next.size).abs() < 0.2 * size
        && !prev.text.contains('\t')
        && !next.text.contains('\t')
        && (!same_page || prev.y - next.y <= 2.2 * size)
}

/// Whether `next` continues a title of several centred lines (the title
/// block at the top of the first page).
fn title_continues(prev: &Line, next: &Line, measure: (f32, f32), body: f32) -> bool {
    let centre = (measure.0 + measure.1) / 2.0;
    let size = prev.size.max(1.0);
    // Larger than the body text: a title set in its own size.
    let large = |l: &Line| l.size > 1.15 * body;
    let width = measure.1 - measure.0;
    let centred = |l: &Line| {
        ((l.left + l.right) / 2.0 - centre).abs() < 1.5 * size && l.right - l.left < 0.9 * width
    };
    ((centred(prev) && centred(next)) || (large(prev) && large(next)))
        && (prev.size - next.size).abs() < 0.2 * size
        && prev.y - next.y <= 2.2 * size
        && !prev.text.ends_with(['。', '：', ':'])
        && !starts_heading(&next.text)
}

/// The size of most of a page's text.
fn body_size(blocks: &[Block]) -> f32 {
    let mut sizes: Vec<f32> = blocks
        .iter()
        .filter_map(|b| match b {
            Block::Line(l) => Some(l.size),
            Block::Table(_) => None,
        })
        .collect();
    sizes.sort_by(f32::total_cmp);
    sizes.get(sizes.len() / 2).copied().unwrap_or(0.0)
}

/// Whether a line starts with a heading's numbering: "二、", "（三）".
fn starts_heading(text: &str) -> bool {
    const NUMERALS: &str = "一二三四五六七八九十";
    let t = text.trim_start();
    let t = t.strip_prefix(['（', '(']).unwrap_or(t);
    let mut chars = t.chars();
    chars.next().is_some_and(|c| NUMERALS.contains(c))
        && chars
            .find(|c| !NUMERALS.contains(*c))
            .is_some_and(|c| matches!(c, '、' | '）' | ')'))
}

/// The left and right edges of a page's text: its widest lines.
fn measure(blocks: &[Block]) -> (f32, f32) {
    let mut left = f32::MAX;
    let mut right = f32::MIN;
    for b in blocks {
        if let Block::Line(l) = b {
            if l.text.chars().count() >= 8 {
                left = left.min(l.left);
                right = right.max(l.right);
            }
        }
    }
    if left > right {
        (0.0, 0.0)
    } else {
        (left, right)
    }
}

/// A table being written: it may continue on the next page.
struct Open {
    number: usize,
    rows: usize,
    xs: Vec<f32>,
    /// Its header rows as first printed (to drop them when repeated).
    head: Vec<Vec<String>>,
    /// The column names in force.
    names: Vec<Option<String>>,
    /// The last row, held back: the next page may hold the rest of it.
    pending: Option<(usize, Vec<String>)>,
}

impl Open {
    fn flush(&mut self, b: &mut Builder) {
        if let Some((page, row)) = self.pending.take() {
            self.rows += 1;
            // Names only from a header that names every column with a number
            // in this row (a header of another table above is not).
            let named = row
                .iter()
                .enumerate()
                .all(|(c, t)| !is_number(t) || self.names.get(c).is_some_and(Option::is_some));
            let names: &[Option<String>] = if named { &self.names } else { &[] };
            b.page_row(page, self.number, self.rows, &row, names);
        }
    }

    fn push(
        &mut self,
        b: &mut Builder,
        page: usize,
        row: &[String],
        names: &Option<Vec<Option<String>>>,
        page_break: bool,
    ) {
        if let Some((_, prev)) = self.pending.as_mut().filter(|_| page_break) {
            if row_continues(prev, row) {
                for (p, n) in prev.iter_mut().zip(row) {
                    *p = join_lines(&[line_of(p), line_of(n)]);
                }
                return;
            }
        }
        self.flush(b);
        if let Some(n) = names {
            self.names = n.clone();
        }
        self.pending = Some((page, row.to_vec()));
    }
}

fn line_of(text: &str) -> Line {
    Line {
        y: 0.0,
        left: 0.0,
        right: 0.0,
        size: 0.0,
        text: text.to_string(),
    }
}

/// Whether the first row of a table's part on a new page is the rest of the
/// last row of the page before (a row broken across the page): in each
/// column one of them is empty or both are text (a label wrapped over the
/// break), and its label does not start a row of its own.
fn row_continues(prev: &[String], next: &[String]) -> bool {
    let empty = |s: &String| s.trim().is_empty();
    prev.len() == next.len()
        && prev
            .iter()
            .zip(next)
            .all(|(a, b)| empty(a) || empty(b) || (!is_number(a) && !is_number(b)))
        && next
            .iter()
            .find(|c| !c.trim().is_empty())
            .is_some_and(|c| !is_number(c) && !starts_label(c))
}

/// Whether a cell starts with a row label's numbering: "一、", "（三）", "(3)",
/// "2.", "2、".
fn starts_label(cell: &str) -> bool {
    let mut chars = cell.trim_start().chars();
    match chars.next() {
        Some('（' | '(') => true,
        Some(c) if c.is_ascii_digit() => true,
        Some(c) if "一二三四五六七八九十".contains(c) => {
            chars.find(|c| !"一二三四五六七八九十".contains(*c)) == Some('、')
        }
        _ => false,
    }
}

fn emit(laid: &[Vec<Block>]) -> Document {
    let mut b = Builder::default();
    let mut paragraph: Vec<(usize, usize, String)> = Vec::new();
    let mut prev_line: Option<(Line, (f32, f32))> = None;
    let mut table: Option<Open> = None;
    // Still in the title block at the top of the first page.
    let mut in_title = true;
    for (p, blocks) in laid.iter().enumerate() {
        let page = p + 1;
        let m = measure(blocks);
        let body = body_size(blocks);
        let mut line_no = 0;
        for (k, block) in blocks.iter().enumerate() {
            match block {
                Block::Line(l) => {
                    if let Some(mut t) = table.take() {
                        t.flush(&mut b);
                    }
                    line_no += 1;
                    let joins = !paragraph.is_empty()
                        && prev_line.as_ref().is_some_and(|(pl, pm)| {
                            let same = paragraph.last().is_some_and(|x| x.0 == page);
                            continues(pl, l, if same { m } else { *pm }, same)
                                || (in_title && title_continues(pl, l, m, body))
                        });
                    if !joins {
                        in_title &= paragraph.is_empty();
                        flush(&mut b, &mut paragraph);
                    }
                    paragraph.push((page, line_no, l.text.clone()));
                    prev_line = Some((l.clone(), m));
                }
                Block::Table(t) => {
                    in_title = false;
                    flush(&mut b, &mut paragraph);
                    prev_line = None;
                    table = Some(table_piece(
                        &mut b,
                        table.take().filter(|_| k == 0),
                        t,
                        page,
                    ));
                }
            }
        }
    }
    flush(&mut b, &mut paragraph);
    if let Some(mut t) = table {
        t.flush(&mut b);
    }
    b.finish()
}

/// Writes a table's part: joined to `open` (the table the page before ended
/// with) when it continues it, else a new table.
fn table_piece(b: &mut Builder, open: Option<Open>, t: &Piece, page: usize) -> Open {
    let close = |a: &f32, c: &f32| (a - c).abs() < 3.0;
    let same_grid =
        |o: &Open| o.xs.len() == t.xs.len() && o.xs.iter().zip(&t.xs).all(|(a, c)| close(a, c));
    // The same outer edges: a table whose columns change between its parts.
    let same_frame = |o: &Open| {
        o.xs.first()
            .zip(t.xs.first())
            .is_some_and(|(a, c)| close(a, c))
            && o.xs
                .last()
                .zip(t.xs.last())
                .is_some_and(|(a, c)| close(a, c))
    };
    let head = t.rows[..t.header_rows].to_vec();
    let mut skip = 0;
    let mut open = match open {
        Some(mut o) if same_grid(&o) || same_frame(&o) => {
            if same_grid(&o) {
                if t.header_rows > 0 && o.head == head {
                    skip = t.header_rows; // a header repeated on the new page
                }
            } else {
                o.flush(b);
                o.xs = t.xs.clone();
                o.head = head;
            }
            o
        }
        other => {
            if let Some(mut o) = other {
                o.flush(b);
            }
            Open {
                number: b.table(),
                rows: 0,
                xs: t.xs.clone(),
                head,
                names: Vec::new(),
                pending: None,
            }
        }
    };
    for (k, (row, names)) in t.rows.iter().zip(&t.headers).enumerate().skip(skip) {
        open.push(b, page, row, names, k == skip);
    }
    open
}

fn flush(b: &mut Builder, paragraph: &mut Vec<(usize, usize, String)>) {
    if !paragraph.is_empty() {
        b.page_paragraph(paragraph);
        paragraph.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(x: f32, y: f32, t: &str) -> Glyph {
        Glyph {
            x,
            y,
            w: 10.0,
            size: 10.0,
            text: t.to_string(),
            dir: Dir::Horizontal,
        }
    }

    fn rule(horizontal: bool, pos: f32, from: f32, to: f32) -> Rule {
        Rule {
            horizontal,
            pos,
            from,
            to,
        }
    }

    #[test]
    fn page_numbers() {
        for s in ["- 3 -", "—3—", "第 3 页", "3/12", "第3页 共5页", "12"] {
            assert!(is_page_number(s), "{s}");
        }
        for s in ["2024年", "一、总体情况", "-", "表3"] {
            assert!(!is_page_number(s), "{s}");
        }
    }

    #[test]
    fn lines_by_baseline_and_gaps() {
        let a = [
            g(20.0, 100.0, "本"),
            g(10.0, 100.5, "年"),
            g(60.0, 100.0, "5"),
            g(10.0, 80.0, "下"),
        ];
        let refs: Vec<&Glyph> = a.iter().collect();
        let got: Vec<String> = lines(&refs, true).into_iter().map(|l| l.text).collect();
        assert_eq!(got, ["年本\t5", "下"]);
    }

    #[test]
    fn merged_cells_from_missing_borders() {
        // Two rows, three columns; the first column's cell spans both rows
        // (no border between them).
        let rules = vec![
            rule(true, 100.0, 0.0, 90.0),
            rule(true, 80.0, 30.0, 90.0),
            rule(true, 60.0, 0.0, 90.0),
            rule(false, 0.0, 60.0, 100.0),
            rule(false, 30.0, 60.0, 100.0),
            rule(false, 60.0, 60.0, 100.0),
            rule(false, 90.0, 60.0, 100.0),
        ];
        let gs = grids(&rules);
        assert_eq!(gs.len(), 1);
        let page = Page {
            height: 200.0,
            glyphs: vec![
                g(5.0, 70.0, "合"),
                g(15.0, 70.0, "计"),
                g(35.0, 85.0, "甲"),
                g(65.0, 85.0, "1"),
                g(35.0, 65.0, "乙"),
                g(65.0, 65.0, "2"),
            ],
            rules,
            ..Page::default()
        };
        let d = document(&[page]);
        assert_eq!(d.text, "合计\t甲\t1\n\t乙\t2\n");
    }
}
