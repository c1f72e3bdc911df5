//! The table of reports of `nianbao report` as CSV, for the spreadsheets in
//! which assessors collect their scores: one row per report (body and year
//! from its title, the file, the result, counts per level and per rule), in
//! the form Excel and WPS open directly — UTF-8 with a byte-order mark (else
//! they read it as the local code page and the Chinese is garbled), CRLF line
//! ends, RFC 4180 quoting. Written by `--csv FILE`, and embedded in the HTML
//! page for its download button, so both give the same bytes.

use super::check::Outcome;
use crate::analysis::config::Lang;
use crate::analysis::finding::Severity;
use crate::analysis::rules::RULES;
use crate::tr;
use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Seek, SeekFrom, Write};

/// The byte-order mark that tells Excel and WPS the file is UTF-8.
pub const BOM: &str = "\u{FEFF}";

/// How a report came out, in the order of the summary: a partition.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    Errors,
    OnlyWarnings,
    Passed,
    Unreadable,
}

impl Status {
    /// The report's status by its findings' severities.
    pub fn of(severities: impl Iterator<Item = Severity>) -> Status {
        let mut status = Status::Passed;
        for s in severities {
            match s {
                Severity::Error => return Status::Errors,
                Severity::Warning => status = Status::OnlyWarnings,
                Severity::Info => {}
            }
        }
        status
    }

    /// The stable id used in the page (`data-status`).
    pub fn id(self) -> &'static str {
        match self {
            Status::Errors => "fail",
            Status::OnlyWarnings => "warn",
            Status::Passed => "pass",
            Status::Unreadable => "unreadable",
        }
    }

    pub fn name(self, lang: Lang) -> &'static str {
        match self {
            Status::Errors => tr!(lang, "有错误", "errors"),
            Status::OnlyWarnings => tr!(lang, "仅有警告", "warnings only"),
            Status::Passed => tr!(lang, "通过", "passed"),
            Status::Unreadable => tr!(lang, "无法读取", "unreadable"),
        }
    }
}

/// The body and year a report names in its title ("" when it has none).
pub fn body_and_year(outcome: &Outcome) -> (String, Option<u16>) {
    match outcome {
        Outcome::Checked { analysis, .. } => match &analysis.report.title {
            Some(t) => (t.body.trim().to_string(), t.year),
            None => (String::new(), None),
        },
        _ => (String::new(), None),
    }
}

/// The first columns' headings.
pub fn head(lang: Lang) -> [&'static str; 8] {
    tr!(
        lang,
        [
            "机关名称",
            "年度",
            "文件",
            "结果",
            "错误",
            "警告",
            "提示",
            "可自动修复"
        ],
        [
            "Body", "Year", "File", "Result", "Errors", "Warnings", "Infos", "Fixable"
        ]
    )
}

/// The last column's heading.
pub fn note_head(lang: Lang) -> &'static str {
    tr!(lang, "说明", "Note")
}

/// The whole table, with its byte-order mark: [`CsvWriter`] into memory.
pub fn render(outcomes: &[(String, Outcome)], lang: Lang) -> String {
    let bytes = write(Vec::new(), outcomes, lang).expect("writing to memory does not fail");
    String::from_utf8(bytes).expect("the table is UTF-8")
}

/// The table of a batch already checked, written to `out`.
pub fn write<W: Write>(out: W, outcomes: &[(String, Outcome)], lang: Lang) -> io::Result<W> {
    let mut csv = CsvWriter::new(lang)?;
    for (path, o) in outcomes {
        csv.report(path, o)?;
    }
    csv.finish(out)
}

/// The table written one report at a time, keeping none of them: its columns
/// (the rules with findings in the batch, in catalog order) are known only at
/// the end, so each row waits in a temporary file (its fields already written
/// as CSV, its counts for every rule of the catalog), and
/// [`CsvWriter::finish`] writes the heading and the rows with the columns of
/// the rules met.
pub struct CsvWriter {
    lang: Lang,
    spill: BufWriter<File>,
    rules_seen: Vec<bool>,
    /// The row being written (reused).
    row: Vec<u8>,
}

impl CsvWriter {
    pub fn new(lang: Lang) -> io::Result<CsvWriter> {
        Ok(CsvWriter {
            lang,
            spill: BufWriter::new(tempfile::tempfile()?),
            rules_seen: vec![false; RULES.len()],
            row: Vec::new(),
        })
    }

