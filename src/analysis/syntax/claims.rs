//! Counted claims in the narrative (format spec §6, "Narrative against
//! tables"): "全年收到政府信息公开申请 14 件", "行政处罚信息 38 条", "行政复议 0 件",
//! "制发规范性文件 2 件，废止 1 件", "其中予以公开 11 条、部分公开 1 条", and the
//! negative forms "未收到……申请", "未发生行政复议、行政诉讼".
//!
//! A claim is an exact integer followed by a counting unit (件/条/个/次/宗/份),
//! not preceded or followed by a qualifier that makes it inexact
//! (余/约/近/超/多/以上/左右…); its subject is found by key words in its clause,
//! nearest first, with the noun carried over from the sentence for bare
//! continuations ("废止 1 件"). Unknown nouns map to nothing: precision matters
//! more than recall ("政策性文件" is not "行政规范性文件").
//!
//! Stage 1 (this module) reads one line; claims whose clause began on an earlier
//! line get their subject from that line's tail in stage 2.

use super::prose::Keys;
use crate::analysis::format::{T2Row, T3Group, T3Row};
use crate::analysis::normalize::{Norm, find_chars, fold};

/// What a claim counts: a table cell or a sum of cells.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Target {
    /// Applications received: 一、本年新收 总计 (or 一 + 二, as some reports count).
    New,
    /// "办理 N 件申请": received, received + carried over, or handled.
    Handled,
    /// Applications answered or concluded: 三（七）总计.
    Answered,
    /// 二、上年结转 总计.
    Carry,
    /// 四、结转下年度继续办理 总计.
    Forward,
    /// A result row of table 3, 总计 column.
    Row(T3Row),
    /// A group of result rows of table 3 (不予公开, 无法提供, 不予处理, 其他处理), 总计 column.
    Group(T3Group),
    /// Several results named together ("予以公开及部分公开 N 件"): the sum of
    /// their 总计, a set of bits of [`RESULT_ITEMS`].
    Results(u8),
    /// 行政复议 总计.
    Review,
    /// 行政诉讼: 未经复议直接起诉 总计 + 复议后起诉 总计.
    Litigation,
    /// 行政诉讼 未经复议直接起诉 总计.
    LitigationDirect,
    /// 行政诉讼 复议后起诉 总计.
    LitigationAfterReview,
    /// A cell of table 2 (row, column).
    T2(T2Row, u8),
}

/// The scope a claim speaks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Scope {
    #[default]
    Unstated,
    /// The whole jurisdiction (全市, 全区, 全县 …): not the body's own table.
    Jurisdiction,
    /// The body itself (本机关, 我局 …).
    Office,
    /// A government's office acting for it ("区政府办代表区政府受理……"): in a
    /// government's report, whose tables may count the whole jurisdiction,
    /// not the tables' count.
    Agent,
}

/// Where a claim stands in a "其中" breakdown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Role {
    #[default]
    Alone,
    /// A total that a "其中" list breaks down.
    Total,
    /// A part of the last `Total` before it.
    Part,
}

/// A claim read from one line; offsets relative to the line start.
#[derive(Clone, Debug, PartialEq)]
pub struct RawClaim {
    /// The number (empty for a negative claim).
    pub num: (u32, u32),
    /// The claim's text: from its clause's start to the end of its unit.
    pub extent: (u32, u32),
    pub value: i64,
    /// No qualifier (余/约/近/超/多/以上…) makes it inexact.
    pub exact: bool,
    pub unit: Unit,
    pub target: Option<Target>,
    /// The sentence began on an earlier line. Without a subject of its own,
    /// the claim takes it from that line's tail and its words before `num`
    /// (see `subject_across`).
    pub open_start: bool,
    pub scope: Scope,
    pub role: Role,
    /// "未收到……申请": the count is 0 by negation, not by a number.
    pub negation: bool,
}

/// A year the report is for, as the narrative states it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum YearKind {
    /// In the 统计期限 sentence.
    Period,
    /// In a mention of the report itself ("2023年政府信息公开工作年度报告").
    ReportName,
    /// Opening a sentence as its time ("2023年，我局……"): in section 一, the
    /// year the report is about when nothing else names it.
    Opening,
}

#[derive(Clone, Debug, PartialEq)]
pub struct RawYear {
    pub span: (u32, u32),
    pub year: u16,
    pub kind: YearKind,
}

/// What a line says in numbers.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LineClaims {
    /// (Boxed slices: kept per line for as long as the document is open.)
    pub claims: Box<[RawClaim]>,
    pub years: Box<[RawYear]>,
    /// The line's last words when its sentence goes on to the next line.
    pub tail: Option<Box<str>>,
    /// It mentions 行政复议 or 行政诉讼 at all (for "the text is silent").
    pub mentions_cases: bool,
}

const UNITS: [char; 6] = ['件', '条', '个', '次', '宗', '份'];

/// A counting unit of `UNITS`, in one byte (every claim of an open document
/// is kept: 32 bytes a claim, not 40).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Unit(u8);

impl Unit {
    const JIAN: Unit = Unit(0);

    fn of(c: char) -> Option<Unit> {
        UNITS.iter().position(|&u| u == c).map(|i| Unit(i as u8))
    }

    pub fn char(self) -> char {
        UNITS[self.0 as usize]
    }
}

/// Words that introduce the reporting period.
const PERIOD_WORDS: [&str; 4] = ["统计期限", "统计时限", "统计区间", "统计时段"];
/// Sentence ends.
#[inline]
fn is_stop(c: &char) -> bool {
    matches!(c, '。' | '！' | '？' | '!' | '?')
}

/// Clause ends (after folding).
#[inline]
fn is_comma(c: &char) -> bool {
    matches!(c, ',' | '、' | ';' | '；' | ':' | '：' | '(' | ')')
}

/// Words before a number that make it inexact (as chars: they are compared
/// with the end of the words before every number).
const QUALIFIERS_BEFORE: [&[char]; 12] = [
    &['约'],
    &['近'],
    &['超'],
    &['超', '过'],
    &['逾'],
    &['多', '达'],
    &['将', '近'],
    &['大', '约'],
    &['接', '近'],
    &['不', '足'],
    &['不', '到'],
    &['上'],
];
const JURISDICTION: [&str; 12] = [
    "全市",
    "全区",
    "全县",
    "全省",
    "全州",
    "全盟",
    "全旗",
    "全镇",
    "全乡",
    "各级",
    "全自治区",
    "所辖",
];
const OFFICE: [&str; 10] = [
    "本机关",
    "我局",
    "本局",
    "我委",
    "本委",
    "本单位",
    "我单位",
    "本部门",
    "我办",
    "本办",
];

