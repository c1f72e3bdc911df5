//! Stage 1 of parsing: each line on its own.
//!
//! A line is classified from its text alone (no context), with byte offsets
//! relative to the line start, so the result can be cached per line and reused
//! after edits elsewhere in the document (see `analysis::incremental`).
//!
//! Layouts handled here (format spec §8): tab-separated cells, inline pipe rows
//! (`a | b | c |`, with or without the leading `|`), one cell per line ending in
//! ` |` (a lone `|` is an empty value cell, bare `|||` lines are merged-cell
//! filler), Markdown separator rows, setext underlines, Markdown/bold headings,
//! PDF text with the numbers space-separated at the end of a label line, page
//! numbers (`- 3 -`, `第 3 页`) and flip-book prefixes (`Page 9 - …`, `P. 9`).

use crate::analysis::format::{SectionId, TITLE_KEY};
use crate::analysis::model::{InvalidKind, Value};
use crate::analysis::normalize::{Norm, eq_chars, fold, is_space, trim_range};
use crate::analysis::syntax::prose::{self, ProseInfo};
use crate::analysis::syntax::vocab::{self, Vocab};

/// What stage 1 knows about one line.
#[derive(Clone, Debug, PartialEq)]
pub struct LineInfo {
    /// Bytes of content, without the terminator.
    pub len: u32,
    /// Bytes of the terminator (0, 1 or 2).
    pub term: u8,
    pub kind: LineKind,
}

#[derive(Clone, Debug, PartialEq)]
pub enum LineKind {
    Blank,
    /// A page number or a flip-book page header, with the number of the page
    /// (0 when it shows none).
    PageMark(u16),
    /// A setext underline, horizontal rule, Markdown table separator or `|||` filler.
    Rule,
    Heading(Box<HeadingLine>),
    Text(Box<TextLine>),
    /// A line that holds several parts (see `syntax::inline`): a heading run
    /// into its paragraph, a whole report on one line, a table whose cells
    /// ran together. Rare; every part's offsets are relative to the line.
    /// (Behind one thin pointer: every line of a document is kept.)
    Parts(Box<Parts>),
}

/// The parts of a line that holds several.
#[derive(Clone, Debug, PartialEq)]
pub struct Parts(pub Box<[Part]>);

/// A part of a line that holds several.
#[derive(Clone, Debug, PartialEq)]
pub struct Part {
    /// The part's byte range in the line.
    pub start: u32,
    pub end: u32,
    pub kind: PartKind,
}

#[derive(Clone, Debug, PartialEq)]
pub enum PartKind {
    Heading(HeadingLine),
    Text(TextLine),
}

/// How a text line ends: what tells a text that was cut off from a whole one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ending {
    /// Not at the end of a sentence (nor a closing line).
    Open,
    /// With a sentence's final punctuation.
    Sentence,
    /// A closing line: a date, a signature (the body's name), "无".
    Closing,
}

/// A line that is one of the six section headings.
#[derive(Clone, Debug, PartialEq)]
pub struct HeadingLine {
    pub section: SectionId,
    /// The heading text without Markdown decoration (`#`, `**`), relative range.
    pub text: (u32, u32),
    /// The written numeral (一 … 六), if any.
    pub numeral: Option<char>,
    /// Whether the title matches the canonical wording (spaces and the numeral's
    /// punctuation aside) and the numeral is right.
    pub canonical: bool,
    /// The heading as written, normalised.
    pub written: String,
    /// Markdown heading level (number of leading `#`), 0 for a plain line.
    pub level: u8,
}

/// The layout of a table-ish line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Sep {
    Tab,
    PipeInline,
    PipePerLine,
    Space,
}

/// A cell of a line, with its byte range relative to the line start.
#[derive(Clone, Debug, PartialEq)]
pub struct RawCell {
    pub start: u32,
    pub end: u32,
    pub kind: RawKind,
}

#[derive(Clone, Debug, PartialEq)]
pub enum RawKind {
    Empty,
    Value(Value),
    /// Digits run together with the label before them ("…申请数量713000074"):
    /// one value, or several cells whose boundaries were lost (the assembler
    /// decides by the row's width and the table's identities).
    Run(Box<str>),
    /// Text, normalised (offsets relative to the line start), and what it is
    /// in the tables' vocabulary.
    Text(Norm, Vocab),
}

impl RawKind {
    pub fn is_value_like(&self) -> bool {
        matches!(self, RawKind::Value(_) | RawKind::Run(_))
    }
}

/// A title candidate: `…YYYY年政府信息公开工作年度报告`.
#[derive(Clone, Debug, PartialEq)]
pub struct TitleLine {
    pub text: (u32, u32),
    pub body: String,
    pub year: Option<u16>,
    pub year_range: Option<(u32, u32)>,
    /// The normalised title (for comparing repeated titles).
    pub norm: String,
}

/// Any other non-blank line.
#[derive(Clone, Debug, PartialEq)]
pub struct TextLine {
    /// Cells of a table-ish line; empty for long narrative lines.
    pub cells: Box<[RawCell]>,
    pub sep: Sep,
    /// Looks like narrative (a sentence), not a table label.
    pub prose: bool,
    /// Holds a caption or header that only a statistical table has
    /// (第二十条第…项, 信息内容, the 勾稽关系 note, 申请人情况, 行政复议 with 行政诉讼).
    pub table_hint: bool,
    /// Boxed: few lines are titles, and every text line is kept per document.
    pub title: Option<Box<TitleLine>>,
    /// Where the content starts after a stripped flip-book prefix.
    pub content_start: u32,
    /// How the line ends (for telling a text that was cut off).
    pub ending: Ending,
    /// Narrative facts of the line (claims, key words) for the content rules.
    pub info: ProseInfo,
}

/// Lines longer than this (in chars) without separators are narrative only.
const MAX_TABLE_LINE_CHARS: usize = 160;

/// Classifies one line (without its terminator).
pub fn classify(line: &str, term: u8) -> LineInfo {
    LineInfo {
        len: line.len() as u32,
        term,
        kind: classify_kind(line),
    }
}

