//! Last year's report of the same body, for the rules "across years": reports
//! are paired by the body's name and the year in their titles (file names
//! vary too much to say anything).

use crate::analysis::model::Report;
use crate::analysis::normalize::fold;
use std::collections::HashMap;

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
pub fn key_of(report: &Report) -> Option<(String, u16)> {
    let t = report.title.as_ref()?;
    let body = body_key(&t.body);
    if body.is_empty() {
        return None;
    }
    Some((body, t.year?))
}

/// For each report, the index of the same body's report of the year before
/// among `keys`, if there is one. When one body and year occur twice (the same
/// report as .docx and as .txt), the first is taken.
pub fn pair(keys: &[Option<(String, u16)>]) -> Vec<Option<usize>> {
    let mut first: HashMap<(&str, u16), usize> = HashMap::new();
    for (i, k) in keys.iter().enumerate() {
        if let Some((body, year)) = k {
            first.entry((body.as_str(), *year)).or_insert(i);
        }
    }
    keys.iter()
        .map(|k| {
            let (body, year) = k.as_ref()?;
            first.get(&(body.as_str(), year.checked_sub(1)?)).copied()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k(body: &str, year: u16) -> Option<(String, u16)> {
        Some((body_key(body), year))
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
