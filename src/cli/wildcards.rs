//! Wildcards in the paths given on the command line. Shells on Unix expand
//! them before nianbao runs; `cmd.exe` and PowerShell do not, so on Windows
//! `nianbao check 报告\*.docx` arrives as it was typed. A path that does not
//! exist and has `*`, `?` or `[` is expanded here, on every system alike:
//! `\` and `/` both separate folders, `**` crosses folders, and only report
//! files (by extension) match.

use globset::GlobBuilder;
use std::path::{Path, PathBuf};

/// The files `pattern` names, sorted; `None` when it has no wildcard.
pub fn expand(pattern: &Path) -> Option<Vec<PathBuf>> {
    let text = pattern.to_string_lossy().replace('\\', "/");
    if !text.contains(['*', '?', '[']) {
        return None;
    }
    let glob = GlobBuilder::new(&text)
        .literal_separator(true)
        .backslash_escape(false)
        .build()
        .ok()?
        .compile_matcher();
    // Walk from the folders before the first wildcard.
    let fixed: Vec<&str> = text
        .split('/')
        .take_while(|part| !part.contains(['*', '?', '[']))
        .collect();
    let base = match fixed.join("/") {
        b if b.is_empty() && text.starts_with('/') => "/".to_string(),
        b if b.is_empty() => ".".to_string(),
        b => b,
    };
    let mut found = Vec::new();
    let _ = super::check::walk(Path::new(&base), &mut found, &mut 0);
    let mut out: Vec<PathBuf> = found
        .into_iter()
        .filter(|p| {
            // Matched without a leading "./" the walk adds for ".".
            let s = p.to_string_lossy().replace('\\', "/");
            glob.is_match(s.strip_prefix("./").unwrap_or(&s))
        })
        .collect();
    out.sort();
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_expand_with_either_separator() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::create_dir_all(d.join("报告/2023")).unwrap();
        for f in ["报告/a.txt", "报告/b.docx", "报告/c.png", "报告/2023/d.txt"] {
            std::fs::write(d.join(f), "x").unwrap();
        }
        let names = |pattern: String| {
            expand(Path::new(&pattern))
                .unwrap()
                .iter()
                .map(|p| {
                    p.strip_prefix(d)
                        .unwrap()
                        .to_string_lossy()
                        .replace('\\', "/")
                })
                .collect::<Vec<_>>()
        };
        let root = d.to_string_lossy().replace('\\', "/");
        assert_eq!(
            names(format!("{root}/报告/*")),
            ["报告/a.txt", "报告/b.docx"]
        );
        assert_eq!(names(format!("{root}\\报告\\*.txt")), ["报告/a.txt"]);
        assert_eq!(
            names(format!("{root}/报告/**/*.txt")),
            ["报告/2023/d.txt", "报告/a.txt"]
        );
        assert_eq!(names(format!("{root}/报告/?.docx")), ["报告/b.docx"]);
        assert!(expand(Path::new("报告/a.txt")).is_none());
    }
}