/// A hash of a line's trimmed content (to recognise repeated lines): the
/// assembler needs it for two lines at most, so the lines do not keep it.
pub fn line_hash(line: &str) -> u64 {
    let (a, b) = trim_range(line);
    hash_bytes(&line.as_bytes()[a..b.max(a)])
}

/// FNV-1a over the length and the first and last 64 bytes: enough to tell
/// repeated lines apart, and cheap on long paragraphs.
fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ bytes.len() as u64;
    let head = &bytes[..bytes.len().min(64)];
    let tail = &bytes[bytes.len().saturating_sub(64)..];
    // Two plain loops (a chained iterator costs twice as much here).
    for &b in head {
        h = (h ^ b as u64).wrapping_mul(0x0100_0000_01b3);
    }
    for &b in tail {
        h = (h ^ b as u64).wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Classifies every line of a text.
pub fn classify_all(text: &str) -> Vec<LineInfo> {
    // Sized up front (the lines are kept as long as a document is open): one
    // per line feed, plus the last line; lone CRs, rare, may grow it.
    let mut out = Vec::with_capacity(memchr::memchr_iter(b'\n', text.as_bytes()).count() + 1);
    out.extend(
        crate::analysis::text::lines(text)
            .map(|(s, e, next)| classify(&text[s..e], (next - e) as u8)),
    );
    out
}

fn classify_kind(line: &str) -> LineKind {
    let (ts, te) = trim_range(line);
    if ts >= te {
        // A row of empty tab-separated cells (a blank table row) is not a blank line.
        if line.bytes().filter(|b| *b == b'\t').count() >= 4 {
            return LineKind::Text(Box::new(text_line(line, 0)));
        }
        return LineKind::Blank;
    }
    let mut content_start = 0usize;
    match page_mark(&line[ts..te]) {
        PageMark::Whole(page) => return LineKind::PageMark(page),
        PageMark::Prefix(n, page) => {
            content_start = ts + n;
            let (a, b) = trim_range(&line[content_start..]);
            if a >= b {
                return LineKind::PageMark(page);
            }
            content_start += a;
        }
        PageMark::None => {}
    }
    let rest = &line[content_start..];
    if is_rule(rest) {
        return LineKind::Rule;
    }
    // A heading with its text after it first (its key words alone would
    // make the whole line a heading: "二、主动公开政府信息情况第二十条第（一）项").
    if let Some(parts) = super::inline::parts(line, content_start) {
        return LineKind::Parts(Box::new(Parts(parts)));
    }
    if let Some(h) = heading(rest, content_start) {
        return LineKind::Heading(Box::new(h));
    }
    LineKind::Text(Box::new(text_line(line, content_start)))
}

enum PageMark {
    None,
    /// The whole line, with the page's number.
    Whole(u16),
    /// A flip-book prefix of this many bytes (from the trimmed start), with
    /// the page's number.
    Prefix(usize, u16),
}

/// The number written with ASCII digits (0 when it is none).
fn page_number(digits: &[char]) -> u16 {
    digits
        .iter()
        .filter(|c| c.is_ascii_digit())
        .fold(0u32, |n, c| {
            (n * 10 + c.to_digit(10).unwrap_or(0)).min(u16::MAX as u32)
        }) as u16
}

fn is_dash(c: char) -> bool {
    matches!(c, '-' | '－' | '—' | '–' | '─' | '━' | '―')
}

/// Page numbers (`- 3 -`, `—3—`, `第 3 页`, `第3页 共10页`, `3/10`) and
/// flip-book prefixes (`Page 9 - …`, `P. 9 …`).
fn page_mark(t: &str) -> PageMark {
    // Page marks are short, and flip-book prefixes start with P.
    let first = t.as_bytes()[0];
    if t.len() > 48 && first != b'P' && first != b'p' {
        return PageMark::None;
    }
    // Every form below has a digit (ASCII, or full-width: EF BC 90..99).
    let b = t.as_bytes();
    if !b.iter().any(u8::is_ascii_digit)
        && !b
            .windows(3)
            .any(|w| w[0] == 0xEF && w[1] == 0xBC && (0x90..=0x99).contains(&w[2]))
    {
        return PageMark::None;
    }
    // ... and a dash, 第 or a slash, unless it is a flip-book prefix (short
    // table rows have digits too: no chars collected for them).
    if first != b'P'
        && first != b'p'
        && !t.contains(|c| is_dash(c) || matches!(c, '第' | '/' | '／'))
    {
        return PageMark::None;
    }
    let chars: Vec<char> = t.chars().filter(|c| !is_space(*c)).map(fold).collect();
    let digits_only =
        |cs: &[char]| !cs.is_empty() && cs.len() <= 4 && cs.iter().all(|c| c.is_ascii_digit());
    // - 3 -
    if chars.len() >= 3 && is_dash(chars[0]) && is_dash(chars[chars.len() - 1]) {
        let inner: Vec<char> = chars[1..chars.len() - 1]
            .iter()
            .copied()
            .filter(|c| !is_dash(*c))
            .collect();
        if digits_only(&inner) {
            return PageMark::Whole(page_number(&inner));
        }
    }
    // 第 3 页 [共 10 页]
    let s: String = chars.iter().collect();
    if let Some(r) = s.strip_prefix('第') {
        let d: String = r.chars().take_while(|c| c.is_ascii_digit()).collect();
        if !d.is_empty() {
            let after = &r[d.len()..];
            if after == "页"
                || (after.starts_with("页") && after.contains('共') && after.ends_with('页'))
            {
                return PageMark::Whole(page_number(&d.chars().collect::<Vec<_>>()));
            }
        }
    }
    // 3/10
    if let Some((a, b)) = s.split_once('/') {
        let a: Vec<char> = a.chars().collect();
        if digits_only(&a) && digits_only(&b.chars().collect::<Vec<_>>()) {
            return PageMark::Whole(page_number(&a));
        }
    }
    // Flip-book prefixes on the raw (trimmed) text: "Page 9 - ", "P. 9 ".
    let lower = t.to_ascii_lowercase();
    let after = if lower.starts_with("page") {
        Some(4)
    } else if lower.starts_with("p.") {
        Some(2)
    } else {
        None
    };
    if let Some(mut i) = after {
        let b = t.as_bytes();
        while i < b.len() && b[i] == b' ' {
            i += 1;
        }
        let d0 = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i > d0 && (i == b.len() || !b[i].is_ascii_alphabetic()) {
            let page = page_number(&t[d0..i].chars().collect::<Vec<_>>());
            // Skip spaces and one dash after the number.
            let mut j = i;
            let rest = &t[j..];
            let mut skipped = 0;
            for c in rest.chars() {
                if is_space(c) || (is_dash(c) && skipped == 0) {
                    if is_dash(c) {
                        skipped = 1;
                    }
                    j += c.len_utf8();
                } else {
                    break;
                }
            }
            if j >= t.len() {
                return PageMark::Whole(page);
            }
            // A repeated page header: "Page 9 - <title>", "Page 9 - <the
            // flip-book's name>" (a page header names the document after
            // the dash; "P. 9 一、总体情况" is the page's first line).
            let tail: String = t[j..].chars().filter(|c| !is_space(*c)).collect();
            if tail.contains(TITLE_KEY) || (skipped == 1 && lower.starts_with("page")) {
                return PageMark::Whole(page);
            }
            return PageMark::Prefix(j, page);
        }
    }
    PageMark::None
}

/// Setext underlines, horizontal rules, Markdown table separators, `|||` filler.
fn is_rule(s: &str) -> bool {
    // A line that starts with an ideograph (lead byte E4..E9: neither a
    // space nor a rule's char), the common case, is none.
    if s.as_bytes()
        .first()
        .is_some_and(|b| (0xE4..=0xE9).contains(b))
    {
        return false;
    }
    let Some(first) = s.trim_start().bytes().next() else {
        return false;
    };
    if !matches!(first, b'-' | b'=' | b'*' | b'_' | b'|' | b':' | b'+')
        && !s.trim_start().starts_with('｜')
    {
        return false;
    }
    let t: String = s.chars().filter(|c| !is_space(*c)).collect();
    if t.is_empty() {
        return false;
    }
    // Bare pipes (merged-cell filler), but not a lone `|` (an empty cell).
    if t.chars().all(|c| c == '|' || c == '｜') {
        return t.chars().count() >= 2;
    }
    if t.chars().count() >= 3
        && (t.chars().all(|c| c == '-')
            || t.chars().all(|c| c == '=')
            || t.chars().all(|c| c == '*')
            || t.chars().all(|c| c == '_'))
    {
        return true;
    }
    // |---|:---:| : every cell dashes (with optional colons); a single cell
    // needs three dashes, so a placeholder cell "- |" stays a cell.
    if !t.contains('|') || !t.chars().all(|c| matches!(c, '|' | '-' | ':' | '+')) {
        return false;
    }
    let cells: Vec<&str> = t.split('|').filter(|c| !c.is_empty()).collect();
    let dashes =
        |c: &str| c.trim_matches(':').chars().all(|x| x == '-' || x == '+') && c.contains('-');
    !cells.is_empty()
        && cells.iter().all(|c| dashes(c))
        && (cells.len() >= 2 || cells[0].matches('-').count() >= 3)
}

/// Strips Markdown decoration around a heading: leading `#`s, `**`/`__` pairs,
/// trailing `#`s. Returns the byte range of the remaining text.
fn strip_decoration(s: &str) -> (usize, usize) {
    let (mut a, mut b) = trim_range(s);
    let bytes = s.as_bytes();
    while a < b && bytes[a] == b'#' {
        a += 1;
    }
    while b > a && bytes[b - 1] == b'#' {
        b -= 1;
    }
    loop {
        let (x, y) = trim_range(&s[a..b]);
        let (na, nb) = (a + x, a + y);
        let inner = &s[na..nb];
        if inner.len() >= 4
            && ((inner.starts_with("**") && inner.ends_with("**"))
                || (inner.starts_with("__") && inner.ends_with("__")))
        {
            a = na + 2;
            b = nb - 2;
            continue;
        }
        a = na;
        b = nb;
        break;
    }
    (a, b)
}

/// Recognises one of the six section headings by its text (§1): a line is a
/// heading by its words, not by `#`.
fn heading(s: &str, base: usize) -> Option<HeadingLine> {
    // Headings are short and name one of a few subjects.
    if s.len() > 200 || s.contains('\t') || s.contains('|') {
        return None;
    }
    let (a, b) = strip_decoration(s);
    if a >= b || b - a > 160 {
        return None;
    }
    let text = &s[a..b];
    // Longer than a heading, told before normalising (see `cjk_chars`).
    if cjk_chars(text) > 40 {
        return None;
    }
    // A sentence is no heading: its last char (trimmed, so kept by `Norm`)
    // tells before the text is normalised.
    if text
        .chars()
        .next_back()
        .is_some_and(|c| matches!(fold(c), '。' | ';' | '；' | ','))
    {
        return None;
    }
    // Nor is a line with a digit after its numeral (a table row, a date):
    // only "第1部分" keeps a digit out of the title.
    if text.bytes().any(|b| b.is_ascii_digit()) && !text.contains('部') {
        return None;
    }
    if !has_heading_word(text) {
        return None;
    }
    // Inner bold markers: "一、**总体情况**".
    let n = if text.contains("**") {
        Norm::new(&text.replace("**", "  "), 0)
    } else {
        Norm::new(text, 0)
    };
    if n.is_empty() || n.len() > 40 {
        return None;
    }
    let chars = &n.chars();
    if matches!(chars.last(), Some('。' | ';' | '；' | ',')) {
        return None;
    }
    // Numeral: 一、 / 一. / 一 (space) / 第一部分
    let mut numeral = None;
    let mut rest: &[char] = chars;
    if chars.len() >= 4 && chars[0] == '第' && chars[2] == '部' && chars[3] == '分' {
        numeral = Some(chars[1]).filter(|c| SectionId::from_numeral(*c).is_some());
        rest = &chars[4..];
    } else if let Some(&c0) = chars.first() {
        if SectionId::from_numeral(c0).is_some() {
            let after = &chars[1..];
            if matches!(after.first(), Some('、' | '.' | ',' | ':')) {
                numeral = Some(c0);
                rest = &after[1..];
            } else if text_starts_with_numeral_and_space(text) {
                numeral = Some(c0);
                rest = after;
            }
        }
    }
    while matches!(rest.last(), Some(':')) {
        rest = &rest[..rest.len() - 1];
    }
    if rest.is_empty() || rest.iter().any(|c| c.is_ascii_digit()) {
        return None;
    }
    let rest_s: String = rest.iter().collect();
    let by_numeral = numeral.and_then(SectionId::from_numeral);
    // Exact canonical title or a known variant: accepted whatever the numeral.
    let titles = normalized_titles();
    let exact = SectionId::ALL
        .into_iter()
        .find(|id| rest_s == titles[id.index()].0);
    let variant = || {
        SectionId::ALL
            .into_iter()
            .find(|id| titles[id.index()].1.contains(&rest_s))
    };
    let section = match exact.or_else(variant) {
        Some(id) => id,
        None => {
            // Key words, only together with the right numeral.
            let id = by_numeral?;
            let ok = id
                .keys()
                .iter()
                .any(|set| set.iter().all(|k| rest_s.contains(k)));
            if !ok || rest.len() > 30 {
                return None;
            }
            id
        }
    };
    Some(HeadingLine {
        section,
        text: ((base + a) as u32, (base + b) as u32),
        numeral,
        canonical: exact == Some(section) && by_numeral == Some(section),
        written: n.as_string(),
        level: s
            .trim_start()
            .bytes()
            .take_while(|b| *b == b'#')
            .count()
            .min(6) as u8,
    })
}

/// The chars of U+4000..U+9FFF in a text (counted by their lead bytes,
/// E4..E9): a lower bound of its normalised length, as `Norm` keeps every
/// one of them.
fn cjk_chars(text: &str) -> usize {
    text.bytes().filter(|b| (0xE4..=0xE9).contains(b)).count()
}

/// Whether the text holds one of the words that every heading has (情况,
/// 事项, 问题, 公开, 申请, 诉讼), in one pass over its chars.
fn has_heading_word(text: &str) -> bool {
    let mut prev = '\0';
    for c in text.chars() {
        if matches!(
            (prev, c),
            ('情', '况') | ('事', '项') | ('问', '题') | ('公', '开') | ('申', '请') | ('诉', '讼')
        ) {
            return true;
        }
        prev = c;
    }
    false
}

/// Each section's title and variants, normalised (built once).
pub(super) fn normalized_titles() -> &'static [(String, Vec<String>)] {
    static T: std::sync::OnceLock<Vec<(String, Vec<String>)>> = std::sync::OnceLock::new();
    T.get_or_init(|| {
        SectionId::ALL
            .iter()
            .map(|id| {
                (
                    crate::analysis::normalize::norm_string(id.title()),
                    id.variants()
                        .iter()
                        .map(|v| crate::analysis::normalize::norm_string(v))
                        .collect(),
                )
            })
            .collect()
    })
}

