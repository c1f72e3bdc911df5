//! The report text built from a document, and the map from its byte offsets
//! back to places in the document ("第3个表格 第5行 第2列", "第12段「…」").

use super::{InputError, Limits};
use crate::analysis::config::Lang;
use crate::tr;

/// A place in the original document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Place {
    /// A table cell. `table` counts the document's (data) tables in order;
    /// `row` counts the table's rows; `column` is the position in the table's
    /// grid (merged cells counted as the columns they cover). All 1-based.
    Cell {
        table: usize,
        row: usize,
        column: usize,
    },
    /// A paragraph outside tables: `index` counts the non-empty paragraphs
    /// (1-based); `preview` is its first words.
    Paragraph { index: usize, preview: String },
    /// A table cell of a PDF: the page it is printed on, the document table
    /// (a table continued on the next page keeps its number and its row
    /// count), the row, the grid column and the column's name from the
    /// table's header rows ("总计"), when it has a short one.
    PageCell {
        page: usize,
        table: usize,
        row: usize,
        column: usize,
        header: Option<String>,
    },
    /// A printed line of text outside tables in a PDF: its page, its number
    /// among the page's lines of text (table rows, page numbers and running
    /// headers not counted), its first words.
    PageLine {
        page: usize,
        line: usize,
        preview: String,
    },
}

impl Place {
    /// The place as the user reads it, e.g. "第3个表格 第5行 第2列". `report_table`
    /// names the report's table (表二/表三/表四) that a document table holds;
    /// without it the table is named by its order ("第2个表格").
    pub fn describe(
        &self,
        report_table: Option<crate::analysis::format::TableId>,
        lang: Lang,
    ) -> String {
        match self {
            Place::Cell { table, row, column } => match report_table {
                Some(t) => tr!(
                    lang,
                    format!("{} 第{row}行 第{column}列", t.name_zh()),
                    format!("{}, row {row}, column {column}", t.name_en())
                ),
                None => tr!(
                    lang,
                    format!("第{table}个表格 第{row}行 第{column}列"),
                    format!("table #{table} of the document, row {row}, column {column}")
                ),
            },
            Place::Paragraph { index, preview } => tr!(
                lang,
                format!("第{index}段「{preview}」"),
                format!("paragraph {index} “{preview}”")
            ),
            Place::PageCell {
                page,
                table,
                row,
                column,
                header,
            } => {
                let table = match report_table {
                    Some(t) => tr!(lang, t.name_zh().to_string(), t.name_en().to_string()),
                    None => tr!(
                        lang,
                        format!("第{table}个表格"),
                        format!("table #{table} of the document")
                    ),
                };
                let column = match header {
                    Some(h) => tr!(lang, format!("{h}列"), format!("column “{h}”")),
                    None => tr!(lang, format!("第{column}列"), format!("column {column}")),
                };
                tr!(
                    lang,
                    format!("第{page}页 {table} 第{row}行 {column}"),
                    format!("page {page}, {table}, row {row}, {column}")
                )
            }
            Place::PageLine {
                page,
                line,
                preview,
            } => tr!(
                lang,
                format!("第{page}页 第{line}行「{preview}」"),
                format!("page {page}, line {line} “{preview}”")
            ),
        }
    }

    /// The page of a place in a PDF.
    pub fn page(&self) -> Option<usize> {
        match self {
            Place::PageCell { page, .. } | Place::PageLine { page, .. } => Some(*page),
            _ => None,
        }
    }
}

/// From byte offsets of a document's report text to places in the document.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PositionMap {
    /// Sorted by start offset: each place covers its text up to the next start.
    segments: Vec<(usize, Place)>,
}

impl PositionMap {
    /// The place the byte at `offset` came from (an offset between two places
    /// belongs to the one before it). `None` only for an empty document.
    pub fn place(&self, offset: usize) -> Option<&Place> {
        let i = self.segments.partition_point(|(s, _)| *s <= offset);
        let i = i.saturating_sub(1);
        self.segments.get(i).map(|(_, p)| p)
    }