/// Key words of a subject, in the order they are tried on a clause.
const SUBJECTS: &[(&[&str], Target)] = &[
    (
        &[
            "结转下年",
            "结转至下年",
            "转入下年",
            "结转到下年",
            "结转下一年",
            "结转至下一年",
            "顺延到下年",
            "顺延至下年",
            "顺延到下一年",
            "顺延至下一年",
        ],
        Target::Forward,
    ),
    (
        &[
            "上年结转",
            "上年度结转",
            "上一年度结转",
            "上一年结转",
            "往年结转",
            "上年度未办结",
        ],
        Target::Carry,
    ),
    (&["复议后起诉"], Target::LitigationAfterReview),
    (&["直接起诉", "未经复议"], Target::LitigationDirect),
    (&["不掌握"], Target::Row(T3Row::U1)),
    (&["国家秘密"], Target::Row(T3Row::D1)),
    (&["禁止公开"], Target::Row(T3Row::D2)),
    (&["三安全一稳定"], Target::Row(T3Row::D3)),
    (&["第三方合法权益"], Target::Row(T3Row::D4)),
    (&["内部事务"], Target::Row(T3Row::D5)),
    (&["过程性信息"], Target::Row(T3Row::D6)),
    (&["行政执法案卷"], Target::Row(T3Row::D7)),
    (&["行政查询事项"], Target::Row(T3Row::D8)),
    (&["另行制作", "没有现成信息"], Target::Row(T3Row::U2)),
    (&["仍不明确"], Target::Row(T3Row::U3)),
    (&["信访举报投诉"], Target::Row(T3Row::P1)),
    (&["重复申请"], Target::Row(T3Row::P2)),
    (&["公开出版物"], Target::Row(T3Row::P3)),
    (&["大量反复申请"], Target::Row(T3Row::P4)),
    (&["重新出具"], Target::Row(T3Row::P5)),
    (&["逾期不补正"], Target::Row(T3Row::O1)),
    (
        &["逾期未按收费通知", "未按收费通知", "未缴纳费用"],
        Target::Row(T3Row::O2),
    ),
    (&["部分公开"], Target::Row(T3Row::G2)),
    (&["不予公开"], Target::Group(T3Group::Withheld)),
    (&["无法提供"], Target::Group(T3Group::Unable)),
    (&["不予处理"], Target::Group(T3Group::NotProcessed)),
    (&["其他处理"], Target::Group(T3Group::OtherHandling)),
    (
        &["予以公开", "同意公开", "全部公开"],
        Target::Row(T3Row::G1),
    ),
];

/// The results of table 3 a sentence names one by one (the rows （一）（二）
/// and the groups （三）–（六）), and their words; bit `i` of
/// [`Target::Results`] is item `i`.
pub const RESULT_ITEMS: [(&[&str], Target); 6] = [
    (
        &["予以公开", "同意公开", "全部公开"],
        Target::Row(T3Row::G1),
    ),
    (&["部分公开"], Target::Row(T3Row::G2)),
    (&["不予公开"], Target::Group(T3Group::Withheld)),
    (&["无法提供"], Target::Group(T3Group::Unable)),
    (&["不予处理"], Target::Group(T3Group::NotProcessed)),
    (&["其他处理"], Target::Group(T3Group::OtherHandling)),
];

/// Words that join the results named together ("予以公开及部分公开").
const JOINERS: [&str; 6] = ["以及", "及", "和", "与", "或", "、"];
/// Words that may follow the last result named before its number.
const FILLERS: [&str; 6] = ["的申请", "申请", "的", "共", "合计", "类"];

/// The results named in `words` (their ends and items, in order), or `None`
/// when two of them are named otherwise than joined one after the other just
/// before the number: then what the number counts is not clear.
fn named_results(words: &[char]) -> Option<Vec<(usize, usize)>> {
    let mut found: Vec<(usize, usize, usize)> = Vec::new(); // (start, end, item)
    for (item, (ws, _)) in RESULT_ITEMS.iter().enumerate() {
        for w in *ws {
            let n = w.chars().count();
            let mut from = 0;
            while let Some(p) = words[from..]
                .windows(n)
                .position(|x| x.iter().copied().eq(w.chars()))
            {
                found.push((from + p, from + p + n, item));
                from += p + n;
            }
        }
    }
    found.sort();
    if found.len() < 2 {
        return Some(found.iter().map(|f| (f.1, f.2)).collect());
    }
    let joined =
        |a: &[char]| a.is_empty() || JOINERS.iter().any(|j| a.iter().copied().eq(j.chars()));
    let chained = found.windows(2).all(|w| joined(&words[w[0].1..w[1].0]));
    let last_end = found.last().map_or(0, |f| f.1);
    let rest = &words[last_end..];
    let tail_ok = rest.is_empty() || FILLERS.iter().any(|f| rest.iter().copied().eq(f.chars()));
    (chained && tail_ok).then(|| found.iter().map(|f| (f.1, f.2)).collect())
}

/// Several results named together before the number ("予以公开及部分公开 258
/// 件", "予以公开、部分公开共 10 件"): their sum. `prev` is the clause before
/// a "、" that ends the sentence's words (a list split by the "、").
fn results_sum(local: &[char], sentence: &[char]) -> Option<Option<Target>> {
    // Every word of `RESULT_ITEMS` ends with 公开, 提供 or 处理, and two
    // results named never end at the same char: with fewer than two such
    // ends in the words searched (`local` and a part of `sentence`), fewer
    // than two results are named, and the sum is none.
    if result_ends(local) + result_ends(sentence) < 2 {
        return None;
    }
    let mut words: Vec<char> = Vec::new();
    if sentence.last() == Some(&'、') {
        let body = &sentence[..sentence.len() - 1];
        let from = body
            .iter()
            .rposition(|c| is_stop(c) || is_comma(c))
            .map_or(0, |p| p + 1);
        let prev = &body[from..];
        if !prev.iter().any(|c| is_digit(*c)) && named_results(prev).is_some_and(|r| !r.is_empty())
        {
            words.extend_from_slice(prev);
            words.push('、');
        }
    }
    words.extend_from_slice(local);
    let named = match named_results(&words) {
        Some(n) => n,
        // Named otherwise than in a plain list: say nothing.
        None => return Some(None),
    };
    let mut mask = 0u8;
    for (_, item) in &named {
        mask |= 1 << item;
    }
    (mask.count_ones() >= 2).then_some(Some(Target::Results(mask)))
}

/// How many times 公开, 提供 or 处理 (the ends of the words of
/// `RESULT_ITEMS`) occur in `s`.
fn result_ends(s: &[char]) -> usize {
    s.windows(2)
        .filter(|w| matches!((w[0], w[1]), ('公', '开') | ('提', '供') | ('处', '理')))
        .count()
}

/// "因本机关不掌握等原因无法提供 265 件": a row named as an example (等)
/// of its group's results counts the group; a row followed by 等 alone
/// ("重复申请等 3 件") counts something unclear.
fn example_of_group(local: &[char], row: T3Row, row_at: usize) -> Option<Option<Target>> {
    let group = row.spec().group;
    let after = &local[row_at..];
    let deng = after.iter().position(|c| *c == '等')?;
    let word = RESULT_ITEMS
        .iter()
        .find(|(_, t)| *t == Target::Group(group))
        .and_then(|(ws, _)| ws.iter().find_map(|w| rfind(&after[deng..], w)));
    Some(word.map(|_| Target::Group(group)))
}

/// Words without which no clause has a subject (see `subject`): the case
/// kinds, table 2's rows and documents, 申请, and every word of `SUBJECTS`.
/// A line with none of them maps no number to a cell, and is not searched
/// word by word (most numbers of a narrative are of other things).
const ANCHORS: [&str; 9] = [
    "行政复议",
    "行政诉讼",
    "起诉",
    "行政许可",
    "行政处罚",
    "行政强制",
    "规范性文件",
    "规章",
    "申请",
];

/// Words that open a clause counting something else than the main clause: a
/// part of its count (含, 包括, 其中) or something besides it (另有, 此外).
/// Such a clause's numbers take no subject from the words before it ("答复
/// 805 件（含上年度结转申请 18 件，另有 72 件顺延到下年度答复）": 72 is not
/// the number answered).
const FRAME_OPENERS: [&str; 8] = ["其中", "包括", "包含", "含", "另有", "另外", "此外", "另"];

/// Whether the clause that begins `rest` opens a frame. This runs at every
/// comma: the openers' first chars (or a space) rule most clauses out at once.
#[inline]
fn opens_frame(rest: &[char]) -> bool {
    match rest.first() {
        Some('其' | '包' | '含' | '另' | '此') => opens_frame_slow(rest),
        Some(c) if crate::analysis::normalize::is_space(*c) => opens_frame_slow(rest),
        _ => false,
    }
}

#[cold]
fn opens_frame_slow(rest: &[char]) -> bool {
    let at = rest
        .iter()
        .position(|c| !crate::analysis::normalize::is_space(*c))
        .unwrap_or(rest.len());
    FRAME_OPENERS.iter().any(|w| starts_with(&rest[at..], w))
}