fn text_starts_with_numeral_and_space(text: &str) -> bool {
    let mut it = text.chars();
    it.next();
    it.next().is_some_and(is_space)
}

fn text_line(line: &str, content_start: usize) -> TextLine {
    text_line_in(line, content_start, line.len(), 0)
}

/// A text line made of `line[start..end]`; its narrative facts are read from
/// `line[facts_from..end]` (offsets stay relative to the line).
pub(super) fn text_line_in(line: &str, start: usize, end: usize, facts_from: usize) -> TextLine {
    let content_start = start;
    let content = &line[start..end];
    let bytes = content.as_bytes();
    // Narrative lines have neither separator: one search tells.
    let either = memchr::memchr2(b'\t', b'|', bytes).is_some();
    let has_tab = either && memchr::memchr(b'\t', bytes).is_some();
    let has_pipe = (either && memchr::memchr(b'|', bytes).is_some()) || has_wide_bar(bytes);
    let (ts, te) = trim_range(content);
    let trimmed = &content[ts..te];
    let sentence_end = trimmed.ends_with('。')
        || trimmed.ends_with('；')
        || trimmed.ends_with('！')
        || trimmed.ends_with('？');
    // Counting chars costs a pass over the line: only when it decides.
    let long = || {
        content.len() > 4 * MAX_TABLE_LINE_CHARS
            || (content.len() > MAX_TABLE_LINE_CHARS
                && content.chars().count() > MAX_TABLE_LINE_CHARS)
    };
    let prose = !has_tab
        && !has_pipe
        && (sentence_end || long() || (content.len() > 180 && trimmed.contains('。')));
    // Narrative lines are never table rows: no cells.
    let (cells, sep) = if has_tab {
        (split_cells(content, content_start), Sep::Tab)
    } else if has_pipe {
        pipe_cells(content, content_start)
    } else if prose {
        (Vec::new(), Sep::Space)
    } else {
        (space_cells(content, content_start), Sep::Space)
    };
    let table_hint = !prose && table_hint(&cells);
    let scope = &line[facts_from..end];
    let shift = facts_from as u32;
    TextLine {
        cells: cells.into_boxed_slice(),
        sep,
        prose,
        table_hint,
        title: title(scope).map(|mut t| {
            t.text = (t.text.0 + shift, t.text.1 + shift);
            t.year_range = t.year_range.map(|(a, b)| (a + shift, b + shift));
            Box::new(t)
        }),
        content_start: content_start as u32,
        // Table rows are no sentences: how they end tells nothing.
        ending: if has_tab || has_pipe {
            Ending::Open
        } else {
            ending(trimmed, sentence_end)
        },
        // Table rows carry no narrative facts.
        info: if has_tab || has_pipe {
            ProseInfo::default()
        } else {
            let mut info = prose::scan_line(scope);
            info.shift(shift);
            info
        },
    }
}

