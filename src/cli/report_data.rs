//! The compact data of the assessor's page (`report_html.rs`): one JSON array,
//! `<script type="application/json" id="nb-rows">`, written one report at a
//! time. Strings that repeat across reports (rule ids, the folders of paths,
//! message and place templates, fingerprints, dismissal reasons) are interned: the first
//! time one is met it is written as a bare string element of the array (the
//! page's script appends it to its table of strings), and from then on each
//! use is its number in that table. Every other element is a report's row:
//!
//! - checked: `[status, folder, file, body, year, errors, warnings, infos,
//!   fixable, guard, findings, dismissed]`, a finding `[rule, severity, place,
//!   message, fingerprint]`, a dismissed one the same with `reason, source`;
//! - unreadable: `[3, folder, file, message, guard]`.
//!
//! Status 0 fail, 1 warn, 2 pass, 3 unreadable; severity 0 error, 1 warning,
//! 2 info. A text slot (place, message) is a template with its digit runs cut
//! out, `[template, n1, n2, …]` (`"第\u0001行 第\u0001列"`, 36, 14), or the
//! template alone when it has none. An interned slot is a number, or a plain
//! string once the table is full ([`MAX_STRINGS`], [`MAX_BYTES`]: the writer's
//! memory stays bounded whatever the batch). `guard` has bit 0 (body), 1
//! (path), 2 (note) set for CSV fields a spreadsheet would take for a formula
//! (`report_csv::needs_guard`), so the page's export gives the bytes of
//! `--csv`. Every `<` is written `\u003c`, so no text can close the script.

use std::collections::HashMap;
use std::fmt::Write;

/// Most strings interned; later new strings are written in full where used.
pub const MAX_STRINGS: usize = 1 << 16;
/// Most bytes of interned strings kept by the writer.
pub const MAX_BYTES: usize = 8 << 20;

/// The marker of a cut-out digit run in a template.
const HOLE: char = '\u{1}';

/// The strings already given a number, and the definitions a row about to be
/// written introduces.
#[derive(Default)]
pub struct Interner {
    ids: HashMap<String, u32>,
    bytes: usize,
    /// New strings of the current row, as JSON elements each followed by ','.
    pub defs: String,
}

impl Interner {
    /// Writes `s` to `out` as its number (defining it when new) or, with the
    /// table full, as a plain string.
    pub fn put(&mut self, out: &mut String, s: &str) {
        if let Some(id) = self.ids.get(s) {
            let _ = write!(out, "{id}");
            return;
        }
        if self.ids.len() >= MAX_STRINGS || self.bytes + s.len() > MAX_BYTES {
            json_str(out, s);
            return;
        }
        let id = self.ids.len() as u32;
        self.ids.insert(s.to_string(), id);
        self.bytes += s.len();
        json_str(&mut self.defs, s);
        self.defs.push(',');
        let _ = write!(out, "{id}");
    }

    /// Writes a text as its template (interned) and its digit runs.
    pub fn put_text(&mut self, out: &mut String, s: &str) {
        if s.contains(HOLE) {
            json_str(out, s);
            return;
        }
        let (template, runs) = cut_digits(s);
        if runs.is_empty() {
            self.put(out, &template);
            return;
        }
        out.push('[');
        self.put(out, &template);
        for r in runs {
            out.push(',');
            number_or_string(out, r);
        }
        out.push(']');
    }
}

/// `s` with each run of ASCII digits replaced by [`HOLE`], and the runs.
fn cut_digits(s: &str) -> (String, Vec<&str>) {
    let mut template = String::with_capacity(s.len());
    let mut runs = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices() {
        match (c.is_ascii_digit(), start) {
            (true, None) => start = Some(i),
            (true, Some(_)) => {}
            (false, Some(b)) => {
                runs.push(&s[b..i]);
                template.push(HOLE);
                template.push(c);
                start = None;
            }
            (false, None) => template.push(c),
        }
    }
    if let Some(b) = start {
        runs.push(&s[b..]);
        template.push(HOLE);
    }
    (template, runs)
}

/// A digit run as a JSON number when the script gives it back exactly (no
/// leading zero, within a double's exact integers), else as a string.
fn number_or_string(out: &mut String, run: &str) {
    if run.len() <= 15 && (run == "0" || !run.starts_with('0')) {
        out.push_str(run);
    } else {
        json_str(out, run);
    }
}

/// A JSON string that is also safe inside an HTML `<script>` element.
pub fn json_str(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '<' => out.push_str("\\u003c"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// The folder part of a path (up to and including its last `/` or `\`) and
/// its file name.
pub fn split_path(path: &str) -> (&str, &str) {
    match path.rfind(['/', '\\']) {
        Some(i) => path.split_at(i + 1),
        None => ("", path),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_defined_once_then_numbered() {
        let mut i = Interner::default();
        let mut row = String::new();
        i.put(&mut row, "row-total");
        row.push(',');
        i.put(&mut row, "row-total");
        row.push(',');
        i.put(&mut row, "balance");
        assert_eq!(row, "0,0,1");
        assert_eq!(i.defs, "\"row-total\",\"balance\",");
    }

    #[test]
    fn texts_are_templates_and_digit_runs() {
        let mut i = Interner::default();
        let mut out = String::new();
        i.put_text(&mut out, "第36行 第14列");
        assert_eq!(out, "[0,36,14]");
        assert_eq!(i.defs, "\"第\\u0001行 第\\u0001列\",");
        out.clear();
        i.put_text(&mut out, "007 and 12345678901234567 end");
        assert_eq!(out, "[1,\"007\",\"12345678901234567\"]");
        out.clear();
        i.put_text(&mut out, "no digits");
        assert_eq!(out, "2");
        out.clear();
        i.put_text(&mut out, "x\u{1}9");
        assert_eq!(out, "\"x\\u00019\"");
    }

    #[test]
    fn nothing_closes_the_script() {
        let mut out = String::new();
        json_str(&mut out, "</script><!-- \"a\\b\"\u{7}");
        assert_eq!(out, "\"\\u003c/script>\\u003c!-- \\\"a\\\\b\\\"\\u0007\"");
    }

    #[test]
    fn the_table_is_bounded() {
        let mut i = Interner::default();
        let mut out = String::new();
        for n in 0..MAX_STRINGS + 3 {
            out.clear();
            i.put(&mut out, &format!("s{n}"));
        }
        assert_eq!(out, format!("\"s{}\"", MAX_STRINGS + 2));
        assert_eq!(i.ids.len(), MAX_STRINGS);
    }

    #[test]
    fn paths_split_at_their_last_separator() {
        assert_eq!(split_path("a/b/c.txt"), ("a/b/", "c.txt"));
        assert_eq!(split_path("c.txt"), ("", "c.txt"));
    }
}
