//! Pieces of WordprocessingML the writer makes: the content of a run for a
//! text, and new paragraphs and rows copied from a model element of the same
//! document (its properties kept, its text replaced).

use super::Refusal;
use quick_xml::events::{BytesStart, Event};
use quick_xml::reader::Reader;
use std::ops::Range;

/// Escapes text for element content.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            _ => out.push(c),
        }
    }
    out
}

/// The namespace prefix (with its colon, or empty) of the element whose start
/// tag begins at `xml[at]` ("w:" for `<w:p>`).
pub fn prefix_at(xml: &[u8], at: usize) -> String {
    let name: Vec<u8> = xml
        .get(at + 1..)
        .unwrap_or_default()
        .iter()
        .copied()
        .take_while(|b| !b.is_ascii_whitespace() && *b != b'>' && *b != b'/')
        .collect();
    match name.iter().rposition(|b| *b == b':') {
        Some(i) => String::from_utf8_lossy(&name[..=i]).into_owned(),
        None => String::new(),
    }
}

/// The content of a run holding `text`: `w:t` elements, with `w:tab` for a
/// TAB and `w:br` for a line break (as the reader reads them back).
pub fn run_content(w: &str, text: &str) -> String {
    let mut out = String::new();
    let mut segment = String::new();
    let flush = |out: &mut String, segment: &mut String| {
        if segment.is_empty() {
            return;
        }
        // Word drops leading and trailing spaces of a `w:t` without it.
        let space =
            if segment.starts_with(char::is_whitespace) || segment.ends_with(char::is_whitespace) {
                " xml:space=\"preserve\""
            } else {
                ""
            };
        out.push_str(&format!("<{w}t{space}>{}</{w}t>", escape(segment)));
        segment.clear();
    };
    for c in text.chars() {
        match c {
            '\t' => {
                flush(&mut out, &mut segment);
                out.push_str(&format!("<{w}tab/>"));
            }
            '\n' => {
                flush(&mut out, &mut segment);
                out.push_str(&format!("<{w}br/>"));
            }
            _ => segment.push(c),
        }
    }
    flush(&mut out, &mut segment);
    out
}

/// A new run: `rpr` (run properties, copied) and `text`.
pub fn run(w: &str, rpr: &str, text: &str) -> String {
    format!("<{w}r>{rpr}{}</{w}r>", run_content(w, text))
}

/// An element of a fragment: its local name, range, nesting depth (0 for
/// the fragment's root) and the range of its start tag.
#[derive(Debug)]
struct Element {
    local: Vec<u8>,
    range: Range<usize>,
    depth: usize,
    start_tag: Range<usize>,
}

