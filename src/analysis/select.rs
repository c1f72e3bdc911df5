//! Which rules run: `--select` / `--ignore` and `select` / `ignore` in
//! nianbao.toml, as ruff has them. A selector is a rule id or a category of
//! the README's rules table (structure, tables, arithmetic, narrative, years).
//!
//! A rule runs when it is selected (no selection selects every rule) and not
//! ignored; a rule named by its id wins over its category (`--ignore narrative
//! --select narrative-mismatch` keeps narrative-mismatch). A rule that is off
//! by default runs when selected by its id (as a warning, unless a level is
//! configured for it); a category does not turn such rules on.

use crate::analysis::config::Config;
use crate::analysis::finding::Severity;
use crate::analysis::rules::{Category, RULES, RuleMeta};

/// A rule id or a category.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Selector {
    Rule(&'static str),
    Category(Category),
}

/// The categories by the names users write.
pub const CATEGORIES: [(&str, Category); 5] = [
    ("structure", Category::Structure),
    ("tables", Category::Tables),
    ("arithmetic", Category::Arithmetic),
    ("narrative", Category::Narrative),
    ("years", Category::Years),
];

/// A name that is neither a rule id nor a category, with the nearest one when
/// it looks like a typo.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unknown {
    pub name: String,
    pub suggestion: Option<&'static str>,
}

impl Selector {
    pub fn parse(name: &str) -> Result<Selector, Unknown> {
        let name = name.trim();
        if let Some(r) = RULES.iter().find(|r| r.meta.id == name) {
            return Ok(Selector::Rule(r.meta.id));
        }
        if let Some((_, c)) = CATEGORIES.iter().find(|(n, _)| *n == name) {
            return Ok(Selector::Category(*c));
        }
        Err(Unknown {
            name: name.to_string(),
            suggestion: nearest(name),
        })
    }

    fn names(self, meta: &RuleMeta) -> bool {
        self == Selector::Rule(meta.id)
    }

    fn covers(self, meta: &RuleMeta) -> bool {
        match self {
            Selector::Rule(id) => id == meta.id,
            Selector::Category(c) => c == meta.category,
        }
    }
}

/// Parses a comma-separated list ("row-total,narrative"); empty items are
/// skipped.
pub fn parse_list(s: &str) -> Result<Vec<Selector>, Unknown> {
    s.split([',', '，'])
        .filter(|x| !x.trim().is_empty())
        .map(Selector::parse)
        .collect()
}

/// What to run: `select` (`None`: every rule) minus `ignore`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Selection {
    pub select: Option<Vec<Selector>>,
    pub ignore: Vec<Selector>,
}

impl Selection {
    pub fn is_empty(&self) -> bool {
        self.select.is_none() && self.ignore.is_empty()
    }

    /// `over` on top of `self`: its `select` replaces this one, its `ignore`
    /// adds to this one (the command line over nianbao.toml).
    pub fn then(&self, over: &Selection) -> Selection {
        Selection {
            select: over.select.clone().or_else(|| self.select.clone()),
            ignore: self.ignore.iter().chain(&over.ignore).copied().collect(),
        }
    }

    /// Turns the rules off (or on) in `config` as the selection says.
    pub fn apply(&self, config: &mut Config) {
        if self.is_empty() {
            return;
        }
        for rule in RULES {
            let m = &rule.meta;
            let named = self
                .select
                .as_ref()
                .is_some_and(|s| s.iter().any(|x| x.names(m)));
            let selected = self
                .select
                .as_ref()
                .is_none_or(|s| s.iter().any(|x| x.covers(m)));
            let ignored = self.ignore.iter().any(|x| x.names(m))
                || (!named && self.ignore.iter().any(|x| x.covers(m)));
            let level = config.rules.get(m.id).copied().unwrap_or(m.default);
            if !selected || ignored {
                config.rules.insert(m.id.to_string(), None);
            } else if named && level.is_none() {
                config
                    .rules
                    .insert(m.id.to_string(), Some(Severity::Warning));
            }
        }
    }
}

/// The rule id or category nearest to a typo (at most 2 edits, or a third of
/// the name).
fn nearest(name: &str) -> Option<&'static str> {
    let candidates = RULES
        .iter()
        .map(|r| r.meta.id)
        .chain(CATEGORIES.iter().map(|(n, _)| *n));
    let limit = (name.chars().count() / 3).max(2);
    candidates
        .map(|c| (edit_distance(name, c), c))
        .filter(|(d, _)| *d <= limit)
        .min()
        .map(|(_, c)| c)
}

/// Levenshtein distance in characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn level(c: &Config, id: &str) -> Option<Severity> {
        let meta = &crate::analysis::rules::find(id).unwrap().meta;
        c.rules.get(id).copied().unwrap_or(meta.default)
    }

    fn config(select: Option<&str>, ignore: &str) -> Config {
        let mut c = Config::default();
        Selection {
            select: select.map(|s| parse_list(s).unwrap()),
            ignore: parse_list(ignore).unwrap(),
        }
        .apply(&mut c);
        c
    }

    #[test]
    fn ids_and_categories() {
        let c = config(Some("arithmetic,narrative-mismatch"), "");
        assert_eq!(level(&c, "row-total"), Some(Severity::Error));
        assert_eq!(level(&c, "narrative-mismatch"), Some(Severity::Warning));
        assert_eq!(level(&c, "missing-section"), None);
        assert_eq!(level(&c, "thin-section"), None);
        let c = config(None, "narrative,row-total");
        assert_eq!(level(&c, "narrative-mismatch"), None);
        assert_eq!(level(&c, "row-total"), None);
        assert_eq!(level(&c, "balance"), Some(Severity::Error));
    }

    #[test]
    fn an_id_wins_over_its_category() {
        let c = config(Some("narrative-mismatch"), "narrative");
        assert!(level(&c, "narrative-mismatch").is_some());
        let c = config(Some("narrative"), "narrative-mismatch");
        assert!(level(&c, "narrative-mismatch").is_none());
        assert!(level(&c, "thin-section").is_some());
    }

    #[test]
    fn a_rule_off_by_default_runs_when_named() {
        assert_eq!(
            level(&config(Some("narrative"), ""), "rectification-missing"),
            None
        );
        assert_eq!(
            level(
                &config(Some("rectification-missing"), ""),
                "rectification-missing"
            ),
            Some(Severity::Warning)
        );
    }

    #[test]
    fn unknown_names_get_a_suggestion() {
        let e = parse_list("row-total, row-totl").unwrap_err();
        assert_eq!(e.name, "row-totl");
        assert_eq!(e.suggestion, Some("row-total"));
        assert_eq!(
            Selector::parse("narative").unwrap_err().suggestion,
            Some("narrative")
        );
        assert_eq!(Selector::parse("完全不同").unwrap_err().suggestion, None);
    }

    #[test]
    fn the_command_line_replaces_select_and_adds_to_ignore() {
        let file = Selection {
            select: Some(parse_list("narrative").unwrap()),
            ignore: parse_list("thin-section").unwrap(),
        };
        let cli = Selection {
            select: Some(parse_list("arithmetic").unwrap()),
            ignore: parse_list("balance").unwrap(),
        };
        let both = file.then(&cli);
        assert_eq!(both.select, cli.select);
        assert_eq!(both.ignore.len(), 2);
    }
}
