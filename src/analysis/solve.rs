//! Values the identities determine (format spec §6).
//!
//! A blank cell, a missing cell or a lost row can often be filled without
//! guessing: a total is the sum of its parts; a single unknown part is the total
//! minus the others; and since counts are never negative, parts whose sum is 0
//! are all 0. This solver propagates those three facts through the identities of
//! tables 3 and 4 until nothing changes. It assumes the known cells are right,
//! so a fill that relies on it is offered as an unsafe fix unless it is a total
//! computed from its own known parts.

use crate::analysis::format::{T3Row, T4_CELLS};
use crate::analysis::model::{Report, Row};

pub type T3Grid = [[Option<i64>; 7]; 25];

/// Known and determined values of tables 3 and 4.
#[derive(Clone, Debug, PartialEq)]
pub struct Solved {
    /// Table 3 as written (integers only; a short row's cells are unknown).
    pub t3_known: T3Grid,
    /// Table 3 after propagation.
    pub t3: T3Grid,
    pub t4_known: [Option<i64>; 15],
    pub t4: [Option<i64>; 15],
}

/// The known integers of a table-3 row. A row with exactly one cell missing and
/// all others 0 is all zeros whichever cell was lost (the total is the sum).
fn row_known(row: &Row<T3Row>) -> [Option<i64>; 7] {
    let mut out = [None; 7];
    if row.is_short() {
        let all_zero = row.cells.iter().all(|c| c.int() == Some(0));
        if row.width - row.cells.len() == 1 && all_zero {
            out = [Some(0); 7];
        }
        return out;
    }
    for (c, cell) in row.cells.iter().take(7).enumerate() {
        out[c] = cell.int().filter(|v| *v >= 0);
    }
    out
}

/// The linear identities of table 3 as lists of (coefficient, row, column):
/// each sums to zero (built once).
fn t3_equations() -> &'static [Vec<(i64, usize, usize)>] {
    static E: std::sync::OnceLock<Vec<Vec<(i64, usize, usize)>>> = std::sync::OnceLock::new();
    E.get_or_init(build_t3_equations)
}

fn build_t3_equations() -> Vec<Vec<(i64, usize, usize)>> {
    let mut eqs = Vec::new();
    for r in 0..25 {
        let mut e: Vec<(i64, usize, usize)> = (0..6).map(|c| (1, r, c)).collect();
        e.push((-1, r, 6));
        eqs.push(e);
    }
    for c in 0..7 {
        let mut e: Vec<(i64, usize, usize)> = T3Row::ALL
            .iter()
            .filter(|r| r.is_result())
            .map(|r| (1, r.index(), c))
            .collect();
        e.push((-1, T3Row::Tot.index(), c));
        eqs.push(e);
        eqs.push(vec![
            (1, T3Row::New.index(), c),
            (1, T3Row::Carry.index(), c),
            (-1, T3Row::Tot.index(), c),
            (-1, T3Row::Fwd.index(), c),
        ]);
    }
    eqs
}

/// Propagates until nothing changes. `get`/`set` address the unknowns.
fn propagate(eqs: &[Vec<(i64, usize, usize)>], grid: &mut T3Grid) {
    for _ in 0..64 {
        let mut changed = false;
        for eq in eqs {
            changed |= apply(eq, grid);
        }
        if !changed {
            break;
        }
    }
}

/// Applies one identity: its single unknown is what the others leave, and
/// unknowns of one sign whose sum must be 0 are all 0. Returns whether a
/// cell was set.
fn apply(eq: &[(i64, usize, usize)], grid: &mut T3Grid) -> bool {
    let mut known = 0i64;
    // The first unknown, how many there are, and whether all have its sign.
    let mut first: Option<(i64, usize, usize)> = None;
    let (mut unknowns, mut one_sign) = (0usize, true);
    for &(k, r, c) in eq {
        match grid[r][c] {
            Some(v) => known += k * v,
            None => {
                unknowns += 1;
                match first {
                    None => first = Some((k, r, c)),
                    Some((k0, _, _)) => one_sign &= k == k0,
                }
            }
        }
    }
    match (unknowns, first) {
        (1, Some((k, r, c))) => {
            let v = -known * k;
            if v >= 0 {
                grid[r][c] = Some(v);
            }
            v >= 0
        }
        (2.., _) if one_sign && known == 0 => {
            for &(_, r, c) in eq {
                grid[r][c].get_or_insert(0);
            }
            true
        }
        _ => false,
    }
}