    /// The place of `offset` as the user reads it; `report` names document
    /// tables after the report tables they hold.
    pub fn describe(
        &self,
        offset: usize,
        report: Option<&crate::analysis::model::Report>,
        lang: Lang,
    ) -> String {
        use crate::analysis::format::TableId;
        const TABLES: [TableId; 3] = [TableId::T2, TableId::T3, TableId::T4];
        let inside = |r: &crate::analysis::model::Report, t: TableId, o: usize| {
            r.table_span(t).is_some_and(|s| s.start <= o && o <= s.end)
        };
        let mut table = report.and_then(|r| TABLES.into_iter().find(|t| inside(r, *t, offset)));
        // A document table that holds more than one report table keeps its own
        // number, so that its row numbers stay right.
        let doc_table = |p: &Place| match p {
            Place::Cell { table, .. } | Place::PageCell { table, .. } => Some(*table),
            _ => None,
        };
        if let (Some(r), Some(t), Some(k)) = (report, table, self.place(offset).and_then(doc_table))
        {
            let shared = self.segments.iter().any(|(o, p)| {
                doc_table(p) == Some(k) && TABLES.into_iter().any(|u| u != t && inside(r, u, *o))
            });
            if shared {
                table = None;
            }
        }
        match self.place(offset) {
            Some(p) => p.describe(table, lang),
            None => tr!(lang, "文档开头", "start of the document").to_string(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.segments.is_empty()
    }

    /// The number of places (paragraphs and table cells).
    pub fn len(&self) -> usize {
        self.segments.len()
    }
}

/// Chinese numerals for table numbers: 一 … 十 … 九十九; larger as digits.
pub fn chinese_number(n: usize) -> String {
    const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => DIGITS[n].to_string(),
        10..=19 => format!("十{}", if n == 10 { "" } else { DIGITS[n - 10] }),
        20..=99 => format!(
            "{}十{}",
            DIGITS[n / 10],
            if n % 10 == 0 { "" } else { DIGITS[n % 10] }
        ),
        _ => n.to_string(),
    }
}

/// How many characters of a paragraph its preview shows.
const PREVIEW_CHARS: usize = 12;

/// Builds the report text and its map, one paragraph or table row at a time,
/// within the `text` and `cells` limits (an error once one is passed).
#[derive(Debug, Default)]
pub(crate) struct Builder {
    text: String,
    segments: Vec<(usize, Place)>,
    paragraphs: usize,
    tables: usize,
    /// Table cells (grid positions) so far.
    cells: usize,
    limits: Limits,
}

impl Builder {
    pub fn new(limits: &Limits) -> Builder {
        Builder {
            limits: *limits,
            ..Builder::default()
        }
    }

    /// The text's length so far against the `text` limit.
    fn check(&self) -> Result<(), InputError> {
        self.limits.check_text(self.text.len())
    }

    /// Adds a paragraph. Line breaks inside it (`\n`) stay line breaks, tabs stay
    /// tabs (a paragraph laid out with tabs is a table to the parser); an empty
    /// paragraph becomes a blank line and is not counted. Returns the range of
    /// the paragraph's text (`None` for a blank line), or the `text` limit's error.
    pub fn paragraph(&mut self, text: &str) -> Result<Option<std::ops::Range<usize>>, InputError> {
        let text: String = text.chars().filter(|c| *c != '\r').collect();
        if text.trim().is_empty() {
            self.text.push('\n');
            self.check()?;
            return Ok(None);
        }
        self.paragraphs += 1;
        self.segments.push((
            self.text.len(),
            Place::Paragraph {
                index: self.paragraphs,
                preview: preview(&text),
            },
        ));
        let start = self.text.len();
        self.text.push_str(&text);
        self.text.push('\n');
        self.check()?;
        Ok(Some(start..start + text.len()))
    }

