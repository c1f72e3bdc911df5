//! The properties the fuzz targets check, in one place: the targets in
//! `fuzz/fuzz_targets/` include this file, and `tests/fuzz_regressions.rs` runs
//! the same functions on the fixtures and on every input the fuzzer ever
//! found (`tests/fuzz_regressions/<target>/`), so a crash once found stays
//! fixed in the normal `cargo test`.
//!
//! Each function takes the fuzzer's raw bytes and panics when the property
//! fails. Only nianbao's public API is used.
#![allow(dead_code)]

use nianbao::analysis::config::{Config, Lang};
use nianbao::analysis::finding::{Edit, Finding};
use nianbao::analysis::syntax::line::classify_all;
use nianbao::analysis::text::Span;
use nianbao::analysis::{Analysis, analyze, fix};
use nianbao::input::{self, Kind, Limits, PositionMap};
use nianbao::lsp::convert::{self, Encoding};
use nianbao::lsp::document::Document;
use tower_lsp_server::ls_types::Position;

// ---------------------------------------------------------------------------
// Target `parse`: parser and rules on arbitrary bytes, through the decoders.
// ---------------------------------------------------------------------------

/// Bounds of the PDF reader under fuzzing: small, so that an input that
/// would spend them is refused quickly.
pub const PDF_LIMITS: input::pdf::Limits = input::pdf::Limits {
    file_bytes: 4 << 20,
    inflated_bytes: 16 << 20,
    operators: 200_000,
    glyphs: 50_000,
    pages: 200,
    rules: 20_000,
};

/// The `pdf` target: the bytes as a PDF (the first byte's bit 0 chooses the
/// messages' language). Property: the reader never panics and stays within
/// its bounds; on what it reads, the analysis and every rendering (places
/// with pages, JSON, human) never panic and every finding lies inside the
/// text (as for `parse`).
pub fn pdf(data: &[u8]) {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let lang = if mode & 1 == 0 { Lang::Zh } else { Lang::En };
    if let Ok(d) = input::pdf::convert_with(rest, &PDF_LIMITS) {
        assert!(!d.text.is_empty());
        check_text(&d.text, Some(&d.map), lang);
    }
}

/// Separates the parts of a `.docx` in the `parse` target's docx mode:
/// `document.xml SEP numbering.xml SEP styles.xml`.
pub const DOCX_PART_SEP: &[u8] = b"\xffPART\xff";

/// The `parse` target. The first byte chooses the path into the parser (its
/// low two bits) and the message language (bit 2); the rest is the input:
///
/// - 0: what `nianbao check` does with a file of unknown extension: the kind
///   detected from the bytes (zip → .docx, markup → .html, else text), then
///   that kind's converter;
/// - 1: the bytes as `word/document.xml` (and `numbering.xml`, `styles.xml`
///   after [`DOCX_PART_SEP`]) packed into a valid zip, so that mutations reach
///   the XML reader instead of failing the zip's checksums;
/// - 2: the bytes as a web page;
/// - 3: the bytes as a text file (encoding detection), or as UTF-8 with
///   replacement characters when they do not decode.
///
/// Property: no converter and no part of the analysis panics; every finding,
/// related cell and fix edit lies inside the text on character boundaries; a
/// fix's edits never overlap; the human and JSON renderings (line/column
/// conversion, caret excerpts, document places) never panic; fix-all's edits
/// lie inside the text and applying them never panics.
pub fn parse(data: &[u8]) {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let lang = if mode & 4 == 0 { Lang::Zh } else { Lang::En };
    let doc: Option<(String, Option<PositionMap>)> = match mode & 3 {
        0 => match Kind::detect(None, rest) {
            Kind::Text => input::decode::decode(rest).ok().map(|d| (d.text, None)),
            Kind::Docx => input::docx::convert(rest, &nianbao::input::Limits::default())
                .ok()
                .map(|d| (d.text, Some(d.map))),
            Kind::Html => input::html::convert(rest, &nianbao::input::Limits::default())
                .ok()
                .map(|d| (d.text, Some(d.map))),
            Kind::Pdf => input::pdf::convert_with(rest, &PDF_LIMITS)
                .ok()
                .map(|d| (d.text, Some(d.map))),
        },
        1 => input::docx::convert(&docx_package(rest), &nianbao::input::Limits::default())
            .ok()
            .map(|d| (d.text, Some(d.map))),
        2 => input::html::convert(rest, &nianbao::input::Limits::default())
            .ok()
            .map(|d| (d.text, Some(d.map))),
        _ => Some(match input::decode::decode(rest) {
            Ok(d) => (d.text, None),
            Err(_) => (String::from_utf8_lossy(rest).into_owned(), None),
        }),
    };
    if let Some((text, map)) = doc {
        check_text(&text, map.as_ref(), lang);
    }
}

