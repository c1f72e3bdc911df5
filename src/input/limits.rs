//! Input limits: how much of one input nianbao reads and builds, so that a
//! hostile or broken file (a zip or merged-cell bomb, an endless device, a page
//! nested a million deep) is answered within bounded time and memory.
//!
//! One [`Limits`] value is given to every reader (text, `.docx`, `.html`, `.pdf`) and
//! to the language server's workspace index. A file over `bytes`, `text` or
//! `cells` is refused with an [`InputError::TooLarge`] naming the limit and how
//! to raise it; content nested deeper than `depth` is read flat, as browsers
//! do, never refused.
//!
//! Raised per run with `--limit NAME=VALUE` or per project in `nianbao.toml`
//! (`[limits]`), for the rare real file above them.

use super::InputError;

/// The limits of one input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Bytes read from one input (a file, standard input, a device), and from
    /// one part of a `.docx` once uncompressed. Reading stops past it.
    pub bytes: u64,
    /// Bytes of report text made from one input: a text file once decoded, a
    /// document once converted (paragraphs, and table rows with their merged
    /// cells expanded).
    pub text: usize,
    /// Table cells of one document: the positions of all its tables' grids,
    /// a merged cell counted as the positions it covers (`gridSpan`,
    /// `colspan`, `rowspan`).
    pub cells: usize,
    /// Nodes of one document: the elements, runs of text and comments of a
    /// web page (as parsed, including the elements the parser adds), the
    /// paragraphs and table cells of a Word document.
    pub nodes: usize,
    /// Deepest nesting of elements read (web page elements; Word tables in
    /// cells and text boxes in paragraphs). Deeper content is read as the text
    /// of the element at this depth.
    pub depth: usize,
}

/// One of the limits, by the name users give it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Limit {
    Bytes,
    Text,
    Cells,
    Nodes,
    Depth,
}

impl Limit {
    pub const ALL: [Limit; 5] = [
        Limit::Bytes,
        Limit::Text,
        Limit::Cells,
        Limit::Nodes,
        Limit::Depth,
    ];

    /// The name in `--limit NAME=VALUE` and in `nianbao.toml`'s `[limits]`.
    pub fn name(self) -> &'static str {
        match self {
            Limit::Bytes => "bytes",
            Limit::Text => "text",
            Limit::Cells => "cells",
            Limit::Nodes => "nodes",
            Limit::Depth => "depth",
        }
    }

    pub fn parse(name: &str) -> Option<Limit> {
        Limit::ALL.into_iter().find(|l| l.name() == name)
    }

    /// Whether the limit is a size in bytes (given and shown with a unit).
    fn is_size(self) -> bool {
        matches!(self, Limit::Bytes | Limit::Text)
    }

    /// A value of this limit as people read it: "64 MB", "500000".
    pub fn show(self, value: u64) -> String {
        if !self.is_size() {
            return value.to_string();
        }
        for (unit, shift) in [("GB", 30), ("MB", 20), ("KB", 10)] {
            if value >= 1 << shift && value % (1 << shift) == 0 {
                return format!("{} {unit}", value >> shift);
            }
        }
        format!("{value} B")
    }
}

impl Default for Limits {
    fn default() -> Self {
        Limits::DEFAULT
    }
}

/// The largest nesting the readers follow by recursion, whatever `depth`
/// says: deeper content is read as text (it bounds the stack).
pub const MAX_RECURSION: usize = 1024;

impl Limits {
    /// Real reports are 5–10 KB of text with three tables of a few hundred
    /// cells; Word documents with pictures and PDFs reach a few MB.
    pub const DEFAULT: Limits = Limits {
        bytes: 32 << 20,
        text: 16 << 20,
        cells: 500_000,
        nodes: 500_000,
        depth: 512,
    };

    pub fn get(&self, limit: Limit) -> u64 {
        match limit {
            Limit::Bytes => self.bytes,
            Limit::Text => self.text as u64,
            Limit::Cells => self.cells as u64,
            Limit::Nodes => self.nodes as u64,
            Limit::Depth => self.depth as u64,
        }
    }

    pub fn set(&mut self, limit: Limit, value: u64) {
        let n = usize::try_from(value).unwrap_or(usize::MAX);
        match limit {
            Limit::Bytes => self.bytes = value,
            Limit::Text => self.text = n,
            Limit::Cells => self.cells = n,
            Limit::Nodes => self.nodes = n,
            Limit::Depth => self.depth = n,
        }
    }

