//! Mapping a row label to the canonical row it stands for.
//!
//! Rows are identified by their normalised label, never by column or line
//! position (format spec §8). A label arrives as the pieces accumulated since the
//! last row: merged group cells, a label split across lines or a page break,
//! one character per line from PDF text. The matcher looks at the last
//! numbering marker (`一、`, `（一）`, `1.`) and the text after it, and falls back to
//! the bare text for unnumbered labels and table 2's row names.

use crate::analysis::format::{
    Marker, T2Row, T3_GROUPS, T3_RESULTS_HEADER, T3Group, T3Row, TableId, cn_digit,
};
use crate::analysis::normalize::{eq_chars, norm_string, similarity_at_least};
use std::sync::OnceLock;

/// What a label stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    T2(T2Row),
    T3(T3Row),
    /// A group header of table 3 (`三、本年度办理结果`, `（三）不予公开` …).
    T3Group(T3Group),
}

/// How well the label matched.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Quality {
    Exact,
    /// The written text is a truncation (or a prolongation) of the canonical one.
    Prefix,
    /// A different wording, a typo, a wrong or missing numeral, `1、` for `1.`.
    Drift,
}

#[derive(Clone, Debug, PartialEq)]
pub struct LabelMatch {
    pub target: Target,
    pub quality: Quality,
    /// Character range in the joined label that the match covers.
    pub from: usize,
    pub to: usize,
}

/// Context from the rows before.
#[derive(Clone, Copy, Debug)]
pub struct Ctx {
    pub group: T3Group,
    pub mode: Option<TableId>,
}

#[derive(Clone, Copy, Debug)]
struct Found {
    at: usize,
    len: usize,
    marker: Marker,
}

/// The last numbering marker of a label, and the numeral of the last group
/// marker (`（三）`) before it.
#[derive(Default)]
struct Markers {
    last: Option<Found>,
    group_before: Option<u8>,
}

impl Markers {
    fn push(&mut self, f: Found) {
        if let Some(Found {
            marker: Marker::Group(d),
            ..
        }) = self.last
        {
            self.group_before = Some(d);
        }
        self.last = Some(f);
    }
}

/// Finds numbering markers. `bounds` are the character indices where a piece
/// (a cell or a line) or a whitespace-separated chunk starts.
fn markers(chars: &[char], bounds: &[usize]) -> Markers {
    let mut out = Markers::default();
    let n = chars.len();
    let mut i = 0;
    while i < n {
        let c = chars[i];
        // （一）…（七）
        if c == '(' && i + 2 < n && chars[i + 2] == ')' {
            if let Some(d) = cn_digit(chars[i + 1]).filter(|d| *d <= 7) {
                out.push(Found {
                    at: i,
                    len: 3,
                    marker: Marker::Group(d),
                });
                i += 3;
                continue;
            }
        }
        // 一、… 四、 at the start of a piece
        if i + 1 < n && chars[i + 1] == '、' && bounds.contains(&i) {
            if let Some(d) = cn_digit(c).filter(|d| *d <= 4) {
                out.push(Found {
                    at: i,
                    len: 2,
                    marker: Marker::Top(d),
                });
                i += 2;
                continue;
            }
        }
        // 1. … 9.
        if c.is_ascii_digit() && c != '0' && i + 1 < n && chars[i + 1] == '.' {
            let prev_ok = i == 0 || !(chars[i - 1].is_ascii_digit() || chars[i - 1] == '.');
            let next_ok = i + 2 >= n || !chars[i + 2].is_ascii_digit();
            if prev_ok && next_ok {
                out.push(Found {
                    at: i,
                    len: 2,
                    marker: Marker::Item(c as u8 - b'0'),
                });
                i += 2;
                continue;
            }
        }
        i += 1;
    }
    out
}

struct Candidate {
    target: Target,
    numeral: u8,
    text: Vec<char>,
    group: T3Group,
}

