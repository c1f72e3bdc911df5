//! Applying fixes, and fix-all.
//!
//! Fix-all applies only safe fixes, in dependency order (format spec and rule
//! catalog): table 3's row totals are recomputed from the six applicant cells,
//! then （七）总计's applicant cells from the 21 result rows, then （七）总计's own
//! total from its repaired parts; table 4's group totals from their parts. One
//! pass thus leaves every identity that the fixes can restore satisfied, with no
//! two edits fighting over one cell. The other safe fixes (labels, headings,
//! digits, missing headings) touch text no total fix touches.

use crate::analysis::finding::{Edit, Finding};
use crate::analysis::format::{T3Row, T4_CELLS};
use crate::analysis::model::{Cell, Report, Value};
use crate::analysis::text::Span;

/// Rules whose safe fixes fix-all replaces by the dependency-ordered recomputation.
const TOTAL_RULES: [&str; 3] = ["row-total", "result-total", "review-total"];

/// Applies non-overlapping edits (overlapping later ones are skipped). Returns
/// the new text and how many edits were applied.
pub fn apply(text: &str, edits: &[Edit]) -> (String, usize) {
    let mut sorted: Vec<&Edit> = edits
        .iter()
        .filter(|e| {
            e.span.start <= e.span.end
                && e.span.end <= text.len()
                && text.is_char_boundary(e.span.start)
                && text.is_char_boundary(e.span.end)
        })
        .collect();
    sorted.sort_by_key(|e| (e.span.start, e.span.end));
    let mut out = String::with_capacity(text.len() + 64);
    let mut pos = 0;
    let mut applied = 0;
    for e in sorted {
        if e.span.start < pos {
            continue;
        }
        out.push_str(&text[pos..e.span.start]);
        out.push_str(&e.new_text);
        pos = e.span.end;
        applied += 1;
    }
    out.push_str(&text[pos..]);
    (out, applied)
}

fn set_cell(edits: &mut Vec<Edit>, cell: &Cell, value: i64) {
    let current = match cell.value {
        Value::Int(v) => Some(v),
        _ => None,
    };
    if current != Some(value) {
        edits.push(Edit::replace(cell.span, value.to_string()));
    }
}

/// The sum of `parts` when every one is known (wrapping, as `Iterator::sum`
/// does in a release build: a huge hostile number is no panic).
fn sum_known(parts: impl IntoIterator<Item = Option<i64>>) -> Option<i64> {
    parts
        .into_iter()
        .try_fold(0i64, |acc, p| Some(acc.wrapping_add(p?)))
}

/// Recomputed totals of tables 3 and 4, in dependency order.
pub fn total_edits(report: &Report) -> Vec<Edit> {
    let mut edits = Vec::new();
    if let Some(t3) = &report.t3 {
        // Row totals (all rows but （七）总计, whose parts are repaired first).
        let mut v = [[None::<i64>; 7]; 25];
        for r in T3Row::ALL {
            if let Some(row) = t3.row(r).filter(|row| !row.is_short()) {
                for c in 0..7 {
                    v[r.index()][c] = row.cells[c].int().filter(|x| *x >= 0);
                }
            }
        }
        for r in T3Row::ALL.iter().copied().filter(|r| *r != T3Row::Tot) {
            let Some(row) = t3.row(r).filter(|row| !row.is_short()) else {
                continue;
            };
            if let Some(sum) = sum_known(v[r.index()][..6].iter().copied()) {
                set_cell(&mut edits, &row.cells[6], sum);
                v[r.index()][6] = Some(sum);
            }
        }
        if let Some(tot) = t3.row(T3Row::Tot).filter(|row| !row.is_short()) {
            let t = T3Row::Tot.index();
            for c in 0..6 {
                let parts = T3Row::ALL
                    .iter()
                    .filter(|r| r.is_result())
                    .map(|r| v[r.index()][c]);
                if let Some(sum) = sum_known(parts) {
                    set_cell(&mut edits, &tot.cells[c], sum);
                    v[t][c] = Some(sum);
                }
            }
            if let Some(sum) = sum_known(v[t][..6].iter().copied()) {
                set_cell(&mut edits, &tot.cells[6], sum);
            }
        }
    }
    if let Some(t4) = &report.t4 {
        if t4.cells.len() >= T4_CELLS {
            for g in 0..3 {
                let parts = (0..4).map(|j| t4.cells[g * 5 + j].int().filter(|x| *x >= 0));
                if let Some(sum) = sum_known(parts) {
                    set_cell(&mut edits, &t4.cells[g * 5 + 4], sum);
                }
            }
        }
    }
    edits
}

