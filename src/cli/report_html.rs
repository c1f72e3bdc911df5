//! The HTML page of `nianbao report`: one self-contained file for an assessor
//! (inline CSS, a little inline JavaScript for filtering, an inline SVG chart;
//! a Content-Security-Policy that forbids loading anything else and allows
//! only that one script, by its SHA-256 hash: no `'unsafe-inline'` for
//! scripts, so a script that slipped past the escaping would not run), readable
//! offline and without JavaScript. It shows the totals, a bar chart of the most
//! common errors, each rule's frequency (rules by their names, with their ids),
//! and each report — named by the body and year of its title, its file beside
//! — with its status and findings at their places (line and column of a text,
//! table/row/column, paragraph or page of a document), and a button that
//! downloads the table of reports as CSV (the bytes of `--csv`).
//!
//! Stable hooks for tests and scripts: `data-count` on the summary figures
//! (`id="n-reports"`, …), `data-status="pass|warn|fail|unreadable"` on each
//! report (no warnings or errors, only warnings, errors, unreadable), its
//! `data-body`/`data-year`/`data-path`, `data-rule` on each rule row and chart
//! bar, `data-place` and `data-fingerprint` on each finding (`tr.dismissed` for
//! a finding dismissed in nianbao.toml, with its reason),
//! `#csv-download[data-csv]` (and its `href` once the script made the file),
//! `body[data-ready]` once the script ran.

use super::check::Outcome;
use super::render::range;
use super::report_csv::{self, Status, body_and_year};
use super::review::{Dismissed, Review};
use super::stats::{Statistics, rule_name, rule_summary, severity_name};
use crate::analysis::config::Lang;
use crate::analysis::finding::Severity;
use crate::tr;
use std::fmt::Write;

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
"#;

const JS: &str = r#"
(function () {
  var q = document.getElementById('filter');
  var onlyFailed = document.getElementById('only-failed');
  var shown = document.getElementById('shown');
  var reports = Array.prototype.slice.call(document.querySelectorAll('#report-list details.report'));
  var hash = location.hash.slice(1);
  // A malformed address (a lone "%") must not stop the filter.
  try { hash = decodeURIComponent(hash); } catch (e) { /* keep it as typed */ }
  if (hash === 'failed') { onlyFailed.checked = true; }
  else if (hash.indexOf('q=') === 0) { q.value = hash.slice(2); }
  var csv = document.getElementById('csv-download');
  if (csv && window.Blob && window.URL && URL.createObjectURL) {
    // The table as a file: UTF-8 with a byte-order mark, for Excel and WPS.
    csv.href = URL.createObjectURL(new Blob(['\ufeff' + csv.dataset.csv], { type: 'text/csv;charset=utf-8' }));
    csv.hidden = false;
  }
  function failing(r) { return r.dataset.status === 'fail' || r.dataset.status === 'unreadable'; }
  function update() {
    var needle = q.value.trim().toLowerCase();
    var n = 0;
    reports.forEach(function (r) {
      var text = ((r.dataset.body || '') + ' ' + (r.dataset.year || '') + ' ' + r.dataset.path).toLowerCase();
      var ok = (!onlyFailed.checked || failing(r)) &&
        (needle === '' || text.indexOf(needle) >= 0);
      r.hidden = !ok;
      if (ok) { n++; }
    });
    shown.dataset.count = String(n);
    shown.textContent = shown.dataset.template.replace('{n}', n).replace('{total}', reports.length);
  }
  q.addEventListener('input', update);
  onlyFailed.addEventListener('change', update);
  update();
  document.body.dataset.ready = '1';
})();
"#;

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

