//! Last year's report of the same body, for the rules "across years": reports
//! are paired by the body's name and the year in their titles (file names
//! vary too much to say anything).
//!
//! The same body is not always named alike: "洪泽区人民政府" (2023) and
//! "淮安市洪泽区人民政府" (2024) are one body, the second with the city in front.
//! Names are compared by their leading administrative divisions (省, 市, 州,
//! 盟, 县, 区, 旗 …) and what follows them: one name may drop leading
//! divisions of the other, as long as the nearest division and the rest are
//! the same ("淮安市洪泽区人民政府" and "洪泽区人民政府"). Two different
//! divisions ("南京市鼓楼区" and "徐州市鼓楼区"), another body after them
//! ("市人民政府" and "市人民政府办公室"), or a name without its division
//! ("人力资源和社会保障局") never pair.

use crate::analysis::model::Report;
use crate::analysis::normalize::fold;
use rustc_hash::FxHashMap as HashMap;

/// A report's pairing key: its body (folded, see [`body_key`]) and year.
pub type Key = (String, u16);

/// Last year's report, as the across-years rules see it.
pub struct Previous<'a> {
    pub report: &'a Report,
    pub text: &'a str,
    /// How messages name it (a file name).
    pub name: &'a str,
}

/// The name of a body folded for comparison: full-width forms, spaces and
/// punctuation do not distinguish bodies ("某市 人力资源和社会保障局" is
/// "某市人力资源和社会保障局").
pub fn body_key(body: &str) -> String {
    body.chars()
        .map(fold)
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// A report's pairing key: its body and year, from the title.
pub fn key_of(report: &Report) -> Option<Key> {
    let t = report.title.as_ref()?;
    let body = body_key(&t.body);
    if body.is_empty() {
        return None;
    }
    Some((body, t.year?))
}

/// Suffixes of administrative divisions, longest first (a name such as
/// "广西壮族自治区" ends with 自治区, not 区).
const DIVISIONS: [&str; 13] = [
    "特别行政区",
    "自治区",
    "自治州",
    "自治县",
    "自治旗",
    "地区",
    "省",
    "市",
    "州",
    "盟",
    "县",
    "区",
    "旗",
];

/// The first characters of `DIVISIONS`.
const DIVISION_FIRSTS: [char; 10] = ['特', '自', '地', '省', '市', '州', '盟', '县', '区', '旗'];

/// The character index after the leading division of `name`, if it begins
/// with one: a name of at least two characters (one before 县 and 旗:
/// 沛县, 丰县) and a suffix of `DIVISIONS`. Names of bodies begin with words
/// such as 市场 or 城市 that hold these characters; a name needs its
/// characters before the suffix, so "市场监督管理局" and "城市管理局" begin with
/// none.
fn leading_division(name: &[char]) -> Option<usize> {
    for end in 1..name.len().min(12) {
        // Most characters begin no suffix: skip them without comparing.
        if !DIVISION_FIRSTS.contains(&name[end]) {
            continue;
        }
        for d in DIVISIONS {
            let Some(n) = starts_with(&name[end..], d) else {
                continue;
            };
            if end >= 2 || matches!(d, "县" | "旗") {
                return Some(end + n);
            }
        }
    }
    None
}

/// The length in characters of `word` when `chars` begins with it.
fn starts_with(chars: &[char], word: &str) -> Option<usize> {
    let mut n = 0;
    for c in word.chars() {
        if chars.get(n) != Some(&c) {
            return None;
        }
        n += 1;
    }
    Some(n)
}

/// The leading divisions of a folded name (their end indices) and where the
/// last one begins: "淮安市洪泽区人民政府" → ["淮安市", "洪泽区"], the core
/// "洪泽区人民政府" from index 3.
fn divisions(name: &[char]) -> (Vec<usize>, usize) {
    let (mut ends, mut at, mut core) = (Vec::new(), 0, 0);
    // What is left must still name a body after the divisions.
    while let Some(n) = leading_division(&name[at..]).filter(|n| at + n < name.len()) {
        core = at;
        at += n;
        ends.push(at);
    }
    (ends, core)
}

/// The part of a folded body name from its last leading division on
/// ("洪泽区人民政府" of "淮安市洪泽区人民政府"); the whole name when it has no
/// division. Names of one body share it.
pub fn body_core(name: &str) -> &str {
    let chars: Vec<char> = name.chars().collect();
    let (_, core) = divisions(&chars);
    let byte = name.char_indices().nth(core).map_or(0, |(i, _)| i);
    &name[byte..]
}

/// Whether two folded body names (see [`body_key`]) name the same body: equal,
/// or one is the other without some leading divisions, the nearest division
/// and the rest kept ("淮安市洪泽区人民政府", "江苏省淮安市洪泽区人民政府" and
/// "洪泽区人民政府" are one body; "南京市鼓楼区人民政府" and "徐州市鼓楼区人民政府"
/// are two, and so are "新乡市人社局" and "人社局").
pub fn same_body(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let (ca, cb): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let ((ea, _), (eb, _)) = (divisions(&ca), divisions(&cb));
    if ea.is_empty() || eb.is_empty() {
        return false;
    }
    // The longer name ends with the shorter one, cut at one of its divisions.
    let (long, ends, short) = if ca.len() >= cb.len() {
        (&ca, &ea, &cb)
    } else {
        (&cb, &eb, &ca)
    };
    let cut = long.len() - short.len();
    long.ends_with(short) && ends.contains(&cut)
}

/// Whether two keys are the same body's report of the same year.
pub fn same_key(a: &Key, b: &Key) -> bool {
    a.1 == b.1 && same_body(&a.0, &b.0)
}

/// For each report, the index of the same body's report of the year before
/// among `keys`, if there is one. When one body and year occur twice (the same
/// report as .docx and as .txt), the first is taken. A name written alike wins
/// over one with more or fewer divisions in front; among several of those
/// (a "鼓楼区人民政府" between "南京市鼓楼区…" and "徐州市鼓楼区…") none is taken.
/// Linear in the number of keys: a province's reports share few name cores
/// ("人力资源和社会保障局"), so each lookup goes by name, never through a group.
pub fn pair(keys: &[Option<Key>]) -> Vec<Option<usize>> {
    // Candidates share the core of their name and their year.
    // Each name's core and rests, found once.
    let names: Vec<Option<Name>> = keys
        .iter()
        .map(|k| k.as_ref().map(|(body, _)| Name::of(body)))
        .collect();
    let mut groups: HashMap<(&str, u16), Group> = HashMap::default();
    for (i, (k, n)) in keys.iter().zip(&names).enumerate() {
        if let (Some((body, year)), Some(n)) = (k, n) {
            groups.entry((n.core, *year)).or_default().add(body, n, i);
        }
    }
    keys.iter()
        .zip(&names)
        .map(|(k, n)| {
            let ((body, year), n) = (k.as_ref()?, n.as_ref()?);
            groups
                .get(&(n.core, year.checked_sub(1)?))?
                .previous_of(body, n)
        })
        .collect()
}

/// A folded body name's core ([`body_core`]) and what is left of it after
/// each of its leading divisions ("淮安市洪泽区人民政府" → "洪泽区人民政府",
/// "人民政府"), from one pass over its divisions.
struct Name<'a> {
    core: &'a str,
    rests: Vec<&'a str>,
}

