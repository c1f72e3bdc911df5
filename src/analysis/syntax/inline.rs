//! Stage 1 for lines that hold more than one part (format spec §8, issue 11):
//!
//! - a heading at the start of a line followed by its paragraph ("一、总体情况
//!   2022年，…", "二、主动公开政府信息情况第二十条第（一）项…");
//! - a whole report on one line (the plain-text export of a web page): the
//!   section headings inside the line, in order, are strong evidence;
//! - a table whose cells ran together ("第二十条第（一）项信息内容本年制发件数…
//!   规章000行政规范性文件3085"): split into its captions, header words and
//!   rows, each row's digits kept as one `Run` for the assembler to split.
//!
//! The line is cut into [`Part`]s with offsets relative to the line, so the
//! result still depends on the line alone.

use super::line::{
    Ending, HeadingLine, Part, PartKind, RawCell, RawKind, Sep, TextLine, text_line_in,
};
use super::vocab;
use crate::analysis::format::{
    OUTDATED_MARKERS, SectionId, T2_HEADER_ALIASES, T2_HEADER_WORDS, T2Item, T3_HEADER_WORDS,
    T4_HEADER_WORDS, TITLE_KEY,
};
use crate::analysis::normalize::{Norm, fold, is_space, norm_string};
use crate::analysis::syntax::prose::ProseInfo;
use std::sync::OnceLock;

/// A heading found inside a line.
#[derive(Clone, Copy, Debug)]
struct Found {
    /// Bytes of the heading (numeral to the end of its title).
    start: usize,
    end: usize,
    section: SectionId,
    numeral: char,
    /// The canonical title (not a variant).
    canonical: bool,
    /// Markdown `#`s before it (a heading at the line's start).
    level: u8,
    /// Inside a word (an ideograph or a letter right before its numeral):
    /// a heading only among several in order.
    in_word: bool,
}

/// Each section's titles (canonical first, then the variants), normalised,
/// longest first (built once).
fn titles() -> &'static [(Vec<char>, SectionId, bool)] {
    static T: OnceLock<Vec<(Vec<char>, SectionId, bool)>> = OnceLock::new();
    T.get_or_init(|| {
        let mut v: Vec<(Vec<char>, SectionId, bool)> = Vec::new();
        for id in SectionId::ALL {
            v.push((norm_string(id.title()).chars().collect(), id, true));
            for w in id.variants() {
                v.push((norm_string(w).chars().collect(), id, false));
            }
        }
        v.sort_by_key(|(t, _, _)| std::cmp::Reverse(t.len()));
        v
    })
}

/// The section title written at byte `at` of `s` (spaces inside it and the
/// characters' width aside): its section, where it ends, whether canonical.
fn title_at(s: &str, at: usize) -> Option<(SectionId, usize, bool)> {
    // Most tries fail at the first character: compare it first.
    let first = s[at..].chars().find(|c| !is_space(*c)).map(fold)?;
    'titles: for (t, id, canonical) in titles().iter().filter(|(t, _, _)| t[0] == first) {
        let mut it = s[at..].char_indices();
        let mut end = at;
        for &want in t {
            loop {
                let (i, c) = it.next()?;
                if is_space(c) {
                    continue;
                }
                if fold(c) != want {
                    continue 'titles;
                }
                end = at + i + c.len_utf8();
                break;
            }
        }
        return Some((*id, end, *canonical));
    }
    None
}

const NUMERALS: [char; 6] = ['一', '二', '三', '四', '五', '六'];

/// A heading at the start of the line: `#`/`*` decoration, a numeral with
/// its punctuation (or a space), or 第X部分, then a section title.
fn at_start(line: &str, from: usize) -> Option<Found> {
    let mut i = from;
    let mut level = 0u8;
    for c in line[from..].chars() {
        if c == '#' {
            level = level.saturating_add(1);
        } else if !(is_space(c) || c == '*') {
            break;
        }
        i += c.len_utf8();
    }
    let start = i;
    let mut chars = line[i..].char_indices();
    let (_, c0) = chars.next()?;
    let numeral = if c0 == '第' {
        let (_, n) = chars.next()?;
        let (_, b) = chars.next()?;
        let (j, f) = chars.next()?;
        if !(NUMERALS.contains(&n) && b == '部' && f == '分') {
            return None;
        }
        i += j + f.len_utf8();
        n
    } else if NUMERALS.contains(&c0) {
        let (j, sep) = chars.next()?;
        if !(matches!(fold(sep), '、' | '.' | ',' | ':') || is_space(sep)) {
            return None;
        }
        i += j + sep.len_utf8();
        c0
    } else {
        return None;
    };
    // Spaces (and bold markers) after the numeral.
    for c in line[i..].chars() {
        if !(is_space(c) || c == '*') {
            break;
        }
        i += c.len_utf8();
    }
    let (section, end, canonical) = title_at(line, i)?;
    Some(Found {
        start,
        end,
        section,
        numeral,
        canonical,
        level,
        in_word: false,
    })
}

