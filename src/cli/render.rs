//! Output of `nianbao check`: human (rustc/ruff style, with the source line and a
//! caret under the cell) and JSON (a stable shape that other tools rely on; see
//! the README). Columns are 1-based and counted in Unicode characters. For a
//! document (.docx, .html) the location is the place in the document ("表三
//! 第5行 第2列"); the excerpt shows the text nianbao read from it.
//!
//! [`position`] and [`range`] are the only byte-offset → (line, column)
//! conversion of the CLI; the other renderers (SARIF, GitHub, JUnit, HTML) use
//! them too.

use super::stats::severity_name;
use crate::analysis::Analysis;
use crate::analysis::config::Lang;
use crate::analysis::finding::{Edit, Finding, Severity};
use crate::analysis::text::{ColumnUnit, LineIndex, Span};
use crate::input::PositionMap;
use crate::tr;
use serde::Serialize;
use std::borrow::Cow;
use unicode_width::UnicodeWidthChar;

/// Text from a file (its name, words quoted from it) made safe for a
/// terminal: control characters (ESC sequences that retitle or clear the
/// terminal, carriage returns that overwrite a line, C1 controls) and the
/// invisible bidirectional overrides are shown as `\u{1b}` escapes. Tabs are
/// kept. Used for everything the human output and error lines print.
pub fn clean(s: &str) -> Cow<'_, str> {
    let unsafe_char = |c: char| {
        (c.is_control() && c != '\t')
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{61c}')
    };
    if !s.chars().any(unsafe_char) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if unsafe_char(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A 1-based (line, column-in-characters) position.
pub fn position(text: &str, index: &LineIndex, offset: usize) -> (usize, usize) {
    let lc = index.line_col(text, offset, ColumnUnit::Char);
    (lc.line + 1, lc.col + 1)
}

/// A 1-based range in (line, column-in-characters); the end is exclusive (the
/// position just after the last character), an insertion point has start = end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Range {
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

/// The [`Range`] of `span`.
pub fn range(text: &str, index: &LineIndex, span: Span) -> Range {
    let (line, column) = position(text, index, span.start);
    let (end_line, end_column) = position(text, index, span.end);
    Range {
        line,
        column,
        end_line,
        end_column,
    }
}

#[derive(Clone, Copy, Debug)]
pub struct Style {
    pub color: bool,
}

impl Style {
    pub(crate) fn paint(&self, code: &str, s: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
}

fn severity_color(s: Severity) -> &'static str {
    match s {
        Severity::Error => "1;31",
        Severity::Warning => "1;33",
        Severity::Info => "1;36",
    }
}

const TAB_WIDTH: usize = 4;
const MAX_EXCERPT_COLS: usize = 100;

fn char_width(c: char) -> usize {
    if c == '\t' {
        TAB_WIDTH
    } else {
        c.width().unwrap_or(0)
    }
}

/// The source line with tabs expanded, and the caret line under `span`
/// (clipped to the line), windowed around the span when the line is long.
fn excerpt(text: &str, index: &LineIndex, span: Span) -> (usize, String, String) {
    let line = index.line_of(span.start);
    let ls = index.line_span(line);
    let src = &text[ls.start..ls.end.min(text.len())];
    let start = span.start.clamp(ls.start, ls.end) - ls.start;
    let end = span
        .end
        .clamp(ls.start, ls.end)
        .max(span.start.clamp(ls.start, ls.end))
        - ls.start;
    // Display columns of every char.
    let mut cols: Vec<(usize, char, usize)> = Vec::new(); // (byte, char, display col)
    let mut col = 0;
    for (i, c) in src.char_indices() {
        cols.push((i, c, col));
        col += char_width(c);
    }
    let total = col;
    let col_at = |b: usize| {
        cols.iter()
            .find(|(i, _, _)| *i >= b)
            .map(|(_, _, c)| *c)
            .unwrap_or(total)
    };
    let (c0, c1) = (col_at(start), col_at(end));
    let (w0, w1) = if total <= MAX_EXCERPT_COLS {
        (0, total)
    } else {
        // A window around the finding's start: the caret marks at most what
        // of its range the window shows.
        let from = c0.saturating_sub(30);
        (from, (from + MAX_EXCERPT_COLS).min(total))
    };
    let mut shown = String::new();
    if w0 > 0 {
        shown.push('…');
    }
    for &(_, c, cc) in &cols {
        if cc >= w0 && cc < w1 {
            if c == '\t' {
                shown.push_str(&" ".repeat(TAB_WIDTH));
            } else {
                shown.push(c);
            }
        }
    }
    if w1 < total {
        shown.push('…');
    }
    let lead = if w0 > 0 { 1 } else { 0 };
    let caret_start = c0.saturating_sub(w0) + lead;
    let caret_len = c1.saturating_sub(c0).clamp(1, w1.saturating_sub(c0).max(1));
    let carets = format!("{}{}", " ".repeat(caret_start), "^".repeat(caret_len));
    (line + 1, shown, carets)
}

/// Renders one file's findings for people. `map` is given for documents.
pub fn human(
    path: &str,
    text: &str,
    a: &Analysis,
    map: Option<&PositionMap>,
    lang: Lang,
    style: Style,
    out: &mut String,
) {
    for f in &a.findings {
        human_finding(path, text, &a.report, map, f, lang, style, None, out);
    }
}

/// Renders one finding for people with a note under it (a dismissed finding
/// and its reason).
#[allow(clippy::too_many_arguments)]
pub fn human_noted(
    path: &str,
    text: &str,
    a: &Analysis,
    map: Option<&PositionMap>,
    f: &Finding,
    note: &str,
    lang: Lang,
    style: Style,
    out: &mut String,
) {
    human_finding(path, text, &a.report, map, f, lang, style, Some(note), out);
}

#[allow(clippy::too_many_arguments)]
fn human_finding(
    path: &str,
    text: &str,
    report: &crate::analysis::model::Report,
    map: Option<&PositionMap>,
    f: &Finding,
    lang: Lang,
    style: Style,
    note: Option<&str>,
    out: &mut String,
) {
    use std::fmt::Write;
    let index = &report.lines;
    let location = match map {
        Some(m) => m.describe(f.span.start, Some(report), lang),
        None => {
            let (line, col) = position(text, index, f.span.start);
            format!("{line}:{col}")
        }
    };
    let sev = style.paint(
        severity_color(f.severity),
        &format!("{}[{}]", severity_name(f.severity, lang), f.rule),
    );
    let _ = writeln!(
        out,
        "{}: {} {}",
        style.paint("1", &clean(&format!("{path}:{location}"))),
        sev,
        clean(&f.message)
    );
    let (ln, src, carets) = excerpt(text, index, f.span);
    // A document's text has no line numbers the user could look up.
    let ln = if map.is_some() {
        String::new()
    } else {
        ln.to_string()
    };
    let w = ln.len();
    let bar = style.paint("1;34", "|");
    let _ = writeln!(out, "{} {}", " ".repeat(w), bar);
    let _ = writeln!(out, "{} {} {}", style.paint("1;34", &ln), bar, clean(&src));
    let _ = writeln!(
        out,
        "{} {} {}",
        " ".repeat(w),
        bar,
        style.paint(severity_color(f.severity), &carets)
    );
    let writes_back = fix_writes_back(path);
    for fix in &f.fixes {
        let kind = if fix.safe && writes_back {
            tr!(lang, "可用 --fix 自动修复", "applied by --fix")
        } else if fix.safe {
            tr!(
                lang,
                "请在原文档中修改，--fix 不改写此类文件",
                "make it in the source document: --fix does not rewrite this kind of file"
            )
        } else {
            tr!(lang, "需人工确认", "not applied automatically")
        };
        let _ = writeln!(
            out,
            "{} {} {}",
            " ".repeat(w),
            style.paint("1;34", "="),
            clean(&tr!(
                lang,
                format!("修复：{}（{}）", fix.title, kind),
                format!("fix: {} ({})", fix.title, kind)
            ))
        );
    }
    if let Some(n) = note {
        let _ = writeln!(out, "{} {} {}", " ".repeat(w), style.paint("1;34", "="), n);
    }
    out.push('\n');
}

/// Renders one file's findings one line each (`--quiet`):
/// `path:line:col: severity[rule] message`, the severity in the output's
/// language (错误/警告/提示; the machine formats keep `error`/`warning`/`info`).
pub fn concise(
    path: &str,
    text: &str,
    a: &Analysis,
    map: Option<&PositionMap>,
    lang: Lang,
    out: &mut String,
) {
    use std::fmt::Write;
    let index = &a.report.lines;
    for f in &a.findings {
        let place = match map {
            Some(m) => m.describe(f.span.start, Some(&a.report), lang),
            None => {
                let (line, col) = position(text, index, f.span.start);
                format!("{line}:{col}")
            }
        };
        let _ = writeln!(
            out,
            "{}: {}[{}] {}",
            clean(&format!("{path}:{place}")),
            severity_name(f.severity, lang),
            f.rule,
            clean(&f.message)
        );
    }
}

/// Counts of findings by severity.
#[derive(Clone, Copy, Debug, Default)]
pub struct Counts {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub fixable: usize,
}

/// Whether `--fix` writes a file of this name back (text and Word files; a
/// web page or a PDF is only read). A name without a known extension (standard
/// input, a file found by its content) counts as writable.
pub fn fix_writes_back(path: &str) -> bool {
    crate::input::Kind::from_path(std::path::Path::new(path)).is_none_or(|k| k.fixable())
}

impl Counts {
    /// Adds the findings of the file `path`; its safe fixes count as fixable
    /// only where `--fix` writes the file back.
    pub fn add(&mut self, path: &str, findings: &[Finding]) {
        let writes_back = fix_writes_back(path);
        for f in findings {
            match f.severity {
                Severity::Error => self.errors += 1,
                Severity::Warning => self.warnings += 1,
                Severity::Info => self.infos += 1,
            }
            if writes_back && f.fixes.iter().any(|x| x.safe) {
                self.fixable += 1;
            }
        }
    }
}

pub fn summary(lang: Lang, files: usize, c: Counts, style: Style) -> String {
    let s = tr!(
        lang,
        format!(
            "共检查 {} 个文件：{} 个错误，{} 个警告，{} 条提示{}",
            files,
            c.errors,
            c.warnings,
            c.infos,
            if c.fixable > 0 {
                format!("（其中 {} 个可用 --fix 自动修复）", c.fixable)
            } else {
                String::new()
            }
        ),
        format!(
            "Checked {} file{}: {} error{}, {} warning{}, {} info{}",
            files,
            if files == 1 { "" } else { "s" },
            c.errors,
            if c.errors == 1 { "" } else { "s" },
            c.warnings,
            if c.warnings == 1 { "" } else { "s" },
            c.infos,
            if c.infos == 1 { "" } else { "s" },
        ) + &if c.fixable > 0 {
            format!(" ({} fixable with --fix)", c.fixable)
        } else {
            String::new()
        }
    );
    style.paint("1", &s)
}

// ---- JSON -----------------------------------------------------------------

#[derive(Serialize)]
pub struct JsonOutput<'a> {
    pub version: u32,
    pub files: Vec<JsonFile<'a>>,
    /// With `--statistics`: counts per rule over all files.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub statistics: Option<super::stats::Statistics>,
    /// Findings dismissed in nianbao.toml (not in `diagnostics`).
    #[serde(skip_serializing_if = "is_zero")]
    pub dismissed: usize,
    /// With `--baseline` (or `--write-baseline`): what the baseline did.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub baseline: Option<JsonBaseline>,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

#[derive(Serialize)]
pub struct JsonBaseline {
    pub file: String,
    /// Findings of this run recorded in the baseline (not in `diagnostics`).
    pub known: usize,
    /// Findings of the baseline, in the files checked, that are gone.
    pub gone: usize,
}

impl From<super::review::BaselineSummary> for JsonBaseline {
    fn from(b: super::review::BaselineSummary) -> Self {
        JsonBaseline {
            file: b.file.display().to_string(),
            known: b.known,
            gone: b.gone,
        }
    }
}

/// One file's findings as JSON: borrowed from the analysis where they can be
/// (written once, then dropped).
#[derive(Serialize)]
pub struct JsonFile<'a> {
    /// The path as text (a byte that is not UTF-8 shows as U+FFFD).
    pub path: Cow<'a, str>,
    /// Only for a path that is not valid UTF-8 (Unix): its exact bytes,
    /// base64 (standard alphabet, padded), as ripgrep's JSON gives them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path_bytes: Option<String>,
    pub diagnostics: Vec<JsonDiagnostic<'a>>,
    /// Set when the file could not be read or decoded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<&'a str>,
    /// With `--show-dismissed`: the findings dismissed in nianbao.toml.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dismissed: Option<Vec<JsonDiagnostic<'a>>>,
}

