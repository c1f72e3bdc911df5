//! `--format junit`: JUnit XML, as GitLab CI, Jenkins and most CI dashboards
//! show test results. One `<testsuite>` per report file, one `<testcase>` per
//! enabled rule (so a clean report shows every rule passing). A rule with error
//! findings (or warnings under `--deny warnings`) has one `<failure>` listing
//! them all; other findings of the rule are listed in its `<system-out>`. A file
//! that cannot be read is a suite with one `<error>`.

use super::check::Outcome;
use super::outputs::{End, Format, Item};
use super::render::range;
use crate::analysis::config::{Config, Lang};
use crate::analysis::finding::{Finding, Severity};
use crate::analysis::rules::RULES;
use crate::tr;
use std::fmt::Write;
use std::io::{Seek, Write as _};

/// Whether `c` may appear in an XML 1.0 document.
fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Escapes text content; characters XML cannot carry become U+FFFD.
pub fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' => out.push_str("&#13;"),
            c if !xml_char(c) => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// Escapes an attribute value (quoted with `"`); line breaks and tabs are kept
/// as character references, which attribute normalisation leaves alone.
pub fn escape_attr(s: &str) -> String {
    escape_text(s)
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
        .replace('\n', "&#10;")
        .replace('\t', "&#9;")
}

fn enabled_rules(config: &Config) -> Vec<&'static str> {
    RULES
        .iter()
        .filter(|r| match config.rules.get(r.meta.id) {
            Some(level) => level.is_some(),
            None => r.meta.default.is_some(),
        })
        .map(|r| r.meta.id)
        .collect()
}

fn finding_line(path: &str, text: &str, a: &crate::analysis::Analysis, f: &Finding) -> String {
    let r = range(text, &a.report.lines, f.span);
    format!(
        "{path}:{}:{}: {}[{}] {}\n",
        r.line,
        r.column,
        f.severity.as_str(),
        f.rule,
        f.message
    )
}

struct Suite {
    xml: String,
    tests: usize,
    failures: usize,
    errors: usize,
}