/// Headings inside the line: a numeral and 、 after the start, a punctuation
/// mark, a space or a digit (not inside a word), then a section title.
fn inside(line: &str, from: usize) -> Vec<Found> {
    static DUN: OnceLock<memchr::memmem::Finder<'static>> = OnceLock::new();
    let dun = DUN.get_or_init(|| memchr::memmem::Finder::new("、"));
    let mut out = Vec::new();
    let b = line.as_bytes();
    for p in dun.find_iter(&b[from..]).map(|p| p + from) {
        // The numeral before 、 (three bytes each).
        let Some(numeral) = p
            .checked_sub(3)
            .and_then(|q| line.get(q..p))
            .and_then(|s| s.chars().next())
            .filter(|c| NUMERALS.contains(c))
        else {
            continue;
        };
        let start = p - 3;
        if start <= from {
            continue;
        }
        let prev = line[..start].chars().next_back();
        let in_word = prev.is_some_and(|c| c.is_alphabetic());
        let at = p + "、".len();
        let at = at + line[at..].len() - line[at..].trim_start().len();
        if let Some((section, end, canonical)) = title_at(line, at) {
            out.push(Found {
                start,
                end,
                section,
                numeral,
                canonical,
                level: 0,
                in_word,
            });
        }
    }
    out
}

/// Whether what follows a heading, up to `next`, is its content, not the
/// rest of a list of the parts ("一、总体情况；二、…"): at least `min`
/// characters, not opened by a list's punctuation.
fn content_follows(line: &str, end: usize, next: usize, min: usize) -> bool {
    let Some(rest) = line.get(end..next) else {
        return false;
    };
    let first = rest.chars().find(|c| !is_space(*c) && *c != '*');
    let listy =
        first.is_some_and(|c| matches!(fold(c), '、' | ';' | '；' | ',' | '等' | '和' | '及'));
    // Content has words, not only punctuation or a page number (a colon, a
    // bold marker's stars, a table of contents' "……1").
    let worded = rest.chars().any(|c| c.is_alphabetic());
    !listy && worded && rest.chars().filter(|c| !is_space(*c)).count() >= min
}

/// Lines shorter than this are not searched for headings inside them unless
/// one starts them: a report on one line is longer (its tables alone are some
/// 1,500 bytes), a paragraph is mostly shorter.
const INSIDE_MIN_BYTES: usize = 1500;

/// The headings of a line that holds more than a heading: one at its start
/// followed by its paragraph, or several in order inside it.
fn headings(line: &str, from: usize) -> Vec<Found> {
    let mut cands: Vec<Found> = at_start(line, from).into_iter().collect();
    // Headings inside a line: after one at its start, or in a line long
    // enough to hold a report's sections (a paragraph's line is not searched).
    if !cands.is_empty() || line.len() - from > INSIDE_MIN_BYTES {
        let first_end = cands.first().map_or(from, |f| f.end);
        cands.extend(
            inside(line, from)
                .into_iter()
                .filter(|f| f.start >= first_end),
        );
    }
    if cands.is_empty() {
        return cands;
    }
    // In increasing order of their numerals.
    let mut kept: Vec<Found> = Vec::new();
    for f in cands {
        if kept.last().is_none_or(|k| f.section > k.section) {
            kept.push(f);
        }
    }
    let ends: Vec<usize> = kept
        .iter()
        .skip(1)
        .map(|f| f.start)
        .chain([line.len()])
        .collect();
    let mut out: Vec<Found> = Vec::new();
    for (k, f) in kept.iter().enumerate() {
        if content_follows(line, f.end, ends[k], 1) {
            out.push(*f);
        }
    }
    // Three or more in order are a report's headings wherever they stand
    // (after a title, a paragraph without its full stop, a table's digits);
    // fewer only where a heading can start: not inside a word.
    if out.len() < 3 {
        out.retain(|f| !f.in_word);
    }
    // One heading inside a line is no evidence: with the line's start, or
    // with another, in order.
    let at_line_start = out.first().is_some_and(|f| {
        line[from..f.start]
            .chars()
            .all(|c| is_space(c) || c == '#' || c == '*')
    });
    if out.len() >= 2 || at_line_start {
        out
    } else {
        Vec::new()
    }
}

