//! `missing-row`: a canonical row of table 3, or a row or item of table 2, is
//! absent.
//!
//! Format spec §3–§4: table 2 has four items (第二十条第（一）（五）（六）（八）项)
//! with six rows; table 3 has 25 value rows, every one to be filled. Rows are
//! lost in copy-paste and at page breaks (§8.6). A run of consecutive lost rows
//! of table 3 is reported once where it belongs; a lost item of table 2 once,
//! not per row. The fix inserts the rows in the table's own layout, with the
//! values the identities determine (see `solve.rs`) and empty cells otherwise.
//! A whole lost table is `missing-table`; rows of a 2019-format table are left to
//! `outdated-template`. Items of table 2 lost one after another are one finding.
//!
//! Not flagged: rows beyond the end of a text that stops inside the table (an
//! excerpt, a page), or before the start of one that starts inside it; rows of
//! a table that cannot be read (`missing-table` says so once); a row whose label
//! is there without its numbers (`missing-cell`).

use super::{Category, Context, Rule, RuleMeta, insert_lines_after, insert_lines_before};
use crate::analysis::finding::{Fix, Severity};
use crate::analysis::format::{SectionId, T2Item, T2Row, T3Row, TableId};
use crate::analysis::model::{Report, Table2};
use crate::analysis::template;
use crate::analysis::text::Span;
use crate::tr;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "missing-row",
        category: Category::Tables,
        default: Some(Severity::Error),
        summary: [
            "表格缺少规定的行或表二缺少某一项",
            "A canonical row or table-2 item is absent",
        ],
        explanation: [
            "表二有四项（第二十条第（一）（五）（六）（八）项）共六行，表三有25个数值行，均须填写。复制粘贴和分页常导致丢行。表三连续丢失的行在应在位置报告一次；表二连续丢失的几项报告一次。修复：按表格现有版式插入缺少的行，能由勾稽关系推出的数值自动填入，其余留空待填（非安全修复）。不报告：文本在表格中途结束（摘录、翻页版的一页）时其后的行，或从表格中途开始时此前的行；无法逐行读取的表格的行（由 missing-table 报告一次）；有标签而没有数值的行（由 missing-cell 报告）。",
            "Table 2 has four items (第二十条第（一）（五）（六）（八）项) with six rows; table 3 has 25 value rows, all to be filled. Rows get lost in copy and paste and at page breaks. A run of lost table-3 rows is reported once where it belongs; lost table-2 items one after another once. Fix: insert the rows in the table's layout, with the values the identities determine and empty cells otherwise (not safe). Not flagged: rows after the end of a text that stops inside the table (an excerpt, a page) or before the start of one that starts inside it; rows of a table that cannot be read (missing-table says so once); a row whose label is there without numbers (missing-cell).",
        ],
        bad: "",
        good: "二、上年结转政府信息公开申请数量\t1\t0\t0\t0\t0\t0\t1\n",
    },
    check,
};

fn item_lines(report: &Report, t2: &Table2, item: T2Item) -> Option<Span> {
    let mut span: Option<Span> = None;
    let mut add = |s: Span| span = Some(span.map_or(s, |x| x.cover(s)));
    if let Some(c) = t2.captions[item.index()] {
        add(report.lines.line_span(report.lines.line_of(c.start)));
    }
    for r in item.rows() {
        if let Some(row) = t2.row(*r) {
            add(row.lines);
        }
    }
    span
}

fn check(cx: &mut Context) {
    check_t2(cx);
    check_t3(cx);
}

fn check_t2(cx: &mut Context) {
    let report = cx.report;
    let Some(t2) = &report.t2 else { return };
    if cx.outdated_table(TableId::T2) || t2.unreadable.is_some() {
        return;
    }
    let spans: Vec<Option<Span>> = T2Item::ALL
        .iter()
        .map(|i| item_lines(report, t2, *i))
        .collect();
    // A text cut off inside table 2: what follows its last row is not lost.
    let cut_here = report
        .extent
        .cut
        .as_ref()
        .is_some_and(|c| c.table == Some(TableId::T2));
    let last_row = T2Row::ALL.iter().rposition(|r| t2.row(*r).is_some());
    let last_item = (0..4).rev().find(|&k| spans[k].is_some());
    let item_cut = |k: usize| cut_here && last_item.is_none_or(|l| k > l);
    let row_cut = |r: T2Row| cut_here && last_row.is_none_or(|l| r.index() > l);
    let mut k = 0;
    while k < T2Item::ALL.len() {
        if spans[k].is_none() {
            let mut j = k;
            while j < T2Item::ALL.len() && spans[j].is_none() && !item_cut(j) {
                j += 1;
            }
            if j > k {
                lost_items(cx, t2, &spans, k..j);
            }
            k = j.max(k + 1);
            continue;
        }
        let item = T2Item::ALL[k];
        for (j, r) in item.rows().iter().enumerate() {
            if t2.row(*r).is_none() && !row_cut(*r) {
                lost_row(cx, t2, &spans, k, j);
            }
        }
        k += 1;
    }
}

