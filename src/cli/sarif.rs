//! `--format sarif`: one SARIF 2.1.0 log (OASIS), as GitHub code scanning and
//! other review systems read it. One run; the tool's rules come from the rule
//! documentation; one result per finding with its location, the cells it is
//! made of (`relatedLocations`) and its fixes. Columns count Unicode characters
//! (`columnKind: unicodeCodePoints`); end columns are exclusive, as in SARIF.
//! Files that could not be read become error notifications of the invocation.

use super::check::Outcome;
use super::outputs::{End, Format, Item};
use super::render::{Range, range};
use super::review::{Dismissed, Note};
use super::rules_cmd;
use crate::analysis::config::Lang;
use crate::analysis::finding::{Finding, Fix, Severity};
use crate::analysis::rules::{RULES, Rule};
use crate::analysis::text::LineIndex;
use serde_json::{Value, json};
use std::io::{Seek, Write};
use std::path::Path;

pub const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The SARIF level of a severity.
pub fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// Percent-encodes everything but RFC 3986 unreserved characters and `/`.
fn encode_path(p: &str) -> String {
    let mut out = String::with_capacity(p.len());
    for b in p.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The `artifactLocation` of a displayed path: relative paths stay relative to
/// `%SRCROOT%` (the working directory), absolute ones become `file://` URIs.
pub fn artifact_location(path: &str) -> Value {
    let slashed = path.replace('\\', "/");
    if Path::new(path).is_absolute() || slashed.starts_with('/') {
        let abs = if slashed.starts_with('/') {
            slashed
        } else {
            format!("/{slashed}") // C:/… on Windows
        };
        json!({ "uri": format!("file://{}", encode_path(&abs)) })
    } else {
        let rel = slashed.trim_start_matches("./");
        json!({ "uri": encode_path(rel), "uriBaseId": "%SRCROOT%" })
    }
}

fn region(r: Range) -> Value {
    json!({
        "startLine": r.line,
        "startColumn": r.column,
        "endLine": r.end_line,
        "endColumn": r.end_column,
    })
}

fn help_markdown(r: &Rule, lang: Lang) -> String {
    let m = &r.meta;
    let block = |s: &str| {
        if s.is_empty() {
            crate::tr!(lang, "（缺少该内容）\n", "(the text is absent)\n").to_string()
        } else {
            format!("```\n{}\n```\n", s.trim_end_matches('\n'))
        }
    };
    format!(
        "{}\n\n{}\n\n**{}**\n\n{}\n**{}**\n\n{}",
        m.summary(lang),
        m.explanation(lang),
        crate::tr!(lang, "错误示例", "Bad"),
        block(m.bad),
        crate::tr!(lang, "正确示例", "Good"),
        block(m.good),
    )
}

fn rule_descriptor(r: &Rule, lang: Lang) -> Value {
    let m = &r.meta;
    let config = match m.default {
        Some(s) => json!({ "enabled": true, "level": level(s) }),
        None => json!({ "enabled": false }),
    };
    json!({
        "id": m.id,
        "shortDescription": { "text": m.summary(lang) },
        "fullDescription": { "text": m.explanation(lang) },
        "help": {
            "text": rules_cmd::explain(r, lang),
            "markdown": help_markdown(r, lang),
        },
        "defaultConfiguration": config,
        "properties": { "tags": [m.category.name(Lang::En)] },
    })
}

fn fix_json(text: &str, index: &LineIndex, location: &Value, fix: &Fix) -> Option<Value> {
    if fix.edits.is_empty() {
        return None;
    }
    let replacements: Vec<Value> = fix
        .edits
        .iter()
        .map(|e| {
            let mut rep = json!({ "deletedRegion": region(range(text, index, e.span)) });
            if !e.new_text.is_empty() {
                rep["insertedContent"] = json!({ "text": e.new_text });
            }
            rep
        })
        .collect();
    Some(json!({
        "description": { "text": fix.title },
        "artifactChanges": [{ "artifactLocation": location, "replacements": replacements }],
        "properties": { "safe": fix.safe },
    }))
}

/// The key of nianbao's fingerprint in `partialFingerprints`.
pub const FINGERPRINT_KEY: &str = "nianbao/v1";

/// A document's place: how the document names it, and its page (PDF).
pub type DocPlace<'a> = &'a dyn Fn(usize) -> (String, Option<usize>);

/// A finding's `location`; for a document, its place in the document's own
/// terms as the location's message and its page as a property (a region
/// counts lines of the text read from the document).
fn location_json(physical: Value, place: Option<(String, Option<usize>)>) -> Value {
    let mut loc = json!({ "physicalLocation": physical });
    if let Some((text, page)) = place {
        loc["message"] = json!({ "text": text });
        if let Some(p) = page {
            loc["properties"] = json!({ "page": p });
        }
    }
    loc
}

fn result_json(
    path: &str,
    text: &str,
    index: &LineIndex,
    f: &Finding,
    place: Option<DocPlace>,
    fingerprint: &str,
) -> Value {
    let location = artifact_location(path);
    let physical = |span| {
        json!({
            "artifactLocation": location,
            "region": region(range(text, index, span)),
        })
    };
    let mut result = json!({
        "ruleId": f.rule,
        "level": level(f.severity),
        "message": { "text": f.message },
        "locations": [location_json(physical(f.span), place.map(|p| p(f.span.start)))],
        "partialFingerprints": { FINGERPRINT_KEY: fingerprint },
    });
    if let Some(i) = RULES.iter().position(|r| r.meta.id == f.rule) {
        result["ruleIndex"] = json!(i);
    }
    if !f.related.is_empty() {
        result["relatedLocations"] = f
            .related
            .iter()
            .enumerate()
            .map(|(i, r)| {
                json!({
                    "id": i + 1,
                    "physicalLocation": physical(r.span),
                    "message": { "text": r.message },
                })
            })
            .collect();
    }
    let fixes: Vec<Value> = f
        .fixes
        .iter()
        .filter_map(|x| fix_json(text, index, &location, x))
        .collect();
    if !fixes.is_empty() {
        result["fixes"] = Value::Array(fixes);
    }
    result
}

fn notification(message: &str, path: Option<&str>) -> Value {
    let mut n = json!({ "level": "error", "message": { "text": message } });
    if let Some(p) = path {
        n["locations"] =
            json!([{ "physicalLocation": { "artifactLocation": artifact_location(p) } }]);
    }
    n
}

/// A dismissed finding: the result with an accepted external suppression
/// (the entry of nianbao.toml and its reason).
fn dismissed_json(
    path: &str,
    text: &str,
    index: &LineIndex,
    d: &Dismissed,
    place: Option<DocPlace>,
) -> Value {
    let mut r = result_json(path, text, index, &d.finding, place, &d.fingerprint);
    r["suppressions"] = json!([{
        "kind": "external",
        "status": "accepted",
        "justification": d.reason,
        "location": { "physicalLocation": {
            "artifactLocation": artifact_location(&d.by.0.display().to_string()),
            "region": { "startLine": d.by.1 },
        }},
    }]);
    r
}

/// A note about a configuration file (a stale dismissal): a `note` result on
/// its line.
fn note_json(n: &Note) -> Value {
    json!({
        "ruleId": n.rule,
        "level": "note",
        "message": { "text": n.message },
        "locations": [{ "physicalLocation": {
            "artifactLocation": artifact_location(&n.path.display().to_string()),
            "region": { "startLine": n.line },
        }}],
    })
}

/// `--format sarif`, written as a batch streams: the results go to a
/// temporary file as the reports are done (the log's invocation, with the
/// files that could not be read, comes before them), then the log is written
/// around them, the same bytes as one pretty-printed document.
pub struct Sarif {
    lang: Lang,
    cwd: Option<std::path::PathBuf>,
    show_dismissed: bool,
    notifications: Vec<Value>,
    results: std::io::BufWriter<std::fs::File>,
    count: usize,
    /// Reused buffers of a result: pretty-printed, then indented.
    pretty: Vec<u8>,
    indented: Vec<u8>,
}

/// How deep the results lie in the log (`runs[0].results[i]`), in spaces.
const RESULT_INDENT: &str = "        ";
const RESULTS_MARK: &str = "\u{1}nianbao-results\u{1}";

impl Sarif {
    /// `problems` are the problems not tied to a checked file (an unreadable
    /// argument); `cwd` is the `%SRCROOT%` relative paths are resolved
    /// against; with `show_dismissed` the dismissed findings are included,
    /// suppressed.
    pub fn new(
        problems: &[String],
        lang: Lang,
        cwd: Option<&Path>,
        show_dismissed: bool,
    ) -> std::io::Result<Sarif> {
        Ok(Sarif {
            lang,
            cwd: cwd.map(Path::to_path_buf),
            show_dismissed,
            notifications: problems.iter().map(|p| notification(p, None)).collect(),
            results: std::io::BufWriter::new(tempfile::tempfile()?),
            count: 0,
            pretty: Vec::new(),
            indented: Vec::new(),
        })
    }

    fn result(&mut self, v: &Value) -> std::io::Result<()> {
        self.pretty.clear();
        serde_json::to_writer_pretty(&mut self.pretty, v).map_err(std::io::Error::other)?;
        // Indented to its depth in the log, and written at once.
        let out = &mut self.indented;
        out.clear();
        out.extend_from_slice(if self.count == 0 { b"\n" } else { b",\n" });
        self.count += 1;
        for (k, line) in self.pretty.split(|&b| b == b'\n').enumerate() {
            if k > 0 {
                out.push(b'\n');
            }
            out.extend_from_slice(RESULT_INDENT.as_bytes());
            out.extend_from_slice(line);
        }
        self.results.write_all(out)
    }

    fn checked(&mut self, item: &Item) -> std::io::Result<()> {
        let Outcome::Checked {
            text,
            analysis,
            fix_problem,
            map,
            ..
        } = item.outcome
        else {
            return Ok(());
        };
        let (path, lang) = (item.path, self.lang);
        if let Some(e) = fix_problem {
            self.notifications.push(notification(e, Some(path)));
        }
        let describe;
        let place: Option<DocPlace> = match map {
            Some(m) => {
                describe = move |offset: usize| {
                    (
                        m.describe(offset, Some(&analysis.report), lang),
                        m.place(offset).and_then(crate::input::Place::page),
                    )
                };
                Some(&describe)
            }
            None => None,
        };
        let index = &analysis.report.lines;
        let fps = &item.reviewed.fingerprints;
        for (f, fp) in analysis.findings.iter().zip(fps) {
            self.result(&result_json(path, text, index, f, place, fp))?;
        }
        if self.show_dismissed {
            for d in &item.reviewed.dismissed {
                self.result(&dismissed_json(path, text, index, d, place))?;
            }
        }
        Ok(())
    }

    /// The log without its results: the place of the results marked.
    fn skeleton(&self) -> Value {
        let lang = self.lang;
        let mut run = json!({
            "tool": {
                "driver": {
                    "name": "nianbao",
                    "version": env!("CARGO_PKG_VERSION"),
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "rules": RULES.iter().map(|r| rule_descriptor(r, lang)).collect::<Vec<_>>(),
                }
            },
            "invocations": [{
                "executionSuccessful": self.notifications.is_empty(),
                "toolExecutionNotifications": self.notifications,
            }],
            "columnKind": "unicodeCodePoints",
            "results": RESULTS_MARK,
        });
        if let Some(dir) = self.cwd.as_deref().and_then(|d| d.to_str()) {
            let mut base = artifact_location(dir)["uri"]
                .as_str()
                .unwrap_or_default()
                .to_string();
            if base.starts_with("file://") {
                if !base.ends_with('/') {
                    base.push('/');
                }
                run["originalUriBaseIds"] = json!({ "%SRCROOT%": { "uri": base } });
            }
        }
        json!({
            "$schema": SCHEMA_URI,
            "version": "2.1.0",
            "runs": [run],
        })
    }
}

impl Format for Sarif {
    fn report(&mut self, _out: &mut dyn Write, item: &Item) -> std::io::Result<()> {
        match item.outcome {
            Outcome::Skipped => Ok(()),
            Outcome::Failed(msg) => {
                self.notifications.push(notification(msg, Some(item.path)));
                Ok(())
            }
            Outcome::Checked { .. } => self.checked(item),
        }
    }

    fn finish(&mut self, out: &mut dyn Write, end: &End) -> std::io::Result<()> {
        for n in &end.review.notes {
            self.result(&note_json(n))?;
        }
        let log = serde_json::to_string_pretty(&self.skeleton()).map_err(std::io::Error::other)?;
        let mark = serde_json::to_string(RESULTS_MARK).map_err(std::io::Error::other)?;
        let (head, tail) = log.split_once(&mark).unwrap_or((&log, ""));
        out.write_all(head.as_bytes())?;
        if self.count == 0 {
            out.write_all(b"[]")?;
        } else {
            out.write_all(b"[")?;
            self.results.flush()?;
            let file = self.results.get_mut();
            file.seek(std::io::SeekFrom::Start(0))?;
            std::io::copy(file, out)?;
            out.write_all(b"\n      ]")?;
        }
        out.write_all(tail.as_bytes())?;
        out.write_all(b"\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_uris() {
        assert_eq!(
            artifact_location("reports/2023/临渭区 人社局.txt")["uri"],
            "reports/2023/%E4%B8%B4%E6%B8%AD%E5%8C%BA%20%E4%BA%BA%E7%A4%BE%E5%B1%80.txt"
        );
        assert_eq!(
            artifact_location("./a#b.txt")["uri"],
            "a%23b.txt",
            "# would start a fragment"
        );
        assert_eq!(artifact_location("a.txt")["uriBaseId"], "%SRCROOT%");
        let abs = artifact_location("/srv/r.txt");
        assert_eq!(abs["uri"], "file:///srv/r.txt");
        assert!(abs.get("uriBaseId").is_none());
        assert_eq!(
            artifact_location("<stdin>")["uri"],
            "%3Cstdin%3E",
            "stays a valid URI reference"
        );
    }

    #[test]
    fn levels() {
        assert_eq!(level(Severity::Error), "error");
        assert_eq!(level(Severity::Warning), "warning");
        assert_eq!(level(Severity::Info), "note");
    }
}
