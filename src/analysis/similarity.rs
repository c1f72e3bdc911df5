//! How much of one text another repeats: the similarity ratio (from the longest
//! common subsequence, as `difflib`'s ratio: 2·LCS / (|a| + |b|)) and the
//! longest common substring (the longest passage copied word for word).
//!
//! Both run in near-linear time, so that comparing two sections of a few
//! thousand characters costs microseconds, not the milliseconds of a plain
//! dynamic programme: the LCS with the bit-parallel algorithm of Allison and
//! Dix (64 characters per machine word), the substring with a suffix automaton.

use rustc_hash::FxHashMap;

/// The length of the longest common subsequence of `a` and `b`.
pub fn lcs_len(a: &[char], b: &[char]) -> usize {
    // A common prefix and suffix are part of every longest common
    // subsequence: only the middle needs the algorithm (nothing at all for a
    // text copied unchanged).
    let p = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let (a, b) = (&a[p..], &b[p..]);
    let s = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    p + s + lcs_middle(&a[..a.len() - s], &b[..b.len() - s])
}

/// [`lcs_len`] by the bit-parallel algorithm.
fn lcs_middle(a: &[char], b: &[char]) -> usize {
    if a.is_empty() || b.is_empty() {
        return 0;
    }
    let words = a.len().div_ceil(64);
    // Where each character occurs in `a`, as a bit set: `words` words of
    // `masks` from the character's offset on.
    let mut offsets: FxHashMap<char, usize> = FxHashMap::default();
    let mut masks: Vec<u64> = Vec::new();
    for (i, &c) in a.iter().enumerate() {
        let at = *offsets.entry(c).or_insert_with(|| {
            masks.resize(masks.len() + words, 0);
            masks.len() - words
        });
        masks[at + i / 64] |= 1 << (i % 64);
    }
    // V: 1 where row i of the DP does not yet gain; LCS = |a| − ones(V).
    let mut v = vec![u64::MAX; words];
    let last_bits = a.len() % 64;
    if last_bits != 0 {
        v[words - 1] = (1u64 << last_bits) - 1;
    }
    for c in b {
        // A character that `a` lacks changes nothing (M = 0: V' = V).
        let Some(&at) = offsets.get(c) else {
            continue;
        };
        let m = &masks[at..at + words];
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

/// The longest common substring: (start in `a`, start in `b`, length). Of
/// several, the first in `a`, at its first occurrence in `b`.
pub fn longest_common_substring(a: &[char], b: &[char]) -> (usize, usize, usize) {
    by_samples(a, b).unwrap_or_else(|| by_automaton(a, b))
}

/// The length of the sampled passages of `by_samples`.
const K: usize = 8;

/// [`longest_common_substring`] when it has at least `2K - 1` characters,
/// found from samples: every such passage of `a` holds one of the `K`-grams
/// that start at a multiple of `K`. Each sample is looked up among the
/// `K`-grams of `b`, and each match not yet seen is extended both ways to
/// the whole passage it belongs to. Copied sections share long passages, so
/// this costs a pass over each text instead of the automaton of one.
/// `None` when the passage is shorter, or the texts repeat so much that
/// looking up samples costs more than the automaton would.
fn by_samples(a: &[char], b: &[char]) -> Option<(usize, usize, usize)> {
    if a.len() < 2 * K - 1 || b.len() < K {
        return None;
    }
    let grams = Kgrams::new(b);
    // Per diagonal (`i - j + |b|`), the end in `a` of the passage last found.
    let mut ends = vec![0u32; a.len() + b.len()];
    let mut budget = 16 * (a.len() + b.len());
    let mut best = (0, 0, 0);
    for t in (0..=a.len() - K).step_by(K) {
        let gram = &a[t..t + K];
        let mut j = grams.first(gram);
        while j != NONE {
            let at = j as usize;
            j = grams.next[at];
            budget = budget.checked_sub(1)?;
            let d = t + b.len() - at;
            if b[at..at + K] != *gram || ends[d] as usize >= t + K {
                continue;
            }
            let (i0, j0, n) = extend(a, b, t, at);
            budget = budget.checked_sub(n)?;
            ends[d] = (i0 + n) as u32;
            if n > best.2 || (n == best.2 && (i0, j0) < (best.0, best.1)) {
                best = (i0, j0, n);
            }
        }
    }
    (best.2 >= 2 * K - 1).then_some(best)
}

/// The whole common passage through `a[i]` = `b[j]`: (start in `a`, start
/// in `b`, length).
fn extend(a: &[char], b: &[char], i: usize, j: usize) -> (usize, usize, usize) {
    let back = a[..i]
        .iter()
        .rev()
        .zip(b[..j].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let ahead = a[i..]
        .iter()
        .zip(&b[j..])
        .take_while(|(x, y)| x == y)
        .count();
    (i - back, j - back, back + ahead)
}

/// Where each `K`-gram of a text starts: a table of chains, by hash. Chains
/// may mix `K`-grams of one hash; the caller compares.
struct Kgrams {
    /// The first position of each bucket's chain, or `NONE`.
    heads: Vec<u32>,
    /// The next position in the chain of each position's bucket.
    next: Vec<u32>,
    shift: u32,
}

impl Kgrams {
    fn new(text: &[char]) -> Kgrams {
        let starts = text.len() + 1 - K;
        let bits = (2 * starts).next_power_of_two().trailing_zeros();
        let mut g = Kgrams {
            heads: vec![NONE; 1 << bits],
            next: vec![NONE; starts],
            shift: 64 - bits,
        };
        for j in (0..starts).rev() {
            let h = g.bucket(&text[j..j + K]);
            g.next[j] = g.heads[h];
            g.heads[h] = j as u32;
        }
        g
    }

    fn bucket(&self, gram: &[char]) -> usize {
        let h = gram.iter().fold(0u64, |h, &c| {
            (h.rotate_left(5) ^ u64::from(c)).wrapping_mul(0x517c_c1b7_2722_0a95)
        });
        (h >> self.shift) as usize
    }

    /// The first position of the chain `gram` is in.
    fn first(&self, gram: &[char]) -> u32 {
        self.heads[self.bucket(gram)]
    }
}

/// [`longest_common_substring`] by the suffix automaton of `b`.
fn by_automaton(a: &[char], b: &[char]) -> (usize, usize, usize) {
    let sam = SuffixAutomaton::new(b);
    let (mut state, mut len) = (0u32, 0usize);
    let mut best = (0, 0, 0);
    for (i, &c) in a.iter().enumerate() {
        while state != 0 && sam.next(state, c).is_none() {
            state = sam.link[state as usize];
            len = sam.len[state as usize] as usize;
        }
        if let Some(n) = sam.next(state, c) {
            state = n;
            len += 1;
        } else {
            state = 0;
            len = 0;
        }
        if len > best.2 {
            // The match ends at a[i]; where it ends in b is the end of the
            // first occurrence of the state's strings.
            let end_b = sam.first_end[state as usize] as usize;
            best = (i + 1 - len, end_b + 1 - len, len);
        }
    }
    best
}

/// No edge (the end of a state's chain of edges).
const NONE: u32 = u32::MAX;

/// The suffix automaton of a text: every substring is a path from state 0.
/// States are indices into the per-state vectors; all transitions are kept
/// in one map (a map per state cost an allocation per state and most of the
/// time), and each state's characters are chained so that a clone can copy
/// them.
struct SuffixAutomaton {
    len: Vec<u32>,
    link: Vec<u32>,
    /// The position in the text where the state's strings first end.
    first_end: Vec<u32>,
    /// (state, character) → state.
    next: FxHashMap<(u32, char), u32>,
    /// The first of the state's edges in `edges`, or `NONE`.
    head: Vec<u32>,
    /// An edge's character and the state's next edge.
    edges: Vec<(char, u32)>,
}

impl SuffixAutomaton {
    fn new(text: &[char]) -> SuffixAutomaton {
        let states = text.len() * 2 + 1;
        let mut sam = SuffixAutomaton {
            len: Vec::with_capacity(states),
            link: Vec::with_capacity(states),
            first_end: Vec::with_capacity(states),
            next: FxHashMap::default(),
            head: Vec::with_capacity(states),
            edges: Vec::new(),
        };
        sam.next.reserve(states * 2);
        sam.edges.reserve(states * 2);
        sam.add_state(0, 0, 0);
        let mut last = 0;
        for (i, &c) in text.iter().enumerate() {
            last = sam.extend(last, c, i as u32);
        }
        sam
    }

    fn next(&self, state: u32, c: char) -> Option<u32> {
        self.next.get(&(state, c)).copied()
    }

    fn add_state(&mut self, len: u32, link: u32, first_end: u32) -> u32 {
        self.len.push(len);
        self.link.push(link);
        self.first_end.push(first_end);
        self.head.push(NONE);
        self.len.len() as u32 - 1
    }

    /// Sets the transition of `state` on `c` (a new edge, or a new target).
    fn set(&mut self, state: u32, c: char, to: u32) {
        if self.next.insert((state, c), to).is_none() {
            self.edges.push((c, self.head[state as usize]));
            self.head[state as usize] = self.edges.len() as u32 - 1;
        }
    }

    /// Adds the text's character `c` at position `i` after the state `last`
    /// of the text before it; returns the state of the whole text.
    fn extend(&mut self, last: u32, c: char, i: u32) -> u32 {
        let cur = self.add_state(self.len[last as usize] + 1, 0, i);
        let mut p = Some(last);
        while let Some(q) = p {
            if self.next(q, c).is_some() {
                break;
            }
            self.set(q, c, cur);
            p = (q != 0).then(|| self.link[q as usize]);
        }
        let Some(p) = p else {
            return cur;
        };
        let q = self.next(p, c).unwrap_or(0);
        if self.len[p as usize] + 1 == self.len[q as usize] {
            self.link[cur as usize] = q;
            return cur;
        }
        let clone = self.clone_state(q, self.len[p as usize] + 1);
        let mut p = Some(p);
        while let Some(x) = p {
            if self.next(x, c) != Some(q) {
                break;
            }
            self.set(x, c, clone);
            p = (x != 0).then(|| self.link[x as usize]);
        }
        self.link[q as usize] = clone;
        self.link[cur as usize] = clone;
        cur
    }

    /// A new state with `q`'s link, first end and transitions.
    fn clone_state(&mut self, q: u32, len: u32) -> u32 {
        let (link, first_end) = (self.link[q as usize], self.first_end[q as usize]);
        let clone = self.add_state(len, link, first_end);
        let mut e = self.head[q as usize];
        while e != NONE {
            let (c, after) = self.edges[e as usize];
            if let Some(to) = self.next(q, c) {
                self.set(clone, c, to);
            }
            e = after;
        }
        clone
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

    #[test]
    fn samples_find_the_automaton_s_passage() {
        let text = chars("今年全面推进政务公开工作，主动公开政府信息，依申请公开工作规范。");
        let mut b = text.clone();
        b.splice(10..10, chars("另有一句"));
        let mut a = text.repeat(2);
        a[5] = '甲';
        let found = by_samples(&a, &b);
        assert!(found.is_some());
        assert_eq!(found, Some(by_automaton(&a, &b)));
        // A text of one character repeated: the samples give up.
        let same = vec!['政'; 2000];
        assert_eq!(by_samples(&same, &same), None);
        assert_eq!(longest_common_substring(&same, &same), (0, 0, 2000));
    }

    proptest! {
        #[test]
        fn samples_agree_with_the_automaton(
            x in "[甲乙丙a-c]{0,40}",
            common in "[甲乙丙a-c]{0,120}",
            y in "[甲乙丙a-c]{0,40}",
            z in "[甲乙丙a-c]{0,40}",
            w in "[甲乙丙a-c]{0,40}",
        ) {
            let a = chars(&format!("{x}{common}{y}{common}"));
            let b = chars(&format!("{z}{common}{w}"));
            let slow = by_automaton(&a, &b);
            if let Some(fast) = by_samples(&a, &b) {
                prop_assert_eq!(fast, slow);
            }
            prop_assert_eq!(longest_common_substring(&a, &b), slow);
            prop_assert_eq!(lcs_len(&a, &b), lcs_slow(&a, &b));
        }

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