/// The parts of a line that holds more than one, or `None` for an ordinary
/// line. `from` is where the content starts (after a flip-book prefix).
pub(super) fn parts(line: &str, from: usize) -> Option<Box<[Part]>> {
    // Runs for every text line: the cheap tests first, the separators (a
    // table row with tabs or bars is no run-together text) only at the end.
    let separated = || {
        memchr::memchr2(b'\t', b'|', &line.as_bytes()[from..]).is_some()
            || line[from..].contains('｜')
    };
    let hs = headings(line, from);
    let mut out = Vec::new();
    if hs.is_empty() {
        // A table on a line of its own, its cells run together: the line
        // ends with a number.
        let last = line.bytes().rev().find(|b| !b.is_ascii_whitespace());
        if !last.is_some_and(|b| b.is_ascii_digit()) || separated() {
            return None;
        }
        table_parts(line, from, line.len(), &mut out)?;
        return (out.len() > 1).then(|| out.into_boxed_slice());
    }
    if separated() {
        return None;
    }
    for (k, h) in hs.iter().enumerate() {
        if k == 0 {
            lead_parts(line, from, h.start, &mut out);
        }
        out.push(heading_part(line, h));
        let end = hs.get(k + 1).map_or(line.len(), |n| n.start);
        text_parts(line, h.end, end, &mut out);
    }
    Some(out.into_boxed_slice())
}

fn heading_part(line: &str, f: &Found) -> Part {
    let n = Norm::new(&line[f.start..f.end], 0);
    Part {
        start: f.start as u32,
        end: f.end as u32,
        kind: PartKind::Heading(HeadingLine {
            section: f.section,
            text: (f.start as u32, f.end as u32),
            numeral: Some(f.numeral),
            canonical: f.canonical && f.numeral == f.section.numeral(),
            written: n.as_string(),
            level: f.level,
        }),
    }
}

/// What comes before the first heading of a one-line report: the title (when
/// the line starts with it) and the intro.
fn lead_parts(line: &str, from: usize, end: usize, out: &mut Vec<Part>) {
    if line[from..end].trim().is_empty() {
        return;
    }
    let title_end = title_prefix(&line[from..end]).map(|e| from + e);
    if let Some(te) = title_end {
        push_text(line, from, te, out);
        text_parts(line, te, end, out);
    } else {
        text_parts(line, from, end, out);
    }
}

/// A title at the start of a text ("…2023年政府信息公开工作年度报告", no
/// sentence before it): where it ends.
fn title_prefix(s: &str) -> Option<usize> {
    let key = s.find(TITLE_KEY)?;
    let end = key + TITLE_KEY.len();
    let head = &s[..key];
    let ok = head.chars().count() <= 60
        && !head.contains(['。', '，', ','])
        && head.contains('年')
        && head.bytes().any(|b| b.is_ascii_digit());
    (ok && end < s.len()).then_some(end)
}

/// The text `line[start..end]`: a run-together table, or narrative.
fn text_parts(line: &str, start: usize, end: usize, out: &mut Vec<Part>) {
    if line[start..end].trim().is_empty() {
        return;
    }
    if table_parts(line, start, end, out).is_none() {
        push_text(line, start, end, out);
    }
}

fn push_text(line: &str, start: usize, end: usize, out: &mut Vec<Part>) {
    let (a, b) = crate::analysis::normalize::trim_range(&line[start..end]);
    if a >= b {
        return;
    }
    out.push(Part {
        start: (start + a) as u32,
        end: (start + b) as u32,
        kind: PartKind::Text(text_line_in(line, start + a, start + b, start + a)),
    });
}