fn checked_suite(
    path: &str,
    text: &str,
    a: &crate::analysis::Analysis,
    rules: &[&'static str],
    deny_warnings: bool,
    lang: Lang,
) -> Suite {
    let fails = |f: &Finding| {
        f.severity == Severity::Error || (deny_warnings && f.severity == Severity::Warning)
    };
    // Enabled rules, then any other rule that reported (e.g. turned on by configuration).
    let mut ids: Vec<&str> = rules.to_vec();
    for f in &a.findings {
        if !ids.contains(&f.rule) {
            ids.push(f.rule);
        }
    }
    let mut s = Suite {
        xml: String::new(),
        tests: ids.len(),
        failures: 0,
        errors: 0,
    };
    let p = escape_attr(path);
    for id in ids {
        let findings: Vec<&Finding> = a.findings.iter().filter(|f| f.rule == id).collect();
        let _ = write!(
            s.xml,
            "    <testcase name=\"{}\" classname=\"{p}\" file=\"{p}\" time=\"0\"",
            escape_attr(id)
        );
        if findings.is_empty() {
            s.xml.push_str("/>\n");
            continue;
        }
        s.xml.push_str(">\n");
        let (failing, other): (Vec<&Finding>, Vec<&Finding>) =
            findings.into_iter().partition(|f| fails(f));
        if let Some(first) = failing.first() {
            s.failures += 1;
            let message = if failing.len() == 1 {
                first.message.clone()
            } else {
                tr!(
                    lang,
                    format!("{} 个问题，第一个：{}", failing.len(), first.message),
                    format!("{} findings, the first: {}", failing.len(), first.message)
                )
            };
            let body: String = failing
                .iter()
                .map(|f| finding_line(path, text, a, f))
                .collect();
            let _ = writeln!(
                s.xml,
                "      <failure type=\"{}\" message=\"{}\">{}</failure>",
                escape_attr(id),
                escape_attr(&message),
                escape_text(&body)
            );
        }
        if !other.is_empty() {
            let body: String = other
                .iter()
                .map(|f| finding_line(path, text, a, f))
                .collect();
            let _ = writeln!(
                s.xml,
                "      <system-out>{}</system-out>",
                escape_text(&body)
            );
        }
        s.xml.push_str("    </testcase>\n");
    }
    s
}

fn error_suite(path: &str, message: &str, lang: Lang) -> Suite {
    let p = escape_attr(path);
    Suite {
        xml: format!(
            "    <testcase name=\"{}\" classname=\"{p}\" file=\"{p}\" time=\"0\">\n      <error type=\"io\" message=\"{}\"/>\n    </testcase>\n",
            tr!(lang, "读取报告", "read the report"),
            escape_attr(message)
        ),
        tests: 1,
        failures: 0,
        errors: 1,
    }
}

/// `--format junit`, written as a batch streams: the suites go to a
/// temporary file as the reports are done (the root element, first, carries
/// their totals), then the document is written around them.
pub struct Junit {
    lang: Lang,
    rules: Vec<&'static str>,
    deny_warnings: bool,
    /// The suite of the problems not tied to a checked file.
    problems: Option<Suite>,
    suites: std::io::BufWriter<std::fs::File>,
    totals: (usize, usize, usize),
}

impl Junit {
    /// `problems` are those not tied to a checked file; they become one suite
    /// named `nianbao` with an error each.
    pub fn new(
        problems: &[String],
        config: &Config,
        deny_warnings: bool,
    ) -> std::io::Result<Junit> {
        let lang = config.lang;
        let mut j = Junit {
            lang,
            rules: enabled_rules(config),
            deny_warnings,
            problems: None,
            suites: std::io::BufWriter::new(tempfile::tempfile()?),
            totals: (0, 0, 0),
        };
        if !problems.is_empty() {
            let mut s = Suite {
                xml: String::new(),
                tests: problems.len(),
                failures: 0,
                errors: problems.len(),
            };
            for p in problems {
                let _ = writeln!(
                    s.xml,
                    "    <testcase name=\"{}\" classname=\"nianbao\" time=\"0\">\n      <error type=\"io\" message=\"{}\"/>\n    </testcase>",
                    tr!(lang, "读取输入", "read the input"),
                    escape_attr(p)
                );
            }
            j.count(&s);
            j.problems = Some(s);
        }
        Ok(j)
    }

    fn count(&mut self, s: &Suite) {
        let (t, f, e) = self.totals;
        self.totals = (t + s.tests, f + s.failures, e + s.errors);
    }

    fn suite_of(&self, path: &str, o: &Outcome) -> Option<Suite> {
        let lang = self.lang;
        Some(match o {
            Outcome::Skipped => return None,
            Outcome::Failed(msg) => error_suite(path, msg, lang),
            Outcome::Checked {
                text,
                analysis,
                fix_problem,
                ..
            } => {
                let deny = self.deny_warnings;
                let mut s = checked_suite(path, text, analysis, &self.rules, deny, lang);
                if let Some(e) = fix_problem {
                    let w = error_suite(path, e, lang);
                    s.xml.push_str(&w.xml);
                    s.tests += w.tests;
                    s.errors += w.errors;
                }
                s
            }
        })
    }
}

fn write_suite(out: &mut dyn std::io::Write, name: &str, s: &Suite) -> std::io::Result<()> {
    writeln!(
        out,
        "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"0\" time=\"0\">",
        escape_attr(name),
        s.tests,
        s.failures,
        s.errors
    )?;
    out.write_all(s.xml.as_bytes())?;
    out.write_all(b"  </testsuite>\n")
}

impl Format for Junit {
    fn report(&mut self, _out: &mut dyn std::io::Write, item: &Item) -> std::io::Result<()> {
        let Some(s) = self.suite_of(item.path, item.outcome) else {
            return Ok(());
        };
        self.count(&s);
        write_suite(&mut self.suites, item.path, &s)
    }

    fn finish(&mut self, out: &mut dyn std::io::Write, _end: &End) -> std::io::Result<()> {
        let (tests, failures, errors) = self.totals;
        out.write_all(b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")?;
        writeln!(
            out,
            "<testsuites name=\"nianbao\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\" time=\"0\">"
        )?;
        if let Some(s) = &self.problems {
            write_suite(out, "nianbao", s)?;
        }
        self.suites.flush()?;
        let file = self.suites.get_mut();
        file.seek(std::io::SeekFrom::Start(0))?;
        std::io::copy(file, out)?;
        out.write_all(b"</testsuites>\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_quotes_and_illegal_characters() {
        assert_eq!(escape_text("a<b>&c\r\n"), "a&lt;b&gt;&amp;c&#13;\n");
        assert_eq!(escape_text("x\u{1}y\u{FFFE}"), "x\u{FFFD}y\u{FFFD}");
        assert_eq!(
            escape_attr("say \"hi\" 'x'\n\t"),
            "say &quot;hi&quot; &apos;x&apos;&#10;&#9;"
        );
    }
}