/// Where the current sentence, clause and frame began, kept up to date as a
/// scan moves forward over a line. A frame begins at the sentence's start, at
/// an open parenthesis, or at a clause opened by a word of `FRAME_OPENERS`; a
/// closed parenthesis returns to the frame around it.
#[derive(Clone, Copy, Default)]
struct Clauses {
    stop: usize,
    comma: usize,
    frame: usize,
    /// The frame around the open parenthesis, and how deep it is.
    outer: usize,
    depth: u32,
}

impl Clauses {
    /// After the char `c` at `i`, which is neither an ideograph nor a digit
    /// (numbers hold no stops or commas).
    #[inline]
    fn after(&mut self, chars: &[char], i: usize, c: char) {
        if is_stop(&c) {
            *self = Clauses {
                stop: i + 1,
                comma: i + 1,
                frame: i + 1,
                outer: i + 1,
                depth: 0,
            };
        } else if is_comma(&c) {
            self.comma = i + 1;
            match c {
                '(' => {
                    if self.depth == 0 {
                        self.outer = self.frame;
                    }
                    self.depth += 1;
                    self.frame = i + 1;
                }
                ')' if self.depth > 0 => {
                    self.depth -= 1;
                    if self.depth == 0 {
                        self.frame = self.outer;
                    }
                }
                ')' => {}
                _ if opens_frame(&chars[i + 1..]) => self.frame = i + 1,
                _ => {}
            }
        }
    }
}

/// Where the frame of the clause starting at `cs` begins (see [`Clauses`]).
fn frame_start(chars: &[char], cs: usize) -> usize {
    let mut st = Clauses::default();
    for (i, &c) in chars[..cs].iter().enumerate() {
        st.after(chars, i, c);
    }
    st.frame
}

/// The scope of a claim from the words of its sentence up to it; `agent`:
/// whether the line can name an office acting for its government at all.
pub fn scope_of(words: &[char], agent: bool) -> Scope {
    // A word with a char the sentence lacks is not in it (no scan for it).
    let present = CharSet::of(words.iter());
    if JURISDICTION
        .iter()
        .zip(JURISDICTION_BITS)
        .any(|(w, b)| present.may_hold_bits(b) && contains(words, w))
    {
        Scope::Jurisdiction
    } else if agent && is_agent(words) {
        Scope::Agent
    } else if OFFICE
        .iter()
        .zip(OFFICE_BITS)
        .any(|(w, b)| present.may_hold_bits(b) && names_office(words, w))
    {
        Scope::Office
    } else {
        Scope::Unstated
    }
}

/// Whether `w` (本机关, 我局 …) names the body in `words`, not a reason of
/// table 3 ("因本机关不掌握等原因无法提供").
fn names_office(words: &[char], w: &str) -> bool {
    let n = w.chars().count();
    let mut from = 0;
    while let Some(p) = words[from..]
        .windows(n)
        .position(|x| x.iter().copied().eq(w.chars()))
    {
        let at = from + p;
        if !starts_with(&words[at + n..], "不掌握") {
            return true;
        }
        from = at + n;
    }
    false
}

/// "区政府办……", "市政府办公厅代表市政府……": a government's office acting for it.
fn is_agent(words: &[char]) -> bool {
    contains(words, "政府办")
        || rfind(words, "代表")
            .is_some_and(|p| contains(&words[p..(p + 9).min(words.len())], "政府"))
}

fn has_anchor(text: &str) -> bool {
    super::prose::keys_of(text) & GATE_ANCHOR != 0
}

/// Words that make a count of cases something else than the totals.
const CASE_DETAILS: [&str; 6] = ["败诉", "纠正", "维持", "撤销", "尚未审结", "胜诉"];

fn starts_with(s: &[char], w: &str) -> bool {
    let mut it = s.iter();
    w.chars().all(|c| it.next() == Some(&c))
}

fn contains(s: &[char], w: &str) -> bool {
    rfind(s, w).is_some()
}

/// The last index where `w` occurs in `s`.
fn rfind(s: &[char], w: &str) -> Option<usize> {
    // This runs for every number of the narrative, with many words: only the
    // first char of the word is decoded up front, the rest where it matches.
    let mut chars = w.chars();
    let first = chars.next()?;
    let rest = chars.as_str();
    (0..s.len()).rev().find(|&i| {
        s[i] == first && {
            let mut k = i + 1;
            rest.chars().all(|c| {
                let same = s.get(k) == Some(&c);
                k += 1;
                same
            })
        }
    })
}

/// A superset of the chars of a text, in 128 bits (a Bloom filter with one
/// hash): `may_hold(w)` is false only when some char of `w` is not in it.
#[derive(Clone, Copy)]
struct CharSet(u128);

impl CharSet {
    fn bit(c: char) -> u128 {
        Self::bit_of(c as u32)
    }

    /// The bit of a char by its code point (`const`, for [`CharSet::bits_of`]).
    const fn bit_of(c: u32) -> u128 {
        1u128 << (c.wrapping_mul(0x9E37_79B1) >> 25)
    }

    fn of<'a>(chars: impl Iterator<Item = &'a char>) -> CharSet {
        CharSet(chars.fold(0, |m, &c| m | Self::bit(c)))
    }

    fn may_hold(self, w: &str) -> bool {
        w.chars().all(|c| self.0 & Self::bit(c) != 0)
    }

    /// `may_hold` of a word given by its chars' bits ([`CharSet::bits_of`]).
    fn may_hold_bits(self, bits: u128) -> bool {
        self.0 & bits == bits
    }

    /// The bits of the chars of a word (at compile time: UTF-8 decoded by
    /// hand, `str::chars` is not `const`).
    const fn bits_of(w: &str) -> u128 {
        let b = w.as_bytes();
        let (mut i, mut m) = (0, 0u128);
        while i < b.len() {
            let (c, n) = match b[i] {
                x if x < 0x80 => (x as u32, 1),
                x if x < 0xE0 => (((x & 0x1F) as u32) << 6 | (b[i + 1] & 0x3F) as u32, 2),
                x if x < 0xF0 => (
                    ((x & 0x0F) as u32) << 12
                        | ((b[i + 1] & 0x3F) as u32) << 6
                        | (b[i + 2] & 0x3F) as u32,
                    3,
                ),
                x => (
                    ((x & 0x07) as u32) << 18
                        | ((b[i + 1] & 0x3F) as u32) << 12
                        | ((b[i + 2] & 0x3F) as u32) << 6
                        | (b[i + 3] & 0x3F) as u32,
                    4,
                ),
            };
            m |= Self::bit_of(c);
            i += n;
        }
        m
    }

    /// [`CharSet::bits_of`] of each word.
    const fn bits_of_all<const N: usize>(ws: [&str; N]) -> [u128; N] {
        let mut out = [0u128; N];
        let mut i = 0;
        while i < N {
            out[i] = Self::bits_of(ws[i]);
            i += 1;
        }
        out
    }
}

/// The chars' bits of `JURISDICTION` and `OFFICE`.
const JURISDICTION_BITS: [u128; 12] = CharSet::bits_of_all(JURISDICTION);
const OFFICE_BITS: [u128; 10] = CharSet::bits_of_all(OFFICE);

/// The last index of any of `ws` in `s`.
fn rfind_any(s: &[char], ws: &[&str]) -> Option<usize> {
    ws.iter().filter_map(|w| rfind(s, w)).max()
}

