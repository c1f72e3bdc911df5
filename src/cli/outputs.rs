//! The outputs of `nianbao check`, written report by report as a batch
//! streams (`batch::run`): each format is a [`Format`] that writes a report's
//! part when it is done and keeps only small totals, then writes its end
//! (summary, statistics, notes, or the totals a header needs). The human and
//! JSON formats are here; SARIF, JUnit and GitHub in their own modules.

use super::CheckArgs;
use super::check::{Input, Outcome, RunNotes};
use super::render::{self, Counts, Style};
use super::review::{self, Review, Reviewed};
use super::stats::{self, Statistics};
use crate::analysis::config::Lang;
use crate::tr;
use std::io::{self, Write};

/// What a format's end needs, once every report is done.
pub struct End<'a> {
    pub st: &'a Statistics,
    pub review: &'a Review,
    pub notes: &'a RunNotes,
}

/// A report, as the formats see it.
pub struct Item<'a> {
    pub input: &'a Input,
    pub path: &'a str,
    pub outcome: &'a Outcome,
    pub reviewed: &'a Reviewed,
}

/// An output format written as a batch streams (on a worker thread).
pub trait Format: Send {
    /// What comes before the first report.
    fn start(&mut self, _out: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }
    fn report(&mut self, out: &mut dyn Write, item: &Item) -> io::Result<()>;
    fn finish(&mut self, out: &mut dyn Write, end: &End) -> io::Result<()>;
}

/// The report for people: the findings (full, or one line each with
/// `--quiet`), or the per-rule table (`--statistics`); a batch ends with the
/// summary table; then the summary line (not with `--quiet`).
pub struct Human {
    pub quiet: bool,
    pub statistics: bool,
    pub show_dismissed: bool,
    pub fix: bool,
    pub lang: Lang,
    pub style: Style,
    counts: Counts,
    skipped: usize,
}

impl Human {
    pub fn new(args: &CheckArgs, lang: Lang, style: Style) -> Human {
        Human {
            quiet: args.quiet,
            statistics: args.statistics,
            show_dismissed: args.show_dismissed,
            fix: args.fix,
            lang,
            style,
            counts: Counts::default(),
            skipped: 0,
        }
    }

    fn findings(&self, item: &Item, s: &mut String) {
        let Outcome::Checked {
            text,
            map,
            analysis,
            fixed,
            ..
        } = item.outcome
        else {
            return;
        };
        let (path, lang, style) = (item.path, self.lang, self.style);
        if self.quiet {
            render::concise(path, text, analysis, map.as_ref(), lang, s);
            return;
        }
        render::human(path, text, analysis, map.as_ref(), lang, style, s);
        if self.show_dismissed {
            for d in &item.reviewed.dismissed {
                let note = review::dismissed_note(d, lang);
                let m = map.as_ref();
                render::human_noted(path, text, analysis, m, &d.finding, &note, lang, style, s);
            }
        }
        if self.fix && *fixed > 0 && path != "<stdin>" {
            let path = render::clean(path);
            let left = analysis.findings.len();
            s.push_str(&tr!(
                lang,
                format!("{path}: 已修复 {fixed} 处，剩余 {left} 个问题\n\n"),
                format!("{path}: fixed {fixed} place(s), {left} finding(s) left\n\n")
            ));
        }
    }
}

