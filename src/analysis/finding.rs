//! Findings and their fixes, as the rules produce them: byte ranges and plain
//! text edits, no positions in any editor's units.

use crate::analysis::text::Span;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "error" => Some(Severity::Error),
            "warning" | "warn" => Some(Severity::Warning),
            "info" | "information" | "hint" => Some(Severity::Info),
            _ => None,
        }
    }
}

/// A text edit: replace `span` with `new_text`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Edit {
    pub span: Span,
    pub new_text: String,
}

impl Edit {
    pub fn replace(span: Span, new_text: impl Into<String>) -> Edit {
        Edit {
            span,
            new_text: new_text.into(),
        }
    }

    pub fn insert(at: usize, new_text: impl Into<String>) -> Edit {
        Edit::replace(Span::at(at), new_text)
    }
}

/// A fix a finding offers. `safe` fixes are what `--fix` and fix-all apply.
#[derive(Clone, Debug, PartialEq)]
pub struct Fix {
    pub title: String,
    pub safe: bool,
    pub edits: Vec<Edit>,
}

/// Another place that explains a finding (the cells of a broken sum).
#[derive(Clone, Debug, PartialEq)]
pub struct Related {
    pub span: Span,
    pub message: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    /// The rule's stable id (kebab-case).
    pub rule: &'static str,
    pub severity: Severity,
    pub span: Span,
    pub message: String,
    pub fixes: Vec<Fix>,
    pub related: Vec<Related>,
}