/// The subject of a count, from the words of its clause before the number
/// (`local`), after its unit up to the clause's end (`after`), and the rest of
/// its sentence before the clause (`sentence`, for a noun carried over).
pub fn subject(local: &[char], after: &[char], sentence: &[char]) -> Option<Target> {
    let local = trim_qualifiers(local);
    let verb_only = is_verb_only(local);
    let both: Vec<char> = local.iter().chain(after.iter()).copied().collect();
    // Every text searched below is made of these three: a word with a char
    // none of them has cannot occur, and most of the many words tried here
    // are ruled out so, without a scan (this runs for every number).
    let present = CharSet::of(local.iter().chain(after).chain(sentence));
    let rfind = |s: &[char], w: &str| present.may_hold(w).then(|| rfind(s, w)).flatten();
    let rfind_any = |s: &[char], ws: &[&str]| ws.iter().filter_map(|w| rfind(s, w)).max();
    let contains = |s: &[char], w: &str| rfind(s, w).is_some();
    // Table 4: the case kinds; counts of particular outcomes are not totals.
    let review = rfind(&both, "行政复议");
    let litigation = rfind_any(&both, &["行政诉讼", "起诉"]);
    if review.is_some() || litigation.is_some() {
        if CASE_DETAILS.iter().any(|d| contains(&both, d)) {
            return None;
        }
        if let Some(t) = SUBJECTS[2..4]
            .iter()
            .find(|(ws, _)| ws.iter().any(|w| contains(&both, w)))
            .map(|(_, t)| *t)
        {
            return Some(t);
        }
        // The nearer of the two, in the words before the number.
        return match (
            rfind(local, "行政复议"),
            rfind_any(local, &["行政诉讼", "起诉"]),
        ) {
            (Some(a), Some(b)) => Some(if a > b {
                Target::Review
            } else {
                Target::Litigation
            }),
            (Some(_), None) => Some(Target::Review),
            (None, Some(_)) => Some(Target::Litigation),
            (None, None) => Some(if review.is_some() {
                Target::Review
            } else {
                Target::Litigation
            }),
        };
    }
    // Table 2's rows.
    for (w, row) in [
        ("行政许可", T2Row::Licensing),
        ("行政处罚", T2Row::Penalty),
        ("行政强制", T2Row::Enforcement),
    ] {
        if contains(local, w) || (verb_only && contains(after, w)) {
            return Some(Target::T2(row, 0));
        }
    }
    // Both nouns of `documents` (规范性文件, 规章) start with 规.
    let docs = if present.may_hold("规") {
        documents(local, after, sentence, verb_only)
    } else {
        None
    };
    if let Some(t) = docs {
        return Some(t);
    }
    // Table 3: several results named together, or none clearly.
    if let Some(t) = results_sum(local, sentence) {
        return t;
    }
    // Table 3: results and carried-over applications.
    if let Some((t, at)) = SUBJECTS
        .iter()
        .filter(|(_, t)| !matches!(t, Target::LitigationDirect | Target::LitigationAfterReview))
        .find_map(|(ws, t)| ws.iter().find_map(|w| rfind(local, w)).map(|at| (*t, at)))
    {
        if let Target::Row(r) = t {
            if let Some(g) = example_of_group(local, r, at) {
                return g;
            }
        }
        return Some(t);
    }
    if let Some(t) = SUBJECTS
        .iter()
        .filter(|(_, t)| matches!(t, Target::Forward | Target::Carry))
        .find(|(ws, _)| ws.iter().any(|w| contains(after, w)))
        .map(|(_, t)| *t)
    {
        return Some(t);
    }
    // Applications received, answered, handled: the word 申请 must be there.
    let applications = contains(&both, "申请") || (verb_only && contains(sentence, "申请"));
    if !applications {
        return None;
    }
    let verbs = if verb_only && !local.is_empty() {
        local
    } else {
        &both[..]
    };
    let verbs_or_sentence: Vec<char> = if rfind_any(
        verbs,
        &["收到", "受理", "新收", "接收", "办结", "答复", "办理"],
    )
    .is_some()
    {
        verbs.to_vec()
    } else {
        sentence.iter().chain(local.iter()).copied().collect()
    };
    if rfind_any(&verbs_or_sentence, &["办结", "答复", "办理完毕", "已办理"]).is_some() {
        return Some(Target::Answered);
    }
    if rfind_any(
        &verbs_or_sentence,
        &["收到", "受理", "新收", "接收", "接到"],
    )
    .is_some()
    {
        return Some(Target::New);
    }
    if contains(&verbs_or_sentence, "办理") {
        return Some(Target::Handled);
    }
    None
}

/// Whether a clause has only verbs and function words (no noun of its own), so
/// the noun comes from its sentence: "废止 1 件", "现行有效 12 件".
fn is_verb_only(local: &[char]) -> bool {
    // The chars of "全年本年度内共计累其中已现行有效废止除制发出台印发定办结答复收到
    // 受理新办理完成此外另和及并为的是" (a match: no search of a string per char).
    local.iter().all(|c| {
        matches!(
            c,
            '全' | '年'
                | '本'
                | '度'
                | '内'
                | '共'
                | '计'
                | '累'
                | '其'
                | '中'
                | '已'
                | '现'
                | '行'
                | '有'
                | '效'
                | '废'
                | '止'
                | '除'
                | '制'
                | '发'
                | '出'
                | '台'
                | '印'
                | '定'
                | '办'
                | '结'
                | '答'
                | '复'
                | '收'
                | '到'
                | '受'
                | '理'
                | '新'
                | '完'
                | '成'
                | '此'
                | '外'
                | '另'
                | '和'
                | '及'
                | '并'
                | '为'
                | '的'
                | '是'
        )
    })
}

/// 规章 and 行政规范性文件: 制发 / 废止 / 现行有效 counts. The noun must be
/// exactly one of these (政策性文件 is not 行政规范性文件).
/// `verb_only`: `is_verb_only(local)`.
fn documents(local: &[char], after: &[char], sentence: &[char], verb_only: bool) -> Option<Target> {
    let noun_of = |s: &[char]| -> Option<T2Row> {
        // The nearest noun decides; "政策性文件" or "政策文件" closer than 规范性文件 wins.
        let normative = rfind(s, "规范性文件");
        let rules = rfind(s, "规章");
        let other = rfind_any(s, &["政策性文件", "政策文件", "其他文件"]);
        let best = [
            (normative, Some(T2Row::NormativeDocs)),
            (rules, Some(T2Row::Rules)),
            (other, None),
        ]
        .into_iter()
        .filter(|(i, _)| i.is_some())
        .max_by_key(|(i, _)| *i)?;
        best.1
    };
    let row = match noun_of(local).or_else(|| noun_of(after)) {
        Some(r) => Some(r),
        None if verb_only => noun_of(sentence),
        None => None,
    }?;
    let col = if contains(local, "废止") || contains(local, "废除") || contains(local, "失效")
    {
        1
    } else if contains(local, "有效") {
        2
    } else if rfind_any(
        local,
        &["制发", "出台", "印发", "制定", "发布", "新制", "新增"],
    )
    .is_some()
    {
        0
    } else if verb_only {
        // "……规范性文件 2 件" after a verb earlier in the sentence.
        if contains(sentence, "废止") {
            1
        } else if contains(sentence, "有效") {
            2
        } else if rfind_any(sentence, &["制发", "出台", "印发", "制定", "发布"]).is_some()
        {
            0
        } else {
            return None;
        }
    } else {
        return None;
    };
    Some(Target::T2(row, col))
}

/// The words before a number without a trailing qualifier (约, 近, 超过 …).
fn trim_qualifiers(local: &[char]) -> &[char] {
    match QUALIFIERS_BEFORE.iter().find(|q| local.ends_with(q)) {
        Some(q) => &local[..local.len() - q.len()],
        None => local,
    }
}

/// The subject of a claim whose sentence began on an earlier line: `tail` is
/// that line's end, `before` the claim's words on its own line.
pub fn subject_across(tail: &str, before: &str) -> Option<Target> {
    // `before` is the line as written; `tail` was normalised already.
    let joined = format!("{tail}{}", Norm::new(before, 0).as_str());
    if !has_anchor(&joined) {
        return None;
    }
    let chars: Vec<char> = joined.chars().collect();
    let cs = chars
        .iter()
        .rposition(|c| is_stop(c) || is_comma(c))
        .map(|p| p + 1)
        .unwrap_or(0);
    subject(&chars[cs..], &[], &chars[frame_start(&chars, cs)..cs])
}

