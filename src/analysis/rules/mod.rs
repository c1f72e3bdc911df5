//! The rules. One rule per file: its id, default severity, documentation with a
//! bad and a good example (shown by `nianbao rules ID`, checked by the tests), and
//! a `check` function that reads the report model and emits findings.
//!
//! The registry below is the single list of rules; ids are stable (they are used
//! in configuration files, editor settings and CI scripts).

use crate::analysis::config::{Config, Lang, Level};
use crate::analysis::finding::{Finding, Fix, Related, Severity};
use crate::analysis::format::{
    Format, SectionId, T2Row, T3_COLUMNS, T3Row, T4_COLUMNS, T4_GROUPS, TableId,
};
use crate::analysis::model::Report;
use crate::analysis::previous::Previous;
use crate::analysis::solve::Solved;
use crate::analysis::text::Span;
use std::cell::OnceCell;

mod balance;
mod breakdown_exceeds_total;
mod carryover_mismatch;
mod cases_without_applications;
mod copied_from_last_year;
mod duplicate_section;
mod empty_cell;
mod fee_statement_missing;
mod invalid_number;
mod label_drift;
mod missing_cell;
mod missing_row;
pub mod missing_section;
mod missing_table;
mod missing_title;
mod narrative_mismatch;
mod nonstandard_heading;
mod outdated_template;
mod overview_topics;
mod part_list_mismatch;
mod rectification_missing;
mod result_total;
mod review_total;
mod row_total;
mod section_order;
mod template_text;
mod thin_section;
mod valid_count_drift;
mod year_mismatch;

/// Picks the message of the configured language; only that arm is evaluated.
#[macro_export]
macro_rules! tr {
    ($lang:expr, $zh:expr, $en:expr $(,)?) => {
        match $lang {
            $crate::analysis::config::Lang::Zh => $zh,
            $crate::analysis::config::Lang::En => $en,
        }
    };
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Category {
    Structure,
    Tables,
    Arithmetic,
    Narrative,
    Years,
}

impl Category {
    pub fn name(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Category::Structure, Lang::Zh) => "结构",
            (Category::Tables, Lang::Zh) => "表格与单元格",
            (Category::Arithmetic, Lang::Zh) => "算术",
            (Category::Narrative, Lang::Zh) => "正文与内容",
            (Category::Years, Lang::Zh) => "跨年度",
            (Category::Structure, Lang::En) => "Structure",
            (Category::Tables, Lang::En) => "Tables and cells",
            (Category::Arithmetic, Lang::En) => "Arithmetic",
            (Category::Narrative, Lang::En) => "Narrative and content",
            (Category::Years, Lang::En) => "Across years",
        }
    }
}

/// A rule's documentation and defaults.
pub struct RuleMeta {
    pub id: &'static str,
    /// A short name, in Chinese and English ("行总计不符"): how the rule is
    /// named to people who do not know the ids (the assessor's page).
    pub name: [&'static str; 2],
    pub category: Category,
    /// `None`: off unless the configuration turns it on.
    pub default: Level,
    /// One line, in Chinese and English.
    pub summary: [&'static str; 2],
    /// What it checks and why, citing the format; Chinese and English.
    pub explanation: [&'static str; 2],
    /// A fragment of a report that the rule flags…
    pub bad: &'static str,
    /// …and the same fragment written correctly. The tests check both: where
    /// `good` occurs in the sample report (`template::sample`), by replacing it
    /// with `bad` there; otherwise on the fragments alone.
    pub good: &'static str,
}

impl RuleMeta {
    pub fn name(&self, lang: Lang) -> &'static str {
        self.name[lang as usize]
    }

    pub fn summary(&self, lang: Lang) -> &'static str {
        self.summary[lang as usize]
    }

    pub fn explanation(&self, lang: Lang) -> &'static str {
        self.explanation[lang as usize]
    }
}

pub struct Rule {
    pub meta: RuleMeta,
    pub check: fn(&mut Context),
}

/// Every rule, in catalog order.
pub static RULES: &[&Rule] = &[
    &missing_title::RULE,
    &missing_section::RULE,
    &section_order::RULE,
    &duplicate_section::RULE,
    &nonstandard_heading::RULE,
    &outdated_template::RULE,
    &part_list_mismatch::RULE,
    &missing_table::RULE,
    &missing_row::RULE,
    &missing_cell::RULE,
    &empty_cell::RULE,
    &invalid_number::RULE,
    &label_drift::RULE,
    &row_total::RULE,
    &result_total::RULE,
    &balance::RULE,
    &review_total::RULE,
    &narrative_mismatch::RULE,
    &breakdown_exceeds_total::RULE,
    &year_mismatch::RULE,
    &fee_statement_missing::RULE,
    &thin_section::RULE,
    &overview_topics::RULE,
    &rectification_missing::RULE,
    &cases_without_applications::RULE,
    &template_text::RULE,
    &carryover_mismatch::RULE,
    &valid_count_drift::RULE,
    &copied_from_last_year::RULE,
];

