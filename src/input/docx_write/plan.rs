//! One round of fixes: text edits carried back to `word/document.xml`.
//!
//! An edit inside one paragraph changes the `w:t` elements its range covers
//! (the run where the change starts takes the new text; runs around it keep
//! their formatting). An edit inside one cell replaces the cell's text: in
//! its first run, the other runs emptied (a cell without a run gets one,
//! formatted as its paragraph mark or its row's other cells). Whole lines
//! inserted between blocks become new paragraphs, or rows, copied from a
//! neighbour's formatting. Anything else is refused with the reason.
//!
//! Every round is checked: the new XML is read back and must give exactly
//! the text the edits make. A change that does not is refused, alone.

use super::{DocEdit, Refusal, xml};
use crate::analysis::finding::Edit;
use crate::analysis::fix;
use crate::analysis::text::Span;
use crate::input::docx;
use crate::input::docx_map::{BlockXml, DocxMap, Origin, UnitXml, XmlCell, XmlParagraph};
use crate::input::numbering::Numbering;
use crate::input::{Document, InputError, Limits};
use std::collections::BTreeMap;
use std::ops::Range;

/// Replace `range` of the XML by `with`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Splice {
    pub range: Range<usize>,
    pub with: String,
}

impl Splice {
    fn clashes(&self, other: &Splice) -> bool {
        let (a, b) = (&self.range, &other.range);
        if a.is_empty() && b.is_empty() {
            return a.start == b.start;
        }
        if a.is_empty() || b.is_empty() {
            let (p, r) = if a.is_empty() {
                (a.start, b)
            } else {
                (b.start, a)
            };
            return r.start < p && p < r.end;
        }
        a.start < b.end && b.start < a.end
    }
}

/// A change the round may make: the edits it carries out, those edits as
/// they change the text (inserted blank lines dropped), and the splices.
struct Candidate {
    edits: Vec<Edit>,
    text_edits: Vec<Edit>,
    splices: Vec<Splice>,
}

/// What a round did.
pub struct Round {
    pub xml: Vec<u8>,
    pub document: Document,
    pub map: DocxMap,
    pub applied: usize,
    pub refused: Vec<(Edit, Refusal)>,
}

/// The document as it is, for `text`.
pub struct Current<'a> {
    pub xml: &'a [u8],
    pub document: &'a Document,
    pub map: &'a DocxMap,
    pub numbering: &'a Numbering,
    /// The input limits the document was read within.
    pub limits: &'a Limits,
}

/// Carries out as many of `edits` as can be done faithfully.
pub fn round(cur: &Current, edits: &[DocEdit]) -> Result<Round, InputError> {
    let (candidates, mut refused) = plan(cur, edits);
    let (accepted, more) = accept(candidates);
    refused.extend(more);
    let (kept, unfaithful) = verified(cur, accepted)?;
    for c in unfaithful {
        refused.extend(c.edits.into_iter().map(|e| (e, Refusal::Unfaithful)));
    }
    let applied = kept.iter().map(|c| c.edits.len()).sum();
    let (xml, document, map) = match attempt(cur, &kept)? {
        Some(x) => x,
        None => (cur.xml.to_vec(), cur.document.clone(), cur.map.clone()),
    };
    Ok(Round {
        xml,
        document,
        map,
        applied,
        refused,
    })
}

/// The candidates for `edits`, and the edits refused at once.
fn plan(cur: &Current, edits: &[DocEdit]) -> (Vec<Candidate>, Vec<(Edit, Refusal)>) {
    let text = &cur.document.text;
    let mut refused = Vec::new();
    let mut by_unit: BTreeMap<usize, Vec<Edit>> = BTreeMap::new();
    let mut candidates = Vec::new();
    for de in edits {
        let e = &de.edit;
        if let Some(lines) = whole_lines(text, e) {
            let text_edit = Edit::insert(e.span.start, format!("{}\n", lines.join("\n")));
            match insertion(cur, e.span.start, &lines, de.like) {
                Ok(splices) => candidates.push(Candidate {
                    edits: vec![e.clone()],
                    text_edits: vec![text_edit],
                    splices,
                }),
                Err(r) => refused.push((e.clone(), r)),
            }
            continue;
        }
        let range = e.span.start..e.span.end;
        match cur.map.unit_of(&range) {
            Some(i) => by_unit.entry(i).or_default().push(e.clone()),
            None => refused.push((e.clone(), Refusal::Spans)),
        }
    }
    for (i, edits) in by_unit {
        match unit_change(cur, i, &edits) {
            Ok(splices) => candidates.push(Candidate {
                text_edits: edits.clone(),
                edits,
                splices,
            }),
            Err(r) => refused.extend(edits.into_iter().map(|e| (e, r))),
        }
    }
    (candidates, refused)
}