/// The scope of a claim whose sentence began on an earlier line (see
/// [`subject_across`]): the words of that line's tail and its own before it.
pub fn scope_across(tail: &str, before: &str) -> Scope {
    let joined: Vec<char> = tail
        .chars()
        .chain(Norm::new(before, 0).as_str().chars())
        .collect();
    scope_of(&joined, true)
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

/// Whether a line can hold a claim at all (a digit, or a negation of
/// applications or cases): the gate that keeps plain narrative cheap.
/// `chars` is the normalised line (full-width digits folded), `keys` its key
/// words (`prose::keys_of`), which hold the gates below.
pub fn worth_scanning(chars: &[char], keys: Keys) -> bool {
    chars.iter().any(char::is_ascii_digit) || (keys & GATE_NOT != 0 && keys & GATE_NEGATABLE != 0)
}

/// Gates for the line scanner's single pass of key words (`prose::keys_of`).
/// A word that may give a claim a subject (see `ANCHORS`).
const GATE_ANCHOR: Keys = 1 << 24;
/// 申请 / 复议 / 诉讼: what a negation can be about.
const GATE_NEGATABLE: Keys = 1 << 25;
const GATE_PERIOD: Keys = 1 << 26;
/// 未 / 没有 / 无.
const GATE_NOT: Keys = 1 << 27;
/// 政府办 / 代表: an office acting for its government (see `Scope::Agent`).
const GATE_AGENT: Keys = 1 << 28;

/// The words of the gates above, for `prose::keys_of`.
pub fn gate_words() -> Vec<(&'static str, Keys)> {
    let mut w: Vec<(&str, Keys)> = ANCHORS
        .iter()
        .chain(SUBJECTS.iter().flat_map(|(ws, _)| ws.iter()))
        .map(|a| (*a, GATE_ANCHOR))
        .collect();
    w.extend(["申请", "复议", "诉讼"].map(|a| (a, GATE_NEGATABLE)));
    w.extend(PERIOD_WORDS.map(|a| (a, GATE_PERIOD)));
    w.extend(["未", "没有", "无"].map(|a| (a, GATE_NOT)));
    w.extend(["政府办", "代表"].map(|a| (a, GATE_AGENT)));
    w
}

/// The claims, years and tail of one line.
pub fn scan(line: &str) -> LineClaims {
    with_normalized(line, |s| {
        let keys = super::prose::keys_of_chars(&s.chars);
        scan_normalized(keys, s)
    })
}

/// Buffers of the line scanner, reused from line to line (the scan runs for
/// every narrative line; allocating them each time cost more than the scan).
#[derive(Default)]
pub struct Scratch {
    /// The line's normalised chars ([`Norm::chars_into`]).
    pub chars: Vec<char>,
    /// The source byte range of each.
    pub src: Vec<(u32, u32)>,
    claims: Vec<RawClaim>,
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::default();
}

/// Runs `f` with the line normalised into this thread's scratch buffers: a
/// narrative line is decoded once, for its key words and its claims.
pub fn with_normalized<R>(line: &str, f: impl FnOnce(&mut Scratch) -> R) -> R {
    let run = |s: &mut Scratch| {
        Norm::chars_into(line, &mut s.chars, &mut s.src);
        f(s)
    };
    SCRATCH.with(|s| match s.try_borrow_mut() {
        Ok(mut s) => run(&mut s),
        // Not re-entered today; should it ever be, fresh buffers do.
        Err(_) => run(&mut Scratch::default()),
    })
}

/// The claims, years and tail of a line normalised in `scratch` (see
/// [`with_normalized`]), given its key words.
pub fn scan_normalized(keys: Keys, scratch: &mut Scratch) -> LineClaims {
    let mut claims = std::mem::take(&mut scratch.claims);
    claims.clear();
    let mut years = Vec::new();
    let mut tail = None;
    let (chars, src) = (&scratch.chars[..], &scratch.src[..]);
    // Sentence starts (indices into chars).
    // Where the sentence and the clause around the current position began,
    // kept up to date as the scan moves forward (numbers hold no stops).
    let mut st = Clauses::default();
    let sentence_start = |i: usize| -> usize {
        chars[..i]
            .iter()
            .rposition(is_stop)
            .map(|p| p + 1)
            .unwrap_or(0)
    };
    // The reference for the incremental clause start (checked in debug
    // builds): a ',' between two digits is a thousands separator, part of
    // the number, not the end of a clause.
    let clause_start = |i: usize| -> usize {
        (0..i)
            .rposition(|p| {
                let c = chars[p];
                let separator = c == ','
                    && p > 0
                    && is_digit(chars[p - 1])
                    && chars.get(p + 1).is_some_and(|d| is_digit(*d));
                is_stop(&c) || (is_comma(&c) && !separator)
            })
            .map(|p| p + 1)
            .unwrap_or(0)
    };
    let clause_end = |i: usize| -> usize {
        chars[i..]
            .iter()
            .position(|c| is_stop(c) || is_comma(c))
            .map(|p| p + i)
            .unwrap_or(chars.len())
    };
    let span = |a: usize, b: usize| -> (u32, u32) {
        (a < b && b <= src.len())
            .then(|| (src[a].0 as usize, src[b - 1].1 as usize))
            .map(|(x, y)| (x as u32, y as u32))
            .unwrap_or((0, 0))
    };
    let period_line = keys & GATE_PERIOD != 0;
    let agent_line = keys & GATE_AGENT != 0;
    // Whether any number of the line can be about a table cell (the key words
    // are found in the normalised text: "行政 处罚" from PDF text is one).
    let anchored = keys & GATE_ANCHOR != 0;

    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        // Most chars are ideographs: neither digits nor punctuation.
        if ('\u{4E00}'..='\u{9FFF}').contains(&c) {
            i += 1;
            continue;
        }
        if !is_digit(c) {
            st.after(chars, i, c);
            i += 1;
            continue;
        }
        // A number: digits, with thousands separators.
        let start = i;
        let mut j = i;
        while j < chars.len()
            && (is_digit(chars[j])
                || (chars[j] == ',' && j + 1 < chars.len() && is_digit(chars[j + 1]) && j > start))
        {
            j += 1;
        }
        // The value, without allocating (this runs for every number).
        let mut value: i64 = 0;
        let mut ndigits = 0;
        let mut overflow = false;
        for c in &chars[start..j] {
            if let Some(d) = fold(*c).to_digit(10) {
                ndigits += 1;
                match value.checked_mul(10).and_then(|v| v.checked_add(d as i64)) {
                    Some(v) => value = v,
                    None => overflow = true,
                }
            }
        }
        i = j;
        // Part of a decimal or of a longer token (12.03, 3.5%, v2).
        if (start > 0 && (chars[start - 1] == '.' || chars[start - 1].is_ascii_alphabetic()))
            || chars.get(j) == Some(&'.') && chars.get(j + 1).is_some_and(|c| is_digit(*c))
        {
            continue;
        }
        if overflow {
            continue;
        }
        let next = chars.get(j).copied();
        // Years: "2023年" (not "2023年度报告" counts).
        if ndigits == 4 && next == Some('年') && (1990..=2100).contains(&value) {
            let year = value as u16;
            let after = &chars[j..(j + 16).min(chars.len())];
            // A year after "统计期限" in its sentence is the period's; others
            // on the line may name the report ("编制2023年度……年度报告。本报告
            // 统计期限为……").
            let in_period = period_line && {
                let before = &chars[st.stop..start];
                PERIOD_WORDS.iter().any(|w| find_chars(before, w).is_some())
            };
            if in_period {
                years.push(RawYear {
                    span: span(start, j),
                    year,
                    kind: YearKind::Period,
                });
            } else if start == st.stop && (starts_with(after, "年,") || starts_with(after, "年度,"))
            {
                years.push(RawYear {
                    span: span(start, j),
                    year,
                    kind: YearKind::Opening,
                });
            } else if after.contains(&'政')
                && (find_chars(after, "政府信息公开工作年度报告").is_some()
                    || starts_with(after, "年度政府信息公开")
                    || starts_with(after, "年政府信息公开工作"))
            {
                years.push(RawYear {
                    span: span(start, j),
                    year,
                    kind: YearKind::ReportName,
                });
            }
            continue;
        }
        // Qualifiers and the unit: N[余|多|来]?[件条个…][以上|左右|余]?
        let mut k = j;
        let mut exact = true;
        if matches!(chars.get(k), Some('余' | '多' | '来')) {
            exact = false;
            k += 1;
        }
        let Some(&unit) = chars.get(k).filter(|c| UNITS.contains(c)) else {
            continue;
        };
        k += 1;
        // "个" is a counting word in "3个工作日", "2个百分点": not a count of things here.
        let after_unit = &chars[k..];
        if unit == '个'
            && ["工作日", "月", "百分点", "小时", "季度", "方面"]
                .iter()
                .any(|w| starts_with(after_unit, w))
        {
            continue;
        }
        if ["以上", "左右", "余"]
            .iter()
            .any(|w| starts_with(after_unit, w))
        {
            exact = false;
        }
        let (cs, ss, frame) = (st.comma, st.stop, st.frame);
        debug_assert_eq!((cs, ss), (clause_start(start), sentence_start(start)));
        let before = &chars[cs..start];
        if QUALIFIERS_BEFORE.iter().any(|q| before.ends_with(q)) {
            exact = false;
        }
        let target = if anchored {
            subject(before, &chars[k..clause_end(k)], &chars[frame..cs])
        } else {
            None
        };
        // The scope matters only for a claim about a table cell.
        let scope = match target.map(|_| scope_of(&chars[ss..k], agent_line)) {
            None => Scope::Unstated,
            // The whole jurisdiction, or the office that acts for the
            // government, speaks for the rest of its paragraph ("全区共收到申请
            // 1499 件。予以公开 966 件……", "……代表区政府受理申请 17 件。予以公开
            // 9 件……").
            Some(Scope::Unstated) => claims
                .iter()
                .rev()
                .map(|c| c.scope)
                .find(|s| matches!(s, Scope::Jurisdiction | Scope::Agent))
                .unwrap_or(if agent_line && is_agent(&chars[..ss]) {
                    Scope::Agent
                } else {
                    Scope::Unstated
                }),
            Some(s) => s,
        };
        claims.push(RawClaim {
            num: span(start, j),
            extent: span(cs, k),
            value,
            exact,
            unit: Unit::of(unit).unwrap_or(Unit::JIAN),
            target,
            // A clause of its own frame takes nothing from the line before.
            open_start: frame == 0,
            scope,
            role: Role::Alone,
            negation: false,
        });
    }

    // A negation is of applications or cases ("未收到申请", "未发生行政复议"),
    // and its every word holds 未, 没有 or 无.
    if keys & GATE_NEGATABLE != 0 && keys & GATE_NOT != 0 {
        negations(chars, &mut claims, &span);
    }
    breakdowns(chars, src, &mut claims);

    // The sentence goes on to the next line: keep its last words.
    if let Some(l) = chars.len().checked_sub(1) {
        if !is_stop(&chars[l]) && !matches!(chars[l], ';' | '；') {
            let from = chars[..=l]
                .iter()
                .rposition(is_stop)
                .map(|p| p + 1)
                .unwrap_or(0)
                .max(l.saturating_sub(40));
            tail = Some(boxed_str(&chars[from..=l]));
        }
    }
    // Kept per line for as long as the document is open: an exact copy, and
    // the buffer goes back to the scratch.
    let out = LineClaims {
        claims: claims.as_slice().into(),
        years: years.into_boxed_slice(),
        tail,
        mentions_cases: false,
    };
    scratch.claims = claims;
    out
}

