//! `empty-cell`: a value cell is blank or holds a placeholder.
//!
//! Format spec §4 and §8.9: every one of table 3's 175 cells is filled, zero
//! written as 0; the same holds for tables 2 and 4. Drafters leave cells blank or
//! write "/", "-", "—", "无". An empty cell is a finding, never silently 0: it
//! may hide a real figure. Consecutive blank cells of one row are reported once.
//! The fix fills the cells the identities determine (safe when the cell is a
//! total of known parts, as recomputing a total is).

use super::{Category, Context, Rule, RuleMeta, t2_cell, t3_cell, t4_cell};
use crate::analysis::config::Lang;
use crate::analysis::finding::{Edit, Fix, Severity};
use crate::analysis::format::{T3_COLUMNS, T4_COLUMNS, T4_GROUPS, TableId};

use crate::tr;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "empty-cell",
        category: Category::Tables,
        default: Some(Severity::Error),
        summary: [
            "数值单元格为空或只有“/”“—”“无”等占位符",
            "A value cell is blank or a placeholder",
        ],
        explanation: [
            "表三175个单元格须全部填写，为零的填0；表二、表四同样。空白或“/”“-”“—”“无”可能掩盖真实数字，因此报告为错误，绝不按0处理。同一行连续的空单元格合并报告一次。修复：填入可由勾稽关系确定的数值（若该单元格是由已知各项相加而得的合计，视为安全修复）。",
            "Every cell of table 3 (175) is filled, zero as 0; likewise tables 2 and 4. A blank or \"/\", \"-\", \"—\", \"无\" may hide a real figure, so it is an error, never read as 0. Consecutive blank cells of one row are reported once. Fix: fill the cells the identities determine (safe when the cell is the total of known parts).",
        ],
        bad: "（一）予以公开\t6\t1\t0\t/\t0\t0\t7\n",
        good: "（一）予以公开\t6\t1\t0\t0\t0\t0\t7\n",
    },
    check,
};

/// Splits `blank` column indices into runs of consecutive columns.
fn runs(blank: &[usize]) -> Vec<Vec<usize>> {
    let mut out: Vec<Vec<usize>> = Vec::new();
    for &c in blank {
        match out.last_mut() {
            Some(run) if run.last().is_some_and(|p| p + 1 == c) => run.push(c),
            _ => out.push(vec![c]),
        }
    }
    out
}

fn list(lang: Lang, names: &[&str]) -> String {
    tr!(
        lang,
        names.iter().map(|n| format!("「{n}」")).collect::<String>(),
        names
            .iter()
            .map(|n| format!("“{n}”"))
            .collect::<Vec<_>>()
            .join(", ")
    )
}

fn check(cx: &mut Context) {
    let report = cx.report;
    let lang = cx.lang;
    if let Some(t2) = &report.t2 {
        if !cx.outdated_table(TableId::T2) {
            for row in t2.rows.iter().flatten() {
                for (c, cell) in row.cells.iter().enumerate() {
                    if cell.is_blank() {
                        let msg = tr!(
                            lang,
                            format!("{}为空", t2_cell(lang, t2.format, row.id, c)),
                            format!("{} is empty", t2_cell(lang, t2.format, row.id, c))
                        );
                        cx.emit(&RULE.meta, cell.span, msg);
                    }
                }
            }
        }
    }
    if let Some(t3) = &report.t3 {
        let solved = cx.solved().clone();
        for row in t3.rows.iter().flatten() {
            let blank: Vec<usize> = row
                .cells
                .iter()
                .enumerate()
                .filter(|(_, c)| c.is_blank())
                .map(|(i, _)| i)
                .collect();
            for run in runs(&blank) {
                let span = row.cells[run[0]]
                    .span
                    .cover(row.cells[*run.last().unwrap_or(&run[0])].span);
                let r = row.id;
                let msg = if run.len() == 1 {
                    tr!(
                        lang,
                        format!("{}为空", t3_cell(lang, r, run[0])),
                        format!("{} is empty", t3_cell(lang, r, run[0]))
                    )
                } else {
                    let names: Vec<&str> = run.iter().map(|c| T3_COLUMNS[*c]).collect();
                    tr!(
                        lang,
                        format!(
                            "表三「{}」行有 {} 个单元格为空：{}",
                            r.display(),
                            run.len(),
                            list(lang, &names)
                        ),
                        format!(
                            "table 3, row “{}”: {} cells are empty: {}",
                            r.display(),
                            run.len(),
                            list(lang, &names)
                        )
                    )
                };
                let values: Option<Vec<i64>> =
                    run.iter().map(|c| solved.t3[r.index()][*c]).collect();
                let fix = values.map(|vals| {
                    let safe = run.iter().all(|c| solved.t3_is_known_total(r, *c));
                    let shown: Vec<String> = vals.iter().map(|v| v.to_string()).collect();
                    Fix {
                        title: tr!(
                            lang,
                            format!("填入由勾稽关系确定的数值 {}", shown.join("、")),
                            format!(
                                "Fill in the value(s) the identities determine: {}",
                                shown.join(", ")
                            )
                        ),
                        safe,
                        edits: run
                            .iter()
                            .zip(&vals)
                            .map(|(c, v)| Edit::replace(row.cells[*c].span, v.to_string()))
                            .collect(),
                    }
                });
                if let Some(f) = cx.emit(&RULE.meta, span, msg) {
                    f.fixes.extend(fix);
                }
            }
        }
    }
    if let Some(t4) = &report.t4 {
        let solved = cx.solved().clone();
        for g in 0..3 {
            let blank: Vec<usize> = (g * 5..g * 5 + 5)
                .filter(|&i| t4.cells.get(i).is_some_and(|c| c.is_blank()))
                .collect();
            for run in runs(&blank) {
                let span = t4.cells[run[0]]
                    .span
                    .cover(t4.cells[*run.last().unwrap_or(&run[0])].span);
                let msg = if run.len() == 1 {
                    tr!(
                        lang,
                        format!("{}为空", t4_cell(lang, run[0])),
                        format!("{} is empty", t4_cell(lang, run[0]))
                    )
                } else {
                    let names: Vec<&str> = run.iter().map(|i| T4_COLUMNS[i % 5]).collect();
                    tr!(
                        lang,
                        format!(
                            "表四「{}」有 {} 个单元格为空：{}",
                            T4_GROUPS[g],
                            run.len(),
                            list(lang, &names)
                        ),
                        format!(
                            "table 4, “{}”: {} cells are empty: {}",
                            T4_GROUPS[g],
                            run.len(),
                            list(lang, &names)
                        )
                    )
                };
                let values: Option<Vec<i64>> = run.iter().map(|i| solved.t4[*i]).collect();
                let fix = values.map(|vals| {
                    let safe = run.iter().all(|i| solved.t4_is_known_total(*i));
                    let shown: Vec<String> = vals.iter().map(|v| v.to_string()).collect();
                    Fix {
                        title: tr!(
                            lang,
                            format!("填入由勾稽关系确定的数值 {}", shown.join("、")),
                            format!(
                                "Fill in the value(s) the identities determine: {}",
                                shown.join(", ")
                            )
                        ),
                        safe,
                        edits: run
                            .iter()
                            .zip(&vals)
                            .map(|(i, v)| Edit::replace(t4.cells[*i].span, v.to_string()))
                            .collect(),
                    }
                });
                if let Some(f) = cx.emit(&RULE.meta, span, msg) {
                    f.fixes.extend(fix);
                }
            }
        }
    }
}
