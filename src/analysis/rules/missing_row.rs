//! `missing-row`: a canonical row of table 3, or a row or item of table 2, is
//! absent.
//!
//! Format spec §3–§4: table 2 has four items (第二十条第（一）（五）（六）（八）项)
//! with six rows; table 3 has 25 value rows, every one to be filled. Rows are
//! lost in copy-paste and at page breaks (§8.6). A run of consecutive lost rows
//! of table 3 is reported once where it belongs; a lost item of table 2 once,
//! not per row. The fix inserts the rows in the table's own layout, with the
//! values the identities determine (see `solve.rs`) and empty cells otherwise.
//! A whole lost table is `missing-table`. Items of table 2 lost one after
//! another are one finding. A report for 2019 or 2020 is checked against the
//! 2019 trial format (format spec §7): its table 2 (five items, eight rows with
//! 其他对外管理服务事项 and 政府集中采购) when written so, and its single
//! （六）其他处理 row instead of the 2021 rows 1–3. From 2021 on, the rows of a
//! table in the trial format are left to `outdated-template`.
//!
//! Not flagged: rows beyond the end of a text that stops inside the table (an
//! excerpt, a page), or before the start of one that starts inside it; rows of
//! a table that cannot be read (`missing-table` says so once); a row whose label
//! is there without its numbers (`missing-cell`).

