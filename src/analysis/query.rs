//! Questions editors ask about a place in the report: which cell is here, what
//! it means in words, and which identities it takes part in with the numbers
//! (hover); the outline of the report (document symbols, folding).

use crate::analysis::config::Lang;
use crate::analysis::format::{T2Row, T3_COLUMNS, T3Row, T4_COLUMNS, T4_GROUPS, TableId};
use crate::analysis::model::{Cell, Report};
use crate::analysis::text::Span;
use crate::tr;

/// A value cell of one of the tables.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CellRef {
    T2(T2Row, usize),
    T3(T3Row, usize),
    T4(usize),
}

/// The cell whose range contains `offset` (or ends at it).
pub fn cell_at(report: &Report, offset: usize) -> Option<(CellRef, &Cell)> {
    let hit = |c: &Cell| c.span.start <= offset && offset <= c.span.end;
    if let Some(t3) = &report.t3 {
        if t3.span.start <= offset && offset <= t3.span.end {
            for r in T3Row::ALL {
                if let Some(row) = t3.row(r) {
                    if let Some(i) = row.cells.iter().position(hit) {
                        return Some((CellRef::T3(r, i), &row.cells[i]));
                    }
                }
            }
        }
    }
    if let Some(t4) = &report.t4 {
        if let Some(i) = t4.cells.iter().position(hit) {
            return Some((CellRef::T4(i), &t4.cells[i]));
        }
    }
    if let Some(t2) = &report.t2 {
        for row in t2.rows.iter().flatten() {
            if let Some(i) = row.cells.iter().position(hit) {
                return Some((CellRef::T2(row.id, i), &row.cells[i]));
            }
        }
    }
    None
}

/// One identity a cell takes part in, evaluated.
#[derive(Clone, Debug, PartialEq)]
pub struct Identity {
    /// E.g. "本行总计 14 = 11+1+1+1+0+0".
    pub text: String,
    /// Whether it holds; `None` when a cell of it is blank or invalid.
    pub holds: Option<bool>,
    /// What the total should be, when it does not hold.
    pub expected: Option<i64>,
    /// Whether the cell described is this identity's total.
    pub is_total: bool,
}

/// A cell explained: where it is in words, its value, its identities.
#[derive(Clone, Debug, PartialEq)]
pub struct CellInfo {
    /// E.g. "表三 · （一）予以公开 · 自然人".
    pub name: String,
    pub value: Option<i64>,
    pub identities: Vec<Identity>,
}

fn join(parts: &[i64]) -> String {
    parts
        .iter()
        .map(|v| v.to_string())
        .collect::<Vec<_>>()
        .join("+")
}

/// total = Σ parts, with `label` in front; unknown when a value is missing.
fn sum_identity(label: String, total: Option<i64>, parts: &[Option<i64>]) -> Identity {
    let parts: Option<Vec<i64>> = parts.iter().copied().collect();
    match (total, parts) {
        (Some(t), Some(p)) => {
            let sum: i64 = p.iter().sum();
            Identity {
                text: format!("{label} {t} = {}", join(&p)),
                holds: Some(t == sum),
                expected: (t != sum).then_some(sum),
                is_total: false,
            }
        }
        (t, _) => Identity {
            text: format!(
                "{label} {}",
                t.map(|v| v.to_string()).unwrap_or_else(|| "?".into())
            ),
            holds: None,
            expected: None,
            is_total: false,
        },
    }
}