/// The edits of fix-all: recomputed totals first, then every other safe fix
/// that does not overlap an edit already taken.
pub fn fix_all(report: &Report, findings: &[Finding]) -> Vec<Edit> {
    let mut edits = total_edits(report);
    let mut taken: Vec<Span> = edits.iter().map(|e| e.span).collect();
    for f in findings {
        if TOTAL_RULES.contains(&f.rule) {
            continue;
        }
        for fix in f.fixes.iter().filter(|x| x.safe) {
            let clash = fix.edits.iter().any(|e| {
                taken.iter().any(|t| {
                    t.overlaps(&e.span)
                        || (t.is_empty() && e.span.contains(t.start) && !e.span.is_empty())
                        || *t == e.span
                })
            });
            if clash {
                continue;
            }
            for e in &fix.edits {
                taken.push(e.span);
                if !edits.contains(e) {
                    edits.push(e.clone());
                }
            }
        }
    }
    edits.sort_by_key(|e| (e.span.start, e.span.end));
    edits
}

/// Fix-all without touching what reviewers dismissed: the edits of fix-all
/// for the findings not `dismissed` (one flag per finding), less the edits of
/// the dismissed findings' safe fixes (a dismissed total is not recomputed).
pub fn fix_all_except(report: &Report, findings: &[Finding], dismissed: &[bool]) -> Vec<Edit> {
    let is_dismissed = |i: usize| dismissed.get(i).copied().unwrap_or(false);
    let kept: Vec<Finding> = findings
        .iter()
        .enumerate()
        .filter(|(i, _)| !is_dismissed(*i))
        .map(|(_, f)| f.clone())
        .collect();
    let spared: Vec<&Edit> = findings
        .iter()
        .enumerate()
        .filter(|(i, _)| is_dismissed(*i))
        .flat_map(|(_, f)| f.fixes.iter().filter(|x| x.safe))
        .flat_map(|x| &x.edits)
        .collect();
    let mut edits = fix_all(report, &kept);
    edits.retain(|e| !spared.contains(&e));
    edits
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dismissed_total_is_not_recomputed() {
        let text = crate::analysis::template::sample().replacen(
            "（一）予以公开\t6\t1\t0\t0\t0\t0\t7",
            "（一）予以公开\t6\t1\t0\t0\t0\t0\t8",
            1,
        );
        let a = crate::analysis::analyze(&text, &crate::analysis::config::Config::default());
        let all = fix_all(&a.report, &a.findings);
        assert!(!all.is_empty());
        let flags: Vec<bool> = a.findings.iter().map(|f| f.rule == "row-total").collect();
        assert!(flags.contains(&true));
        let except = fix_all_except(&a.report, &a.findings, &flags);
        assert!(except.len() < all.len());
        assert!(!except.iter().any(|e| e.new_text == "7"), "{except:?}");
    }

    #[test]
    fn apply_skips_overlaps() {
        let t = "abcdef";
        let edits = vec![
            Edit::replace(Span::new(1, 3), "X"),
            Edit::replace(Span::new(2, 4), "Y"),
            Edit::insert(6, "!"),
        ];
        assert_eq!(apply(t, &edits), ("aXdef!".to_string(), 2));
    }
}