/// Items of table 2 lost one after another: one finding, one insertion.
fn lost_items(cx: &mut Context, t2: &Table2, spans: &[Option<Span>], run: std::ops::Range<usize>) {
    let report = cx.report;
    let lang = cx.lang;
    let items = &T2Item::ALL[run.clone()];
    let next = spans[run.end..].iter().flatten().next().map(|s| s.start);
    let prev = spans[..run.start].iter().flatten().last().map(|s| s.end);
    let mut figures = template::Figures::empty();
    let block: Vec<String> = items
        .iter()
        .map(|i| item_block(t2.layout, *i, &mut figures, "\n"))
        .collect();
    let block = block.join("\n");
    let (at, edit) = match (next, prev) {
        (Some(n), _) => (n, insert_lines_before(report, n, &block)),
        (None, Some(p)) => (p, insert_lines_after(report, p, &block)),
        (None, None) => (t2.span.end, insert_lines_after(report, t2.span.end, &block)),
    };
    let names: Vec<String> = items
        .iter()
        .map(|i| {
            let rows = i
                .rows()
                .iter()
                .map(|r| r.label())
                .collect::<Vec<_>>()
                .join("、");
            format!("{}（{}）", i.caption(), rows)
        })
        .collect();
    let captions: Vec<String> = items.iter().map(|i| i.caption()).collect();
    let msg = tr!(
        lang,
        format!("表二缺少{}", names.join("、")),
        format!("Table 2 lacks item {}", names.join(", "))
    );
    let title = tr!(
        lang,
        format!("插入{}（数值待填）", captions.join("、")),
        format!("Insert {} (values to fill in)", captions.join(", "))
    );
    if let Some(f) = cx.emit(&RULE.meta, Span::at(at), msg) {
        f.fixes.push(Fix {
            title,
            safe: false,
            edits: vec![edit],
        });
    }
}

/// A row of a present item of table 2.
fn lost_row(cx: &mut Context, t2: &Table2, spans: &[Option<Span>], k: usize, j: usize) {
    let report = cx.report;
    let lang = cx.lang;
    let item = T2Item::ALL[k];
    let r = item.rows()[j];
    let next = item.rows()[j + 1..]
        .iter()
        .filter_map(|x| t2.row(*x))
        .map(|row| row.lines.start)
        .next();
    let line = template::t2_row(t2.layout, r, &vec![None; r.width()]);
    let (at, edit) = match next {
        Some(n) => (n, insert_lines_before(report, n, &line)),
        None => {
            let end = spans[k].map(|s| s.end).unwrap_or(t2.span.end);
            (end, insert_lines_after(report, end, &line))
        }
    };
    let msg = tr!(
        lang,
        format!("表二缺少「{}」行", r.label()),
        format!("Table 2 lacks the row “{}”", r.label())
    );
    let title = tr!(
        lang,
        format!("插入「{}」行（数值待填）", r.label()),
        format!("Insert the row “{}” (values to fill in)", r.label())
    );
    if let Some(f) = cx.emit(&RULE.meta, Span::at(at), msg) {
        f.fixes.push(Fix {
            title,
            safe: false,
            edits: vec![edit],
        });
    }
}

fn item_block(
    sep: crate::analysis::syntax::line::Sep,
    item: T2Item,
    f: &mut template::Figures,
    nl: &str,
) -> String {
    // The item's part of a generated table 2.
    let all = template::table2(sep, f, nl);
    let lines: Vec<&str> = all.split(nl).collect();
    let caption = item.caption();
    let start = lines.iter().position(|l| l.contains(&caption)).unwrap_or(0);
    let end = lines[start + 1..]
        .iter()
        .position(|l| l.contains("第二十条"))
        .map(|e| start + 1 + e)
        .unwrap_or(lines.len());
    lines[start..end].join(nl)
}

