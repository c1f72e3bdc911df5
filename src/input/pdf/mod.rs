//! Published PDFs (`.pdf`): the text layer read glyph by glyph and laid out
//! again from positions, into the same text shape as a `.docx` (a line per
//! paragraph or table row, cells by TAB) plus a position map whose places are
//! the PDF's own ("第5页 表三 第16行 总计列", "第2页 第12行「…」").
//!
//! `lopdf` reads the file's objects (cross-reference tables and streams,
//! object streams, encryption that opens with an empty user password); the
//! rest is here: content streams (`lexer`, `interp`), fonts and their
//! `ToUnicode` maps (`font`), and the layout (`layout`). See docs/pdf.md.
//!
//! Bounded: the file's size, every stream inflated (a decompression bomb
//! stops at the budget), the content operators and glyphs run, form XObject
//! nesting, reference chains, the page tree's depth and its cycles. A PDF past
//! a bound is refused (`InputError::PdfTooComplex`), never read in part.

mod font;
mod interp;
mod layout;
mod lexer;

use super::{Document, InputError};
use interp::{Interp, M, Page};
use lopdf::{Dictionary, Object};
use std::io::Read;

/// What nianbao reads of a PDF at most. Kept together so that they can be
/// tied to the shared input limits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// The file itself.
    pub file_bytes: usize,
    /// All streams inflated, together.
    pub inflated_bytes: usize,
    /// Content-stream operators run (forms included).
    pub operators: usize,
    /// Glyphs shown.
    pub glyphs: usize,
    /// Pages read.
    pub pages: usize,
    /// Table rules (lines) drawn, all pages together.
    pub rules: usize,
}

pub const LIMITS: Limits = Limits {
    file_bytes: 256 << 20,
    inflated_bytes: 256 << 20,
    operators: 20_000_000,
    glyphs: 2_000_000,
    pages: 5_000,
    rules: 200_000,
};

/// Rules kept per page (table borders).
const MAX_RULES_PER_PAGE: usize = 20_000;
/// Longest chain of references followed (`1 0 R` → `2 0 R` → …).
const MAX_REFERENCE_CHAIN: usize = 32;
/// Deepest page tree followed.
const MAX_TREE_DEPTH: usize = 64;

/// The first bytes of a PDF (within its first KB).
pub fn looks_like_pdf(bytes: &[u8]) -> bool {
    memchr::memmem::find(&bytes[..bytes.len().min(1024)], b"%PDF-").is_some()
}