    /// Counts `n` table cells that are not positions of a row's grid (cells
    /// past the widest grid, read into its last column).
    pub fn count_cells(&mut self, n: usize) -> Result<(), InputError> {
        self.cells = self.cells.saturating_add(n);
        self.limits.check_cells(self.cells)
    }

    /// The length of the text so far: where the next line starts.
    pub fn len(&self) -> usize {
        self.text.len()
    }

    /// Starts a new table; returns its number.
    pub fn table(&mut self) -> usize {
        self.tables += 1;
        self.tables
    }

    /// Adds a table row: one line, cells joined by TAB. `cells` are the row's
    /// grid positions in order (covered positions of merged cells as empty
    /// strings); a cell's own line breaks are joined (see [`join_cell_lines`]).
    /// Returns the range of each grid position's text, or the `cells` or
    /// `text` limit's error.
    pub fn row(
        &mut self,
        table: usize,
        row: usize,
        cells: &[String],
    ) -> Result<Vec<std::ops::Range<usize>>, InputError> {
        self.cells = self.cells.saturating_add(cells.len());
        self.limits.check_cells(self.cells)?;
        let mut ranges = Vec::with_capacity(cells.len());
        for (i, cell) in cells.iter().enumerate() {
            if i > 0 {
                self.text.push('\t');
            }
            self.segments.push((
                self.text.len(),
                Place::Cell {
                    table,
                    row,
                    column: i + 1,
                },
            ));
            let start = self.text.len();
            self.text.push_str(&join_cell_lines(cell));
            ranges.push(start..self.text.len());
        }
        self.text.push('\n');
        self.check()?;
        Ok(ranges)
    }

    /// Adds a paragraph of a PDF from its printed lines (page, line number on
    /// the page, text), joined as wrapped Chinese text; each line keeps its
    /// own place.
    pub fn page_paragraph(&mut self, lines: &[(usize, usize, String)]) {
        let mut any = false;
        for (page, line, text) in lines {
            let text = text.trim();
            if text.is_empty() {
                continue;
            }
            if let (Some(a), Some(b)) = (self.text.chars().last(), text.chars().next()) {
                if any && a.is_ascii_alphanumeric() && b.is_ascii_alphanumeric() {
                    self.text.push(' ');
                }
            }
            self.segments.push((
                self.text.len(),
                Place::PageLine {
                    page: *page,
                    line: *line,
                    preview: preview(text),
                },
            ));
            self.text.push_str(text);
            any = true;
        }
        if any {
            self.text.push('\n');
        }
    }

    /// Adds a table row of a PDF (cells as in [`Builder::row`]); `headers`
    /// names the grid columns.
    pub fn page_row(
        &mut self,
        page: usize,
        table: usize,
        row: usize,
        cells: &[String],
        headers: &[Option<String>],
    ) {
        for (i, cell) in cells.iter().enumerate() {
            if i > 0 {
                self.text.push('\t');
            }
            self.segments.push((
                self.text.len(),
                Place::PageCell {
                    page,
                    table,
                    row,
                    column: i + 1,
                    header: headers.get(i).cloned().flatten(),
                },
            ));
            self.text.push_str(&join_cell_lines(cell));
        }
        self.text.push('\n');
    }

