//! `nianbao rules [ID]`: the rule catalog, from the rules' own documentation.

use super::{OutputFormat, RulesArgs};
use crate::analysis::config::Lang;
use crate::analysis::rules::{RULES, Rule, did_you_mean_hint, find};
use crate::tr;
use serde::Serialize;
use std::io::Write;

#[derive(Serialize)]
struct JsonRule {
    id: &'static str,
    name: &'static str,
    category: &'static str,
    default_severity: &'static str,
    summary: &'static str,
    explanation: &'static str,
    bad: &'static str,
    good: &'static str,
}

fn severity_name(rule: &Rule, lang: Lang) -> &'static str {
    match (rule.meta.default, lang) {
        (Some(s), Lang::En) => s.as_str(),
        (Some(crate::analysis::finding::Severity::Error), Lang::Zh) => "错误",
        (Some(crate::analysis::finding::Severity::Warning), Lang::Zh) => "警告",
        (Some(crate::analysis::finding::Severity::Info), Lang::Zh) => "提示",
        (None, Lang::Zh) => "默认关闭",
        (None, Lang::En) => "off",
    }
}

fn json_rule(r: &Rule, lang: Lang) -> JsonRule {
    JsonRule {
        id: r.meta.id,
        name: r.meta.name(lang),
        category: r.meta.category.name(lang),
        default_severity: r.meta.default.map(|s| s.as_str()).unwrap_or("off"),
        summary: r.meta.summary(lang),
        explanation: r.meta.explanation(lang),
        bad: r.meta.bad,
        good: r.meta.good,
    }
}

fn example(s: &str, lang: Lang) -> String {
    if s.is_empty() {
        return tr!(
            lang,
            "    （此处缺少该内容）\n".to_string(),
            "    (the text is absent here)\n".to_string()
        );
    }
    s.lines()
        .map(|l| format!("    {}\n", l.replace('\t', "    ")))
        .collect()
}

/// The explanation of one rule, as `nianbao rules ID` prints it.
pub fn explain(r: &Rule, lang: Lang) -> String {
    let m = &r.meta;
    format!(
        "{} {} ({} · {})\n{}\n\n{}\n\n{}\n{}\n{}\n{}",
        m.id,
        m.name(lang),
        severity_name(r, lang),
        m.category.name(lang),
        m.summary(lang),
        m.explanation(lang),
        tr!(lang, "错误示例：", "Bad:"),
        example(m.bad, lang),
        tr!(lang, "正确示例：", "Good:"),
        example(m.good, lang),
    )
}

pub fn run(args: &RulesArgs) -> i32 {
    let lang = args.lang;
    let mut out = std::io::stdout().lock();
    match &args.id {
        Some(id) => {
            let Some(r) = find_rule(id) else {
                let hint = did_you_mean_hint(id, lang);
                let _ = writeln!(
                    std::io::stderr(),
                    "{}",
                    tr!(
                        lang,
                        format!(
                            "nianbao 错误：没有规则「{id}」{hint}；运行 nianbao rules 查看全部规则"
                        ),
                        format!(
                            "nianbao error: no rule '{id}'{hint}; run nianbao rules for the list"
                        )
                    )
                );
                return 2;
            };
            match args.format {
                OutputFormat::Json => {
                    let _ = writeln!(
                        out,
                        "{}",
                        serde_json::to_string_pretty(&json_rule(r, lang)).unwrap_or_default()
                    );
                }
                OutputFormat::Human => {
                    let _ = write!(out, "{}", explain(r, lang));
                }
            }
        }
        None => match args.format {
            OutputFormat::Json => {
                let all: Vec<JsonRule> = RULES.iter().map(|r| json_rule(r, lang)).collect();
                let _ = writeln!(
                    out,
                    "{}",
                    serde_json::to_string_pretty(&all).unwrap_or_default()
                );
            }
            OutputFormat::Human => {
                let _ = write!(out, "{}", list(lang));
                let _ = writeln!(
                    out,
                    "\n{}",
                    tr!(
                        lang,
                        "运行 nianbao rules <规则> 查看说明和示例。",
                        "Run nianbao rules <id> for an explanation with examples."
                    )
                );
            }
        },
    }
    0
}

/// A rule by its id, or by its name in either language ("行总计不符").
fn find_rule(arg: &str) -> Option<&'static Rule> {
    find(arg).or_else(|| {
        RULES.iter().copied().find(|r| {
            r.meta
                .name
                .iter()
                .any(|n| n.eq_ignore_ascii_case(arg.trim()))
        })
    })
}

/// `nianbao rules`: per category, each rule's id, level, name and summary,
/// in columns (CJK characters are two columns wide).
fn list(lang: Lang) -> String {
    use std::fmt::Write as _;
    use unicode_width::UnicodeWidthStr;
    let pad = |s: &str, w: usize| format!("{s}{}", " ".repeat(w.saturating_sub(s.width())));
    let width = |f: &dyn Fn(&Rule) -> &str| RULES.iter().map(|r| f(r).width()).max().unwrap_or(0);
    let (wi, wl, wn) = (
        width(&|r| r.meta.id),
        width(&|r| severity_name(r, lang)),
        width(&|r| r.meta.name(lang)),
    );
    let mut out = String::new();
    let mut last = None;
    for r in RULES {
        if last != Some(r.meta.category) {
            let _ = writeln!(out, "\n{}", r.meta.category.name(lang));
            last = Some(r.meta.category);
        }
        let _ = writeln!(
            out,
            "  {}  {}  {}  {}",
            pad(r.meta.id, wi),
            pad(severity_name(r, lang), wl),
            pad(r.meta.name(lang), wn),
            r.meta.summary(lang),
        );
    }
    out
}

/// The rule reference as Markdown (`docs/rules.md`), from the rules' own
/// documentation; the tests check the committed file is up to date.
pub fn markdown() -> String {
    use std::fmt::Write as _;
    let mut s = String::from(
        "# Rules / 规则\n\n<!-- Generated from the rules' documentation (src/analysis/rules/). Do not edit: run\n     `NIANBAO_BLESS=1 cargo test --test docs` after changing a rule. -->\n\n",
    );
    let _ = writeln!(
        s,
        "| id | 名称 / name | default | 说明 | summary |\n|---|---|---|---|---|"
    );
    for r in RULES {
        let m = &r.meta;
        let _ = writeln!(
            s,
            "| [`{}`](#{}) | {} / {} | {} | {} | {} |",
            m.id,
            m.id,
            m.name(Lang::Zh),
            m.name(Lang::En),
            m.default.map(|x| x.as_str()).unwrap_or("off"),
            m.summary(Lang::Zh),
            m.summary(Lang::En)
        );
    }
    for r in RULES {
        let m = &r.meta;
        let _ = write!(
            s,
            "\n## {}\n\n**{}** · {} · {} · {} · default: {}\n\n{}\n\n{}\n\n错误示例 / Bad:\n\n```\n{}```\n\n正确示例 / Good:\n\n```\n{}```\n",
            m.id,
            m.name(Lang::Zh),
            m.name(Lang::En),
            m.category.name(Lang::Zh),
            m.category.name(Lang::En),
            m.default.map(|x| x.as_str()).unwrap_or("off"),
            m.explanation(Lang::Zh),
            m.explanation(Lang::En),
            if m.bad.is_empty() {
                "（缺少该内容 / the text is absent）\n"
            } else {
                m.bad
            },
            m.good,
        );
    }
    s
}