pub fn find(id: &str) -> Option<&'static Rule> {
    RULES.iter().copied().find(|r| r.meta.id == id)
}

/// The rule id closest to an unknown `id` ("row-totl" → "row-total"), for a
/// "did you mean" hint: the nearest by edit distance, within a third of its
/// length; else the only id that contains `id`.
pub fn did_you_mean(id: &str) -> Option<&'static str> {
    let id = id.trim().to_ascii_lowercase().replace('_', "-");
    let (best, dist) = RULES
        .iter()
        .map(|r| (r.meta.id, edit_distance(&id, r.meta.id)))
        .min_by_key(|&(_, d)| d)?;
    if dist <= (best.len() / 3).max(1) {
        return Some(best);
    }
    let mut containing = RULES
        .iter()
        .filter(|r| id.len() >= 3 && r.meta.id.contains(&id));
    match (containing.next(), containing.next()) {
        (Some(r), None) => Some(r.meta.id),
        _ => None,
    }
}

/// Edit distance with transpositions (optimal string alignment), by chars.
fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for j in 0..=b.len() {
        d[0][j] = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = v;
        }
    }
    d[a.len()][b.len()]
}

/// " (did you mean row-total?)" / "（是不是 row-total？）" for an unknown id,
/// or "".
pub fn did_you_mean_hint(id: &str, lang: Lang) -> String {
    match did_you_mean(id) {
        Some(s) => tr!(
            lang,
            format!("（是不是「{s}」？）"),
            format!(" (did you mean {s}?)")
        ),
        None => String::new(),
    }
}

/// What a rule sees while it runs.
pub struct Context<'a> {
    pub report: &'a Report,
    pub config: &'a Config,
    pub lang: Lang,
    /// The report's text, for the rules that compare wording (across years).
    pub text: Option<&'a str>,
    /// Last year's report of the same body, when it is known.
    pub previous: Option<&'a Previous<'a>>,
    findings: Vec<Finding>,
    solved: OnceCell<Solved>,
    repairs: OnceCell<Vec<crate::analysis::finding::Edit>>,
}

impl<'a> Context<'a> {
    pub fn new(report: &'a Report, config: &'a Config) -> Self {
        Context {
            report,
            config,
            lang: config.lang,
            text: None,
            previous: None,
            findings: Vec::new(),
            solved: OnceCell::new(),
            repairs: OnceCell::new(),
        }
    }

    pub fn level(&self, meta: &RuleMeta) -> Level {
        match self.config.rules.get(meta.id) {
            Some(level) => *level,
            None => meta.default,
        }
    }

    /// Emits a finding of `meta`'s rule (unless the rule is off); returns it so
    /// that fixes and related places can be added.
    pub fn emit(&mut self, meta: &RuleMeta, span: Span, message: String) -> Option<&mut Finding> {
        let severity: Severity = self.level(meta)?;
        self.findings.push(Finding {
            rule: meta.id,
            severity,
            span,
            message,
            fixes: Vec::new(),
            related: Vec::new(),
        });
        self.findings.last_mut()
    }

    /// Emits a finding the rule is less sure of, at `severity` at most (a
    /// rule configured less severe stays so; one turned off stays off).
    pub fn emit_at_most(
        &mut self,
        meta: &RuleMeta,
        severity: Severity,
        span: Span,
        message: String,
    ) -> Option<&mut Finding> {
        let configured: Severity = self.level(meta)?;
        let f = self.emit(meta, span, message)?;
        f.severity = configured.max(severity);
        Some(f)
    }

    /// The values that the table identities determine (see `solve.rs`).
    pub fn solved(&self) -> &Solved {
        self.solved.get_or_init(|| Solved::new(self.report))
    }

    /// The totals fix-all recomputes, in dependency order (see `fix.rs`).
    pub fn repairs(&self) -> &[crate::analysis::finding::Edit] {
        self.repairs
            .get_or_init(|| crate::analysis::fix::total_edits(self.report))
    }

