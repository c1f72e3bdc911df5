//! Word/WPS documents (`.docx`): the paragraphs and tables of
//! `word/document.xml`, read directly from the XML.
//!
//! Each body paragraph becomes one line (its tabs stay tabs, its line breaks
//! line breaks); each table row becomes one line with its cells joined by TAB,
//! read cell by cell, so none of the layout damage of text pasted from Word
//! arises. A cell spanning several grid columns (`w:gridSpan`) is followed by
//! empty cells for the columns it covers; a vertically merged cell's
//! continuation (`w:vMerge`) is its own, empty, cell; grid columns skipped
//! before a row's first cell (`w:gridBefore`) are empty cells. A cell's
//! paragraphs are joined on one line.
//!
//! Automatic numbering (a heading "一、" that Word or WPS turned into a list) is
//! put back as text: see `numbering`.
//!
//! Skipped: deleted text of tracked changes, field codes, the fallback copy of
//! alternate content (so text boxes are read once), headers, footers, notes.

use super::docx_map::{
    Block as MapBlock, BlockXml, DocxMap, Origin, Piece, Unit, UnitXml, XmlCell, XmlParagraph,
};
use super::limits::MAX_RECURSION;
use super::map::Builder;
use super::numbering::Numbering;
use super::{Document, InputError, Limits};
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::{PrefixDeclaration, QName};
use quick_xml::reader::Reader;
use std::collections::HashMap;
use std::io::{Cursor, Read};
use std::ops::Range;

/// The first bytes of a zip archive (a `.docx`).
pub const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
/// The first bytes of an OLE compound file: a Word 97-2003 `.doc`, or an
/// encrypted `.docx`.
pub const OLE_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
/// Deepest nesting of tables in cells and text boxes in paragraphs read
/// (whatever the `depth` limit allows); deeper content is skipped (it bounds
/// the recursion).
const MAX_DEPTH: usize = 16;
/// Largest `w:gridSpan`/`w:gridBefore` honoured (Word's own limit is 63 columns).
const MAX_SPAN: usize = 64;

const W_NS: &[u8] = b"http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const W_NS_STRICT: &[u8] = b"http://purl.oclc.org/ooxml/wordprocessingml/main";
const MC_NS: &[u8] = b"http://schemas.openxmlformats.org/markup-compatibility/2006";

/// Converts a `.docx` file's bytes into report text and a position map,
/// within `limits`: each part read is at most `bytes` once uncompressed, the
/// tables at most `cells` cells, the paragraphs and cells at most `nodes`,
/// the text at most `text`.
pub fn convert(bytes: &[u8], limits: &Limits) -> Result<Document, InputError> {
    let parts = read(bytes, limits)?;
    Ok(parse(&parts.xml, parts.numbering, limits)?.0)
}

/// The parts of a `.docx` the report text is read from.
pub(crate) struct Parts {
    /// `word/document.xml`, uncompressed.
    pub xml: Vec<u8>,
    /// Its automatic numbering (with fresh counters).
    pub numbering: Numbering,
}

/// Reads the parts of a `.docx` that make its text, each within `limits.bytes`.
pub(crate) fn read(bytes: &[u8], limits: &Limits) -> Result<Parts, InputError> {
    limits.check_bytes(bytes.len() as u64)?;
    let mut zip = open(bytes)?;
    let xml = match part(&mut zip, "word/document.xml", limits)? {
        Some(xml) => xml,
        None => return Err(InputError::NoDocumentXml),
    };
    // Numbering and styles only add list labels: a problem with them is not
    // worth refusing the document for.
    let numbering = part(&mut zip, "word/numbering.xml", limits).ok().flatten();
    let styles = part(&mut zip, "word/styles.xml", limits).ok().flatten();
    let numbering = Numbering::parse(numbering.as_deref(), styles.as_deref());
    Ok(Parts { xml, numbering })
}

/// The report text of `word/document.xml`, and where each part of it came
/// from in the XML, within `limits`.
pub(crate) fn parse(
    xml: &[u8],
    numbering: Numbering,
    limits: &Limits,
) -> Result<(Document, DocxMap), InputError> {
    let blocks = Parser::new(xml, numbering, limits).body()?;
    emit(blocks, limits)
}

type Zip<'a> = zip::ZipArchive<Cursor<&'a [u8]>>;