fn build_candidates(marker: Marker) -> Vec<Candidate> {
    let rows = |pred: &dyn Fn(&T3Row) -> bool| -> Vec<Candidate> {
        T3Row::ALL
            .iter()
            .filter(|r| pred(r))
            .map(|r| {
                let s = r.spec();
                let numeral = match s.marker {
                    Marker::Top(d) | Marker::Group(d) | Marker::Item(d) => d,
                };
                Candidate {
                    target: Target::T3(*r),
                    numeral,
                    text: r.norm_text().chars().collect(),
                    group: s.group,
                }
            })
            .collect()
    };
    match marker {
        Marker::Top(_) => {
            let mut v = rows(&|r| matches!(r.spec().marker, Marker::Top(_)));
            v.push(Candidate {
                target: Target::T3Group(T3Group::None),
                numeral: 3,
                text: norm_string(T3_RESULTS_HEADER).chars().collect(),
                group: T3Group::None,
            });
            v
        }
        Marker::Group(_) => {
            let mut v = rows(&|r| matches!(r.spec().marker, Marker::Group(_)));
            for g in &T3_GROUPS {
                let Marker::Group(d) = g.marker else { continue };
                v.push(Candidate {
                    target: Target::T3Group(g.group),
                    numeral: d,
                    text: norm_string(g.text).chars().collect(),
                    group: T3Group::None,
                });
            }
            v
        }
        Marker::Item(_) => rows(&|r| matches!(r.spec().marker, Marker::Item(_))),
    }
}

/// The rows a marker of this kind can number (built once).
fn candidates(marker: Marker) -> &'static [Candidate] {
    static C: OnceLock<[Vec<Candidate>; 3]> = OnceLock::new();
    let all = C.get_or_init(|| {
        [
            build_candidates(Marker::Top(1)),
            build_candidates(Marker::Group(1)),
            build_candidates(Marker::Item(1)),
        ]
    });
    match marker {
        Marker::Top(_) => &all[0],
        Marker::Group(_) => &all[1],
        Marker::Item(_) => &all[2],
    }
}

/// Canonical texts of the table-3 rows as chars (built once).
fn row_texts() -> &'static [Vec<char>] {
    static T: OnceLock<Vec<Vec<char>>> = OnceLock::new();
    T.get_or_init(|| {
        T3Row::ALL
            .iter()
            .map(|r| r.norm_text().chars().collect())
            .collect()
    })
}

/// Labels of the table-2 rows as chars (built once).
fn t2_texts() -> &'static [Vec<char>] {
    static T: OnceLock<Vec<Vec<char>>> = OnceLock::new();
    T.get_or_init(|| {
        T2Row::ALL
            .iter()
            .map(|r| r.label().chars().collect())
            .collect()
    })
}

fn starts_with(a: &[char], b: &[char]) -> bool {
    a.len() >= b.len() && &a[..b.len()] == b
}

/// Scores a written text against a candidate's canonical text, exactly or
/// as a prefix (similarity is [`text_score_fuzzy`]). Each needs the texts to
/// begin alike (or both be empty), which one comparison settles for most
/// candidates.
fn text_score_exact(text: &[char], cand: &[char]) -> Option<(u32, Quality)> {
    if text.first() != cand.first() {
        return None;
    }
    if text == cand {
        return Some((1000, Quality::Exact));
    }
    if text.len() >= 2 && starts_with(cand, text) {
        return Some((800 + text.len() as u32, Quality::Prefix));
    }
    // Trailing fragments after a complete label (a page-break remnant); not for
    // short labels such as 其他, which begin many other texts.
    if cand.len() >= 4 && starts_with(text, cand) && text.len() <= cand.len() * 2 {
        return Some((700 + cand.len() as u32, Quality::Prefix));
    }
    None
}

/// Scores a written text by its similarity to a candidate's canonical text
/// (the costly part), for a text that has no exact or prefix score.
fn text_score_fuzzy(text: &[char], cand: &[char]) -> Option<(u32, Quality)> {
    if text.len() < 2 {
        return None;
    }
    similarity_at_least(text, cand, 0.6).map(|s| ((s * 500.0) as u32, Quality::Drift))
}