/// A `.docx` package (stored, not deflated) holding the parts in `data`.
pub fn docx_package(data: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut parts = split_all(data, DOCX_PART_SEP).into_iter();
    let names = ["word/document.xml", "word/numbering.xml", "word/styles.xml"];
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for name in names {
        let Some(part) = parts.next() else { break };
        zip.start_file(name, options).expect("zip entry");
        zip.write_all(part).expect("zip write");
    }
    zip.finish().expect("zip finish").into_inner()
}

fn split_all<'a>(mut data: &'a [u8], sep: &[u8]) -> Vec<&'a [u8]> {
    let mut out = Vec::new();
    while let Some(i) = data.windows(sep.len()).position(|w| w == sep) {
        out.push(&data[..i]);
        data = &data[i + sep.len()..];
    }
    out.push(data);
    out
}

fn assert_span(text: &str, s: Span, what: &dyn std::fmt::Debug) {
    assert!(
        s.start <= s.end && s.end <= text.len(),
        "out of the text ({} bytes): {what:?}",
        text.len()
    );
    assert!(
        text.is_char_boundary(s.start) && text.is_char_boundary(s.end),
        "not on character boundaries: {what:?}"
    );
}

/// Analyses `text` and checks the findings' ranges, the renderings and fix-all.
pub fn check_text(text: &str, map: Option<&PositionMap>, lang: Lang) -> Analysis {
    let config = Config::with_lang(lang);
    let a = analyze(text, &config);
    for f in &a.findings {
        assert_span(text, f.span, f);
        for r in &f.related {
            assert_span(text, r.span, f);
        }
        for x in &f.fixes {
            let mut spans: Vec<Span> = Vec::new();
            for e in &x.edits {
                assert_span(text, e.span, f);
                assert!(
                    spans.iter().all(|s| !s.overlaps(&e.span)),
                    "edits of one fix overlap: {f:?}"
                );
                spans.push(e.span);
            }
        }
    }
    let mut out = String::new();
    nianbao::cli::render::human(
        "fuzz.txt",
        text,
        &a,
        map,
        lang,
        nianbao::cli::render::Style { color: false },
        &mut out,
    );
    let json = nianbao::cli::render::json_file("fuzz.txt", text, &a, map, lang);
    serde_json::from_str::<serde_json::Value>(&json).expect("JSON output");
    let edits = fix::fix_all(&a.report, &a.findings);
    for e in &edits {
        assert_span(text, e.span, e);
    }
    let _ = fix::apply(text, &edits);
    a
}

// ---------------------------------------------------------------------------
// Targets `html` and `docx`: the readers within small input limits.
// ---------------------------------------------------------------------------

/// Small input limits chosen by one byte, so that the fuzzer reaches every
/// limit (and the code past each) with small inputs: text 1–128 KB, cells
/// 50–6,400, nodes 100–12,800, depth 1–61.
pub fn fuzz_limits(b: u8) -> Limits {
    Limits {
        bytes: 4 << 20,
        text: 1024 << (b & 7),
        cells: 50 << ((b >> 3) & 7),
        nodes: 100 << ((b >> 3) & 7),
        depth: 1 + 20 * (b >> 6) as usize,
    }
}