/// Whether the cells hold a caption or header that only a statistical table
/// has (see `TextLine::table_hint`), in one pass over them.
fn table_hint(cells: &[RawCell]) -> bool {
    let (mut review, mut litigation, mut texts) = (false, false, 0);
    for c in cells {
        let RawKind::Text(n, _) = &c.kind else {
            continue;
        };
        let t = n.as_str();
        // One pass for the words' first chars; the words are searched for
        // only in the few cells that hold one.
        let (mut di, mut gou, mut xing) = (false, false, false);
        for c in t.chars() {
            match c {
                '第' => di = true,
                '勾' => gou = true,
                '行' => xing = true,
                _ => {}
            }
        }
        if (di && t.contains("第二十条"))
            || t == "信息内容"
            || (gou && t.contains("勾稽关系"))
            || t == "申请人情况"
        {
            return true;
        }
        if xing {
            review |= t.contains("行政复议");
            litigation |= t.contains("行政诉讼");
        }
        texts += 1;
    }
    review && litigation && texts >= 2
}

/// Whether the text holds a full-width bar `｜` (a prebuilt SIMD searcher:
/// a char search looks at every byte 0x9C, common in CJK text).
fn has_wide_bar(bytes: &[u8]) -> bool {
    static BAR: std::sync::OnceLock<memchr::memmem::Finder<'static>> = std::sync::OnceLock::new();
    let bar = BAR.get_or_init(|| memchr::memmem::Finder::new("｜"));
    bar.find(bytes).is_some()
}