/// Matches the accumulated label pieces to a row. `bounds` are the character
/// indices where a piece or a whitespace-separated chunk starts (0 included).
pub fn match_label(
    chars: &[char],
    bounds: &[usize],
    dun_markers: &[usize],
    ctx: Ctx,
) -> Option<LabelMatch> {
    if chars.is_empty() {
        return None;
    }
    let last_piece = bounds
        .iter()
        .copied()
        .filter(|&b| b < chars.len())
        .max()
        .unwrap_or(0);

    // Table 2 row names (no numbering): the joined text ends with the name.
    if let Some(m) = match_t2(chars, bounds, last_piece) {
        return Some(m);
    }

    let found = markers(chars, bounds);
    // A row's words alone in the last piece, after a numbered group's label in
    // the same row ("三、本年度办理结果 | 予以公开", "（三）不予公开 | 属于国家秘密"):
    // the row's own numbering was lost (OCR, a copy); its words name the row.
    let words_between = |m: &Found| {
        chars
            .get(m.at + m.len..last_piece)
            .is_some_and(|g| g.iter().any(|c| !crate::analysis::normalize::is_space(*c)))
    };
    if found.last.as_ref().is_some_and(words_between) {
        if let Some(m) = bare_row(chars, bounds, last_piece, ctx, false) {
            return Some(m);
        }
    }
    if let Some(m) = found.last {
        let text = &chars[m.at + m.len..];
        // The group named by an earlier marker in the same label, else the context.
        let group = match found.group_before {
            Some(d) => T3_GROUPS
                .iter()
                .find(|g| g.marker == Marker::Group(d))
                .map_or(T3Group::None, |g| g.group),
            None => ctx.group,
        };
        let written = match m.marker {
            Marker::Top(d) | Marker::Group(d) | Marker::Item(d) => d,
        };
        let mut best: Option<(u32, Quality, &Candidate)> = None;
        let cands = candidates(m.marker);
        // Exact and prefix matches first; fuzzy only when there is none.
        for fuzzy in [false, true] {
            for c in cands {
                // The second pass follows a first that scored no candidate:
                // only similarity is left to score.
                let score = if fuzzy {
                    text_score_fuzzy(text, &c.text)
                } else {
                    text_score_exact(text, &c.text)
                };
                let Some((mut score, q)) = score else {
                    continue;
                };
                if c.numeral == written {
                    score += 20;
                }
                if matches!(m.marker, Marker::Item(_)) && c.group == group {
                    score += 30;
                }
                if best.as_ref().is_none_or(|b| score > b.0) {
                    best = Some((score, q, c));
                }
            }
            if best.is_some() {
                break;
            }
        }
        let (quality, cand) = match best {
            Some((_, q, c)) => (q, c),
            None => {
                // Only the numeral (a merged label cell left blank): decide by
                // numeral and group. Unrelated text after a marker is no label.
                if !text.is_empty() {
                    return None;
                }
                let c = cands.iter().find(|c| {
                    c.numeral == written
                        && (!matches!(m.marker, Marker::Item(_)) || c.group == group)
                })?;
                (Quality::Prefix, c)
            }
        };
        let mut quality = quality;
        if cand.numeral != written || dun_markers.contains(&(m.at + 1)) {
            quality = Quality::Drift;
        }
        return Some(LabelMatch {
            target: cand.target,
            quality,
            from: m.at,
            to: chars.len(),
        });
    }

    // No numbering: the canonical text of a table-3 row as the last piece or suffix.
    if let Some(m) = bare_row(chars, bounds, last_piece, ctx, true) {
        return Some(m);
    }
    let last = &chars[last_piece..];
    // A typo in an unnumbered label: fuzzy on the last piece.
    let mut best: Option<(f32, Target)> = None;
    if last.len() > 60 {
        return None;
    }
    for r in T2Row::ALL {
        let t = &t2_texts()[r.index()];
        if let Some(s) = similarity_at_least(last, t, 0.75) {
            if best.is_none_or(|b| s > b.0) {
                best = Some((s, Target::T2(r)));
            }
        }
    }
    for r in T3Row::ALL {
        let t = &row_texts()[r.index()];
        if t.len() < 4 {
            continue;
        }
        if let Some(s) = similarity_at_least(last, t, 0.8) {
            if best.is_none_or(|b| s > b.0) {
                best = Some((s, Target::T3(r)));
            }
        }
    }
    best.map(|(_, target)| LabelMatch {
        target,
        quality: Quality::Drift,
        from: last_piece,
        to: chars.len(),
    })
}