#[derive(Serialize)]
pub struct JsonDiagnostic<'a> {
    pub rule: &'static str,
    pub severity: &'static str,
    /// Stable across inserted lines and file kinds (see `analysis::fingerprint`);
    /// absent on notes about a configuration file.
    #[serde(skip_serializing_if = "str::is_empty")]
    pub fingerprint: &'a str,
    pub message: &'a str,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    /// For documents (.docx, .html): the place in the document, e.g.
    /// "表三 第5行 第2列"; `line`/`column` are then positions in the text read
    /// from it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    pub fixes: Vec<JsonFix<'a>>,
    /// Other places that explain the finding (the cells of a broken sum).
    pub related: Vec<JsonRelated<'a>>,
    /// A dismissed finding's reason…
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<&'a str>,
    /// …and the entry that dismissed it ("nianbao.toml:12").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dismissed_by: Option<String>,
}

#[derive(Serialize)]
pub struct JsonFix<'a> {
    pub title: &'a str,
    pub safe: bool,
    pub edits: Vec<JsonEdit<'a>>,
}

#[derive(Serialize)]
pub struct JsonEdit<'a> {
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub new_text: &'a str,
}

#[derive(Serialize)]
pub struct JsonRelated<'a> {
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    pub message: &'a str,
}

fn edit_json<'a>(text: &str, index: &LineIndex, e: &'a Edit) -> JsonEdit<'a> {
    let r = range(text, index, e.span);
    JsonEdit {
        line: r.line,
        column: r.column,
        end_line: r.end_line,
        end_column: r.end_column,
        new_text: &e.new_text,
    }
}