fn open(bytes: &[u8]) -> Result<Zip<'_>, InputError> {
    if bytes.starts_with(OLE_MAGIC) {
        return Err(InputError::LegacyWord);
    }
    match zip::ZipArchive::new(Cursor::new(bytes)) {
        Ok(z) => Ok(z),
        Err(e) if bytes.starts_with(b"PK") => Err(InputError::CorruptZip(e.to_string())),
        Err(_) => Err(InputError::NotZip),
    }
}

/// A part of the package, uncompressed (at most `bytes`: reading stops past
/// it, whatever size the archive claims); `None` when there is no such part.
fn part(zip: &mut Zip, name: &str, limits: &Limits) -> Result<Option<Vec<u8>>, InputError> {
    let file = match zip.by_name(name) {
        Ok(f) => f,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(InputError::CorruptZip(e.to_string())),
    };
    let too_large = || InputError::PartTooLarge(name.to_string(), limits.bytes);
    if file.size() > limits.bytes {
        return Err(too_large());
    }
    let mut out = Vec::with_capacity(file.size() as usize);
    file.take(limits.bytes.saturating_add(1))
        .read_to_end(&mut out)
        .map_err(|e| InputError::CorruptZip(e.to_string()))?;
    if out.len() as u64 > limits.bytes {
        return Err(too_large());
    }
    Ok(Some(out))
}

/// What the document body is made of, as far as the report text goes.
#[derive(Debug, PartialEq)]
enum Block {
    Paragraph(Para),
    Table(Table),
}

/// A paragraph's text and where it came from.
#[derive(Debug, Default, PartialEq)]
struct Para {
    text: String,
    xml: XmlParagraph,
}

#[derive(Debug, Default, PartialEq)]
struct Table {
    rows: Vec<Row>,
    /// The `w:tbl` element.
    xml: Range<usize>,
}

#[derive(Debug, Default, PartialEq)]
struct Row {
    /// Grid columns left empty before the first cell.
    grid_before: usize,
    cells: Vec<Cell>,
    /// The `w:tr` element.
    xml: Range<usize>,
}

#[derive(Debug, PartialEq)]
struct Cell {
    /// The cell's paragraphs, one per line.
    text: String,
    /// Grid columns the cell covers.
    span: usize,
    xml: XmlCell,
}

/// The report text and its map of the blocks read (the parser has counted
/// them against the limits; the builder checks the text and grid again).
fn emit(blocks: Vec<Block>, limits: &Limits) -> Result<(Document, DocxMap), InputError> {
    let mut b = Builder::new(limits);
    let mut map = DocxMap::default();
    let mut rows = 0;
    for block in blocks {
        match block {
            Block::Paragraph(p) => {
                let at = b.len();
                map.blocks.push(MapBlock {
                    at,
                    xml: BlockXml::Paragraph(p.xml.xml.clone()),
                });
                if let Some(text) = b.paragraph(&p.text)? {
                    map.units.push(Unit {
                        text,
                        xml: UnitXml::Paragraph(p.xml),
                    });
                }
            }
            Block::Table(table) => {
                let n = b.table();
                for (i, row) in table.rows.into_iter().enumerate() {
                    let mut cells = vec![String::new(); row.grid_before];
                    let mut first = Vec::with_capacity(row.cells.len());
                    for cell in &row.cells {
                        first.push(cells.len());
                        cells.push(cell.text.clone());
                        cells.extend(std::iter::repeat_n(String::new(), cell.span - 1));
                    }
                    map.blocks.push(MapBlock {
                        at: b.len(),
                        xml: BlockXml::Row {
                            tr: row.xml.clone(),
                            table: table.xml.clone(),
                        },
                    });
                    let ranges = b.row(n, i + 1, &cells)?;
                    for (cell, k) in row.cells.into_iter().zip(first) {
                        let mut xml = cell.xml;
                        xml.row = rows;
                        map.units.push(Unit {
                            text: ranges[k].clone(),
                            xml: UnitXml::Cell(xml),
                        });
                    }
                    rows += 1;
                }
            }
        }
    }
    Ok((b.finish(), map))
}

/// The namespaces that matter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Ns {
    /// WordprocessingML (`w:`), transitional or strict.
    W,
    /// Markup compatibility (`mc:`).
    Mc,
    Other,
}

fn ns_of(uri: &[u8]) -> Ns {
    match uri {
        W_NS | W_NS_STRICT => Ns::W,
        MC_NS => Ns::Mc,
        _ => Ns::Other,
    }
}