impl<'a> Name<'a> {
    fn of(name: &'a str) -> Name<'a> {
        let chars: Vec<char> = name.chars().collect();
        let (ends, core) = divisions(&chars);
        let bytes: Vec<usize> = name.char_indices().map(|(b, _)| b).collect();
        let at = |i: usize| bytes.get(i).copied().unwrap_or(name.len());
        Name {
            core: &name[at(core)..],
            rests: ends.into_iter().map(|e| &name[at(e)..]).collect(),
        }
    }
}

/// The reports of one name core and year.
#[derive(Default)]
struct Group<'a> {
    /// The first report of each name, and whether the name has a division.
    first: HashMap<&'a str, (usize, bool)>,
    /// The names by what is left of them after each of their leading
    /// divisions ("洪泽区人民政府" → "淮安市洪泽区人民政府").
    by_rest: HashMap<&'a str, Vec<&'a str>>,
}

impl<'a> Group<'a> {
    fn add(&mut self, name: &'a str, n: &Name<'a>, i: usize) {
        if self.first.contains_key(name) {
            return;
        }
        self.first.insert(name, (i, !n.rests.is_empty()));
        for &rest in &n.rests {
            self.by_rest.entry(rest).or_default().push(name);
        }
    }

    /// The report of this group that `body` names (see [`same_body`]): its
    /// own name first, else the one name that drops or adds leading divisions.
    fn previous_of(&self, body: &str, n: &Name) -> Option<usize> {
        if let Some(&(j, _)) = self.first.get(body) {
            return Some(j);
        }
        if n.rests.is_empty() {
            return None;
        }
        // Shorter names with a division of their own, and longer ones.
        let shorter = n
            .rests
            .iter()
            .copied()
            .filter(|r| self.first.get(r).is_some_and(|&(_, div)| div));
        let longer = self.by_rest.get(body).into_iter().flatten().copied();
        let mut names: Vec<&str> = shorter.chain(longer).collect();
        names.sort_unstable();
        names.dedup();
        match names[..] {
            [name] => self.first.get(name).map(|&(j, _)| j),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn division_firsts_are_the_first_characters_of_the_divisions() {
        let mut firsts: Vec<char> = DIVISIONS
            .iter()
            .map(|d| d.chars().next().unwrap())
            .collect();
        firsts.dedup();
        assert_eq!(firsts, DIVISION_FIRSTS);
    }

    fn k(body: &str, year: u16) -> Option<(String, u16)> {
        Some((body_key(body), year))
    }

    /// The pairing by its definition: every candidate of the group compared
    /// with [`same_body`].
    fn pair_by_definition(keys: &[Option<Key>]) -> Vec<Option<usize>> {
        let name = |j: usize| keys[j].as_ref().map(|k| k.0.as_str());
        (0..keys.len())
            .map(|i| {
                let (body, year) = keys[i].as_ref()?;
                let candidates: Vec<usize> = (0..keys.len())
                    .filter(|&j| {
                        keys[j].as_ref().is_some_and(|(n, y)| {
                            *y + 1 == *year && body_core(n) == body_core(body)
                        })
                    })
                    .collect();
                if let Some(&j) = candidates.iter().find(|&&j| name(j) == Some(body)) {
                    return Some(j);
                }
                let mut same = candidates
                    .iter()
                    .filter(|&&j| name(j).is_some_and(|n| same_body(n, body)));
                let first = *same.next()?;
                same.all(|&j| name(j) == name(first)).then_some(first)
            })
            .collect()
    }

    #[test]
    fn pairs_as_defined_among_many_names_of_one_core() {
        let fronts = [
            "",
            "江苏省",
            "淮安市",
            "江苏省淮安市",
            "徐州市",
            "沛县",
            "某某区",
        ];
        let cores = ["洪泽区人民政府", "人社局", "洪泽区人社局", "市场监督管理局"];
        let mut keys = vec![None];
        for (n, front) in fronts.iter().enumerate() {
            for (m, core) in cores.iter().enumerate() {
                for year in [2022, 2023, 2024] {
                    // Not every name every year, some twice.
                    if (n + m + year as usize) % 3 != 0 {
                        keys.push(k(&format!("{front}{core}"), year));
                    }
                    if (n * m + year as usize) % 5 == 0 {
                        keys.push(k(&format!("{front}{core}"), year));
                    }
                }
            }
        }
        let got = pair(&keys);
        assert_eq!(got, pair_by_definition(&keys));
        assert!(got.iter().filter(|p| p.is_some()).count() > 20, "{got:?}");
    }

    #[test]
    fn pairs_each_body_with_its_own_previous_year() {
        let keys = vec![
            k("甲市人社局", 2023),
            k("乙县 人社局", 2023),
            k("甲市人社局", 2022),
            k("乙县人社局", 2022),
            k("甲市人社局", 2021),
            None,
            k("丙区人社局", 2023),
        ];
        assert_eq!(
            pair(&keys),
            vec![Some(2), Some(3), Some(4), None, None, None, None]
        );
    }

    #[test]
    fn a_city_or_province_in_front_names_the_same_body() {
        let same = |a: &str, b: &str| same_body(&body_key(a), &body_key(b));
        assert!(same("淮安市洪泽区人民政府", "洪泽区人民政府"));
        assert!(same("洪泽区人民政府", "江苏省淮安市洪泽区人民政府"));
        assert!(same("淮安市 洪泽区人民政府", "淮安市洪泽区人民政府"));
        assert!(same("徐州市沛县人民政府", "沛县人民政府"));
        assert!(same(
            "广西壮族自治区南宁市青秀区人民政府",
            "南宁市青秀区人民政府"
        ));
        assert!(same(
            "渭南市临渭区人力资源和社会保障局",
            "临渭区人力资源和社会保障局"
        ));
        // Two bodies.
        assert!(!same("南京市鼓楼区人民政府", "徐州市鼓楼区人民政府"));
        assert!(!same("某市甲区人民政府", "某市乙区人民政府"));
        assert!(!same("市人民政府", "市人民政府办公室"));
        assert!(!same("淮安市人民政府", "淮安市人民政府办公室"));
        assert!(!same("新乡市人力资源和社会保障局", "人力资源和社会保障局"));
        assert!(!same(
            "新乡市人力资源和社会保障局",
            "达州市人力资源和社会保障局"
        ));
        assert!(!same("淮安市城市管理局", "城市管理局"));
        assert!(!same("淮安市市场监督管理局", "市场监督管理局"));
        assert!(!same("洪泽区人民政府", "洪泽区人民政府办公室"));
        assert!(!same("淮安市洪泽区人民政府", "淮安市淮安区人民政府"));
        assert_eq!(
            body_core(&body_key("淮安市洪泽区人民政府")),
            "洪泽区人民政府"
        );
        assert_eq!(body_core("市场监督管理局"), "市场监督管理局");
    }

    #[test]
    fn pairs_across_a_prefix_but_not_when_ambiguous() {
        let keys = vec![
            k("淮安市洪泽区人民政府", 2024),
            k("洪泽区人民政府", 2023),
            k("鼓楼区人民政府", 2024),
            k("南京市鼓楼区人民政府", 2023),
            k("徐州市鼓楼区人民政府", 2023),
            k("徐州市鼓楼区人民政府", 2024),
        ];
        assert_eq!(pair(&keys), vec![Some(1), None, None, None, None, Some(4)]);
    }

    #[test]
    fn body_names_fold_width_spaces_and_punctuation() {
        assert_eq!(
            body_key("某市 人力资源和社会保障局"),
            body_key("某市人力资源和社会保障局")
        );
        assert_eq!(
            body_key("ＸＸ市（区）人民政府"),
            body_key("XX市(区)人民政府")
        );
        assert_ne!(body_key("甲市人社局"), body_key("乙市人社局"));
    }
}