/// A document read within `limits`: its text within `text`, its places
/// within `cells` + `nodes`, every place describable, and the text checked
/// as a report (`check_text`). An error is one the readers give.
fn check_document(result: Result<input::Document, input::InputError>, limits: &Limits, lang: Lang) {
    let d = match result {
        Ok(d) => d,
        Err(e) => {
            assert!(!e.message(lang).is_empty());
            return;
        }
    };
    assert!(
        d.text.len() <= limits.text,
        "{} > {}",
        d.text.len(),
        limits.text
    );
    assert!(
        d.map.len() <= limits.cells + limits.nodes,
        "{} places",
        d.map.len()
    );
    let mut offset = 0;
    for line in d.text.split_inclusive('\n') {
        let _ = d.map.describe(offset, None, lang);
        offset += line.len();
    }
    check_text(&d.text, Some(&d.map), lang);
}

/// The `html` target: the first byte chooses the limits (`fuzz_limits`), the
/// rest is a web page. Property: within any limits the reader ends (the
/// fuzzer's time limit), never panics, and keeps its output within them
/// (`check_document`).
pub fn html_reader(data: &[u8]) {
    let Some((&b, page)) = data.split_first() else {
        return;
    };
    let limits = fuzz_limits(b);
    check_document(input::html::convert(page, &limits), &limits, Lang::Zh);
}

/// The `docx` target: the first byte chooses the limits, the rest is
/// `document.xml`, `numbering.xml` and `styles.xml` (see `DOCX_PART_SEP`)
/// packed into a zip. Property: as for `html`.
pub fn docx_reader(data: &[u8]) {
    let Some((&b, parts)) = data.split_first() else {
        return;
    };
    let limits = fuzz_limits(b);
    let package = docx_package(parts);
    check_document(input::docx::convert(&package, &limits), &limits, Lang::En);
}

// ---------------------------------------------------------------------------
// Target `fix`: the fix engine.
// ---------------------------------------------------------------------------

/// Where a span of the original text lies after `edits` (sorted, disjoint) were
/// applied. Text replaced around either end of the span and text inserted at
/// them counts as inside it, so the image covers whatever a fix wrote at the
/// finding's place.
pub fn map_span(edits: &[Edit], s: Span) -> Span {
    Span::new(image(edits, s.start, false), image(edits, s.end, true))
}

/// Where offset `x` lies after `edits`: an offset inside replaced text goes to
/// the replacement's start (`right` false) or end (`right` true); text
/// inserted exactly at `x` lies before it when `right`.
fn image(edits: &[Edit], x: usize, right: bool) -> usize {
    let mut shift: isize = 0;
    for e in edits {
        let delta = e.new_text.len() as isize - e.span.len() as isize;
        let before = e.span.end < x || (e.span.end == x && (!e.span.is_empty() || right));
        if before {
            shift += delta;
            continue;
        }
        if e.span.start < x {
            let start = (e.span.start as isize + shift) as usize;
            return if right {
                start + e.new_text.len()
            } else {
                start
            };
        }
        break;
    }
    (x as isize + shift) as usize
}

/// Whether two spans overlap or touch (an empty span touches its point).
fn touches(a: Span, b: Span) -> bool {
    a.start <= b.end && b.start <= a.end
}

/// Whether `g` (after the fixes) is the finding `f` (before them) again: the
/// same rule at the image of its range. A missing section is also named by its
/// message, since several can share an insertion point.
fn same_finding(f: &Finding, g: &Finding, image: Span) -> bool {
    g.rule == f.rule
        && touches(g.span, image)
        && (f.rule != "missing-section" || g.message == f.message)
}

/// The findings whose safe fix fix-all applied completely.
pub fn addressed<'a>(findings: &'a [Finding], edits: &[Edit]) -> Vec<&'a Finding> {
    findings
        .iter()
        .filter(|f| {
            f.fixes
                .iter()
                .any(|x| x.safe && !x.edits.is_empty() && x.edits.iter().all(|e| edits.contains(e)))
        })
        .collect()
}

