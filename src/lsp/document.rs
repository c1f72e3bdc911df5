//! An open document: its text in a rope, its version, and the per-line
//! classification (stage 1 of parsing) kept up to date edit by edit.
//!
//! An edit re-classifies only the lines it touches (plus one line on each side,
//! for line breaks that merge or split, `\r` + `\n`); assembling the report from
//! the classified lines and running the rules then takes a fraction of a full
//! parse. The result equals a full parse of the final text (property-tested).

use crate::analysis::config::Config;
use crate::analysis::syntax::line::{LineInfo, classify};
use crate::analysis::{Analysis, analyze_lines};
use ropey::Rope;
use std::borrow::Cow;
use std::sync::Arc;

pub struct Document {
    rope: Rope,
    lines: Vec<LineInfo>,
    pub version: i32,
    /// The analysis of `version` with the configuration it was made with.
    cache: Option<(i32, Config, Arc<Analysis>)>,
    /// The same with the findings across years, against the version of last
    /// year's report named by the stamp.
    with_years: Option<(i32, Config, String, Arc<Analysis>)>,
}

/// Classifies rope line `i`: its content without the terminator.
fn classify_rope_line(rope: &Rope, i: usize) -> LineInfo {
    let slice = rope.line(i);
    let s: Cow<str> = slice.into();
    let (content, term) = if let Some(c) = s.strip_suffix("\r\n") {
        (c, 2)
    } else if let Some(c) = s.strip_suffix('\n').or_else(|| s.strip_suffix('\r')) {
        (c, 1)
    } else {
        (&s[..], 0)
    };
    classify(content, term)
}

impl Document {
    pub fn new(text: &str, version: i32) -> Document {
        let rope = Rope::from_str(text);
        let lines = crate::analysis::syntax::line::classify_all(text);
        debug_assert_eq!(lines.len(), rope.len_lines());
        Document {
            rope,
            lines,
            version,
            cache: None,
            with_years: None,
        }
    }

    pub fn rope(&self) -> &Rope {
        &self.rope
    }

    pub fn lines(&self) -> &[LineInfo] {
        &self.lines
    }

    pub fn text(&self) -> String {
        self.rope.to_string()
    }

    /// Replaces the whole text.
    pub fn replace_all(&mut self, text: &str) {
        *self = Document::new(text, self.version);
    }

    /// Replaces the characters `start..end` (char indices, clamped) by `text`,
    /// re-classifying only the lines around the edit.
    pub fn edit(&mut self, start: usize, end: usize, text: &str) {
        let len = self.rope.len_chars();
        let (mut start, mut end) = (start.min(len), end.min(len));
        if start > end {
            std::mem::swap(&mut start, &mut end);
        }
        let old_lines = self.rope.len_lines();
        let first = self.rope.char_to_line(start).saturating_sub(1);
        let old_last = (self.rope.char_to_line(end) + 1).min(old_lines - 1);
        // Lines after `old_last` are untouched by the edit.
        let tail = old_lines - 1 - old_last;
        if start < end {
            self.rope.remove(start..end);
        }
        if !text.is_empty() {
            self.rope.insert(start, text);
        }
        let new_lines = self.rope.len_lines();
        let new_last = new_lines - 1 - tail;
        let fresh: Vec<LineInfo> = (first..=new_last)
            .map(|i| classify_rope_line(&self.rope, i))
            .collect();
        self.lines.splice(first..=old_last, fresh);
        debug_assert_eq!(self.lines.len(), new_lines);
        self.cache = None;
    }

    /// The analysis of the current version with `config` (computed once per
    /// version and configuration).
    pub fn analysis(&mut self, config: &Config) -> Arc<Analysis> {
        if let Some((v, c, a)) = &self.cache {
            if *v == self.version && c == config {
                return a.clone();
            }
        }
        let rope = &self.rope;
        let prefix = |i: usize, n: usize| -> Cow<str> {
            let at = rope.line_to_byte(i);
            let end = (at + n).min(rope.len_bytes());
            // Byte offsets from the classifier fall on char boundaries.
            match rope.get_byte_slice(at..end) {
                Some(s) => s.into(),
                None => Cow::Borrowed(""),
            }
        };
        let a = Arc::new(analyze_lines(&self.lines, &prefix, config));
        self.cache = Some((self.version, config.clone(), a.clone()));
        a
    }

    /// The body and year of the report, from its last analysis.
    pub fn key(&self) -> Option<crate::lsp::workspace::Key> {
        let (_, _, a) = self.cache.as_ref()?;
        crate::analysis::previous::key_of(&a.report)
    }

    /// The last analysis, whatever its version.
    pub fn last_analysis(&self) -> Option<Arc<Analysis>> {
        self.cache.as_ref().map(|(_, _, a)| a.clone())
    }

    /// The analysis with the findings across years, if it was made for the
    /// current version, `config` and the version of last year's report `stamp`.
    pub fn with_years(&self, config: &Config, stamp: &str) -> Option<Arc<Analysis>> {
        match &self.with_years {
            Some((v, c, s, a)) if *v == self.version && c == config && s == stamp => {
                Some(a.clone())
            }
            _ => None,
        }
    }

    pub fn set_with_years(&mut self, config: &Config, stamp: String, a: Arc<Analysis>) {
        self.with_years = Some((self.version, config.clone(), stamp, a));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::syntax::line::classify_all;

    fn check(doc: &Document) {
        let text = doc.text();
        assert_eq!(
            doc.lines(),
            classify_all(&text).as_slice(),
            "text: {text:?}"
        );
    }

    /// A claim whose sentence began on the line before takes its subject from
    /// that line's tail and its own line's words, which the document reads
    /// from its rope (the lines do not keep them).
    #[test]
    fn claims_across_lines_read_the_rope() {
        use crate::analysis::syntax::claims::Target;
        let text = "一、总体情况\r\n本年度我局收到政府信息公开\r\n申请，全年共 14 件，均已办结。\n";
        let mut d = Document::new(text, 1);
        let config = Config::default();
        let a = d.analysis(&config);
        let full = crate::analysis::analyze(text, &config);
        assert_eq!(a.report.claims, full.report.claims);
        assert_eq!(a.report.claims.len(), 1);
        assert_eq!(a.report.claims[0].target, Some(Target::New));
        // The same after an edit on the line before.
        let at = d.rope().line_to_char(1);
        d.edit(at, at, "　");
        d.version = 2;
        let text = d.text();
        let a = d.analysis(&config);
        assert_eq!(
            a.report.claims,
            crate::analysis::analyze(&text, &config).report.claims
        );
        assert_eq!(a.report.claims[0].target, Some(Target::New));
    }

    #[test]
    fn edits_keep_lines_equal_to_a_full_parse() {
        let mut d = Document::new("一、总体情况\n（一）予以公开\t6\t1\r\nb\rc", 1);
        check(&d);
        d.edit(0, 0, "标题\n");
        check(&d);
        // Split a CRLF, merge it again.
        let crlf = d.text().chars().position(|c| c == '\r').unwrap();
        d.edit(crlf + 1, crlf + 1, "x");
        check(&d);
        d.edit(crlf + 1, crlf + 2, "");
        check(&d);
        // Insert a \n right after a lone \r: they become one break.
        let cr = d.text().rfind('\r').unwrap();
        let cr = d.text()[..cr].chars().count();
        d.edit(cr + 1, cr + 1, "\n");
        check(&d);
        // Delete everything, then out-of-range positions.
        let n = d.rope().len_chars();
        d.edit(0, n, "");
        check(&d);
        d.edit(99, 5, "a\nb");
        check(&d);
    }
}