/// A budget ran out: the PDF is larger or more complex than nianbao reads.
#[derive(Debug)]
pub struct Exhausted(&'static str);

/// What is left to spend on one document.
pub struct Budget {
    inflated: usize,
    operators: usize,
    glyphs: usize,
    rules: usize,
}

impl Budget {
    fn new(l: &Limits) -> Self {
        Budget {
            inflated: l.inflated_bytes,
            operators: l.operators,
            glyphs: l.glyphs,
            rules: l.rules,
        }
    }

    fn rule(&mut self) -> Result<(), Exhausted> {
        self.rules = self.rules.checked_sub(1).ok_or(Exhausted("rules"))?;
        Ok(())
    }

    fn op(&mut self) -> Result<(), Exhausted> {
        self.operators = self
            .operators
            .checked_sub(1)
            .ok_or(Exhausted("operators"))?;
        Ok(())
    }

    fn glyph(&mut self) -> Result<(), Exhausted> {
        self.glyphs = self.glyphs.checked_sub(1).ok_or(Exhausted("glyphs"))?;
        Ok(())
    }
}

impl Limits {
    /// The PDF reader's bounds under the input limits, so that `--limit` and
    /// `[limits]` raise them too: the file within `bytes` and its streams
    /// inflated within 8× `bytes`; glyphs within `text` / 8; operators within
    /// 40× and pages within 1/100 of `nodes`; table rules within 2/5 of
    /// `cells`. With the default input limits these are [`LIMITS`].
    pub fn under(l: &super::Limits) -> Limits {
        let bytes = usize::try_from(l.bytes).unwrap_or(usize::MAX);
        Limits {
            file_bytes: bytes,
            inflated_bytes: bytes.saturating_mul(8),
            operators: l.nodes.saturating_mul(40),
            glyphs: l.text / 8,
            pages: (l.nodes / 100).max(1),
            rules: l.cells.saturating_mul(2) / 5,
        }
    }
}

/// Converts a PDF's bytes into report text and a position map, within the
/// input limits (the file within `bytes`, the text within `text`, the PDF's
/// own bounds derived from them by [`Limits::under`]).
pub fn convert(bytes: &[u8], limits: &super::Limits) -> Result<Document, InputError> {
    limits.check_bytes(bytes.len() as u64)?;
    let doc = convert_with(bytes, &Limits::under(limits))?;
    limits.check_text(doc.text.len())?;
    Ok(doc)
}

pub fn convert_with(bytes: &[u8], limits: &Limits) -> Result<Document, InputError> {
    if bytes.len() > limits.file_bytes {
        return Err(InputError::PdfTooComplex("file size".to_string()));
    }
    if !looks_like_pdf(bytes) {
        return Err(InputError::PdfDamaged("no %PDF header".to_string()));
    }
    let mut budget = Budget::new(limits);
    check_object_streams(bytes, &mut budget)?;
    let doc = load(bytes)?;
    let pages = read_pages(&doc, limits, &mut budget)
        .map_err(|e| InputError::PdfTooComplex(e.0.to_string()))?;
    let glyphs: usize = pages.iter().map(|p| p.glyphs.len()).sum();
    let text_glyphs = pages
        .iter()
        .flat_map(|p| &p.glyphs)
        .filter(|g| !g.text.trim().is_empty())
        .count();
    if text_glyphs == 0 {
        let unmapped: usize = pages.iter().map(|p| p.unmapped).sum();
        return Err(if unmapped > 0 {
            InputError::PdfNoUnicode
        } else {
            InputError::PdfScanned
        });
    }
    let unmapped: usize = pages.iter().map(|p| p.unmapped).sum();
    if unmapped > glyphs {
        // More glyphs without text than with: what is read would be a
        // fragment of the report, and its findings wrong.
        return Err(InputError::PdfNoUnicode);
    }
    Ok(layout::document(&pages))
}

fn load(bytes: &[u8]) -> Result<lopdf::Document, InputError> {
    // lopdf is not ours: a panic inside it must not take the run down.
    let loaded = std::panic::catch_unwind(|| lopdf::Document::load_mem(bytes))
        .map_err(|_| InputError::PdfDamaged("unreadable object structure".to_string()))?;
    let doc = match loaded {
        Ok(d) => d,
        Err(lopdf::Error::InvalidPassword) => return Err(InputError::PdfEncrypted),
        Err(lopdf::Error::Unimplemented(s)) if s.contains("password") => {
            return Err(InputError::PdfEncrypted);
        }
        Err(e) => return Err(InputError::PdfDamaged(e.to_string())),
    };
    // Encrypted with a user password: lopdf loads it without decrypting.
    if doc.trailer.get(b"Encrypt").is_ok() && doc.authenticate_password("").is_err() {
        return Err(InputError::PdfEncrypted);
    }
    Ok(doc)
}

/// Follows references (bounded) to the object itself.
pub(crate) fn deref<'d>(doc: &'d lopdf::Document, mut o: &'d Object) -> Option<&'d Object> {
    for _ in 0..MAX_REFERENCE_CHAIN {
        match o {
            Object::Reference(id) => o = doc.get_object(*id).ok()?,
            other => return Some(other),
        }
    }
    None
}

/// A stream's data, decoded within the budget: no filter, `FlateDecode`
/// (inflated at most as far as the budget goes), `ASCIIHexDecode` and
/// `ASCII85Decode` (which only shrink). `None`: a filter nianbao does not
/// decode (images), or data that does not decode.
pub(crate) fn stream_data(
    doc: &lopdf::Document,
    stream: &lopdf::Stream,
    budget: &mut Budget,
) -> Result<Option<Vec<u8>>, Exhausted> {
    let filters: Vec<Vec<u8>> = match stream.dict.get(b"Filter").ok().and_then(|o| deref(doc, o)) {
        None => Vec::new(),
        Some(Object::Name(n)) => vec![n.clone()],
        Some(Object::Array(a)) => a
            .iter()
            .filter_map(|o| deref(doc, o)?.as_name().ok().map(<[u8]>::to_vec))
            .collect(),
        Some(_) => return Ok(None),
    };
    if filters.is_empty() && stream.content.len() > budget.inflated {
        return Err(Exhausted("inflated bytes"));
    }
    let mut data = stream.content.clone();
    for f in &filters {
        data = match f.as_slice() {
            b"FlateDecode" | b"Fl" => inflate(&data, budget.inflated),
            b"ASCIIHexDecode" | b"AHx" | b"ASCII85Decode" | b"A85" => {
                let mut s = lopdf::Stream::new(Dictionary::new(), data);
                s.dict.set("Filter", Object::Name(f.clone()));
                match s.decompressed_content() {
                    Ok(d) => d,
                    Err(_) => return Ok(None),
                }
            }
            _ => return Ok(None),
        };
    }
    // Every copy counts (a stream drawn many times is decoded each time).
    budget.inflated = budget
        .inflated
        .checked_sub(data.len())
        .ok_or(Exhausted("inflated bytes"))?;
    Ok(Some(data))
}

/// Inflates zlib (or raw deflate) data, at most `left` + 1 bytes (the caller
/// charges them); damaged data gives what came before the damage.
fn inflate(data: &[u8], left: usize) -> Vec<u8> {
    let cap = left as u64 + 1;
    let mut out = Vec::new();
    let zlib = flate2::read::ZlibDecoder::new(data)
        .take(cap)
        .read_to_end(&mut out);
    if zlib.is_err() && out.is_empty() {
        let _ = flate2::read::DeflateDecoder::new(data)
            .take(cap)
            .read_to_end(&mut out);
    }
    out
}

/// Object streams are inflated by lopdf as it loads the file: inflate them
/// here first, counting only, so that a decompression bomb is refused before.
fn check_object_streams(bytes: &[u8], budget: &mut Budget) -> Result<(), InputError> {
    let mut at = 0;
    let too_large = |e: Exhausted| InputError::PdfTooComplex(e.0.to_string());
    while let Some(i) = memchr::memmem::find(&bytes[at..], b"/ObjStm") {
        let start = at + i;
        at = start + 7;
        let Some(s) = memchr::memmem::find(&bytes[at..], b"stream") else {
            break;
        };
        let mut data_start = at + s + 6;
        if bytes.get(data_start) == Some(&b'\r') {
            data_start += 1;
        }
        if bytes.get(data_start) == Some(&b'\n') {
            data_start += 1;
        }
        let end = memchr::memmem::find(&bytes[data_start..], b"endstream")
            .map_or(bytes.len(), |e| data_start + e);
        let mut sink = Counter(0);
        let cap = budget.inflated as u64 + 1;
        let _ = std::io::copy(
            &mut flate2::read::ZlibDecoder::new(&bytes[data_start..end]).take(cap),
            &mut sink,
        );
        budget.inflated = budget
            .inflated
            .checked_sub(sink.0)
            .ok_or(Exhausted("inflated bytes"))
            .map_err(too_large)?;
        at = end;
    }
    Ok(())
}

struct Counter(usize);

impl std::io::Write for Counter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.len();
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// What a page inherits from the page tree.
#[derive(Clone, Copy)]
struct Inherited<'d> {
    resources: Option<&'d Dictionary>,
    media: Option<[f64; 4]>,
    rotate: i64,
}

