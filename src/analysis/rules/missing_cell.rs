//! `missing-cell`: a row has fewer value cells than the format.
//!
//! Format spec §3–§5 and §8.9: every row of table 3 has 7 values, table 2's rows
//! 3 or 1, table 4 has 15. Extraction from PDF and page breaks drop cells ("6
//! numbers where 7 belong"); which column was lost cannot be known, so the row's
//! values are not used in any sum. The fix appends the missing value when the
//! identities determine it whichever cell was lost (e.g. six zeros: the seventh
//! is 0), else an empty cell for the drafter. A row whose label is there without
//! any number counts too. Consecutive short rows of table 3 (a column lost over
//! a stretch of the table) are one finding listing them, every row's fix kept.
//!
//! Not flagged: the row in which a text that was cut off ends (its cells may
//! follow the cut); a table that cannot be read (`missing-table`).

use super::{Category, Context, Rule, RuleMeta, t2_row_name, t3_row};
use crate::analysis::finding::{Edit, Fix, Severity};
use crate::analysis::format::{T3Row, T4_CELLS, TableId};
use crate::analysis::model::{Cell, Report, Row};
use crate::analysis::syntax::line::Sep;
use crate::tr;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "missing-cell",
        name: ["缺少数值", "Missing cell"],
        category: Category::Tables,
        default: Some(Severity::Error),
        summary: [
            "某行的数值个数少于规定",
            "A row has fewer value cells than the format",
        ],
        explanation: [
            "表三每行7个数值，表二各行3个或1个，表四共15个。从PDF提取或分页时常丢失单元格（“应有7个只有6个”），有标签而没有数值的行同样报告；由于无法判断丢失的是哪一列，该行数值不参与求和核对。表三连续几行都缺单元格（一列在一段表格中丢失）时合并报告一次，列出各行，各行的修复都保留。修复：若无论丢失哪一列缺失值都能由勾稽关系确定（如其余六个均为0，则缺失值为0），则补上该值，否则补一个空单元格待填。不报告：文本被截断时截断处所在的那一行（其余单元格可能在截断之后）；无法逐行读取的表格（由 missing-table 报告）。",
            "Every row of table 3 has 7 values, table 2's rows 3 or 1, table 4 has 15. PDF extraction and page breaks drop cells (6 numbers where 7 belong); a label without any number counts too. Which column was lost cannot be known, so the row takes part in no sum. Consecutive short rows of table 3 (a column lost over a stretch of the table) are one finding listing them, every row's fix kept. Fix: append the value when the identities determine it whichever cell was lost (six zeros: the seventh is 0), else an empty cell. Not flagged: the row in which a text that was cut off ends (its cells may follow the cut); a table that cannot be read (missing-table).",
        ],
        bad: "（一）予以公开\t6\t1\t0\t0\t0\t0\n",
        good: "（一）予以公开\t6\t1\t0\t0\t0\t0\t7\n",
    },
    check,
};

/// The text that appends `values` (`None`: an empty cell) to a row.
pub fn append_cells(
    report: &Report,
    layout: Sep,
    cells: &[Cell],
    label_end: usize,
    row_end: usize,
    values: &[Option<i64>],
) -> Edit {
    let v = |x: &Option<i64>| x.map(|n| n.to_string());
    let after = cells.last().map(|c| c.span.end).unwrap_or(label_end);
    let nl = report.line_ending;
    match layout {
        Sep::Tab => Edit::insert(
            after,
            values
                .iter()
                .map(|x| format!("\t{}", v(x).unwrap_or_default()))
                .collect::<String>(),
        ),
        Sep::PipeInline => Edit::insert(
            after,
            values
                .iter()
                .map(|x| format!(" | {}", v(x).unwrap_or_default()))
                .collect::<String>(),
        ),
        Sep::PipePerLine => Edit::insert(
            row_end,
            values
                .iter()
                .map(|x| match v(x) {
                    Some(s) => format!("{nl}{s} |"),
                    None => format!("{nl}|"),
                })
                .collect::<String>(),
        ),
        Sep::Space => Edit::insert(
            after,
            values
                .iter()
                .map(|x| format!(" {}", v(x).unwrap_or_else(|| "—".to_string())))
                .collect::<String>(),
        ),
    }
}

fn row_fix<Id>(cx: &Context, row: &Row<Id>, values: Vec<Option<i64>>) -> Fix {
    let lang = cx.lang;
    let determined = values.iter().all(Option::is_some);
    let title = if determined {
        let shown: Vec<String> = values.iter().flatten().map(|v| v.to_string()).collect();
        tr!(
            lang,
            format!("补上由勾稽关系确定的数值 {}", shown.join("、")),
            format!(
                "Append the value the identities determine: {}",
                shown.join(", ")
            )
        )
    } else {
        tr!(
            lang,
            "补上空单元格（待填）".to_string(),
            "Append empty cells to fill in".to_string()
        )
    };
    Fix {
        title,
        safe: false,
        edits: vec![append_cells(
            cx.report,
            row.layout,
            &row.cells,
            row.label.end,
            row.lines.end,
            &values,
        )],
    }
}