/// The namespace prefixes in scope, each looked up in constant time (a
/// resolver that searches its list of bindings makes every element cost as
/// much as the declarations above it: quadratic on a hostile document).
#[derive(Default)]
struct Namespaces {
    /// Per prefix (`b""`: the default namespace), its bindings, innermost last.
    bound: HashMap<Vec<u8>, Vec<Ns>>,
    /// The last prefix resolved and its namespace, until a binding changes
    /// (nearly every element of a document is `w:`).
    last: Option<(Vec<u8>, Ns)>,
    /// The prefixes each open element declared (flat), and how many per element.
    declared: Vec<Vec<u8>>,
    per_element: Vec<u32>,
}

impl Namespaces {
    /// Enters an element: its `xmlns` declarations come into scope.
    fn push(&mut self, e: &BytesStart) {
        // Most elements declare nothing: their attributes are not parsed.
        if memchr::memmem::find(e.attributes_raw(), b"xmlns").is_none() {
            self.per_element.push(0);
            return;
        }
        let mut n = 0u32;
        for a in e.attributes().with_checks(false).flatten() {
            let prefix = match a.key.as_namespace_binding() {
                Some(PrefixDeclaration::Default) => &b""[..],
                Some(PrefixDeclaration::Named(p)) => p,
                None => continue,
            };
            self.bound
                .entry(prefix.to_vec())
                .or_default()
                .push(ns_of(&a.value));
            self.declared.push(prefix.to_vec());
            self.last = None;
            n += 1;
        }
        self.per_element.push(n);
    }

    /// Leaves the innermost element: its declarations go out of scope.
    fn pop(&mut self) {
        for _ in 0..self.per_element.pop().unwrap_or(0) {
            if let Some(p) = self.declared.pop() {
                if let Some(v) = self.bound.get_mut(&p) {
                    v.pop();
                }
                self.last = None;
            }
        }
    }

    fn resolve(&mut self, name: QName) -> Ns {
        let prefix = name.prefix().map_or(&b""[..], |p| p.into_inner());
        if let Some((p, ns)) = &self.last {
            if p == prefix {
                return *ns;
            }
        }
        let ns = self
            .bound
            .get(prefix)
            .and_then(|v| v.last())
            .copied()
            .unwrap_or(Ns::Other);
        self.last = Some((prefix.to_vec(), ns));
        ns
    }
}

/// An XML event reduced to what the converter needs.
enum Ev<'i> {
    Start(Ns, BytesStart<'i>),
    Empty(Ns, BytesStart<'i>),
    End(Ns, Tag),
    /// Character data (text, CDATA, a resolved reference).
    Text(String),
    Eof,
    Other,
}

/// The end tags the reader waits for (by local name).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Tag {
    P,
    PPr,
    Tbl,
    TrPr,
    Tr,
    TcPr,
    Tc,
    Other,
}

impl Tag {
    fn of(local: &[u8]) -> Tag {
        match local {
            b"p" => Tag::P,
            b"pPr" => Tag::PPr,
            b"tbl" => Tag::Tbl,
            b"trPr" => Tag::TrPr,
            b"tr" => Tag::Tr,
            b"tcPr" => Tag::TcPr,
            b"tc" => Tag::Tc,
            _ => Tag::Other,
        }
    }
}

/// An attribute of an element, by local name.
pub(crate) fn attr(e: &BytesStart, name: &[u8]) -> Option<String> {
    e.attributes()
        .with_checks(false)
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .and_then(|a| Some(std::str::from_utf8(&a.value).ok()?.trim().to_string()))
}

/// The numeric `w:val` attribute of an element, if any.
fn val(e: &BytesStart) -> Option<usize> {
    attr(e, b"val")?.parse().ok()
}

/// A recursive-descent reader of the document body.
struct Parser<'i> {
    r: Reader<&'i [u8]>,
    ns: Namespaces,
    depth: usize,
    max_depth: usize,
    numbering: Numbering,
    limits: Limits,
    /// Text read so far (bytes), table cells (grid positions) and nodes
    /// (paragraphs and cells), against the limits.
    text: usize,
    cells: usize,
    nodes: usize,
    /// The byte range of the last event read.
    last: Range<usize>,
}

impl<'i> Parser<'i> {
    fn new(xml: &'i [u8], numbering: Numbering, limits: &Limits) -> Self {
        Parser {
            r: Reader::from_reader(xml),
            ns: Namespaces::default(),
            depth: 0,
            max_depth: limits.depth.clamp(1, MAX_RECURSION).min(MAX_DEPTH),
            numbering,
            limits: *limits,
            text: 0,
            cells: 0,
            nodes: 0,
            last: 0..0,
        }
    }