impl Format for Human {
    fn report(&mut self, out: &mut dyn Write, item: &Item) -> io::Result<()> {
        match item.outcome {
            Outcome::Skipped => self.skipped += 1,
            Outcome::Failed(_) => {}
            Outcome::Checked { analysis, .. } => {
                self.counts.add(item.path, &analysis.findings);
                if !self.statistics {
                    let mut s = String::new();
                    self.findings(item, &mut s);
                    out.write_all(s.as_bytes())?;
                }
            }
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, end: &End) -> io::Result<()> {
        let (lang, st, review) = (self.lang, end.st, end.review);
        let mut s = String::new();
        let mut counts = self.counts;
        counts.infos += review.notes.len();
        review::human_notes(review, self.quiet, self.style, &mut s);
        if self.statistics || (!self.quiet && st.reports > 1) {
            let table = stats::render(st, lang);
            s.push_str(&table);
            if !self.quiet && !table.is_empty() {
                s.push('\n');
            }
        }
        if !self.quiet {
            s.push_str(&render::summary(lang, st.reports, counts, self.style));
            s.push_str(&review::summary_suffix(review, self.show_dismissed, lang));
            if self.skipped > 0 {
                let n = self.skipped;
                s.push_str(&tr!(
                    lang,
                    format!("，跳过 {n} 个非报告文件"),
                    format!(", {n} non-report file(s) skipped")
                ));
            }
            s.push_str(&end.notes.summary(lang));
            s.push('\n');
            if let Some(line) = review::baseline_line(review, lang) {
                s.push_str(&line);
                s.push('\n');
            }
            s.push_str(&end.notes.configs_line(lang));
        }
        out.write_all(s.as_bytes())
    }
}

/// `--format json`: `{"version":1,"files":[…],…}`, the files written one by
/// one, the statistics, dismissed count and baseline after them.
pub struct Json {
    pub lang: Lang,
    pub show_dismissed: bool,
    pub statistics: bool,
    files: usize,
    /// A file's JSON, made in memory and written at once (serde's many small
    /// writes through `dyn Write` cost more than the copy).
    buf: Vec<u8>,
}

/// The JSON document up to its first file.
const JSON_HEAD: &str = "{\"version\":1,\"files\":[";

impl Json {
    pub fn new(lang: Lang, show_dismissed: bool, statistics: bool) -> Json {
        Json {
            lang,
            show_dismissed,
            statistics,
            files: 0,
            buf: Vec::new(),
        }
    }

    fn file(&mut self, out: &mut dyn Write, file: &render::JsonFile) -> io::Result<()> {
        if self.files > 0 {
            out.write_all(b",")?;
        }
        self.files += 1;
        self.buf.clear();
        serde_json::to_writer(&mut self.buf, file).map_err(io::Error::other)?;
        out.write_all(&self.buf)
    }
}

impl Format for Json {
    fn start(&mut self, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(JSON_HEAD.as_bytes())
    }

    fn report(&mut self, out: &mut dyn Write, item: &Item) -> io::Result<()> {
        let path_bytes = item.input.path().and_then(render::path_bytes);
        let file = match item.outcome {
            Outcome::Skipped => return Ok(()),
            Outcome::Failed(msg) => render::JsonFile {
                path: item.path.into(),
                path_bytes,
                diagnostics: Vec::new(),
                error: Some(msg),
                dismissed: None,
            },
            Outcome::Checked {
                text,
                map,
                analysis,
                ..
            } => {
                let (m, lang) = (map.as_ref(), self.lang);
                let fps = &item.reviewed.fingerprints;
                let mut file = render::json_file_with(item.path, text, analysis, m, lang, fps);
                file.path_bytes = path_bytes;
                if self.show_dismissed {
                    let d = &item.reviewed.dismissed;
                    file.dismissed = Some(review::json_dismissed(d, text, analysis, m, lang));
                }
                file
            }
        };
        self.file(out, &file)
    }

    fn finish(&mut self, out: &mut dyn Write, end: &End) -> io::Result<()> {
        for file in review::json_notes(end.review) {
            self.file(out, &file)?;
        }
        let doc = render::JsonOutput {
            version: 1,
            files: Vec::new(),
            statistics: self.statistics.then(|| end.st.clone()),
            dismissed: end.review.dismissed_count(),
            baseline: end.review.baseline.clone().map(Into::into),
        };
        let whole = serde_json::to_string(&doc).map_err(io::Error::other)?;
        // What follows the (empty) list of files.
        let tail = whole.strip_prefix(JSON_HEAD).unwrap_or("]}");
        out.write_all(tail.as_bytes())?;
        out.write_all(b"\n")
    }
}