fn check(cx: &mut Context) {
    check_t2(cx);
    check_t3(cx);
    check_t4(cx);
}

/// "只有 6 个数值" / "没有数值".
fn count_words(lang: crate::analysis::config::Lang, n: usize) -> String {
    match n {
        0 => tr!(lang, "没有数值".to_string(), "has no value".to_string()),
        _ => tr!(
            lang,
            format!("只有 {n} 个数值"),
            format!("has {n} value(s)")
        ),
    }
}

fn check_t2(cx: &mut Context) {
    let report = cx.report;
    let lang = cx.lang;
    let Some(t2) = &report.t2 else { return };
    if cx.outdated_table(TableId::T2) {
        return;
    }
    let short = t2
        .rows
        .iter()
        .flatten()
        .filter(|r| r.is_short() && !report.extent.reaches_cut(r.lines));
    for row in short {
        let msg = tr!(
            lang,
            format!(
                "{}{}，应有 {} 个",
                t2_row_name(lang, row.id),
                count_words(lang, row.cells.len()),
                row.width
            ),
            format!(
                "{} {}; the format has {}",
                t2_row_name(lang, row.id),
                count_words(lang, row.cells.len()),
                row.width
            )
        );
        let fix = row_fix(cx, row, vec![None; row.width - row.cells.len()]);
        if let Some(f) = cx.emit(&RULE.meta, row.label, msg) {
            f.fixes.push(fix);
        }
    }
}

/// Table 3's short rows; consecutive ones (one cause: a column lost over a
/// stretch of the table) in one finding that lists them, each row's fix kept.
fn check_t3(cx: &mut Context) {
    let report = cx.report;
    let Some(t3) = &report.t3 else { return };
    let mut runs: Vec<Vec<&Row<T3Row>>> = Vec::new();
    let mut open = false;
    for row in T3Row::ALL.iter().filter_map(|r| t3.row(*r)) {
        if !row.is_short() || report.extent.reaches_cut(row.lines) {
            open = false;
            continue;
        }
        match runs.last_mut() {
            Some(run) if open => run.push(row),
            _ => runs.push(vec![row]),
        }
        open = true;
    }
    for run in runs {
        report_t3_run(cx, &run);
    }
}

fn report_t3_run(cx: &mut Context, run: &[&Row<T3Row>]) {
    let lang = cx.lang;
    let known = cx.solved().t3_known;
    let fixes: Vec<Fix> = run
        .iter()
        .map(|row| {
            let missing = row.width - row.cells.len();
            // Determined whichever cell was lost: the solver fills the whole row.
            let known_row = known[row.id.index()];
            let values: Vec<Option<i64>> = if known_row.iter().all(Option::is_some) && missing == 1
            {
                vec![known_row[6]]
            } else {
                vec![None; missing]
            };
            row_fix(cx, row, values)
        })
        .collect();
    let first = run[0];
    let same = run.iter().all(|r| r.cells.len() == first.cells.len());
    let msg = match run {
        [row] => tr!(
            lang,
            format!(
                "{}{}，应有 7 个",
                t3_row(lang, row.id),
                count_words(lang, row.cells.len())
            ),
            format!(
                "{} {}; the format has 7",
                t3_row(lang, row.id),
                count_words(lang, row.cells.len())
            )
        ),
        _ => {
            let last = run[run.len() - 1];
            let (a, b) = (first.id.display(), last.id.display());
            let n = run.len();
            if same {
                tr!(
                    lang,
                    format!(
                        "表三「{a}」至「{b}」共 {n} 行都{}，应有 7 个",
                        count_words(lang, first.cells.len())
                    ),
                    format!(
                        "Table 3: the {n} rows from “{a}” to “{b}” each {}; the format has 7",
                        count_words(lang, first.cells.len())
                    )
                )
            } else {
                tr!(
                    lang,
                    format!("表三「{a}」至「{b}」共 {n} 行的数值都少于 7 个"),
                    format!("Table 3: the {n} rows from “{a}” to “{b}” have fewer than 7 values")
                )
            }
        }
    };
    let related: Vec<_> = run[1..]
        .iter()
        .map(|r| super::related(r.label, format!("{} {}", r.id.spec().text, r.cells.len())))
        .collect();
    let fixes = super::merge_fixes(lang, fixes);
    if let Some(f) = cx.emit(&RULE.meta, first.label, msg) {
        f.fixes = fixes;
        f.related = related;
    }
}

fn check_t4(cx: &mut Context) {
    let report = cx.report;
    let lang = cx.lang;
    let Some(t4) = &report.t4 else { return };
    if t4.unreadable.is_some() || t4.cells.len() >= T4_CELLS || report.extent.reaches_cut(t4.data) {
        return;
    }
    let msg = tr!(
        lang,
        format!(
            "表四只有 {} 个数值，应有 15 个（行政复议、两类行政诉讼各 5 个）",
            t4.cells.len()
        ),
        format!(
            "Table 4 has {} value(s); the format has 15 (5 each for 行政复议 and the two kinds of 行政诉讼)",
            t4.cells.len()
        )
    );
    cx.emit(&RULE.meta, t4.data, msg);
}