fn read_pages(
    doc: &lopdf::Document,
    limits: &Limits,
    budget: &mut Budget,
) -> Result<Vec<Page>, Exhausted> {
    let root = doc
        .trailer
        .get(b"Root")
        .ok()
        .and_then(|o| deref(doc, o))
        .and_then(|o| o.as_dict().ok());
    let Some(pages) = root.and_then(|r| r.get(b"Pages").ok()) else {
        return Ok(Vec::new());
    };
    let mut leaves = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let start = Inherited {
        resources: None,
        media: None,
        rotate: 0,
    };
    let mut stack: Vec<(&Object, Inherited, usize)> = vec![(pages, start, 0)];
    while let Some((node, inh, depth)) = stack.pop() {
        if depth > MAX_TREE_DEPTH || leaves.len() >= limits.pages {
            continue;
        }
        if let Object::Reference(id) = node {
            if !seen.insert(*id) {
                continue; // a cycle, or a page listed twice
            }
        }
        let Some(dict) = deref(doc, node).and_then(|o| o.as_dict().ok()) else {
            continue;
        };
        let inh = Inherited {
            resources: dict
                .get(b"Resources")
                .ok()
                .and_then(|o| deref(doc, o))
                .and_then(|o| o.as_dict().ok())
                .or(inh.resources),
            media: media_box(doc, dict).or(inh.media),
            rotate: dict
                .get(b"Rotate")
                .ok()
                .and_then(|o| deref(doc, o))
                .and_then(|o| o.as_i64().ok())
                .unwrap_or(inh.rotate),
        };
        match dict.get(b"Kids").ok().and_then(|o| deref(doc, o)) {
            Some(Object::Array(kids)) => {
                for k in kids.iter().rev() {
                    stack.push((k, inh, depth + 1));
                }
            }
            _ => leaves.push((dict, inh)),
        }
    }
    let mut interp = Interp::new(doc, budget);
    let mut out = Vec::with_capacity(leaves.len());
    for (dict, inh) in leaves {
        out.push(read_page(doc, &mut interp, dict, inh)?);
    }
    Ok(out)
}