/// Explains a cell.
pub fn describe(report: &Report, cell: CellRef, lang: Lang) -> CellInfo {
    match cell {
        CellRef::T2(r, c) => {
            let t2 = report.t2.as_ref();
            let v = t2
                .and_then(|t| t.row(r))
                .and_then(|row| row.cells.get(c))
                .and_then(Cell::int);
            let format = t2.map(|t| t.format).unwrap_or_default();
            CellInfo {
                name: format!(
                    "{} · {} · {}",
                    tr!(lang, "表二", "Table 2"),
                    r.label_in(format),
                    r.columns_in(format).get(c).copied().unwrap_or_default()
                ),
                value: v,
                identities: Vec::new(),
            }
        }
        CellRef::T4(i) => {
            let t4 = report.t4.as_ref();
            let v = |k: usize| t4.and_then(|t| t.cells.get(k)).and_then(Cell::int);
            let g = i / 5;
            let parts: Vec<Option<i64>> = (0..4).map(|j| v(g * 5 + j)).collect();
            CellInfo {
                name: format!(
                    "{} · {} · {}",
                    tr!(lang, "表四", "Table 4"),
                    T4_GROUPS[g],
                    T4_COLUMNS[i % 5]
                ),
                value: v(i),
                identities: vec![Identity {
                    is_total: i % 5 == 4,
                    ..sum_identity(
                        tr!(lang, "本组总计".to_string(), "group total".to_string()),
                        v(g * 5 + 4),
                        &parts,
                    )
                }],
            }
        }
        CellRef::T3(r, c) => {
            let t3 = report.t3.as_ref();
            let v = |row: T3Row, col: usize| t3.and_then(|t| t.value(row, col));
            let mut ids = Vec::new();
            // Row total.
            let parts: Vec<Option<i64>> = (0..6).map(|j| v(r, j)).collect();
            ids.push(Identity {
                is_total: c == 6,
                ..sum_identity(
                    tr!(lang, "本行总计".to_string(), "row total".to_string()),
                    v(r, 6),
                    &parts,
                )
            });
            // Column: （七）总计 = the 21 result rows.
            if r.is_result() || r == T3Row::Tot {
                let parts: Vec<Option<i64>> = T3Row::ALL
                    .iter()
                    .filter(|x| x.is_result())
                    .map(|x| v(*x, c))
                    .collect();
                let mut id = sum_identity(
                    tr!(
                        lang,
                        format!("「{}」列（七）总计", T3_COLUMNS[c]),
                        format!("（七）总计 of “{}”", T3_COLUMNS[c])
                    ),
                    v(T3Row::Tot, c),
                    &parts,
                );
                // 21 addends are too many to read: show the non-zero ones.
                if let (Some(t), Some(p)) = (
                    v(T3Row::Tot, c),
                    parts.iter().copied().collect::<Option<Vec<i64>>>(),
                ) {
                    let nz: Vec<String> = p
                        .iter()
                        .filter(|x| **x != 0)
                        .map(|x| x.to_string())
                        .collect();
                    let shown = if nz.is_empty() {
                        "0".to_string()
                    } else {
                        nz.join("+")
                    };
                    id.is_total = r == T3Row::Tot;
                    id.text = tr!(
                        lang,
                        format!(
                            "「{}」列（七）总计 {t} = {shown}（21 个办理结果行中不为 0 的各项）",
                            T3_COLUMNS[c]
                        ),
                        format!(
                            "（七）总计 of “{}” {t} = {shown} (the non-zero of the 21 result rows)",
                            T3_COLUMNS[c]
                        )
                    );
                }
                ids.push(id);
            }
            // The 勾稽关系.
            if matches!(r, T3Row::New | T3Row::Carry | T3Row::Tot | T3Row::Fwd) {
                let [a, b, t, f] =
                    [T3Row::New, T3Row::Carry, T3Row::Tot, T3Row::Fwd].map(|x| v(x, c));
                ids.push(match (a, b, t, f) {
                    (Some(a), Some(b), Some(t), Some(f)) => Identity {
                        text: format!(
                            "{}：一+二 = {a}+{b} = {}，三（七）+四 = {t}+{f} = {}",
                            tr!(lang, "勾稽关系", "balance"),
                            a + b,
                            t + f
                        ),
                        holds: Some(a + b == t + f),
                        expected: None,
                        is_total: false,
                    },
                    _ => Identity {
                        text: tr!(
                            lang,
                            "勾稽关系：一+二 = 三（七）+四".to_string(),
                            "balance: 一+二 = 三（七）+四".to_string()
                        ),
                        holds: None,
                        expected: None,
                        is_total: false,
                    },
                });
            }
            CellInfo {
                name: format!(
                    "{} · {} · {}",
                    tr!(lang, "表三", "Table 3"),
                    r.display(),
                    T3_COLUMNS[c]
                ),
                value: v(r, c),
                identities: ids,
            }
        }
    }
}

/// What an outline node is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NodeKind {
    Title,
    Section,
    Table,
    Item,
}

/// A node of the report's outline.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub name: String,
    pub kind: NodeKind,
    /// The whole extent (folding, the symbol's range).
    pub span: Span,
    /// What to select (the heading or caption).
    pub head: Span,
    pub children: Vec<Node>,
}