use super::{Category, Context, Rule, RuleMeta, insert_lines_after, insert_lines_before};
use crate::analysis::finding::{Fix, Severity};
use crate::analysis::format::{
    Format, SectionId, T2Item, T2Row, T3Group, T3Row, TRIAL_T2, TableId, TrialItem, TrialRow,
};
use crate::analysis::model::{Report, Table2};
use crate::analysis::template;
use crate::analysis::text::Span;
use crate::tr;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "missing-row",
        name: ["缺少表格行", "Missing row"],
        category: Category::Tables,
        default: Some(Severity::Error),
        summary: [
            "表格缺少规定的行或表二缺少某一项",
            "A canonical row or table-2 item is absent",
        ],
        explanation: [
            "表二有四项（第二十条第（一）（五）（六）（八）项）共六行，表三有25个数值行，均须填写。复制粘贴和分页常导致丢行。表三连续丢失的行在应在位置报告一次；表二连续丢失的几项报告一次。修复：按表格现有版式插入缺少的行，能由勾稽关系推出的数值自动填入，其余留空待填（非安全修复）。2019、2020年度的报告按2019年试行格式检查：表二（按试行格式书写时）为五项八行，含“其他对外管理服务事项”“政府集中采购”；表三“（六）其他处理”为一行，不要求1–3子项。2021年起按试行格式书写的表格由 outdated-template 报告一次，不逐行报告缺失。不报告：文本在表格中途结束（摘录、翻页版的一页）时其后的行，或从表格中途开始时此前的行；无法逐行读取的表格的行（由 missing-table 报告一次）；有标签而没有数值的行（由 missing-cell 报告）。",
            "Table 2 has four items (第二十条第（一）（五）（六）（八）项) with six rows; table 3 has 25 value rows, all to be filled. Rows get lost in copy and paste and at page breaks. A run of lost table-3 rows is reported once where it belongs; lost table-2 items one after another once. Fix: insert the rows in the table's layout, with the values the identities determine and empty cells otherwise (not safe). Reports for 2019 and 2020 are checked against the 2019 trial format: its table 2 (when written so) has five items and eight rows, with 其他对外管理服务事项 and 政府集中采购; table 3's （六）其他处理 is one row, without sub-rows 1–3. From 2021 on, a table in the trial format is reported once by outdated-template, not row by row. Not flagged: rows after the end of a text that stops inside the table (an excerpt, a page) or before the start of one that starts inside it; rows of a table that cannot be read (missing-table says so once); a row whose label is there without numbers (missing-cell).",
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
    if t2.format == Format::Trial2019 {
        check_t2_trial(cx, t2);
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
    // The lost items as a generated table 2 (with empty figures) has them.
    let figures = template::Figures::empty();
    let block: Vec<String> = items
        .iter()
        .map(|i| template::table2_item(t2.layout, &figures, *i, "\n"))
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

/// A report for 2019 or 2020 with the trial format's table 2: its five items
/// (第二十条第（一）（五）（六）（八）（九）项) and eight rows.
fn check_t2_trial(cx: &mut Context, t2: &Table2) {
    let report = cx.report;
    let lang = cx.lang;
    let line = |s: Span| report.lines.line_span(report.lines.line_of(s.start));
    let marker = |pred: &dyn Fn(&str) -> bool| {
        report
            .outdated
            .iter()
            .find(|m| m.table == Some(TableId::T2) && pred(&m.marker))
            .map(|m| line(m.span))
    };
    let row_span = |r: TrialRow| match r {
        TrialRow::Shared(x) => t2.row(x).map(|row| row.lines),
        TrialRow::Only(l) => marker(&|m| m == l),
    };
    let caption = |item: &TrialItem| match T2Item::from_numeral(item.numeral) {
        Some(i) => t2.captions[i.index()].map(line),
        None => marker(&|m| m.contains("第二十条") && m.contains(item.numeral)),
    };
    let spans: Vec<Option<Span>> = TRIAL_T2
        .iter()
        .map(|item| {
            item.rows
                .iter()
                .filter_map(|r| row_span(*r))
                .chain(caption(item))
                .reduce(|a, b| a.cover(b))
        })
        .collect();
    let format = tr!(
        lang,
        format!("按{}", Format::Trial2019.short_zh()),
        format!("as in {}", Format::Trial2019.short_en())
    );
    // A text cut off inside table 2: what follows its last item is not lost.
    let cut_here = report
        .extent
        .cut
        .as_ref()
        .is_some_and(|c| c.table == Some(TableId::T2));
    let last_item = spans.iter().rposition(Option::is_some);
    for (k, item) in TRIAL_T2.iter().enumerate() {
        if cut_here && last_item.is_none_or(|l| k > l) {
            break;
        }
        // In the last item of a cut text, the rows after its last one.
        let last_row = item.rows.iter().rposition(|r| row_span(*r).is_some());
        let row_cut = |j: usize| cut_here && last_item == Some(k) && last_row.is_none_or(|l| j > l);
        let Some(item_span) = spans[k] else {
            let next = spans[k + 1..].iter().flatten().next().map(|s| s.start);
            let prev = spans[..k].iter().flatten().last().map(|s| s.end);
            let block = template::trial_t2_item(t2.layout, item);
            let (at, edit) = match (next, prev) {
                (Some(n), _) => (n, insert_lines_before(report, n, &block)),
                (_, Some(p)) => (p, insert_lines_after(report, p, &block)),
                _ => (t2.span.end, insert_lines_after(report, t2.span.end, &block)),
            };
            let rows: Vec<&str> = item.rows.iter().map(|r| r.label()).collect();
            let msg = tr!(
                lang,
                format!(
                    "表二缺少{}（{}；{format}）",
                    item.caption(),
                    rows.join("、")
                ),
                format!(
                    "Table 2 lacks item {} ({}; {format})",
                    item.caption(),
                    rows.join(", ")
                )
            );
            emit_insert(cx, at, msg, edit);
            continue;
        };
        for (j, r) in item.rows.iter().enumerate() {
            if row_span(*r).is_some() || row_cut(j) {
                continue;
            }
            let body = template::label_row(t2.layout, r.label(), item.columns.len());
            let next = item.rows[j + 1..].iter().find_map(|x| row_span(*x));
            let (at, edit) = match next {
                Some(n) => (n.start, insert_lines_before(report, n.start, &body)),
                None => (
                    item_span.end,
                    insert_lines_after(report, item_span.end, &body),
                ),
            };
            let msg = tr!(
                lang,
                format!("表二缺少「{}」行（{format}）", r.label()),
                format!("Table 2 lacks the row “{}” ({format})", r.label())
            );
            emit_insert(cx, at, msg, edit);
        }
    }
}

/// A missing-row finding at `at` whose fix inserts lines (values to fill in).
fn emit_insert(cx: &mut Context, at: usize, msg: String, edit: crate::analysis::finding::Edit) {
    let title = tr!(
        cx.lang,
        "插入缺少的行（数值待填）".to_string(),
        "Insert the missing rows (values to fill in)".to_string()
    );
    if let Some(f) = cx.emit(&RULE.meta, Span::at(at), msg) {
        f.fixes.push(Fix {
            title,
            safe: false,
            edits: vec![edit],
        });
    }
}

/// The trial format's single （六）其他处理 row (or the 2021 format's three
/// rows, which say the same) must be there.
fn check_trial_other(cx: &mut Context, t3: &crate::analysis::model::Table3) {
    let report = cx.report;
    let present = t3
        .group_rows
        .iter()
        .any(|(g, _)| *g == T3Group::OtherHandling)
        || [T3Row::O1, T3Row::O2, T3Row::O3]
            .iter()
            .any(|r| t3.row(*r).is_some());
    if present {
        return;
    }
    let label = "（六）其他处理";
    let body = template::label_row(t3.layout, label, 7);
    let next = [T3Row::Tot, T3Row::Fwd]
        .iter()
        .find_map(|r| t3.row(*r))
        .map(|row| {
            report
                .lines
                .line_start(report.lines.line_of(row.lines.start))
        });
    let (at, edit) = match next {
        Some(n) => (n, insert_lines_before(report, n, &body)),
        None => (t3.span.end, insert_lines_after(report, t3.span.end, &body)),
    };
    let lang = cx.lang;
    let msg = tr!(
        lang,
        format!(
            "表三缺少「{label}」行（按{}）",
            Format::Trial2019.short_zh()
        ),
        format!(
            "Table 3 lacks the row “{label}” (as in {})",
            Format::Trial2019.short_en()
        )
    );
    emit_insert(cx, at, msg, edit);
}

fn check_t3(cx: &mut Context) {
    let report = cx.report;
    let Some(t3) = &report.t3 else { return };
    if t3.unreadable.is_some() {
        return;
    }
    let lang = cx.lang;
    // A 2019-format single （六）其他处理 row stands for O1–O3: in a report
    // checked against the trial format, or one whose old row
    // `outdated-template` reports.
    let trial = cx.format() == Format::Trial2019;
    let old_other = cx.outdated_table(TableId::T3) || trial;
    // A text that stops inside table 3 (or starts late in it): the rows
    // beyond its ends are not lost.
    let mut present = T3Row::ALL
        .iter()
        .filter(|r| t3.row(**r).is_some())
        .map(|r| r.index());
    let (first_present, last_present) = (present.next(), present.next_back());
    let last_present = last_present.or(first_present);
    let cut_here = report
        .extent
        .cut
        .as_ref()
        .is_some_and(|c| c.table == Some(TableId::T3));
    let after_cut = |r: &T3Row| cut_here && last_present.is_none_or(|l| r.index() > l);
    let starts_here = report.extent.starts_late && report.section(SectionId::Requests).is_none();
    let before_start = |r: &T3Row| starts_here && first_present.is_none_or(|f| r.index() < f);
    if trial && !after_cut(&T3Row::O1) && !before_start(&T3Row::O1) {
        check_trial_other(cx, t3);
    }
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
    if runs.is_empty() {
        // Nothing lost: the solver's values are not needed.
        return;
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
