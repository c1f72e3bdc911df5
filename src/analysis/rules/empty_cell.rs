//! `empty-cell`: a value cell is blank or holds a placeholder.
//!
//! Format spec §4 and §8.9: every one of table 3's 175 cells is filled, zero
//! written as 0; the same holds for tables 2 and 4. Drafters leave cells blank or
//! write "/", "-", "—", "无". An empty cell is a finding, never silently 0: it
//! may hide a real figure. The blank cells of one row are reported once, and
//! rows with blank cells one after another (a column or a stretch left blank)
//! once together, every fill kept.
//!
//! Not flagged: cells of the row in which a text that was cut off ends; a
//! lone "|" line between cells that stand on lines of their own (it separates
//! them); a table that cannot be read (`missing-table`).
//! The fix fills the cells the identities determine (safe when the cell is a
//! total of known parts, as recomputing a total is).

use super::{Category, Context, Rule, RuleMeta, t2_cell, t2_row_name, t3_cell, t4_cell};
use crate::analysis::config::Lang;
use crate::analysis::finding::{Edit, Fix, Severity};
use crate::analysis::format::{Format, T2Row, T3_COLUMNS, T3Row, T4_COLUMNS, T4_GROUPS, TableId};
use crate::analysis::model::Row;
use crate::analysis::text::Span;

use crate::tr;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "empty-cell",
        name: ["单元格为空", "Empty cell"],
        category: Category::Tables,
        default: Some(Severity::Error),
        summary: [
            "数值单元格为空或只有“/”“—”“无”等占位符",
            "A value cell is blank or a placeholder",
        ],
        explanation: [
            "表三175个单元格须全部填写，为零的填0；表二、表四同样。空白或“/”“-”“—”“无”可能掩盖真实数字，因此报告为错误，绝不按0处理。同一行的空单元格合并报告一次，连续几行都有空单元格（一列或一段表格没有填写）时合并报告一次，各处的修复都保留。修复：填入可由勾稽关系确定的数值（若该单元格是由已知各项相加而得的合计，视为安全修复）。不报告：文本被截断时截断处所在那一行的单元格；单元格各占一行、其间单独一行的“|”（那是分隔符，不是空单元格）；无法逐行读取的表格（由 missing-table 报告）。",
            "Every cell of table 3 (175) is filled, zero as 0; likewise tables 2 and 4. A blank or \"/\", \"-\", \"—\", \"无\" may hide a real figure, so it is an error, never read as 0. The blank cells of a row are reported once, and rows with blank cells one after another (a column or a stretch left blank) once together, every fill kept. Fix: fill the cells the identities determine (safe when the cell is the total of known parts). Not flagged: cells of the row in which a text that was cut off ends; a lone \"|\" line between cells that stand on lines of their own (a separator, not an empty cell); a table that cannot be read (missing-table).",
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

/// Which row: of table 2 or 3, or a group of table 4's data row.
#[derive(Clone, Copy)]
enum Which {
    T2(T2Row, Format),
    T3(T3Row),
    T4(usize),
}

/// The blank cells of one row (or of a group of table 4's data row).
struct Blanks {
    which: Which,
    /// Column indices and names of the blank cells, and their spans.
    idx: Vec<usize>,
    cols: Vec<&'static str>,
    spans: Vec<Span>,
    fixes: Vec<Fix>,
}

impl Blanks {
    /// The table's name ("表三", "Table 3").
    fn table(&self, lang: Lang) -> &'static str {
        match self.which {
            Which::T2(..) => tr!(lang, "表二", "Table 2"),
            Which::T3(_) => tr!(lang, "表三", "Table 3"),
            Which::T4(_) => tr!(lang, "表四", "Table 4"),
        }
    }

    /// The row's short name (its label). Built only for a message.
    fn label(&self) -> String {
        match self.which {
            Which::T2(r, f) => r.label_in(f).to_string(),
            Which::T3(r) => r.display(),
            Which::T4(g) => T4_GROUPS[g].to_string(),
        }
    }

    /// The message when this row is reported alone.
    fn alone(&self, lang: Lang) -> String {
        let (name, one) = match self.which {
            Which::T2(r, f) => (t2_row_name(lang, r), t2_cell(lang, f, r, self.idx[0])),
            Which::T3(r) => (
                tr!(
                    lang,
                    format!("表三「{}」行", r.display()),
                    format!("table 3, row “{}”", r.display())
                ),
                t3_cell(lang, r, self.idx[0]),
            ),
            Which::T4(g) => (
                tr!(
                    lang,
                    format!("表四「{}」", T4_GROUPS[g]),
                    format!("table 4, “{}”", T4_GROUPS[g])
                ),
                t4_cell(lang, self.idx[0]),
            ),
        };
        let one = tr!(lang, format!("{one}为空"), format!("{one} is empty"));
        alone(lang, one, &name, &self.cols)
    }
}

