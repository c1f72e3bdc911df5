//! Server settings, from `initializationOptions` and
//! `workspace/didChangeConfiguration` (`{"nianbao": {…}}` or the object itself):
//!
//! ```json
//! { "language": "zh", "rules": { "label-drift": "off", "balance": "warning" },
//!   "debounceMs": 10, "docsUrl": "https://example.org/rules.md#{rule}" }
//! ```

use crate::analysis::config::{Config, Lang, Level};
use crate::analysis::finding::Severity;
use serde_json::Value;
use std::collections::HashMap;

/// Default longest pause after an edit before re-checking. It applies only to
/// documents whose check is slow (more than a quarter of it, see
/// `server::Backend::schedule`): a burst of changes to those (a paste, an
/// undo) costs one check; every other document is checked at once.
pub const DEFAULT_DEBOUNCE_MS: u64 = 10;

#[derive(Clone, Debug, PartialEq)]
pub struct Settings {
    pub lang: Lang,
    pub rules: HashMap<String, Level>,
    /// `debounceMs`: see [`DEFAULT_DEBOUNCE_MS`].
    pub debounce_ms: u64,
    /// Where rule documentation lives; `{rule}` is replaced by the rule id.
    pub docs_url: Option<String>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            lang: Lang::Zh,
            rules: HashMap::new(),
            debounce_ms: DEFAULT_DEBOUNCE_MS,
            docs_url: None,
        }
    }
}

impl Settings {
    /// Applies a settings object; returns problems to report to the user (unknown
    /// keys, rule ids, levels). Unknown values leave the setting as it was.
    pub fn apply(&mut self, v: &Value) -> Vec<String> {
        let mut problems = Vec::new();
        let obj = match v.get("nianbao").unwrap_or(v) {
            Value::Object(o) => o,
            Value::Null => return problems,
            other => {
                problems.push(format!("settings: expected an object, got {other}"));
                return problems;
            }
        };
        for (key, val) in obj {
            match key.as_str() {
                "language" | "lang" => match val.as_str().and_then(Lang::parse) {
                    Some(l) => self.lang = l,
                    None => problems.push(format!(
                        "settings.language: unknown language {val} (use \"zh\" or \"en\")"
                    )),
                },
                "debounceMs" | "debounce_ms" => match val.as_u64() {
                    Some(ms) => self.debounce_ms = ms.min(10_000),
                    None => problems.push(format!(
                        "settings.debounceMs: expected a number of milliseconds, got {val}"
                    )),
                },
                "docsUrl" => self.docs_url = val.as_str().map(str::to_string),
                "rules" => match val {
                    Value::Object(rules) => {
                        let mut next = HashMap::new();
                        for (id, level) in rules {
                            if crate::analysis::rules::find(id).is_none() {
                                problems.push(format!(
                                    "settings.rules: unknown rule \"{id}\"{} (run `nianbao rules` for the list)",
                                    crate::analysis::rules::did_you_mean_hint(id, Lang::En)
                                ));
                                continue;
                            }
                            match level.as_str() {
                                Some("off") => {
                                    next.insert(id.clone(), None);
                                }
                                Some(s) => match Severity::parse(s) {
                                    Some(sev) => {
                                        next.insert(id.clone(), Some(sev));
                                    }
                                    None => problems.push(format!("settings.rules.{id}: unknown level \"{s}\" (use error, warning, info or off)")),
                                },
                                None => problems.push(format!("settings.rules.{id}: expected a string, got {level}")),
                            }
                        }
                        self.rules = next;
                    }
                    Value::Null => self.rules.clear(),
                    other => {
                        problems.push(format!("settings.rules: expected an object, got {other}"))
                    }
                },
                // Client-side settings the server does not use.
                "server" | "trace" | "enable" => {}
                other => problems.push(format!("settings: unknown key \"{other}\"")),
            }
        }
        problems
    }

    /// The analysis configuration these settings give.
    pub fn config(&self) -> Config {
        Config {
            lang: self.lang,
            rules: self.rules.clone(),
            ..Config::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn applies_and_reports_problems() {
        let mut s = Settings::default();
        let p = s.apply(&json!({"nianbao": {"language": "en", "debounceMs": 0, "rules": {"label-drift": "off", "balance": "warning", "nope": "error", "row-total": "loud"}}}));
        assert_eq!(s.lang, Lang::En);
        assert_eq!(s.debounce_ms, 0);
        assert_eq!(s.rules.get("label-drift"), Some(&None));
        assert_eq!(s.rules.get("balance"), Some(&Some(Severity::Warning)));
        assert_eq!(p.len(), 2, "{p:?}");
        assert!(s.apply(&json!({"language": "xx"}))[0].contains("unknown language"));
        assert_eq!(s.lang, Lang::En);
    }
}