/// The last words of a line whose sentence goes on to the next line (at most
/// 40 characters, normalised), or `None` when it ends a sentence.
pub fn tail_of(line: &str) -> Option<Box<str>> {
    let t = line.trim_end_matches(|c: char| crate::analysis::normalize::is_space(c));
    let last = t.chars().next_back()?;
    if is_stop(&crate::analysis::normalize::fold(last)) || matches!(last, ';' | '；') {
        return None;
    }
    let start = t.char_indices().rev().nth(39).map(|(i, _)| i).unwrap_or(0);
    let n = Norm::new(&t[start..], 0);
    let chars = n.chars();
    let from = chars.iter().rposition(is_stop).map(|p| p + 1).unwrap_or(0);
    Some(boxed_str(&chars[from..]))
}

/// [`tail_of`] of `line`, from the line normalised in `chars` (with the
/// source range of each char in `src`, as [`Norm::chars_into`] gives them):
/// the tail's chars are those of the normalised line from the first at or
/// after the tail's first byte, without a second normalisation.
pub fn tail_in(line: &str, chars: &[char], src: &[(u32, u32)]) -> Option<Box<str>> {
    // An entity ("&nbsp;") may straddle the tail's start, and a "、" after a
    // digit reads "."  only with the digit: then normalise the tail alone.
    if line.as_bytes().contains(&b'&') {
        return tail_of(line);
    }
    let t = line.trim_end_matches(|c: char| crate::analysis::normalize::is_space(c));
    let last = t.chars().next_back()?;
    if is_stop(&crate::analysis::normalize::fold(last)) || matches!(last, ';' | '；') {
        return None;
    }
    let start = t.char_indices().rev().nth(39).map(|(i, _)| i).unwrap_or(0);
    let k = src.partition_point(|&(a, _)| (a as usize) < start);
    if k > 0 && chars[k - 1].is_ascii_digit() {
        return tail_of(line);
    }
    let chars = &chars[k..];
    let from = chars.iter().rposition(is_stop).map(|p| p + 1).unwrap_or(0);
    Some(boxed_str(&chars[from..]))
}

/// The chars as a string, allocated once at its exact size (collecting into
/// a `String` grows it, and boxing it shrinks it again).
fn boxed_str(chars: &[char]) -> Box<str> {
    let mut s = String::with_capacity(chars.iter().map(|c| c.len_utf8()).sum());
    s.extend(chars);
    s.into_boxed_str()
}

/// "未收到……申请" (no application received), "未发生行政复议、行政诉讼" (no case).
fn negations(
    chars: &[char],
    claims: &mut Vec<RawClaim>,
    span: &dyn Fn(usize, usize) -> (u32, u32),
) {
    let mut i = 0;
    while i < chars.len() {
        // Clause by clause: "办理申请 6 件，未引发行政复议和行政诉讼".
        let end = chars[i..]
            .iter()
            .position(|c| is_stop(c) || matches!(c, ';' | '；' | ','))
            .map(|p| p + i)
            .unwrap_or(chars.len());
        let s = &chars[i..end];
        let has_number = s.iter().any(|c| is_digit(*c));
        // Every negation word below holds 未, 没 or 无.
        let negates = s.iter().any(|c| matches!(c, '未' | '没' | '无'));
        if !has_number && negates {
            let negated = rfind_any(
                s,
                &["未收到", "没有收到", "未接到", "没有接到", "未受理", "无"],
            );
            if let Some(neg) = negated {
                let tail = &s[neg..];
                // Applications for information, not for a licence or a hearing
                // ("未收到行政许可申请").
                let applications = contains(tail, "申请")
                    && !["复议", "诉讼", "许可", "审批", "听证"]
                        .iter()
                        .any(|w| contains(tail, w));
                // "无" alone must be followed by the thing it negates.
                let plain_wu = s[neg] == '无'
                    && !(contains(tail, "无政府信息公开申请") || contains(tail, "无申请"));
                if applications && !plain_wu {
                    claims.push(negative(Target::New, span(i + neg, end), i == 0));
                }
            }
            if let Some(neg) = rfind_any(
                s,
                &[
                    "未发生",
                    "未引发",
                    "没有发生",
                    "未产生",
                    "无行政复议",
                    "无行政诉讼",
                    "未被申请",
                    "未出现",
                ],
            ) {
                let tail = &s[neg..];
                if !CASE_DETAILS.iter().any(|d| contains(tail, d)) {
                    if contains(tail, "行政复议") || contains(tail, "复议") {
                        claims.push(negative(Target::Review, span(i + neg, end), i == 0));
                    }
                    if contains(tail, "行政诉讼") || contains(tail, "诉讼") {
                        claims.push(negative(Target::Litigation, span(i + neg, end), i == 0));
                    }
                }
            }
        }
        i = end + 1;
    }
}