/// The outline: title, the sections in document order, and in them the tables
/// and table 2's items.
pub fn outline(report: &Report, lang: Lang) -> Vec<Node> {
    let mut out = Vec::new();
    if let Some(t) = &report.title {
        out.push(Node {
            name: tr!(
                lang,
                format!(
                    "标题：{}{}年",
                    t.body,
                    t.year.map(|y| y.to_string()).unwrap_or_default()
                ),
                format!(
                    "Title: {} {}",
                    t.body,
                    t.year.map(|y| y.to_string()).unwrap_or_default()
                )
            ),
            kind: NodeKind::Title,
            span: t.span,
            head: t.span,
            children: Vec::new(),
        });
    }
    let mut tables: Vec<Node> = Vec::new();
    for (id, span) in [TableId::T2, TableId::T3, TableId::T4]
        .iter()
        .filter_map(|t| report.table_span(*t).map(|s| (*t, s)))
    {
        let mut node = Node {
            name: tr!(lang, id.name_zh().to_string(), id.name_en().to_string()),
            kind: NodeKind::Table,
            span,
            head: Span::new(
                span.start,
                report
                    .lines
                    .line_span(report.lines.line_of(span.start))
                    .end
                    .min(span.end),
            ),
            children: Vec::new(),
        };
        if id == TableId::T2 {
            if let Some(t2) = &report.t2 {
                for item in crate::analysis::format::T2Item::ALL {
                    let mut s: Option<Span> = t2.captions[item.index()];
                    for r in item.rows() {
                        if let Some(row) = t2.row(*r) {
                            s = Some(s.map_or(row.lines, |x| x.cover(row.lines)));
                        }
                    }
                    if let Some(s) = s {
                        node.children.push(Node {
                            name: item.caption(),
                            kind: NodeKind::Item,
                            span: s,
                            head: t2.captions[item.index()].unwrap_or(s),
                            children: Vec::new(),
                        });
                    }
                }
            }
        }
        tables.push(node);
    }
    for s in &report.sections {
        let mut node = Node {
            name: s.written.clone(),
            kind: NodeKind::Section,
            span: Span::new(s.line.start, trim_end(report, s.span)),
            head: s.text,
            children: Vec::new(),
        };
        // Tables that start inside the section.
        let mut k = 0;
        while k < tables.len() {
            if s.span.start <= tables[k].span.start
                && tables[k].span.start < s.span.end.max(s.span.start + 1)
            {
                node.children.push(tables.remove(k));
            } else {
                k += 1;
            }
        }
        out.push(node);
    }
    // Tables outside any section (a lost heading).
    out.extend(tables);
    out.sort_by_key(|n| n.span.start);
    out
}

/// A section's end without the blank lines before the next heading.
fn trim_end(report: &Report, span: Span) -> usize {
    let lines = &report.lines;
    let mut l = lines.line_of(span.end.saturating_sub(1).max(span.start));
    let first = lines.line_of(span.start);
    while l > first && lines.line_span(l).is_empty() {
        l -= 1;
    }
    lines.line_span(l).end.max(span.start)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::syntax::parse;
    use crate::analysis::template::sample;

    #[test]
    fn hover_text_of_a_result_cell() {
        let text = sample();
        let r = parse(&text);
        let cell = r.t3.as_ref().unwrap().row(T3Row::G1).unwrap().cells[0].span;
        let (c, _) = cell_at(&r, cell.start).unwrap();
        assert_eq!(c, CellRef::T3(T3Row::G1, 0));
        let info = describe(&r, c, Lang::Zh);
        assert_eq!(info.name, "表三 · （一）予以公开 · 自然人");
        assert_eq!(info.value, Some(6));
        assert_eq!(info.identities[0].text, "本行总计 7 = 6+1+0+0+0+0");
        assert_eq!(info.identities[0].holds, Some(true));
        assert!(
            info.identities[1]
                .text
                .starts_with("「自然人」列（七）总计 10 = 6+1+1+2"),
            "{}",
            info.identities[1].text
        );
    }

    #[test]
    fn hover_on_a_wrong_total_says_what_it_should_be() {
        let text = sample().replacen(
            "（一）予以公开\t6\t1\t0\t0\t0\t0\t7",
            "（一）予以公开\t6\t1\t0\t0\t0\t0\t9",
            1,
        );
        let r = parse(&text);
        let cell = r.t3.as_ref().unwrap().row(T3Row::G1).unwrap().cells[6].span;
        let (c, _) = cell_at(&r, cell.start).unwrap();
        let info = describe(&r, c, Lang::Zh);
        assert_eq!(info.identities[0].holds, Some(false));
        assert_eq!(info.identities[0].expected, Some(7));
    }

    #[test]
    fn outline_nests_tables_in_sections() {
        let r = parse(&sample());
        let o = outline(&r, Lang::Zh);
        assert_eq!(o[0].kind, NodeKind::Title);
        assert_eq!(o.iter().filter(|n| n.kind == NodeKind::Section).count(), 6);
        let s2 = &o[2];
        assert_eq!(s2.name, "二、主动公开政府信息情况");
        assert_eq!(s2.children[0].name, "表二");
        assert_eq!(s2.children[0].children.len(), 4);
    }
}