    /// Where the reader is: just after the last event, or after the element
    /// skipped or read to its end.
    fn pos(&self) -> usize {
        self.r.buffer_position() as usize
    }

    fn error(&self, e: quick_xml::Error) -> InputError {
        InputError::BadXml(format!("{e} (byte {})", self.r.error_position()))
    }

    /// Counts `n` bytes of text read.
    fn grow(&mut self, n: usize) -> Result<(), InputError> {
        self.text = self.text.saturating_add(n);
        self.limits.check_text(self.text)
    }

    /// Counts a paragraph or cell, and the grid positions it covers.
    fn node(&mut self, cells: usize) -> Result<(), InputError> {
        self.nodes += 1;
        self.cells = self.cells.saturating_add(cells);
        self.limits.check_cells(self.cells)?;
        self.limits.check_nodes(self.nodes)
    }

    fn next(&mut self) -> Result<Ev<'i>, InputError> {
        let start = self.pos();
        let ev = match self.r.read_event() {
            Ok(x) => x,
            Err(e) => return Err(self.error(e)),
        };
        self.last = start..self.r.buffer_position() as usize;
        Ok(match ev {
            Event::Start(e) => {
                self.ns.push(&e);
                Ev::Start(self.ns.resolve(e.name()), e)
            }
            Event::Empty(e) => {
                self.ns.push(&e);
                let ns = self.ns.resolve(e.name());
                self.ns.pop();
                Ev::Empty(ns, e)
            }
            Event::End(e) => {
                let ns = self.ns.resolve(e.name());
                self.ns.pop();
                Ev::End(ns, Tag::of(e.local_name().as_ref()))
            }
            Event::Text(t) => Ev::Text(
                t.xml10_content()
                    .map_err(|e| InputError::BadXml(e.to_string()))?
                    .into_owned(),
            ),
            Event::CData(t) => Ev::Text(
                t.decode()
                    .map_err(|e| InputError::BadXml(e.to_string()))?
                    .into_owned(),
            ),
            Event::GeneralRef(r) => {
                let text = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    _ => {
                        let name = r.decode().map_err(|e| InputError::BadXml(e.to_string()))?;
                        match quick_xml::escape::resolve_predefined_entity(&name) {
                            Some(s) => s.to_string(),
                            None => format!("&{name};"),
                        }
                    }
                };
                Ev::Text(text)
            }
            Event::Eof => Ev::Eof,
            _ => Ev::Other,
        })
    }

    /// Skips the element just started, with everything in it.
    fn skip(&mut self, e: &BytesStart) -> Result<(), InputError> {
        let end = self.r.read_to_end(e.name());
        self.ns.pop();
        match end {
            Ok(_) => Ok(()),
            Err(err) => Err(self.error(err)),
        }
    }

    /// Whether an element started inside a paragraph or cell is skipped whole.
    fn skipped(ns: Ns, local: &[u8]) -> bool {
        match ns {
            // Properties (tab stops, fonts…), deleted and moved-away text, field
            // codes: nothing a reader sees as text.
            Ns::W => matches!(
                local,
                b"pPr"
                    | b"rPr"
                    | b"tblPr"
                    | b"tblPrEx"
                    | b"tblGrid"
                    | b"sectPr"
                    | b"del"
                    | b"moveFrom"
                    | b"delText"
                    | b"delInstrText"
                    | b"instrText"
            ),
            Ns::Mc => local == b"Fallback",
            Ns::Other => false,
        }
    }

    /// The body, paragraph by paragraph and table by table, into the text.
    fn body(&mut self) -> Result<Vec<Block>, InputError> {
        let mut blocks = Vec::new();
        loop {
            match self.next()? {
                Ev::Start(Ns::W, e) if e.local_name().as_ref() == b"p" => {
                    blocks.push(Block::Paragraph(self.paragraph(&e)?))
                }
                Ev::Empty(Ns::W, e) if e.local_name().as_ref() == b"p" => {
                    self.node(0)?;
                    blocks.push(Block::Paragraph(self.empty_paragraph()))
                }
                Ev::Start(Ns::W, e) if e.local_name().as_ref() == b"tbl" => {
                    let start = self.last.start;
                    let rows = self.table(&e)?;
                    blocks.push(Block::Table(Table {
                        rows,
                        xml: start..self.pos(),
                    }))
                }
                Ev::Start(ns, e) if Self::skipped(ns, e.local_name().as_ref()) => self.skip(&e)?,
                Ev::Eof => return Ok(blocks),
                _ => {}
            }
        }
    }

    /// The text of a `w:t` element.
    fn text(&mut self) -> Result<String, InputError> {
        let mut s = String::new();
        loop {
            match self.next()? {
                Ev::Text(t) => {
                    self.grow(t.len())?;
                    s.push_str(&t);
                }
                Ev::End(..) | Ev::Eof => return Ok(s),
                Ev::Start(_, e) => self.skip(&e)?,
                _ => {}
            }
        }
    }

    /// An empty paragraph (`<w:p/>`, just read).
    fn empty_paragraph(&self) -> Para {
        Para {
            text: String::new(),
            xml: XmlParagraph {
                xml: self.last.clone(),
                empty: true,
                content_at: self.last.end,
                ..XmlParagraph::default()
            },
        }
    }

    /// A paragraph's text and its pieces; `w:p` has just started.
    fn paragraph(&mut self, start: &BytesStart) -> Result<Para, InputError> {
        let mut p = Para {
            text: String::new(),
            xml: XmlParagraph {
                xml: self.last.clone(),
                content_at: self.last.end,
                ..XmlParagraph::default()
            },
        };
        self.node(0)?;
        if self.depth >= self.max_depth {
            self.skip(start)?;
            p.xml.xml.end = self.pos();
            return Ok(p);
        }
        self.depth += 1;
        // The label of its automatic numbering (the first properties count).
        let mut label: Option<String> = None;
        loop {
            let ev = self.next()?;
            let at = self.last.clone();
            let s = &mut p.text;
            let before = s.len();
            match ev {
                Ev::Start(Ns::W, e) => match e.local_name().as_ref() {
                    b"t" => {
                        let t = self.text()?;
                        s.push_str(&t);
                        let origin = Origin::Text(at.start..self.pos());
                        p.xml.pieces.push(piece(before, s.len(), origin));
                    }
                    b"pPr" => {
                        let (l, mark) = self.paragraph_props()?;
                        if label.is_none() {
                            if let Some(l) = &l {
                                self.grow(l.len())?;
                            }
                            label = l;
                        }
                        p.xml.mark_rpr = mark;
                        p.xml.content_at = self.pos();
                    }
                    b"rPr" => {
                        self.skip(&e)?;
                        p.xml.run_rpr.get_or_insert(at.start..self.pos());
                    }
                    // A text box's paragraphs inside this one.
                    b"p" => {
                        let inner = self.paragraph(&e)?;
                        self.grow(2)?;
                        s.push('\n');
                        s.push_str(&inner.text);
                        s.push('\n');
                        p.xml.pieces.push(piece(before, s.len(), Origin::Fixed));
                    }
                    b"tbl" => {
                        let inner = self.table(&e)?;
                        let flat = flatten(&inner);
                        self.grow(flat.len() + 2)?;
                        s.push('\n');
                        s.push_str(&flat);
                        s.push('\n');
                        p.xml.pieces.push(piece(before, s.len(), Origin::Fixed));
                    }
                    l if Self::skipped(Ns::W, l) => self.skip(&e)?,
                    _ => {}
                },
                Ev::Empty(Ns::W, e) => {
                    let c = match e.local_name().as_ref() {
                        b"tab" => '\t',
                        b"br" | b"cr" => '\n',
                        b"noBreakHyphen" => '-',
                        _ => continue,
                    };
                    self.grow(1)?;
                    s.push(c);
                    p.xml.pieces.push(piece(before, s.len(), Origin::Mark(at)));
                }
                Ev::Start(ns, e) if Self::skipped(ns, e.local_name().as_ref()) => self.skip(&e)?,
                Ev::End(Ns::W, Tag::P) => break,
                Ev::Eof => break,
                _ => {}
            }
        }
        p.xml.xml.end = self.pos();
        if let Some(label) = label {
            p.text.insert_str(0, &label);
            for piece in &mut p.xml.pieces {
                piece.at = piece.at.start + label.len()..piece.at.end + label.len();
            }
            p.xml.pieces.insert(0, piece(0, label.len(), Origin::Fixed));
        }
        // The report text drops carriage returns (`&#13;`): offsets would
        // no longer match the pieces.
        if p.text.contains('\r') {
            p.xml.pieces = vec![piece(0, p.text.len(), Origin::Fixed)];
        }
        self.depth -= 1;
        Ok(p)
    }

    /// Reads a paragraph's properties (`w:pPr` has just started); returns the
    /// label of its automatic numbering, if any, and where the paragraph
    /// mark's run properties are.
    fn paragraph_props(&mut self) -> Result<(Option<String>, Option<Range<usize>>), InputError> {
        let (mut style, mut num_id, mut level) = (None, None, None);
        let mut mark: Option<Range<usize>> = None;
        loop {
            match self.next()? {
                Ev::Start(Ns::W, e) | Ev::Empty(Ns::W, e) => match e.local_name().as_ref() {
                    b"pStyle" => style = attr(&e, b"val"),
                    b"numId" => num_id = attr(&e, b"val"),
                    b"ilvl" => level = val(&e),
                    // The properties before a tracked change: not in effect.
                    b"pPrChange" => self.skip(&e)?,
                    b"rPr" if mark.is_none() => {
                        let start = self.last.start;
                        self.skip(&e)?;
                        mark = Some(start..self.pos());
                    }
                    _ => {}
                },
                Ev::End(Ns::W, Tag::PPr) => break,
                Ev::Eof => break,
                _ => {}
            }
        }
        let label = self
            .numbering
            .label(num_id.as_deref(), level, style.as_deref());
        Ok((label, mark))
    }

    /// A table's rows; `w:tbl` has just started.
    fn table(&mut self, start: &BytesStart) -> Result<Vec<Row>, InputError> {
        if self.depth >= self.max_depth {
            self.skip(start)?;
            return Ok(Vec::new());
        }
        self.depth += 1;
        let mut rows = Vec::new();
        loop {
            match self.next()? {
                Ev::Start(Ns::W, e) if e.local_name().as_ref() == b"tr" => rows.push(self.row()?),
                Ev::Start(ns, e) if Self::skipped(ns, e.local_name().as_ref()) => self.skip(&e)?,
                Ev::End(Ns::W, Tag::Tbl) => break,
                Ev::Eof => break,
                _ => {}
            }
        }
        self.depth -= 1;
        Ok(rows)
    }

    /// A table row; `w:tr` has just started.
    fn row(&mut self) -> Result<Row, InputError> {
        let mut row = Row {
            xml: self.last.clone(),
            ..Row::default()
        };
        let mut in_props = false;
        loop {
            match self.next()? {
                Ev::Start(Ns::W, e) if e.local_name().as_ref() == b"trPr" => in_props = true,
                Ev::End(Ns::W, Tag::TrPr) => in_props = false,
                Ev::Empty(Ns::W, e) | Ev::Start(Ns::W, e)
                    if in_props && e.local_name().as_ref() == b"gridBefore" =>
                {
                    row.grid_before = val(&e).unwrap_or(0).min(MAX_SPAN);
                    self.cells = self.cells.saturating_add(row.grid_before);
                    self.limits.check_cells(self.cells)?;
                }
                Ev::Start(Ns::W, e) if e.local_name().as_ref() == b"tc" => {
                    row.cells.push(self.cell()?)
                }
                Ev::Start(ns, e) if Self::skipped(ns, e.local_name().as_ref()) => self.skip(&e)?,
                Ev::End(Ns::W, Tag::Tr) => break,
                Ev::Eof => break,
                _ => {}
            }
        }
        row.xml.end = self.pos();
        Ok(row)
    }

    /// A table cell; `w:tc` has just started.
    fn cell(&mut self) -> Result<Cell, InputError> {
        let mut cell = Cell {
            text: String::new(),
            span: 1,
            xml: XmlCell {
                xml: self.last.clone(),
                ..XmlCell::default()
            },
        };
        let mut in_props = false;
        let add = |cell: &mut Cell, s: &str| {
            if !cell.text.is_empty() {
                cell.text.push('\n');
            }
            cell.text.push_str(s);
        };
        loop {
            match self.next()? {
                Ev::Start(Ns::W, e) if e.local_name().as_ref() == b"tcPr" => in_props = true,
                Ev::End(Ns::W, Tag::TcPr) => in_props = false,
                Ev::Empty(Ns::W, e) | Ev::Start(Ns::W, e) if in_props => {
                    match e.local_name().as_ref() {
                        b"gridSpan" => cell.span = val(&e).unwrap_or(1).clamp(1, MAX_SPAN),
                        b"vMerge" => {
                            cell.xml.merged = attr(&e, b"val").as_deref() != Some("restart")
                        }
                        _ => {}
                    }
                }
                Ev::Start(Ns::W, e) if e.local_name().as_ref() == b"p" => {
                    let p = self.paragraph(&e)?;
                    self.grow(1)?;
                    add(&mut cell, &p.text);
                    cell.xml.paragraphs.push(p.xml);
                }
                Ev::Empty(Ns::W, e) if e.local_name().as_ref() == b"p" => {
                    self.node(0)?;
                    cell.xml.paragraphs.push(self.empty_paragraph().xml);
                }
                Ev::Start(Ns::W, e) if e.local_name().as_ref() == b"tbl" => {
                    let rows = self.table(&e)?;
                    let flat = flatten(&rows);
                    self.grow(flat.len() + 1)?;
                    add(&mut cell, &flat);
                    cell.xml.nested = true;
                }
                Ev::Start(ns, e) if Self::skipped(ns, e.local_name().as_ref()) => self.skip(&e)?,
                Ev::End(Ns::W, Tag::Tc) => {
                    cell.xml.end_tag = self.last.start;
                    break;
                }
                Ev::Eof => {
                    cell.xml.end_tag = self.pos();
                    break;
                }
                _ => {}
            }
        }
        cell.xml.xml.end = self.pos();
        self.node(cell.span)?;
        Ok(cell)
    }
}