/// A table-3 row named by its canonical words without their numbering: the
/// whole last piece, or (with `suffix`, words of four chars or more) the end
/// of the label. Bare 其他 / 总计 only where they can mean these rows, and
/// only as a suffix-free label (with `suffix`).
fn bare_row(
    chars: &[char],
    bounds: &[usize],
    last_piece: usize,
    ctx: Ctx,
    suffix: bool,
) -> Option<LabelMatch> {
    let last = &chars[last_piece..];
    // A mangled numeral glued before the words ("l.", "一)", "1 ").
    let junk = last.iter().take_while(|c| is_numbering_junk(**c)).count();
    let words = if junk <= 3 { &last[junk..] } else { last };
    for r in T3Row::ALL {
        let t = &row_texts()[r.index()];
        let whole = words == t.as_slice();
        let ends = suffix && t.len() >= 4 && chars.ends_with(t);
        if !(whole || ends) || (!suffix && t.len() < 4) {
            continue;
        }
        // Bare 其他 / 总计 only where they can mean these rows.
        if r == T3Row::O3 && !(ctx.group == T3Group::OtherHandling) {
            continue;
        }
        if r == T3Row::Tot && ctx.mode == Some(TableId::T4) {
            continue;
        }
        // Whatever is glued to the text in its chunk (a mangled numeral
        // such as "?." or "．", a stray quote) is part of the label: a
        // fix that writes the canonical label replaces it too.
        let at = chars.len() - t.len();
        let mut from = bounds
            .iter()
            .copied()
            .filter(|&b| b <= at)
            .max()
            .unwrap_or(0);
        // So is a lone numeral in the chunk before ("1 属于国家秘密").
        if let Some(b) = bounds.iter().copied().filter(|&b| b < from).max() {
            let chunk = &chars[b..from];
            let n = chunk.iter().filter(|c| !is_space(**c)).count();
            if n <= 3 && chunk.iter().all(|c| is_space(*c) || is_numbering_junk(*c)) {
                from = b;
            }
        }
        return Some(LabelMatch {
            target: Target::T3(r),
            quality: Quality::Drift,
            from,
            to: chars.len(),
        });
    }
    None
}

/// A label's leading run of numbering marks (at most three chars, see
/// [`is_numbering_junk`]) split off, with the numeral it holds if it holds
/// exactly one ("1" of "1属于国家秘密", none of "l.").
fn mangled_marker(s: &[char]) -> (Option<u8>, &[char]) {
    let n = s.iter().take_while(|c| is_numbering_junk(**c)).count();
    if n == 0 || n > 3 || n == s.len() {
        return (None, s);
    }
    let nums: Vec<u8> = s[..n]
        .iter()
        .filter_map(|c| match c {
            '1'..='9' => Some(*c as u8 - b'0'),
            _ => crate::analysis::format::cn_digit(*c),
        })
        .collect();
    let numeral = match nums[..] {
        [d] => Some(d),
        _ => None,
    };
    (numeral, &s[n..])
}

/// A char of a numbering prefix, or what OCR makes of one: digits and
/// numerals, Latin letters (l for 1), brackets and the marks after a numeral.
fn is_numbering_junk(c: char) -> bool {
    c.is_ascii_alphanumeric() || "一二三四五六七八九十()（）.、．,，:：;；?？".contains(c)
}

fn is_space(c: char) -> bool {
    crate::analysis::normalize::is_space(c)
}