/// The `fix` target: the bytes as text (UTF-8, invalid sequences replaced).
///
/// Property, for any text T with analysis A, E = fix_all(A), T' = apply(T, E)
/// and A' = analyze(T'):
///
/// 1. Nothing panics. E's edits lie inside T on character boundaries, are
///    sorted and pairwise disjoint (insertions at one point excepted), and
///    `apply` applies every one of them.
/// 2. Every finding of A that E addresses — one whose safe fix is wholly part
///    of E: a recomputed row total (row-total), （七）总计 column
///    (result-total) or table-4 group total (review-total), a canonical label
///    (label-drift) or heading (nonstandard-heading), normalised digits
///    (invalid-number), an inserted heading (missing-section), a filled total
///    (empty-cell) — is gone from A': A' has no finding of the same rule
///    whose range overlaps or touches the image of the finding's range in T'
///    (`map_span`: the range moved by the edits before it, widened by what
///    was written at its ends) — for missing-section, none naming the same
///    section.
/// 3. `--fix` converges: after `cli::check::fix_text` (fix-all repeated until
///    nothing changes, at most 8 rounds) a further fix-all changes nothing, so
///    running `nianbao check --fix` twice changes nothing the second time.
pub fn fix_engine(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let text = text.as_ref();
    let config = Config::default();
    let a = analyze(text, &config);
    let edits = fix::fix_all(&a.report, &a.findings);
    for e in &edits {
        assert_span(text, e.span, e);
    }
    for w in edits.windows(2) {
        assert!(
            w[0].span.end <= w[1].span.start,
            "fix-all's edits overlap or are unsorted: {w:?}"
        );
    }
    let (fixed, applied) = fix::apply(text, &edits);
    assert_eq!(applied, edits.len(), "apply skipped edits of fix-all");
    let b = analyze(&fixed, &config);
    for f in addressed(&a.findings, &edits) {
        let image = map_span(&edits, f.span);
        if let Some(g) = b.findings.iter().find(|g| same_finding(f, g, image)) {
            panic!(
                "fix-all did not fix a finding it addresses\n  before: {f:?}\n  after:  {g:?}\n  image: {image:?}\n  edits: {edits:?}\n  fixed text: {fixed:?}"
            );
        }
    }
    let (converged, _, c) = nianbao::cli::check::fix_text(text, &config);
    let again = fix::fix_all(&c.report, &c.findings);
    let (twice, _) = fix::apply(&converged, &again);
    assert_eq!(
        twice, converged,
        "a second --fix would change the text again: {again:?}"
    );
}

// ---------------------------------------------------------------------------
// Target `edits`: the language server's incremental document.
// ---------------------------------------------------------------------------

/// Separates the initial text from the edit script in the `edits` target
/// (0xFF never occurs in UTF-8).
pub const EDITS_SEP: u8 = 0xFF;

/// Pieces an edit may insert: the characters that change how lines break and
/// split into cells, and text that changes a line's kind.
const PIECES: [&str; 16] = [
    "\n",
    "\r",
    "\r\n",
    "\t",
    " |",
    "|",
    "0",
    "17",
    "（一）予以公开",
    "三、收到和处理政府信息公开申请情况\n",
    "四、结转下年度继续办理\t1\t0\t0\t0\t0\t0\t1\n",
    "𠀀😀",
    "## ",
    "---\n",
    "- 3 -",
    "\u{feff}",
];

/// Reads the edit script: a stream of operations, each a kind byte followed by
/// its operands; a truncated operation ends the script.
struct Script<'a> {
    data: &'a [u8],
}