/// Table 4's identities on a 3x5 grid embedded in rows 0..3 of a table-3
/// grid: each group's four parts make its total (built once).
fn t4_equations() -> &'static [Vec<(i64, usize, usize)>] {
    static E: std::sync::OnceLock<Vec<Vec<(i64, usize, usize)>>> = std::sync::OnceLock::new();
    E.get_or_init(|| {
        (0..3)
            .map(|r| {
                let mut e: Vec<(i64, usize, usize)> = (0..4).map(|c| (1, r, c)).collect();
                e.push((-1, r, 4));
                e
            })
            .collect()
    })
}

impl Solved {
    pub fn new(report: &Report) -> Solved {
        let mut t3_known = [[None; 7]; 25];
        if let Some(t3) = &report.t3 {
            for r in T3Row::ALL {
                if let Some(row) = t3.row(r) {
                    t3_known[r.index()] = row_known(row);
                }
            }
        }
        let mut t3 = t3_known;
        if report.t3.is_some() {
            propagate(t3_equations(), &mut t3);
        }

        let mut t4_known = [None; 15];
        if let Some(t4) = &report.t4 {
            for (i, c) in t4.cells.iter().enumerate().take(T4_CELLS) {
                t4_known[i] = c.int().filter(|v| *v >= 0);
            }
        }
        let mut t4 = t4_known;
        if report.t4.is_some() {
            // Three groups: 4 parts = total. Reuse the table-3 machinery on a
            // 3x5 grid embedded in rows 0..3.
            let mut g: T3Grid = [[None; 7]; 25];
            for (i, v) in t4.iter().enumerate() {
                g[i / 5][i % 5] = *v;
            }
            propagate(t4_equations(), &mut g);
            for (i, v) in t4.iter_mut().enumerate() {
                *v = g[i / 5][i % 5];
            }
        }
        Solved {
            t3_known,
            t3,
            t4_known,
            t4,
        }
    }

    /// Whether table-3 cell (r, c) is a total whose own parts are all known as
    /// written (so filling it is as safe as recomputing a total).
    pub fn t3_is_known_total(&self, r: T3Row, c: usize) -> bool {
        let k = &self.t3_known;
        if c == 6 && (0..6).all(|j| k[r.index()][j].is_some()) {
            return true;
        }
        r == T3Row::Tot
            && T3Row::ALL
                .iter()
                .filter(|x| x.is_result())
                .all(|x| k[x.index()][c].is_some())
    }

    /// Whether table-4 cell `i` is a group total whose parts are all known.
    pub fn t4_is_known_total(&self, i: usize) -> bool {
        i % 5 == 4 && (0..4).all(|j| self.t4_known[i - 4 + j].is_some())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::syntax::parse;

    #[test]
    fn lost_rows_of_zeros_are_determined() {
        // Rows 一 and 二 lost; everything else zero: both follow (sum 0 => 0).
        let mut s = crate::analysis::template::report(
            "某局",
            2023,
            crate::analysis::template::Layout::Text,
            &crate::analysis::template::Figures::zeros(),
            crate::analysis::template::Prose::Sample,
        );
        let lines: Vec<&str> = s
            .lines()
            .filter(|l| !l.starts_with("一、本年新收") && !l.starts_with("二、上年结转"))
            .collect();
        s = lines.join("\n");
        let r = parse(&s);
        let solved = Solved::new(&r);
        assert_eq!(solved.t3_known[T3Row::New.index()], [None; 7]);
        assert_eq!(solved.t3[T3Row::New.index()], [Some(0); 7]);
        assert_eq!(solved.t3[T3Row::Carry.index()], [Some(0); 7]);
    }
}