fn media_box(doc: &lopdf::Document, dict: &Dictionary) -> Option<[f64; 4]> {
    let a = deref(doc, dict.get(b"MediaBox").ok()?)?.as_array().ok()?;
    let mut v = [0.0; 4];
    for (k, o) in a.iter().take(4).enumerate() {
        v[k] = match deref(doc, o)? {
            Object::Integer(i) => *i as f64,
            Object::Real(r) => f64::from(*r),
            _ => return None,
        };
    }
    v.iter().all(|x| x.is_finite()).then_some(v)
}

fn read_page<'d>(
    doc: &'d lopdf::Document,
    interp: &mut Interp<'d, '_>,
    dict: &'d Dictionary,
    inh: Inherited<'d>,
) -> Result<Page, Exhausted> {
    let [x0, y0, x1, y1] = inh.media.unwrap_or([0.0, 0.0, 595.0, 842.0]);
    let (w, h) = ((x1 - x0).abs(), (y1 - y0).abs());
    let origin = M([1.0, 0.0, 0.0, 1.0, -x0.min(x1), -y0.min(y1)]);
    let (rot, ph) = match inh.rotate.rem_euclid(360) {
        90 => (M([0.0, -1.0, 1.0, 0.0, 0.0, w]), w),
        180 => (M([-1.0, 0.0, 0.0, -1.0, w, h]), h),
        270 => (M([0.0, 1.0, -1.0, 0.0, h, 0.0]), w),
        _ => (M::ID, h),
    };
    let mut page = Page {
        height: ph as f32,
        ..Page::default()
    };
    let mut content = Vec::new();
    let streams: Vec<&Object> = match dict.get(b"Contents").ok().and_then(|o| deref(doc, o)) {
        Some(Object::Array(a)) => a.iter().collect(),
        Some(o) => vec![o],
        None => Vec::new(),
    };
    for s in streams {
        if let Some(Ok(stream)) = deref(doc, s).map(|o| o.as_stream()) {
            if let Some(data) = stream_data(doc, stream, interp.budget())? {
                content.extend_from_slice(&data);
                content.push(b'\n');
            }
        }
    }
    interp.page(&content, inh.resources, origin.mul(&rot), &mut page)?;
    Ok(page)
}
