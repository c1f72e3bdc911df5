//! Analysis settings as plain data. Reading them from `nianbao.toml`, the
//! command line or the editor happens outside the core.

use crate::analysis::finding::Severity;
use std::collections::HashMap;

/// The language of user-facing messages.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    pub fn parse(s: &str) -> Option<Lang> {
        match s.to_ascii_lowercase().as_str() {
            "zh" | "zh-cn" | "zh-hans" | "zh_cn" | "cn" | "chinese" => Some(Lang::Zh),
            "en" | "en-us" | "en-gb" | "english" => Some(Lang::En),
            _ => None,
        }
    }
}

/// What kind of body wrote the report; some requirements differ (format spec §2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BodyType {
    /// 人民政府 (a government at some level).
    Government,
    /// A government department (局、委、办…).
    Department,
    /// 乡镇、街道.
    Township,
}

/// A rule's configured level: a severity, or off.
pub type Level = Option<Severity>;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Config {
    pub lang: Lang,
    /// Per-rule overrides by rule id; `None` turns the rule off.
    pub rules: HashMap<String, Level>,
    pub body_type: Option<BodyType>,
    /// The report year when the title does not give it.
    pub year: Option<u16>,
}

impl Config {
    pub fn with_lang(lang: Lang) -> Config {
        Config {
            lang,
            ..Config::default()
        }
    }
}