fn piece(start: usize, end: usize, origin: Origin) -> Piece {
    Piece {
        at: start..end,
        origin,
    }
}

/// The text of a table nested in a cell or text box: its cells separated by
/// spaces, its rows by line breaks.
fn flatten(rows: &[Row]) -> String {
    rows.iter()
        .map(|r| {
            r.cells
                .iter()
                .map(|c| c.text.replace('\n', " "))
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::config::Lang;
    use std::io::Write;

    const HEAD: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body>"#;
    const TAIL: &str = "<w:sectPr/></w:body></w:document>";

    fn xml(body: &str) -> Vec<u8> {
        format!("{HEAD}{body}{TAIL}").into_bytes()
    }

    fn zip_with(name: &str, content: &[u8]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        w.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        w.write_all(content).unwrap();
        w.finish().unwrap().into_inner()
    }

    fn convert(bytes: &[u8]) -> Result<Document, InputError> {
        super::convert(bytes, &Limits::default())
    }

    fn text_of(body: &str) -> Document {
        convert(&zip_with("word/document.xml", &xml(body))).unwrap()
    }

    #[test]
    fn paragraphs_runs_tabs_and_breaks() {
        let d = text_of(
            r#"<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="420"/></w:tabs></w:pPr>
               <w:r><w:t>一、总体</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">情况 &amp; </w:t></w:r>
               <w:r><w:tab/><w:t>2</w:t><w:br/><w:t>下一行</w:t></w:r></w:p>
               <w:p/>
               <w:p><w:r><w:t>第二段</w:t></w:r><w:del><w:r><w:delText>删掉的</w:delText></w:r></w:del>
               <w:r><w:instrText> PAGE </w:instrText></w:r></w:p>"#,
        );
        assert_eq!(d.text, "一、总体情况 & \t2\n下一行\n\n第二段\n");
        assert_eq!(
            d.map
                .describe(d.text.find("第二段").unwrap(), None, Lang::Zh),
            "第2段「第二段」"
        );
    }

    #[test]
    fn merged_cells_are_empty_cells() {
        // Row 1: a cell spanning 2 columns, then "申请人情况"; row 2: the
        // continuation of a vertically merged cell, then two cells; row 3 starts
        // after one skipped grid column.
        let d = text_of(
            r#"<w:p><w:r><w:t>三、收到和处理政府信息公开申请情况</w:t></w:r></w:p>
            <w:tbl><w:tblPr/><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>
            <w:tr><w:tc><w:tcPr><w:gridSpan w:val="2"/><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>本列</w:t></w:r></w:p></w:tc>
                  <w:tc><w:p><w:r><w:t>申请人情况</w:t></w:r></w:p></w:tc></w:tr>
            <w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc>
                  <w:tc><w:p><w:r><w:t>结果</w:t></w:r></w:p><w:p><w:r><w:t>维持</w:t></w:r></w:p></w:tc>
                  <w:tc><w:p><w:r><w:t>5</w:t></w:r></w:p></w:tc></w:tr>
            <w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr><w:tc><w:p><w:r><w:t>7</w:t></w:r></w:p></w:tc></w:tr>
            </w:tbl>"#,
        );
        assert_eq!(
            d.text,
            "三、收到和处理政府信息公开申请情况\n本列\t\t申请人情况\n\t结果维持\t5\n\t7\n"
        );
        let at = |s: &str| d.map.describe(d.text.find(s).unwrap(), None, Lang::Zh);
        assert_eq!(at("申请人情况"), "第1个表格 第1行 第3列");
        assert_eq!(at("5"), "第1个表格 第2行 第3列");
        assert_eq!(at("7"), "第1个表格 第3行 第2列");
    }

    #[test]
    fn text_boxes_are_read_once_and_nested_tables_flattened() {
        let d = text_of(
            r#"<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><w:txbxContent>
                 <w:p><w:r><w:t>框内</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice>
               <mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>框内</w:t></w:r></w:p></w:txbxContent></w:pict></mc:Fallback>
               </mc:AlternateContent></w:r></w:p>
               <w:tbl><w:tr><w:tc><w:tbl><w:tr><w:tc><w:p><w:r><w:t>a</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>b</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:tc>
               <w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"#,
        );
        assert_eq!(d.text.matches("框内").count(), 1, "{}", d.text);
        assert!(d.text.ends_with("a b\t1\n"), "{}", d.text);
        // The nested table is not counted as a table of the document.
        assert_eq!(
            d.map.describe(d.text.find('1').unwrap(), None, Lang::Zh),
            "第1个表格 第1行 第2列"
        );
    }

    #[test]
    fn automatic_numbering_is_text() {
        let numbering = r#"<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
          <w:abstractNum w:abstractNumId="7"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/><w:suff w:val="nothing"/></w:lvl>
          <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2."/><w:suff w:val="nothing"/></w:lvl></w:abstractNum>
          <w:num w:numId="3"><w:abstractNumId w:val="7"/></w:num></w:numbering>"#;
        let numbered = |lvl: usize, text: &str| {
            format!(
                r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="{lvl}"/><w:numId w:val="3"/></w:numPr><w:pPrChange><w:pPr><w:numPr><w:numId w:val="9"/></w:numPr></w:pPr></w:pPrChange></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"#
            )
        };
        let body = format!(
            "{}{}<w:tbl><w:tr><w:tc>{}</w:tc><w:tc><w:p><w:r><w:t>0</w:t></w:r></w:p></w:tc></w:tr></w:tbl>{}",
            numbered(0, "总体情况"),
            numbered(0, "主动公开政府信息情况"),
            numbered(1, "属于国家秘密"),
            numbered(0, "收到和处理政府信息公开申请情况"),
        );
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let o = zip::write::SimpleFileOptions::default();
        w.start_file("word/document.xml", o).unwrap();
        w.write_all(&xml(&body)).unwrap();
        w.start_file("word/numbering.xml", o).unwrap();
        w.write_all(numbering.as_bytes()).unwrap();
        let d = convert(&w.finish().unwrap().into_inner()).unwrap();
        assert_eq!(
            d.text,
            "一、总体情况\n二、主动公开政府信息情况\n1.属于国家秘密\t0\n三、收到和处理政府信息公开申请情况\n"
        );
    }

    #[test]
    fn broken_inputs_give_clear_errors() {
        assert_eq!(convert(b"plain text").unwrap_err(), InputError::NotZip);
        assert_eq!(convert(b"").unwrap_err(), InputError::NotZip);
        let mut ole = OLE_MAGIC.to_vec();
        ole.extend_from_slice(&[0; 64]);
        assert_eq!(convert(&ole).unwrap_err(), InputError::LegacyWord);
        let other = zip_with("word/other.xml", b"<x/>");
        assert_eq!(convert(&other).unwrap_err(), InputError::NoDocumentXml);
        let good = zip_with("word/document.xml", &xml("<w:p/>"));
        for cut in [10, good.len() / 2, good.len() - 10] {
            assert!(
                matches!(convert(&good[..cut]), Err(InputError::CorruptZip(_))),
                "cut at {cut}: {:?}",
                convert(&good[..cut])
            );
        }
        let bad = zip_with("word/document.xml", b"<w:document><w:body></w:p></w:body>");
        assert!(matches!(convert(&bad), Err(InputError::BadXml(_))));
    }

    #[test]
    fn deep_nesting_is_bounded() {
        let mut body = String::new();
        for _ in 0..200 {
            body.push_str("<w:tbl><w:tr><w:tc>");
        }
        body.push_str("<w:p><w:r><w:t>深</w:t></w:r></w:p>");
        for _ in 0..200 {
            body.push_str("</w:tc></w:tr></w:tbl>");
        }
        let d = text_of(&body);
        assert_eq!(d.text, "\n", "content past the depth limit is skipped");
    }
}