// ---- Tables whose cells ran together ------------------------------------

/// Where a table starts in normalised text: its caption followed by 信息内容,
/// its 勾稽关系 note, or a header only a table has.
fn table_start(chars: &[char]) -> Option<usize> {
    use crate::analysis::normalize::find_chars;
    let mut best: Option<usize> = None;
    let mut take = |i: Option<usize>| {
        if let Some(i) = i {
            best = Some(best.map_or(i, |b: usize| b.min(i)));
        }
    };
    // The caption: only with its header (a sentence may cite 第二十条).
    let mut at = 0;
    while let Some(i) = find_chars(&chars[at..], "第二十条第(").map(|i| i + at) {
        if caption_len(chars, i).is_some() && starts(chars, i + 9, &['信', '息', '内', '容']) {
            take(Some(i));
            break;
        }
        at = i + 1;
    }
    take(find_chars(chars, "(本列数据"));
    take(find_chars(chars, "申请人情况"));
    take(find_chars(chars, "行政复议行政诉讼"));
    best
}

/// Header words and markers that stand alone in a run-together table, as
/// normalised chars, longest first (built once).
fn words() -> &'static [Vec<char>] {
    static W: OnceLock<Vec<Vec<char>>> = OnceLock::new();
    W.get_or_init(|| {
        let mut w: Vec<String> = Vec::new();
        w.extend(T2_HEADER_WORDS.iter().map(|s| norm_string(s)));
        for i in T2Item::ALL {
            w.extend(i.columns().iter().map(|s| norm_string(s)));
        }
        w.extend(T2_HEADER_ALIASES.iter().map(|(a, _)| norm_string(a)));
        w.extend(T3_HEADER_WORDS.iter().map(|s| norm_string(s)));
        w.extend(T4_HEADER_WORDS.iter().map(|s| norm_string(s)));
        w.extend(OUTDATED_MARKERS.iter().map(|s| norm_string(s)));
        let mut v: Vec<Vec<char>> = w.into_iter().map(|s| s.chars().collect()).collect();
        v.sort_by_key(|x| std::cmp::Reverse(x.len()));
        v.dedup();
        v
    })
}

fn starts(chars: &[char], at: usize, w: &[char]) -> bool {
    chars.len() >= at + w.len() && &chars[at..at + w.len()] == w
}

/// The length of the caption "第二十条第(X)项" at `at`, if there is one.
fn caption_len(chars: &[char], at: usize) -> Option<usize> {
    let head: Vec<char> = "第二十条第(".chars().collect();
    (starts(chars, at, &head)
        && chars.get(at + 7) == Some(&')')
        && chars.get(at + 8) == Some(&'项'))
    .then_some(9)
}

/// The length of table 3's note "(本列数据的勾稽关系为:…)" at `at`.
fn note_len(chars: &[char], at: usize) -> Option<usize> {
    if chars.get(at) != Some(&'(') {
        return None;
    }
    let close = chars[at..].iter().take(60).position(|c| *c == ')')?;
    let inner: String = chars[at..at + close].iter().collect();
    inner.contains("勾稽关系").then_some(close + 1)
}

/// A token of a run-together table (character indices into the normalised text).
enum Tok {
    Text(usize, usize),
    /// A number; `glued` when nothing separated it from the text before.
    Num(usize, usize, bool),
}

/// Splits normalised chars into text and numbers. Whitespace (dropped by
/// normalisation, seen as a gap in the source ranges) separates numbers; the
/// last digit before "." and a word is the next label's numbering ("…0002.其他").
fn tokens(n: &Norm, chars: &[char], from: usize) -> Vec<Tok> {
    let gap = |i: usize| i > 0 && n.src[i].0 > n.src[i - 1].1;
    let mut out = Vec::new();
    let mut i = from;
    let mut text_start = from;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < chars.len() && chars[j].is_ascii_digit() && (j == i || !gap(j)) {
            j += 1;
        }
        // A decimal part.
        if j + 1 < chars.len() && chars[j] == '.' && chars[j + 1].is_ascii_digit() && !gap(j) {
            j += 1;
            while j < chars.len() && chars[j].is_ascii_digit() && !gap(j) {
                j += 1;
            }
        } else if j < chars.len() && chars[j] == '.' {
            // "2.其他…": the last digit numbers the next label.
            j -= 1;
        }
        if j == i {
            i += 1;
            continue;
        }
        if text_start < i {
            out.push(Tok::Text(text_start, i));
        }
        let glued = i > from && !gap(i) && !chars[i - 1].is_ascii_digit();
        out.push(Tok::Num(i, j, glued));
        i = j;
        text_start = j;
    }
    if text_start < chars.len() {
        out.push(Tok::Text(text_start, chars.len()));
    }
    out
}