/// A fill fix for a run of blank cells, when the identities determine them.
fn fill(lang: Lang, spans: &[Span], values: Option<Vec<i64>>, safe: bool) -> Option<Fix> {
    let vals = values?;
    let shown: Vec<String> = vals.iter().map(|v| v.to_string()).collect();
    Some(Fix {
        title: tr!(
            lang,
            format!("填入由勾稽关系确定的数值 {}", shown.join("、")),
            format!(
                "Fill in the value(s) the identities determine: {}",
                shown.join(", ")
            )
        ),
        safe,
        edits: spans
            .iter()
            .zip(&vals)
            .map(|(s, v)| Edit::replace(*s, v.to_string()))
            .collect(),
    })
}

fn check(cx: &mut Context) {
    let t2 = if cx.outdated_table(TableId::T2) {
        Vec::new()
    } else {
        t2_blanks(cx)
    };
    let tables = [t2, t3_blanks(cx), t4_blanks(cx)];
    for rows in tables {
        // Rows with blank cells one after another: one cause, one finding.
        let mut run: Vec<Blanks> = Vec::new();
        for row in rows.into_iter().chain([None]) {
            match row {
                Some(b) => run.push(b),
                None if !run.is_empty() => report(cx, std::mem::take(&mut run)),
                None => {}
            }
        }
    }
}

fn report(cx: &mut Context, run: Vec<Blanks>) {
    let lang = cx.lang;
    let first = &run[0];
    // One row: its first run of consecutive blank cells; several: the first cell.
    let span = if run.len() == 1 {
        let n = (1..first.idx.len())
            .take_while(|&k| first.idx[k] == first.idx[k - 1] + 1)
            .count();
        first.spans[0].cover(first.spans[n])
    } else {
        first.spans[0]
    };
    let msg = if run.len() == 1 {
        first.alone(lang)
    } else {
        let (a, b) = (first.label(), run[run.len() - 1].label());
        let table = first.table(lang);
        let n: usize = run.iter().map(|r| r.cols.len()).sum();
        let m = run.len();
        let same = run.iter().all(|r| r.cols == first.cols);
        match (same, lang) {
            (true, Lang::Zh) => format!(
                "{table}「{a}」至「{b}」共 {m} 行的{}列为空（{n} 个单元格）",
                list(lang, &first.cols)
            ),
            (true, Lang::En) => format!(
                "{table}: the {m} rows from “{a}” to “{b}” leave {} empty ({n} cells)",
                list(lang, &first.cols)
            ),
            (false, Lang::Zh) => format!("{table}「{a}」至「{b}」共 {m} 行有 {n} 个单元格为空"),
            (false, Lang::En) => {
                format!("{table}: the {m} rows from “{a}” to “{b}” have {n} empty cells")
            }
        }
    };
    let related: Vec<_> = if run.len() > 1 {
        run.iter()
            .flat_map(|r| {
                let label = match r.which {
                    Which::T2(x, f) => x.label_in(f),
                    Which::T3(x) => x.spec().text,
                    Which::T4(g) => T4_GROUPS[g],
                };
                r.spans
                    .iter()
                    .zip(&r.cols)
                    .map(move |(s, c)| super::related(*s, format!("{label} {c}")))
            })
            .skip(1)
            .collect()
    } else {
        Vec::new()
    };
    let fixes = super::merge_fixes(lang, run.into_iter().flat_map(|r| r.fixes).collect());
    if let Some(f) = cx.emit(&RULE.meta, span, msg) {
        f.fixes = fixes;
        f.related = related;
    }
}

/// The message for the blank cells of one row.
fn alone(lang: Lang, one: String, name: &str, cols: &[&str]) -> String {
    if cols.len() == 1 {
        return one;
    }
    tr!(
        lang,
        format!("{name}有 {} 个单元格为空：{}", cols.len(), list(lang, cols)),
        format!(
            "{name}: {} cells are empty: {}",
            cols.len(),
            list(lang, cols)
        )
    )
}