    /// The safe fix of a broken sum made of `cells`: the edits of fix-all that
    /// touch them, so that every finding on a sum offers the same consistent
    /// repair (a wrong （七）总计 cell, not a "correct" total recomputed from it).
    /// `name` names a cell for the fix title.
    pub fn repair_fix(&self, cells: &[Span], name: &dyn Fn(Span) -> String) -> Option<Fix> {
        let edits: Vec<_> = self
            .repairs()
            .iter()
            .filter(|e| cells.contains(&e.span))
            .cloned()
            .collect();
        if edits.is_empty() {
            return None;
        }
        let parts: Vec<String> = edits
            .iter()
            .map(|e| {
                tr!(
                    self.lang,
                    format!("将{}改为 {}", name(e.span), e.new_text),
                    format!("set {} to {}", name(e.span), e.new_text)
                )
            })
            .collect();
        let title = tr!(self.lang, parts.join("，"), {
            let s = parts.join(", ");
            let mut c = s.chars();
            c.next()
                .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                .unwrap_or_default()
        });
        Some(Fix {
            title,
            safe: true,
            edits,
        })
    }

    /// The year the report is for: its title's, else the configured one,
    /// else the 统计期限's, else the report's name in the text, else the year
    /// a sentence of section 一 opens with.
    pub fn year(&self) -> Option<u16> {
        use crate::analysis::model::YearKind;
        let of_kind = |k: YearKind| self.report.years.iter().find(|y| y.kind == k);
        // Else the year the overview opens with ("2020年，我局……"), as a
        // page copied without its title and intro has it.
        let overview = || {
            let s = self.report.section(SectionId::Overview)?;
            self.report
                .years
                .iter()
                .find(|y| y.kind == YearKind::Opening && s.span.contains(y.span.start))
        };
        self.report.year().or(self.config.year).or_else(|| {
            of_kind(YearKind::Period)
                .or_else(|| of_kind(YearKind::ReportName))
                .or_else(overview)
                .map(|y| y.year)
        })
    }

    /// The format the report is checked against: the 2019 trial format for a
    /// report for 2019 or 2020, else the 2021 format (format spec §7).
    pub fn format(&self) -> Format {
        Format::for_year(self.year())
    }

    /// Whether the 2019 format's markers were found in a table of a report
    /// checked against the 2021 format: its structure findings would all be
    /// consequences of the old template, which `outdated-template` reports once.
    pub fn outdated_table(&self, t: TableId) -> bool {
        self.format() == Format::National2021
            && self.report.outdated.iter().any(|m| m.table == Some(t))
    }

    pub fn into_findings(self) -> Vec<Finding> {
        self.findings
    }
}

/// Runs every enabled rule.
pub fn run(report: &Report, config: &Config) -> Vec<Finding> {
    let mut cx = Context::new(report, config);
    for rule in RULES {
        if rule.meta.category != Category::Years && cx.level(&rule.meta).is_some() {
            (rule.check)(&mut cx);
        }
    }
    let mut findings = cx.into_findings();
    sort(&mut findings);
    findings
}

/// The findings of the rules across years, given last year's report of the
/// same body; `text` is this year's report.
pub fn run_years(
    report: &Report,
    text: &str,
    previous: &Previous,
    config: &Config,
) -> Vec<Finding> {
    let mut cx = Context::new(report, config);
    cx.text = Some(text);
    cx.previous = Some(previous);
    for rule in RULES {
        if rule.meta.category == Category::Years && cx.level(&rule.meta).is_some() {
            (rule.check)(&mut cx);
        }
    }
    cx.into_findings()
}

/// Findings in document order (then by severity and rule, for stable output).
pub fn sort(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        a.span
            .start
            .cmp(&b.span.start)
            .then(a.severity.cmp(&b.severity))
            .then(a.rule.cmp(b.rule))
    });
}

// ---- Names of places in messages -----------------------------------------

/// 表三「（一）予以公开」行「自然人」列
pub fn t3_cell(lang: Lang, r: T3Row, c: usize) -> String {
    tr!(
        lang,
        format!("表三「{}」行「{}」列", r.display(), T3_COLUMNS[c]),
        format!("table 3, row “{}”, column “{}”", r.display(), T3_COLUMNS[c])
    )
}

/// 表三「（一）予以公开」行
pub fn t3_row(lang: Lang, r: T3Row) -> String {
    tr!(
        lang,
        format!("表三「{}」行", r.display()),
        format!("table 3, row “{}”", r.display())
    )
}

/// 表三「自然人」列
pub fn t3_col(lang: Lang, c: usize) -> String {
    tr!(
        lang,
        format!("表三「{}」列", T3_COLUMNS[c]),
        format!("table 3, column “{}”", T3_COLUMNS[c])
    )
}

/// 表四「行政复议」的「结果维持」
pub fn t4_cell(lang: Lang, i: usize) -> String {
    let (g, c) = (i / 5, i % 5);
    tr!(
        lang,
        format!("表四「{}」的「{}」", T4_GROUPS[g], T4_COLUMNS[c]),
        format!("table 4, “{}” “{}”", T4_GROUPS[g], T4_COLUMNS[c])
    )
}

