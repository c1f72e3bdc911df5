//! Published report pages (`.html`): the page's text and its tables, parsed by
//! html5ever (through `scraper`), the HTML parser of Servo.
//!
//! Block elements (`<p>`, `<div>`, headings, list items…) become paragraphs, one
//! line each, `<br>` a line break inside one. A data table becomes one line per
//! `<tr>`, its cells (`<td>`, `<th>`) joined by TAB and laid out on the table's
//! grid: a cell with `rowspan`/`colspan` puts its text at its first position
//! and empty cells at the positions it covers. A cell's own paragraphs and line
//! breaks are joined on one line. Whitespace collapses as a browser shows it;
//! `&nbsp;` is a space, so a cell holding only `&nbsp;` is empty.
//!
//! Layout tables (a table holding another table, or a single cell) are not data:
//! their cells are read as ordinary content and they are not counted as tables.
//!
//! The encoding: a byte-order mark, else `<meta charset>` (or `http-equiv`
//! `Content-Type`) in the page's head, else the detection of text files
//! (`decode`).
//!
//! Hostile pages are read in bounded time and memory (see `parse`): the tree
//! is kept within the `depth` limit as browsers do, the parser stops at the
//! `elements` limit, a tag's attributes past the 64th are dropped, and the
//! table grid is counted against `cells`.

use super::decode;
use super::limits::MAX_RECURSION;
use super::map::Builder;
use super::{Document, InputError, Limits};
use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE};
use scraper::{ElementRef, Node};

mod parse;

/// How far into the page a `<meta charset>` is looked for.
const CHARSET_SCAN_BYTES: usize = 4096;
/// Largest `colspan`/`rowspan` honoured (the HTML standard's limits).
const MAX_COLSPAN: usize = 1000;
const MAX_ROWSPAN: usize = 65534;
/// Widest table grid laid out; cells beyond are dropped into the last column.
const MAX_COLUMNS: usize = 1000;

/// Whether bytes look like the start of a web page.
pub fn looks_like_html(bytes: &[u8]) -> bool {
    let head = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    let start = head
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(head.len());
    let head = &head[start..head.len().min(start + 64)];
    let lower = head.to_ascii_lowercase();
    lower.starts_with(b"<!doctype html") || lower.starts_with(b"<html")
}

/// Converts a web page's bytes into report text and a position map, within
/// `limits`.
pub fn convert(bytes: &[u8], limits: &Limits) -> Result<Document, InputError> {
    limits.check_bytes(bytes.len() as u64)?;
    let page = decode_page(bytes)?;
    let html = parse::parse(&page, limits)?;
    drop(page);
    let mut w = Walker {
        b: Builder::new(limits),
        current: Inline::default(),
        max_depth: limits.depth.clamp(1, MAX_RECURSION),
    };
    w.flow(html.root_element(), 0)?;
    w.flush()?;
    Ok(w.b.finish())
}