/// Body names end so (a signature line closing a report).
const BODY_ENDINGS: [&str; 16] = [
    "局",
    "委",
    "办",
    "办公室",
    "政府",
    "院",
    "中心",
    "所",
    "站",
    "会",
    "处",
    "厅",
    "部",
    "署",
    "镇",
    "街道",
];

/// Words of the lines that close a report: its formula, the contact, an
/// attachment.
const CLOSING_WORDS: [&str; 7] = [
    "特此报告",
    "联系电话",
    "联系人",
    "电子邮箱",
    "邮编",
    "附件",
    "网址",
];

/// How a (trimmed) line ends: a sentence, a closing line (a date, the body's
/// name, "无"), or open (cut off, or a heading-like fragment).
fn ending(t: &str, sentence_end: bool) -> Ending {
    let last = t.chars().next_back();
    if sentence_end
        || matches!(last, Some('.' | '!' | '?' | '…'))
        || (matches!(last, Some('）' | ')' | '”' | '"' | '」' | '』'))
            && t.chars()
                .rev()
                .nth(1)
                .is_some_and(|c| "。！？；.!?".contains(c)))
    {
        return Ending::Sentence;
    }
    // Closing lines are short: no pass over a paragraph for them.
    if t.len() > 160 {
        return Ending::Open;
    }
    let date = t.ends_with('日')
        && t.contains('年')
        && t.contains('月')
        && t.bytes().filter(u8::is_ascii_digit).count() >= 5;
    let short = t.len() <= 120
        && t.chars().filter(|c| !is_space(*c)).count() <= 30
        && !t.contains(['，', ',', '、', '：', ':']);
    if date
        || (short && BODY_ENDINGS.iter().any(|e| t.ends_with(e)))
        || matches!(t, "无" | "暂无" | "无。" | "无其他需要报告的事项")
        || CLOSING_WORDS.iter().any(|w| t.contains(w))
    {
        return Ending::Closing;
    }
    Ending::Open
}

/// Splits on tabs; every segment is a cell (empty ones included).
fn split_cells(s: &str, base: usize) -> Vec<RawCell> {
    // Table rows are short: plain loops over the bytes (a SIMD search costs
    // more to set up than it saves on them); the count sizes the cells exactly.
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.iter().filter(|b| **b == b'\t').count() + 1);
    let mut start = 0;
    for (i, b) in bytes.iter().enumerate() {
        if *b == b'\t' {
            out.push(cell(&s[start..i], base + start));
            start = i + 1;
        }
    }
    out.push(cell(&s[start..], base + start));
    out
}

fn pipe_cells(s: &str, base: usize) -> (Vec<RawCell>, Sep) {
    // Treat the full-width bar like the ASCII one.
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in s.char_indices() {
        if c == '|' || c == '｜' {
            out.push(cell(&s[start..i], base + start));
            start = i + c.len_utf8();
        }
    }
    out.push(cell(&s[start..], base + start));
    let (ts, te) = trim_range(s);
    let t = &s[ts..te];
    let leading = t.starts_with('|') || t.starts_with('｜');
    let trailing = t.ends_with('|') || t.ends_with('｜');
    if t == "|" || t == "｜" {
        // A lone bar: one empty value cell.
        let at = (base + ts) as u32;
        return (
            vec![RawCell {
                start: at,
                end: at,
                kind: RawKind::Empty,
            }],
            Sep::PipePerLine,
        );
    }
    if leading && !out.is_empty() && matches!(out[0].kind, RawKind::Empty) {
        out.remove(0);
    }
    if trailing && out.len() > 1 && matches!(out[out.len() - 1].kind, RawKind::Empty) {
        out.pop();
    }
    let sep = if !leading && trailing && out.len() == 1 {
        Sep::PipePerLine
    } else {
        Sep::PipeInline
    };
    (out, sep)
}

