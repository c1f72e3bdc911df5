//! Stable fingerprints of findings: the rule and the finding's place in the
//! report's own terms, never a line number or a byte offset, so that a
//! reviewer's decision about a finding (a dismissal, a baseline) survives
//! inserted lines, re-wrapped text and reading the same report from another
//! kind of file (.txt, .docx, .html, .pdf: the same text shape).
//!
//! The place, in order of preference:
//! - rows reported together (a column lost or left blank over a stretch of a
//!   table: `missing-cell`, `empty-cell`): the table;
//! - a table cell: the table, the row's canonical label, the column's name
//!   (`表三 （一）予以公开 总计`); a broken sum is placed at the cell it names;
//! - a narrative claim: what it counts (the cell its words name), its number
//!   and unit, or, when nianbao cannot name what it counts, its words
//!   normalised (full-width folded, spaces and punctuation dropped);
//! - a year the narrative gives, a row label, a fixed label written
//!   differently, a marker of the 2019 format, the intro's parts list, the
//!   title (or, without one, the report's head above the first section);
//! - a section heading: the section's numeral and which occurrence it is;
//! - a lost heading or row (an insertion): the words the fix inserts;
//! - else the words of the finding's range, within its table or section.
//!
//! Two findings of one rule at the same place are told apart by their order
//! (the second gets `#2`). The fingerprint is 16 hex digits of FNV-1a 64 over
//! a versioned key: `v1 \0 rule \0 place \0 ordinal`.

use crate::analysis::finding::Finding;
use crate::analysis::format::{T2Row, T3_COLUMNS, T3_GROUPS, T3Group, T4_COLUMNS, T4_GROUPS};
use crate::analysis::model::{Report, Target};
use crate::analysis::normalize::fold;
use crate::analysis::query::{CellRef, cell_at};
use crate::analysis::syntax::claims::RESULT_ITEMS;
use crate::analysis::text::Span;
use rustc_hash::FxHashMap;
use std::borrow::Cow;

/// Reads a range of the report's text (the string, or the server's rope).
pub type TextAt<'a> = &'a dyn Fn(Span) -> Cow<'a, str>;

/// The fingerprints of a report's findings, in the findings' order.
pub fn fingerprints(report: &Report, findings: &[Finding], text: TextAt) -> Vec<String> {
    let mut seen: FxHashMap<(&str, String), usize> = FxHashMap::default();
    findings
        .iter()
        .map(|f| {
            let place = place(report, f, text);
            let h = key_prefix(f.rule, &place);
            let n = seen.entry((f.rule, place)).or_insert(0);
            *n += 1;
            with_ordinal(h, *n)
        })
        .collect()
}

/// The fingerprints of findings in a text given as a string.
pub fn of_text(report: &Report, findings: &[Finding], text: &str) -> Vec<String> {
    let at = |s: Span| Cow::Borrowed(text.get(s.start..s.end).unwrap_or(""));
    fingerprints(report, findings, &at)
}