/// The JSON of one file's findings, their fingerprints computed here,
/// serialised (empty if it cannot be: it always can).
pub fn json_file(
    path: &str,
    text: &str,
    a: &Analysis,
    map: Option<&PositionMap>,
    lang: Lang,
) -> String {
    let fps = crate::analysis::fingerprint::of_text(&a.report, &a.findings, text);
    let file = json_file_with(path, text, a, map, lang, &fps);
    serde_json::to_string(&file).unwrap_or_default()
}

/// The JSON of one file's findings, given their fingerprints.
pub fn json_file_with<'a>(
    path: &'a str,
    text: &str,
    a: &'a Analysis,
    map: Option<&PositionMap>,
    lang: Lang,
    fingerprints: &'a [String],
) -> JsonFile<'a> {
    let diagnostics = a
        .findings
        .iter()
        .zip(fingerprints)
        .map(|(f, fp)| json_diagnostic(text, a, map, lang, f, fp))
        .collect();
    JsonFile {
        path: Cow::Borrowed(path),
        path_bytes: None,
        diagnostics,
        error: None,
        dismissed: None,
    }
}

/// The JSON of one finding.
pub fn json_diagnostic<'a>(
    text: &str,
    a: &Analysis,
    map: Option<&PositionMap>,
    lang: Lang,
    f: &'a Finding,
    fingerprint: &'a str,
) -> JsonDiagnostic<'a> {
    let index = &a.report.lines;
    let location = |offset: usize| map.map(|m| m.describe(offset, Some(&a.report), lang));
    let r = range(text, index, f.span);
    JsonDiagnostic {
        rule: f.rule,
        severity: f.severity.as_str(),
        fingerprint,
        message: &f.message,
        line: r.line,
        column: r.column,
        end_line: r.end_line,
        end_column: r.end_column,
        location: location(f.span.start),
        fixes: f
            .fixes
            .iter()
            .map(|x| JsonFix {
                title: &x.title,
                safe: x.safe,
                edits: x.edits.iter().map(|e| edit_json(text, index, e)).collect(),
            })
            .collect(),
        related: f
            .related
            .iter()
            .map(|x| {
                let r = range(text, index, x.span);
                JsonRelated {
                    line: r.line,
                    column: r.column,
                    end_line: r.end_line,
                    end_column: r.end_column,
                    location: location(x.span.start),
                    message: &x.message,
                }
            })
            .collect(),
        reason: None,
        dismissed_by: None,
    }
}

