//! Splitting cells that ran together ("713000074" for 71|3|0|0|0|0|74, issue
//! 11): every way to cut a run of digits into a row's numbers, keeping only
//! the cuts under which the row's identities hold (a total equals the sum of
//! its parts). The caller applies a split only when exactly one is left.

use std::ops::Range;

/// A sum inside a row: the number at `total` is the sum of those in `parts`.
pub type Identity = (usize, Range<usize>);

/// Table 3's row identity: 总计 (the 7th) is the sum of the six applicants.
pub const T3_ROW: [Identity; 1] = [(6, 0..6)];

/// Table 4's three group identities (总计 = 维持 + 纠正 + 其他 + 尚未审结).
pub const T4_GROUPS: [Identity; 3] = [(4, 0..4), (9, 5..9), (14, 10..14)];

/// The most splits returned: enough to tell one from several.
const CAP: usize = 64;

/// The ways (byte ranges into `digits`) to cut `digits` into `width`
/// numbers without leading zeros under which every identity holds. When the
/// digits are exactly `width`, that is the only way to cut them, whatever
/// the identities say (they are then checked like any other row's).
pub fn splits(digits: &str, width: usize, identities: &[Identity]) -> Vec<Vec<Range<usize>>> {
    let d = digits.as_bytes();
    if width == 0 || d.len() < width || !d.iter().all(u8::is_ascii_digit) {
        return Vec::new();
    }
    if d.len() == width {
        return vec![(0..width).map(|i| i..i + 1).collect()];
    }
    let mut out = Vec::new();
    let mut cuts: Vec<(Range<usize>, i64)> = Vec::with_capacity(width);
    walk(d, width, identities, 0, &mut cuts, &mut out);
    out
}

fn walk(
    d: &[u8],
    width: usize,
    ids: &[Identity],
    pos: usize,
    cuts: &mut Vec<(Range<usize>, i64)>,
    out: &mut Vec<Vec<Range<usize>>>,
) {
    if out.len() >= CAP {
        return;
    }
    let k = cuts.len();
    if k == width {
        if pos == d.len() {
            out.push(cuts.iter().map(|(r, _)| r.clone()).collect());
        }
        return;
    }
    let left = width - k - 1;
    let rest = d.len() - pos;
    // Each number has 1 to 9 digits.
    if rest < left + 1 || rest > (left + 1) * 9 {
        return;
    }
    let max = (rest - left).min(9);
    for len in 1..=max {
        if len > 1 && d[pos] == b'0' {
            break;
        }
        let v = super::line::digits_value(&d[pos..pos + len]);
        let holds = ids
            .iter()
            .filter(|(t, _)| *t == k)
            .all(|(_, parts)| cuts[parts.clone()].iter().map(|(_, x)| x).sum::<i64>() == v);
        if !holds {
            continue;
        }
        cuts.push((pos..pos + len, v));
        walk(d, width, ids, pos + len, cuts, out);
        cuts.pop();
    }
}

/// The numbers of a split.
pub fn values(digits: &str, split: &[Range<usize>]) -> Vec<i64> {
    split
        .iter()
        .map(|r| digits[r.clone()].parse().unwrap_or(0))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vals(d: &str, w: usize, ids: &[Identity]) -> Vec<Vec<i64>> {
        splits(d, w, ids).iter().map(|s| values(d, s)).collect()
    }

    #[test]
    fn the_issue_example_has_one_split() {
        assert_eq!(
            vals("713000074", 7, &T3_ROW),
            vec![vec![71, 3, 0, 0, 0, 0, 74]]
        );
    }

    #[test]
    fn zeros_and_exact_widths() {
        assert_eq!(vals("0000000", 7, &T3_ROW), vec![vec![0; 7]]);
        // Exactly one digit per cell: the only cut, even if the sum fails.
        assert_eq!(vals("1000002", 7, &T3_ROW), vec![vec![1, 0, 0, 0, 0, 0, 2]]);
        assert!(vals("000", 7, &T3_ROW).is_empty());
    }

    #[test]
    fn ambiguous_rows_give_several() {
        // 11|2|…|13 and 1|12|…|13.
        assert_eq!(vals("112000013", 7, &T3_ROW).len(), 2);
        // Table 2 has no identity: 3|0|85 and 30|8|5.
        assert_eq!(vals("3085", 3, &[]).len(), 2);
        assert_eq!(vals("000", 3, &[]), vec![vec![0, 0, 0]]);
    }

    #[test]
    fn table_four() {
        assert_eq!(vals("000000000000000", 15, &T4_GROUPS).len(), 1);
        // 1 1 0 0 2 | 1 0 0 0 1 | 12 0 1 0 13: 1|2|0|10|13 fits as well.
        assert!(vals("11002100011201013", 15, &T4_GROUPS).len() >= 2);
        // 1 1 0 0 2 | 1 0 0 0 1 | 12 0 10 0 22
        assert_eq!(
            vals("110021000112010022", 15, &T4_GROUPS),
            vec![vec![1, 1, 0, 0, 2, 1, 0, 0, 0, 1, 12, 0, 10, 0, 22]]
        );
    }
}