impl Script<'_> {
    fn byte(&mut self) -> Option<u8> {
        let (&b, rest) = self.data.split_first()?;
        self.data = rest;
        Some(b)
    }
    fn u16(&mut self) -> Option<usize> {
        Some(((self.byte()? as usize) << 8) | self.byte()? as usize)
    }
    /// Inserted text: a piece, or up to 31 bytes of the script as UTF-8.
    fn text(&mut self) -> Option<String> {
        let b = self.byte()?;
        if b & 0x80 != 0 {
            return Some(PIECES[(b & 0x0F) as usize].to_string());
        }
        let n = ((b & 0x1F) as usize).min(self.data.len());
        let (t, rest) = self.data.split_at(n);
        self.data = rest;
        Some(String::from_utf8_lossy(t).into_owned())
    }
}

/// The `edits` target: `initial text 0xFF script`. The script's operations:
///
/// - kind % 4 == 0: `Document::edit(start, end, text)` with character indices
///   (u16 each, may lie past the end: clamped, or reversed: swapped);
/// - 1 and 2: an LSP range edit as the server applies it: (line, column)
///   positions in UTF-16 (1) or UTF-8 (2) units through
///   `convert::position_to_char`, lines and columns possibly out of range or
///   inside a character;
/// - 3: a full-text replacement (`replace_all`).
///
/// Property: after every operation the document's lines equal `classify_all`
/// of its text, one per rope line; after the last, its analysis (the server's
/// cached, incremental path) has the findings of a full `analyze` of its text,
/// and asking again for the same version returns the cached analysis. (The
/// findings depend only on the final lines, so checking them once per input
/// keeps the target fast; the lines are checked at every step.)
pub fn edits(data: &[u8]) {
    let split = data
        .iter()
        .position(|b| *b == EDITS_SEP)
        .unwrap_or(data.len());
    let initial = String::from_utf8_lossy(&data[..split]);
    let mut script = Script {
        data: data.get(split + 1..).unwrap_or(&[]),
    };
    let config = Config::default();
    let mut doc = Document::new(&initial, 1);
    check_lines(&doc);
    let mut version = 1;
    while let Some(kind) = script.byte() {
        let applied = match kind % 4 {
            0 => (|| {
                let (s, e, t) = (script.u16()?, script.u16()?, script.text()?);
                doc.edit(s, e, &t);
                Some(())
            })(),
            k @ (1 | 2) => (|| {
                let enc = if k == 1 {
                    Encoding::Utf16
                } else {
                    Encoding::Utf8
                };
                let pos = |l: usize, c: usize| Position::new(l as u32, c as u32);
                let (a, b) = (
                    pos(script.byte()? as usize, script.byte()? as usize),
                    pos(script.byte()? as usize, script.byte()? as usize),
                );
                let t = script.text()?;
                let s = convert::position_to_char(doc.rope(), a, enc);
                let e = convert::position_to_char(doc.rope(), b, enc);
                assert!(s <= doc.rope().len_chars() && e <= doc.rope().len_chars());
                doc.edit(s, e, &t);
                Some(())
            })(),
            _ => (|| {
                let t = script.text()?;
                doc.replace_all(&t);
                Some(())
            })(),
        };
        if applied.is_none() {
            break;
        }
        version += 1;
        doc.version = version;
        check_lines(&doc);
    }
    check_findings(&mut doc, &config);
}

fn check_lines(doc: &Document) {
    let text = doc.text();
    assert_eq!(
        doc.lines().len(),
        doc.rope().len_lines(),
        "one line per rope line: {text:?}"
    );
    assert_eq!(
        doc.lines(),
        classify_all(&text).as_slice(),
        "incremental lines: {text:?}"
    );
}

fn check_findings(doc: &mut Document, config: &Config) {
    let text = doc.text();
    let inc = doc.analysis(config);
    let a = analyze(&text, config);
    assert_eq!(inc.findings, a.findings, "incremental findings: {text:?}");
    // The cached analysis is the same object while the version stays.
    let again = doc.analysis(config);
    assert!(std::sync::Arc::ptr_eq(&inc, &again), "cache of one version");
}