/// An info about a line of a configuration file (a stale dismissal).
pub fn note_diagnostic<'a>(
    rule: &'static str,
    line: usize,
    message: &'a str,
) -> JsonDiagnostic<'a> {
    JsonDiagnostic {
        rule,
        severity: Severity::Info.as_str(),
        fingerprint: "",
        message,
        line,
        column: 1,
        end_line: line,
        end_column: 1,
        location: None,
        fixes: Vec::new(),
        related: Vec::new(),
        reason: None,
        dismissed_by: None,
    }
}

/// The exact bytes of a path that is not valid UTF-8, in base64 (`None` for
/// a UTF-8 path, and where paths are not bytes).
pub fn path_bytes(path: &std::path::Path) -> Option<String> {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let bytes = path.as_os_str().as_bytes();
        std::str::from_utf8(bytes).is_err().then(|| base64(bytes))
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        None
    }
}

/// Standard base64 with padding (RFC 4648).
pub fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i)) as usize & 63] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_shown_as_escapes() {
        assert!(matches!(clean("报告 r.txt\t1"), Cow::Borrowed(_)));
        assert_eq!(
            clean("a\x1b]0;owned\x07b\r\u{9b}c\u{202e}d"),
            "a\\u{1b}]0;owned\\u{7}b\\u{d}\\u{9b}c\\u{202e}d"
        );
    }

    #[test]
    fn base64_of_bytes() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"\xffr.txt"), "/3IudHh0");
    }

    #[test]
    fn caret_under_a_cjk_cell() {
        let t = "（一）予以公开\t6\t1\n";
        let idx = LineIndex::new(t);
        let six = t.find('6').unwrap();
        let (_, src, carets) = excerpt(t, &idx, Span::new(six, six + 1));
        assert_eq!(src, "（一）予以公开    6    1");
        // 7 wide chars (14 columns) and a tab (4).
        assert_eq!(carets, format!("{}^", " ".repeat(18)));
    }

    #[test]
    fn caret_stays_on_its_line_and_in_the_window() {
        // A finding over a whole one-line report (thousands of columns) and
        // over several lines: the excerpt is a window of the first line, the
        // carets mark no more than it shows.
        let long = "一、总体情况".repeat(400);
        let t = format!("{long}\n第二行\n");
        let idx = LineIndex::new(&t);
        let (_, src, carets) = excerpt(&t, &idx, Span::new(0, t.len()));
        let width = |s: &str| s.chars().map(char_width).sum::<usize>();
        assert!(width(&src) <= MAX_EXCERPT_COLS + 2, "{}", width(&src));
        assert!(carets.len() <= MAX_EXCERPT_COLS + 1, "{}", carets.len());
        let mid = t.find("总体").unwrap() + 3 * 18 * 50;
        let (_, src, carets) = excerpt(&t, &idx, Span::new(mid, t.len()));
        assert!(width(&src) <= MAX_EXCERPT_COLS + 2);
        assert!(carets.trim_start().len() <= MAX_EXCERPT_COLS);
    }
}
