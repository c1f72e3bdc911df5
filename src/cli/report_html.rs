//! The HTML page of `nianbao report`: one self-contained file for an assessor
//! (inline CSS, one inline script, an inline SVG chart; a
//! Content-Security-Policy that forbids loading anything else and allows only
//! that one script, by its SHA-256 hash: no `'unsafe-inline'` for scripts, so
//! a script that slipped past the escaping would not run). It shows the
//! totals, a bar chart of the most common errors, each rule's frequency (rules
//! by their names, with their ids; a click shows the reports with that rule),
//! and each report — named by the body and year of its title, its file beside
//! — with its status and findings at their places (line and column of a text,
//! table/row/column, paragraph or page of a document), a filter, a sort, and a
//! button that downloads the table of reports as CSV (the bytes of `--csv`).
//!
//! Built for batches of 10^4–10^6 reports: the reports are carried once, as
//! compact data (`report_data.rs`), and the script renders only what is asked
//! for: a page of the list at a time (more as the reader scrolls), a report's
//! findings when it is opened. [`PageWriter`] writes the page to any
//! `io::Write` one report at a time, keeping none of them: the header and the
//! list's controls first, then each report's row, then the totals (cards,
//! chart, rule table; shown above the list by CSS `order`) and the script.
//!
//! Stable hooks for tests and scripts: `data-count` on the summary figures
//! (`id="n-reports"`, …) and on `#shown` (reports matching the filter);
//! `data-rule` on each rule row and chart bar; in the rendered list
//! (`#report-list[data-rendered]` entries), `data-status="pass|warn|fail|unreadable"`
//! on each report, its `data-body`/`data-year`/`data-path`, and, once opened,
//! `data-place` and `data-fingerprint` on each finding (`tr.dismissed` for a
//! finding dismissed in nianbao.toml, with its reason); `#csv-download` (its
//! `href` once the script made the file, `data-length` and `data-fnv1a` of its
//! text); `body[data-ready]` once the script ran, and
//! `#report-list[data-first-render-ms]` (milliseconds from the start of
//! navigation to the first reports shown). The address keeps the view:
//! `#q=县&failed&rule=row-total&sort=errors&open=PATH`.

use super::check::Outcome;
use super::render::range;
use super::report_csv::{self, Status, body_and_year, needs_guard};
use super::report_data::{Interner, json_str, split_path};
use super::review::{Dismissed, Note, Review};
use super::stats::{Statistics, rule_name, rule_summary, severity_name};
use crate::analysis::config::Lang;
use crate::analysis::finding::{Finding, Severity};
use crate::analysis::rules::RULES;
use crate::tr;
use std::fmt::Write as _;
use std::io::{self, Write};

/// Most rules shown in the chart.
const CHART_RULES: usize = 10;

/// Escapes text for HTML content and double-quoted attributes.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const CSS: &str = r#"
:root { --err: #c62828; --warn: #b26a00; --info: #1565c0; --ok: #2e7d32; --line: #dde1e6; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1180px; padding: 24px; color: #1f2328; background: #fff;
  font: 15px/1.55 system-ui, -apple-system, "Noto Sans CJK SC", "Source Han Sans SC",
  "PingFang SC", "Microsoft YaHei", "WenQuanYi Zen Hei", sans-serif; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 32px 0 12px; border-bottom: 1px solid var(--line); padding-bottom: 6px; }