/// 表二「行政规范性文件」的「本年制发件数」, in the format the table is written in.
pub fn t2_cell(lang: Lang, format: Format, r: T2Row, c: usize) -> String {
    let col = r.columns_in(format).get(c).copied().unwrap_or_default();
    let label = r.label_in(format);
    tr!(
        lang,
        format!("表二「{label}」的「{col}」"),
        format!("table 2, “{label}” “{col}”")
    )
}

/// At most the first `n` characters of `s` (for quoting the text in a
/// message: a message quotes a short excerpt, never a paragraph).
pub fn excerpt(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(n).collect::<String>())
    }
}

/// Names in a message: the first `n` quoted, then how many more.
pub fn name_list(lang: Lang, names: &[String], n: usize) -> String {
    let shown: Vec<String> = names
        .iter()
        .take(n)
        .map(|x| tr!(lang, format!("「{x}」"), format!("“{x}”")))
        .collect();
    let more = names.len().saturating_sub(n);
    match (lang, more) {
        (_, 0) => tr!(lang, shown.concat(), shown.join(", ")),
        (Lang::Zh, m) => format!("{}等（另有 {m} 个）", shown.concat()),
        (Lang::En, m) => format!("{} and {m} more", shown.join(", ")),
    }
}

/// The fixes of a finding that groups several places (rows of a table): fixes
/// with the same title and safety become one that makes all their edits, so
/// an editor does not list the same action once per row.
pub fn merge_fixes(lang: Lang, fixes: Vec<Fix>) -> Vec<Fix> {
    let mut out: Vec<(Fix, usize)> = Vec::new();
    for f in fixes {
        match out
            .iter_mut()
            .find(|(g, _)| g.title == f.title && g.safe == f.safe)
        {
            Some((g, n)) => {
                g.edits.extend(f.edits);
                *n += 1;
            }
            None => out.push((f, 1)),
        }
    }
    out.into_iter()
        .map(|(mut f, n)| {
            if n > 1 {
                f.title = tr!(
                    lang,
                    format!("{}（{n} 处）", f.title),
                    format!("{} ({n} places)", f.title)
                );
            }
            f
        })
        .collect()
}

/// "3+0+1 = 4"
pub fn sum_expr(parts: &[i64]) -> String {
    let sum: i64 = parts.iter().sum();
    let terms: Vec<String> = parts.iter().map(|v| v.to_string()).collect();
    format!("{} = {}", terms.join("+"), sum)
}

/// A fix that replaces one span.
pub fn replace_fix(title: String, safe: bool, span: Span, text: String) -> Fix {
    Fix {
        title,
        safe,
        edits: vec![crate::analysis::finding::Edit::replace(span, text)],
    }
}

pub fn related(span: Span, message: String) -> Related {
    Related { span, message }
}

/// 表二「规章」行
pub fn t2_row_name(lang: Lang, r: T2Row) -> String {
    tr!(
        lang,
        format!("表二「{}」行", r.label()),
        format!("table 2, row “{}”", r.label())
    )
}

/// Inserts `body` (lines joined with `\n`) as whole lines before the line that
/// starts at `line_start`.
pub fn insert_lines_before(
    report: &Report,
    line_start: usize,
    body: &str,
) -> crate::analysis::finding::Edit {
    let nl = report.line_ending;
    crate::analysis::finding::Edit::insert(line_start, format!("{}{}", body.replace('\n', nl), nl))
}

/// Inserts `body` as whole lines after the line whose content ends at `line_end`.
pub fn insert_lines_after(
    report: &Report,
    line_end: usize,
    body: &str,
) -> crate::analysis::finding::Edit {
    let nl = report.line_ending;
    crate::analysis::finding::Edit::insert(line_end, format!("{}{}", nl, body.replace('\n', nl)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn did_you_mean_the_nearest_id() {
        assert_eq!(did_you_mean("row-totl"), Some("row-total"));
        assert_eq!(did_you_mean("row_total"), Some("row-total"));
        assert_eq!(did_you_mean("Row-Total"), Some("row-total"));
        assert_eq!(did_you_mean("rowtotal"), Some("row-total"));
        assert_eq!(did_you_mean("missing-sections"), Some("missing-section"));
        assert_eq!(did_you_mean("empyt-cell"), Some("empty-cell"));
        assert_eq!(did_you_mean("narrative"), Some("narrative-mismatch"));
        assert_eq!(did_you_mean("template-txt"), Some("template-text"));
        // Too far from any, or ambiguous.
        assert_eq!(did_you_mean("colour"), None);
        assert_eq!(did_you_mean("total"), None);
        assert_eq!(did_you_mean(""), None);
        assert_eq!(did_you_mean_hint("colour", Lang::Zh), "");
        assert_eq!(
            did_you_mean_hint("row-totl", Lang::Zh),
            "（是不是「row-total」？）"
        );
    }
}