/// The non-blank lines an edit inserts, when it inserts whole lines at the
/// start of a line.
fn whole_lines(text: &str, e: &Edit) -> Option<Vec<String>> {
    let at = e.span.start;
    let line_start = at == 0 || text.as_bytes().get(at - 1) == Some(&b'\n');
    if !e.span.is_empty() || !line_start || !e.new_text.ends_with('\n') {
        return None;
    }
    Some(
        e.new_text
            .split('\n')
            .map(|l| l.trim_end_matches('\r'))
            .filter(|l| !l.trim().is_empty())
            .map(str::to_string)
            .collect(),
    )
}

/// Candidates whose splices clash with an earlier one's are refused.
fn accept(candidates: Vec<Candidate>) -> (Vec<Candidate>, Vec<(Edit, Refusal)>) {
    let mut kept: Vec<Candidate> = Vec::new();
    let mut refused = Vec::new();
    for c in candidates {
        let clash = c
            .splices
            .iter()
            .any(|s| kept.iter().flat_map(|k| &k.splices).any(|t| s.clashes(t)));
        if clash {
            refused.extend(c.edits.into_iter().map(|e| (e, Refusal::Overlap)));
        } else {
            kept.push(c);
        }
    }
    (kept, refused)
}

/// The XML with the candidates' splices, read back, if it gives the text
/// their edits make.
fn attempt(
    cur: &Current,
    candidates: &[Candidate],
) -> Result<Option<(Vec<u8>, Document, DocxMap)>, InputError> {
    if candidates.is_empty() {
        return Ok(None);
    }
    let mut splices: Vec<&Splice> = candidates.iter().flat_map(|c| &c.splices).collect();
    splices.sort_by_key(|s| (s.range.start, s.range.end));
    let mut out = Vec::with_capacity(cur.xml.len() + 256);
    let mut pos = 0;
    for s in splices {
        out.extend_from_slice(&cur.xml[pos..s.range.start]);
        out.extend_from_slice(s.with.as_bytes());
        pos = s.range.end;
    }
    out.extend_from_slice(&cur.xml[pos..]);
    let edits: Vec<Edit> = candidates
        .iter()
        .flat_map(|c| c.text_edits.clone())
        .collect();
    let expected = fix::apply(&cur.document.text, &edits).0;
    let (document, map) = match docx::parse(&out, cur.numbering.clone(), cur.limits) {
        Ok(x) => x,
        Err(_) => return Ok(None),
    };
    Ok((document.text == expected).then_some((out, document, map)))
}

/// The candidates that read back right all together; when they do not,
/// each is tried alone and the ones that fail are set apart.
fn verified(
    cur: &Current,
    candidates: Vec<Candidate>,
) -> Result<(Vec<Candidate>, Vec<Candidate>), InputError> {
    if attempt(cur, &candidates)?.is_some() || candidates.is_empty() {
        return Ok((candidates, Vec::new()));
    }
    let (mut good, mut bad) = (Vec::new(), Vec::new());
    for c in candidates {
        if attempt(cur, std::slice::from_ref(&c))?.is_some() {
            good.push(c);
        } else {
            bad.push(c);
        }
    }
    if attempt(cur, &good)?.is_none() {
        bad.append(&mut good);
    }
    Ok((good, bad))
}

/// The splices that change unit `i`'s text by `edits`.
fn unit_change(cur: &Current, i: usize, edits: &[Edit]) -> Result<Vec<Splice>, Refusal> {
    let unit = &cur.map.units[i];
    let old = &cur.document.text[unit.text.clone()];
    let local: Vec<Edit> = edits
        .iter()
        .map(|e| {
            Edit::replace(
                Span::new(e.span.start - unit.text.start, e.span.end - unit.text.start),
                e.new_text.clone(),
            )
        })
        .collect();
    let (new, n) = fix::apply(old, &local);
    if n != local.len() {
        return Err(Refusal::Overlap);
    }
    match &unit.xml {
        UnitXml::Paragraph(p) => paragraph_change(cur.xml, p, old, &new),
        UnitXml::Cell(c) => cell_change(cur, i, c, &new),
    }
}

