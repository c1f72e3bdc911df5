//! `missing-cell`: a row has fewer value cells than the format.
//!
//! Format spec §3–§5 and §8.9: every row of table 3 has 7 values, table 2's rows
//! 3 or 1, table 4 has 15. Extraction from PDF and page breaks drop cells ("6
//! numbers where 7 belong"); which column was lost cannot be known, so the row's
//! values are not used in any sum. The fix appends the missing value when the
//! identities determine it whichever cell was lost (e.g. six zeros: the seventh
//! is 0), else an empty cell for the drafter.

use super::{Category, Context, Rule, RuleMeta, t2_row_name, t3_row};
use crate::analysis::finding::{Edit, Fix, Severity};
use crate::analysis::format::{T4_CELLS, TableId};
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
            "表三每行7个数值，表二各行3个或1个，表四共15个。从PDF提取或分页时常丢失单元格（“应有7个只有6个”）；由于无法判断丢失的是哪一列，该行数值不参与求和核对。修复：若无论丢失哪一列缺失值都能由勾稽关系确定（如其余六个均为0，则缺失值为0），则补上该值，否则补一个空单元格待填。",
            "Every row of table 3 has 7 values, table 2's rows 3 or 1, table 4 has 15. PDF extraction and page breaks drop cells (6 numbers where 7 belong); which column was lost cannot be known, so the row takes part in no sum. Fix: append the value when the identities determine it whichever cell was lost (six zeros: the seventh is 0), else an empty cell.",
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
    let report = cx.report;
    let lang = cx.lang;
    if let Some(t2) = &report.t2 {
        if !cx.outdated_table(TableId::T2) {
            for row in t2.rows.iter().flatten().filter(|r| r.is_short()) {
                let msg = tr!(
                    lang,
                    format!(
                        "{}只有 {} 个数值，应有 {} 个",
                        t2_row_name(lang, row.id),
                        row.cells.len(),
                        row.width
                    ),
                    format!(
                        "{} has {} value(s); the format has {}",
                        t2_row_name(lang, row.id),
                        row.cells.len(),
                        row.width
                    )
                );
                let fix = row_fix(cx, row, vec![None; row.width - row.cells.len()]);
                if let Some(f) = cx.emit(&RULE.meta, row.label, msg) {
                    f.fixes.push(fix);
                }
            }
        }
    }
    if let Some(t3) = &report.t3 {
        let known = cx.solved().t3_known;
        for row in t3.rows.iter().flatten().filter(|r| r.is_short()) {
            let missing = row.width - row.cells.len();
            // Determined whichever cell was lost: the solver fills the whole row.
            let known_row = known[row.id.index()];
            let values: Vec<Option<i64>> = if known_row.iter().all(Option::is_some) && missing == 1
            {
                vec![known_row[6]]
            } else {
                vec![None; missing]
            };
            let msg = tr!(
                lang,
                format!(
                    "{}只有 {} 个数值，应有 7 个",
                    t3_row(lang, row.id),
                    row.cells.len()
                ),
                format!(
                    "{} has {} value(s); the format has 7",
                    t3_row(lang, row.id),
                    row.cells.len()
                )
            );
            let fix = row_fix(cx, row, values);
            if let Some(f) = cx.emit(&RULE.meta, row.label, msg) {
                f.fixes.push(fix);
            }
        }
    }
    if let Some(t4) = &report.t4 {
        if t4.cells.len() < T4_CELLS {
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
    }
}