/// PDF text: a label, then the values space-separated at the end of the line.
fn space_cells(s: &str, base: usize) -> Vec<RawCell> {
    // Whitespace-separated tokens with their byte ranges.
    let mut tokens: Vec<(usize, usize)> = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices() {
        if is_space(c) {
            if let Some(st) = start.take() {
                tokens.push((st, i));
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(st) = start {
        tokens.push((st, s.len()));
    }
    let mut k = tokens.len();
    while k > 0 {
        let (a, b) = tokens[k - 1];
        if value_of(&s[a..b]).is_some() {
            k -= 1;
        } else {
            break;
        }
    }
    let mut out = Vec::new();
    if k > 0 {
        let (a, _) = tokens[0];
        let (ga, b) = tokens[k - 1];
        // Digits run together with the label ("…申请数量713000074"): the label,
        // then one value or, with nothing after it, a run of cells.
        let glued = glued_digits(&s[ga..b]).map(|d| ga + d);
        let label_end = glued.unwrap_or(b);
        out.push(RawCell {
            start: (base + a) as u32,
            end: (base + label_end) as u32,
            kind: text_cell(Norm::new(&s[a..label_end], base + a)),
        });
        if let Some(g) = glued {
            out.push(if k == tokens.len() {
                RawCell {
                    start: (base + g) as u32,
                    end: (base + b) as u32,
                    kind: RawKind::Run(s[g..b].into()),
                }
            } else {
                cell(&s[g..b], base + g)
            });
        }
    }
    for &(a, b) in &tokens[k..] {
        out.push(cell(&s[a..b], base + a));
    }
    out
}

/// Where a token's trailing number starts when it is glued to a label: ASCII
/// digits (with a decimal part) right after an ideograph or a closing bracket
/// or quote ("数量713000074", "收费288.67"); not a phone number, date or code.
pub(super) fn glued_digits(tok: &str) -> Option<usize> {
    let b = tok.as_bytes();
    let mut i = b.len();
    while i > 0 && b[i - 1].is_ascii_digit() {
        i -= 1;
    }
    if i == b.len() {
        return None;
    }
    // A decimal part: "288.67".
    if i >= 2 && b[i - 1] == b'.' && b[i - 2].is_ascii_digit() {
        let mut j = i - 1;
        while j > 0 && b[j - 1].is_ascii_digit() {
            j -= 1;
        }
        i = j;
    }
    let before = tok[..i].chars().next_back()?;
    let label_like = ('\u{4E00}'..='\u{9FFF}').contains(&before)
        || matches!(before, '）' | ')' | '”' | '"' | '」' | '】');
    label_like.then_some(i)
}

fn text_cell(n: Norm) -> RawKind {
    let v = vocab::classify(n.as_str());
    RawKind::Text(n, v)
}

/// Classifies one cell's text; the range excludes surrounding spaces.
fn cell(raw: &str, base: usize) -> RawCell {
    let (a, b) = trim_range(raw);
    if a >= b {
        let at = (base + a.min(raw.len())) as u32;
        return RawCell {
            start: at,
            end: at,
            kind: RawKind::Empty,
        };
    }
    let t = &raw[a..b];
    let kind = if t.bytes().all(|b| b.is_ascii_digit()) {
        // The common value, told in one pass: what `is_digit_run` and then
        // `value_of` (plain digits, fifteen at most) give for it.
        if is_digit_run(t) {
            RawKind::Run(t.into())
        } else {
            RawKind::Value(Value::Int(digits_value(t.as_bytes())))
        }
    } else {
        // (Not all digits: no run.)
        match value_of(t) {
            Some(v) => RawKind::Value(v),
            None => text_cell(Norm::new(t, base + a)),
        }
    };
    RawCell {
        start: (base + a) as u32,
        end: (base + b) as u32,
        kind,
    }
}

/// Digits that cannot be one count: a leading zero ("000", "0013") or ten
/// digits and more: cells run together (§8, issue 11).
/// The value of plain ASCII digits (at most 18 of them: no overflow).
pub(super) fn digits_value(digits: &[u8]) -> i64 {
    digits
        .iter()
        .fold(0i64, |n, b| n * 10 + i64::from(b - b'0'))
}

fn is_digit_run(t: &str) -> bool {
    let b = t.as_bytes();
    b.len() >= 2 && b.iter().all(u8::is_ascii_digit) && (b[0] == b'0' || b.len() >= 10)
}

/// Placeholders that drafters write into an empty cell (§8.9).
fn is_placeholder(t: &str) -> bool {
    // The folded chars without whitespace, on the stack: the longest
    // placeholder ("&nbsp;") has six.
    let mut f = ['\0'; 7];
    let mut n = 0;
    for c in t.chars().map(fold).filter(|c| !is_space(*c)) {
        if n == f.len() {
            return false;
        }
        f[n] = c;
        n += 1;
    }
    const PLACEHOLDERS: [&str; 14] = [
        "/", "-", "--", "—", "——", "–", "─", "无", "\\", "空", "、", "/ ", "×", "&nbsp;",
    ];
    PLACEHOLDERS.iter().any(|p| eq_chars(&f[..n], p))
}

/// Parses a value cell: a number (possibly malformed) or a placeholder. Text
/// that is neither returns `None`.
pub fn value_of(t: &str) -> Option<Value> {
    // Values start with a digit, a sign, a full-width digit or a placeholder.
    let first = t.chars().next()?;
    if !(first.is_ascii_digit()
        || matches!(
            first,
            '+' | '-' | '/' | '\\' | '&' | '—' | '–' | '─' | '无' | '空' | '、' | '×' | '０'
                ..='９' | '－' | '＋' | '／'
        ))
    {
        return None;
    }
    if first.is_ascii_digit() {
        return parse_number(t);
    }
    if is_placeholder(t) {
        return Some(Value::Placeholder);
    }
    parse_number(t)
}

const UNITS: [&str; 7] = ["万元", "件", "条", "个", "次", "项", "人次"];

/// Parses a number as drafters write it: digits with an optional sign, decimal
/// point, thousands separators, full-width digits or a counting unit. Anything
/// other than plain ASCII digits comes back as [`Value::Invalid`] with the value
/// it stands for, so that the arithmetic can go on and the fix can normalise it.
pub fn parse_number(t: &str) -> Option<Value> {
    // The common case: plain ASCII digits.
    if !t.is_empty() && t.len() <= 15 && t.bytes().all(|b| b.is_ascii_digit()) {
        // At most 15 digits: no overflow.
        return Some(Value::Int(digits_value(t.as_bytes())));
    }
    // The next most common: a plain decimal ("0.00"), what the general path
    // below gives for it, without its allocations.
    if let Some((int, frac)) = t.split_once('.') {
        let digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
        if int.len() <= 15 && digits(int) && digits(frac) {
            return t.parse().ok().map(Value::Decimal);
        }
    }
    // What the general path below accepts, folded and without spaces: a
    // digit first (after a sign), then digits, separators and a unit. Text
    // ("3.其他", a row label) is ruled out without allocating.
    let folded = || t.chars().filter(|c| !is_space(*c)).map(fold);
    let mut lead = folded();
    let digit_first = match lead.next() {
        Some('-' | '+') => lead.next().is_some_and(|c| c.is_ascii_digit()),
        c => c.is_some_and(|c| c.is_ascii_digit()),
    };
    let number_chars = || {
        folded().all(|c| {
            c.is_ascii_digit()
                || matches!(c, '.' | ',' | '+' | '-')
                || UNITS.iter().any(|u| u.contains(c))
        })
    };
    if !digit_first || !number_chars() {
        return None;
    }
    let written = t.trim().to_string();
    let mut fullwidth = false;
    let mut s = String::with_capacity(t.len());
    for c in t.chars() {
        if is_space(c) {
            continue;
        }
        let f = fold(c);
        if f != c && (f.is_ascii_digit() || f == '.' || f == ',' || f == '-' || f == '+') {
            fullwidth = true;
        }
        s.push(f);
    }
    let mut unit = false;
    for u in UNITS {
        if let Some(r) = s.strip_suffix(u) {
            s = r.to_string();
            unit = true;
            break;
        }
    }
    let (neg, body) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s.as_str()),
    };
    if body.is_empty() || !body.as_bytes()[0].is_ascii_digit() {
        return None;
    }
    let (int_part, frac) = match body.split_once('.') {
        Some((i, f)) => {
            if f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            (i, Some(f))
        }
        None => (body, None),
    };
    let thousands = int_part.contains(',');
    if thousands {
        let groups: Vec<&str> = int_part.split(',').collect();
        let ok = !groups[0].is_empty()
            && groups[0].len() <= 3
            && groups[1..].iter().all(|g| g.len() == 3)
            && groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit()));
        if !ok {
            return None;
        }
    } else if !int_part.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let digits: String = int_part.chars().filter(|c| *c != ',').collect();
    if digits.len() > 15 {
        return Some(Value::Invalid {
            kind: InvalidKind::NotANumber,
            value: None,
            normalized: None,
            written,
        });
    }
    let whole: i64 = digits.parse().ok()?;
    let signed = if neg { -whole } else { whole };
    let canonical = match frac {
        Some(f) => format!("{}{}.{}", if neg { "-" } else { "" }, whole, f),
        None => signed.to_string(),
    };
    if neg && (whole != 0 || frac.is_some_and(|f| f.bytes().any(|b| b != b'0'))) {
        return Some(Value::Invalid {
            kind: InvalidKind::Negative,
            value: None,
            normalized: None,
            written,
        });
    }
    if let Some(f) = frac {
        let v: f64 = format!("{whole}.{f}").parse().ok()?;
        if thousands || unit || fullwidth {
            // A decimal with a cosmetic problem: keep it a decimal, the rule
            // that checks the column decides; remember the normal spelling.
            return Some(Value::Invalid {
                kind: if thousands {
                    InvalidKind::Thousands
                } else if unit {
                    InvalidKind::Unit
                } else {
                    InvalidKind::FullWidth
                },
                value: None,
                normalized: Some(canonical),
                written,
            });
        }
        return Some(Value::Decimal(v));
    }
    let kind = if thousands {
        Some(InvalidKind::Thousands)
    } else if unit {
        Some(InvalidKind::Unit)
    } else if fullwidth {
        Some(InvalidKind::FullWidth)
    } else {
        None
    };
    Some(match kind {
        Some(kind) => Value::Invalid {
            kind,
            value: Some(signed),
            normalized: Some(canonical),
            written,
        },
        None => Value::Int(signed),
    })
}