fn check_t3(cx: &mut Context) {
    let report = cx.report;
    let Some(t3) = &report.t3 else { return };
    if t3.unreadable.is_some() {
        return;
    }
    let lang = cx.lang;
    // A 2019-format single （六）其他处理 row stands for O1–O3.
    let old_other = cx.outdated_table(TableId::T3);
    // A text that stops inside table 3 (or starts late in it): the rows
    // beyond its ends are not lost.
    let present: Vec<usize> = T3Row::ALL
        .iter()
        .filter(|r| t3.row(**r).is_some())
        .map(|r| r.index())
        .collect();
    let cut_here = report
        .extent
        .cut
        .as_ref()
        .is_some_and(|c| c.table == Some(TableId::T3));
    let after_cut = |r: &T3Row| cut_here && present.last().is_none_or(|l| r.index() > *l);
    let starts_here = report.extent.starts_late && report.section(SectionId::Requests).is_none();
    let before_start = |r: &T3Row| starts_here && present.first().is_none_or(|f| r.index() < *f);
    let missing: Vec<T3Row> = T3Row::ALL
        .iter()
        .copied()
        .filter(|r| t3.row(*r).is_none())
        .filter(|r| !(old_other && matches!(r, T3Row::O1 | T3Row::O2 | T3Row::O3)))
        .filter(|r| !after_cut(r) && !before_start(r))
        .collect();
    // Runs of consecutive missing rows.
    let mut runs: Vec<Vec<T3Row>> = Vec::new();
    for r in missing {
        match runs.last_mut() {
            Some(run) if run.last().is_some_and(|p| p.index() + 1 == r.index()) => run.push(r),
            _ => runs.push(vec![r]),
        }
    }
    let solved = cx.solved().t3;
    for run in runs {
        let first = run[0];
        let last = *run.last().unwrap_or(&first);
        let next = T3Row::ALL[last.index() + 1..]
            .iter()
            .filter_map(|r| t3.row(*r))
            .map(|row| row.lines.start)
            .next();
        let prev = T3Row::ALL[..first.index()]
            .iter()
            .rev()
            .filter_map(|r| t3.row(*r))
            .map(|row| row.lines.end)
            .next();
        let body: Vec<String> = run
            .iter()
            .map(|r| template::t3_row(t3.layout, *r, &solved[r.index()]))
            .collect();
        let body = body.join("\n");
        let (at, edit) = match (next, prev) {
            (Some(n), _) => {
                let ls = report.lines.line_start(report.lines.line_of(n));
                (ls, insert_lines_before(report, ls, &body))
            }
            (None, Some(p)) => (p, insert_lines_after(report, p, &body)),
            (None, None) => (t3.span.end, insert_lines_after(report, t3.span.end, &body)),
        };
        let determined = run
            .iter()
            .all(|r| solved[r.index()].iter().all(Option::is_some));
        let names: Vec<String> = run.iter().map(|r| format!("「{}」", r.display())).collect();
        let msg = if run.len() == 1 {
            tr!(
                lang,
                format!("表三缺少{}行", names[0]),
                format!("Table 3 lacks the row {}", names[0])
            )
        } else {
            // At most six names: a long run is named by its first rows.
            let plain: Vec<String> = run.iter().map(|r| r.display()).collect();
            let listed = super::name_list(lang, &plain, 6);
            tr!(
                lang,
                format!("表三缺少 {} 行：{}", run.len(), listed),
                format!("Table 3 lacks {} rows: {}", run.len(), listed)
            )
        };
        let title = match (determined, run.len()) {
            (true, _) => tr!(
                lang,
                "插入缺少的行（数值由勾稽关系推出）".to_string(),
                "Insert the missing rows (values follow from the identities)".to_string()
            ),
            (false, _) => tr!(
                lang,
                "插入缺少的行（无法推出的数值留空待填）".to_string(),
                "Insert the missing rows (values that do not follow are left empty)".to_string()
            ),
        };
        if let Some(f) = cx.emit(&RULE.meta, Span::at(at), msg) {
            f.fixes.push(Fix {
                title,
                safe: false,
                edits: vec![edit],
            });
        }
    }
}