    pub fn finish(self) -> super::Document {
        super::Document {
            text: self.text,
            map: PositionMap {
                segments: self.segments,
            },
        }
    }
}

/// The first words of a paragraph, whitespace collapsed, "…" when cut (read
/// lazily: a paragraph may be megabytes long).
fn preview(text: &str) -> String {
    let mut flat = text
        .split_whitespace()
        .flat_map(|w| std::iter::once(' ').chain(w.chars()))
        .skip(1);
    let mut out: String = flat.by_ref().take(PREVIEW_CHARS).collect();
    if flat.next().is_some() {
        out.push('…');
    }
    out
}

/// A cell's text on one line: its lines (paragraphs, line breaks) joined without
/// a separator, as Chinese text wraps ("结果\n维持" is "结果维持"), except with a
/// space between two ASCII letters or digits ("12\n3" stays "12 3"); tabs become
/// spaces so that a cell never splits. Surrounding whitespace is trimmed.
pub fn join_cell_lines(cell: &str) -> String {
    let mut out = String::with_capacity(cell.len());
    for line in cell.split(['\n', '\r']) {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if let (Some(a), Some(b)) = (out.chars().last(), line.chars().next()) {
            if a.is_ascii_alphanumeric() && b.is_ascii_alphanumeric() {
                out.push(' ');
            }
        }
        out.push_str(line);
    }
    out.replace('\t', " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_chinese() {
        let got: Vec<String> = [1, 3, 10, 11, 20, 25, 99, 100]
            .into_iter()
            .map(chinese_number)
            .collect();
        assert_eq!(
            got,
            ["一", "三", "十", "十一", "二十", "二十五", "九十九", "100"]
        );
    }

    #[test]
    fn rows_and_paragraphs_map_back() {
        let mut b = Builder::default();
        b.paragraph("二、主动公开政府信息情况，这一段比较长")
            .unwrap();
        b.paragraph("   ").unwrap();
        let t = b.table();
        b.row(t, 1, &["信息内容".into(), "".into(), "结果\n维持".into()])
            .unwrap();
        let d = b.finish();
        assert_eq!(
            d.text,
            "二、主动公开政府信息情况，这一段比较长\n\n信息内容\t\t结果维持\n"
        );
        let at = |s: &str| d.map.describe(d.text.find(s).unwrap(), None, Lang::Zh);
        assert_eq!(at("主动"), "第1段「二、主动公开政府信息情况…」");
        assert_eq!(at("信息内容"), "第1个表格 第1行 第1列");
        assert_eq!(at("结果维持"), "第1个表格 第1行 第3列");
        // The empty second cell starts right after the first tab.
        let tab = d.text.find("\t\t").unwrap();
        assert_eq!(
            d.map.describe(tab + 1, None, Lang::Zh),
            "第1个表格 第1行 第2列"
        );
        // The tab itself and the line end belong to the cell before.
        assert_eq!(d.map.describe(tab, None, Lang::Zh), "第1个表格 第1行 第1列");
        assert_eq!(
            d.map.describe(d.text.len(), None, Lang::Zh),
            "第1个表格 第1行 第3列"
        );
        assert_eq!(
            d.map.describe(d.text.find("结果").unwrap(), None, Lang::En),
            "table #1 of the document, row 1, column 3"
        );
    }

    #[test]
    fn cell_lines_join_like_chinese_text() {
        assert_eq!(
            join_cell_lines(" 1.申请人无正当理由逾期不补正、\n行政机关 "),
            "1.申请人无正当理由逾期不补正、行政机关"
        );
        assert_eq!(join_cell_lines("12\n3"), "12 3");
        assert_eq!(join_cell_lines("a\tb"), "a b");
        assert_eq!(join_cell_lines("\n\n"), "");
    }

    #[test]
    fn text_and_cells_are_limited() {
        let limits = Limits {
            text: 10,
            cells: 3,
            ..Limits::default()
        };
        let mut b = Builder::new(&limits);
        b.paragraph("12345").unwrap();
        assert_eq!(
            b.paragraph("67890"),
            Err(InputError::TooLarge(super::super::Limit::Text, 10))
        );
        let mut b = Builder::new(&limits);
        let t = b.table();
        b.row(t, 1, &["".into(), "".into()]).unwrap();
        assert_eq!(
            b.row(t, 2, &["".into(), "".into()]),
            Err(InputError::TooLarge(super::super::Limit::Cells, 3))
        );
    }

    #[test]
    fn empty_document_has_a_place_too() {
        let d = Builder::default().finish();
        assert!(d.map.is_empty());
        assert_eq!(d.map.describe(0, None, Lang::En), "start of the document");
    }
}