/// Recognises a title line: `…YYYY年政府信息公开工作年度报告` (also
/// `YYYY年度…`), short, with the year.
fn title(line: &str) -> Option<TitleLine> {
    // Runs for every text line: a prebuilt SIMD searcher for the key word.
    static REPORT: std::sync::OnceLock<memchr::memmem::Finder<'static>> =
        std::sync::OnceLock::new();
    let report = REPORT.get_or_init(|| memchr::memmem::Finder::new("报告"));
    if line.len() > 300 || report.find(line.as_bytes()).is_none() {
        return None;
    }
    let (a, b) = strip_decoration(line);
    if a >= b {
        return None;
    }
    let text = &line[a..b];
    // A sentence that mentions the report is not the title (these chars are
    // kept, or folded to ',', by `Norm`: tested before normalising), nor is
    // a text longer than a title (see `cjk_chars`).
    if text.contains(['。', ',', '，', '《']) || cjk_chars(text) > 80 {
        return None;
    }
    let n = Norm::new(text, a);
    if n.len() > 80 || !n.contains("政府信息公开") || !n.contains("报告") {
        return None;
    }
    if !(n.contains("年度报告") || n.contains("工作报告") || n.contains("年报")) {
        return None;
    }
    // A sentence that mentions the report is not the title.
    if n.as_str().contains(['。', ',', '《']) {
        return None;
    }
    // The year: four digits followed by 年.
    let chars = &n.chars();
    let mut year = None;
    let mut year_range = None;
    let mut body_end = chars.len();
    for i in 0..chars.len().saturating_sub(4) {
        if chars[i..i + 4].iter().all(|c| c.is_ascii_digit())
            && chars[i + 4] == '年'
            && (i == 0 || !chars[i - 1].is_ascii_digit())
        {
            let y: String = chars[i..i + 4].iter().collect();
            year = y.parse().ok();
            year_range = n.span_of(i, i + 4).map(|(s, e)| (s as u32, e as u32));
            body_end = i;
            break;
        }
    }
    let body: String = if year.is_some() {
        chars[..body_end].iter().collect()
    } else {
        let key = crate::analysis::normalize::find_chars(chars, "政府信息公开").unwrap_or(0);
        chars[..key].iter().collect()
    };
    Some(TitleLine {
        text: (a as u32, b as u32),
        body,
        year,
        year_range,
        norm: n.as_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(line: &str) -> Vec<String> {
        match classify(line, 1).kind {
            LineKind::Text(t) => t
                .cells
                .iter()
                .map(|c| match &c.kind {
                    RawKind::Empty => "_".to_string(),
                    RawKind::Value(Value::Int(i)) => i.to_string(),
                    RawKind::Value(Value::Placeholder) => "ph".to_string(),
                    RawKind::Value(v) => format!("{v:?}"),
                    RawKind::Text(n, _) => n.as_string(),
                    RawKind::Run(d) => format!("<{d}>"),
                })
                .collect(),
            other => vec![format!("{other:?}")],
        }
    }

    #[test]
    fn tab_cells_keep_empties() {
        assert_eq!(
            kinds("→(六)→1.申请人\t0\t0\t".replace('→', "\t").as_str()),
            vec!["_", "(六)", "1.申请人", "0", "0", "_"]
        );
    }

    #[test]
    fn pipe_layouts() {
        assert_eq!(
            kinds("一、本年新收政府信息公开申请数量 |"),
            vec!["一、本年新收政府信息公开申请数量"]
        );
        assert_eq!(kinds("3 |"), vec!["3"]);
        assert_eq!(kinds("|"), vec!["_"]);
        assert!(matches!(classify("|||", 1).kind, LineKind::Rule));
        assert!(matches!(classify("|---|:--:|", 1).kind, LineKind::Rule));
        assert!(matches!(classify("|-|-|", 1).kind, LineKind::Rule));
        assert_eq!(kinds("- |"), vec!["ph"]);
        assert_eq!(kinds("-- |"), vec!["ph"]);
        assert_eq!(kinds("| 规章 | 0 | / | 3 |"), vec!["规章", "0", "ph", "3"]);
        assert_eq!(kinds("规章 | 0 | 0 | 3 |"), vec!["规章", "0", "0", "3"]);
    }

    #[test]
    fn space_layout_splits_trailing_numbers() {
        assert_eq!(
            kinds("（三）不 予公开 1. 属于国家秘密 0 0 0 0 0 0 0"),
            vec![
                "(三)不予公开1.属于国家秘密",
                "0",
                "0",
                "0",
                "0",
                "0",
                "0",
                "0"
            ]
        );
        assert_eq!(
            kinds("行政事业性收费 288.67"),
            vec!["行政事业性收费", "Decimal(288.67)"]
        );
        assert_eq!(kinds("0 0 1"), vec!["0", "0", "1"]);
    }

    #[test]
    fn numbers() {
        assert_eq!(parse_number("14"), Some(Value::Int(14)));
        assert!(matches!(
            parse_number("１４"),
            Some(Value::Invalid {
                kind: InvalidKind::FullWidth,
                value: Some(14),
                ..
            })
        ));
        assert!(matches!(
            parse_number("1,234"),
            Some(Value::Invalid {
                kind: InvalidKind::Thousands,
                value: Some(1234),
                ..
            })
        ));
        assert!(matches!(
            parse_number("3件"),
            Some(Value::Invalid {
                kind: InvalidKind::Unit,
                value: Some(3),
                ..
            })
        ));
        assert!(matches!(
            parse_number("-3"),
            Some(Value::Invalid {
                kind: InvalidKind::Negative,
                ..
            })
        ));
        assert_eq!(parse_number("1.属于"), None);
        assert_eq!(parse_number("1."), None);
        assert_eq!(parse_number("12,34"), None);
    }

    #[test]
    fn headings() {
        let h = |s: &str| match classify(s, 1).kind {
            LineKind::Heading(h) => Some((h.section, h.canonical)),
            _ => None,
        };
        assert_eq!(h("一、总体情况"), Some((SectionId::Overview, true)));
        assert_eq!(
            h("## **六、其他需要报告的事项**"),
            Some((SectionId::Other, true))
        );
        assert_eq!(
            h("#### 四、政府信息公开行政复议、行政诉讼情况"),
            Some((SectionId::Reviews, true))
        );
        assert_eq!(h("一、 总体情况"), Some((SectionId::Overview, true)));
        assert_eq!(
            h("四、因政府信息公开工作被申请行政复议、提起行政诉讼情况"),
            Some((SectionId::Reviews, false))
        );
        assert_eq!(
            h("五、政府信息公开工作存在的主要问题及改进措施"),
            Some((SectionId::Problems, false))
        );
        assert_eq!(h("三、本年度办理结果"), None);
        assert_eq!(h("四、结转下年度继续办理"), None);
        assert_eq!(h("二、上年结转政府信息公开申请数量"), None);
        assert_eq!(h("一、本年新收政府信息公开申请数量"), None);
        assert_eq!(h("二、依申请公开情况"), None);
    }

    #[test]
    fn page_marks() {
        for s in [
            "- 3 -",
            "—3—",
            "第 3 页",
            "第3页共10页",
            "3/10",
            "P. 9",
            "Page 9 - 某局2023年政府信息公开工作年度报告",
        ] {
            assert!(matches!(classify(s, 1).kind, LineKind::PageMark(_)), "{s}");
        }
        match classify("P. 9 一、总体情况", 1).kind {
            LineKind::Heading(h) => assert_eq!(h.section, SectionId::Overview),
            k => panic!("{k:?}"),
        }
    }

    #[test]
    fn titles() {
        let t = |s: &str| match classify(s, 1).kind {
            LineKind::Text(t) => t.title.map(|t| (t.body, t.year)),
            _ => None,
        };
        assert_eq!(
            t("# 达州市人力资源和社会保障局 2023 年政府信息公开工作年度报告"),
            Some(("达州市人力资源和社会保障局".into(), Some(2023)))
        );
        assert_eq!(
            t("2023 年政府信息公开工作 年度报告"),
            Some(("".into(), Some(2023)))
        );
        assert_eq!(
            t("根据条例，编制本局2023年政府信息公开工作年度报告。"),
            None
        );
    }
}