    /// Applies `NAME=VALUE` (the `--limit` option).
    pub fn apply(&mut self, setting: &str) -> Result<(), String> {
        let (name, value) = setting
            .split_once('=')
            .ok_or_else(|| format!("expected NAME=VALUE, got \"{setting}\""))?;
        let limit = Limit::parse(name.trim()).ok_or_else(|| unknown_limit(name.trim()))?;
        self.set(limit, parse_value(limit, value.trim())?);
        Ok(())
    }

    /// An error when `n` bytes were read (more than `bytes`).
    pub fn check_bytes(&self, n: u64) -> Result<(), InputError> {
        if n > self.bytes {
            return Err(InputError::TooLarge(Limit::Bytes, self.bytes));
        }
        Ok(())
    }

    /// An error when a report text of `n` bytes is over `text`.
    pub fn check_text(&self, n: usize) -> Result<(), InputError> {
        if n > self.text {
            return Err(InputError::TooLarge(Limit::Text, self.text as u64));
        }
        Ok(())
    }

    /// An error when a document's tables hold `n` cells (more than `cells`).
    pub fn check_cells(&self, n: usize) -> Result<(), InputError> {
        if n > self.cells {
            return Err(InputError::TooLarge(Limit::Cells, self.cells as u64));
        }
        Ok(())
    }

    /// An error when a document has `n` nodes (more than `nodes`).
    pub fn check_nodes(&self, n: usize) -> Result<(), InputError> {
        if n > self.nodes {
            return Err(InputError::TooLarge(Limit::Nodes, self.nodes as u64));
        }
        Ok(())
    }
}

fn unknown_limit(name: &str) -> String {
    let names: Vec<&str> = Limit::ALL.iter().map(|l| l.name()).collect();
    format!("unknown limit \"{name}\" (one of: {})", names.join(", "))
}

/// A limit's value: a whole number, for `bytes` and `text` with an optional
/// unit K, M or G (powers of 1024; "KB", "MiB"… are accepted too).
pub fn parse_value(limit: Limit, value: &str) -> Result<u64, String> {
    let bad = || {
        if limit.is_size() {
            format!(
                "{}: invalid size \"{value}\" (a whole number of bytes, or with K, M or G: \"128M\")",
                limit.name()
            )
        } else {
            format!("{}: invalid number \"{value}\"", limit.name())
        }
    };
    let v = value.trim();
    let digits = v.find(|c: char| !c.is_ascii_digit()).unwrap_or(v.len());
    let (number, unit) = v.split_at(digits);
    let n: u64 = number.parse().map_err(|_| bad())?;
    let shift = match unit.trim().to_ascii_uppercase().as_str() {
        "" | "B" => 0,
        "K" | "KB" | "KIB" if limit.is_size() => 10,
        "M" | "MB" | "MIB" if limit.is_size() => 20,
        "G" | "GB" | "GIB" if limit.is_size() => 30,
        _ => return Err(bad()),
    };
    let n = n.checked_mul(1 << shift).ok_or_else(bad)?;
    if n == 0 {
        return Err(format!("{}: must be greater than 0", limit.name()));
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_with_units() {
        assert_eq!(parse_value(Limit::Bytes, "128M"), Ok(128 << 20));
        assert_eq!(parse_value(Limit::Bytes, "2 GiB"), Ok(2 << 30));
        assert_eq!(parse_value(Limit::Text, "512kb"), Ok(512 << 10));
        assert_eq!(parse_value(Limit::Cells, "2000000"), Ok(2_000_000));
        assert!(parse_value(Limit::Cells, "2M").is_err());
        assert!(parse_value(Limit::Depth, "0").is_err());
        assert!(parse_value(Limit::Bytes, "-1").is_err());
        assert!(parse_value(Limit::Bytes, "99999999999G").is_err());
        assert_eq!(Limit::Bytes.show(64 << 20), "64 MB");
        assert_eq!(Limit::Bytes.show(1000), "1000 B");
        assert_eq!(Limit::Cells.show(500_000), "500000");
    }

    #[test]
    fn settings() {
        let mut l = Limits::default();
        l.apply("bytes=1G").unwrap();
        l.apply("depth = 64").unwrap();
        assert_eq!((l.bytes, l.depth), (1 << 30, 64));
        assert!(
            l.apply("size=1")
                .unwrap_err()
                .contains("bytes, text, cells, nodes, depth")
        );
        assert!(l.apply("bytes").is_err());
        assert_eq!(
            l.check_text(l.text + 1),
            Err(InputError::TooLarge(Limit::Text, l.text as u64))
        );
        assert!(l.check_cells(l.cells).is_ok());
    }
}