/// Whether `s` has the shape of a fingerprint (16 lower-case hex digits).
pub fn is_fingerprint(s: &str) -> bool {
    s.len() == 16 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// FNV-1a 64: its offset basis, and `h` carried on over `bytes` (the key is
/// hashed piece by piece, never put together).
const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// The fingerprint of the key `v1 \0 rule \0 place \0 ordinal`.
#[cfg(test)]
fn hash_key(rule: &str, place: &str, ordinal: usize) -> String {
    with_ordinal(key_prefix(rule, place), ordinal)
}

/// The hash of the key up to its ordinal.
fn key_prefix(rule: &str, place: &str) -> u64 {
    let h = fnv(OFFSET, b"v1\0");
    let h = fnv(fnv(h, rule.as_bytes()), b"\0");
    fnv(fnv(h, place.as_bytes()), b"\0")
}

/// The fingerprint: the key's hash carried over its ordinal, 16 hex digits.
fn with_ordinal(h: u64, ordinal: usize) -> String {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut n = ordinal;
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    format!("{:016x}", fnv(h, &digits[at..]))
}

fn fnv(h: u64, bytes: &[u8]) -> u64 {
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    bytes
        .iter()
        .fold(h, |h, &b| (h ^ u64::from(b)).wrapping_mul(PRIME))
}

/// The finding's place in the report's own terms (see the module docs).
pub fn place(report: &Report, f: &Finding, text: TextAt) -> String {
    let span = f.span;
    if let Some(table) = group(report, f) {
        return format!("group {}", table.name_zh());
    }
    if let Some(inserted) = insertion(f) {
        return format!("insert {inserted}");
    }
    if let Some(p) = exact(report, span) {
        return p;
    }
    if let Some((cell, _)) = cell_at(report, span.start) {
        return cell_name(cell);
    }
    if let Some(c) = claim_at(report, span) {
        return claim_name(c, text);
    }
    if let Some(p) = row_label_at(report, span.start) {
        return p;
    }
    let words = words(&text(span), true);
    if report
        .title
        .as_ref()
        .is_some_and(|t| t.span.contains(span.start))
    {
        return "title".to_string();
    }
    // Above the first section: the title's place, whatever the line says.
    let above = |s: &crate::analysis::model::Section| {
        span.start < s.line.start || (span.is_empty() && span.start == s.line.start)
    };
    if report.sections.first().is_some_and(above) {
        return "head".to_string();
    }
    use crate::analysis::format::TableId;
    for id in [TableId::T2, TableId::T3, TableId::T4] {
        if report
            .table_span(id)
            .is_some_and(|s| s.contains(span.start))
        {
            return format!("{} {words}", id.name_zh());
        }
    }
    if let Some((i, s)) = report
        .sections
        .iter()
        .enumerate()
        .find(|(_, s)| s.span.contains(span.start))
    {
        return format!("{} {words}", section_name(report, i, s.id));
    }
    format!("text {words}")
}

/// Rules that report rows one after another (a column lost or left blank over
/// a stretch of a table) as one finding listing the other rows as related.
const GROUPING: [&str; 2] = ["missing-cell", "empty-cell"];

/// The table of a grouped finding: its place is the table, not its first row,
/// so that it keeps its fingerprint when the run grows or shrinks at either
/// end (a row filled in, a page break read differently).
fn group(report: &Report, f: &Finding) -> Option<crate::analysis::format::TableId> {
    if f.related.is_empty() || !GROUPING.contains(&f.rule) {
        return None;
    }
    use crate::analysis::format::TableId;
    [TableId::T2, TableId::T3, TableId::T4]
        .into_iter()
        .find(|id| {
            report
                .table_span(*id)
                .is_some_and(|s| s.contains(f.span.start))
        })
}

/// A lost line (heading, row, item): the words its first fix inserts, without
/// numbers (the values to fill in) or layout.
fn insertion(f: &Finding) -> Option<String> {
    if !f.span.is_empty() {
        return None;
    }
    let edit = f.fixes.first()?.edits.first()?;
    let inserts_lines = edit.span.is_empty() && edit.new_text.contains(['\n', '\r']);
    inserts_lines.then(|| words(&edit.new_text, false))
}

/// Places whose range the finding has exactly.
fn exact(report: &Report, span: Span) -> Option<String> {
    if let Some(y) = report.years.iter().find(|y| y.span == span) {
        return Some(format!("year {:?} {}", y.kind, y.year));
    }
    if let Some(d) = report.drift.iter().find(|d| d.span == span) {
        return Some(format!("label {} {}", d.table.name_zh(), d.canonical));
    }
    if let Some(m) = report.outdated.iter().find(|m| m.span == span) {
        return Some(format!("2019 {}", words(&m.marker, true)));
    }
    if report.parts.as_ref().is_some_and(|(s, _)| *s == span) {
        return Some("parts".to_string());
    }
    if report.t4.as_ref().is_some_and(|t| t.data == span) {
        return Some("表四".to_string());
    }
    let (i, s) = report
        .sections
        .iter()
        .enumerate()
        .find(|(_, s)| s.text == span || s.line == span)?;
    Some(section_name(report, i, s.id))
}

/// 第三部分, and which occurrence of it (a duplicated heading).
fn section_name(report: &Report, index: usize, id: crate::analysis::format::SectionId) -> String {
    let before = report.sections[..index]
        .iter()
        .filter(|s| s.id == id)
        .count();
    format!("section {} {}", id.numeral(), before + 1)
}

fn cell_name(cell: CellRef) -> String {
    match cell {
        CellRef::T2(r, c) => format!("表二 {} {}", r.label(), t2_column(r, c)),
        CellRef::T3(r, c) => format!("表三 {} {}", r.label(), T3_COLUMNS[c.min(6)]),
        CellRef::T4(i) => format!("表四 {} {}", T4_GROUPS[(i / 5).min(2)], T4_COLUMNS[i % 5]),
    }
}

fn t2_column(r: T2Row, c: usize) -> &'static str {
    r.item().columns().get(c).copied().unwrap_or("")
}

/// A row's label (a finding on the row as a whole: cells missing).
fn row_label_at(report: &Report, offset: usize) -> Option<String> {
    if let Some(t3) = &report.t3 {
        if let Some(row) = t3.rows.iter().flatten().find(|r| r.label.contains(offset)) {
            return Some(format!("表三 {}", row.id.label()));
        }
    }
    let t2 = report.t2.as_ref()?;
    let row = t2
        .rows
        .iter()
        .flatten()
        .find(|r| r.label.contains(offset))?;
    Some(format!("表二 {}", row.id.label()))
}

/// The claim a finding is on: the first whose number lies in the finding's
/// range (claims are in document order: a binary search), else one whose
/// words hold its start.
fn claim_at(report: &Report, span: Span) -> Option<&crate::analysis::model::Claim> {
    let claims = &report.claims;
    let i = claims.partition_point(|c| c.span.start < span.start);
    let within = claims[i..]
        .iter()
        .take_while(|c| c.span.start <= span.end)
        .next();
    within.or_else(|| {
        // A finding inside a claim's words, before its number.
        claims[i..]
            .iter()
            .take(4)
            .find(|c| c.extent().contains(span.start))
    })
}