/// The numeral of a leading numbering marker (`一、`, `(一)`, `1.`, `1、`,
/// after normalisation) and the rest of the label.
fn split_marker(s: &[char]) -> (Option<u8>, &[char]) {
    match s {
        ['(', n, ')', rest @ ..] => match cn_digit(*n) {
            Some(d) => (Some(d), rest),
            None => (None, s),
        },
        [n, '、', rest @ ..] if cn_digit(*n).is_some() => (cn_digit(*n), rest),
        [d, '.' | '、', rest @ ..] if d.is_ascii_digit() && *d != '0' => {
            (Some(*d as u8 - b'0'), rest)
        }
        _ => (None, s),
    }
}

/// Whether a written label differs from the canonical one in its wording
/// ("其他法律行政止公开", "规范性文件" for "行政规范性文件", a wrong numeral),
/// not only in its form: punctuation ("1、" for "1.", "," for "、"), widths,
/// spaces, quotes, or a numbering prefix lost (or mangled) while the words
/// name the row. Format spec §8: differences of form are not drift.
pub fn wording_differs(written: &str, canonical: &str) -> bool {
    let (w, c): (Vec<char>, Vec<char>) = (
        norm_string(written).chars().collect(),
        norm_string(canonical).chars().collect(),
    );
    let ((wn, wt), (cn, ct)) = (split_marker(&w), split_marker(&c));
    // A numbering prefix mangled (OCR: "l.", "一)", "1" without its mark): form
    // only, unless it holds another numeral.
    if wn.is_some() && wn != cn {
        return true;
    }
    let (mn, wt) = match wn {
        None => mangled_marker(&w),
        some => (some, wt),
    };
    if mn.is_some() && cn.is_some() && mn != cn {
        return true;
    }
    let words =
        |s: &[char]| -> Vec<char> { s.iter().copied().filter(|c| c.is_alphanumeric()).collect() };
    words(wt) != words(ct)
}