/// What the tables say for a claim's subject.
#[derive(Clone, Debug, PartialEq)]
pub struct Expected {
    /// The value a reader would quote.
    pub value: i64,
    /// Values the claim may rightly give (e.g. received, or received plus
    /// carried over, as some reports count).
    pub accepted: Vec<i64>,
    /// The cells the value comes from.
    pub cells: Vec<Span>,
    /// The table place in words, e.g. 表二「行政处罚」.
    pub name: String,
}

impl Expected {
    /// A value that only the one way of counting gives.
    fn exact(value: i64, cells: Vec<Span>, name: String) -> Expected {
        Expected {
            value,
            accepted: vec![value],
            cells,
            name,
        }
    }
}

/// The subject of a claim in words ("行政处罚", "收到的政府信息公开申请").
/// (The report's own words, also in English messages.)
pub fn subject_name(t: crate::analysis::model::Target) -> String {
    use crate::analysis::format::T3_GROUPS;
    use crate::analysis::model::Target as T;
    match t {
        T::New => "收到的政府信息公开申请".to_string(),
        T::Handled => "办理的政府信息公开申请".to_string(),
        T::Answered => "办结（答复）的申请".to_string(),
        T::Carry => "上年结转的申请".to_string(),
        T::Forward => "结转下年度继续办理的申请".to_string(),
        T::Row(r) => match r {
            T3Row::G2 => "部分公开".to_string(),
            _ => r.spec().text.to_string(),
        },
        T::Group(g) => T3_GROUPS
            .iter()
            .find(|s| s.group == g)
            .map(|s| s.text.to_string())
            .unwrap_or_default(),
        // "予以公开及部分公开", "不予公开、无法提供及不予处理".
        T::Results(mask) => {
            let names: Vec<String> = result_items(mask).map(subject_name).collect();
            match names.split_last() {
                Some((last, rest)) if !rest.is_empty() => format!("{}及{last}", rest.join("、")),
                _ => names.concat(),
            }
        }
        T::Review => "行政复议".to_string(),
        T::Litigation => "行政诉讼".to_string(),
        T::LitigationDirect => "未经复议直接起诉的行政诉讼".to_string(),
        T::LitigationAfterReview => "复议后起诉的行政诉讼".to_string(),
        T::T2(row, col) => match (row.item(), col) {
            (crate::analysis::format::T2Item::Art1, 0) => format!("制发{}", row.label()),
            (crate::analysis::format::T2Item::Art1, 1) => format!("废止{}", row.label()),
            (crate::analysis::format::T2Item::Art1, _) => format!("现行有效{}", row.label()),
            _ => row.label().to_string(),
        },
    }
}

/// Why a claim about a table cell is not compared with it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unchecked {
    /// 余, 约, 近, 超, 多, 以上 …
    Approximate,
    /// 全市, 全区 …: the whole jurisdiction, not the body's own table.
    Jurisdiction,
    /// "区政府办代表区政府受理……" in a government's report: the office's own
    /// count, where the tables may count the whole jurisdiction.
    Agent,
}

/// Whether a claim with a subject is compared with the tables, and if not, why.
pub fn unchecked(report: &Report, c: &crate::analysis::model::Claim) -> Option<Unchecked> {
    use crate::analysis::config::BodyType;
    use crate::analysis::model::Scope;
    if !c.exact {
        return Some(Unchecked::Approximate);
    }
    match c.scope {
        Scope::Jurisdiction => Some(Unchecked::Jurisdiction),
        Scope::Agent
            if !matches!(
                report.body_type,
                Some(BodyType::Department | BodyType::Township)
            ) =>
        {
            Some(Unchecked::Agent)
        }
        _ => None,
    }
}