/// The encoding a page declares in a `<meta>` tag near its start.
fn declared_encoding(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = bytes[..bytes.len().min(CHARSET_SCAN_BYTES)].to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = find(&head[from..], b"<meta") {
        let tag_start = from + i;
        let tag_end = find(&head[tag_start..], b">").map_or(head.len(), |e| tag_start + e);
        let tag = &head[tag_start..tag_end];
        if let Some(c) = find(tag, b"charset") {
            let rest = &tag[c + b"charset".len()..];
            let rest = trim_start(rest);
            if let Some(rest) = rest.strip_prefix(b"=") {
                let rest = trim_start(rest);
                let rest = rest
                    .strip_prefix(b"\"")
                    .or_else(|| rest.strip_prefix(b"'"))
                    .unwrap_or(rest);
                let end = rest
                    .iter()
                    .position(|b| !(b.is_ascii_alphanumeric() || b"-_:.".contains(b)))
                    .unwrap_or(rest.len());
                if let Some(enc) = Encoding::for_label(&rest[..end]) {
                    return Some(enc);
                }
            }
        }
        from = tag_end;
    }
    None
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn trim_start(b: &[u8]) -> &[u8] {
    let i = b
        .iter()
        .position(|c| !c.is_ascii_whitespace())
        .unwrap_or(b.len());
    &b[i..]
}

/// The page as text: a BOM decides, then the declared encoding, then detection.
fn decode_page(bytes: &[u8]) -> Result<String, InputError> {
    let has_bom = bytes.starts_with(&[0xEF, 0xBB, 0xBF])
        || bytes.starts_with(&[0xFF, 0xFE])
        || bytes.starts_with(&[0xFE, 0xFF]);
    if !has_bom && !bytes.contains(&0) {
        // A page declaring UTF-16 in <meta> is read as UTF-8 (HTML standard).
        if let Some(enc) = declared_encoding(bytes).filter(|e| *e != UTF_16LE && *e != UTF_16BE) {
            // Pages that say gb2312 but were saved as UTF-8 are common: valid
            // UTF-8 with non-ASCII text is not GBK text in practice.
            let enc = if enc != UTF_8 && !bytes.is_ascii() && std::str::from_utf8(bytes).is_ok() {
                UTF_8
            } else {
                enc
            };
            // Undecodable bytes show as U+FFFD, as a browser shows them.
            let (text, _) = enc.decode_without_bom_handling(bytes);
            return Ok(text.into_owned());
        }
    }
    Ok(decode::decode(bytes)?.text)
}

/// Elements that start and end a paragraph.
fn is_block(name: &str) -> bool {
    matches!(
        name,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "body"
            | "caption"
            | "center"
            | "dd"
            | "details"
            | "dialog"
            | "div"
            | "dl"
            | "dt"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "form"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "header"
            | "hgroup"
            | "hr"
            | "li"
            | "main"
            | "nav"
            | "ol"
            | "p"
            | "pre"
            | "section"
            | "summary"
            | "table"
            | "tbody"
            | "td"
            | "tfoot"
            | "th"
            | "thead"
            | "tr"
            | "ul"
    )
}

/// Elements whose content is not page text.
fn is_hidden(name: &str) -> bool {
    matches!(
        name,
        "head"
            | "script"
            | "style"
            | "noscript"
            | "template"
            | "iframe"
            | "object"
            | "select"
            | "svg"
            | "math"
            | "canvas"
            | "audio"
            | "video"
    )
}

/// Text as a browser lays it out: whitespace runs collapse to one space, none at
/// the start of a line; `&nbsp;` is a plain space.
#[derive(Debug, Default)]
struct Inline {
    text: String,
    pending_space: bool,
}

impl Inline {
    fn push_text(&mut self, s: &str, pre: bool) {
        for c in s.chars() {
            if pre {
                self.text.push(if c == '\u{a0}' { ' ' } else { c });
                continue;
            }
            if c.is_ascii_whitespace() {
                self.pending_space = true;
                continue;
            }
            if self.pending_space && !self.text.is_empty() && !self.text.ends_with('\n') {
                self.text.push(' ');
            }
            self.pending_space = false;
            self.text.push(if c == '\u{a0}' { ' ' } else { c });
        }
    }

    fn line_break(&mut self) {
        self.text.push('\n');
        self.pending_space = false;
    }

    /// The text, each line trimmed of spaces; empty lines dropped.
    fn take(&mut self) -> String {
        let lines: Vec<&str> = self
            .text
            .split('\n')
            .map(|l| l.trim_matches(' '))
            .filter(|l| !l.is_empty())
            .collect();
        let out = lines.join("\n");
        *self = Inline::default();
        out
    }
}

struct Walker {
    b: Builder,
    current: Inline,
    /// Deepest element nesting walked recursively; deeper content is read
    /// as text.
    max_depth: usize,
}

impl Walker {
    /// Ends the current paragraph.
    fn flush(&mut self) -> Result<(), InputError> {
        let text = self.current.take();
        if !text.is_empty() {
            self.b.paragraph(&text)?;
        }
        Ok(())
    }

    /// Reads an element's content as page flow: paragraphs and tables.
    fn flow(&mut self, el: ElementRef, depth: usize) -> Result<(), InputError> {
        for child in el.children() {
            match child.value() {
                Node::Text(t) => self.current.push_text(t, false),
                Node::Element(_) => {
                    let Some(e) = ElementRef::wrap(child) else {
                        continue;
                    };
                    let name = e.value().name();
                    if is_hidden(name) {
                        continue;
                    }
                    if depth >= self.max_depth {
                        self.current.push_text(&e.text().collect::<String>(), false);
                        continue;
                    }
                    match name {
                        "br" => self.current.line_break(),
                        "table" => self.table(e, depth + 1)?,
                        "pre" => {
                            self.flush()?;
                            self.current.push_text(&e.text().collect::<String>(), true);
                            self.flush()?;
                        }
                        _ if is_block(name) => {
                            self.flush()?;
                            self.flow(e, depth + 1)?;
                            self.flush()?;
                        }
                        _ => self.flow(e, depth + 1)?,
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }

    fn table(&mut self, table: ElementRef, depth: usize) -> Result<(), InputError> {
        self.flush()?;
        let rows = rows_of(table);
        let nested = table
            .descendants()
            .skip(1)
            .filter_map(ElementRef::wrap)
            .any(|e| e.value().name() == "table");
        let single_cell = rows.len() <= 1 && rows.iter().all(|r| cells_of(*r).len() <= 1);
        if nested || single_cell {
            // A layout table: its cells are content.
            self.flow(table, depth)?;
            return self.flush();
        }
        for child in table.children().filter_map(ElementRef::wrap) {
            if child.value().name() == "caption" {
                self.flow(child, depth)?;
                self.flush()?;
            }
        }
        let n = self.b.table();
        // Positions still covered by a rowspan from above: rows left, per column.
        let mut covered: Vec<usize> = Vec::new();
        for (r, row) in rows.iter().enumerate() {
            let mut line: Vec<Option<String>> = covered
                .iter()
                .map(|left| (*left > 0).then(String::new))
                .collect();
            for left in covered.iter_mut() {
                *left = left.saturating_sub(1);
            }
            let mut col = 0;
            for cell in cells_of(*row) {
                while col < line.len() && line[col].is_some() {
                    col += 1;
                }
                let col_here = col.min(MAX_COLUMNS - 1);
                let span = |name: &str, max: usize| {
                    cell.value()
                        .attr(name)
                        .and_then(|v| v.trim().parse::<usize>().ok())
                        .map(|v| v.min(max))
                };
                let colspan = span("colspan", MAX_COLSPAN).unwrap_or(1).max(1);
                let rowspan = match span("rowspan", MAX_ROWSPAN) {
                    // rowspan="0": to the end of the table.
                    Some(0) => rows.len() - r,
                    Some(n) => n,
                    None => 1,
                };
                let end = (col_here + colspan).min(MAX_COLUMNS);
                if line.len() < end {
                    line.resize(end, None);
                    covered.resize(end, 0);
                }
                let text = cell_text(cell, self.max_depth);
                match &mut line[col_here] {
                    // Past the widest grid: keep the text in the last column.
                    Some(existing) if !existing.is_empty() => {
                        if !text.is_empty() {
                            existing.push(' ');
                            existing.push_str(&text);
                        }
                        self.b.count_cells(1)?;
                    }
                    slot => *slot = Some(text),
                }
                for c in col_here + 1..end {
                    line[c] = Some(String::new());
                }
                for c in col_here..end {
                    covered[c] = covered[c].max(rowspan.saturating_sub(1));
                }
                col = end;
            }
            // Positions past the row's last cell (and not covered from above)
            // are not cells of this row.
            let used = line.iter().rposition(Option::is_some).map_or(0, |i| i + 1);
            line.truncate(used);
            let cells: Vec<String> = line.into_iter().map(Option::unwrap_or_default).collect();
            self.b.row(n, r + 1, &cells)?;
        }
        Ok(())
    }
}

/// The rows of a table (in `thead`, `tbody`, `tfoot` or directly), not those of
/// tables nested in it.
fn rows_of(table: ElementRef) -> Vec<ElementRef> {
    let mut rows = Vec::new();
    for child in table.children().filter_map(ElementRef::wrap) {
        match child.value().name() {
            "tr" => rows.push(child),
            "thead" | "tbody" | "tfoot" => rows.extend(
                child
                    .children()
                    .filter_map(ElementRef::wrap)
                    .filter(|e| e.value().name() == "tr"),
            ),
            _ => {}
        }
    }
    rows
}

fn cells_of(row: ElementRef) -> Vec<ElementRef> {
    row.children()
        .filter_map(ElementRef::wrap)
        .filter(|e| matches!(e.value().name(), "td" | "th"))
        .collect()
}

/// A cell's text, its paragraphs and line breaks as `\n`.
fn cell_text(cell: ElementRef, max_depth: usize) -> String {
    fn walk(el: ElementRef, out: &mut Inline, depth: usize, max_depth: usize) {
        for child in el.children() {
            match child.value() {
                Node::Text(t) => out.push_text(t, false),
                Node::Element(_) => {
                    let Some(e) = ElementRef::wrap(child) else {
                        continue;
                    };
                    let name = e.value().name();
                    if is_hidden(name) {
                        continue;
                    }
                    if name == "br" {
                        out.line_break();
                    } else if depth >= max_depth {
                        out.push_text(&e.text().collect::<String>(), false);
                    } else if is_block(name) {
                        out.line_break();
                        walk(e, out, depth + 1, max_depth);
                        out.line_break();
                    } else {
                        walk(e, out, depth + 1, max_depth);
                    }
                }
                _ => {}
            }
        }
    }
    let mut inline = Inline::default();
    walk(cell, &mut inline, 0, max_depth);
    inline.take()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::config::Lang;

    fn convert(bytes: &[u8]) -> Result<Document, InputError> {
        super::convert(bytes, &Limits::default())
    }

    fn page(body: &str) -> Document {
        convert(format!("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>标题</title><style>p{{}}</style></head><body>{body}</body></html>").as_bytes()).unwrap()
    }

    #[test]
    fn paragraphs_breaks_and_spaces() {
        let d = page(
            "<div class=nav>首页 &gt; 政务公开</div>\n<p>一、总体\n   情况</p><p>&nbsp;&nbsp;第一行<br>第二行</p><script>var x = 1;</script><p>&nbsp;</p>",
        );
        assert_eq!(d.text, "首页 > 政务公开\n一、总体 情况\n第一行\n第二行\n");
        assert_eq!(
            d.map
                .describe(d.text.find("第二行").unwrap(), None, Lang::Zh),
            "第3段「第一行 第二行」"
        );
    }

    #[test]
    fn rowspan_and_colspan_expand_to_empty_cells() {
        let d = page(
            r#"<table border="1"><tbody>
              <tr><th rowspan="2" colspan="2"><p>本列</p><p>数据</p></th><th colspan="3">申请人情况</th><td rowspan="3">总计</td></tr>
              <tr><td>自然人</td><td>商业企业</td><td>&nbsp;</td></tr>
              <tr><td rowspan="2">三、本年度办理结果</td><td>（一）予以公开</td><td>6</td><td>0<br/></td><td>0</td></tr>
              <tr><td>（二）部分公开</td><td>1</td></tr>
            </tbody></table>"#,
        );
        assert_eq!(
            d.text,
            "本列数据\t\t申请人情况\t\t\t总计\n\
             \t\t自然人\t商业企业\t\t\n\
             三、本年度办理结果\t（一）予以公开\t6\t0\t0\t\n\
             \t（二）部分公开\t1\n"
        );
        let at = |s: &str| d.map.describe(d.text.find(s).unwrap(), None, Lang::Zh);
        assert_eq!(at("商业企业"), "第1个表格 第2行 第4列");
        assert_eq!(at("部分公开"), "第1个表格 第4行 第2列");
        assert_eq!(at("1\n"), "第1个表格 第4行 第3列");
    }

    #[test]
    fn layout_tables_are_content() {
        let d = page(
            "<table><tr><td><p>标题</p><table><tr><td>a</td><td>1</td></tr></table><p>结尾</p></td></tr></table>\
             <table><tr><td>只有一格</td></tr></table>",
        );
        assert_eq!(d.text, "标题\na\t1\n结尾\n只有一格\n");
        assert_eq!(
            d.map.describe(d.text.find('1').unwrap(), None, Lang::Zh),
            "第1个表格 第1行 第2列"
        );
    }

    #[test]
    fn declared_gbk_is_decoded() {
        let body = "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\"></head><body><p>二、主动公开政府信息情况</p></body></html>";
        let (bytes, _, _) = encoding_rs::GBK.encode(body);
        assert!(std::str::from_utf8(&bytes).is_err());
        assert_eq!(convert(&bytes).unwrap().text, "二、主动公开政府信息情况\n");
        // The same page saved as UTF-8 but still saying gb2312.
        assert_eq!(
            convert(body.as_bytes()).unwrap().text,
            "二、主动公开政府信息情况\n"
        );
        // No declaration: detected like a text file.
        let plain = "<p>六、其他需要报告的事项</p>";
        let (bytes, _, _) = encoding_rs::GB18030.encode(plain);
        assert_eq!(convert(&bytes).unwrap().text, "六、其他需要报告的事项\n");
    }

    #[test]
    fn sniffing() {
        assert!(looks_like_html(b"\xEF\xBB\xBF\n <!DOCTYPE HTML PUBLIC"));
        assert!(looks_like_html(b"<html lang=zh>"));
        assert!(!looks_like_html("一、总体情况 <p>".as_bytes()));
    }
}