/// A claim: what it counts, its number and unit; its words when nianbao cannot
/// name what it counts.
fn claim_name(c: &crate::analysis::model::Claim, text: TextAt) -> String {
    let counted = match c.target {
        Some(t) => target_name(t),
        None => words(&text(c.extent()), true),
    };
    let neg = if c.negation { " 无" } else { "" };
    format!("claim {counted} {}{}{neg}", c.value, c.unit)
}

fn target_name(t: Target) -> String {
    match t {
        Target::New => "表三 一、本年新收".to_string(),
        Target::Handled => "办理".to_string(),
        Target::Answered => "表三 （七）总计".to_string(),
        Target::Carry => "表三 二、上年结转".to_string(),
        Target::Forward => "表三 四、结转下年度继续办理".to_string(),
        Target::Row(r) => format!("表三 {}", r.label()),
        Target::Group(g) => format!("表三 {}", group_name(g)),
        Target::Results(mask) => results_name(mask),
        Target::Review => "表四 行政复议".to_string(),
        Target::Litigation => "表四 行政诉讼".to_string(),
        Target::LitigationDirect => format!("表四 {}", T4_GROUPS[1]),
        Target::LitigationAfterReview => format!("表四 {}", T4_GROUPS[2]),
        Target::T2(r, c) => format!("表二 {} {}", r.label(), t2_column(r, c as usize)),
    }
}

/// Results named together: each one's name, in the format's order, joined by "+".
fn results_name(mask: u8) -> String {
    let names: Vec<String> = RESULT_ITEMS
        .iter()
        .enumerate()
        .filter(|(i, _)| mask & (1 << i) != 0)
        .map(|(_, (_, t))| target_name(*t))
        .collect();
    names.join("+")
}

fn group_name(g: T3Group) -> String {
    T3_GROUPS
        .iter()
        .find(|s| s.group == g)
        .map(|s| format!("{}{}", s.marker.canonical(), s.text))
        .unwrap_or_default()
}

/// Words of a text, normalised: full-width folded, letters (and with `digits`,
/// digits) kept, everything else (spaces, punctuation, layout) dropped.
fn words(s: &str, digits: bool) -> String {
    s.chars()
        .map(fold)
        .filter(|c| c.is_alphabetic() || (digits && c.is_numeric()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::analyze;
    use crate::analysis::config::Config;

    #[test]
    fn results_named_together_name_each_result() {
        let both = target_name(Target::Results(0b11));
        assert!(
            both.contains("予以公开") && both.contains("部分公开"),
            "{both}"
        );
        assert_ne!(both, target_name(Target::Results(0b101)));
    }

    fn prints(text: &str) -> Vec<(&'static str, String)> {
        let a = analyze(text, &Config::default());
        let fps = of_text(&a.report, &a.findings, text);
        a.findings.iter().map(|f| f.rule).zip(fps).collect()
    }

    #[test]
    fn shape_and_determinism() {
        let fp = hash_key("row-total", "表三 （一）予以公开 总计", 1);
        assert!(is_fingerprint(&fp), "{fp}");
        assert_eq!(fp, hash_key("row-total", "表三 （一）予以公开 总计", 1));
        assert_ne!(fp, hash_key("row-total", "表三 （一）予以公开 总计", 2));
        assert_ne!(fp, hash_key("balance", "表三 （一）予以公开 总计", 1));
        assert!(!is_fingerprint("0123456789ABCDEF"));
    }

    /// Hashed piece by piece, the key gives what its definition gives:
    /// FNV-1a 64 over `v1 \0 rule \0 place \0 ordinal` put together.
    #[test]
    fn hashed_as_defined() {
        for n in [1, 2, 9, 10, 11, 123, usize::MAX] {
            let key = format!("v1\0row-total\0表三 总计\0{n}");
            let want = format!("{:016x}", fnv(OFFSET, key.as_bytes()));
            assert_eq!(hash_key("row-total", "表三 总计", n), want);
        }
        // Fingerprints users keep in nianbao.toml and baselines never change.
        assert_eq!(hash_key("row-total", "表三 总计", 1), "a3b496f0acac5cac");
    }

    #[test]
    fn unique_within_a_report_and_blind_to_line_numbers() {
        let text = crate::analysis::template::sample();
        let broken = text.replacen("政府信息公开", "政府信息", 3);
        let before = prints(&broken);
        let mut seen = std::collections::HashSet::new();
        assert!(before.iter().all(|(_, fp)| seen.insert(fp.clone())));
        // Blank lines and a paragraph of prose at the top move every line.
        let moved = prints(&broken.replacen('\n', "\n\n\n这是一段新增的说明文字。\n", 1));
        assert_eq!(before, moved);
    }

    #[test]
    fn words_drop_layout_and_fold_width() {
        assert_eq!(words("| （一）予以公开 | 1 |", false), "一予以公开");
        assert_eq!(words("收到申请　１４ 件", true), "收到申请14件");
    }
}