/// The common start and end of `old` and `new`: `old[a..b]` became
/// `new[a..c]`.
fn changed(old: &str, new: &str) -> (usize, usize, usize) {
    let a: usize = old
        .chars()
        .zip(new.chars())
        .take_while(|(x, y)| x == y)
        .map(|(x, _)| x.len_utf8())
        .sum();
    let suffix: usize = old[a..]
        .chars()
        .rev()
        .zip(new[a..].chars().rev())
        .take_while(|(x, y)| x == y)
        .map(|(x, _)| x.len_utf8())
        .sum();
    (a, old.len() - suffix, new.len() - suffix)
}

/// The splices that turn paragraph `p`'s text `old` into `new`, run by run.
fn paragraph_change(
    xml: &[u8],
    p: &XmlParagraph,
    old: &str,
    new: &str,
) -> Result<Vec<Splice>, Refusal> {
    let (a, b, c) = changed(old, new);
    let mid = &new[a..c];
    let overlaps = |r: &Range<usize>| r.start < b && r.end > a;
    let texts = || {
        p.pieces.iter().filter_map(|x| match &x.origin {
            Origin::Text(r) => Some((&x.at, r)),
            _ => None,
        })
    };
    let fixed = |x: &&crate::input::docx_map::Piece| x.origin == Origin::Fixed;
    if p.pieces
        .iter()
        .filter(fixed)
        .any(|x| overlaps(&x.at) || (a == b && x.at.start < a && a < x.at.end))
    {
        return Err(Refusal::Numbering);
    }
    // The run where the change starts takes the new text.
    let host = texts()
        .find(|(at, _)| overlaps(at) || (a == b && at.start < a && a < at.end))
        .or_else(|| texts().find(|(at, _)| at.end == a))
        .or_else(|| texts().find(|(at, _)| at.start == b));
    if host.is_none() && !mid.is_empty() {
        return Err(Refusal::NoRun);
    }
    let w = xml::prefix_at(xml, p.xml.start);
    let mut splices = Vec::new();
    for piece in &p.pieces {
        let is_host = host.is_some_and(|(at, _)| *at == piece.at);
        if !overlaps(&piece.at) && !is_host {
            continue;
        }
        match &piece.origin {
            Origin::Fixed => {}
            Origin::Mark(r) => splices.push(Splice {
                range: r.clone(),
                with: String::new(),
            }),
            Origin::Text(r) => {
                let (s, t) = (piece.at.start, piece.at.end);
                let mut content = old[s..a.clamp(s, t)].to_string();
                if is_host {
                    content.push_str(mid);
                }
                content.push_str(&old[b.clamp(s, t)..t]);
                splices.push(Splice {
                    range: r.clone(),
                    with: xml::run_content(&w, &content),
                });
            }
        }
    }
    Ok(splices)
}

/// The splices that make cell `c`'s text `new`: in its first run, the other
/// runs emptied.
fn cell_change(cur: &Current, i: usize, c: &XmlCell, new: &str) -> Result<Vec<Splice>, Refusal> {
    if c.merged {
        return Err(Refusal::MergedCell);
    }
    if c.nested || !c.paragraphs.iter().all(XmlParagraph::editable) {
        return Err(Refusal::Numbering);
    }
    if new.contains(['\t', '\n']) {
        return Err(Refusal::Spans);
    }
    let w = xml::prefix_at(cur.xml, c.xml.start);
    let mut splices = Vec::new();
    let mut first = true;
    for piece in c.paragraphs.iter().flat_map(|p| &p.pieces) {
        let (Origin::Text(r) | Origin::Mark(r)) = &piece.origin else {
            continue;
        };
        let text = matches!(piece.origin, Origin::Text(_)) && first;
        first &= !text;
        splices.push(Splice {
            range: r.clone(),
            with: if text {
                xml::run_content(&w, new)
            } else {
                String::new()
            },
        });
    }
    if first && !new.is_empty() {
        splices.push(new_run(cur, i, c, &w, new));
    }
    Ok(splices)
}