/// The elements of a well-formed fragment, in document order.
fn elements(fragment: &[u8]) -> Result<Vec<Element>, Refusal> {
    let mut r = Reader::from_reader(fragment);
    let mut open: Vec<usize> = Vec::new();
    let mut out: Vec<Element> = Vec::new();
    loop {
        let start = r.buffer_position() as usize;
        let ev = r.read_event().map_err(|_| Refusal::Unfaithful)?;
        let end = r.buffer_position() as usize;
        let element = |e: &BytesStart, depth| Element {
            local: e.local_name().as_ref().to_vec(),
            range: start..end,
            depth,
            start_tag: start..end,
        };
        match ev {
            Event::Start(e) => {
                open.push(out.len());
                out.push(element(&e, open.len() - 1));
            }
            Event::Empty(e) => out.push(element(&e, open.len())),
            Event::End(_) => {
                let i = open.pop().ok_or(Refusal::Unfaithful)?;
                out[i].range.end = end;
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !open.is_empty() {
        return Err(Refusal::Unfaithful);
    }
    Ok(out)
}

/// The children of `parent` (an index into `all`).
fn children(all: &[Element], parent: usize) -> impl Iterator<Item = (usize, &Element)> {
    let p = &all[parent];
    all.iter()
        .enumerate()
        .skip(parent + 1)
        .take_while(move |(_, e)| e.range.start < p.range.end)
        .filter(move |(_, e)| e.depth == p.depth + 1)
}

fn child<'a>(all: &'a [Element], parent: usize, local: &[u8]) -> Option<(usize, &'a Element)> {
    children(all, parent).find(|(_, e)| e.local == local)
}

/// `fragment[range]` without the elements inside it named in `drop`.
fn copy_without(fragment: &[u8], all: &[Element], range: Range<usize>, drop: &[&[u8]]) -> String {
    let mut out = Vec::with_capacity(range.len());
    let mut pos = range.start;
    for e in all {
        let inside = e.range.start > range.start && e.range.end <= range.end;
        if inside && e.range.start >= pos && drop.contains(&e.local.as_slice()) {
            out.extend_from_slice(&fragment[pos..e.range.start]);
            pos = e.range.end;
        }
    }
    out.extend_from_slice(&fragment[pos..range.end]);
    String::from_utf8_lossy(&out).into_owned()
}

/// A start tag without the attributes that must stay unique in a document
/// (`w14:paraId`, `w14:textId`), closed with `>` even if it was empty.
fn open_tag(fragment: &[u8], tag: Range<usize>) -> String {
    let raw = &fragment[tag];
    let inner = raw
        .strip_prefix(b"<")
        .unwrap_or(raw)
        .strip_suffix(b">")
        .unwrap_or(raw);
    let inner = inner.strip_suffix(b"/").unwrap_or(inner);
    let name_len = inner
        .iter()
        .position(|b| b.is_ascii_whitespace())
        .unwrap_or(inner.len());
    let e = BytesStart::from_content(String::from_utf8_lossy(inner).into_owned(), name_len);
    let mut out = format!("<{}", String::from_utf8_lossy(e.name().as_ref()));
    for a in e.attributes().with_checks(false).flatten() {
        let local = a.key.local_name();
        if local.as_ref() == b"paraId" || local.as_ref() == b"textId" {
            continue;
        }
        let value = String::from_utf8_lossy(&a.value);
        let q = if value.contains('"') { '\'' } else { '"' };
        out.push_str(&format!(
            " {}={q}{value}{q}",
            String::from_utf8_lossy(a.key.as_ref())
        ));
    }
    out.push('>');
    out
}

/// Paragraph properties that must not be copied: a section break, list
/// numbering (the inserted text has its own numbers), tracked changes.
const DROP_PPR: &[&[u8]] = &[
    b"sectPr",
    b"numPr",
    b"pPrChange",
    b"ins",
    b"del",
    b"moveFrom",
    b"moveTo",
    b"rPrChange",
];
/// Run properties that must not be copied: tracked changes.
const DROP_RPR: &[&[u8]] = &[b"ins", b"del", b"moveFrom", b"moveTo", b"rPrChange"];

/// Run properties fit for a new run, from run properties or a paragraph
/// mark's (`w:pPr/w:rPr`): without tracked changes.
pub fn run_properties(xml: &[u8], rpr: Range<usize>) -> String {
    let fragment = &xml[rpr];
    match elements(fragment) {
        Ok(all) if !all.is_empty() => copy_without(fragment, &all, all[0].range.clone(), DROP_RPR),
        _ => String::new(),
    }
}

/// The formatting of a paragraph: its properties and those of its first run
/// that has any, ready to be copied.
struct Format {
    open: String,
    ppr: String,
    rpr: String,
    close: String,
}

fn paragraph_format(fragment: &[u8], all: &[Element], p: usize) -> Format {
    let ppr = child(all, p, b"pPr")
        .map(|(_, e)| copy_without(fragment, all, e.range.clone(), DROP_PPR))
        .unwrap_or_default();
    // The first run's properties: an `rPr` outside `pPr`.
    let ppr_range = child(all, p, b"pPr").map(|(_, e)| e.range.clone());
    let rpr = all
        .iter()
        .skip(p + 1)
        .take_while(|e| e.range.start < all[p].range.end)
        .filter(|e| e.local == b"rPr")
        .find(|e| {
            ppr_range
                .as_ref()
                .is_none_or(|r| !r.contains(&e.range.start))
        })
        .map(|e| copy_without(fragment, all, e.range.clone(), DROP_RPR))
        .unwrap_or_default();
    let w = prefix_at(fragment, all[p].range.start);
    Format {
        open: open_tag(fragment, all[p].start_tag.clone()),
        ppr,
        rpr,
        close: format!("</{w}p>"),
    }
}

/// A new paragraph holding `text`, formatted as the paragraph `model`.
pub fn paragraph_like(xml: &[u8], model: Range<usize>, text: &str) -> Result<String, Refusal> {
    let fragment = &xml[model];
    let all = elements(fragment)?;
    if all.first().is_none_or(|e| e.local != b"p") {
        return Err(Refusal::NoModel);
    }
    let f = paragraph_format(fragment, &all, 0);
    let w = prefix_at(fragment, 0);
    Ok(format!(
        "{}{}{}{}",
        f.open,
        f.ppr,
        run(&w, &f.rpr, text),
        f.close
    ))
}

/// Row properties that must not be copied: tracked changes.
const DROP_TRPR: &[&[u8]] = &[b"ins", b"del", b"trPrChange"];
/// Cell properties that must not be copied: tracked changes.
const DROP_TCPR: &[&[u8]] = &[b"tcPrChange", b"cellIns", b"cellDel", b"cellMerge"];

/// A new table row holding `line` (cells separated by TAB, as the reader
/// reads a row), formatted as the row `model`. Refused when the line's cells
/// do not fit the model's grid, or the model has vertically merged cells
/// (where the new row would belong to a merge is a layout decision).
pub fn row_like(xml: &[u8], model: Range<usize>, line: &str) -> Result<String, Refusal> {
    let fragment = &xml[model];
    let all = elements(fragment)?;
    if all.first().is_none_or(|e| e.local != b"tr") {
        return Err(Refusal::NoModel);
    }
    let w = prefix_at(fragment, 0);
    let fields: Vec<&str> = line.split('\t').collect();
    let mut out = open_tag(fragment, all[0].start_tag.clone());
    let mut grid = 0;
    if let Some((i, e)) = child(&all, 0, b"trPr") {
        out.push_str(&copy_without(fragment, &all, e.range.clone(), DROP_TRPR));
        grid = child(&all, i, b"gridBefore")
            .and_then(|(_, g)| attr_val(fragment, g))
            .unwrap_or(0);
    }
    if fields.iter().take(grid).any(|f| !f.is_empty()) {
        return Err(Refusal::RowShape);
    }
    for (i, tc) in children(&all, 0).filter(|(_, e)| e.local == b"tc") {
        let tcpr = child(&all, i, b"tcPr");
        let span = tcpr
            .and_then(|(k, _)| child(&all, k, b"gridSpan"))
            .and_then(|(_, g)| attr_val(fragment, g))
            .unwrap_or(1)
            .max(1);
        if tcpr.is_some_and(|(k, _)| child(&all, k, b"vMerge").is_some()) {
            return Err(Refusal::RowShape);
        }
        let text = *fields.get(grid).ok_or(Refusal::RowShape)?;
        if (grid + 1..grid + span).any(|g| fields.get(g).is_some_and(|f| !f.is_empty())) {
            return Err(Refusal::RowShape);
        }
        grid += span;
        out.push_str(&open_tag(fragment, tc.start_tag.clone()));
        if let Some((_, e)) = tcpr {
            out.push_str(&copy_without(fragment, &all, e.range.clone(), DROP_TCPR));
        }
        let format = child(&all, i, b"p").map(|(k, _)| paragraph_format(fragment, &all, k));
        let (open, ppr, rpr, close) = match format {
            Some(f) => (f.open, f.ppr, f.rpr, f.close),
            None => (
                format!("<{w}p>"),
                String::new(),
                String::new(),
                format!("</{w}p>"),
            ),
        };
        out.push_str(&open);
        out.push_str(&ppr);
        if !text.is_empty() {
            out.push_str(&run(&w, &rpr, text));
        }
        out.push_str(&close);
        out.push_str(&format!("</{w}tc>"));
    }
    if grid != fields.len() {
        return Err(Refusal::RowShape);
    }
    out.push_str(&format!("</{w}tr>"));
    Ok(out)
}

/// The numeric `val` attribute of an element.
fn attr_val(fragment: &[u8], e: &Element) -> Option<usize> {
    let raw = &fragment[e.start_tag.clone()];
    let inner = raw.strip_prefix(b"<")?;
    let inner = inner.strip_suffix(b">")?;
    let inner = inner.strip_suffix(b"/").unwrap_or(inner);
    let name_len = inner
        .iter()
        .position(|b| b.is_ascii_whitespace())
        .unwrap_or(inner.len());
    let s = BytesStart::from_content(String::from_utf8_lossy(inner).into_owned(), name_len);
    let v = s
        .attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == b"val")?;
    std::str::from_utf8(&v.value).ok()?.trim().parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_carry_tabs_and_breaks_as_elements() {
        assert_eq!(
            run_content("w:", "a&b\tc \n"),
            "<w:t>a&amp;b</w:t><w:tab/><w:t xml:space=\"preserve\">c </w:t><w:br/>"
        );
        assert_eq!(prefix_at(b"<w:p>", 0), "w:");
        assert_eq!(prefix_at(b"<p/>", 0), "");
    }

    #[test]
    fn a_paragraph_copies_its_model_without_numbering_ids_or_section_break() {
        let model = r#"<w:p w14:paraId="1A2B" w:rsidR="00AB"><w:pPr><w:pStyle w:val="2"/><w:numPr><w:ilvl w:val="0"/><w:numId w:val="3"/></w:numPr><w:sectPr/><w:rPr><w:ins w:id="1"/><w:b/></w:rPr></w:pPr><w:r><w:rPr><w:rFonts w:eastAsia="黑体"/><w:sz w:val="32"/></w:rPr><w:t>二、旧</w:t></w:r></w:p>"#.as_bytes();
        let p = paragraph_like(model, 0..model.len(), "三、新").unwrap();
        assert_eq!(
            p,
            r#"<w:p w:rsidR="00AB"><w:pPr><w:pStyle w:val="2"/><w:rPr><w:b/></w:rPr></w:pPr><w:r><w:rPr><w:rFonts w:eastAsia="黑体"/><w:sz w:val="32"/></w:rPr><w:t>三、新</w:t></w:r></w:p>"#
        );
        let empty = b"<w:p/>";
        assert_eq!(
            paragraph_like(empty, 0..6, " x").unwrap(),
            r#"<w:p><w:r><w:t xml:space="preserve"> x</w:t></w:r></w:p>"#
        );
    }

    #[test]
    fn a_row_fits_the_model_grid_or_is_refused() {
        let model = br#"<w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:rPr><w:b/></w:rPr><w:t>a</w:t></w:r></w:p></w:tc><w:tc><w:p/></w:tc></w:tr>"#;
        let r = row_like(model, 0..model.len(), "\t标签\t\t7").unwrap();
        assert_eq!(
            r,
            r#"<w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:rPr><w:b/></w:rPr><w:t>标签</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>7</w:t></w:r></w:p></w:tc></w:tr>"#
        );
        for bad in ["标签\t\t\t7", "\t标签\t1\t7", "\t标签\t\t7\t8", "\t标签"] {
            assert_eq!(
                row_like(model, 0..model.len(), bad),
                Err(Refusal::RowShape),
                "{bad}"
            );
        }
        let merged = br#"<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc></w:tr>"#;
        assert_eq!(
            row_like(merged, 0..merged.len(), ""),
            Err(Refusal::RowShape)
        );
    }

    #[test]
    fn run_properties_lose_tracked_changes() {
        let x = br#"<w:rPr><w:del w:id="2"/><w:b/><w:rPrChange><w:rPr/></w:rPrChange></w:rPr>"#;
        assert_eq!(run_properties(x, 0..x.len()), "<w:rPr><w:b/></w:rPr>");
    }
}