/// A table written without separators in `line[start..end]` (narrative
/// before it kept as text): its parts, or `None` when there is none.
fn table_parts(line: &str, start: usize, end: usize, out: &mut Vec<Part>) -> Option<()> {
    let s = &line[start..end];
    if !s.bytes().any(|b| b.is_ascii_digit()) || s.len() < 12 {
        return None;
    }
    // Cheap tests on the bytes first: this runs for every line that ends
    // with a number.
    if !["二十条", "勾稽", "申请人情况", "行政复议行政诉讼"]
        .iter()
        .any(|k| s.contains(k))
    {
        return None;
    }
    let n = Norm::new(s, start);
    let chars = n.chars();
    let t0 = table_start(&chars)?;
    let toks = tokens(&n, &chars, t0);
    // Only a table whose numbers touch its labels: others are read as lines.
    if !toks.iter().any(|t| matches!(t, Tok::Num(_, _, true))) {
        return None;
    }
    let before = n.src[t0].0 as usize;
    push_text(line, start, before, out);
    let byte = |i: usize| n.src[i].0 as usize;
    let byte_end = |i: usize| n.src[i - 1].1 as usize;
    let mut k = 0;
    while k < toks.len() {
        let (label, nums_from) = match toks[k] {
            Tok::Text(a, b) => (words_of(line, &n, &chars, a, b, out), k + 1),
            Tok::Num(..) => (None, k),
        };
        let mut cells: Vec<RawCell> = label.into_iter().collect();
        let mut j = nums_from;
        while let Some(Tok::Num(a, b, _)) = toks.get(j) {
            cells.push(num_cell(line, byte(*a), byte_end(*b)));
            j += 1;
        }
        // One number glued to its label: a run of cells.
        if j == nums_from + 1 {
            if let Some(Tok::Num(a, b, true)) = toks.get(nums_from) {
                let (x, y) = (byte(*a), byte_end(*b));
                if let Some(c) = cells.last_mut() {
                    c.kind = RawKind::Run(line[x..y].into());
                }
            }
        }
        if !cells.is_empty() {
            let from = cells[0].start;
            let to = cells.last().map_or(from, |c| c.end);
            out.push(table_part(from, to, cells));
        }
        k = j.max(k + 1);
    }
    Some(())
}

/// The header words, captions and note at the start of a text token become
/// parts of their own; what is left is the row's label (returned as a cell).
fn words_of(
    line: &str,
    n: &Norm,
    chars: &[char],
    mut a: usize,
    b: usize,
    out: &mut Vec<Part>,
) -> Option<RawCell> {
    while a < b {
        let len = caption_len(chars, a)
            .or_else(|| note_len(chars, a))
            .or_else(|| {
                words()
                    .iter()
                    .find(|w| a + w.len() <= b && starts(chars, a, w))
                    .map(|w| w.len())
            });
        let Some(len) = len.filter(|l| a + l <= b) else {
            break;
        };
        let (x, y) = (n.src[a].0 as usize, n.src[a + len - 1].1 as usize);
        let c = text_cell(line, x, y);
        out.push(table_part(x as u32, y as u32, vec![c]));
        a += len;
    }
    (a < b).then(|| text_cell(line, n.src[a].0 as usize, n.src[b - 1].1 as usize))
}

fn text_cell(line: &str, x: usize, y: usize) -> RawCell {
    let norm = Norm::new(&line[x..y], x);
    let v = vocab::classify(norm.as_str());
    RawCell {
        start: x as u32,
        end: y as u32,
        kind: RawKind::Text(norm, v),
    }
}

fn num_cell(line: &str, x: usize, y: usize) -> RawCell {
    RawCell {
        start: x as u32,
        end: y as u32,
        kind: super::line::value_of(&line[x..y])
            .map(RawKind::Value)
            .unwrap_or(RawKind::Empty),
    }
}