.meta { color: #59636e; margin: 0; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; margin-top: 20px; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 12px 18px; min-width: 130px; }
.card .num { display: block; font-size: 28px; font-weight: 600; }
.card.fail .num { color: var(--err); } .card.pass .num { color: var(--ok); }
.card.warn .num { color: var(--warn); }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 6px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: #f6f8fa; font-weight: 600; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 13px; }
.badge { display: inline-block; border-radius: 10px; padding: 0 9px; font-size: 13px; color: #fff; white-space: nowrap; }
.badge.pass { background: var(--ok); } .badge.fail { background: var(--err); }
.badge.warn { background: var(--warn); }
details.report > summary .name { font-weight: 600; }
details.report > summary .file { color: #59636e; font-size: 13px; }
.rule-id { color: #59636e; font-size: 12px; margin-left: 6px; }
#csv-download { display: inline-block; padding: 5px 12px; border: 1px solid #c9d1d9; border-radius: 6px; color: #1f2328; text-decoration: none; }
#csv-download[hidden] { display: none; }
.badge.unreadable { background: #6e7781; }
.sev-error { color: var(--err); } .sev-warning { color: var(--warn); } .sev-info { color: var(--info); }
.controls { display: flex; flex-wrap: wrap; gap: 16px; align-items: center; margin-bottom: 10px; }
.controls input[type=search] { padding: 5px 8px; min-width: 260px; border: 1px solid #c9d1d9; border-radius: 6px; }
details.report { border: 1px solid var(--line); border-radius: 8px; margin: 6px 0; }
details.report > summary { cursor: pointer; padding: 8px 12px; display: flex; gap: 12px; align-items: center; }
details.report > summary .path { flex: 1; word-break: break-all; display: flex; gap: 10px; align-items: baseline; flex-wrap: wrap; }
details.report > summary .counts { color: #59636e; white-space: nowrap; }
details.report table { margin: 0 0 8px; }
details.report .none { padding: 4px 12px 10px; margin: 0; color: #59636e; }
svg text { font-family: inherit; font-size: 13px; fill: #1f2328; }
svg .bar { fill: var(--err); } svg .bar-bg { fill: #f3f4f6; }
svg .rid { fill: #59636e; font-size: 12px; }
.empty { color: #59636e; }
tr.dismissed td { color: #8c959f; } tr.dismissed code { color: #8c959f; }
tr.dismissed .reason { font-style: italic; }
details.report h3 { font-size: 14px; font-weight: 600; color: #6e7781; margin: 10px 12px 4px; }
ul.notes { color: var(--info); }
footer { margin-top: 40px; color: #59636e; font-size: 13px; }
body { display: flex; flex-direction: column; }
body > header { order: 0; } .problems, #notes { order: 1; } #summary { order: 2; }
#chart-section { order: 3; } #rules-section { order: 4; } #reports-section { order: 5; }
footer { order: 6; }
#rule-table tbody tr, #chart g[data-rule] { cursor: pointer; }
#rule-table tbody tr:hover td { background: #f6f8fa; }
.controls select { padding: 4px 6px; border: 1px solid #c9d1d9; border-radius: 6px; }
#more { margin: 8px 0; padding: 6px 14px; border: 1px solid #c9d1d9; border-radius: 6px; background: #f6f8fa; cursor: pointer; }
#more[hidden] { display: none; }
"#;

/// The page's one script (the CSP allows it by its hash).
const JS: &str = include_str!("report_html.js");

/// The CSP source of the page's one script: `sha256-` and the base64 of the
/// SHA-256 of its text exactly as it stands between the tags.
pub fn script_hash() -> String {
    use sha2::{Digest, Sha256};
    format!(
        "sha256-{}",
        super::render::base64(&Sha256::digest(JS.as_bytes()))
    )
}

fn card(out: &mut String, id: &str, class: &str, n: usize, label: &str) {
    let _ = write!(
        out,
        "<div class=\"card {class}\"><span class=\"num\" id=\"{id}\" data-count=\"{n}\">{n}</span><span>{}</span></div>",
        esc(label)
    );
}

/// The horizontal bar chart of the rules with the most error findings.
fn chart(st: &Statistics, lang: Lang) -> String {
    let rules: Vec<_> = st
        .rules
        .iter()
        .filter(|r| r.severity == Severity::Error)
        .take(CHART_RULES)
        .collect();
    if rules.is_empty() {
        return format!(
            "<p class=\"empty\" id=\"chart-empty\">{}</p>",
            tr!(lang, "没有发现错误。", "No errors found.")
        );
    }
    let max = rules.iter().map(|r| r.count).max().unwrap_or(1).max(1);
    let (label_w, bar_w, value_w, row_h) = (330.0, 480.0, 150.0, 30.0);
    let width = label_w + bar_w + value_w;
    let height = row_h * rules.len() as f64 + 8.0;
    let mut svg = format!(
        "<svg id=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"100%\" viewBox=\"0 0 {width} {height}\" aria-label=\"{}\">",
        esc(tr!(lang, "最常见的错误", "Most common errors"))
    );
    for (i, r) in rules.iter().enumerate() {
        let y = 4.0 + row_h * i as f64;
        let w = (bar_w * r.count as f64 / max as f64).max(2.0);
        let value = tr!(
            lang,
            format!("{} 处 · {} 份报告", r.count, r.reports),
            format!("{} in {} report(s)", r.count, r.reports)
        );
        let _ = write!(
            svg,
            "<g data-rule=\"{id}\" data-count=\"{count}\"><title>{name}（{id}）：{summary}</title>\
             <text x=\"{tx}\" y=\"{ty}\" text-anchor=\"end\">{name}<tspan class=\"rid\" dx=\"6\">{id}</tspan></text>\
             <rect class=\"bar-bg\" x=\"{label_w}\" y=\"{y}\" width=\"{bar_w}\" height=\"{h}\" rx=\"3\"/>\
             <rect class=\"bar\" x=\"{label_w}\" y=\"{y}\" width=\"{w:.1}\" height=\"{h}\" rx=\"3\"/>\
             <text x=\"{vx}\" y=\"{ty}\">{value}</text></g>",
            id = esc(r.rule),
            name = esc(rule_name(r.rule, lang)),
            count = r.count,
            summary = esc(rule_summary(r.rule, lang)),
            tx = label_w - 10.0,
            ty = y + row_h / 2.0 + 1.0,
            h = row_h - 8.0,
            vx = label_w + bar_w + 10.0,
            value = esc(&value),
        );
    }
    svg.push_str("</svg>");
    svg
}

fn rule_table(st: &Statistics, lang: Lang) -> String {
    if st.rules.is_empty() {
        return format!(
            "<p class=\"empty\">{}</p>",
            tr!(lang, "没有发现问题。", "No findings.")
        );
    }
    let h: [&str; 6] = tr!(
        lang,
        ["规则", "级别", "问题数", "涉及报告", "可自动修复", "说明"],
        ["Rule", "Level", "Findings", "Reports", "Fixable", "Summary"]
    );
    let mut s = format!(
        "<table id=\"rule-table\"><thead><tr><th>{}</th><th>{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th><th>{}</th></tr></thead><tbody>",
        h[0], h[1], h[2], h[3], h[4], h[5]
    );
    for r in &st.rules {
        let _ = write!(
            s,
            "<tr data-rule=\"{id}\" data-count=\"{c}\"><td>{name}<code class=\"rule-id\">{id}</code></td><td class=\"sev-{sev}\">{sevname}</td><td class=\"n\">{c}</td><td class=\"n\">{rep}</td><td class=\"n\">{fix}</td><td>{sum}</td></tr>",
            id = esc(r.rule),
            name = esc(rule_name(r.rule, lang)),
            c = r.count,
            sev = r.severity.as_str(),
            sevname = severity_name(r.severity, lang),
            rep = r.reports,
            fix = r.fixable,
            sum = esc(rule_summary(r.rule, lang)),
        );
    }
    s.push_str("</tbody></table>");
    s
}

/// Where a finding is, as the assessor finds it: the document's place (表三
/// 第16行 第10列, a paragraph, a page), a text's line and column.
fn place_of(
    text: &str,
    report: &crate::analysis::model::Report,
    map: Option<&crate::input::PositionMap>,
    span: crate::analysis::text::Span,
    lang: Lang,
) -> String {
    match map {
        Some(m) => m.describe(span.start, Some(report), lang),
        None => {
            let r = range(text, &report.lines, span);
            tr!(
                lang,
                format!("第{}行 第{}列", r.line, r.column),
                format!("line {}, column {}", r.line, r.column)
            )
        }
    }
}

/// The start of the page's generator tag: how a later run knows the page as
/// its own and may replace it.
pub const GENERATOR_TAG: &str = "<meta name=\"generator\" content=\"nianbao ";

fn title(lang: Lang) -> &'static str {
    tr!(
        lang,
        "政府信息公开工作年度报告检查结果",
        "Annual government information disclosure reports: check results"
    )
}

/// The page up to its data: head, header, unreadable inputs, and the list's
/// controls (filled by the script).
fn page_head(problems: &[String], lang: Lang) -> String {
    let title = title(lang);
    let mut s = String::with_capacity(16 * 1024);
    let _ = write!(
        s,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src '{}'; img-src data:\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         {GENERATOR_TAG}{}\">\n<title>{}</title>\n<style>{}</style>\n</head>\n<body>\n",
        tr!(lang, "zh-CN", "en"),
        script_hash(),
        env!("CARGO_PKG_VERSION"),
        esc(title),
        CSS
    );
    let _ = writeln!(
        s,
        "<header><h1>{}</h1><p class=\"meta\">{}</p></header>",
        esc(title),
        esc(&tr!(
            lang,
            format!(
                "由 nianbao {} 生成；依据国办公开办函〔2021〕30号规定的格式检查。",
                env!("CARGO_PKG_VERSION")
            ),
            format!(
                "Generated by nianbao {}, against the national format of 2021.",
                env!("CARGO_PKG_VERSION")
            )
        ))
    );
    if !problems.is_empty() {
        s.push_str("<ul class=\"problems sev-error\">");
        for p in problems {
            let _ = write!(s, "<li>{}</li>", esc(p));
        }
        s.push_str("</ul>\n");
    }
    s.push_str(&controls(lang));
    s.push_str("<script type=\"application/json\" id=\"nb-rows\">[");
    s
}

/// The heading and controls of the list of reports, the empty list and its
/// "more" button.
fn controls(lang: Lang) -> String {
    let filter = tr!(
        lang,
        "按机关名称、年度或文件名筛选",
        "Filter by body, year or file name"
    );
    let sorts: [(&str, &str); 5] = [
        ("", tr!(lang, "按检查顺序", "In the order checked")),
        ("errors", tr!(lang, "错误最多的在前", "Most errors first")),
        (
            "warnings",
            tr!(lang, "警告最多的在前", "Most warnings first"),
        ),
        ("name", tr!(lang, "按机关名称", "By body")),
        ("path", tr!(lang, "按文件名", "By file name")),
    ];
    let mut options = String::new();
    for (v, label) in sorts {
        let _ = write!(options, "<option value=\"{v}\">{label}</option>");
    }
    format!(
        "<section id=\"reports-section\"><h2>{h}</h2><div class=\"controls\">\
         <input type=\"search\" id=\"filter\" placeholder=\"{filter}\" aria-label=\"{filter}\">\
         <label><input type=\"checkbox\" id=\"only-failed\"> {failed}</label>\
         <label>{rule} <select id=\"rule-filter\"><option value=\"\">{all}</option></select></label>\
         <label>{sort} <select id=\"sort\">{options}</select></label>\
         <span id=\"shown\" data-count=\"0\" data-template=\"{shown}\"></span>\
         <a id=\"csv-download\" hidden download=\"{file}\">{export}</a></div>\n\
         <noscript><p class=\"empty\">{noscript}</p></noscript>\n\
         <div id=\"report-list\"></div><button type=\"button\" id=\"more\" hidden></button>\n",
        h = tr!(lang, "各报告检查结果", "Reports"),
        failed = tr!(lang, "只看有错误的报告", "Only reports with errors"),
        rule = tr!(lang, "规则", "Rule"),
        all = tr!(lang, "所有规则", "All rules"),
        sort = tr!(lang, "排序", "Sort"),
        shown = tr!(lang, "显示 {n} / {total} 份", "showing {n} of {total}"),
        file = tr!(lang, "年度报告检查结果.csv", "nianbao-results.csv"),
        export = tr!(lang, "导出表格（CSV）", "Export table (CSV)"),
        noscript = tr!(
            lang,
            "各报告的列表由本页的脚本显示：请允许 JavaScript；nianbao report --csv 也可导出同样的表格。",
            "The list of reports is shown by the page's script: allow JavaScript; nianbao report --csv writes the same table."
        ),
    )
}

/// A status's number in the page's data.
fn status_code(s: Status) -> u8 {
    match s {
        Status::Errors => 0,
        Status::OnlyWarnings => 1,
        Status::Passed => 2,
        Status::Unreadable => 3,
    }
}

fn severity_code(s: Severity) -> u8 {
    match s {
        Severity::Error => 0,
        Severity::Warning => 1,
        Severity::Info => 2,
    }
}

/// The page, written one report at a time to `out`, keeping none of them:
/// [`PageWriter::start`] once, [`PageWriter::report`] for each outcome in the
/// order of the list, [`PageWriter::finish`] with the totals. Its memory is
/// bounded: the interned strings (`report_data::MAX_BYTES`) and one row.
pub struct PageWriter<W: Write> {
    out: W,
    lang: Lang,
    strings: Interner,
    /// The row being written (reused).
    row: String,
    rows: usize,
    /// The catalog's rules with findings so far: the CSV's columns.
    rules_seen: Vec<bool>,
}

impl<W: Write> PageWriter<W> {
    /// Writes the page's head, header and the unreadable inputs (`problems`).
    pub fn start(mut out: W, problems: &[String], lang: Lang) -> io::Result<Self> {
        out.write_all(page_head(problems, lang).as_bytes())?;
        Ok(PageWriter {
            out,
            lang,
            strings: Interner::default(),
            row: String::with_capacity(4096),
            rows: 0,
            rules_seen: vec![false; RULES.len()],
        })
    }

    /// Writes one report's row: its findings (with their fingerprints) and
    /// those dismissed in nianbao.toml. A skipped file writes nothing.
    pub fn report(
        &mut self,
        path: &str,
        outcome: &Outcome,
        fingerprints: &[String],
        dismissed: &[Dismissed],
    ) -> io::Result<()> {
        self.row.clear();
        match outcome {
            Outcome::Skipped => return Ok(()),
            Outcome::Failed(msg) => self.unreadable_row(path, msg),
            Outcome::Checked { .. } => self.checked_row(path, outcome, fingerprints, dismissed),
        }
        if self.rows > 0 {
            self.out.write_all(b",")?;
        }
        self.out.write_all(b"\n")?;
        self.out.write_all(self.strings.defs.as_bytes())?;
        self.strings.defs.clear();
        self.out.write_all(self.row.as_bytes())?;
        self.rows += 1;
        Ok(())
    }

    fn unreadable_row(&mut self, path: &str, msg: &str) {
        let (dir, file) = split_path(path);
        let guard = (u8::from(needs_guard(path)) << 1) | (u8::from(needs_guard(msg)) << 2);
        let r = &mut self.row;
        r.push_str("[3,");
        self.strings.put(r, dir);
        r.push(',');
        json_str(r, file);
        r.push(',');
        json_str(r, msg);
        let _ = write!(r, ",{guard}]");
    }

    fn checked_row(
        &mut self,
        path: &str,
        outcome: &Outcome,
        fingerprints: &[String],
        dismissed: &[Dismissed],
    ) {
        let Outcome::Checked {
            text,
            analysis,
            map,
            ..
        } = outcome
        else {
            return;
        };
        let f = &analysis.findings;
        let n = |s| f.iter().filter(|x| x.severity == s).count();
        let fixable = f
            .iter()
            .filter(|x| x.fixes.iter().any(|fix| fix.safe))
            .count();
        let (body, year) = body_and_year(outcome);
        let guard = u8::from(needs_guard(&body)) | (u8::from(needs_guard(path)) << 1);
        let status = Status::of(f.iter().map(|x| x.severity));
        let (dir, file) = split_path(path);
        let (r, strings, lang) = (&mut self.row, &mut self.strings, self.lang);
        let _ = write!(r, "[{},", status_code(status));
        strings.put(r, dir);
        r.push(',');
        json_str(r, file);
        r.push(',');
        json_str(r, &body);
        let _ = write!(
            r,
            ",{},{},{},{},{fixable},{guard},[",
            year.unwrap_or(0),
            n(Severity::Error),
            n(Severity::Warning),
            n(Severity::Info)
        );
        let place = |x: &Finding| place_of(text, &analysis.report, map.as_ref(), x.span, lang);
        for (k, x) in f.iter().enumerate() {
            if k > 0 {
                r.push(',');
            }
            let fp = fingerprints.get(k).map(String::as_str).unwrap_or_default();
            finding_json(r, strings, x, &place(x), fp);
            r.push(']');
            if let Some(i) = RULES.iter().position(|rule| rule.meta.id == x.rule) {
                self.rules_seen[i] = true;
            }
        }
        r.push_str("],[");
        for (k, d) in dismissed.iter().enumerate() {
            if k > 0 {
                r.push(',');
            }
            finding_json(r, strings, &d.finding, &place(&d.finding), &d.fingerprint);
            r.push(',');
            strings.put(r, &d.reason);
            r.push(',');
            strings.put(r, &d.source());
            r.push(']');
        }
        r.push_str("]]");
    }

    /// Writes the totals, the notes about nianbao.toml, the script and the
    /// end of the page; gives back the writer (flushed).
    pub fn finish(mut self, st: &Statistics, notes: &[Note], dismissed: usize) -> io::Result<W> {
        let lang = self.lang;
        let mut s = String::from("]</script></section>\n");
        notes_list(&mut s, notes);
        s.push_str(&cards(st, dismissed, lang));
        let _ = writeln!(
            s,
            "<section id=\"chart-section\"><h2>{}</h2>{}</section>",
            tr!(
                lang,
                "最常见的错误（按问题数）",
                "Most common errors (by findings)"
            ),
            chart(st, lang)
        );
        let _ = writeln!(
            s,
            "<section id=\"rules-section\"><h2>{}</h2>{}</section>",
            tr!(lang, "各规则出现频次", "Findings per rule"),
            rule_table(st, lang)
        );
        s.push_str("<script type=\"application/json\" id=\"nb-meta\">");
        meta_json(&mut s, &self.rules_seen, lang);
        s.push_str("</script>\n");
        let _ = write!(
            s,
            "<footer>{}</footer>\n<script>{}</script>\n</body>\n</html>\n",
            tr!(
                lang,
                "点击报告查看每个问题的位置（文本的行和列；Word、网页和 PDF 中的表格、行、列、段落和页码）和说明；点击规则只看有该规则问题的报告。“导出表格”下载各报告的结果（CSV，可用 Excel、WPS 打开；也可用 nianbao report --csv 生成）。本页面不加载任何外部资源，可离线打开。",
                "Click a report to see each finding's place (line and column of a text; table, row, column, paragraph or page of a Word document, web page or PDF) and message; click a rule to see only the reports with its findings. “Export table” downloads each report's result (CSV for Excel and WPS; nianbao report --csv writes the same). This page loads nothing from elsewhere and works offline."
            ),
            JS
        );
        self.out.write_all(s.as_bytes())?;
        self.out.flush()?;
        Ok(self.out)
    }
}

/// `[rule, severity, place, message, fingerprint` (the caller closes it).
fn finding_json(r: &mut String, strings: &mut Interner, x: &Finding, place: &str, fp: &str) {
    r.push('[');
    strings.put(r, x.rule);
    let _ = write!(r, ",{},", severity_code(x.severity));
    strings.put_text(r, place);
    r.push(',');
    strings.put_text(r, &x.message);
    r.push(',');
    strings.put(r, fp);
}

fn notes_list(s: &mut String, notes: &[Note]) {
    if notes.is_empty() {
        return;
    }
    s.push_str("<ul class=\"notes\" id=\"notes\">");
    for n in notes {
        let _ = write!(
            s,
            "<li data-rule=\"{}\"><code>{}:{}</code> {}</li>",
            esc(n.rule),
            esc(&n.path.display().to_string()),
            n.line,
            esc(&n.message)
        );
    }
    s.push_str("</ul>\n");
}

/// The summary figures.
fn cards(st: &Statistics, dismissed: usize, lang: Lang) -> String {
    let mut s = String::from("<section class=\"cards\" id=\"summary\">");
    let mut all = vec![
        (
            "n-reports",
            "",
            st.reports,
            tr!(lang, "份报告已检查", "reports checked"),
        ),
        (
            "n-failed",
            "fail",
            st.reports_with_errors,
            tr!(lang, "份有错误", "with errors"),
        ),
        (
            "n-warned",
            "warn",
            st.reports_with_only_warnings,
            tr!(lang, "份仅有警告", "with warnings only"),
        ),
        (
            "n-passed",
            "pass",
            st.reports_passed(),
            tr!(
                lang,
                "份通过（无错误、无警告）",
                "passed (no errors, no warnings)"
            ),
        ),
        ("n-errors", "fail", st.errors, tr!(lang, "个错误", "errors")),
        (
            "n-warnings",
            "warn",
            st.warnings,
            tr!(lang, "个警告", "warnings"),
        ),
        ("n-infos", "", st.infos, tr!(lang, "条提示", "infos")),
    ];
    if dismissed > 0 {
        all.push((
            "n-dismissed",
            "",
            dismissed,
            tr!(lang, "个已忽略（不计入）", "dismissed (not counted)"),
        ));
    }
    if st.unreadable > 0 {
        all.push((
            "n-unreadable",
            "fail",
            st.unreadable,
            tr!(lang, "个文件无法读取", "unreadable files"),
        ));
    }
    for (id, class, n, label) in all {
        card(&mut s, id, class, n, label);
    }
    s.push_str("</section>\n");
    s
}

/// A JSON array of strings.
fn json_list<'a>(s: &mut String, items: impl IntoIterator<Item = &'a str>) {
    s.push('[');
    for (i, x) in items.into_iter().enumerate() {
        if i > 0 {
            s.push(',');
        }
        json_str(s, x);
    }
    s.push(']');
}

/// What the script needs besides the rows: labels, rule names, the CSV's
/// columns.
fn meta_json(s: &mut String, rules_seen: &[bool], lang: Lang) {
    let statuses = [
        Status::Errors,
        Status::OnlyWarnings,
        Status::Passed,
        Status::Unreadable,
    ];
    s.push_str("{\"status\":");
    json_list(s, statuses.iter().map(|st| st.name(lang)));
    s.push_str(",\"sev\":");
    json_list(
        s,
        [Severity::Error, Severity::Warning, Severity::Info].map(|x| severity_name(x, lang)),
    );
    s.push_str(",\"rules\":{");
    for (i, r) in RULES.iter().enumerate() {
        if i > 0 {
            s.push(',');
        }
        json_str(s, r.meta.id);
        s.push(':');
        json_str(s, rule_name(r.meta.id, lang));
    }
    s.push_str("},\"csvHead\":");
    json_list(s, report_csv::head(lang));
    s.push_str(",\"csvRules\":");
    json_list(
        s,
        RULES
            .iter()
            .zip(rules_seen)
            .filter(|(_, seen)| **seen)
            .map(|(r, _)| r.meta.id),
    );
    let texts: [(&str, String); 9] = [
        ("csvNote", report_csv::note_head(lang).to_string()),
        (
            "counts",
            tr!(
                lang,
                "{e} 个错误 · {w} 个警告 · {i} 条提示",
                "{e} errors · {w} warnings · {i} infos"
            )
            .to_string(),
        ),
        (
            "dismissedCount",
            tr!(lang, " · {n} 个已忽略", " · {n} dismissed").to_string(),
        ),
        ("name", tr!(lang, "{body} {y}年", "{body} {y}").to_string()),
        (
            "more",
            tr!(lang, "显示更多（还有 {n} 份）", "Show more ({n} left)").to_string(),
        ),
        (
            "none",
            tr!(lang, "没有发现问题。", "No findings.").to_string(),
        ),
        (
            "dtitle",
            tr!(
                lang,
                "已忽略的问题（{n} 个，不计入结果）",
                "Dismissed findings ({n}, not counted)"
            )
            .to_string(),
        ),
        (
            "head",
            tr!(lang, "规则|级别|位置|说明", "Rule|Level|Location|Message").to_string(),
        ),
        (
            "dhead",
            tr!(
                lang,
                "规则|级别|位置|说明|忽略理由",
                "Rule|Level|Location|Message|Reason dismissed"
            )
            .to_string(),
        ),
    ];
    for (k, v) in texts {
        let _ = write!(s, ",\"{k}\":");
        json_str(s, &v);
    }
    s.push('}');
}

/// The whole page (without reviewers' decisions). `problems` are inputs that
/// could not be read at all (they are listed at the top).
pub fn render(
    outcomes: &[(String, Outcome)],
    problems: &[String],
    st: &Statistics,
    lang: Lang,
) -> String {
    render_reviewed(outcomes, problems, st, lang, &Review::default())
}

/// The whole page as a string: [`write_reviewed`] into memory.
pub fn render_reviewed(
    outcomes: &[(String, Outcome)],
    problems: &[String],
    st: &Statistics,
    lang: Lang,
    review: &Review,
) -> String {
    let bytes = write_reviewed(Vec::new(), outcomes, problems, st, lang, review)
        .expect("writing to memory does not fail");
    String::from_utf8(bytes).expect("the page is UTF-8")
}

/// The page of a batch already checked, with the reviewers' decisions (each
/// finding's fingerprint, the dismissed findings apart, the notes about
/// nianbao.toml), written to `out` report by report through [`PageWriter`].
pub fn write_reviewed<W: Write>(
    out: W,
    outcomes: &[(String, Outcome)],
    problems: &[String],
    st: &Statistics,
    lang: Lang,
    review: &Review,
) -> io::Result<W> {
    let mut page = PageWriter::start(out, problems, lang)?;
    for (i, (path, o)) in outcomes.iter().enumerate() {
        page.report(path, o, review.fingerprints_of(i), review.dismissed_of(i))?;
    }
    page.finish(st, &review.notes, review.dismissed_count())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_html() {
        assert_eq!(
            esc("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
    }

    #[test]
    fn the_csp_allows_the_one_script_by_its_hash() {
        let html = render(&[], &[], &Statistics::default(), Lang::Zh);
        assert!(!html.contains("script-src 'unsafe-inline'"));
        let hash = script_hash();
        assert!(html.contains(&format!("script-src '{hash}'")), "{html}");
        // The hash is of the script exactly as the page has it.
        assert_eq!(html.matches("<script>").count(), 1);
        assert!(html.contains(&format!("<script>{JS}</script>")));
        // SHA-256 is 32 bytes: 44 base64 characters.
        assert_eq!(hash.len(), "sha256-".len() + 44);
    }

    #[test]
    fn the_writer_writes_one_row_per_report_as_json() {
        use crate::analysis::config::Config;
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/corpus/linwei-district-hrss-2023.txt"
        ))
        .unwrap();
        let analysis = crate::analysis::analyze(&text, &Config::with_lang(Lang::Zh));
        let findings = analysis.findings.len();
        assert!(findings > 0);
        let checked = Outcome::Checked {
            text,
            map: None,
            analysis: Box::new(analysis),
            fixed: 0,
            fix_problem: None,
        };
        let mut page = PageWriter::start(Vec::new(), &[], Lang::Zh).unwrap();
        for i in 0..3 {
            page.report(&format!("d/{i}.txt"), &checked, &[], &[])
                .unwrap();
        }
        page.report("d/x", &Outcome::Skipped, &[], &[]).unwrap();
        page.report("=bad", &Outcome::Failed("-<无法读取>".into()), &[], &[])
            .unwrap();
        let html = String::from_utf8(page.finish(&Statistics::default(), &[], 0).unwrap()).unwrap();
        let at = html.find("id=\"nb-rows\">").unwrap() + "id=\"nb-rows\">".len();
        let rows = &html[at..at + html[at..].find("</script>").unwrap()];
        assert!(!rows.contains('<'), "nothing can close the script");
        let v: serde_json::Value = serde_json::from_str(rows).unwrap();
        let all = v.as_array().unwrap();
        let reports: Vec<_> = all.iter().filter(|x| x.is_array()).collect();
        assert_eq!(
            reports.len(),
            4,
            "three checked, one unreadable, none skipped"
        );
        // The folder is defined once and then referred to by number.
        assert_eq!(all.iter().filter(|x| *x == "d/").count(), 1);
        assert_eq!(reports[0][0], 0, "fails");
        assert_eq!(reports[2][2], "2.txt");
        assert_eq!(reports[0][10].as_array().unwrap().len(), findings);
        assert_eq!(reports[3][0], 3);
        assert_eq!(reports[3][4], 2 | 4, "path and note guarded for the CSV");
        let meta = &html[html.find("id=\"nb-meta\">").unwrap()..];
        let meta = &meta[meta.find('>').unwrap() + 1..meta.find("</script>").unwrap()];
        let meta: serde_json::Value = serde_json::from_str(meta).unwrap();
        assert!(
            meta["csvRules"]
                .as_array()
                .unwrap()
                .contains(&"missing-row".into())
        );
    }

    #[test]
    fn empty_batch_renders_a_page_without_chart() {
        let st = Statistics::default();
        let html = render(&[], &[], &st, Lang::En);
        assert!(html.starts_with("<!DOCTYPE html>"));
        assert!(html.contains("id=\"chart-empty\""));
        assert!(html.contains("id=\"n-reports\" data-count=\"0\""));
        assert!(html.trim_end().ends_with("</html>"));
    }
}