fn match_t2(chars: &[char], bounds: &[usize], last_piece: usize) -> Option<LabelMatch> {
    let last = &chars[last_piece..];
    for r in T2Row::ALL {
        let t = &t2_texts()[r.index()];
        if chars.ends_with(t) {
            let from = chars.len() - t.len();
            // The name must start a piece: "规|章" from PDF text, not "…性文件" of a longer word.
            if bounds.contains(&from) {
                return Some(LabelMatch {
                    target: Target::T2(r),
                    quality: Quality::Exact,
                    from,
                    to: chars.len(),
                });
            }
        }
    }
    for r in T2Row::ALL {
        for alias in r.aliases() {
            if eq_chars(last, alias) {
                return Some(LabelMatch {
                    target: Target::T2(r),
                    quality: Quality::Drift,
                    from: last_piece,
                    to: chars.len(),
                });
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(s: &str, group: T3Group) -> Option<(Target, Quality)> {
        let pieces: Vec<&str> = s.split('|').collect();
        let mut chars = Vec::new();
        let mut bounds = Vec::new();
        for p in pieces {
            bounds.push(chars.len());
            chars.extend(norm_string(p).chars());
        }
        match_label(
            &chars,
            &bounds,
            &[],
            Ctx {
                group,
                mode: Some(TableId::T3),
            },
        )
        .map(|m| (m.target, m.quality))
    }

    #[test]
    fn rows_by_marker_and_text() {
        use T3Row::*;
        let none = T3Group::None;
        assert_eq!(
            m("一、本年新收政府信息公开申请数量", none),
            Some((Target::T3(New), Quality::Exact))
        );
        assert_eq!(
            m("三、本 年度 办理 结果|(一) 予以公开", none),
            Some((Target::T3(G1), Quality::Exact))
        );
        assert_eq!(
            m("(三) 不予公开|1.属于国家秘密", none),
            Some((Target::T3(D1), Quality::Exact))
        );
        assert_eq!(
            m("2.其他法律行政法规禁止公开", T3Group::Withheld),
            Some((Target::T3(D2), Quality::Exact))
        );
        assert_eq!(
            m("(六)|1.申请人无正当理由逾期不补", none),
            Some((Target::T3(O1), Quality::Prefix))
        );
        assert_eq!(
            m(
                "其他处理|正、行政机关不再处理其政府信息公开申请|2. 申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
                T3Group::OtherHandling
            ),
            Some((Target::T3(O2), Quality::Exact))
        );
        assert_eq!(
            m("3.其他", T3Group::OtherHandling),
            Some((Target::T3(O3), Quality::Exact))
        );
        assert_eq!(
            m("(七) 总计", none),
            Some((Target::T3(Tot), Quality::Exact))
        );
        assert_eq!(
            m("四、结转下年度继续办理", none),
            Some((Target::T3(Fwd), Quality::Exact))
        );
        assert_eq!(
            m(
                "年度办 理结果|(二)部分公开(区分处理的, 只计这一情形, 不计其他情形)",
                none
            ),
            Some((Target::T3(G2), Quality::Exact))
        );
        assert_eq!(
            m("2.其他法律行政止公开", T3Group::Withheld),
            Some((Target::T3(D2), Quality::Drift))
        );
        assert_eq!(
            m("(六) 其他处理", none),
            Some((Target::T3Group(T3Group::OtherHandling), Quality::Exact))
        );
        // Wrong numeral: drift.
        assert_eq!(
            m("2.属于国家秘密", T3Group::Withheld),
            Some((Target::T3(D1), Quality::Drift))
        );
        // One character per line.
        assert_eq!(
            m("三|、|本|年|度|办|理|结|果|(一)予以公开", none),
            Some((Target::T3(G1), Quality::Exact))
        );
    }

    #[test]
    fn form_is_not_wording() {
        for (w, c) in [
            ("1、本机关不掌握相关政府信息", "1.本机关不掌握相关政府信息"),
            ("1. 本机关不掌握相关政府信息", "1.本机关不掌握相关政府信息"),
            ("本机关不掌握相关政府信息", "1.本机关不掌握相关政府信息"),
            ("?.属于国家秘密", "1.属于国家秘密"),
            ("予以公开", "（一）予以公开"),
            ("(一) 予以公开", "（一）予以公开"),
            (
                "本年新收政府信息公开申请数量",
                "一、本年新收政府信息公开申请数量",
            ),
            (
                "(二)部分公开(区分处理的,只计这一情形,不计其他情形)",
                "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
            ),
            (
                "1.申请人无正当理由逾期不补正,行政机关不再处理其政府信息公开申请",
                "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
            ),
            ("3.危及三安全一稳定", "3.危及“三安全一稳定”"),
            // OCR: a numeral's mark lost or misread.
            ("l.属于国家秘密", "1.属于国家秘密"),
            ("1 属于国家秘密", "1.属于国家秘密"),
            ("一)予以公开", "（一）予以公开"),
        ] {
            assert!(!wording_differs(w, c), "{w} / {c}");
        }
        for (w, c) in [
            ("2.其他法律行政止公开", "2.其他法律行政法规禁止公开"),
            ("5.属于三类内容事务信息", "5.属于三类内部事务信息"),
            (
                "(二)部分公开(区分处理的,只计这一情况,不计其他情形)",
                "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
            ),
            ("规范性文件", "行政规范性文件"),
            ("本年决定处理数量", "本年处理决定数量"),
            ("2.属于国家秘密", "1.属于国家秘密"),
            ("2 属于国家秘密", "1.属于国家秘密"),
            ("二)予以公开", "（一）予以公开"),
        ] {
            assert!(wording_differs(w, c), "{w} / {c}");
        }
    }

    #[test]
    fn table2_names() {
        assert_eq!(
            m("规 章", T3Group::None),
            Some((Target::T2(T2Row::Rules), Quality::Exact))
        );
        assert_eq!(
            m("行政规范性文件", T3Group::None),
            Some((Target::T2(T2Row::NormativeDocs), Quality::Exact))
        );
        assert_eq!(
            m("规范性文件", T3Group::None),
            Some((Target::T2(T2Row::NormativeDocs), Quality::Drift))
        );
        assert_eq!(
            m("规|章", T3Group::None),
            Some((Target::T2(T2Row::Rules), Quality::Exact))
        );
    }
}