/// A part that is one row (or caption, or header word) of a table.
fn table_part(from: u32, to: u32, cells: Vec<RawCell>) -> Part {
    let table_hint = cells.iter().any(|c| {
        matches!(&c.kind, RawKind::Text(_, v) if !matches!(v, vocab::Vocab::Label | vocab::Vocab::Ambiguous))
    });
    Part {
        start: from,
        end: to,
        kind: PartKind::Text(TextLine {
            cells: cells.into_boxed_slice(),
            sep: Sep::Space,
            prose: false,
            table_hint,
            title: None,
            content_start: from,
            ending: Ending::Open,
            info: ProseInfo::default(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(line: &str) -> Vec<String> {
        match parts(line, 0) {
            None => vec![],
            Some(ps) => ps
                .iter()
                .map(|p| match &p.kind {
                    PartKind::Heading(h) => format!("H{}", h.section.numeral()),
                    PartKind::Text(t)
                        if !t.table_hint && t.cells.iter().all(|c| !c.kind.is_value_like()) =>
                    {
                        format!("T:{}", &line[p.start as usize..p.end as usize])
                    }
                    PartKind::Text(t) => t
                        .cells
                        .iter()
                        .map(|c| match &c.kind {
                            RawKind::Run(d) => format!("<{d}>"),
                            RawKind::Value(v) => format!("{v:?}"),
                            RawKind::Text(n, _) => n.as_string(),
                            RawKind::Empty => "_".into(),
                        })
                        .collect::<Vec<_>>()
                        .join("|"),
                })
                .collect(),
        }
    }

    #[test]
    fn heading_run_into_its_paragraph() {
        assert_eq!(
            show("一、总体情况 2022年，本局认真贯彻落实《条例》。"),
            vec!["H一", "T:2022年，本局认真贯彻落实《条例》。"]
        );
        assert_eq!(
            show("六、其他需要报告的事项 无"),
            vec!["H六", "Placeholder"]
        );
        // Not a heading: the rest of a list of the parts.
        assert!(
            show("一、总体情况；二、主动公开政府信息情况；三、收到和处理政府信息公开申请情况。")
                .is_empty()
        );
        assert!(show("二、依申请公开情况良好。").is_empty());
        assert!(show("本年度我局未收到申请。").is_empty());
        // A table of contents.
        assert!(
            show(
                "一、总体情况……1 二、主动公开政府信息情况……2 三、收到和处理政府信息公开申请情况……3"
            )
            .is_empty()
        );
    }

    #[test]
    fn a_report_on_one_line() {
        let filler = "本年度我局认真落实政务公开工作要点，持续推进主动公开。".repeat(30);
        let l = "某局2023年政府信息公开工作年度报告根据条例编制。一、总体情况本年度我局公开信息10条。FILLER二、主动公开政府信息情况第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数规章000行政规范性文件1013三、收到和处理政府信息公开申请情况本年度未收到申请。四、政府信息公开行政复议、行政诉讼情况本年度未发生。五、存在的主要问题及改进情况无。六、其他需要报告的事项无。".replace("FILLER", &filler);
        let p = show(&l);
        assert_eq!(p[0], "T:某局2023年政府信息公开工作年度报告");
        assert_eq!(p[1], "T:根据条例编制。");
        assert_eq!(p[2], "H一");
        assert!(p.contains(&"规章|<000>".to_string()), "{p:?}");
        assert!(p.contains(&"行政规范性文件|<1013>".to_string()), "{p:?}");
        assert!(p.contains(&"第二十条第(一)项".to_string()), "{p:?}");
        for h in ["H二", "H三", "H四", "H五", "H六"] {
            assert!(p.contains(&h.to_string()), "{h} in {p:?}");
        }
    }

    #[test]
    fn run_together_rows_keep_their_numbering() {
        let l = "(三)不予公开1.属于国家秘密00000002.其他法律行政法规禁止公开1000001";
        let p = show(&format!("申请人情况{l}"));
        assert_eq!(
            p,
            vec![
                "申请人情况",
                "(三)不予公开1.属于国家秘密|<0000000>",
                "2.其他法律行政法规禁止公开|<1000001>"
            ]
        );
    }
}