fn negative(target: Target, extent: (u32, u32), open_start: bool) -> RawClaim {
    RawClaim {
        num: (extent.0, extent.0),
        extent,
        value: 0,
        exact: true,
        unit: Unit::JIAN,
        target: Some(target),
        open_start,
        scope: Scope::Unstated,
        role: Role::Alone,
        negation: true,
    }
}

/// "共 N 条，其中 A 条、B 条" and "共 N 条。其中 A 条……": the claims after 其中, up
/// to the end of that sentence, are parts of the claim before it.
fn breakdowns(chars: &[char], src: &[(u32, u32)], claims: &mut [RawClaim]) {
    // No claim with a number: no total, nothing to break down.
    if claims.iter().all(|c| c.negation) {
        return;
    }
    // Source ranges are in increasing order: a binary search.
    let char_at = |byte: u32| src.partition_point(|&(a, _)| a < byte);
    let mut qi = 0;
    // (其 first: it is rarer than 中.)
    let qizhong = |from: usize| {
        (from..chars.len().saturating_sub(1)).find(|&p| chars[p] == '其' && chars[p + 1] == '中')
    };
    while let Some(p) = qizhong(qi) {
        qi = p + 2;
        // The claims with a number (not the negations), in order.
        let numbered = (0..claims.len()).filter(|&k| !claims[k].negation);
        // The total: the last claim before 其中 (in the same or the previous
        // sentence), not one in a parenthesis closed before it ("申请 15 件（含
        // 网上申请 9 件），其中……": the parts are of the 15).
        let closed_between = |a: usize| {
            let mut depth = 0i32;
            chars[a..p].iter().any(|c| {
                depth += match c {
                    '(' => 1,
                    ')' => -1,
                    _ => 0,
                };
                depth < 0
            })
        };
        // Nor one of a clause that counts something else ("答复 1453 件，包括
        // 上年结转申请 30 件。其中……": the parts are of the 1453).
        let in_sub_frame = |at: usize| {
            let cs = chars[..at]
                .iter()
                .rposition(|c| is_stop(c) || is_comma(c))
                .map_or(0, |q| q + 1);
            // Frames end with their sentence: look from its start only.
            let ss = chars[..cs].iter().rposition(is_stop).map_or(0, |q| q + 1);
            frame_start(&chars[ss..], cs - ss) > 0
        };
        let Some(total) = numbered.clone().rev().find(|&k| {
            let end = char_at(claims[k].num.1);
            end <= p && !closed_between(end) && !in_sub_frame(char_at(claims[k].num.0))
        }) else {
            continue;
        };
        let end = chars[p..]
            .iter()
            .position(is_stop)
            .map(|e| e + p)
            .unwrap_or(chars.len());
        // The parts: the claims after 其中 in its sentence. Parts that already
        // add up to the total complete the breakdown; what follows in the
        // sentence counts something else ("发布信息 43 条，其中政务公开类 40 条，
        // 机构职责类 3 条；财政信息公开发布 8 条").
        let goal = claims[total].value;
        let (mut sum, mut any) = (0, false);
        for k in 0..claims.len() {
            let at = char_at(claims[k].num.0);
            if claims[k].negation || at <= p || at >= end {
                continue;
            }
            any = true;
            claims[k].role = Role::Part;
            sum += claims[k].value;
            if sum == goal {
                break;
            }
        }
        if any {
            claims[total].role = Role::Total;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claims(s: &str) -> Vec<(i64, bool, Option<Target>, Role)> {
        scan(s)
            .claims
            .iter()
            .map(|c| (c.value, c.exact, c.target, c.role))
            .collect()
    }

    #[test]
    fn applications() {
        assert_eq!(
            claims("2023 年，全年收到政府信息公开申请 14 条。"),
            vec![(14, true, Some(Target::New), Role::Alone)]
        );
        assert_eq!(
            claims("全年共受理 6 件政府信息公开申请。"),
            vec![(6, true, Some(Target::New), Role::Alone)]
        );
        assert_eq!(
            claims("全年办理政府信息公开申请 6 件，未引发行政复议和行政诉讼应诉。").len(),
            3
        );
        assert_eq!(
            claims("全年办理政府信息公开申请 6 件")[0].2,
            Some(Target::Handled)
        );
        assert_eq!(
            claims("均已按时答复，结转下年度继续办理1件。")[0].2,
            Some(Target::Forward)
        );
        assert_eq!(
            claims("上年结转政府信息公开申请1件")[0].2,
            Some(Target::Carry)
        );
        assert_eq!(
            claims("本年度我局没有收到要求政府信息公开的申请。")[0].2,
            Some(Target::New)
        );
        // Another kind of application: nothing (a real 2023 report).
        assert_eq!(
            claims("2023年，我办全年未收到行政许可申请；全年未接到信息公开申请。")
                .iter()
                .map(|c| c.2)
                .collect::<Vec<_>>(),
            vec![Some(Target::New)]
        );
    }

    #[test]
    fn breakdown_of_results() {
        let c = claims(
            "全年收到政府信息公开申请 14 条，其中信息公开申请能够予以公开的 11 条，部分公开的 1 条，我局不掌握相关政府信息 1 条，法律法规禁止公开 1 条。",
        );
        assert_eq!(c[0], (14, true, Some(Target::New), Role::Total));
        assert_eq!(c[1], (11, true, Some(Target::Row(T3Row::G1)), Role::Part));
        assert_eq!(c[2], (1, true, Some(Target::Row(T3Row::G2)), Role::Part));
        assert_eq!(c[3], (1, true, Some(Target::Row(T3Row::U1)), Role::Part));
        assert_eq!(c[4], (1, true, Some(Target::Row(T3Row::D2)), Role::Part));
        let c = claims(
            "公开发布信息 43 条，其中政务公开类信息 40 条，机构职责类信息 3 条；财政信息公开发布 8 条；法治临渭公开发布 1 条。",
        );
        assert_eq!(
            c.iter().map(|c| c.3).collect::<Vec<_>>(),
            [
                Role::Total,
                Role::Part,
                Role::Part,
                Role::Alone,
                Role::Alone
            ]
        );
        let c = claims("全年主动公开政府信息 591 条。其中：通知公告 273 条，工作动态 88 条。");
        assert_eq!(c[0].3, Role::Total);
        assert_eq!(c[1].3, Role::Part);
        assert_eq!(c[0].2, None);
    }

    #[test]
    fn table2_and_cases() {
        let c = claims("公开行政许可信息 64 条、行政处罚信息 38 条。");
        assert_eq!(
            c,
            vec![
                (64, true, Some(Target::T2(T2Row::Licensing, 0)), Role::Alone),
                (38, true, Some(Target::T2(T2Row::Penalty, 0)), Role::Alone)
            ]
        );
        let c = claims("全年制发规范性文件 0 件，废止 0 件，现行有效 1 件。");
        assert_eq!(
            c.iter().map(|x| x.2).collect::<Vec<_>>(),
            vec![
                Some(Target::T2(T2Row::NormativeDocs, 0)),
                Some(Target::T2(T2Row::NormativeDocs, 1)),
                Some(Target::T2(T2Row::NormativeDocs, 2))
            ]
        );
        assert_eq!(claims("对《办法》等 3 个政策文件进行图文解读")[0].2, None);
        assert_eq!(claims("全年制发政策性文件 5 件")[0].2, None);
        let c = claims("行政复议 0 件，行政诉讼 0 件，行政诉讼败诉案件数 0 件。");
        assert_eq!(
            c.iter().map(|x| x.2).collect::<Vec<_>>(),
            vec![Some(Target::Review), Some(Target::Litigation), None]
        );
        let c = claims("未发生行政复议、行政诉讼。");
        assert_eq!(
            c.iter().map(|x| x.2).collect::<Vec<_>>(),
            vec![Some(Target::Review), Some(Target::Litigation)]
        );
    }

    #[test]
    fn each_number_with_its_own_subject() {
        use T3Group::{NotProcessed, OtherHandling, Unable, Withheld};
        // A real template sentence (a city government's report, 2019): the
        // parenthesis counts a part (含) and something besides (另有).
        let c = scan(
            "市政府办公厅代表市政府共受理政府信息公开申请859件，申请数量较去年回落12.3%；答复政府信息公开申请805件（含上年度结转申请18件，另有72件申请按照《条例》顺延到下年度答复），均在法定期限内予以答复。予以公开及部分公开258件，占33.9%；不予公开35件，占4.34%；因本机关不掌握等原因无法提供265件，占32.9%；不予处理158件，占19.6%；其他处理0件。",
        );
        let got: Vec<(i64, Option<Target>)> =
            c.claims.iter().map(|c| (c.value, c.target)).collect();
        assert_eq!(
            got,
            vec![
                (859, Some(Target::New)),
                (805, Some(Target::Answered)),
                (18, Some(Target::Carry)),
                (72, Some(Target::Forward)),
                (258, Some(Target::Results(0b11))),
                (35, Some(Target::Group(Withheld))),
                (265, Some(Target::Group(Unable))),
                (158, Some(Target::Group(NotProcessed))),
                (0, Some(Target::Group(OtherHandling))),
            ]
        );
        assert!(
            c.claims
                .iter()
                .all(|c| c.scope == Scope::Agent || c.target.is_none()),
            "{:?}",
            c.claims
        );
        // The whole district's figures, and the breakdown after them.
        let c = scan(
            "2022年，全区各职能部门、镇街共完成政府信息依申请公开答复1453件，包括上年结转信息公开申请30件。其中，予以公开答复966件，占66.48%；不予公开81件。",
        );
        assert!(
            c.claims
                .iter()
                .all(|c| c.scope == Scope::Jurisdiction || c.target.is_none()),
            "{:?}",
            c.claims
        );
        assert_eq!(
            claims("全市共受理政府信息公开申请3259件，答复3278件（含上年度结转申请77件，另有58件顺延到下年度答复）。")
                .iter()
                .map(|c| c.2)
                .collect::<Vec<_>>(),
            vec![
                Some(Target::New),
                Some(Target::Answered),
                Some(Target::Carry),
                Some(Target::Forward)
            ]
        );
        // A part or an addition without a subject of its own: nothing.
        assert_eq!(
            claims(
                "全年收到政府信息公开申请20件（含网上申请15件），其中办结18件，另有2件正在办理。"
            )
            .iter()
            .map(|c| c.2)
            .collect::<Vec<_>>(),
            vec![Some(Target::New), None, None, None]
        );
        assert_eq!(
            claims("共完成政府信息依申请公开答复1453件，包括上年结转信息公开申请30件。")[1].2,
            Some(Target::Carry)
        );
        // Results named together are their sum; 等 makes an example.
        assert_eq!(
            claims("予以公开、部分公开共10件，不予处理2件。")[0].2,
            Some(Target::Results(0b11))
        );
        assert_eq!(
            claims("同意公开和部分公开的申请12件")[0].2,
            Some(Target::Results(0b11))
        );
        assert_eq!(claims("部分公开和不予公开各3件")[0].2, None);
        assert_eq!(
            claims("因重复申请等不予处理4件")[0].2,
            Some(Target::Group(NotProcessed))
        );
        assert_eq!(claims("重复申请等3件")[0].2, None);
        assert_eq!(
            claims("因本机关不掌握相关政府信息无法提供5件")[0].2,
            Some(Target::Row(T3Row::U1))
        );
    }

    #[test]
    fn a_part_across_a_line_break_keeps_its_frame() {
        // "（含上年度结转" ends the line; the part goes on on the next one.
        assert_eq!(
            subject_across("答复政府信息公开申请805件(含上年度结转", "申请"),
            Some(Target::Carry)
        );
        assert_eq!(subject_across("答复政府信息公开申请805件(另有", ""), None);
    }

    #[test]
    fn inexact_and_non_counts() {
        assert_eq!(
            claims("全年收到申请70余件"),
            vec![(70, false, Some(Target::New), Role::Alone)]
        );
        assert!(!claims("受理申请约 30 件")[0].1);
        assert!(!claims("收到申请超 20 件")[0].1);
        assert!(!claims("收到申请 20 件以上")[0].1);
        assert!(claims("访问量达 12.03 万人次，办结率 100%").is_empty());
        assert!(claims("在 15 个工作日内答复").is_empty());
        assert_eq!(claims("全年收到政府信息公开申请 １７ 件")[0].0, 17);
    }

    #[test]
    fn years_and_scope() {
        let l = scan("本报告中所列数据的统计期限自 2023 年 1 月 1 日起至 2023 年 12 月 31 日止。");
        assert_eq!(
            l.years.iter().map(|y| (y.year, y.kind)).collect::<Vec<_>>(),
            vec![(2023, YearKind::Period), (2023, YearKind::Period)]
        );
        let l = scan("编制渭南市临渭区人力资源和社会保障局 2023 年度政府信息公开工作年度报告。");
        assert_eq!(l.years[0].kind, YearKind::ReportName);
        // A year opening a sentence; not one inside it, nor 以来 (a start).
        let l = scan("（二）依申请公开。2020年，我局共收到申请4件。");
        assert_eq!(l.years[0].kind, YearKind::Opening);
        assert!(scan("2018年以来，我局共收到申请4件。").years.is_empty());
        assert!(scan("我局在2020年，共收到申请4件。").years.is_empty());
        assert_eq!(
            scan("全市共收到政府信息公开申请 500 件").claims[0].scope,
            Scope::Jurisdiction
        );
        assert_eq!(
            scan("我局共收到政府信息公开申请 5 件").claims[0].scope,
            Scope::Office
        );
    }

    #[test]
    fn a_sentence_across_a_line_break_keeps_its_tail() {
        let l = scan("全年收到政府信息公开申请");
        assert_eq!(l.tail.as_deref(), Some("全年收到政府信息公开申请"));
        let l = scan("17 件。");
        assert_eq!(l.claims[0].target, None);
        assert!(l.claims[0].open_start);
    }
}

#[cfg(test)]
mod char_set_tests {
    use super::CharSet;

    #[test]
    fn rules_out_only_words_with_an_absent_char() {
        let text: Vec<char> = "全年收到政府信息公开申请".chars().collect();
        let set = CharSet::of(text.iter());
        for w in ["申请", "收到", "政府信息", "全年"] {
            assert!(set.may_hold(w), "{w} is in the text");
        }
        let absent = ["行政复议", "诉讼", "规章", "废止", "败诉"]
            .iter()
            .filter(|w| !set.may_hold(w))
            .count();
        assert!(absent >= 4, "only {absent} of 5 absent words ruled out");
        for w in ["全自治区", "本机关", "a1", "é", "𠀀字"] {
            let by_chars = CharSet::of(w.chars().collect::<Vec<_>>().iter()).0;
            assert_eq!(CharSet::bits_of(w), by_chars, "{w}");
        }
    }
}