/// A run holding `text` for a cell that has none, in its first paragraph.
fn new_run(cur: &Current, i: usize, c: &XmlCell, w: &str, text: &str) -> Splice {
    let rpr = c
        .paragraphs
        .first()
        .and_then(|p| p.mark_rpr.clone())
        .or_else(|| row_format(cur.map, i, c.row))
        .map(|r| xml::run_properties(cur.xml, r))
        .unwrap_or_default();
    let run = xml::run(w, &rpr, text);
    match c.paragraphs.first() {
        None => Splice {
            range: c.end_tag..c.end_tag,
            with: format!("<{w}p>{run}</{w}p>"),
        },
        Some(p) if p.empty => {
            let tag = String::from_utf8_lossy(&cur.xml[p.xml.clone()]).into_owned();
            let open = tag.trim_end_matches('>').trim_end().trim_end_matches('/');
            Splice {
                range: p.xml.clone(),
                with: format!("{open}>{run}</{w}p>"),
            }
        }
        Some(p) => Splice {
            range: p.content_at..p.content_at,
            with: run,
        },
    }
}

/// The run properties of the nearest cell of the same row that has a run
/// (the ones before it first).
fn row_format(map: &DocxMap, i: usize, row: usize) -> Option<Range<usize>> {
    let format = |u: &crate::input::docx_map::Unit| match &u.xml {
        UnitXml::Cell(c) if c.row == row => c.paragraphs.iter().find_map(|p| p.run_rpr.clone()),
        _ => None,
    };
    let before = map.units[..i].iter().rev().find_map(format);
    before.or_else(|| map.units[i + 1..].iter().find_map(format))
}

/// The splices that insert `lines` at the start of the line at `at`: new
/// paragraphs between blocks, or new rows beside a row.
fn insertion(
    cur: &Current,
    at: usize,
    lines: &[String],
    like: Option<usize>,
) -> Result<Vec<Splice>, Refusal> {
    if lines.is_empty() {
        return Err(Refusal::Mixed);
    }
    let blocks = &cur.map.blocks;
    let i = if at >= cur.document.text.len() {
        blocks.len()
    } else {
        cur.map.block_at(at).ok_or(Refusal::NotAtBoundary)?
    };
    let before = i.checked_sub(1).and_then(|k| blocks.get(k));
    let after = blocks.get(i);
    let row = |b: Option<&crate::input::docx_map::Block>| match b.map(|b| &b.xml) {
        Some(BlockXml::Row { tr, table }) => Some((tr.clone(), table.clone())),
        _ => None,
    };
    if lines.iter().all(|l| l.contains('\t')) {
        let (model, place) = match (row(before), row(after)) {
            (Some((tr, _)), _) => (tr.clone(), tr.end),
            (None, Some((tr, _))) => (tr.clone(), tr.start),
            _ => return Err(Refusal::NoModel),
        };
        let with = lines
            .iter()
            .map(|l| xml::row_like(cur.xml, model.clone(), l))
            .collect::<Result<String, _>>()?;
        return Ok(vec![Splice {
            range: place..place,
            with,
        }]);
    }
    if lines.iter().any(|l| l.contains('\t')) {
        return Err(Refusal::Mixed);
    }
    if let (Some((_, t1)), Some((_, t2))) = (row(before), row(after)) {
        if t1 == t2 {
            return Err(Refusal::InsideTable);
        }
    }
    let place = match (after, before) {
        (Some(b), _) => b.outer().start,
        (None, Some(b)) => b.outer().end,
        (None, None) => return Err(Refusal::NoModel),
    };
    let model = model_paragraph(cur, i, like).ok_or(Refusal::NoModel)?;
    let with = lines
        .iter()
        .map(|l| xml::paragraph_like(cur.xml, model.clone(), l))
        .collect::<Result<String, _>>()?;
    Ok(vec![Splice {
        range: place..place,
        with,
    }])
}

/// The paragraph whose formatting inserted paragraphs copy: the one holding
/// `like`, else the nearest non-blank body paragraph before block `i`, else
/// after it.
fn model_paragraph(cur: &Current, i: usize, like: Option<usize>) -> Option<Range<usize>> {
    let text = cur.document.text.as_bytes();
    let paragraph = |b: &crate::input::docx_map::Block| match &b.xml {
        BlockXml::Paragraph(r) if text.get(b.at) != Some(&b'\n') => Some(r.clone()),
        _ => None,
    };
    let blocks = &cur.map.blocks;
    if let Some(o) = like {
        let k = blocks.partition_point(|b| b.at <= o);
        if let Some(r) = k.checked_sub(1).and_then(|k| paragraph(&blocks[k])) {
            return Some(r);
        }
    }
    blocks[..i]
        .iter()
        .rev()
        .find_map(paragraph)
        .or_else(|| blocks[i..].iter().find_map(paragraph))
}