/// The results of a [`Target::Results`] set, one by one.
fn result_items(mask: u8) -> impl Iterator<Item = crate::analysis::model::Target> {
    use crate::analysis::syntax::claims::RESULT_ITEMS;
    (0..RESULT_ITEMS.len())
        .filter(move |i| mask & (1 << i) != 0)
        .map(|i| RESULT_ITEMS[i].1)
}

/// A result row or group of table 3 in a message: 「（一）予以公开」, 「（三）不予公开」.
fn result_label(t: crate::analysis::model::Target) -> String {
    use crate::analysis::model::Target as T;
    match t {
        // Its note (区分处理的……) is left out in a sum.
        T::Row(T3Row::G2) => "（二）部分公开".to_string(),
        T::Row(r) => r.label(),
        T::Group(g) => crate::analysis::format::T3_GROUPS
            .iter()
            .find(|s| s.group == g)
            .map(|s| format!("{}{}", s.marker.canonical(), s.text))
            .unwrap_or_default(),
        _ => String::new(),
    }
}

/// A group's 总计 over its rows (the cells); in the 2019 trial format
/// （六）其他处理 is one row of its own.
fn group_total(report: &Report, g: crate::analysis::format::T3Group) -> Option<(i64, Vec<Span>)> {
    use crate::analysis::format::T3_TOTAL_COL;
    let t3 = report.t3.as_ref()?;
    let rows: Vec<T3Row> = T3Row::ALL
        .iter()
        .copied()
        .filter(|r| r.spec().group == g)
        .collect();
    if g == crate::analysis::format::T3Group::OtherHandling {
        if let Some(row) = t3.single_other() {
            let c = row.cell(T3_TOTAL_COL)?;
            return Some((c.int()?, vec![c.span]));
        }
    }
    let cells: Option<Vec<(i64, Span)>> = rows
        .iter()
        .map(|r| {
            let c = t3.row(*r)?.cell(T3_TOTAL_COL)?;
            Some((c.int()?, c.span))
        })
        .collect();
    let cells = cells?;
    Some((
        cells.iter().map(|c| c.0).sum(),
        cells.iter().map(|c| c.1).collect(),
    ))
}

/// What the tables say for `target`, when every cell it needs is known.
pub fn expected(
    report: &Report,
    target: crate::analysis::model::Target,
    lang: Lang,
) -> Option<Expected> {
    expected_as(report, target, lang, true)
}

/// The values the tables accept for `target` (as [`expected`] gives them),
/// without the words that name the place (which only a mismatch quotes).
pub fn accepted(report: &Report, target: crate::analysis::model::Target) -> Option<Vec<i64>> {
    expected_as(report, target, Lang::Zh, false).map(|e| e.accepted)
}