    /// One report's row (nothing for a skipped file).
    pub fn report(&mut self, path: &str, outcome: &Outcome) -> io::Result<()> {
        let lang = self.lang;
        let (cells, counts, note) = match outcome {
            Outcome::Skipped => return Ok(()),
            Outcome::Failed(msg) => {
                let mut cells = vec![String::new(); 8];
                cells[2] = path.to_string();
                cells[3] = Status::Unreadable.name(lang).to_string();
                (cells, None, msg.as_str())
            }
            Outcome::Checked { analysis, .. } => {
                let f = &analysis.findings;
                let n = |s| f.iter().filter(|x| x.severity == s).count().to_string();
                let (body, year) = body_and_year(outcome);
                let cells = vec![
                    body,
                    year.map(|y| y.to_string()).unwrap_or_default(),
                    path.to_string(),
                    Status::of(f.iter().map(|x| x.severity))
                        .name(lang)
                        .to_string(),
                    n(Severity::Error),
                    n(Severity::Warning),
                    n(Severity::Info),
                    f.iter()
                        .filter(|x| x.fixes.iter().any(|fix| fix.safe))
                        .count()
                        .to_string(),
                ];
                let mut counts = vec![0u32; RULES.len()];
                for x in f {
                    if let Some(i) = RULES.iter().position(|r| r.meta.id == x.rule) {
                        counts[i] += 1;
                        self.rules_seen[i] = true;
                    }
                }
                (cells, Some(counts), "")
            }
        };
        // The record: the first fields as CSV, the counts (none for an
        // unreadable file: empty cells), the note.
        self.row.clear();
        let mut first = String::new();
        line(&mut first, &cells);
        first.truncate(first.len() - 2);
        put_bytes(&mut self.row, first.as_bytes());
        match counts {
            Some(c) => {
                self.row.push(1);
                for n in c {
                    self.row.extend_from_slice(&n.to_le_bytes());
                }
            }
            None => self.row.push(0),
        }
        put_bytes(&mut self.row, field(note).as_bytes());
        self.spill.write_all(&self.row)
    }

    /// Writes the whole table to `out` (flushed) and gives it back.
    pub fn finish<W: Write>(self, mut out: W) -> io::Result<W> {
        let lang = self.lang;
        let columns: Vec<usize> = (0..RULES.len()).filter(|&i| self.rules_seen[i]).collect();
        let mut heading: Vec<String> = head(lang).iter().map(|s| s.to_string()).collect();
        heading.extend(columns.iter().map(|&i| {
            let r = &RULES[i].meta;
            format!("{}（{}）", r.name(lang), r.id)
        }));
        heading.push(note_head(lang).to_string());
        let mut text = String::from(BOM);
        line(&mut text, &heading);
        out.write_all(text.as_bytes())?;
        let mut spill = self.spill.into_inner().map_err(|e| e.into_error())?;
        spill.seek(SeekFrom::Start(0))?;
        let mut spill = BufReader::new(spill);
        let mut counts = vec![0u8; 4 * RULES.len()];
        while let Some(first) = get_bytes(&mut spill)? {
            out.write_all(&first)?;
            let mut kind = [0u8];
            spill.read_exact(&mut kind)?;
            if kind[0] == 1 {
                spill.read_exact(&mut counts)?;
            }
            for &i in &columns {
                out.write_all(b",")?;
                if kind[0] == 1 {
                    let n = u32::from_le_bytes(counts[4 * i..4 * i + 4].try_into().unwrap());
                    write!(out, "{n}")?;
                }
            }
            let note = get_bytes(&mut spill)?.unwrap_or_default();
            out.write_all(b",")?;
            out.write_all(&note)?;
            out.write_all(b"\r\n")?;
        }
        out.flush()?;
        Ok(out)
    }
}

/// A length-prefixed byte string of the spill.
fn put_bytes(out: &mut Vec<u8>, b: &[u8]) {
    out.extend_from_slice(&(b.len() as u32).to_le_bytes());
    out.extend_from_slice(b);
}

/// The next length-prefixed byte string, `None` at the end of the spill.
fn get_bytes(r: &mut impl Read) -> io::Result<Option<Vec<u8>>> {
    let mut len = [0u8; 4];
    match r.read_exact(&mut len) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => return Ok(None),
        Err(e) => return Err(e),
    }
    let mut b = vec![0u8; u32::from_le_bytes(len) as usize];
    r.read_exact(&mut b)?;
    Ok(Some(b))
}

/// One CSV record, CRLF-terminated.
fn line(out: &mut String, cells: &[String]) {
    for (i, c) in cells.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&field(c));
    }
    out.push_str("\r\n");
}

/// Whether a field would be taken for a formula and gets a `'` first.
pub fn needs_guard(s: &str) -> bool {
    s.starts_with(['=', '+', '-', '@', '\t', '\r']) && s.parse::<f64>().is_err()
}

/// A field, quoted when it must be (RFC 4180); text that a spreadsheet would
/// take for a formula (`=`, `+`, `-`, `@` first: a file name can be anything)
/// is prefixed with `'`, as OWASP advises against CSV injection.
fn field(s: &str) -> String {
    let guarded = if needs_guard(s) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if guarded.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_and_guarded() {
        assert_eq!(field("临渭区"), "临渭区");
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("two\nlines"), "\"two\nlines\"");
        assert_eq!(field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(field("-12"), "-12");
        assert_eq!(field("@SUM(A1)"), "'@SUM(A1)");
    }

    #[test]
    fn status_partitions_by_the_worst_finding() {
        use Severity::*;
        assert_eq!(
            Status::of([Info, Warning].into_iter()),
            Status::OnlyWarnings
        );
        assert_eq!(Status::of([Warning, Error].into_iter()), Status::Errors);
        assert_eq!(Status::of([Info].into_iter()), Status::Passed);
        assert_eq!(Status::of([].into_iter()), Status::Passed);
    }
}
