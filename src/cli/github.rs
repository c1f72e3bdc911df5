//! `--format github`: GitHub Actions workflow commands, one line per finding,
//! which the runner turns into annotations on the pull request:
//!
//! `::error file=F,line=L,col=C,endLine=L2,endColumn=C2,title=RULE::MESSAGE`
//!
//! Levels: error → `error`, warning → `warning`, info → `notice`. Values are
//! escaped as the runner expects: in the message `%`, CR and LF; in properties
//! also `:` and `,`.

use super::check::Outcome;
use super::outputs::{End, Format, Item};
use super::render::range;
use crate::analysis::finding::Severity;
use std::io::{self, Write};

fn command(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
}

/// Escapes the message (data) of a workflow command.
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value of a workflow command.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// `--format github`: the workflow commands of a check, report by report.
/// `problems` are those not tied to a checked file; each becomes an
/// `::error::` line first.
pub struct Github<'a> {
    pub problems: &'a [String],
}

impl Format for Github<'_> {
    fn start(&mut self, out: &mut dyn Write) -> io::Result<()> {
        for p in self.problems {
            writeln!(out, "::error title=nianbao::{}", escape_data(p))?;
        }
        Ok(())
    }

    fn report(&mut self, out: &mut dyn Write, item: &Item) -> io::Result<()> {
        let file = escape_property(item.path);
        match item.outcome {
            Outcome::Skipped => {}
            Outcome::Failed(msg) => {
                writeln!(
                    out,
                    "::error file={file},title=nianbao::{}",
                    escape_data(msg)
                )?;
            }
            Outcome::Checked {
                text,
                analysis,
                fix_problem,
                ..
            } => {
                if let Some(e) = fix_problem {
                    writeln!(out, "::error file={file},title=nianbao::{}", escape_data(e))?;
                }
                for f in &analysis.findings {
                    let r = range(text, &analysis.report.lines, f.span);
                    writeln!(
                        out,
                        "::{} file={file},line={},col={},endLine={},endColumn={},title={}::{}",
                        command(f.severity),
                        r.line,
                        r.column,
                        r.end_line,
                        r.end_column,
                        escape_property(f.rule),
                        escape_data(&f.message),
                    )?;
                }
            }
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, end: &End) -> io::Result<()> {
        out.write_all(super::review::github_notes(end.review).as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(escape_data("50% a\r\nb: c, d"), "50%25 a%0D%0Ab: c, d");
        assert_eq!(
            escape_property("r,1:2%.txt\n"),
            "r%2C1%3A2%25.txt%0A",
            "% is escaped first, so escapes are not escaped twice"
        );
    }
}
