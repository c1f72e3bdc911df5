//! How much of one text another repeats: the similarity ratio (from the longest
//! common subsequence, as `difflib`'s ratio: 2·LCS / (|a| + |b|)) and the
//! longest common substring (the longest passage copied word for word).
//!
//! Both run in near-linear time, so that comparing two sections of a few
//! thousand characters costs microseconds, not the milliseconds of a plain
//! dynamic programme: the LCS with the bit-parallel algorithm of Allison and
//! Dix (64 characters per machine word), the substring with a suffix automaton.

use std::collections::HashMap;

/// The length of the longest common subsequence of `a` and `b`.
pub fn lcs_len(a: &[char], b: &[char]) -> usize {
    if a.is_empty() || b.is_empty() {
        return 0;
    }
    let words = a.len().div_ceil(64);
    // Where each character occurs in `a`, as a bit set.
    let mut masks: HashMap<char, Vec<u64>> = HashMap::new();
    for (i, &c) in a.iter().enumerate() {
        masks.entry(c).or_insert_with(|| vec![0; words])[i / 64] |= 1 << (i % 64);
    }
    // V: 1 where row i of the DP does not yet gain; LCS = |a| − ones(V).
    let mut v = vec![u64::MAX; words];
    let last_bits = a.len() % 64;
    if last_bits != 0 {
        v[words - 1] = (1u64 << last_bits) - 1;
    }
    let zero = vec![0u64; words];
    for c in b {
        let m = masks.get(c).unwrap_or(&zero);
        // V' = (V + (V & M)) | (V & !M), with carries across words.
        let mut carry = 0u64;
        for k in 0..words {
            let u = v[k] & m[k];
            let (s1, c1) = v[k].overflowing_add(u);
            let (s2, c2) = s1.overflowing_add(carry);
            carry = (c1 || c2) as u64;
            v[k] = s2 | (v[k] & !m[k]);
        }
        if last_bits != 0 {
            v[words - 1] &= (1u64 << last_bits) - 1;
        }
    }
    a.len() - v.iter().map(|w| w.count_ones() as usize).sum::<usize>()
}

/// 2·LCS / (|a| + |b|): 1 for equal texts, 0 for texts with nothing in common.
pub fn ratio(a: &[char], b: &[char]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    2.0 * lcs_len(a, b) as f64 / (a.len() + b.len()) as f64
}

/// The longest common substring: (start in `a`, start in `b`, length).
pub fn longest_common_substring(a: &[char], b: &[char]) -> (usize, usize, usize) {
    let sam = SuffixAutomaton::new(b);
    let (mut state, mut len) = (0usize, 0usize);
    let mut best = (0, 0, 0);
    for (i, c) in a.iter().enumerate() {
        while state != 0 && !sam.states[state].next.contains_key(c) {
            state = sam.states[state].link;
            len = sam.states[state].len;
        }
        if let Some(&n) = sam.states[state].next.get(c) {
            state = n;
            len += 1;
        } else {
            state = 0;
            len = 0;
        }
        if len > best.2 {
            // The match ends at a[i]; where it ends in b is the end of the
            // first occurrence of the state's strings.
            let end_b = sam.states[state].first_end;
            best = (i + 1 - len, end_b + 1 - len, len);
        }
    }
    best
}

struct State {
    len: usize,
    link: usize,
    next: HashMap<char, usize>,
    /// The position in the text where this state's strings first end.
    first_end: usize,
}

/// The suffix automaton of a text: every substring is a path from state 0.
struct SuffixAutomaton {
    states: Vec<State>,
}

impl SuffixAutomaton {
    fn new(text: &[char]) -> SuffixAutomaton {
        let mut states = Vec::with_capacity(text.len() * 2 + 1);
        states.push(State {
            len: 0,
            link: 0,
            next: HashMap::new(),
            first_end: 0,
        });
        let mut last = 0;
        for (i, &c) in text.iter().enumerate() {
            let cur = states.len();
            states.push(State {
                len: states[last].len + 1,
                link: 0,
                next: HashMap::new(),
                first_end: i,
            });
            let mut p = Some(last);
            while let Some(q) = p {
                if states[q].next.contains_key(&c) {
                    break;
                }
                states[q].next.insert(c, cur);
                p = if q == 0 { None } else { Some(states[q].link) };
            }
            match p {
                None => states[cur].link = 0,
                Some(p) => {
                    let q = states[p].next[&c];
                    if states[p].len + 1 == states[q].len {
                        states[cur].link = q;
                    } else {
                        let clone = states.len();
                        let copy = State {
                            len: states[p].len + 1,
                            link: states[q].link,
                            next: states[q].next.clone(),
                            first_end: states[q].first_end,
                        };
                        states.push(copy);
                        let mut p = Some(p);
                        while let Some(x) = p {
                            if states[x].next.get(&c) != Some(&q) {
                                break;
                            }
                            states[x].next.insert(c, clone);
                            p = if x == 0 { None } else { Some(states[x].link) };
                        }
                        states[q].link = clone;
                        states[cur].link = clone;
                    }
                }
            }
            last = cur;
        }
        SuffixAutomaton { states }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    /// The textbook dynamic programme, to check the fast versions against.
    fn lcs_slow(a: &[char], b: &[char]) -> usize {
        let mut row = vec![0usize; b.len() + 1];
        for x in a {
            let mut diag = 0;
            for (j, y) in b.iter().enumerate() {
                let up = row[j + 1];
                row[j + 1] = if x == y { diag + 1 } else { up.max(row[j]) };
                diag = up;
            }
        }
        row[b.len()]
    }

    fn substring_slow(a: &[char], b: &[char]) -> usize {
        let mut best = 0;
        for i in 0..a.len() {
            for j in 0..b.len() {
                let mut k = 0;
                while i + k < a.len() && j + k < b.len() && a[i + k] == b[j + k] {
                    k += 1;
                }
                best = best.max(k);
            }
        }
        best
    }

    #[test]
    fn known_values() {
        assert_eq!(lcs_len(&chars("ABCBDAB"), &chars("BDCABA")), 4);
        assert_eq!(lcs_len(&chars(""), &chars("abc")), 0);
        assert_eq!(ratio(&chars("主动公开"), &chars("主动公开")), 1.0);
        assert_eq!(ratio(&chars("甲乙"), &chars("丙丁")), 0.0);
        let a = chars("今年全面推进政务公开工作");
        let b = chars("去年全面推进政务公开工作");
        assert_eq!(longest_common_substring(&a, &b), (1, 1, 11));
    }

    #[test]
    fn long_texts_cross_word_boundaries() {
        let a: Vec<char> = "政务公开".repeat(100).chars().collect();
        let mut b = a.clone();
        b[150] = '甲';
        b.insert(300, '乙');
        assert_eq!(lcs_len(&a, &b), lcs_slow(&a, &b));
        let (i, j, n) = longest_common_substring(&a, &b);
        assert_eq!(a[i..i + n], b[j..j + n]);
        assert_eq!(n, substring_slow(&a, &b));
    }

    proptest! {
        #[test]
        fn agrees_with_the_slow_versions(a in "[甲乙丙a-c]{0,150}", b in "[甲乙丙a-c]{0,150}") {
            let (a, b) = (chars(&a), chars(&b));
            prop_assert_eq!(lcs_len(&a, &b), lcs_slow(&a, &b));
            let (i, j, n) = longest_common_substring(&a, &b);
            prop_assert_eq!(n, substring_slow(&a, &b));
            prop_assert_eq!(&a[i..i + n], &b[j..j + n]);
        }
    }
}