/// Whether any row has a blank cell (most tables have none: nothing to
/// build for them).
fn any_blank<'r, Id: 'r>(rows: impl IntoIterator<Item = &'r Row<Id>>) -> bool {
    rows.into_iter()
        .any(|row| row.cells.iter().any(|c| c.is_blank()))
}

fn t2_blanks(cx: &Context) -> Vec<Option<Blanks>> {
    let report = cx.report;
    let Some(t2) = &report.t2 else {
        return Vec::new();
    };
    if !any_blank(t2.rows.iter().flatten()) {
        return Vec::new();
    }
    t2.rows
        .iter()
        .flatten()
        .map(|row| {
            let blank: Vec<usize> = (0..row.cells.len())
                .filter(|c| row.cells[*c].is_blank())
                .collect();
            if blank.is_empty() || report.extent.reaches_cut(row.lines) {
                return None;
            }
            let columns = row.id.columns_in(t2.format);
            let cols: Vec<&'static str> = blank
                .iter()
                .map(|c| columns.get(*c).copied().unwrap_or_default())
                .collect();
            Some(Blanks {
                which: Which::T2(row.id, t2.format),
                cols,
                spans: blank.iter().map(|c| row.cells[*c].span).collect(),
                idx: blank,
                fixes: Vec::new(),
            })
        })
        .collect()
}

fn t3_blanks(cx: &Context) -> Vec<Option<Blanks>> {
    let lang = cx.lang;
    let report = cx.report;
    let Some(t3) = &report.t3 else {
        return Vec::new();
    };
    if !any_blank(t3.rows.iter().flatten()) {
        return Vec::new();
    }
    t3.rows
        .iter()
        .flatten()
        .map(|row| {
            let blank: Vec<usize> = (0..row.cells.len())
                .filter(|c| row.cells[*c].is_blank())
                .collect();
            if blank.is_empty() || report.extent.reaches_cut(row.lines) {
                return None;
            }
            // Solved once, and only for a table with a blank cell.
            let solved = cx.solved();
            let r = row.id;
            let fixes = runs(&blank)
                .iter()
                .filter_map(|run| {
                    let values = run.iter().map(|c| solved.t3[r.index()][*c]).collect();
                    let safe = run.iter().all(|c| solved.t3_is_known_total(r, *c));
                    let spans: Vec<Span> = run.iter().map(|c| row.cells[*c].span).collect();
                    fill(lang, &spans, values, safe)
                })
                .collect();
            let cols: Vec<&'static str> = blank.iter().map(|c| T3_COLUMNS[*c]).collect();
            Some(Blanks {
                which: Which::T3(r),
                cols,
                spans: blank.iter().map(|c| row.cells[*c].span).collect(),
                idx: blank,
                fixes,
            })
        })
        .collect()
}

/// Table 4's blank cells, per group (each group is reported on its own).
fn t4_blanks(cx: &Context) -> Vec<Option<Blanks>> {
    let lang = cx.lang;
    let report = cx.report;
    let Some(t4) = &report.t4 else {
        return Vec::new();
    };
    if report.extent.reaches_cut(t4.data) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for g in 0..3 {
        let blank: Vec<usize> = (g * 5..g * 5 + 5)
            .filter(|&i| t4.cells.get(i).is_some_and(|c| c.is_blank()))
            .collect();
        if blank.is_empty() {
            out.push(None);
            continue;
        }
        let solved = cx.solved();
        let fixes = runs(&blank)
            .iter()
            .filter_map(|run| {
                let values = run.iter().map(|i| solved.t4[*i]).collect();
                let safe = run.iter().all(|i| solved.t4_is_known_total(*i));
                let spans: Vec<Span> = run.iter().map(|i| t4.cells[*i].span).collect();
                fill(lang, &spans, values, safe)
            })
            .collect();
        let cols: Vec<&'static str> = blank.iter().map(|i| T4_COLUMNS[i % 5]).collect();
        out.push(Some(Blanks {
            which: Which::T4(g),
            cols,
            spans: blank.iter().map(|i| t4.cells[*i].span).collect(),
            idx: blank,
            fixes,
        }));
        // Groups are reported one by one.
        out.push(None);
    }
    out
}