/// How a report is named on the page: the body and year of its title
/// ("临渭区人力资源和社会保障局 2023年"), "" without a title.
fn report_name(outcome: &Outcome, lang: Lang) -> String {
    match body_and_year(outcome) {
        (body, _) if body.is_empty() => String::new(),
        (body, Some(y)) => tr!(lang, format!("{body} {y}年"), format!("{body} {y}")),
        (body, None) => body,
    }
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

/// The dismissed findings of a report: apart, greyed, with their reasons.
fn dismissed_table(
    out: &mut String,
    (text, report, map): (
        &str,
        &crate::analysis::model::Report,
        Option<&crate::input::PositionMap>,
    ),
    dismissed: &[Dismissed],
    lang: Lang,
) {
    if dismissed.is_empty() {
        return;
    }
    let h: [&str; 5] = tr!(
        lang,
        ["规则", "级别", "位置", "说明", "忽略理由"],
        ["Rule", "Level", "Location", "Message", "Reason dismissed"]
    );
    let _ = write!(
        out,
        "<h3>{}</h3><table class=\"dismissed\"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
        esc(&tr!(
            lang,
            format!("已忽略的问题（{} 个，不计入结果）", dismissed.len()),
            format!("Dismissed findings ({}, not counted)", dismissed.len())
        )),
        h[0],
        h[1],
        h[2],
        h[3],
        h[4]
    );
    for d in dismissed {
        let x = &d.finding;
        let place = place_of(text, report, map, x.span, lang);
        let _ = write!(
            out,
            "<tr class=\"dismissed\" data-rule=\"{id}\" data-fingerprint=\"{fp}\"><td><code>{id}</code></td><td>{sevname}</td><td><code>{}</code></td><td>{}</td><td><span class=\"reason\">{}</span> <code>{}</code></td></tr>",
            esc(&place),
            esc(&x.message),
            esc(&d.reason),
            esc(&d.source()),
            id = esc(x.rule),
            fp = esc(&d.fingerprint),
            sevname = severity_name(x.severity, lang),
        );
    }
    out.push_str("</tbody></table>");
}

fn report_entry(
    out: &mut String,
    path: &str,
    outcome: &Outcome,
    lang: Lang,
    fps: &[String],
    dismissed: &[Dismissed],
) {
    match outcome {
        Outcome::Skipped => {}
        Outcome::Failed(msg) => {
            let status = Status::Unreadable;
            let _ = write!(
                out,
                "<details class=\"report\" data-status=\"{id}\" data-path=\"{p}\"><summary><span class=\"badge {id}\">{label}</span><span class=\"path\"><span class=\"file\">{p}</span></span></summary><p class=\"none\">{m}</p></details>",
                id = status.id(),
                p = esc(path),
                label = status.name(lang),
                m = esc(msg),
            );
        }
        Outcome::Checked {
            text,
            analysis,
            map,
            ..
        } => {
            let f = &analysis.findings;
            let n = |s| f.iter().filter(|x| x.severity == s).count();
            let (e, w, i) = (n(Severity::Error), n(Severity::Warning), n(Severity::Info));
            let status = Status::of(f.iter().map(|x| x.severity));
            let mut counts = tr!(
                lang,
                format!("{e} 个错误 · {w} 个警告 · {i} 条提示"),
                format!("{e} errors · {w} warnings · {i} infos")
            );
            let (body, year) = body_and_year(outcome);
            let name = report_name(outcome, lang);
            let nd = dismissed.len();
            if nd > 0 {
                counts.push_str(&tr!(
                    lang,
                    format!(" · {nd} 个已忽略"),
                    format!(" · {nd} dismissed")
                ));
            }
            let _ = write!(
                out,
                "<details class=\"report\" data-status=\"{id}\" data-body=\"{b}\" data-year=\"{y}\" data-path=\"{p}\" data-errors=\"{e}\" data-warnings=\"{w}\" data-infos=\"{i}\" data-dismissed=\"{nd}\"><summary><span class=\"badge {id}\">{label}</span><span class=\"path\">{name}<span class=\"file\">{p}</span></span><span class=\"counts\">{counts}</span></summary>",
                id = status.id(),
                label = status.name(lang),
                b = esc(&body),
                y = year.map(|y| y.to_string()).unwrap_or_default(),
                p = esc(path),
                name = if name.is_empty() {
                    String::new()
                } else {
                    format!("<span class=\"name\">{}</span>", esc(&name))
                },
                counts = esc(&counts),
            );
            if f.is_empty() {
                let _ = write!(
                    out,
                    "<p class=\"none\">{}</p>",
                    tr!(lang, "没有发现问题。", "No findings.")
                );
            } else {
                let h: [&str; 4] = tr!(
                    lang,
                    ["规则", "级别", "位置", "说明"],
                    ["Rule", "Level", "Location", "Message"]
                );
                let _ = write!(
                    out,
                    "<table class=\"findings\"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
                    h[0], h[1], h[2], h[3]
                );
                for (k, x) in f.iter().enumerate() {
                    let place = place_of(text, &analysis.report, map.as_ref(), x.span, lang);
                    let _ = write!(
                        out,
                        "<tr data-rule=\"{id}\" data-place=\"{place}\" data-fingerprint=\"{fp}\"><td>{name}<code class=\"rule-id\">{id}</code></td><td class=\"sev-{sev}\">{sevname}</td><td>{place}</td><td>{}</td></tr>",
                        esc(&x.message),
                        id = esc(x.rule),
                        name = esc(rule_name(x.rule, lang)),
                        place = esc(&place),
                        fp = esc(fps.get(k).map(String::as_str).unwrap_or_default()),
                        sev = x.severity.as_str(),
                        sevname = severity_name(x.severity, lang),
                    );
                }
                out.push_str("</tbody></table>");
            }
            dismissed_table(out, (text, &analysis.report, map.as_ref()), dismissed, lang);
            out.push_str("</details>\n");
        }
    }
}

/// The link that downloads the table of reports: the CSV of `--csv` in its
/// `data-csv`, made a file by the script (hidden without it). Line ends are
/// written as references, which the HTML parser keeps as they are.
fn csv_button(outcomes: &[(String, Outcome)], lang: Lang) -> String {
    let csv = report_csv::render(outcomes, lang);
    let data = esc(csv.trim_start_matches(report_csv::BOM))
        .replace('\r', "&#13;")
        .replace('\n', "&#10;");
    format!(
        "<a id=\"csv-download\" hidden download=\"{}\" data-csv=\"{data}\">{}</a>",
        tr!(lang, "年度报告检查结果.csv", "nianbao-results.csv"),
        tr!(lang, "导出表格（CSV）", "Export table (CSV)")
    )
}

/// The whole page. `problems` are inputs that could not be read at all (they
/// are listed at the top).
/// The start of the page's generator tag: how a later run knows the page as
/// its own and may replace it.
pub const GENERATOR_TAG: &str = "<meta name=\"generator\" content=\"nianbao ";

pub fn render(
    outcomes: &[(String, Outcome)],
    problems: &[String],
    st: &Statistics,
    lang: Lang,
) -> String {
    render_reviewed(outcomes, problems, st, lang, &Review::default())
}

/// The whole page with the reviewers' decisions: each finding's fingerprint,
/// the dismissed findings apart (greyed, with their reasons, counted
/// separately) and the notes about nianbao.toml (stale dismissals).
pub fn render_reviewed(
    outcomes: &[(String, Outcome)],
    problems: &[String],
    st: &Statistics,
    lang: Lang,
    review: &Review,
) -> String {
    let title = tr!(
        lang,
        "政府信息公开工作年度报告检查结果",
        "Annual government information disclosure reports: check results"
    );
    let mut s = String::with_capacity(64 * 1024);
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
    if !review.notes.is_empty() {
        s.push_str("<ul class=\"notes\" id=\"notes\">");
        for n in &review.notes {
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
    s.push_str("<section class=\"cards\" id=\"summary\">");
    card(
        &mut s,
        "n-reports",
        "",
        st.reports,
        tr!(lang, "份报告已检查", "reports checked"),
    );
    card(
        &mut s,
        "n-failed",
        "fail",
        st.reports_with_errors,
        tr!(lang, "份有错误", "with errors"),
    );
    card(
        &mut s,
        "n-warned",
        "warn",
        st.reports_with_only_warnings,
        tr!(lang, "份仅有警告", "with warnings only"),
    );
    card(
        &mut s,
        "n-passed",
        "pass",
        st.reports_passed(),
        tr!(
            lang,
            "份通过（无错误、无警告）",
            "passed (no errors, no warnings)"
        ),
    );
    card(
        &mut s,
        "n-errors",
        "fail",
        st.errors,
        tr!(lang, "个错误", "errors"),
    );
    card(
        &mut s,
        "n-warnings",
        "warn",
        st.warnings,
        tr!(lang, "个警告", "warnings"),
    );
    card(
        &mut s,
        "n-infos",
        "",
        st.infos,
        tr!(lang, "条提示", "infos"),
    );
    if review.dismissed_count() > 0 {
        card(
            &mut s,
            "n-dismissed",
            "",
            review.dismissed_count(),
            tr!(lang, "个已忽略（不计入）", "dismissed (not counted)"),
        );
    }
    if st.unreadable > 0 {
        card(
            &mut s,
            "n-unreadable",
            "fail",
            st.unreadable,
            tr!(lang, "个文件无法读取", "unreadable files"),
        );
    }
    s.push_str("</section>\n");
    let _ = writeln!(
        s,
        "<section><h2>{}</h2>{}</section>",
        tr!(
            lang,
            "最常见的错误（按问题数）",
            "Most common errors (by findings)"
        ),
        chart(st, lang)
    );
    let _ = writeln!(
        s,
        "<section><h2>{}</h2>{}</section>",
        tr!(lang, "各规则出现频次", "Findings per rule"),
        rule_table(st, lang)
    );
    let total = outcomes
        .iter()
        .filter(|(_, o)| !matches!(o, Outcome::Skipped))
        .count();
    let _ = write!(
        s,
        "<section><h2>{}</h2><div class=\"controls\">\
         <input type=\"search\" id=\"filter\" placeholder=\"{}\" aria-label=\"{}\">\
         <label><input type=\"checkbox\" id=\"only-failed\"> {}</label>\
         <span id=\"shown\" data-count=\"{total}\" data-template=\"{}\">{}</span>{}</div>\n<div id=\"report-list\">\n",
        tr!(lang, "各报告检查结果", "Reports"),
        tr!(
            lang,
            "按机关名称、年度或文件名筛选",
            "Filter by body, year or file name"
        ),
        tr!(
            lang,
            "按机关名称、年度或文件名筛选",
            "Filter by body, year or file name"
        ),
        tr!(lang, "只看有错误的报告", "Only reports with errors"),
        tr!(lang, "显示 {n} / {total} 份", "showing {n} of {total}"),
        esc(&tr!(
            lang,
            format!("显示 {total} / {total} 份"),
            format!("showing {total} of {total}")
        )),
        csv_button(outcomes, lang),
    );
    for (i, (path, o)) in outcomes.iter().enumerate() {
        report_entry(
            &mut s,
            path,
            o,
            lang,
            review.fingerprints_of(i),
            review.dismissed_of(i),
        );
    }
    s.push_str("</div></section>\n");
    let _ = write!(
        s,
        "<footer>{}</footer>\n<script>{}</script>\n</body>\n</html>\n",
        tr!(
            lang,
            "点击报告查看每个问题的位置（文本的行和列；Word、网页和 PDF 中的表格、行、列、段落和页码）和说明。“导出表格”下载各报告的结果（CSV，可用 Excel、WPS 打开；也可用 nianbao report --csv 生成）。本页面不加载任何外部资源，可离线打开。",
            "Click a report to see each finding's place (line and column of a text; table, row, column, paragraph or page of a Word document, web page or PDF) and message. “Export table” downloads each report's result (CSV for Excel and WPS; nianbao report --csv writes the same). This page loads nothing from elsewhere and works offline."
        ),
        JS
    );
    s
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
    fn empty_batch_renders_a_page_without_chart() {
        let st = Statistics::default();
        let html = render(&[], &[], &st, Lang::En);
        assert!(html.starts_with("<!DOCTYPE html>"));
        assert!(html.contains("id=\"chart-empty\""));
        assert!(html.contains("id=\"n-reports\" data-count=\"0\""));
        assert!(html.trim_end().ends_with("</html>"));
    }
}