/// [`expected`]; its `name` left empty unless `named`.
fn expected_as(
    report: &Report,
    target: crate::analysis::model::Target,
    lang: Lang,
    named: bool,
) -> Option<Expected> {
    let name = |f: &dyn Fn() -> String| if named { f() } else { String::new() };
    use crate::analysis::format::T3_TOTAL_COL;
    use crate::analysis::model::Target as T;
    let t3 = || report.t3.as_ref();
    let cell3 = |r: T3Row| -> Option<(i64, Span)> {
        let row = t3()?.row(r)?;
        let c = row.cell(T3_TOTAL_COL)?;
        Some((c.int()?, c.span))
    };
    let named3 = |r: T3Row| {
        name(&|| {
            tr!(
                lang,
                format!("表三「{}」总计", r.display()),
                format!("table 3 “{}” 总计", r.display())
            )
        })
    };
    let t4 = |i: usize| -> Option<(i64, Span)> {
        let t = report.t4.as_ref()?;
        Some((t.value(i)?, t.cells.get(i)?.span))
    };
    Some(match target {
        T::New => {
            let (n, s) = cell3(T3Row::New)?;
            let mut accepted = vec![n];
            if let Some((c, _)) = cell3(T3Row::Carry) {
                accepted.push(n + c);
            }
            Expected {
                value: n,
                accepted,
                cells: vec![s],
                name: named3(T3Row::New),
            }
        }
        T::Handled => {
            let (n, s) = cell3(T3Row::New)?;
            let mut accepted = vec![n];
            if let Some((c, _)) = cell3(T3Row::Carry) {
                accepted.push(n + c);
            }
            if let Some((t, _)) = cell3(T3Row::Tot) {
                accepted.push(t);
            }
            Expected {
                value: n,
                accepted,
                cells: vec![s],
                name: named3(T3Row::New),
            }
        }
        T::Answered => {
            let (v, s) = cell3(T3Row::Tot)?;
            Expected::exact(v, vec![s], named3(T3Row::Tot))
        }
        T::Carry | T::Forward | T::Row(_) => {
            let r = match target {
                T::Carry => T3Row::Carry,
                T::Forward => T3Row::Fwd,
                T::Row(r) => r,
                _ => unreachable!("matched above"),
            };
            let (v, s) = cell3(r)?;
            Expected::exact(v, vec![s], named3(r))
        }
        T::Group(g) => {
            let (v, cells) = group_total(report, g)?;
            let label = result_label(target);
            Expected::exact(
                v,
                cells,
                name(&|| {
                    tr!(
                        lang,
                        format!("表三「{label}」各项总计之和"),
                        format!("table 3 “{label}”, the sum of its rows' 总计")
                    )
                }),
            )
        }
        T::Results(mask) => {
            let (mut v, mut cells, mut labels) = (0, Vec::new(), Vec::new());
            for t in result_items(mask) {
                let (x, cs) = match t {
                    T::Row(r) => {
                        let (x, s) = cell3(r)?;
                        (x, vec![s])
                    }
                    T::Group(g) => group_total(report, g)?,
                    _ => return None,
                };
                v += x;
                cells.extend(cs);
                if named {
                    labels.push(format!("「{}」", result_label(t)));
                }
            }
            let labels = labels.join("");
            Expected::exact(
                v,
                cells,
                name(&|| {
                    tr!(
                        lang,
                        format!("表三{labels}总计之和"),
                        format!("table 3 {labels}, the sum of their 总计")
                    )
                }),
            )
        }
        T::Review => {
            let (v, s) = t4(4)?;
            Expected::exact(
                v,
                vec![s],
                tr!(
                    lang,
                    "表四 行政复议总计".to_string(),
                    "table 4 行政复议 总计".to_string()
                ),
            )
        }
        T::Litigation => {
            let (a, s1) = t4(9)?;
            let (b, s2) = t4(14)?;
            Expected {
                value: a + b,
                accepted: vec![a + b],
                cells: vec![s1, s2],
                name: tr!(
                    lang,
                    "表四 行政诉讼总计（直接起诉与复议后起诉之和）".to_string(),
                    "table 4 行政诉讼 总计 (直接起诉 + 复议后起诉)".to_string()
                ),
            }
        }
        T::LitigationDirect => {
            let (v, s) = t4(9)?;
            Expected::exact(
                v,
                vec![s],
                tr!(
                    lang,
                    "表四 未经复议直接起诉总计".to_string(),
                    "table 4 未经复议直接起诉 总计".to_string()
                ),
            )
        }
        T::LitigationAfterReview => {
            let (v, s) = t4(14)?;
            Expected::exact(
                v,
                vec![s],
                tr!(
                    lang,
                    "表四 复议后起诉总计".to_string(),
                    "table 4 复议后起诉 总计".to_string()
                ),
            )
        }
        T::T2(row, col) => {
            // In the table's own format: a column of the 2019 trial format
            // that counts the same (处理决定数量), or nothing to compare.
            let t2 = report.t2.as_ref()?;
            let col = row.column_in(t2.format, col as usize)?;
            let c = t2.row(row)?.cell(col)?;
            let v = c.int()?;
            let columns = row.columns_in(t2.format);
            let (label, colname) = (row.label_in(t2.format), columns[col]);
            let name = name(&|| {
                if columns.len() > 1 {
                    tr!(
                        lang,
                        format!("表二「{label}」{colname}"),
                        format!("table 2 “{label}” {colname}")
                    )
                } else {
                    tr!(
                        lang,
                        format!("表二「{label}」"),
                        format!("table 2 “{label}”")
                    )
                }
            });
            Expected::exact(v, vec![c.span], name)
        }
    })
}

/// The claim whose number (or negated phrase) is at `offset`.
pub fn claim_at(report: &Report, offset: usize) -> Option<&crate::analysis::model::Claim> {
    report.claims.iter().find(|c| {
        if c.negation {
            c.extent().start <= offset && offset <= c.extent().end
        } else {
            c.span.start <= offset && offset <= c.span.end
        }
    })
}
